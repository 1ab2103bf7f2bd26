/**
 * Rewrites the README's generated tables from the core (between their marker comments):
 * the FelixConfiguration field-ownership table. `npm run generate` runs it; a test fails when the
 * README and the core disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownershipMarkdown } from '../lib/core';

const path = join(__dirname, '..', 'README.md');
const readme = readFileSync(path, 'utf8');
const start = '<!-- felix-field-ownership:start -->';
const end = '<!-- felix-field-ownership:end -->';
const a = readme.indexOf(start);
const b = readme.indexOf(end);
if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} markers`);
writeFileSync(path, `${readme.slice(0, a + start.length)}\n${ownershipMarkdown()}\n${readme.slice(b)}`);
console.log('README.md: ownership table updated');

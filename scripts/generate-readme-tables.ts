/**
 * Rewrites the README's generated tables from the core (between their marker comments): the
 * FelixConfiguration field-ownership table and the distribution presets table. `npm run generate`
 * runs it; tests fail when the README and the core disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distributionsMarkdown, ownershipMarkdown } from '../lib/core';

const path = join(__dirname, '..', 'README.md');
let readme = readFileSync(path, 'utf8');
const tables: Array<[string, string]> = [
  ['felix-field-ownership', ownershipMarkdown()],
  ['distributions', distributionsMarkdown()],
];
for (const [name, table] of tables) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} markers`);
  readme = `${readme.slice(0, a + start.length)}\n${table}\n${readme.slice(b)}`;
}
writeFileSync(path, readme);
console.log(`README.md: ${tables.map(([n]) => n).join(', ')} tables updated`);

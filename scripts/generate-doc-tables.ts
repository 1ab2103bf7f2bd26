/**
 * Rewrites the generated tables in docs/ from the core (between their marker comments): the
 * FelixConfiguration field-ownership table (docs/meshes.md) and the distribution presets table
 * (docs/distributions.md) and the warning codes (docs/warnings.md). `npm run generate` runs it; tests fail when the docs and the core disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distributionsMarkdown, ownershipMarkdown, warningsMarkdown } from '../lib/core/internal';

const tables: Array<[string, string, string]> = [
  ['felix-field-ownership', 'meshes.md', ownershipMarkdown()],
  ['distributions', 'distributions.md', distributionsMarkdown()],
  ['warning-codes', 'warnings.md', warningsMarkdown()],
];
for (const [name, file, table] of tables) {
  const path = join(__dirname, '..', 'docs', file);
  let readme = readFileSync(path, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`docs/${file} has no ${start} … ${end} markers`);
  readme = `${readme.slice(0, a + start.length)}\n${table}\n${readme.slice(b)}`;
  writeFileSync(path, readme);
  console.log(`docs/${file}: ${name} table updated`);
}

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'yaml';

/** Reads a props file: JSON (`.json`) or YAML (`.yaml`/`.yml`). Throws a one-line Error on failure. */
export function loadConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.json') return JSON.parse(text);
    if (ext === '.yaml' || ext === '.yml') return parse(text);
  } catch (e) {
    throw new Error(`config file ${path} is not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  throw new Error(`config file ${path} must end in .json, .yaml or .yml`);
}

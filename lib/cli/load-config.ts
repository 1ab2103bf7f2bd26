import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'yaml';
import { WarningCode, closest } from '../core/internal';

export const MAX_CONFIG_BYTES = 256 * 1024;

/** What a parsed document is, in words, for messages. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a single string';
  return `a ${typeof value}`;
}

/**
 * Reads a props file: JSON (`.json`) or YAML (`.yaml`/`.yml`) holding one object. Every failure
 * is one Error whose message is a plain sentence (no errno codes, no parser dumps).
 */
export function loadConfigFile(path: string): Record<string, unknown> {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new Error(`config file ${path} does not exist; pass the path of a JSON or YAML file with the dataplane props`);
  }
  if (stat.isDirectory()) throw new Error(`config file ${path} is a directory; pass the path of a JSON or YAML file inside it`);
  // The props of one cluster fit in a few kilobytes; a larger file is a mistake and parsing it would cost memory.
  if (stat.size > MAX_CONFIG_BYTES)
    throw new Error(
      `config file ${path} is ${(stat.size / 1024 / 1024).toFixed(1)} MiB; a dataplane config is at most ${MAX_CONFIG_BYTES / 1024} KiB`,
    );
  const ext = extname(path).toLowerCase();
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') throw new Error(`config file ${path} must end in .json, .yaml or .yml`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`config file ${path} cannot be read (check its permissions)`);
  }
  if (text.trim() === '') throw new Error(`config file ${path} is empty; it must hold the dataplane props as an object, e.g. "distribution: k3s"`);
  let value: unknown;
  try {
    // YAML merge keys (<<: *base) work as in YAML 1.1; the parser's alias limit refuses alias bombs.
    value = ext === '.json' ? JSON.parse(text) : parse(text, { merge: true, maxAliasCount: 100 });
  } catch (e) {
    throw new Error(`config file ${path} is not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(
      `config file ${path} holds ${describe(value)}, but it must hold the dataplane props as an object (keys such as distribution, kubeProxy, gitops)`,
    );
  }
  return value as Record<string, unknown>;
}

/**
 * `--ack CODE[,CODE]`: the warning codes to add to the file's `acknowledgeWarnings`. An unknown
 * code is a usage error naming the nearest code (`usage` builds the caller's error type).
 */
export function withAcknowledged(
  props: Record<string, unknown>,
  ack: string | undefined,
  usage: (message: string) => Error,
): Record<string, unknown> {
  if (ack === undefined) return props;
  const codes = ack
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const known: readonly string[] = Object.values(WarningCode);
  for (const code of codes) {
    if (known.includes(code)) continue;
    const near = closest(code.toUpperCase(), known);
    throw usage(
      `--ack ${JSON.stringify(code)} is not a warning code${near ? `; did you mean ${near}?` : ''} (each warning prints its code: "warning <CODE> (<severity>): …")`,
    );
  }
  if (codes.length === 0) throw usage('--ack needs a warning code, e.g. --ack KERNEL_REQUIREMENTS');
  // A malformed list in the file stays as it is, for validation to report.
  const fromFile = props.acknowledgeWarnings;
  if (fromFile !== undefined && !Array.isArray(fromFile)) return props;
  return { ...props, acknowledgeWarnings: [...new Set([...((fromFile as unknown[] | undefined) ?? []), ...codes])] };
}

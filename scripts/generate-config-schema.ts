/**
 * Regenerates schema/calico-ebpf-config.schema.json: the JSON Schema of a `calico-ebpf synth`
 * config file, generated from the CalicoEbpfDataplaneProps type and its JSDoc, so YAML editors
 * complete and check the file (`# yaml-language-server: $schema=…`).
 *
 *   npm run generate
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';

type Node = Record<string, unknown>;

/** Values a file can hold: framework-only alternatives (Pulumi Outputs, Duration objects) are dropped. */
function forFiles(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forFiles);
  if (typeof node !== 'object' || node === null) return node;
  const out: Node = {};
  for (const [k, v] of Object.entries(node as Node)) {
    // CDK-style "@default - explanation" is prose, not a JSON default value.
    if (k === 'default' && typeof v === 'string' && v.startsWith('- ')) continue;
    out[k] = forFiles(v);
  }
  if (Array.isArray(out.anyOf)) {
    const kept = (out.anyOf as Node[]).filter((alt) => alt.$ref !== '#/definitions/Deferred' && alt.$ref !== '#/definitions/Duration');
    if (kept.length === 1) {
      delete out.anyOf;
      Object.assign(out, kept[0]);
    } else {
      out.anyOf = kept;
    }
  }
  return out;
}

export function configSchema(): Node {
  const repo = join(__dirname, '..');
  const generated = createGenerator({
    path: join(repo, 'lib', 'core', 'dataplane', 'dataplane-props.ts'),
    type: 'CalicoEbpfDataplaneProps',
    tsconfig: join(repo, 'tsconfig.json'),
    skipTypeCheck: true,
    jsDoc: 'extended',
    topRef: true,
  }).createSchema('CalicoEbpfDataplaneProps') as Node;
  const schema = forFiles(generated) as Node & { definitions: Node };
  delete schema.definitions.Deferred;
  delete schema.definitions.Duration;
  // Deferrable<T> became plain T: inline the aliases.
  const text = JSON.stringify(schema).replace(/"\$ref":"#\/definitions\/Deferrable%3C(string|number)%3E"/g, '"type":"$1"');
  const inlined = JSON.parse(text) as Node & { definitions: Node };
  delete inlined.definitions['Deferrable<string>'];
  delete inlined.definitions['Deferrable<number>'];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/calico-ebpf-constructs/calico-ebpf-constructs/schema/calico-ebpf-config.schema.json',
    title: 'calico-ebpf synth config (CalicoEbpfDataplaneProps)',
    ...Object.fromEntries(Object.entries(inlined).filter(([k]) => k !== '$schema')),
  };
}

export const SCHEMA_PATH = join(__dirname, '..', 'schema', 'calico-ebpf-config.schema.json');

if (require.main === module) {
  writeFileSync(SCHEMA_PATH, `${JSON.stringify(configSchema(), null, 2)}\n`);
  console.log(`wrote ${SCHEMA_PATH}`);
}

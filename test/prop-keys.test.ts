/**
 * The shape validation knows is the shape the props types declare: lib/core/generated/props-schema.ts
 * (what validation/props-shape.ts checks props against) and prop-keys.ts are generated from the
 * config schema (itself generated from the types), and the lists the core builds from its tables
 * agree with the types.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROP_KEYS } from '../lib/core/generated/prop-keys';
import { DETECTION_METHODS } from '../lib/core/dataplane/installation-settings';
import { FELIX_TUNING_PROP_NAMES } from '../lib/core/felix/felix';
import { SCALE_FIELD_NAMES } from '../lib/core/sizing/cluster-scale';
import {
  PROPS_SCHEMA_PATH,
  PROPS_VALIDATORS_PATH,
  PROP_KEYS_PATH,
  propKeysModule,
  propsSchemaModule,
  propsValidatorsModule,
} from '../scripts/generate-prop-keys';

const CORE = join(__dirname, '..', 'lib', 'core');
const sorted = (keys: readonly string[]): string[] => [...keys].sort();

describe('prop keys', () => {
  it('are generated from the committed config schema (run npm run generate after changing the props)', () => {
    expect(readFileSync(PROP_KEYS_PATH, 'utf8')).toBe(propKeysModule());
    expect(readFileSync(PROPS_SCHEMA_PATH, 'utf8')).toBe(propsSchemaModule());
    expect(readFileSync(PROPS_VALIDATORS_PATH, 'utf8')).toBe(propsValidatorsModule());
  });

  it('agree with the lists the core builds from its tables', () => {
    expect(sorted(FELIX_TUNING_PROP_NAMES)).toEqual(sorted(PROP_KEYS.FelixBpfTuningProps));
    expect(sorted(SCALE_FIELD_NAMES)).toEqual(sorted(PROP_KEYS.ClusterScale));
    expect(sorted(DETECTION_METHODS)).toEqual(sorted(PROP_KEYS.NodeAddressAutodetection));
    expect(PROP_KEYS.CalicoEbpfDataplaneProps).toEqual(expect.arrayContaining(['distribution', 'kubeProxy', 'felix', 'gitops', 'k3d']));
  });

  it('no unknown-key check in the core passes a hand-written list, except for Kubernetes types we do not declare', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));
    const literal = files(CORE).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/checkKnownKeys\([^;]*?,\s*\[([^\]]*)\]\)/g)].map((m) => `${relative(CORE, file)}: [${m[1]!.trim()}]`),
    );
    expect(literal).toEqual([`meshes/mesh.ts: ['nodeAffinity', 'podAffinity', 'podAntiAffinity']`]);
    // The props' own keys are checked by the schema, not by lists in the code.
    const propKeyLists = files(CORE).filter((file) => /checkKnownKeys\([^;]*PROP_KEYS/.test(readFileSync(file, 'utf8')));
    expect(propKeyLists).toEqual([]);
  });
});

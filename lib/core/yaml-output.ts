import { stringify } from 'yaml';
import type { KubeObject } from './kube';

/** Multi-document YAML of the objects, in the given order, keys as rendered (deterministic). */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}

import { stringify } from 'yaml';
import type { KubeObject } from '../dataplane/kube';
import { sortDeep } from '../dataplane/operator-values';

/**
 * YAML of one object the way cdk8s writes it (keys sorted, YAML 1.1 quoting, no line folding),
 * so the CLI and `cdk8s synth` produce byte-identical files.
 */
export function objectToYaml(obj: KubeObject): string {
  const sorted = sortDeep(obj) as Record<string, unknown>;
  // Like cdk8s (and kubectl): apiVersion, kind and metadata first, then the other keys sorted.
  const ordered = Object.fromEntries(
    ['apiVersion', 'kind', 'metadata', ...Object.keys(sorted)].filter((k, i, all) => k in sorted && all.indexOf(k) === i).map((k) => [k, sorted[k]]),
  );
  return stringify(ordered, { keepUndefined: true, lineWidth: 0, version: '1.1' });
}

/** Multi-document YAML of the objects, in the given order. */
export function toYaml(objects: readonly KubeObject[]): string {
  return objects.map(objectToYaml).join('---\n');
}

/** The file name cdk8s gives an object in folder-per-chart output: `<Kind>.<name>.k8s.yaml`. */
export function objectFileName(obj: Pick<KubeObject, 'kind' | 'metadata'>, extension = '.k8s.yaml'): string {
  return `${obj.kind}.${obj.metadata.name}`.replace(/[^0-9a-zA-Z-_.]/g, '') + extension;
}

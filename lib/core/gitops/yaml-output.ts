import { stringify } from 'yaml';
import type { KubeObject } from '../dataplane/kube';
import { sortDeep } from '../dataplane/operator-values';

/**
 * YAML of one object the way cdk8s writes it (keys sorted, YAML 1.1 quoting, no line folding),
 * so the CLI and `cdk8s synth` produce byte-identical files.
 */
export function objectToYaml(obj: KubeObject): string {
  return OBJECT_YAML.get(obj);
}

/**
 * YAML text by content, least recently used first out. Emitting YAML costs about 70× a
 * `JSON.stringify` of the same object, and a fleet repeats most objects byte for byte (the
 * Installation, the components, the HelmRepository of every cluster with the same settings), as
 * does a cdk8s app that renders its layers more than once. Bounded: at most `limit` texts.
 */
export class YamlMemo<T> {
  private readonly texts = new Map<string, string>();
  public constructor(
    private readonly emit: (value: T) => string,
    private readonly limit = 4096,
  ) {}

  public get(value: T): string {
    // undefined and -0 would read as missing and 0 in JSON, but YAML writes them differently.
    const key = JSON.stringify(value, (_k, v: unknown) => (v === undefined ? '\u0000undefined' : Object.is(v, -0) ? '\u0000-0' : v));
    const hit = this.texts.get(key);
    if (hit !== undefined) {
      this.texts.delete(key);
      this.texts.set(key, hit);
      return hit;
    }
    const text = this.emit(value);
    this.texts.set(key, text);
    if (this.texts.size > this.limit) this.texts.delete(this.texts.keys().next().value!);
    return text;
  }
}

const OBJECT_YAML = new YamlMemo<KubeObject>(emitObject);

function emitObject(obj: KubeObject): string {
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

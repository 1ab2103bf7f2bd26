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
    const key = contentKey(value);
    if (key === undefined) return this.emit(value);
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

/**
 * A key that tells apart every value YAML writes differently, or undefined when the value holds
 * something JSON cannot say exactly (then it is emitted without the memo). JSON alone would merge an
 * undefined value with a missing key, -0 with 0, NaN and ±Infinity with null; it throws on a bigint
 * and writes a Date, Map or Set as something else.
 */
function contentKey(value: unknown): string | undefined {
  let exact = true;
  const key = JSON.stringify(value, function (this: unknown, k: string, v: unknown) {
    if (v === undefined) return '\u0000undefined';
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return `\u0000${String(Object.is(v, -0) ? '-0' : v)}`;
    if (typeof v === 'bigint') return `\u0000${v}n`;
    // JSON.stringify has already called toJSON (a Date is a string by now): look at the holder's own value.
    const raw = (this as Record<string, unknown>)[k];
    // By tag, not prototype identity: a plain object from another realm (a vm context, a test runner) is still plain.
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.prototype.toString.call(raw) !== '[object Object]') exact = false;
    return v;
  });
  return exact ? key : undefined;
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

/**
 * Live against rendered, field by field, for the fields we write. Fields the live object has and
 * we do not write are never drift: server defaults, the operator's own writes (bpfEnabled,
 * healthPort, the Installation defaults it fills in) and other tools' fields. Lists compare item by
 * item the same way (the operator fills defaults into each IP pool).
 */
import type { KubeObject } from '../dataplane/kube';

export interface FieldDrift {
  /** Dotted path, with list indexes: `spec.calicoNetwork.ipPools[0].cidr`. */
  readonly path: string;
  readonly want: unknown;
  /** `undefined` when the live object lacks the field. */
  readonly live: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function compare(want: unknown, live: unknown, path: string, out: FieldDrift[]): void {
  if (isObject(want)) {
    if (!isObject(live)) {
      out.push({ path, want, live });
      return;
    }
    for (const [k, v] of Object.entries(want)) compare(v, live[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(live) || live.length !== want.length || !want.every((w) => isObject(w))) {
      if (JSON.stringify(want) !== JSON.stringify(live)) out.push({ path, want, live });
      return;
    }
    want.forEach((w, i) => compare(w, live[i], `${path}[${i}]`, out));
    return;
  }
  if (JSON.stringify(want) !== JSON.stringify(live)) out.push({ path, want, live });
}

/** The fields of `desired` that the live object does not have as we write them (empty: no drift). */
export function driftOf(desired: KubeObject, live: Record<string, unknown> | undefined): FieldDrift[] {
  if (!live) return [{ path: '(object)', want: 'present', live: undefined }];
  const out: FieldDrift[] = [];
  const { metadata, apiVersion: _v, kind: _k, ...rest } = desired;
  const liveMeta = (live.metadata ?? {}) as Record<string, unknown>;
  if (metadata.labels) compare(metadata.labels, liveMeta.labels, 'metadata.labels', out);
  if (metadata.annotations) compare(metadata.annotations, liveMeta.annotations, 'metadata.annotations', out);
  compare(rest, live, '', out);
  return out;
}

/** `Kind/namespace/name` of an object, for messages. */
export const objectRef = (o: Pick<KubeObject, 'kind' | 'metadata'>): string =>
  `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/**
 * How big a Helm release is once stored, computed the way Helm stores it: one Secret per
 * revision whose `data.release` is base64(gzip(best compression, JSON of the release)), and the
 * release JSON holds both the chart (every template's bytes, base64 in JSON) and the rendered
 * manifest (helm/helm pkg/storage/driver/util.go `encodeRelease`, pkg/release/release.go).
 * Kubernetes rejects a Secret whose data exceeds 1 MiB.
 */
import { gzipSync, constants } from 'node:zlib';
import { CRD_CHART_RELEASE_BYTES } from '../generated/crd-release-size';
import { GitOpsFlavor } from '../dataplane/values';
import { WarningCode, warning, type CalicoWarning } from '../validation/warnings';

/** Kubernetes' limit on a Secret's (and ConfigMap's) data, which Helm's release storage is subject to. */
export const MAX_SECRET_BYTES = 1024 * 1024;

export interface ChartFile {
  /** Path inside the chart, e.g. `templates/crd.yaml`. */
  readonly name: string;
  readonly data: Uint8Array;
}

export interface StoredRelease {
  readonly name: string;
  readonly namespace: string;
  readonly version: number;
  readonly chartMetadata: Readonly<Record<string, unknown>>;
  readonly templates: readonly ChartFile[];
  /** Non-template files of the chart (README, …). */
  readonly files: readonly ChartFile[];
  readonly values: Readonly<Record<string, unknown>>;
  readonly config: Readonly<Record<string, unknown>>;
  /** The rendered manifest (`helm template` output). */
  readonly manifest: string;
}

/** The release object in the field order and shape Helm's JSON encoding gives it. */
function releaseJson(r: StoredRelease): string {
  const file = (f: ChartFile): { name: string; data: string } => ({ name: f.name, data: Buffer.from(f.data).toString('base64') });
  return JSON.stringify({
    name: r.name,
    info: {
      first_deployed: '2026-01-01T00:00:00Z',
      last_deployed: '2026-01-01T00:00:00Z',
      deleted: '',
      description: 'Install complete',
      status: 'deployed',
    },
    chart: { metadata: r.chartMetadata, lock: null, templates: r.templates.map(file), values: r.values, schema: null, files: r.files.map(file) },
    config: r.config,
    manifest: r.manifest,
    version: r.version,
    namespace: r.namespace,
  });
}

/** The `data.release` value Helm writes: base64 of the gzipped release JSON. */
export function encodeHelmRelease(r: StoredRelease): string {
  return gzipSync(Buffer.from(releaseJson(r), 'utf8'), { level: constants.Z_BEST_COMPRESSION }).toString('base64');
}

/** Bytes of the Secret data Helm writes for this release revision. */
export function helmReleaseStoredBytes(r: StoredRelease): number {
  return encodeHelmRelease(r).length;
}

/** Bytes Helm would store for a CRD chart as a release, measured from the real chart of the version's line. */
export function crdReleaseBytes(chart: string, line: string): number | undefined {
  return Object.hasOwn(CRD_CHART_RELEASE_BYTES, line) ? CRD_CHART_RELEASE_BYTES[line]?.[chart] : undefined;
}

/** The warning for a CRD chart installed as a Helm release (sizes measured from the real chart at build time). */
export function crdReleaseSizeWarning(chart: string, calicoVersion: string, line: string, flavor: GitOpsFlavor): CalicoWarning {
  const bytes = crdReleaseBytes(chart, line);
  const size =
    bytes === undefined
      ? `its stored size is not known for ${chart} ${calicoVersion} (the ${line} crd.projectcalico.org.v1 chart measures ${crdReleaseBytes('crd.projectcalico.org.v1', line)} bytes)`
      : `Helm stores the ${chart} ${calicoVersion} release as ${bytes} bytes of Secret data (${((bytes / MAX_SECRET_BYTES) * 100).toFixed(1)}% of the ${MAX_SECRET_BYTES}-byte limit)`;
  const argo = flavor === GitOpsFlavor.ARGOCD ? ' (Argo CD itself stores no release; Flux, k3s and Pulumi do)' : '';
  return warning(
    WarningCode.CRD_HELM_RELEASE,
    `crdDelivery "helm-release": ${size}${argo}; the 3.33 line's CRD chart is over the limit (install fails with "data: Too long"), ` +
      `and uninstalling the release deletes every Calico CRD with every IP pool, IPAM block and policy; crdDelivery "operator" (the default) avoids both`,
  );
}

/** Calico releases this library knows, and the tigera/operator each one pins. */

/** The Calico release the library renders by default. */
export const DEFAULT_CALICO_VERSION = 'v3.32.1';

/** Operator image tag pinned by each Calico release's chart (`tigeraOperator.version`). */
export const OPERATOR_VERSIONS: Readonly<Record<string, string>> = {
  'v3.32.0': 'v1.42.0',
  'v3.32.1': 'v1.42.3',
};

/** The oldest Calico this library supports: separate CRD charts and `bpfKubeProxyHealthzPort: 0` arrived in v3.32.0. */
export const MIN_CALICO_VERSION = 'v3.32.0';

export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Parses Calico's tag form `vMAJOR.MINOR.PATCH`; undefined otherwise. */
export function parseCalicoVersion(text: string): SemVer | undefined {
  const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

export function compareVersions(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

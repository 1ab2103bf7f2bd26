/**
 * The Calico releases this library renders, as data: one row per release (its operator and date),
 * one row per release line (what differs between 3.32 and 3.33). Code asks these tables instead
 * of comparing versions itself.
 *
 * Where each fact comes from (upstream wins over our docs where they disagree):
 * - operator pins: the chart's `tigeraOperator.version` at v3.32.0, v3.32.1 and v3.33.0; the
 *   tigera/operator release pages ("Included Calico versions") for v3.32.2–v3.32.4 (v1.42.6–8) and
 *   v3.33.1 (v1.44.1) — their chart values were not reachable.
 * - kernels: 3.32's docs already require 5.10 for eBPF (only Felix's code gate accepts 5.3);
 *   3.33 removed the non-CO-RE objects, so it needs 5.10 *with BTF* (RHEL 8.4 4.18.0-305 excepted).
 * - images: 3.33 runs typha, kube-controllers, apiserver, CSI, goldmane, whisker-backend, webhooks,
 *   guardian, key-cert-provisioner, install-cni and flexvol from one `calico/calico` image (operator
 *   release-v1.44 `pkg/components/calico.go`, combined.go); calico-node keeps `calico/node`; the docs'
 *   upgrade notes list fourteen images no longer published.
 * - tested Kubernetes: the docs' system requirements ("We test … against"): 3.32 with 1.34–1.36,
 *   3.33 with 1.35–1.37 (the 3.33 page first shipped 3.32's stale 1.32–1.34 list, later corrected).
 * - switching to eBPF keeps a pre-existing node-port flow with a remote backend only from
 *   projectcalico/calico#13778 on (backported to release-v3.32 and -v3.33, 2026-09-11): in v3.32.3
 *   and v3.33.0 on, by release date; not in v3.32.0–v3.32.2.
 * - operator writes: v1.43+ writes `bpfKubeProxyHealthzPort: 0` when BPF is on, kube-proxy management
 *   is not Enabled and the field is unset (core_controller.go); v1.42.x does not.
 */

/** A minor release line. */
export const CalicoLine = { V3_32: 'v3.32', V3_33: 'v3.33' } as const;
export type CalicoLine = (typeof CalicoLine)[keyof typeof CalicoLine];

export interface CalicoRelease {
  readonly version: string;
  readonly line: CalicoLine;
  /** tigera/operator tag the release's chart pins. */
  readonly operator: string;
  readonly released: string;
  /** Carries calico#13778: node-port flows to a remote backend survive the switch to eBPF. */
  readonly keepsForwardedFlowsOnSwitch: boolean;
}

/** Every release the library renders, oldest first. */
export const CALICO_RELEASES: readonly CalicoRelease[] = [
  { version: 'v3.32.0', line: CalicoLine.V3_32, operator: 'v1.42.0', released: '2026-04-30', keepsForwardedFlowsOnSwitch: false },
  { version: 'v3.32.1', line: CalicoLine.V3_32, operator: 'v1.42.3', released: '2026-06-24', keepsForwardedFlowsOnSwitch: false },
  { version: 'v3.32.2', line: CalicoLine.V3_32, operator: 'v1.42.6', released: '2026-08-30', keepsForwardedFlowsOnSwitch: false },
  { version: 'v3.32.3', line: CalicoLine.V3_32, operator: 'v1.42.7', released: '2026-10-28', keepsForwardedFlowsOnSwitch: true },
  { version: 'v3.32.4', line: CalicoLine.V3_32, operator: 'v1.42.8', released: '2026-11-11', keepsForwardedFlowsOnSwitch: true },
  { version: 'v3.33.0', line: CalicoLine.V3_33, operator: 'v1.44.0', released: '2026-10-01', keepsForwardedFlowsOnSwitch: true },
  { version: 'v3.33.1', line: CalicoLine.V3_33, operator: 'v1.44.1', released: '2026-11-16', keepsForwardedFlowsOnSwitch: true },
];

/** The release rendered when `calicoVersion` is not set. */
export const DEFAULT_CALICO_VERSION = 'v3.33.1';

/** What differs between release lines. */
export interface LineFacts {
  readonly line: CalicoLine;
  /** The first release of the line. */
  readonly first: string;
  /** Lowest kernel the eBPF dataplane supports, and whether it must have BTF (CO-RE). */
  readonly kernel: { readonly minimum: string; readonly btf: boolean };
  /** `per-component` images (calico/typha, calico/cni, …) or the `combined` calico/calico image. */
  readonly images: 'per-component' | 'combined';
  /** Image of the chart's `calicoctl` (OpenShift init container), under the registry and image path. */
  readonly calicoctlImage: 'ctl' | 'calico';
  /** The operator writes `bpfKubeProxyHealthzPort: 0` when BPF is on, kube-proxy is not operator-managed and the field is unset. */
  readonly operatorDefaultsKubeProxyHealthzPort: boolean;
  /** IPIP pools are valid with BGP Disabled without `clusterRoutingMode: Felix` (Felix programs IPIP routes by default). */
  readonly ipipWithoutBgp: boolean;
  /** FIPS mode can be enabled (removed in 3.33: the operator marks the Installation Degraded). */
  readonly fips: boolean;
  /** Kubernetes minor versions upstream tests the line against (`[oldest, newest]`). */
  readonly testedKubernetes: readonly [string, string];
  /** Lines upgrades to this line are supported from (upstream: the two previous minor releases). */
  readonly upgradesFrom: readonly string[];
}

export const LINE_FACTS: Readonly<Record<CalicoLine, LineFacts>> = {
  [CalicoLine.V3_32]: {
    line: CalicoLine.V3_32,
    first: 'v3.32.0',
    kernel: { minimum: '5.10', btf: false },
    images: 'per-component',
    calicoctlImage: 'ctl',
    operatorDefaultsKubeProxyHealthzPort: false,
    ipipWithoutBgp: false,
    fips: true,
    testedKubernetes: ['1.34', '1.36'],
    upgradesFrom: ['v3.30', 'v3.31'],
  },
  [CalicoLine.V3_33]: {
    line: CalicoLine.V3_33,
    first: 'v3.33.0',
    kernel: { minimum: '5.10', btf: true },
    images: 'combined',
    calicoctlImage: 'calico',
    operatorDefaultsKubeProxyHealthzPort: true,
    ipipWithoutBgp: true,
    fips: false,
    testedKubernetes: ['1.35', '1.37'],
    upgradesFrom: ['v3.31', 'v3.32'],
  },
};

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

/** `-1`, `0` or `1` for two tags (both must parse). */
export function compareTags(a: string, b: string): number {
  return Math.sign(compareVersions(parseCalicoVersion(a)!, parseCalicoVersion(b)!));
}

/** The release row of a known version. */
export function calicoRelease(version: string): CalicoRelease | undefined {
  return CALICO_RELEASES.find((r) => r.version === version);
}

/** The line a version belongs to (known or not), when the library has facts for it. */
export function lineOf(version: string): CalicoLine | undefined {
  const v = parseCalicoVersion(version);
  if (!v) return undefined;
  const line = `v${v.major}.${v.minor}`;
  return (Object.values(CalicoLine) as string[]).includes(line) ? (line as CalicoLine) : undefined;
}

/** Facts of a version's line (the default's line for a version the library does not know). */
export function lineFacts(version: string): LineFacts {
  return LINE_FACTS[lineOf(version) ?? lineOf(DEFAULT_CALICO_VERSION)!];
}

/** Operator pin per Calico release (`calicoVersion` → `operatorVersion`). */
export const OPERATOR_VERSIONS: Readonly<Record<string, string>> = Object.fromEntries(CALICO_RELEASES.map((r) => [r.version, r.operator]));

/** The oldest Calico this library supports: separate CRD charts arrived in v3.32.0. */
export const MIN_CALICO_VERSION = CALICO_RELEASES[0]!.version;

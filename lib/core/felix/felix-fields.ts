/**
 * Which FelixConfiguration field each typed prop writes, who owns the rest, and the limits
 * the library enforces. One table per concern, used by the resolver, the escape-hatch checks
 * and the map-size calculator alike.
 */
import { FELIX_FIELD_OWNERSHIP } from './field-ownership';

/** A `bpfMapSize*` field: the typed prop, Felix's default and the bounds accepted. */
export interface MapSizeField {
  readonly prop:
    | 'mapSizeNATFrontend'
    | 'mapSizeNATBackend'
    | 'mapSizeNATAffinity'
    | 'mapSizeRoute'
    | 'mapSizeConntrack'
    | 'mapSizePerCpuConntrack'
    | 'mapSizeConntrackCleanupQueue'
    | 'mapSizeIPSets'
    | 'mapSizeIfState';
  readonly field: string;
  /** Felix's built-in default (config_params.go at v3.32.1). */
  readonly felixDefault: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Upper bound for every map: 2^27 entries. The largest preallocated map (IPv6 conntrack) would
 * pin ~27 GiB of kernel memory per node at that size, so anything above is a typo, not a plan.
 */
const MAX_ENTRIES = 134_217_728;

export const MAP_SIZE_FIELDS: readonly MapSizeField[] = [
  { prop: 'mapSizeNATFrontend', field: 'bpfMapSizeNATFrontend', felixDefault: 65536, min: 1, max: MAX_ENTRIES },
  { prop: 'mapSizeNATBackend', field: 'bpfMapSizeNATBackend', felixDefault: 262144, min: 1, max: MAX_ENTRIES },
  { prop: 'mapSizeNATAffinity', field: 'bpfMapSizeNATAffinity', felixDefault: 65536, min: 1, max: MAX_ENTRIES },
  { prop: 'mapSizeRoute', field: 'bpfMapSizeRoute', felixDefault: 262144, min: 1, max: MAX_ENTRIES },
  { prop: 'mapSizeConntrack', field: 'bpfMapSizeConntrack', felixDefault: 512000, min: 1, max: MAX_ENTRIES },
  // 0 switches per-CPU sizing off; the map then holds mapSizeConntrack entries.
  { prop: 'mapSizePerCpuConntrack', field: 'bpfMapSizePerCpuConntrack', felixDefault: 0, min: 0, max: MAX_ENTRIES },
  // The CRD sets minimum 1 for the cleanup queue.
  { prop: 'mapSizeConntrackCleanupQueue', field: 'bpfMapSizeConntrackCleanupQueue', felixDefault: 100000, min: 1, max: MAX_ENTRIES },
  { prop: 'mapSizeIPSets', field: 'bpfMapSizeIPSets', felixDefault: 1048576, min: 1, max: MAX_ENTRIES },
  { prop: 'mapSizeIfState', field: 'bpfMapSizeIfState', felixDefault: 1000, min: 1, max: MAX_ENTRIES },
];

/** Non-map typed props of FelixBpfTuning and the field each writes. */
export const TUNING_FIELDS: Readonly<Record<string, string>> = {
  mapSizeConntrackScaling: 'bpfMapSizeConntrackScaling',
  logLevel: 'bpfLogLevel',
  logFilters: 'bpfLogFilters',
  logSeverityScreen: 'logSeverityScreen',
  dataIfacePattern: 'bpfDataIfacePattern',
  l3IfacePattern: 'bpfL3IfacePattern',
  disableGROForIfaces: 'bpfDisableGROForIfaces',
  kubeProxyMinSyncPeriod: 'bpfKubeProxyMinSyncPeriod',
  excludeCIDRsFromNAT: 'bpfExcludeCIDRsFromNAT',
  enforceRPF: 'bpfEnforceRPF',
  prometheusMetricsEnabled: 'prometheusMetricsEnabled',
  prometheusMetricsPort: 'prometheusMetricsPort',
  vxlanPort: 'vxlanPort',
  vxlanVNI: 'vxlanVNI',
  healthPort: 'healthPort',
  attachType: 'bpfAttachType',
  conntrackMode: 'bpfConntrackMode',
  maglevMaxServices: 'bpfMaglevMaxServices',
  maglevMaxEndpointsPerService: 'bpfMaglevMaxEndpointsPerService',
  redirectToPeer: 'bpfRedirectToPeer',
  jitHardening: 'bpfJITHardening',
  hostConntrackBypass: 'bpfHostConntrackBypass',
  policyDebugEnabled: 'bpfPolicyDebugEnabled',
  xdpEnabled: 'xdpEnabled',
  ipFragmentReassemblyEnabled: 'bpfIPFragmentReassemblyEnabled',
  ipFragTimeout: 'bpfIPFragTimeout',
  overlayHostSourceIP: 'bpfOverlayHostSourceIP',
};

/** How a one-field typed prop is checked: its allowed values, a boolean, or an integer range (Felix's own bounds). */
export type FieldCheck = { readonly values: readonly string[] } | { readonly boolean: true } | { readonly min: number; readonly max: number };

/**
 * The typed props that write one field each and need no rule beyond their value check. Which
 * release has them is in releases/version-gates.ts.
 */
export const SIMPLE_FIELDS: Readonly<Record<string, FieldCheck>> = {
  attachType: { values: ['TC', 'TCX', 'Netkit'] },
  conntrackMode: { values: ['Auto', 'Userspace', 'BPFProgram'] },
  maglevMaxServices: { min: 1, max: 3000 },
  maglevMaxEndpointsPerService: { min: 1, max: 3000 },
  redirectToPeer: { values: ['Enabled', 'Disabled'] },
  jitHardening: { values: ['Auto', 'Strict'] },
  hostConntrackBypass: { boolean: true },
  policyDebugEnabled: { boolean: true },
  xdpEnabled: { boolean: true },
  ipFragmentReassemblyEnabled: { boolean: true },
  overlayHostSourceIP: { values: ['TunnelAddress', 'HostAddress'] },
};

/** Fields refused in `additionalSpec` whatever else is set, with the reason (views of FELIX_FIELD_OWNERSHIP). */
export const OPERATOR_OWNED_FIELDS: Readonly<Record<string, string>> = Object.fromEntries(
  FELIX_FIELD_OWNERSHIP.filter((r) => r.rule === 'never').map((r) => [r.field, `(owner: ${r.owner}) ${r.reason}`]),
);

/** Fields CalicoEbpfDataplane decides from its cluster-level props, with the prop to use instead. */
export const DATAPLANE_FIELDS: Readonly<Record<string, string>> = Object.fromEntries(
  FELIX_FIELD_OWNERSHIP.filter((r) => r.rule === 'dataplane prop').map((r) => [r.field, r.owner]),
);

/**
 * Who owns each FelixConfiguration field the library does not simply pass through: one table,
 * used by the escape-hatch checks and the README (a test keeps the README's table equal to it).
 * Facts: ../shared/docs/meshes-and-ownership.md §4 (tigera/operator v1.42.3, Calico v3.32.1).
 */

export type OwnershipRule =
  /** Refused in `additionalSpec`, always. */
  | 'never'
  /** Refused when the Installation sets `calicoNetwork.clusterRoutingMode` (the operator then writes it). */
  | 'refused with clusterRoutingMode'
  /** The operator fills it only when unset: the user may set it, through its typed prop. */
  | 'typed prop (operator default)'
  /** Decided by CalicoEbpfDataplane from its cluster-level props. */
  | 'dataplane prop'
  /** Written by the distribution preset where the platform needs it; elsewhere the user's to set. */
  | 'distribution preset';

export interface FieldOwnership {
  readonly field: string;
  readonly rule: OwnershipRule;
  /** Who writes it upstream, or which prop the library writes it from. */
  readonly owner: string;
  readonly reason: string;
}

export const FELIX_FIELD_OWNERSHIP: readonly FieldOwnership[] = [
  {
    field: 'bpfEnabled',
    rule: 'never',
    owner: 'operator (Installation controller)',
    reason:
      'set from Installation linuxDataplane: BPF with an annotation; a value it did not set makes it refuse the FelixConfiguration ("modified by someone else")',
  },
  {
    field: 'nftablesMode',
    rule: 'never',
    owner: 'operator (Installation controller)',
    reason: 'overwritten from Installation linuxDataplane on every reconcile',
  },
  {
    field: 'istioAmbientMode',
    rule: 'never',
    owner: 'operator (Istio controller)',
    reason:
      'written with an annotation while an Istio resource exists; a user value makes it fail with "modified by user"; meaningless with upstream Istio',
  },
  {
    field: 'istioDSCPMark',
    rule: 'never',
    owner: 'operator (Istio controller)',
    reason: "copied from the Istio resource's dscpMark (serviceMesh.dscpMark) with an annotation; meaningless with upstream Istio",
  },
  {
    field: 'policySyncPathPrefix',
    rule: 'never',
    owner: 'operator (GatewayAPI, ApplicationLayer, EgressGateway controllers)',
    reason: 'filled by those controllers when empty; a user value would redirect their policy sync',
  },
  {
    field: 'bpfConnectTimeLoadBalancingEnabled',
    rule: 'never',
    owner: 'nobody: deprecated',
    reason:
      "libcalico's defaulting lets it override both bpfConnectTimeLoadBalancing and bpfHostNetworkedNATWithoutCTLB (false turns both off); use connectTimeLoadBalancing",
  },
  {
    field: 'nodeSelector',
    rule: 'never',
    owner: 'the CRD',
    reason: 'a CEL rule of the FelixConfiguration CRD rejects it on default and node.* objects',
  },
  {
    field: 'programClusterRoutes',
    rule: 'refused with clusterRoutingMode',
    owner: 'operator (Installation controller)',
    reason: 'written from Installation calicoNetwork.clusterRoutingMode when that is set; use clusterRoutingMode',
  },
  {
    field: 'healthPort',
    rule: 'typed prop (operator default)',
    owner: 'felix.healthPort',
    reason: 'the operator writes 9099 (9199 on OpenShift) only when unset',
  },
  { field: 'vxlanPort', rule: 'typed prop (operator default)', owner: 'felix.vxlanPort', reason: 'the operator writes 4789 only when unset' },
  { field: 'vxlanVNI', rule: 'typed prop (operator default)', owner: 'felix.vxlanVNI', reason: 'the operator writes 4096 only when unset' },
  {
    field: 'bpfConnectTimeLoadBalancing',
    rule: 'dataplane prop',
    owner: 'connectTimeLoadBalancing / serviceMesh',
    reason: 'a mesh needs it Disabled; without one the library writes TCP explicitly',
  },
  {
    field: 'bpfHostNetworkedNATWithoutCTLB',
    rule: 'dataplane prop',
    owner: 'hostNetworkedNATWithoutCTLB',
    reason: 'follows connect-time load balancing (Enabled with it off, Disabled with it Enabled)',
  },
  { field: 'bpfExternalServiceMode', rule: 'dataplane prop', owner: 'externalServiceMode', reason: 'Tunnel or DSR, with the DSR underlay warning' },
  { field: 'bpfDSROptoutCIDRs', rule: 'dataplane prop', owner: 'dsrOptOutCIDRs', reason: 'only meaningful with DSR' },
  {
    field: 'bpfKubeProxyIptablesCleanupEnabled',
    rule: 'dataplane prop',
    owner: 'kubeProxy',
    reason: 'false while kube-proxy runs (coexist), true when Calico replaces it (replace, operator-managed)',
  },
  {
    field: 'cgroupV2Path',
    rule: 'distribution preset',
    owner: 'distribution "talos"',
    reason:
      'Talos needs /sys/fs/cgroup (the default /run/calico/cgroup is not writable there); another value on Talos is refused, elsewhere felix.additionalSpec may set it',
  },
  {
    field: 'bpfKubeProxyHealthzPort',
    rule: 'dataplane prop',
    owner: 'kubeProxy',
    reason:
      "0 while kube-proxy runs (its health port 10256 stays kube-proxy's); 10256 with replace on 3.33, where the operator (v1.43+) writes 0 into an unset field whenever it does not manage kube-proxy",
  },
  {
    field: 'wireguardEnabled',
    rule: 'dataplane prop',
    owner: 'wireguard.ipv4',
    reason: 'WireGuard between nodes, with its MTU overhead; written false when off, so turning it off in the props reaches the cluster',
  },
  { field: 'wireguardEnabledV6', rule: 'dataplane prop', owner: 'wireguard.ipv6', reason: 'as wireguardEnabled, for IPv6 (needs an IPv6 pool)' },
  {
    field: 'wireguardHostEncryptionEnabled',
    rule: 'dataplane prop',
    owner: 'wireguard.hostEncryption',
    reason: 'host-network traffic too (needs WireGuard on for a family)',
  },
];

/** The table as Markdown, as the README shows it. */
export function ownershipMarkdown(): string {
  const rows = FELIX_FIELD_OWNERSHIP.map(
    (r) => `| \`${r.field}\` | ${r.rule} | ${r.owner.replace(/\|/g, '\\|')} | ${r.reason.replace(/\|/g, '\\|')} |`,
  );
  return ['| field | rule | owner / prop | why |', '|---|---|---|---|', ...rows].join('\n');
}

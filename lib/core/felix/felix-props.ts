import type { ClusterScale, ScaleProfile } from '../sizing/cluster-scale';
import type { Duration } from '../validation/duration';
import type { WarningCode } from '../validation/warnings';
import type {
  BpfAttachType,
  BpfConntrackMode,
  BpfJitHardening,
  BpfLogLevel,
  BpfOverlayHostSourceIp,
  CalicoApiGroup,
  ConntrackScaling,
  EnabledDisabled,
  EnforceRpf,
  LogSeverity,
} from '../dataplane/values';

/**
 * Typed access to the BPF-related FelixConfiguration fields users tune.
 *
 * Every field is optional: an unset field is not written, so Felix's own default applies
 * (listed under `@default`). Map sizes are entry counts, not bytes.
 */
export interface FelixBpfTuningProps {
  /**
   * Target the per-node resource `node.<nodeName>` instead of the cluster-wide `default`.
   * Per-node settings override `default` for that node only.
   * Not allowed in `CalicoEbpfDataplaneProps.felix`, which always configures `default`.
   * @default - the cluster-wide FelixConfiguration `default`
   */
  readonly nodeName?: string;

  /**
   * A FelixConfiguration for a group of nodes: its name (not `default`, not `node.*`), used with
   * `nodeSelector`. Not together with `nodeName`.
   * @default - none (the cluster-wide `default`, or `node.<nodeName>`)
   */
  readonly name?: string;

  /**
   * Calico label selector of the nodes this named FelixConfiguration applies to, e.g.
   * `"node-role.kubernetes.io/worker == 'true'"`. Only with `name` (the CRD forbids it on
   * `default` and `node.*`).
   * @default - none
   */
  readonly nodeSelector?: string;

  /**
   * Calico release the FelixConfiguration is written for: which fields exist and how they are
   * checked. Inside `CalicoEbpfDataplane` (or its resources chart) it follows the dataplane's `calicoVersion`.
   * @default "v3.33.1"
   */
  readonly calicoVersion?: string;

  /**
   * API group of the rendered FelixConfiguration. Must match the CRDs installed.
   * Inside `CalicoEbpfDataplane` this comes from `calicoApiGroup` and cannot be set here.
   * @default "crd.projectcalico.org/v1"
   */
  readonly apiGroup?: CalicoApiGroup;

  /**
   * Size every `bpfMapSize*` field from the cluster's scale: a profile name (`"k3d-dev"`, `"small"`,
   * `"medium"`, `"large"`) or a `ClusterScale`, optionally starting from a profile. Each map gets at
   * least `headroom` × the entries the scale needs; `sizing` on the resolved tuning shows the needs
   * and the kernel memory per node. An explicit `mapSize*` prop wins, but one below the need is an error.
   * @default - no sizing: unset map sizes keep Felix's defaults
   */
  readonly scale?: ClusterScale | ScaleProfile;

  /**
   * Entries in the NAT frontend map: one per service port, per external/LoadBalancer IP and per NodePort address.
   * Maps to `bpfMapSizeNATFrontend`.
   * @default - Felix default 65536
   */
  readonly mapSizeNATFrontend?: number;

  /**
   * Entries in the NAT backend map: one per ready endpoint of each service port.
   * Maps to `bpfMapSizeNATBackend`.
   * @default - Felix default 262144
   */
  readonly mapSizeNATBackend?: number;

  /**
   * Entries in the session-affinity map (services with `sessionAffinity: ClientIP`). Preallocated.
   * Maps to `bpfMapSizeNATAffinity`.
   * @default - Felix default 65536
   */
  readonly mapSizeNATAffinity?: number;

  /**
   * Entries in the route map: IP pools, IPAM blocks, host and workload IPs.
   * Maps to `bpfMapSizeRoute`.
   * @default - Felix default 262144
   */
  readonly mapSizeRoute?: number;

  /**
   * Entries in the conntrack map (one per tracked flow, two for NATed flows). Preallocated since
   * Calico 3.31; changing it restarts Felix and copies every entry into a new map.
   * Maps to `bpfMapSizeConntrack`.
   * @default - Felix default 512000
   */
  readonly mapSizeConntrack?: number;

  /**
   * If greater than 0, the conntrack map holds this many entries per possible CPU, replacing
   * `mapSizeConntrack`. Maps to `bpfMapSizePerCpuConntrack`.
   * @default - Felix default 0 (off)
   */
  readonly mapSizePerCpuConntrack?: number;

  /**
   * Whether Felix doubles the conntrack map when it stays nearly full. The grown size is
   * persisted on the node and wins over a smaller configured size.
   * Maps to `bpfMapSizeConntrackScaling`.
   * @default - Felix default "DoubleIfFull"
   */
  readonly mapSizeConntrackScaling?: ConntrackScaling;

  /**
   * Entries in the queue of expired NAT conntrack entries awaiting deletion.
   * Maps to `bpfMapSizeConntrackCleanupQueue`.
   * @default - Felix default 100000
   */
  readonly mapSizeConntrackCleanupQueue?: number;

  /**
   * Entries in the IP-set map: one per member of each IP set used by policy on the node.
   * Maps to `bpfMapSizeIPSets`.
   * @default - Felix default 1048576
   */
  readonly mapSizeIPSets?: number;

  /**
   * Entries in the interface-state map: one per interface in the host network namespace.
   * Maps to `bpfMapSizeIfState`.
   * @default - Felix default 1000
   */
  readonly mapSizeIfState?: number;

  /**
   * Log level of the BPF programs themselves (kernel trace pipe). `Debug` is expensive.
   * Maps to `bpfLogLevel`.
   * @default - Felix default "Off"
   */
  readonly logLevel?: BpfLogLevel;

  /**
   * Restricts BPF debug logs to packets matching a pcap filter, keyed by interface name
   * (or `all`, `weps`, `heps`). Maps to `bpfLogFilters`.
   * @default - no filter: everything is logged when `logLevel` is Debug
   */
  readonly logFilters?: Readonly<Record<string, string>>;

  /**
   * Felix's own log level (container stdout). Maps to `logSeverityScreen`.
   * @default - Felix default "Info"
   */
  readonly logSeverityScreen?: LogSeverity;

  /**
   * Regular expression (Go RE2) of the host NICs that get BPF programs. Must not match `cali*` devices.
   * Maps to `bpfDataIfacePattern`.
   * @default - Felix default matching en*, eth*, wl*, bond* and similar
   */
  readonly dataIfacePattern?: string;

  /**
   * Regular expression (Go RE2) of extra L3 devices (non-Calico tunnels) to attach to.
   * Maps to `bpfL3IfacePattern`.
   * @default - none
   */
  readonly l3IfacePattern?: string;

  /**
   * Regular expression (Go RE2) of interfaces on which Felix turns GRO off.
   * Maps to `bpfDisableGROForIfaces`.
   * @default - none
   */
  readonly disableGROForIfaces?: string;

  /**
   * Minimum time between service-map updates of Felix's kube-proxy replacement. Raise it when
   * service churn costs Felix CPU. A `Duration` or a string such as `"1s"` or `"1500ms"`.
   * Maps to `bpfKubeProxyMinSyncPeriod`.
   * @default - Felix default 1s
   */
  readonly kubeProxyMinSyncPeriod?: Duration | string;

  /**
   * Destinations the BPF NAT leaves to the host, e.g. a node-local DNS cache address.
   * Maps to `bpfExcludeCIDRsFromNAT`.
   * @default - none
   */
  readonly excludeCIDRsFromNAT?: readonly string[];

  /**
   * Reverse-path filtering done by the BPF programs. Maps to `bpfEnforceRPF`.
   * @default - Felix default "Loose"
   */
  readonly enforceRPF?: EnforceRpf;

  /**
   * Serve Felix's Prometheus metrics. Maps to `prometheusMetricsEnabled`.
   * Note: `Installation.spec.nodeMetricsPort`, when set, overrides this.
   * @default - Felix default false
   */
  readonly prometheusMetricsEnabled?: boolean;

  /**
   * Port of Felix's Prometheus endpoint. Maps to `prometheusMetricsPort`.
   * @default - Felix default 9091
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly prometheusMetricsPort?: number;

  /**
   * UDP port of Calico's VXLAN tunnel. The operator fills it (4789) only when unset; set it when
   * 4789 clashes with another overlay on the hosts (Docker Enterprise/MKE, NSX, a second VXLAN).
   * 1–65535. Maps to `vxlanPort`.
   * @default - the operator's 4789
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly vxlanPort?: number;

  /**
   * VXLAN network identifier of Calico's tunnel; change it when another VXLAN on the same
   * network uses 4096. 1–16777215. Maps to `vxlanVNI`.
   * @default - the operator's 4096
   * @asType integer
   * @minimum 1
   * @maximum 16777215
   */
  readonly vxlanVNI?: number;

  /**
   * Port of Felix's health endpoint (calico-node's liveness/readiness probes); change it when
   * 9099 is taken on the hosts. 1–65535. Maps to `healthPort`.
   * @default - the operator's 9099 (9199 on OpenShift)
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly healthPort?: number;

  /**
   * How the BPF programs attach: `TC`, `TCX` or (3.33+) `Netkit` (the netkit API on netkit pod
   * devices, TCX elsewhere). Set `TCX` before moving a cluster with netkit pods back to 3.32.
   * Maps to `bpfAttachType`.
   * @default - Felix default: "TCX" on 3.32, "Netkit" on 3.33
   */
  readonly attachType?: BpfAttachType;

  /**
   * How conntrack entries are cleaned up: `Auto`, `Userspace` or `BPFProgram` (fails where the
   * kernel cannot run it). Maps to `bpfConntrackMode`.
   * @default - Felix default "Auto" (config_params.go; the CRD's text says Userspace)
   */
  readonly conntrackMode?: BpfConntrackMode;

  /**
   * Maglev-enabled services Felix allocates lookup tables for (memory is reserved up front).
   * 1–3000 (Felix's own bounds). Maps to `bpfMaglevMaxServices`.
   * @default - Felix default 100
   */
  readonly maglevMaxServices?: number;

  /**
   * Endpoints per Maglev-enabled service the lookup tables are sized for. 1–3000. Maps to
   * `bpfMaglevMaxEndpointsPerService`.
   * @default - Felix default 100
   */
  readonly maglevMaxEndpointsPerService?: number;

  /**
   * Let traffic be redirected straight to the peer side of a workload's device (faster; host-side
   * tcpdump on the workload device then misses it). Maps to `bpfRedirectToPeer`.
   * @default - Felix default "Enabled"
   */
  readonly redirectToPeer?: EnabledDisabled;

  /**
   * JIT hardening of the BPF programs: `Auto` or `Strict`. Maps to `bpfJITHardening`.
   * @default - Felix default "Auto"
   */
  readonly jitHardening?: BpfJitHardening;

  /**
   * Bypass Linux conntrack for workloads and services in BPF mode. Maps to `bpfHostConntrackBypass`
   * (the operator writes false, when unset, only on Mirantis Kubernetes Engine).
   * @default - Felix default false (config_params.go; the CRD's text says true)
   */
  readonly hostConntrackBypass?: boolean;

  /**
   * Record details of the BPF policy programs for `calico-bpf` to show (costs memory and CPU).
   * Maps to `bpfPolicyDebugEnabled`.
   * @default - Felix default true
   */
  readonly policyDebugEnabled?: boolean;

  /**
   * XDP acceleration of untracked deny rules on host interfaces. Maps to `xdpEnabled`.
   * @default - Felix default true
   */
  readonly xdpEnabled?: boolean;

  /**
   * (3.33+) Reassemble fragmented IP packets from outside in BPF. Needs a kernel newer than 5.10:
   * where the program cannot load, Felix stays not ready until this is false (then such
   * fragments are dropped). Maps to `bpfIPFragmentReassemblyEnabled`.
   * @default - Felix default true
   */
  readonly ipFragmentReassemblyEnabled?: boolean;

  /**
   * (3.33+) How long BPF waits for all fragments of a packet. Maps to `bpfIPFragTimeout`.
   * @default - unset: the kernel's net.ipv4.ipfrag_time (30s)
   */
  readonly ipFragTimeout?: Duration | string;

  /**
   * (3.33+) Source address of host-originated overlay traffic: `TunnelAddress` (an address on the
   * tunnel device) or `HostAddress` (the node's main address). Maps to `bpfOverlayHostSourceIP`.
   * @default - Felix default "TunnelAddress"
   */
  readonly overlayHostSourceIP?: BpfOverlayHostSourceIp;

  /**
   * Escape hatch: further FelixConfiguration `spec` fields, written as given. Each key must be a
   * real FelixConfiguration field that neither the operator nor a typed prop owns; anything else
   * is an error (a misspelt field would otherwise be pruned silently by the API server).
   * @default - none
   */
  readonly additionalSpec?: Readonly<Record<string, unknown>>;
  /**
   * Warning codes you have handled (for example `MAP_SHRINK` once the live counts are
   * checked): they are left out of `warnings` and of what synth prints, and listed in
   * `acknowledgedWarnings`. Each code is printed with its warning (`warning <CODE> (<severity>)`);
   * the CLI's `--ack CODE` does the same. An unknown code is an error.
   * @default - none
   */
  readonly acknowledgeWarnings?: readonly WarningCode[];
}

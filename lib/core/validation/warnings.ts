/**
 * Warnings: what is valid but needs the user's attention. Each has a stable code (tools and
 * `acknowledgeWarnings` name it) and a severity, decided here once per code, so a site only says
 * what it found:
 * - high: the cluster does not come up, loses its network or data unless the user acts first;
 * - medium: something degrades or must be checked on the cluster;
 * - low: good to know.
 */

/** Stable identifiers of the warnings; `acknowledgeWarnings` and `--ack` take them (what each means: `WARNING_FACTS`, docs/warnings.md). */
export const WarningCode = {
  UNTESTED_DISTRIBUTION: 'UNTESTED_DISTRIBUTION',
  KERNEL_REQUIREMENTS: 'KERNEL_REQUIREMENTS',
  KUBE_PROXY_MUST_GO_FIRST: 'KUBE_PROXY_MUST_GO_FIRST',
  KUBE_PROXY_OPERATOR_MANAGED: 'KUBE_PROXY_OPERATOR_MANAGED',
  EKS_CALICO_CNI: 'EKS_CALICO_CNI',
  AKS_CALICO_CNI: 'AKS_CALICO_CNI',
  API_SERVER_DISCOVERED: 'API_SERVER_DISCOVERED',
  API_SERVER_DNS_NAME: 'API_SERVER_DNS_NAME',
  DSR_UNDERLAY: 'DSR_UNDERLAY',
  HOST_NAT_UDP: 'HOST_NAT_UDP',
  ISTIO_AMBIENT_POLICY: 'ISTIO_AMBIENT_POLICY',
  ISTIO_AMBIENT_K3S_API: 'ISTIO_AMBIENT_K3S_API',
  CALICO_ISTIO_PREVIEW: 'CALICO_ISTIO_PREVIEW',
  IPIP_PERFORMANCE: 'IPIP_PERFORMANCE',
  NETKIT_INTERFACES: 'NETKIT_INTERFACES',
  WIREGUARD_MTU: 'WIREGUARD_MTU',
  CHARTS_FROM_PUBLIC_REPOSITORY: 'CHARTS_FROM_PUBLIC_REPOSITORY',
  UNKNOWN_CALICO_RELEASE: 'UNKNOWN_CALICO_RELEASE',
  DEFECTIVE_CALICO_RELEASE: 'DEFECTIVE_CALICO_RELEASE',
  CRD_HELM_RELEASE: 'CRD_HELM_RELEASE',
  ARGOCD_HELM_SOURCE_HOOK: 'ARGOCD_HELM_SOURCE_HOOK',
  NO_CONNTRACK_ALERT: 'NO_CONNTRACK_ALERT',
  MAP_BELOW_NEED: 'MAP_BELOW_NEED',
  DEFAULT_MAPS_TOO_SMALL: 'DEFAULT_MAPS_TOO_SMALL',
  MAP_SIZE_CAPPED: 'MAP_SIZE_CAPPED',
  CONNTRACK_RESIZE: 'CONNTRACK_RESIZE',
  MAP_SHRINK: 'MAP_SHRINK',
  CONNTRACK_SIZE_PERSISTED: 'CONNTRACK_SIZE_PERSISTED',
  BPF_MAP_MEMORY: 'BPF_MAP_MEMORY',
  NODE_MEMORY_REQUEST: 'NODE_MEMORY_REQUEST',
} as const;
export type WarningCode = (typeof WarningCode)[keyof typeof WarningCode];

/** How much a warning matters (see the file comment). */
export const WarningSeverity = { HIGH: 'high', MEDIUM: 'medium', LOW: 'low' } as const;
export type WarningSeverity = (typeof WarningSeverity)[keyof typeof WarningSeverity];

const { HIGH, MEDIUM, LOW } = WarningSeverity;
/** Per code: how much it matters and what it is about (docs/warnings.md is generated from this table). */
export const WARNING_FACTS: Readonly<Record<WarningCode, { readonly severity: WarningSeverity; readonly about: string }>> = {
  UNTESTED_DISTRIBUTION: { severity: LOW, about: 'The distribution is not among those Calico lists as tested for eBPF.' },
  KERNEL_REQUIREMENTS: { severity: HIGH, about: 'The Calico line loads only CO-RE programs: every node needs Linux 5.10+ with BTF.' },
  KUBE_PROXY_MUST_GO_FIRST: { severity: HIGH, about: 'kubeProxy "replace": kube-proxy must be gone before Calico is installed.' },
  KUBE_PROXY_OPERATOR_MANAGED: {
    severity: HIGH,
    about: 'kubeProxy "operator-managed": what kube-proxy\'s DaemonSet must look like for the operator to manage it.',
  },
  EKS_CALICO_CNI: { severity: HIGH, about: 'EKS with Calico CNI: pods are unreachable from the managed control plane; aws-node must go.' },
  AKS_CALICO_CNI: { severity: LOW, about: 'AKS with Calico CNI: eBPF on it is "in testing" upstream.' },
  API_SERVER_DISCOVERED: { severity: MEDIUM, about: 'No apiServer on a managed platform: the operator falls back to bpfNetworkBootstrap.' },
  API_SERVER_DNS_NAME: { severity: MEDIUM, about: "apiServer.host is a DNS name the nodes' resolver must answer." },
  DSR_UNDERLAY: { severity: HIGH, about: 'externalServiceMode "DSR": the underlay must let the direct replies through.' },
  HOST_NAT_UDP: { severity: MEDIUM, about: 'hostNetworkedNATWithoutCTLB "Disabled" with CTLB "TCP": UDP services from the host network may fail.' },
  ISTIO_AMBIENT_POLICY: { severity: MEDIUM, about: 'Istio ambient on eBPF: policy changes do not cut established ztunnel connections.' },
  ISTIO_AMBIENT_K3S_API: { severity: MEDIUM, about: 'Istio ambient on k3s: host-networked istio-cni reaches the API server only through host NAT.' },
  CALICO_ISTIO_PREVIEW: { severity: MEDIUM, about: "Calico's own Istio is a tech preview." },
  IPIP_PERFORMANCE: { severity: LOW, about: 'IPIP pools perform poorly in eBPF mode.' },
  NETKIT_INTERFACES: { severity: MEDIUM, about: 'Netkit pod interfaces: the kernel needed, and what to do before leaving the line.' },
  WIREGUARD_MTU: { severity: MEDIUM, about: "WireGuard's overhead on top of an explicit MTU." },
  CHARTS_FROM_PUBLIC_REPOSITORY: { severity: HIGH, about: 'Images from a mirror, charts still from the public repository.' },
  UNKNOWN_CALICO_RELEASE: { severity: MEDIUM, about: "A calicoVersion this library does not know: rendered with its line's facts." },
  DEFECTIVE_CALICO_RELEASE: { severity: HIGH, about: 'A Calico release with a known defect that touches what we render.' },
  CRD_HELM_RELEASE: { severity: HIGH, about: 'crdDelivery "helm-release": the release\'s stored size and what uninstalling it deletes.' },
  ARGOCD_HELM_SOURCE_HOOK: { severity: HIGH, about: "Argo CD's Helm source: deleting the Application runs the chart's pre-delete hook." },
  NO_CONNTRACK_ALERT: { severity: LOW, about: 'No conntrack alert without a known CPU count.' },
  MAP_BELOW_NEED: { severity: HIGH, about: 'A map size below what the given scale needs: the map fills up.' },
  DEFAULT_MAPS_TOO_SMALL: { severity: LOW, about: "Felix's default map sizes are too small at this scale (the sizes written cover it)." },
  MAP_SIZE_CAPPED: { severity: MEDIUM, about: 'A map capped at the largest accepted size, short of the requested headroom.' },
  CONNTRACK_RESIZE: { severity: MEDIUM, about: 'A new conntrack size restarts Felix and copies the map.' },
  MAP_SHRINK: { severity: MEDIUM, about: "A map shrunk below Felix's default: a full node cannot copy its entries and Felix does not start." },
  CONNTRACK_SIZE_PERSISTED: { severity: LOW, about: 'DoubleIfFull keeps a grown conntrack size on the node.' },
  BPF_MAP_MEMORY: { severity: LOW, about: "BPF maps are charged to calico-node's memory cgroup." },
  NODE_MEMORY_REQUEST: { severity: LOW, about: 'The memory request calico-node should carry for its maps.' },
};

/** One warning: its code, how much it matters, and the sentence that says what to do. */
export interface CalicoWarning {
  /** Stable: what `acknowledgeWarnings` and `--ack` take. */
  readonly code: WarningCode;
  /** From the code (`WARNING_FACTS`): high, medium or low. */
  readonly severity: WarningSeverity;
  /** Self-contained sentence, starting with the prop it is about where there is one. */
  readonly message: string;
}

/** A warning with its code's severity. */
export function warning(code: WarningCode, message: string): CalicoWarning {
  return { code, severity: WARNING_FACTS[code].severity, message };
}

/** The same warning with its message prefixed (`felix.scale: …`). */
export function prefixed(w: CalicoWarning, prefix: string): CalicoWarning {
  return { ...w, message: `${prefix}: ${w.message}` };
}

const RANK: Readonly<Record<WarningSeverity, number>> = { high: 0, medium: 1, low: 2 };

/** Highest severity first, otherwise in the order found (stable). */
export function bySeverity(warnings: readonly CalicoWarning[]): CalicoWarning[] {
  return [...warnings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

/** Each (code, message) once, in the order first found. */
export function uniqueWarnings(warnings: readonly CalicoWarning[]): CalicoWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.code}\0${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The warnings left once the acknowledged codes are taken out, and the codes that were. */
export function acknowledge(
  warnings: readonly CalicoWarning[],
  codes: readonly string[],
): { readonly warnings: readonly CalicoWarning[]; readonly acknowledgedWarnings: readonly WarningCode[] } {
  const ack = new Set(codes);
  return {
    warnings: warnings.filter((w) => !ack.has(w.code)),
    acknowledgedWarnings: [...new Set(warnings.filter((w) => ack.has(w.code)).map((w) => w.code))],
  };
}

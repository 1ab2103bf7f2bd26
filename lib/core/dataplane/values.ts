/**
 * Closed value sets. Each constant object carries Calico's exact wire strings, and the type of
 * the same name accepts either `Const.MEMBER` or the literal string (handy in JSON/YAML files).
 */

/**
 * Which Kubernetes distribution the cluster runs. Each is a preset (lib/core/distributions) that
 * decides the CIDRs, the provider, the kube-proxy modes and the API-server endpoint rules.
 */
export const Distribution = {
  /** k3s: pods 10.42.0.0/16, services 10.43.0.0/16, kube-proxy inside the k3s process, helm-controller built in. */
  K3S: 'k3s',
  /** k3d (k3s in containers): an alias of `k3s`. */
  K3D: 'k3d',
  /** kind: kubeadm inside containers, podSubnet 10.244.0.0/16 (pools must lie inside it). */
  KIND: 'kind',
  /** kubeadm (and clusters built like it): the pod CIDR is `--pod-network-cidr`, which has no default. */
  KUBEADM: 'kubeadm',
  /** RKE2 with `cni: none`: pods 10.42.0.0/16, services 10.43.0.0/16, helm-controller built in. */
  RKE2: 'rke2',
  /** Amazon EKS, Calico CNI or policy-only on the AWS VPC CNI; API on port 443. */
  EKS: 'eks',
  /** Azure AKS, bring-your-own CNI or policy-only on Azure CNI; API on port 443; provider must be set. */
  AKS: 'aks',
  /** OpenShift with `networkType: Calico`: pools inside the clusterNetwork (10.128.0.0/14). */
  OPENSHIFT: 'openshift',
  /** Talos Linux: pods 10.244.0.0/16, services 10.96.0.0/12, cgroup v2 at /sys/fs/cgroup. */
  TALOS: 'talos',
} as const;
export type Distribution = (typeof Distribution)[keyof typeof Distribution];

/** `Installation.spec.cni.type`: Calico networking, or Calico policy (eBPF) on the cloud's own CNI. */
export const CniType = { CALICO: 'Calico', AMAZON_VPC: 'AmazonVPC', AZURE_VNET: 'AzureVNET' } as const;
export type CniType = (typeof CniType)[keyof typeof CniType];

/** What happens to kube-proxy. */
export const KubeProxyMode = {
  /** kube-proxy keeps running: Felix leaves its iptables rules and its health port alone. */
  COEXIST: 'coexist',
  /** kube-proxy is gone before Calico is installed (k3s `--disable-kube-proxy`): Calico is the only service implementation. */
  REPLACE: 'replace',
  /**
   * The operator removes the `kube-system/kube-proxy` DaemonSet from the nodes once eBPF is on
   * (`kubeProxyManagement: Enabled`) and finds the API server itself (`bpfNetworkBootstrap: Enabled`).
   * Only where that DaemonSet exists: kubeadm, kind, Talos, EKS.
   */
  OPERATOR_MANAGED: 'operator-managed',
} as const;
export type KubeProxyMode = (typeof KubeProxyMode)[keyof typeof KubeProxyMode];

/** `Installation.spec.calicoNetwork.bgp`. */
export const BgpMode = { ENABLED: 'Enabled', DISABLED: 'Disabled' } as const;
export type BgpMode = (typeof BgpMode)[keyof typeof BgpMode];

/** The service mesh running on the cluster, if any. */
export const ServiceMesh = {
  /** Istio, sidecar or ambient mode. */
  ISTIO: 'istio',
  LINKERD: 'linkerd',
  NONE: 'none',
} as const;
export type ServiceMesh = (typeof ServiceMesh)[keyof typeof ServiceMesh];

/** `FelixConfiguration.spec.bpfConnectTimeLoadBalancing`. */
export const ConnectTimeLoadBalancing = { TCP: 'TCP', ENABLED: 'Enabled', DISABLED: 'Disabled' } as const;
export type ConnectTimeLoadBalancing = (typeof ConnectTimeLoadBalancing)[keyof typeof ConnectTimeLoadBalancing];

/** `FelixConfiguration.spec.bpfExternalServiceMode`. */
export const ExternalServiceMode = { TUNNEL: 'Tunnel', DSR: 'DSR' } as const;
export type ExternalServiceMode = (typeof ExternalServiceMode)[keyof typeof ExternalServiceMode];

/** `Installation.spec.calicoNetwork.ipPools[].encapsulation`. */
export const Encapsulation = {
  VXLAN_CROSS_SUBNET: 'VXLANCrossSubnet',
  VXLAN: 'VXLAN',
  IPIP_CROSS_SUBNET: 'IPIPCrossSubnet',
  IPIP: 'IPIP',
  NONE: 'None',
} as const;
export type Encapsulation = (typeof Encapsulation)[keyof typeof Encapsulation];

/** How the Helm releases are expressed in the synthesized GitOps output. */
export const GitOpsFlavor = {
  /** Flux: HelmRepository + HelmRelease (`helm.toolkit.fluxcd.io/v2`) and two ordered Kustomizations. */
  FLUX: 'flux',
  /** Argo CD: Applications and custom resources ordered by sync waves. */
  ARGOCD: 'argocd',
  /** k3s's built-in helm-controller: `HelmChart` (`helm.cattle.io/v1`) objects. */
  K3S: 'k3s',
  /**
   * No GitOps tool: plain manifests in apply order (the namespace, then the custom resources) and
   * the chart values for `helm install`, for a first CNI brought up by hand (kubeadm, EKS, AKS, kind).
   */
  NONE: 'none',
} as const;
export type GitOpsFlavor = (typeof GitOpsFlavor)[keyof typeof GitOpsFlavor];

/** API group of the Calico resources; also selects which CRD chart is installed. */
export const CalicoApiGroup = {
  /** `crd.projectcalico.org/v1` with the `crd.projectcalico.org.v1` CRD chart (the stable default). */
  CRD_V1: 'crd.projectcalico.org/v1',
  /** `projectcalico.org/v3` native CRDs with the `projectcalico.org.v3` CRD chart (tech preview in 3.32). */
  V3: 'projectcalico.org/v3',
} as const;
export type CalicoApiGroup = (typeof CalicoApiGroup)[keyof typeof CalicoApiGroup];

/** `FelixConfiguration.spec.bpfLogLevel`. */
export const BpfLogLevel = { OFF: 'Off', INFO: 'Info', DEBUG: 'Debug' } as const;
export type BpfLogLevel = (typeof BpfLogLevel)[keyof typeof BpfLogLevel];

/** `FelixConfiguration.spec.logSeverityScreen`. */
export const LogSeverity = { TRACE: 'Trace', DEBUG: 'Debug', INFO: 'Info', WARNING: 'Warning', ERROR: 'Error', FATAL: 'Fatal' } as const;
export type LogSeverity = (typeof LogSeverity)[keyof typeof LogSeverity];

/** `FelixConfiguration.spec.bpfEnforceRPF`. */
export const EnforceRpf = { DISABLED: 'Disabled', STRICT: 'Strict', LOOSE: 'Loose' } as const;
export type EnforceRpf = (typeof EnforceRpf)[keyof typeof EnforceRpf];

/** `FelixConfiguration.spec.bpfMapSizeConntrackScaling`. */
export const ConntrackScaling = { DOUBLE_IF_FULL: 'DoubleIfFull', DISABLED: 'Disabled' } as const;
export type ConntrackScaling = (typeof ConntrackScaling)[keyof typeof ConntrackScaling];

/** `FelixConfiguration.spec.bpfHostNetworkedNATWithoutCTLB`. */
export const EnabledDisabled = { ENABLED: 'Enabled', DISABLED: 'Disabled' } as const;
export type EnabledDisabled = (typeof EnabledDisabled)[keyof typeof EnabledDisabled];

/** `Installation.spec.kubernetesProvider` values (there is no k3s value: leave it empty there). */
export const KubernetesProvider = {
  EKS: 'EKS',
  GKE: 'GKE',
  AKS: 'AKS',
  OPENSHIFT: 'OpenShift',
  DOCKER_ENTERPRISE: 'DockerEnterprise',
  RKE2: 'RKE2',
  TKG: 'TKG',
  KIND: 'Kind',
} as const;
export type KubernetesProvider = (typeof KubernetesProvider)[keyof typeof KubernetesProvider];

/** The values of a constant object, for validation messages and checks. */
export function allowed<T extends Record<string, string>>(set: T): readonly T[keyof T][] {
  return Object.values(set) as T[keyof T][];
}

/** Who installs and upgrades the Calico CRDs (see `CalicoEbpfDataplaneProps.crdDelivery`). */
export const CrdDelivery = {
  /** The tigera-operator creates and upgrades them itself (`manageCRDs: true`); no release holds them. */
  OPERATOR: 'operator',
  /** The CRD chart as a Helm release: close to the 1 MiB release limit, and uninstalling it deletes every Calico resource. */
  HELM_RELEASE: 'helm-release',
} as const;
export type CrdDelivery = (typeof CrdDelivery)[keyof typeof CrdDelivery];

/** What removing the output does to the running network (see `CalicoEbpfDataplaneProps.teardown`). */
export const Teardown = {
  /** Removing a file, release or stack leaves the network running (the default). */
  RETAIN: 'retain',
  /** No protections: removing the output removes Calico, Installation first. */
  DELETE: 'delete',
} as const;
export type Teardown = (typeof Teardown)[keyof typeof Teardown];

/** `Installation.spec.calicoNetwork.clusterRoutingMode`: who programs the routes to other nodes' blocks. */
export const ClusterRoutingMode = {
  /** BIRD (BGP) programs them; IPIP routes by BIRD are deprecated from 3.33. */
  BIRD: 'BIRD',
  /** Felix programs every cluster route. */
  FELIX: 'Felix',
  /** 3.33+: Felix programs IPIP routes, BGP the unencapsulated ones (3.33's behaviour when unset). */
  FELIX_IPIP_ONLY: 'FelixIPIPOnly',
} as const;
export type ClusterRoutingMode = (typeof ClusterRoutingMode)[keyof typeof ClusterRoutingMode];

/** `Installation.spec.calicoNetwork.linuxPodInterfaceType` (3.33+). */
export const LinuxPodInterfaceType = { VETH: 'Veth', NETKIT: 'Netkit' } as const;
export type LinuxPodInterfaceType = (typeof LinuxPodInterfaceType)[keyof typeof LinuxPodInterfaceType];

/** A Kubernetes image pull policy. */
export const ImagePullPolicy = { ALWAYS: 'Always', IF_NOT_PRESENT: 'IfNotPresent', NEVER: 'Never' } as const;
export type ImagePullPolicy = (typeof ImagePullPolicy)[keyof typeof ImagePullPolicy];

/** `Installation.spec.cni.specVersion` (3.33+): the `cniVersion` of the CNI config calico-node writes. */
export const CniSpecVersion = { AUTO: 'Auto', V0_3_1: '0.3.1', V0_4_0: '0.4.0', V1_0_0: '1.0.0' } as const;
export type CniSpecVersion = (typeof CniSpecVersion)[keyof typeof CniSpecVersion];

/** `FelixConfiguration.spec.bpfAttachType`: how programs attach to interfaces. */
export const BpfAttachType = {
  /** Legacy tc qdisc/filter attachment. */
  TC: 'TC',
  /** tcx (kernel 6.6+): Felix's default in 3.32. */
  TCX: 'TCX',
  /** 3.33+: the netkit API on netkit pod devices, TCX elsewhere; 3.33's default. */
  NETKIT: 'Netkit',
} as const;
export type BpfAttachType = (typeof BpfAttachType)[keyof typeof BpfAttachType];

/** `FelixConfiguration.spec.bpfConntrackMode`: where conntrack cleanup runs. */
export const BpfConntrackMode = { AUTO: 'Auto', USERSPACE: 'Userspace', BPF_PROGRAM: 'BPFProgram' } as const;
export type BpfConntrackMode = (typeof BpfConntrackMode)[keyof typeof BpfConntrackMode];

/** `FelixConfiguration.spec.bpfJITHardening`. */
export const BpfJitHardening = { AUTO: 'Auto', STRICT: 'Strict' } as const;
export type BpfJitHardening = (typeof BpfJitHardening)[keyof typeof BpfJitHardening];

/** `FelixConfiguration.spec.bpfOverlayHostSourceIP` (3.33+): source address of host-originated overlay traffic. */
export const BpfOverlayHostSourceIp = { TUNNEL_ADDRESS: 'TunnelAddress', HOST_ADDRESS: 'HostAddress' } as const;
export type BpfOverlayHostSourceIp = (typeof BpfOverlayHostSourceIp)[keyof typeof BpfOverlayHostSourceIp];

/** How the Argo CD hand-over gets the operator chart (`gitops.argocd.operatorSource`). */
export const ArgoOperatorSource = {
  /** Argo CD adopts the k3s HelmChart; k3s's helm-controller keeps running Helm. */
  HELMCHART: 'helmchart',
  /** Argo CD renders the chart from the Helm repository itself. */
  HELM_SOURCE: 'helm-source',
} as const;
export type ArgoOperatorSource = (typeof ArgoOperatorSource)[keyof typeof ArgoOperatorSource];

/** Who installs Istio (`serviceMesh.provider`). */
export const IstioProvider = {
  /** Istio installed by you (istioctl, Helm, the Sail operator); the library only adapts Felix. */
  UPSTREAM: 'upstream',
  /** Calico's own Istio ambient: the library renders the operator's `Istio` resource. */
  CALICO: 'calico',
} as const;
export type IstioProvider = (typeof IstioProvider)[keyof typeof IstioProvider];

/** Istio's data-plane mode (`serviceMesh.mode`). */
export const IstioMode = { SIDECAR: 'sidecar', AMBIENT: 'ambient', MIXED: 'mixed' } as const;
export type IstioMode = (typeof IstioMode)[keyof typeof IstioMode];

/** A toleration's operator (Kubernetes `Toleration.operator`). */
export const TolerationOperator = { EXISTS: 'Exists', EQUAL: 'Equal' } as const;
export type TolerationOperator = (typeof TolerationOperator)[keyof typeof TolerationOperator];

/** A taint's effect (Kubernetes `Toleration.effect`). */
export const TaintEffect = { NO_SCHEDULE: 'NoSchedule', PREFER_NO_SCHEDULE: 'PreferNoSchedule', NO_EXECUTE: 'NoExecute' } as const;
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];

/** When unhealthy Typha pods may be evicted (PodDisruptionBudget `unhealthyPodEvictionPolicy`). */
export const UnhealthyPodEvictionPolicy = { IF_HEALTHY_BUDGET: 'IfHealthyBudget', ALWAYS_ALLOW: 'AlwaysAllow' } as const;
export type UnhealthyPodEvictionPolicy = (typeof UnhealthyPodEvictionPolicy)[keyof typeof UnhealthyPodEvictionPolicy];

/** Node-address detection from the Kubernetes Node object (`nodeAddressAutodetection*.kubernetes`). */
export const NodeAddressSource = {
  /** The address the kubelet registered (k3s `--node-ip`). */
  NODE_INTERNAL_IP: 'NodeInternalIP',
} as const;
export type NodeAddressSource = (typeof NodeAddressSource)[keyof typeof NodeAddressSource];

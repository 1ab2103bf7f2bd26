/**
 * What each distribution's platform really does, as data: one row per preset, read by the
 * resolver (distribution.ts), the cluster set-up steps (cluster-setup.ts) and the README table.
 * Facts: ../shared/docs/distributions.md, with these checked in tigera/operator v1.42.3 source:
 * - provider values and detection: api/v1/installation_types.go (enum, no k3s/kubeadm/Talos
 *   value), pkg/common/discovery/discovery.go (GKE, TKG, OpenShift, DockerEE, EKS, RKE2, Kind
 *   detected; AKS never), core_controller.go (a set value that differs from the detected one
 *   fails reconciliation);
 * - pools: pkg/controller/ippool/defaults.go (kubeadm podSubnet / OpenShift clusterNetwork
 *   containment, 192.168.0.0/16 or EKS 172.16.0.0/16 otherwise), validation.go (IPIP and
 *   unencapsulated pools need BGP in BIRD mode; non-Calico CNI: no BGP, encapsulation None);
 * - kube-proxy: pkg/controller/kubeproxy/controller.go (only DaemonSet kube-system/kube-proxy,
 *   refused when managed-by/addonmanager labelled), pkg/controller/utils/bpf.go (bootstrap refused
 *   while the kubernetes-services-endpoint ConfigMap exists);
 * - chart (Calico v3.32.1 charts/tigera-operator): installation.kubernetesProvider "openshift"
 *   gates the SCC/config.openshift.io RBAC and the bootstrap-crds/create-initial-resources init
 *   containers (calicoctl image), dnsPolicy/dnsConfig reach the operator Deployment.
 */
import { CniType, Distribution, KubeProxyMode, KubernetesProvider } from '../dataplane/values';

/** A `kubernetesProvider` value: empty means "let the operator detect it". */
export type ProviderValue = '' | KubernetesProvider;

/** A distribution with its own preset (`k3d` is an alias of `k3s`). */
export type PresetName = Exclude<Distribution, 'k3d'>;

export interface DistributionPreset {
  readonly name: PresetName;
  /** How the README and messages name it. */
  readonly title: string;
  /**
   * The platform's pod CIDR(s), the default pools' ranges. Absent: the user must give `podCidrs`
   * (kubeadm's `--pod-network-cidr` has no default).
   */
  readonly podCidrs?: readonly string[];
  /** Where the pod CIDR comes from on the platform, for messages. */
  readonly podCidrSource: string;
  /**
   * The operator reads the platform's pod CIDR (kubeadm-config podSubnet, OpenShift clusterNetwork)
   * and refuses explicit pools outside it ("IPPool … is not within the platform's configured pod
   * network CIDR(s)", pkg/controller/ippool/defaults.go).
   */
  readonly poolsInsidePodCidr: boolean;
  /** Default service CIDRs (overlap check only); empty when the platform picks them per cluster. */
  readonly serviceCidrs: readonly string[];
  /** What the operator's auto-detection finds on this platform ('' = nothing). */
  readonly detectedProvider: ProviderValue;
  /** Values that do not contradict detection; the first is the default. */
  readonly providers: readonly ProviderValue[];
  /** Why the default provider is what it is. */
  readonly providerNote: string;
  /** kube-proxy modes this platform allows; the first is the default. */
  readonly kubeProxyModes: readonly KubeProxyMode[];
  /** How kube-proxy runs here (used when a mode is refused). */
  readonly kubeProxyNote: string;
  /** How to have no kube-proxy before the install (`replace`). */
  readonly removeKubeProxy: string;
  /**
   * The `kubernetes-services-endpoint` ConfigMap is required even while kube-proxy runs: the
   * platform documents it and `bpfNetworkBootstrap` is discouraged there.
   */
  readonly endpointRequired: boolean;
  /** The API server's port when `apiServer.port` is not given. */
  readonly apiServerPort: number;
  /** Only this port is served (managed control planes). */
  readonly apiServerPortFixed: boolean;
  /** What to put in `apiServer.host`. */
  readonly endpointHint: string;
  /** k3s ServiceLB (klipper-lb) forwards inside pods. */
  readonly containerIPForwarding: boolean;
  /** `cni.type` values; the first is the default. */
  readonly cniTypes: readonly CniType[];
  /** `Installation.spec.kubeletVolumePluginPath` when the user sets none (absent: the operator's /var/lib/kubelet). */
  readonly kubeletVolumePluginPath?: string;
  /** FelixConfiguration fields the platform needs, decided by the preset. */
  readonly felixSpec: Readonly<Record<string, string>>;
  /** Labels and annotations the operator namespace needs on this platform (the chart creates none). */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly namespaceAnnotations: Readonly<Record<string, string>>;
  /** k3s/RKE2 auto-deploy folder: the bootstrap layers work there before any CNI exists. */
  readonly manifestsDir?: string;
  /** The chart itself reads `installation.kubernetesProvider` (OpenShift RBAC and init containers). */
  readonly chartProvider?: KubernetesProvider;
  /** eBPF support as Calico states it. */
  readonly ebpfSupport: string;
  /** Set when Calico does not list the platform as tested for eBPF: what to say about it (UNTESTED_DISTRIBUTION). */
  readonly untested?: string;
}

export const DISTRIBUTION_PRESETS: Readonly<Record<PresetName, DistributionPreset>> = {
  k3s: {
    name: Distribution.K3S,
    title: 'k3s / k3d',
    podCidrs: ['10.42.0.0/16'],
    podCidrSource: 'k3s --cluster-cidr',
    poolsInsidePodCidr: false,
    serviceCidrs: ['10.43.0.0/16'],
    detectedProvider: '',
    providers: [''],
    providerNote: 'the operator has no k3s provider and detects none',
    kubeProxyModes: [KubeProxyMode.COEXIST, KubeProxyMode.REPLACE],
    kubeProxyNote:
      'k3s runs kube-proxy inside the k3s process, so there is no kube-system/kube-proxy DaemonSet for the operator to manage (its kubeproxy-monitor would go Degraded)',
    removeKubeProxy: "start every k3s server with --disable-kube-proxy (k3d: --k3s-arg '--disable-kube-proxy@server:*')",
    endpointRequired: false,
    apiServerPort: 6443,
    apiServerPortFixed: false,
    endpointHint: 'the server node IP or the fixed registration address/VIP, port 6443 (on k3d: the server container IP)',
    containerIPForwarding: true,
    cniTypes: [CniType.CALICO],
    // CSI is fragile on k3d; the chart's own default is None too.
    kubeletVolumePluginPath: 'None',
    felixSpec: {},
    namespaceLabels: {},
    namespaceAnnotations: {},
    manifestsDir: '/var/lib/rancher/k3s/server/manifests',
    ebpfSupport: "not in Calico's eBPF list (community use)",
    untested: 'k3s and k3d are not among the distributions Calico lists as tested for eBPF (community use)',
  },
  kind: {
    name: Distribution.KIND,
    title: 'kind',
    podCidrs: ['10.244.0.0/16'],
    podCidrSource: "kind's networking.podSubnet (kubeadm podSubnet)",
    poolsInsidePodCidr: true,
    serviceCidrs: ['10.96.0.0/16'],
    detectedProvider: KubernetesProvider.KIND,
    providers: ['', KubernetesProvider.KIND],
    providerNote: "the operator detects Kind from the nodes' kind:// providerID; the value changes no rendering",
    kubeProxyModes: [KubeProxyMode.OPERATOR_MANAGED, KubeProxyMode.COEXIST, KubeProxyMode.REPLACE],
    kubeProxyNote: 'kind runs kube-proxy as the kubeadm DaemonSet kube-system/kube-proxy (none with networking.kubeProxyMode: none)',
    removeKubeProxy: 'create the cluster with networking.kubeProxyMode: none',
    endpointRequired: false,
    apiServerPort: 6443,
    apiServerPortFixed: false,
    endpointHint: 'the control-plane container IP (docker inspect <cluster>-control-plane), port 6443',
    containerIPForwarding: false,
    cniTypes: [CniType.CALICO],
    felixSpec: {},
    namespaceLabels: {},
    namespaceAnnotations: {},
    ebpfSupport: "not in Calico's eBPF list (kubeadm-based)",
    untested: 'kind is not among the distributions Calico lists as tested for eBPF',
  },
  kubeadm: {
    name: Distribution.KUBEADM,
    title: 'kubeadm',
    podCidrSource: 'kubeadm init --pod-network-cidr (kubeadm-config podSubnet)',
    poolsInsidePodCidr: true,
    serviceCidrs: ['10.96.0.0/12'],
    detectedProvider: '',
    providers: [''],
    providerNote: 'the operator has no kubeadm provider and detects none',
    kubeProxyModes: [KubeProxyMode.OPERATOR_MANAGED, KubeProxyMode.COEXIST, KubeProxyMode.REPLACE],
    kubeProxyNote: 'kubeadm runs kube-proxy as the DaemonSet kube-system/kube-proxy (none with --skip-phases=addon/kube-proxy)',
    removeKubeProxy: 'kubeadm init --skip-phases=addon/kube-proxy (or keep its DaemonSet off the nodes with a nodeSelector)',
    endpointRequired: false,
    apiServerPort: 6443,
    apiServerPortFixed: false,
    endpointHint: 'the controlPlaneEndpoint (load balancer or VIP) or a stable control-plane address, port 6443',
    containerIPForwarding: false,
    cniTypes: [CniType.CALICO],
    felixSpec: {},
    namespaceLabels: {},
    namespaceAnnotations: {},
    ebpfSupport: "yes (Calico's primary eBPF platform)",
  },
  rke2: {
    name: Distribution.RKE2,
    title: 'RKE2',
    podCidrs: ['10.42.0.0/16'],
    podCidrSource: 'RKE2 cluster-cidr',
    poolsInsidePodCidr: false,
    serviceCidrs: ['10.43.0.0/16'],
    detectedProvider: KubernetesProvider.RKE2,
    providers: [KubernetesProvider.RKE2, ''],
    providerNote:
      'the operator detects RKE2 from its CoreDNS Service or rke2 ConfigMap; setting it keeps the RKE2 flexvolume path when the bundled CoreDNS is disabled',
    kubeProxyModes: [KubeProxyMode.COEXIST, KubeProxyMode.REPLACE],
    kubeProxyNote:
      'RKE2 runs kube-proxy as a static pod, so there is no kube-system/kube-proxy DaemonSet for the operator to manage (its kubeproxy-monitor would go Degraded)',
    removeKubeProxy: 'set disable-kube-proxy: true in /etc/rancher/rke2/config.yaml on every server',
    endpointRequired: false,
    apiServerPort: 6443,
    apiServerPortFixed: false,
    endpointHint: 'a server node IP or the load-balancer VIP, port 6443',
    containerIPForwarding: false,
    cniTypes: [CniType.CALICO],
    felixSpec: {},
    namespaceLabels: {},
    namespaceAnnotations: {},
    manifestsDir: '/var/lib/rancher/rke2/server/manifests',
    ebpfSupport: 'yes (Calico recommends RKE2 over RKE)',
  },
  eks: {
    name: Distribution.EKS,
    title: 'EKS',
    // The operator's own EKS default for Calico IPAM (defaults.go): outside the VPC's ranges.
    podCidrs: ['172.16.0.0/16'],
    podCidrSource: 'the Calico pool (EKS has no platform pod CIDR with Calico CNI)',
    poolsInsidePodCidr: false,
    serviceCidrs: [],
    detectedProvider: KubernetesProvider.EKS,
    providers: [KubernetesProvider.EKS, ''],
    providerNote:
      'the operator detects EKS from aws-auth or the kube-dns labels; set explicitly because clusters using access entries may have no aws-auth',
    kubeProxyModes: [KubeProxyMode.COEXIST, KubeProxyMode.REPLACE, KubeProxyMode.OPERATOR_MANAGED],
    kubeProxyNote: 'EKS runs kube-proxy as the add-on DaemonSet kube-system/kube-proxy',
    removeKubeProxy: 'remove the kube-proxy add-on (or keep its DaemonSet off the nodes with a nodeSelector)',
    endpointRequired: true,
    apiServerPort: 443,
    apiServerPortFixed: true,
    endpointHint: 'the cluster endpoint host name (kubectl cluster-info, e.g. ABCD.gr7.<region>.eks.amazonaws.com), port 443',
    containerIPForwarding: false,
    cniTypes: [CniType.CALICO, CniType.AMAZON_VPC],
    felixSpec: {},
    namespaceLabels: {},
    namespaceAnnotations: {},
    ebpfSupport: 'yes (AWS VPC CNI or Calico CNI)',
  },
  aks: {
    name: Distribution.AKS,
    title: 'AKS',
    podCidrs: ['10.244.0.0/16'],
    podCidrSource: 'az aks create --pod-cidr',
    poolsInsidePodCidr: false,
    serviceCidrs: [],
    detectedProvider: '',
    providers: [KubernetesProvider.AKS],
    providerNote: 'the operator never detects AKS, so it must be set (Azure CNI defaults, virtual-node exclusions, flexvolume path)',
    kubeProxyModes: [KubeProxyMode.COEXIST],
    kubeProxyNote:
      'AKS runs kube-proxy as an add-on-manager DaemonSet: manual changes are reverted and the operator refuses DaemonSets with the addonmanager label',
    removeKubeProxy: 'not possible: AKS re-creates its kube-proxy add-on',
    endpointRequired: true,
    apiServerPort: 443,
    apiServerPortFixed: true,
    endpointHint: 'the API server FQDN (*.hcp.<region>.azmk8s.io, az aks show --query fqdn), port 443',
    containerIPForwarding: false,
    cniTypes: [CniType.CALICO, CniType.AZURE_VNET],
    felixSpec: {},
    namespaceLabels: {},
    namespaceAnnotations: {},
    ebpfSupport: 'yes, with limitations (Calico CNI: in testing)',
  },
  openshift: {
    name: Distribution.OPENSHIFT,
    title: 'OpenShift',
    podCidrs: ['10.128.0.0/14'],
    podCidrSource: 'networks.config.openshift.io/cluster spec.clusterNetwork',
    poolsInsidePodCidr: true,
    serviceCidrs: ['172.30.0.0/16'],
    detectedProvider: KubernetesProvider.OPENSHIFT,
    providers: [KubernetesProvider.OPENSHIFT],
    providerNote: 'the operator detects OpenShift from ClusterVersion, and the chart needs it for the OpenShift RBAC and init containers',
    kubeProxyModes: [KubeProxyMode.REPLACE, KubeProxyMode.COEXIST],
    kubeProxyNote: 'the cluster network operator runs kube-proxy (deployKubeProxy), not a kube-system/kube-proxy DaemonSet',
    removeKubeProxy: 'set spec.deployKubeProxy: false in networks.operator.openshift.io/cluster',
    endpointRequired: true,
    apiServerPort: 6443,
    apiServerPortFixed: false,
    endpointHint: 'api-int.<cluster>.<base domain> (or api.<cluster>.<base domain>), port 6443',
    containerIPForwarding: false,
    cniTypes: [CniType.CALICO],
    felixSpec: {},
    // The chart creates no namespace; OpenShift runs run-level 0 namespaces without SCC admission delays.
    namespaceLabels: { 'openshift.io/run-level': '0' },
    namespaceAnnotations: { 'openshift.io/node-selector': '' },
    chartProvider: KubernetesProvider.OPENSHIFT,
    ebpfSupport: "yes (the default dataplane of Calico's OpenShift manifests)",
  },
  talos: {
    name: Distribution.TALOS,
    title: 'Talos',
    podCidrs: ['10.244.0.0/16'],
    podCidrSource: 'Talos cluster.network.podSubnets',
    poolsInsidePodCidr: false,
    serviceCidrs: ['10.96.0.0/12'],
    detectedProvider: '',
    providers: [''],
    providerNote: 'the operator has no Talos provider and detects none',
    kubeProxyModes: [KubeProxyMode.OPERATOR_MANAGED, KubeProxyMode.COEXIST, KubeProxyMode.REPLACE],
    kubeProxyNote: 'Talos runs kube-proxy as the DaemonSet kube-system/kube-proxy (none with cluster.proxy.disabled: true)',
    removeKubeProxy: 'set cluster.proxy.disabled: true in the machine config',
    endpointRequired: false,
    apiServerPort: 6443,
    apiServerPortFixed: false,
    endpointHint: 'cluster.controlPlane.endpoint (host and port)',
    containerIPForwarding: false,
    cniTypes: [CniType.CALICO],
    kubeletVolumePluginPath: 'None',
    // Talos's root file system is read-only: the default /run/calico/cgroup cannot be mounted.
    felixSpec: { cgroupV2Path: '/sys/fs/cgroup' },
    namespaceLabels: {},
    namespaceAnnotations: {},
    ebpfSupport: 'yes (Talos 1.6+)',
  },
};

/** Names that are not presets, with the reason and what to use instead. */
export const REFUSED_DISTRIBUTIONS: Readonly<Record<string, string>> = {
  gke: 'Calico does not support eBPF on GKE (incompatible with the GKE CNI plugin), and nothing in the operator refuses it — the dataplane would fail on the nodes; use GKE Dataplane V2 or a self-managed kubeadm cluster on GCE (distribution "kubeadm")',
  microk8s:
    'MicroK8s ships its own manifest-based Calico in kube-system, and operator v1.42.3 cannot take it over (the migration fails on the snap paths; the fix is in a later operator); use the MicroK8s Calico add-on, or k3s',
  generic:
    'distribution "generic" was removed: it wrote pool 192.168.0.0/16, which the operator refuses on every kubeadm cluster whose podSubnet differs; pick the preset for your platform — "kubeadm" (with podCidrs = your --pod-network-cidr), "kind", "rke2", "eks", "aks", "openshift", "talos" or "k3s"',
};

/** The preset names, as users write them (aliases included). */
export const DISTRIBUTION_NAMES: readonly Distribution[] = Object.values(Distribution);

/** The preset name a distribution resolves to (the k3d alias is k3s). */
export function presetName(name: Distribution): PresetName {
  return name === Distribution.K3D ? Distribution.K3S : name;
}

/** The presets, each once. */
export function allPresets(): DistributionPreset[] {
  return Object.values(DISTRIBUTION_PRESETS);
}

import type { GitOpsProps } from '../gitops/gitops-props';
import type { WarningCode } from '../validation/warnings';
import type { FelixBpfTuningProps } from '../felix/felix-props';
import type { ServiceMeshSpec } from '../meshes/mesh-props';
import type { ObservabilityProps } from '../observability/observability-props';
import type { NodeSettingsProps } from './installation-props';
import type { IpPoolProps, ApiServerEndpoint, NodeAddressAutodetection, ContainerResources, ComponentsProps, K3dProps } from './dataplane-structs';
import type {
  BgpMode,
  CalicoApiGroup,
  ClusterRoutingMode,
  CniType,
  ConnectTimeLoadBalancing,
  CrdDelivery,
  Distribution,
  EnabledDisabled,
  ExternalServiceMode,
  KubeProxyMode,
  KubernetesProvider,
  Teardown,
} from './values';

export type {
  IpPoolProps,
  ApiServerEndpoint,
  NodeAddressAutodetection,
  ContainerResources,
  ResourceQuantities,
  ComponentsProps,
  K3dProps,
} from './dataplane-structs';

/** Everything about a cluster's Calico eBPF dataplane. Every prop is optional. */
export interface CalicoEbpfDataplaneProps extends NodeSettingsProps {
  /**
   * Identifier of the cluster, for several clusters in one App or repository: the layer folders
   * and GitOps object names derive from it (`<clusterName>-calico-…`, unless `gitops.layerPrefix`
   * is set) and it names the k3d cluster. A DNS label of at most 40 characters.
   * @default - none: layers are named `calico-…`
   */
  readonly clusterName?: string;
  /**
   * Calico release, as its tag (`vMAJOR.MINOR.PATCH`); pins both charts, the operator, the CRDs
   * and chart values the output is checked against, and the images. v3.32.0–v3.32.4 and
   * v3.33.0–v3.33.1 are known (prefer v3.33.1 to v3.33.0, whose operator can overwrite
   * FelixConfiguration settings); see `upgradePlan` for moving between them.
   * @default "v3.33.1"
   */
  readonly calicoVersion?: string;
  /**
   * tigera/operator image tag. Needed only for a Calico release this library does not know yet.
   * @default - the tag the Calico release pins (v3.32.1 → v1.42.3, v3.33.1 → v1.44.1)
   */
  readonly operatorVersion?: string;
  /**
   * Helm repository holding `tigera-operator` and the CRD charts.
   * @default "https://docs.tigera.io/calico/charts"
   */
  readonly helmRepository?: string;
  /**
   * Namespace of the operator, its Helm releases and the `kubernetes-services-endpoint` ConfigMap.
   * @default "tigera-operator"
   */
  readonly namespace?: string;
  /**
   * Escape hatch: extra `tigera-operator` chart values, deep-merged into the computed ones.
   * A value that contradicts one the library sets is an error, as are chart keys that would
   * make the chart render objects this library owns (`installation`, `defaultFelixConfiguration`).
   * @default - none
   */
  readonly helmValues?: Readonly<Record<string, unknown>>;
  /**
   * Kubernetes distribution: a preset of the platform's real constraints (pod and service CIDRs,
   * `kubernetesProvider`, allowed kube-proxy modes, API-server endpoint rules, provider-specific
   * fields). `k3d` is an alias of `k3s`. `gke` and `microk8s` are refused with the reason; the
   * former `generic` is an error that says which preset to pick. See the README's distribution table.
   * @default "k3s"
   */
  readonly distribution?: Distribution;
  /**
   * `Installation.spec.kubernetesProvider`. Only a value that agrees with the operator's
   * auto-detection on the distribution (a mismatch stops reconciliation).
   * @default - the preset's: "AKS" on aks, "EKS" on eks, "OpenShift" on openshift, "RKE2" on rke2, empty (detected) elsewhere
   */
  readonly kubernetesProvider?: KubernetesProvider;
  /**
   * The cluster's pod CIDRs (one per IP family): kubeadm `--pod-network-cidr`, kind
   * `networking.podSubnet`, k3s/RKE2 `cluster-cidr`, OpenShift `clusterNetwork`, Talos
   * `podSubnets`. The default pools cover them, and explicit pools must lie inside them (the
   * operator refuses other pools on kubeadm, kind and OpenShift). Required on kubeadm.
   * @default - the preset's (k3s/RKE2 10.42.0.0/16, kind/Talos/AKS 10.244.0.0/16, OpenShift 10.128.0.0/14, EKS 172.16.0.0/16); none on kubeadm
   */
  readonly podCidrs?: readonly string[];
  /**
   * IP pools of the Installation. Not with a non-Calico `cni`.
   * @default - one pool per pod CIDR: VXLANCrossSubnet, NAT outgoing
   */
  readonly ipPools?: readonly IpPoolProps[];
  /**
   * Service CIDRs of the cluster (checked against the pools for overlap; k3d gets them as flags).
   * @default - the preset's (k3s/RKE2 10.43.0.0/16, kubeadm/Talos 10.96.0.0/12, kind 10.96.0.0/16, OpenShift 172.30.0.0/16); none on EKS and AKS (chosen per cluster)
   */
  readonly serviceCidrs?: readonly string[];
  /**
   * `Installation.spec.cni.type`. `AmazonVPC` (eks) and `AzureVNET` (aks) keep the cloud's CNI
   * and use Calico for eBPF policy and services only (no pools, no BGP).
   * @default "Calico"
   */
  readonly cni?: CniType;
  /**
   * `calicoNetwork.bgp`. Disabled by default: the pools use VXLAN, which needs no BGP; IPIP or
   * unencapsulated pools need `Enabled` (or clusterRoutingMode `Felix`).
   * @default "Disabled"
   */
  readonly bgp?: BgpMode;
  /**
   * `calicoNetwork.mtu`: the pod network MTU (576–9216; 1280 or more with IPv6).
   * @default - Calico detects it from the host interfaces
   */
  readonly mtu?: number;
  /**
   * `calicoNetwork.nodeAddressAutodetectionV4`, e.g. `{ kubernetes: "NodeInternalIP" }` on multi-NIC hosts.
   * @default - the operator's: firstFound (canReach 8.8.8.8 on EKS)
   */
  readonly nodeAddressAutodetectionV4?: NodeAddressAutodetection;
  /**
   * `calicoNetwork.nodeAddressAutodetectionV6` (only with an IPv6 pool).
   * @default - `{ firstFound: true }` whenever an IPv6 pool is rendered: the operator refuses a BPF
   * Installation with an IPv6 pool and no V6 method, and fills one in only from IPv6 pools that
   * already exist, so a fresh IPv6 or dual-stack cluster would never start without it
   */
  readonly nodeAddressAutodetectionV6?: NodeAddressAutodetection;
  /**
   * Resources of the calico-node container (`calicoNodeDaemonSet`). With `felix.scale`, a memory
   * limit below the BPF maps of a node is refused (the kernel charges them to calico-node) and a
   * request is suggested in a warning.
   * @default - none (the operator sets none)
   */
  readonly calicoNodeResources?: ContainerResources;
  /**
   * `Installation.spec.kubeletVolumePluginPath`; `None` turns off Calico's CSI driver. (The
   * chart's own default is `None`, the operator's `/var/lib/kubelet`; this library renders the
   * Installation, so the operator's applies unless the preset sets one.)
   * @default - "None" on k3s and Talos, else the operator's /var/lib/kubelet
   */
  readonly kubeletVolumePluginPath?: string;
  /**
   * `Installation.spec.flexVolumePath`, e.g. `/var/lib/kubelet/plugins` on EKS Bottlerocket nodes; `None` turns it off.
   * @default - the operator's per provider
   */
  readonly flexVolumePath?: string;
  /**
   * Escape hatch: more `Installation.spec` fields (e.g. `calicoNodeDaemonSet` tolerations,
   * `typhaAffinity`, `componentResources`), checked against the Installation CRD. Fields the
   * typed props decide are refused with the prop to use.
   * @default - none
   */
  readonly installationOverrides?: Readonly<Record<string, unknown>>;
  /**
   * `calicoNetwork.clusterRoutingMode`: which component programs the routes to other nodes'
   * blocks, `BIRD`, `Felix` or (3.33+) `FelixIPIPOnly`. When set, the operator writes
   * FelixConfiguration `programClusterRoutes` from it (so `felix.additionalSpec.programClusterRoutes`
   * is refused). Unset on 3.33 behaves like `FelixIPIPOnly`: IPIP pools then work with `bgp` Disabled.
   * @default - unset: Calico's own default (BIRD on 3.32, FelixIPIPOnly-like on 3.33)
   */
  readonly clusterRoutingMode?: ClusterRoutingMode;
  /**
   * `calicoNetwork.containerIPForwarding`: allow IP forwarding inside pods. k3s's ServiceLB
   * (klipper-lb `svclb-*` pods) needs it.
   * @default - true on k3s, false otherwise
   */
  readonly containerIPForwarding?: boolean;
  /**
   * What happens to kube-proxy. `coexist`: it keeps running (writes `bpfKubeProxyIptablesCleanupEnabled:
   * false`, `bpfKubeProxyHealthzPort: 0`). `replace`: it was removed before the install (needs
   * `apiServer`). `operator-managed`: the operator removes the `kube-system/kube-proxy` DaemonSet
   * from eBPF nodes and finds the API server itself (kubeadm, kind, Talos, EKS only).
   * @default - "operator-managed" on kubeadm, kind and Talos; "replace" on OpenShift; "coexist" elsewhere
   */
  readonly kubeProxy?: KubeProxyMode;
  /**
   * API-server address for the `kubernetes-services-endpoint` ConfigMap (must not depend on
   * Services). Required with `replace` and on EKS, AKS and OpenShift; refused with
   * `operator-managed`. Without it (coexist) the operator finds the API server itself
   * (`bpfNetworkBootstrap`). A DNS name makes the operator and calico-node use the node's resolver
   * (chart `dnsPolicy: Default`).
   * @default - none
   */
  readonly apiServer?: ApiServerEndpoint;
  /**
   * Service mesh on the cluster. Every mesh needs connect-time load balancing off so it sees
   * service addresses: `bpfConnectTimeLoadBalancing: Disabled` with `bpfHostNetworkedNATWithoutCTLB:
   * Enabled`; `none` writes Felix's defaults (`TCP`, `Enabled`) explicitly, so leaving a mesh resets
   * them. `"istio"` means upstream Istio (sidecar or ambient), `"linkerd"` Linkerd;
   * `{ kind: "istio", provider: "calico", mode: "ambient" }` also renders Calico's `Istio` resource.
   * @default "istio"
   */
  readonly serviceMesh?: ServiceMeshSpec;
  /**
   * `bpfConnectTimeLoadBalancing`. Only settable without a mesh; with one it is Disabled.
   * @default - "Disabled" with a mesh; "TCP" (Felix's default, written explicitly) without
   */
  readonly connectTimeLoadBalancing?: ConnectTimeLoadBalancing;
  /**
   * `bpfHostNetworkedNATWithoutCTLB`: host-networked clients reach services through TC-level NAT.
   * `Disabled` with CTLB `TCP` is honoured (with a warning: UDP services may not work from the host
   * network); with CTLB `Disabled` it is an error.
   * @default - "Enabled"; "Disabled" when connect-time LB is "Enabled" (Felix would force it off)
   */
  readonly hostNetworkedNATWithoutCTLB?: EnabledDisabled;
  /**
   * `bpfExternalServiceMode`: how traffic from outside the cluster to a NodePort/LoadBalancer
   * reaches a backend on another node. Tunnel: request and reply via the ingress node. DSR: the
   * backend node replies directly (needs an underlay that allows it).
   * @default "Tunnel"
   */
  readonly externalServiceMode?: ExternalServiceMode;
  /**
   * `bpfDSROptoutCIDRs`: client CIDRs that keep Tunnel behaviour under DSR. Only with DSR.
   * @default - none
   */
  readonly dsrOptOutCIDRs?: readonly string[];
  /**
   * Air-gap: registry for every Calico image and the operator image, e.g. `registry.example.com/`.
   * @default - the public registries (quay.io)
   */
  readonly registry?: string;
  /**
   * Air-gap: path inside the registry, e.g. `mirror/calico`.
   * @default - the images' own paths
   */
  readonly imagePath?: string;
  /**
   * Air-gap: names of existing pull secrets in the operator namespace, used for Calico and operator images.
   * @default - none
   */
  readonly imagePullSecrets?: readonly string[];
  /**
   * API group of Calico resources (FelixConfiguration); also selects the CRD chart.
   * @default "crd.projectcalico.org/v1"
   */
  readonly calicoApiGroup?: CalicoApiGroup;
  /**
   * Optional components (`APIServer`, `Goldmane`, `Whisker` resources named `default`).
   * @default - each component's own default (all three on)
   */
  readonly components?: ComponentsProps;
  /**
   * BPF tuning of FelixConfiguration `default`.
   * @default - no tuning: Felix defaults for everything the dataplane does not decide
   */
  readonly felix?: FelixBpfTuningProps;
  /**
   * GitOps output (cdk8s): which tool installs the charts.
   * @default - Flux, with the layer names and settings of `GitOpsProps`
   */
  readonly gitops?: GitOpsProps;
  /**
   * Who installs and upgrades the Calico CRDs. `operator`: the tigera-operator creates them at
   * start and updates them to its own version on every upgrade (chart value `manageCRDs: true`);
   * no Helm release, Git file or Pulumi resource holds them, so nothing can delete them by
   * accident, and new CRDs are in place before the new operator reconciles. `helm-release`: the
   * CRD chart as its own Helm release (Flux HelmRelease, k3s HelmChart, Argo CD Application,
   * Pulumi Release) — its stored release is close to Kubernetes' 1 MiB Secret limit (a warning
   * gives the size) and uninstalling it deletes every Calico resource.
   * @default "operator"
   */
  readonly crdDelivery?: CrdDelivery;
  /**
   * What removing the output (a file, Kustomization, Application, HelmRelease or Pulumi stack)
   * does to the cluster's network. `retain`: the namespace, ConfigMap, operator release,
   * Installation, FelixConfiguration and CRDs stay (prune/delete protections in GitOps,
   * `retainOnDelete` in Pulumi). `delete`: no protections — a deliberate full teardown removes
   * the Installation first (while the operator runs), then the operator, then the rest.
   * @default "retain"
   */
  readonly teardown?: Teardown;
  /**
   * Warning codes you have handled (for example `KUBE_PROXY_MUST_GO_FIRST` once kube-proxy is
   * gone): they are left out of `warnings` and of what synth prints, and listed in
   * `acknowledgedWarnings`. Each code is printed with its warning (`warning <CODE> (<severity>)`);
   * the CLI's `--ack CODE` does the same. An unknown code is an error.
   * @default - none
   */
  readonly acknowledgeWarnings?: readonly WarningCode[];
  /**
   * Prometheus metrics for Felix and Typha, a PodMonitor/ServiceMonitor, alerts whose thresholds
   * come from the map sizes written here, and a Grafana dashboard (kube-prometheus-stack). `{}` for
   * the defaults. Rendered in their own layer after the resources (they need the Prometheus-operator CRDs).
   * @default - none
   */
  readonly observability?: ObservabilityProps;
  /**
   * Also write a k3d cluster config (`k3d.io/v1alpha5` Simple) that starts k3s without flannel,
   * with the pod and service CIDRs of this dataplane, and carries the k3s bootstrap manifests
   * (`files:` → k3s-manifests), so `k3d cluster create --config` brings the cluster up with
   * Calico eBPF. Only with distribution `k3s`.
   * @default - no k3d config
   */
  readonly k3d?: K3dProps;
}

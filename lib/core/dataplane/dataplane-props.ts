import type { Deferrable } from './deferred';
import type { FelixBpfTuningProps } from '../felix/felix-props';
import type {
  CalicoApiGroup,
  ConnectTimeLoadBalancing,
  Distribution,
  EnabledDisabled,
  Encapsulation,
  ExternalServiceMode,
  GitOpsFlavor,
  KubeProxyMode,
  KubernetesProvider,
  ServiceMesh,
} from './values';

/** One Calico IP pool. Maps to an item of `Installation.spec.calicoNetwork.ipPools`. */
export interface IpPoolProps {
  /** Pod address range, e.g. `10.42.0.0/16`. Must be the network address. */
  readonly cidr: string;
  /**
   * Overlay between nodes. VXLAN is what Calico recommends for eBPF (IPIP performs poorly there);
   * IPIP is not allowed on IPv6 pools.
   * @default "VXLANCrossSubnet"
   */
  readonly encapsulation?: Encapsulation;
  /**
   * SNAT traffic from pods to destinations outside the pools.
   * @default - true for IPv4 pools, false for IPv6 pools
   */
  readonly natOutgoing?: boolean;
  /**
   * Prefix length of the per-node address blocks (IPv4 20–32, IPv6 116–128). Immutable once created.
   * @default - 26 for IPv4, 122 for IPv6
   */
  readonly blockSize?: number;
  /**
   * Calico selector of the nodes that allocate from this pool.
   * @default "all()"
   */
  readonly nodeSelector?: string;
  /**
   * Name of the IPPool the operator creates.
   * @default - `default-ipv4-ippool` / `default-ipv6-ippool` for the first pool of each family, else derived from the CIDR
   */
  readonly name?: string;
}

/** A stable address of the Kubernetes API server that does not depend on Services working. */
export interface ApiServerEndpoint {
  /** IP address or DNS name (on k3d: the server container, e.g. `k3d-dev-server-0`). */
  readonly host: Deferrable<string>;
  /**
   * API server port.
   * @default 6443
   */
  readonly port?: Deferrable<number>;
}

/** Flux wiring of the GitOps output. */
export interface FluxProps {
  /**
   * Namespace of Flux's Kustomizations and of the Git source they read.
   * @default "flux-system"
   */
  readonly namespace?: string;
  /**
   * The Git source (a Flux `GitRepository` or `OCIRepository`) holding the synthesized output.
   * @default - GitRepository "flux-system", the one `flux bootstrap` creates
   */
  readonly sourceRef?: { readonly kind: 'GitRepository' | 'OCIRepository' | 'Bucket'; readonly name: string; readonly namespace?: string };
  /**
   * Path inside that source where the synthesized folders (one per layer) are committed.
   * @default "./dist"
   */
  readonly path?: string;
  /**
   * Reconcile interval of the Kustomizations and HelmReleases, e.g. `10m`.
   * @default "10m"
   */
  readonly interval?: string;
}

/** Argo CD wiring of the GitOps output. */
export interface ArgoCdProps {
  /**
   * Namespace Argo CD watches for Applications.
   * @default "argocd"
   */
  readonly namespace?: string;
  /**
   * Argo CD project of the generated Applications.
   * @default "default"
   */
  readonly project?: string;
  /**
   * Cluster API URL the Applications deploy to.
   * @default "https://kubernetes.default.svc"
   */
  readonly destinationServer?: string;
}

/** k3s helm-controller wiring of the GitOps output. */
export interface K3sHelmProps {
  /**
   * Namespace of the HelmChart objects. k3s's embedded controller watches every namespace;
   * `kube-system` is the convention of its bundled charts.
   * @default "kube-system"
   */
  readonly namespace?: string;
}

/** How the Helm releases and their ordering are expressed in the synthesized output. */
export interface GitOpsProps {
  /**
   * GitOps tool that installs the charts.
   * @default "flux"
   */
  readonly flavor?: GitOpsFlavor;
  /**
   * Prefix of the layer names (one output folder/file per layer: `<prefix>-operator`, `<prefix>-resources`, …).
   * @default "calico"
   */
  readonly layerPrefix?: string;
  /** Flux settings (used when flavor is `flux`). */
  readonly flux?: FluxProps;
  /** Argo CD settings (used when flavor is `argocd`). */
  readonly argocd?: ArgoCdProps;
  /** k3s settings (used when flavor is `k3s`). */
  readonly k3s?: K3sHelmProps;
}

/** Optional Calico components the tigera-operator chart renders (`<name>.enabled` values). */
export interface ComponentsProps {
  /**
   * Calico API server (serves `projectcalico.org/v3` through the aggregation layer).
   * @default true
   */
  readonly apiServer?: boolean;
  /**
   * Goldmane flow aggregator.
   * @default true
   */
  readonly goldmane?: boolean;
  /**
   * Whisker observability UI (needs Goldmane).
   * @default true
   */
  readonly whisker?: boolean;
}

/** Everything about a cluster's Calico eBPF dataplane. Every prop is optional. */
export interface CalicoEbpfDataplaneProps {
  /**
   * Calico release, as its tag (`vMAJOR.MINOR.PATCH`); pins both charts. v3.32.0 or newer.
   * @default "v3.32.1"
   */
  readonly calicoVersion?: string;
  /**
   * tigera/operator image tag. Needed only for a Calico release this library does not know yet.
   * @default - the tag the Calico release pins (v3.32.1 → v1.42.3)
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
   * Kubernetes distribution. `k3s` (also for k3d) sets the pool to 10.42.0.0/16, the service CIDR
   * to 10.43.0.0/16, leaves `kubernetesProvider` empty and enables `containerIPForwarding` for ServiceLB.
   * @default "k3s"
   */
  readonly distribution?: Distribution;
  /**
   * `Installation.spec.kubernetesProvider`. Must match what the operator detects; not allowed with k3s.
   * @default - empty: the operator detects the provider
   */
  readonly kubernetesProvider?: KubernetesProvider;
  /**
   * IP pools of the Installation.
   * @default - one IPv4 pool: the distribution's pod CIDR, VXLANCrossSubnet, NAT outgoing
   */
  readonly ipPools?: readonly IpPoolProps[];
  /**
   * Service CIDRs of the cluster (checked against the pools for overlap).
   * @default - ["10.43.0.0/16"] on k3s, ["10.96.0.0/12"] (kubeadm) on generic
   */
  readonly serviceCidrs?: readonly string[];
  /**
   * `calicoNetwork.containerIPForwarding`: allow IP forwarding inside pods. k3s's ServiceLB
   * (klipper-lb `svclb-*` pods) needs it.
   * @default - true on k3s, false otherwise
   */
  readonly containerIPForwarding?: boolean;
  /**
   * Keep kube-proxy running beside Calico (`coexist`) or let Calico replace it (`replace`).
   * coexist writes `bpfKubeProxyIptablesCleanupEnabled: false` and `bpfKubeProxyHealthzPort: 0`;
   * replace needs `apiServer`.
   * @default "coexist"
   */
  readonly kubeProxy?: KubeProxyMode;
  /**
   * API-server address for the `kubernetes-services-endpoint` ConfigMap. Without it (and with
   * kube-proxy coexisting) the operator discovers it itself (`bpfNetworkBootstrap: Enabled`).
   * @default - none: bpfNetworkBootstrap with coexist; an error with replace
   */
  readonly apiServer?: ApiServerEndpoint;
  /**
   * Service mesh on the cluster. A mesh needs connect-time load balancing off so it sees service
   * addresses: `bpfConnectTimeLoadBalancing: Disabled` with `bpfHostNetworkedNATWithoutCTLB: Enabled`.
   * @default "istio"
   */
  readonly serviceMesh?: ServiceMesh;
  /**
   * `bpfConnectTimeLoadBalancing`. Only settable without a mesh; with one it is Disabled.
   * @default - "Disabled" with a mesh; Felix default "TCP" without
   */
  readonly connectTimeLoadBalancing?: ConnectTimeLoadBalancing;
  /**
   * `bpfHostNetworkedNATWithoutCTLB`: host-networked clients reach services through TC-level NAT.
   * @default - "Enabled" when connect-time LB is not Enabled
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
  /** Optional components rendered by the chart. */
  readonly components?: ComponentsProps;
  /**
   * BPF tuning of FelixConfiguration `default`.
   * @default - no tuning: Felix defaults for everything the dataplane does not decide
   */
  readonly felix?: FelixBpfTuningProps;
  /** GitOps output (cdk8s): which tool installs the charts. */
  readonly gitops?: GitOpsProps;
}

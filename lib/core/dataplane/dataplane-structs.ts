/** The structs the dataplane props are built from: pools, the API-server endpoint, address detection, resources, components, k3d. */
import type { Deferrable } from './deferred';
import type { Encapsulation, NodeAddressSource } from './values';

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
  /** IP address or DNS name (on k3d: server-0's IP, not its container name, which the nodes' resolver does not know). */
  readonly host: Deferrable<string>;
  /**
   * API server port.
   * @default - 443 on EKS and AKS, 6443 elsewhere
   */
  readonly port?: Deferrable<number>;
}

/**
 * How calico-node finds a node's own address (`Installation.spec.calicoNetwork.nodeAddressAutodetectionV4/V6`).
 * Exactly one method; eBPF needs one per IP family in use.
 */
export interface NodeAddressAutodetection {
  /**
   * The first address on any interface that is not a known virtual one (the operator's default).
   * @default - unset: set exactly one method
   */
  readonly firstFound?: boolean;
  /**
   * `NodeInternalIP`: the address the kubelet registered (k3s `--node-ip`, multi-NIC hosts).
   * @default - unset: set exactly one method
   */
  readonly kubernetes?: NodeAddressSource;
  /**
   * Go regular expression of the interface to take the address from, e.g. `eth1`.
   * @default - unset: set exactly one method
   */
  readonly interface?: string;
  /**
   * Go regular expression of interfaces to skip.
   * @default - unset: set exactly one method
   */
  readonly skipInterface?: string;
  /**
   * The address of the interface that routes to this IP or host name.
   * @default - unset: set exactly one method
   */
  readonly canReach?: string;
  /**
   * The first address inside one of these CIDRs.
   * @default - unset: set exactly one method
   */
  readonly cidrs?: readonly string[];
}

/** Requests and limits of one container. */
export interface ContainerResources {
  /** @default - no requests */
  readonly requests?: ResourceQuantities;
  /** @default - no limits */
  readonly limits?: ResourceQuantities;
}

/** Kubernetes resource quantities of one container. */
export interface ResourceQuantities {
  /**
   * CPU, e.g. `250m`.
   * @default - none for CPU
   */
  readonly cpu?: string;
  /**
   * Memory, e.g. `512Mi`.
   * @default - none for memory
   */
  readonly memory?: string;
}

/**
 * Optional Calico components. Each is an operator custom resource named `default` that the library
 * renders in the resources layer (the chart's own copies are switched off, so the operator chart
 * installs without any CRD and every custom resource has one owner).
 */
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

/** A k3d cluster that bootstraps Calico from the synthesized k3s manifests (one config file). */
export interface K3dProps {
  /**
   * Cluster name (k3d prefixes it with `k3d-`: kube context `k3d-<name>`, server container `k3d-<name>-server-0`).
   * @default - the dataplane's clusterName, else "calico"
   */
  readonly name?: string;
  /**
   * Number of k3s servers (control-plane nodes).
   * @default 1
   * @asType integer
   * @minimum 1
   * @maximum 9
   */
  readonly servers?: number;
  /**
   * Number of k3s agents (workers).
   * @default 2
   * @asType integer
   * @minimum 0
   * @maximum 99
   */
  readonly agents?: number;
  /**
   * k3s node image, e.g. `rancher/k3s:v1.33.4-k3s1`.
   * @default - k3d's default image for its version
   */
  readonly image?: string;
  /**
   * IPv4 range of the cluster network k3d creates (`subnet` in its config). With it, k3d gives
   * the servers fixed addresses and server-0 is the third host address (172.28.0.3 in
   * 172.28.0.0/16), so kubeProxy "replace" can point `apiServer` at it before the cluster exists
   * (the default apiServer then). It must not overlap the pod or service ranges, nor another
   * Docker network on the host: give a second such k3d cluster its own range.
   * @default - "172.28.0.0/16" with kubeProxy "replace" and no apiServer; otherwise none (k3d picks a free range)
   */
  readonly subnet?: string;
}

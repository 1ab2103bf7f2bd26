import type { CniSpecVersion, ImagePullPolicy, LinuxPodInterfaceType, UnhealthyPodEvictionPolicy } from './values';

/** `Installation.spec.typhaPodDisruptionBudget.spec` (3.33+): minAvailable or maxUnavailable, not both. */
export interface TyphaPodDisruptionBudgetProps {
  /**
   * Typha pods that must stay available during voluntary disruptions (a count or a percentage).
   * @default - unset (the operator's budget: maxUnavailable 1)
   */
  readonly minAvailable?: number | string;
  /**
   * Typha pods that may be unavailable during voluntary disruptions (a count or a percentage).
   * @default - the operator's 1
   */
  readonly maxUnavailable?: number | string;
  /**
   * When unhealthy Typha pods may be evicted: `IfHealthyBudget` or `AlwaysAllow`.
   * @default - Kubernetes' default (IfHealthyBudget)
   */
  readonly unhealthyPodEvictionPolicy?: UnhealthyPodEvictionPolicy;
}

/**
 * WireGuard encryption of pod traffic between nodes (FelixConfiguration `wireguardEnabled`,
 * `wireguardEnabledV6`, `wireguardHostEncryptionEnabled`). In eBPF mode WireGuard works for pod
 * traffic; it costs 60 bytes (IPv4) / 80 bytes (IPv6) of MTU, which Calico's MTU detection
 * subtracts by itself — an explicit `mtu` must leave room for it.
 */
export interface WireguardProps {
  /**
   * Encrypt IPv4 pod traffic between nodes (`wireguardEnabled`).
   * @default false
   */
  readonly ipv4?: boolean;
  /**
   * Encrypt IPv6 pod traffic between nodes (`wireguardEnabledV6`); needs an IPv6 pool.
   * @default false
   */
  readonly ipv6?: boolean;
  /**
   * Also encrypt host-network traffic between nodes (`wireguardHostEncryptionEnabled`; tech preview upstream).
   * @default false
   */
  readonly hostEncryption?: boolean;
}

/** Installation settings added with Calico 3.33, and encryption. Part of `CalicoEbpfDataplaneProps`. */
export interface NodeSettingsProps {
  /**
   * `calicoNetwork.linuxPodInterfaceType` (3.33+): `Netkit` gives pods netkit devices instead of
   * veth pairs on Linux 6.7+ (older kernels fall back to veth); Calico CNI only. Before leaving
   * the 3.33 line, set `felix.attachType` to `TCX` and recreate netkit pods.
   * @default - unset: the operator's Veth
   */
  readonly linuxPodInterfaceType?: LinuxPodInterfaceType;
  /**
   * Pull policy of the operator and of every container it renders (`Installation.spec.imagePullPolicy`
   * and the chart's `tigeraOperator.imagePullPolicy`; 3.33+).
   * @default - unset: IfNotPresent
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * `cni.specVersion` (3.33+): the `cniVersion` of the CNI config calico-node writes. Set `0.3.1` for
   * containerd older than 1.6 or CRI-O older than 1.24, which refuse 1.0.0.
   * @default - unset: Auto (the newest the runtime supports)
   */
  readonly cniSpecVersion?: CniSpecVersion;
  /**
   * `typhaPodDisruptionBudget` (3.33+): the PodDisruptionBudget of Typha.
   * @default - unset: the operator's (maxUnavailable 1)
   */
  readonly typhaPodDisruptionBudget?: TyphaPodDisruptionBudgetProps;
  /**
   * WireGuard encryption between nodes (FelixConfiguration `wireguardEnabled*`).
   * @default - unset: no encryption
   */
  readonly wireguard?: WireguardProps;
}

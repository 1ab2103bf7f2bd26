import type { ServiceMesh, TolerationOperator, TaintEffect, IstioProvider, IstioMode } from '../dataplane/values';

/** A Kubernetes toleration, as the `Istio` CRD's pod template accepts it. */
export interface Toleration {
  /** @default - every key (with operator `Exists`) */
  readonly key?: string;
  /** @default "Equal" */
  readonly operator?: TolerationOperator;
  /** @default - empty */
  readonly value?: string;
  /** @default - every effect */
  readonly effect?: TaintEffect;
  /** @default - tolerated for ever */
  readonly tolerationSeconds?: number;
}

/** Container resources (quantities such as `"100m"`, `"256Mi"`). */
export interface ResourceRequirements {
  /** @default - none */
  readonly limits?: Readonly<Record<string, string | number>>;
  /** @default - none */
  readonly requests?: Readonly<Record<string, string | number>>;
}

/**
 * Pod overrides of one component of Calico's Istio (`spec.<component>.spec.template.spec` of the
 * `Istio` resource): where its pods run and what they may use.
 */
export interface IstioComponentOverrides {
  /** @default - the operator's (none) */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** @default - the operator's */
  readonly tolerations?: readonly Toleration[];
  /**
   * A Kubernetes `Affinity` object (nodeAffinity, podAffinity, podAntiAffinity).
   * @default - the operator's (none)
   */
  readonly affinity?: Readonly<Record<string, unknown>>;
  /** @default - the operator's */
  readonly resources?: ResourceRequirements;
}

/** No mesh: Felix's defaults, written explicitly (CTLB `TCP`, host NAT `Enabled`). */
export interface NoMesh {
  readonly kind: 'none';
}

/** Linkerd: the proxy must see ClusterIPs, so connect-time load balancing is off. */
export interface LinkerdMesh {
  readonly kind: 'linkerd';
}

/** Istio installed the upstream way (istioctl/Helm), sidecar, ambient or both. */
export interface UpstreamIstioMesh {
  readonly kind: 'istio';
  /** @default "upstream" */
  readonly provider?: typeof IstioProvider.UPSTREAM;
  /**
   * Only documents the cluster: every mode needs the same Felix settings.
   * @default "sidecar"
   */
  readonly mode?: IstioMode;
}

/**
 * Calico's own Istio ambient (`operator.tigera.io/v1` `Istio`, open source since operator
 * v1.42.0, tech preview): the operator installs istiod, istio-cni and ztunnel into calico-system
 * and sets Felix's ambient fields itself.
 */
export interface CalicoIstioMesh {
  readonly kind: 'istio';
  readonly provider: typeof IstioProvider.CALICO;
  /** Calico's Istio is ambient only. */
  readonly mode: typeof IstioMode.AMBIENT;
  /**
   * DSCP value Felix marks mesh traffic with, 1–63 (0 passes the CRD but disables redirection).
   * Must not be used by anything else on the network.
   * @default - the operator's default (23)
   */
  readonly dscpMark?: number;
  /**
   * Pod overrides for istiod.
   * @default - the operator's defaults for istiod
   */
  readonly istiod?: IstioComponentOverrides;
  /**
   * Pod overrides for the istio-cni DaemonSet.
   * @default - the operator's defaults for istio-cni
   */
  readonly istioCNI?: IstioComponentOverrides;
  /**
   * Pod overrides for the ztunnel DaemonSet.
   * @default - the operator's defaults for ztunnel
   */
  readonly ztunnel?: IstioComponentOverrides;
}

/** The service mesh on the cluster; the plain strings are shorthands (`'istio'` = upstream Istio). */
export type ServiceMeshSpec = ServiceMesh | NoMesh | LinkerdMesh | UpstreamIstioMesh | CalicoIstioMesh;

/**
 * The props and the closed value sets they take, plus the error a wrong one raises: what every
 * entry point (core, cdk8s, Pulumi) exports so users can type their configuration.
 */
export type {
  CalicoEbpfDataplaneProps,
  IpPoolProps,
  ApiServerEndpoint,
  NodeAddressAutodetection,
  ResourceQuantities,
  ContainerResources,
  ComponentsProps,
  K3dProps,
} from './dataplane/dataplane-props';
export type { TyphaPodDisruptionBudgetProps, WireguardProps, NodeSettingsProps } from './dataplane/installation-props';
export type { GitOpsProps, FluxProps, ArgoCdProps, K3sHelmProps } from './gitops/gitops-props';
export type { FelixBpfTuningProps } from './felix/felix-props';
export type { ClusterScale } from './sizing/cluster-scale';
export type {
  ServiceMeshSpec,
  NoMesh,
  LinkerdMesh,
  UpstreamIstioMesh,
  CalicoIstioMesh,
  IstioComponentOverrides,
  Toleration,
  ResourceRequirements,
} from './meshes/mesh-props';
export type { ObservabilityProps } from './observability/observability-props';
export type { Duration } from './validation/duration';
export type { Deferrable, Deferred } from './dataplane/deferred';

// The closed value sets the props take, one `as const` object (and type) each.
export {
  Distribution,
  CniType,
  KubeProxyMode,
  BgpMode,
  ServiceMesh,
  ConnectTimeLoadBalancing,
  ExternalServiceMode,
  Encapsulation,
  GitOpsFlavor,
  CalicoApiGroup,
  BpfLogLevel,
  LogSeverity,
  EnforceRpf,
  ConntrackScaling,
  EnabledDisabled,
  KubernetesProvider,
  CrdDelivery,
  Teardown,
  ClusterRoutingMode,
  LinuxPodInterfaceType,
  ImagePullPolicy,
  CniSpecVersion,
  BpfAttachType,
  BpfConntrackMode,
  BpfJitHardening,
  BpfOverlayHostSourceIp,
  ArgoOperatorSource,
  IstioProvider,
  IstioMode,
  TolerationOperator,
  TaintEffect,
  UnhealthyPodEvictionPolicy,
  NodeAddressSource,
} from './dataplane/values';
export { ScaleProfile, IpFamilies } from './sizing/cluster-scale';

export { CalicoValidationError, ProblemCode, type Problem } from './validation/errors';
export { WarningCode, WarningSeverity, type CalicoWarning } from './validation/warnings';

// What the constructs and components expose as read-only views of the props (`config`, `rendered`).
export type { ResolvedCalicoEbpfDataplane } from './dataplane/dataplane';
export type { RenderedCalicoEbpfDataplane, HelmReleaseSpec } from './dataplane/render';
export type { ResolvedFelixBpfTuning } from './felix/felix';
export type { ResolvedIpPool } from './dataplane/ip-pools';
export type { ResolvedGitOps } from './gitops/gitops-config';
export type { ResolvedInstallationSettings } from './dataplane/installation-settings';
export type { ResolvedK3d } from './lifecycle/k3d';
export type { ResolvedObservability } from './observability/monitoring';
export type { ResolvedPlatform } from './distributions/distribution';
export type { ResolvedServiceMesh } from './meshes/mesh';
export type { ResolvedClusterScale } from './sizing/cluster-scale';
export type { ImageInput } from './releases/images';
export type { ResolvedImages } from './dataplane/image-settings';
export type { KubeObject } from './dataplane/kube';
export { CalicoLine } from './releases/calico-releases';
export type { DistributionPreset, PresetName, ProviderValue } from './distributions/presets';
export type { MapSizingReport, MapSizing, SizeProp } from './sizing/map-sizing';
export type { MapSizeField } from './felix/felix-fields';

/** calico-ebpf-constructs core: framework-free props, resolution, validation and rendering. */
export * from './dataplane/values';
export * from './validation/errors';
export * from './validation/duration';
export * from './dataplane/deferred';
export * from './dataplane/kube';
export * from './felix/felix-props';
export * from './dataplane/dataplane-props';
export { MAP_SIZE_FIELDS, OPERATOR_OWNED_FIELDS, DATAPLANE_FIELDS, type MapSizeField } from './felix/felix-fields';
export { resolveFelixBpfTuning, renderFelixConfiguration, duplicateFelixConfigurationError, type ResolvedFelixBpfTuning } from './felix/felix';
export { resolveCalicoEbpfDataplane, type ResolvedCalicoEbpfDataplane } from './dataplane/dataplane';
export type { ResolvedIpPool } from './dataplane/ip-pools';
export type { ResolvedGitOps } from './gitops/gitops-config';
export {
  renderCalicoEbpfDataplane,
  renderInstallation,
  renderNamespace,
  renderServicesEndpoint,
  renderHelmReleases,
  helmChartLocation,
  SERVICES_ENDPOINT_CONFIGMAP,
  type HelmReleaseSpec,
  type RenderedCalicoEbpfDataplane,
} from './dataplane/render';
export { renderGitOpsLayers, ARGO_WAVE, ARGO_SYNC_OPTIONS, type GitOpsLayer } from './gitops/gitops';
export { toYaml, objectToYaml, objectFileName } from './gitops/yaml-output';
export { DEFAULT_CALICO_VERSION, OPERATOR_VERSIONS, MIN_CALICO_VERSION } from './dataplane/versions';
export {
  IpFamilies,
  ScaleProfile,
  SCALE_PROFILES,
  SCALE_NUMBER_FIELDS,
  SCALE_FIELD_NAMES,
  resolveClusterScale,
  type ClusterScale,
  type ResolvedClusterScale,
} from './sizing/cluster-scale';
export { planMapSizes, roundMapSize, resizeWarnings, formatMiB, type MapSizeChange, MIN_RECOMMENDED_ENTRIES, MIN_RECOMMENDED_CONNTRACK, type MapSizing, type MapSizingReport, type PlanOptions } from './sizing/map-sizing';
export { modelMapNeeds, type MapNeed } from './sizing/map-needs';
export { FIXED_MAPS, TUNABLE_MAP_SHAPES, type FixedMap, type MapShape, type MapKind } from './sizing/map-catalog';
export { hashMapBytes, lpmEntryBytes, arrayMapBytes, type HashMapShape } from './sizing/bpf-memory';

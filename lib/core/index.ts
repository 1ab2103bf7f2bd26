/** calico-ebpf-constructs core: framework-free props, resolution, validation and rendering. */
export * from './values';
export * from './errors';
export * from './duration';
export * from './deferred';
export * from './kube';
export * from './felix-props';
export * from './dataplane-props';
export { MAP_SIZE_FIELDS, OPERATOR_OWNED_FIELDS, DATAPLANE_FIELDS, type MapSizeField } from './felix-fields';
export { resolveFelixBpfTuning, renderFelixConfiguration, duplicateFelixConfigurationError, type ResolvedFelixBpfTuning } from './felix';
export { resolveCalicoEbpfDataplane, type ResolvedCalicoEbpfDataplane } from './dataplane';
export type { ResolvedIpPool } from './ip-pools';
export type { ResolvedGitOps } from './gitops-config';
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
} from './render';
export { renderGitOpsLayers, ARGO_WAVE, ARGO_SYNC_OPTIONS, type GitOpsLayer } from './gitops';
export { toYaml, objectToYaml, objectFileName } from './yaml-output';
export { DEFAULT_CALICO_VERSION, OPERATOR_VERSIONS, MIN_CALICO_VERSION } from './versions';
export {
  IpFamilies,
  ScaleProfile,
  SCALE_PROFILES,
  SCALE_NUMBER_FIELDS,
  SCALE_FIELD_NAMES,
  resolveClusterScale,
  type ClusterScale,
  type ResolvedClusterScale,
} from './cluster-scale';
export { planMapSizes, roundMapSize, resizeWarnings, formatMiB, type MapSizeChange, MIN_RECOMMENDED_ENTRIES, MIN_RECOMMENDED_CONNTRACK, type MapSizing, type MapSizingReport, type PlanOptions } from './map-sizing';
export { modelMapNeeds, type MapNeed } from './map-needs';
export { FIXED_MAPS, TUNABLE_MAP_SHAPES, type FixedMap, type MapShape, type MapKind } from './map-catalog';
export { hashMapBytes, lpmEntryBytes, arrayMapBytes, type HashMapShape } from './bpf-memory';

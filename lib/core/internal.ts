/**
 * @internal Everything of the core, for this package's own CLI, adapters, scripts and tests. Not an
 * entry point: the package exports only what lib/core/index.ts (and ./cdk8s, ./pulumi) export.
 */
export * from './dataplane/values';
export * from './validation/errors';
export * from './validation/warnings';
export * from './validation/warning-report';
export { clusterSummary } from './gitops/cluster-summary';
export { K3D_CONFIG_HEADER, checkK3dConfigTarget, defaultK3dConfigPath, k3dConfigText, writeK3dConfig } from './gitops/k3d-config-file';
export * from './validation/duration';
export * from './dataplane/deferred';
export * from './dataplane/kube';
export * from './felix/felix-props';
export * from './dataplane/dataplane-props';
export * from './dataplane/installation-props';
export * from './gitops/gitops-props';
export { MAP_SIZE_FIELDS, OPERATOR_OWNED_FIELDS, DATAPLANE_FIELDS, type MapSizeField } from './felix/felix-fields';
export {
  resolveFelixBpfTuning,
  renderFelixConfiguration,
  duplicateFelixConfigurationError,
  type ResolvedFelixBpfTuning,
  type ResolveTuningOptions,
} from './felix/felix';
export { resolveCalicoEbpfDataplane, type ResolvedCalicoEbpfDataplane } from './dataplane/dataplane';
export type { ResolvedIpPool } from './dataplane/ip-pools';
export type { ResolvedGitOps } from './gitops/gitops-config';
export {
  renderCalicoEbpfDataplane,
  renderInstallation,
  renderNamespace,
  renderServicesEndpoint,
  renderHelmReleases,
  renderComponents,
  helmChartLocation,
  SERVICES_ENDPOINT_CONFIGMAP,
  OPERATOR_RELEASE,
  type HelmReleaseSpec,
  type RenderedCalicoEbpfDataplane,
} from './dataplane/render';
export {
  renderGitOpsLayers,
  layerNames,
  layerFolders,
  hasK3sBootstrap,
  k3sManifests,
  helmValuesFiles,
  type FileFolder,
  type GitOpsLayer,
  type LayerRole,
  type K3sManifests,
} from './gitops/layers';
export { k3sManifestFiles, k3sAddonName, type K3sManifestFile } from './gitops/k3s-manifests';
export { k3sHelmChart } from './gitops/k3s';
export { kustomizationFile, type LayerFile } from './gitops/kustomize';
export { writeLayerFolders, OUTPUT_MANIFEST, type WriteResult } from './gitops/layer-folders';
export { ARGO_WAVE, ARGO_SYNC_OPTIONS, ARGO_CASCADE_FINALIZER, FLUX_PRUNE } from './lifecycle/protections';
export { lifecycleTable, protectionsOf, type LifecycleRow } from './lifecycle/lifecycle-table';
export { installPlan, type InstallStep } from './lifecycle/install-plan';
export { lifecycleSteps, formatSteps, type StepSection } from './lifecycle/handoff';
export { upgradePlan, formatUpgradePlan, type UpgradePlan, type UpgradeStep, type UpgradeTool, type UpgradeOptions } from './lifecycle/upgrade-plan';
export { renderK3dConfig, type ResolvedK3d } from './lifecycle/k3d';
export {
  helmReleaseStoredBytes,
  encodeHelmRelease,
  crdReleaseSizeWarning,
  MAX_SECRET_BYTES,
  type StoredRelease,
  type ChartFile,
} from './lifecycle/helm-release-size';
export { CRD_CHART_RELEASE_BYTES } from './generated/crd-release-size';
export { toYaml, objectToYaml, objectFileName } from './gitops/yaml-output';
export {
  DEFAULT_CALICO_VERSION,
  OPERATOR_VERSIONS,
  MIN_CALICO_VERSION,
  CALICO_RELEASES,
  LINE_FACTS,
  CalicoLine,
  lineOf,
  lineFacts,
  type CalicoRelease,
  type LineFacts,
} from './releases/calico-releases';
export { VERSION_GATES, type VersionGate } from './releases/version-gates';
export { imagesToMirror, calicoImageNames, imageInputOf, type ImageInput } from './releases/images';
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
export {
  planMapSizes,
  roundMapSize,
  resizeWarnings,
  formatMiB,
  type MapSizeChange,
  MIN_RECOMMENDED_ENTRIES,
  MIN_RECOMMENDED_CONNTRACK,
  type MapSizing,
  type MapSizingReport,
  type PlanOptions,
} from './sizing/map-sizing';
export { modelMapNeeds, type MapNeed } from './sizing/map-needs';
export { FIXED_MAPS, TUNABLE_MAP_SHAPES, type FixedMap, type MapShape, type MapKind } from './sizing/map-catalog';
export { hashMapBytes, lpmEntryBytes, arrayMapBytes, type HashMapShape } from './sizing/bpf-memory';
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
export { renderIstio, type ResolvedServiceMesh } from './meshes/mesh';
export { FELIX_FIELD_OWNERSHIP, ownershipMarkdown, type FieldOwnership, type OwnershipRule } from './felix/field-ownership';
export type { ObservabilityProps } from './observability/observability-props';
export { alertRules, CONNTRACK_ALERT_SHARE, type ResolvedObservability, type AlertRule } from './observability/monitoring';
export { dashboardModel } from './observability/dashboard';
export { FELIX_METRICS, metricNamesIn, CONNTRACK_SCAN_PERIOD_SECONDS, type UpstreamMetric } from './observability/metrics';
export {
  DISTRIBUTION_PRESETS,
  REFUSED_DISTRIBUTIONS,
  allPresets,
  presetName,
  type DistributionPreset,
  type PresetName,
  type ProviderValue,
} from './distributions/presets';
export { clusterSetup, k3sServerFlags, distributionsMarkdown, type ClusterSetupFacts } from './distributions/cluster-setup';
export { resolveInstallationSettings, INSTALLATION_OWNED, type ResolvedInstallationSettings } from './dataplane/installation-settings';
export { parseQuantity } from './dataplane/node-resources';
export * from './live';

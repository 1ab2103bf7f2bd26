/**
 * calico-ebpf-constructs: declare a cluster's Calico eBPF dataplane once, with types, and get the
 * Tigera operator's objects and the Helm releases of the Calico charts. This entry point is the
 * framework-free core: the props, the functions that validate, resolve and render them, the
 * checks and actions on a live cluster, and the error they throw. The cdk8s constructs are in
 * `calico-ebpf-constructs/cdk8s`, the Pulumi components in `calico-ebpf-constructs/pulumi`.
 *
 * Everything exported here is the public API (the committed report in `api/` lists it); the rest
 * of the code is internal and may change in any release.
 */

export * from './props';

// Validate, resolve and render.
export { resolveCalicoEbpfDataplane } from './dataplane/dataplane';
export { renderCalicoEbpfDataplane } from './dataplane/render';
export { renderGitOpsLayers, type GitOpsLayer, type LayerRole } from './gitops/layers';
export { resolveFelixBpfTuning, renderFelixConfiguration, type ResolveTuningOptions } from './felix/felix';
export { toYaml, objectToYaml } from './gitops/yaml-output';
export { warningReport, type WarningSource } from './validation/warning-report';

// Sizing, lifecycle and upgrades.
export { planMapSizes, type PlanOptions } from './sizing/map-sizing';
export { lifecycleTable, type LifecycleRow } from './lifecycle/lifecycle-table';
export { lifecycleSteps, formatSteps, type StepSection } from './lifecycle/handoff';
export { installPlan, type InstallStep, type StepBase } from './lifecycle/install-plan';
export { upgradePlan, formatUpgradePlan, type UpgradePlan, type UpgradeStep, type UpgradeTool, type UpgradeOptions } from './lifecycle/upgrade-plan';

// Releases the library knows.
export { DEFAULT_CALICO_VERSION, CALICO_RELEASES, type CalicoRelease } from './releases/calico-releases';

// The live half: a cluster through the user's kubeconfig, and the commands behind the CLI.
export { LiveCluster, LiveError, type ClusterOptions, type LiveErrorKind, type LiveObject } from './live/cluster';
export { Severity, formatFindings, type Finding, type LiveReport } from './live/findings';
export { runPreflight, runApply, type ApplyOptions, type ApplyDetails, type Progress } from './live/apply';
export { runStatus } from './live/status';
export { runDiff, type DiffDetails } from './live/diff';
export type { FieldDrift } from './live/drift';
export { runDoctor, type DoctorDetails } from './live/doctor';
export { runMigrate, type MigrationStep, type MigrationStepId, type MigrateDetails } from './live/migrate';
export { clusterRoleYaml, LIVE_COMMANDS, type LiveCommand } from './live/rbac';

/**
 * The live half as a typed API: the checks and actions behind `calico-ebpf preflight`, `apply`,
 * `status`, `diff`, `doctor` and `migrate`, for cdk8s/Pulumi programs and CI jobs. The Kubernetes
 * client is loaded on the first `LiveCluster.connect`, so importing the core stays cheap.
 */
export { LiveCluster, LiveError, describeApiError, type ClusterOptions, type LiveErrorKind, type LiveObject } from './cluster';
export { Severity, formatFindings, hasBlocker, type Finding, type LiveReport } from './findings';
export {
  preflightFindings,
  kernelAtLeast,
  parseKernel,
  inferDistribution,
  kubeProxyRuns,
  flagValue,
  type NodeFacts,
  type PreflightFacts,
} from './preflight';
export { collectPreflightFacts } from './collect';
export { runPreflight, runApply, waitUntil, type ApplyOptions, type ApplyDetails, type Progress } from './apply';
export { statusFindings, runStatus, type StatusSnapshot } from './status';
export { driftOf, objectRef, type FieldDrift } from './drift';
export { runDiff, type DiffDetails } from './diff';
export { runDoctor, redact, type DoctorDetails } from './doctor';
export { migrationPlan, runMigrate, switchDisruption, type MigrationStep, type MigrationStepId, type MigrateDetails } from './migrate';
export { applyPlan, ownedObjects, type ApplyPlan } from './objects';
export { commandRules, clusterRoleYaml, LIVE_COMMANDS, type LiveCommand } from './rbac';

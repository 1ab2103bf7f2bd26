/**
 * calico-ebpf-constructs/cdk8s: the cdk8s constructs, and the types their props use. The
 * framework-free functions (resolve, render, plan, the live commands) are in the main entry.
 */
export { CalicoEbpfDataplane } from './calico-ebpf-dataplane';
export { FelixBpfTuning } from './felix-bpf-tuning';
export * from '../core/props';
export type { WriteResult } from '../core/gitops/layer-folders';
export type { WriteLayersOptions, WriteLayersResult } from './output';

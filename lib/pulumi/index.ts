/**
 * calico-ebpf-constructs/pulumi: the Pulumi components, and the types their args use. The
 * framework-free functions (resolve, render, plan, the live commands) are in the main entry.
 */
export { CalicoEbpfDataplane, DATAPLANE_TYPE, type CalicoEbpfDataplaneArgs, type ChildPlan } from './calico-ebpf-dataplane';
export { FelixBpfTuning, FELIX_TUNING_TYPE, type FelixBpfTuningArgs } from './felix-bpf-tuning';
export * from '../core/props';

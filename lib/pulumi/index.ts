/** Pulumi components over the calico-ebpf-constructs core. */
export { CalicoEbpfDataplane, DATAPLANE_TYPE, type CalicoEbpfDataplaneArgs, type ChildPlan } from './calico-ebpf-dataplane';
export { FelixBpfTuning, FELIX_TUNING_TYPE } from './felix-bpf-tuning';
export * from '../core';

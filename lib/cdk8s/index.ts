/** cdk8s constructs over the calico-ebpf-constructs core. */
export { CalicoEbpfDataplane } from './calico-ebpf-dataplane';
export { FelixBpfTuning } from './felix-bpf-tuning';
export * from '../core';

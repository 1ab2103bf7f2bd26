import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { renderFelixConfiguration, resolveFelixBpfTuning, type FelixBpfTuningProps, type ResolvedFelixBpfTuning } from '../core/internal';
import { objectArgs } from './calico-ebpf-dataplane';
import { claimFelixConfiguration } from './claims';
import { resolveFor } from './errors';

export const FELIX_TUNING_TYPE = 'calico-ebpf:index:FelixBpfTuning';

/** The args of a `FelixBpfTuning`: the core's `FelixBpfTuningProps`, as plain values. */
export type FelixBpfTuningArgs = FelixBpfTuningProps;

/**
 * A FelixConfiguration (`default` or `node.<nodeName>`) with typed, validated BPF tuning.
 * Give it `dependsOn: dataplane` (or `dataplane.operatorRelease`) so it is created after the CRDs.
 * Changing props updates the resource in place. With `scale`, the `bpfMapSize*` fields are derived
 * from the cluster's size (`config.sizing` holds the report) and its warnings are logged to the preview.
 */
export class FelixBpfTuning extends pulumi.ComponentResource {
  public readonly config: ResolvedFelixBpfTuning;
  public readonly felixConfiguration: k8s.apiextensions.CustomResource;
  public readonly felixConfigurationName: pulumi.Output<string>;

  public constructor(name: string, args: FelixBpfTuningArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    // The args are the component's inputs, as pulumi-eks passes them: they show in the state and in diffs.
    super(FELIX_TUNING_TYPE, name, args, opts);
    this.config = resolveFor(this, () => {
      const config = resolveFelixBpfTuning(args);
      claimFelixConfiguration(name, config, opts);
      return config;
    });
    for (const w of this.config.warnings) void pulumi.log.warn(`${w.code} (${w.severity}): ${w.message}`, this);
    this.felixConfiguration = new k8s.apiextensions.CustomResource(`${name}-felix-configuration`, objectArgs(renderFelixConfiguration(this.config)), {
      parent: this,
    });
    this.felixConfigurationName = this.felixConfiguration.metadata.name;
    this.registerOutputs({ felixConfigurationName: this.felixConfigurationName, config: this.config });
  }
}

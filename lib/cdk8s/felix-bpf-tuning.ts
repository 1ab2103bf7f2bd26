import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import {
  duplicateFelixConfigurationError,
  renderFelixConfiguration,
  resolveFelixBpfTuning,
  type FelixBpfTuningProps,
  type KubeObject,
  type ResolvedCalicoEbpfDataplane,
  type ResolvedFelixBpfTuning,
} from '../core';
import { printWarningsAtSynth } from './warnings';

/** The resources chart of each CalicoEbpfDataplane, with its configuration. */
const resourcesCharts = new WeakMap<Chart, ResolvedCalicoEbpfDataplane>();

/** @internal Records a dataplane's resources chart, so tunings placed in it follow its API group. */
export function registerResourcesChart(chart: Chart, config: ResolvedCalicoEbpfDataplane): void {
  resourcesCharts.set(chart, config);
}

/** FelixConfigurations claimed so far in each construct tree (keyed by its root), by name. */
const claims = new WeakMap<IConstruct, Map<string, string>>();

/** @internal Records that `owner` writes this FelixConfiguration; throws if another construct already does. */
export function claimFelixConfiguration(owner: IConstruct, tuning: ResolvedFelixBpfTuning): void {
  const root = owner.node.root;
  let byName = claims.get(root);
  if (!byName) {
    byName = new Map();
    claims.set(root, byName);
  }
  const key = tuning.resourceName;
  const first = byName.get(key);
  if (first !== undefined) throw duplicateFelixConfigurationError(tuning, first, owner.node.path);
  byName.set(key, owner.node.path);
}

/** @internal The ApiObject id convention: `Kind-name[-namespace]`. */
export function objectId(obj: KubeObject): string {
  return [obj.kind, obj.metadata.name, obj.metadata.namespace].filter((x) => x !== undefined).join('-');
}

/**
 * A FelixConfiguration with typed, validated BPF tuning: `default`, or `node.<nodeName>`.
 *
 * Use it on its own for per-node tuning; the cluster-wide `default` is usually tuned through
 * `CalicoEbpfDataplane`'s `felix` prop. Two tunings of the same FelixConfiguration are an error.
 * With `scale` (a profile name or a cluster description) every `bpfMapSize*` field is derived
 * from the cluster's size; `config.sizing` holds the needs, the kernel memory and the warnings.
 */
export class FelixBpfTuning extends Construct {
  /** The validated tuning. */
  public readonly config: ResolvedFelixBpfTuning;
  /** The rendered FelixConfiguration. */
  public readonly apiObject: ApiObject;

  /** Things to know that are not errors (also printed to stderr once when the app synthesizes). */
  public readonly warnings: readonly string[];

  public constructor(scope: Construct, id: string, props: FelixBpfTuningProps = {}) {
    super(scope, id);
    const chart = Chart.of(this);
    const dataplane = resourcesCharts.get(chart);
    this.config = resolveFelixBpfTuning(props, dataplane ? { dataplaneApiGroup: dataplane.calicoApiGroup } : {});
    claimFelixConfiguration(this, this.config);
    const obj = renderFelixConfiguration(this.config);
    this.apiObject = new ApiObject(this, 'Resource', obj);
    // FelixConfiguration is cluster-scoped: a chart's namespace must not reach it (the API server would reject the object).
    if (chart.namespace !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    this.warnings = this.config.warnings;
    printWarningsAtSynth(this, () => this.warnings);
  }
}

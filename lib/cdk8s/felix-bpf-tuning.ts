import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import {
  duplicateFelixConfigurationError,
  renderFelixConfiguration,
  resolveFelixBpfTuning,
  type CalicoWarning,
  type FelixBpfTuningProps,
  type KubeObject,
  type ResolvedCalicoEbpfDataplane,
  type ResolvedFelixBpfTuning,
} from '../core/internal';
import { inScope, printWarningsAtSynth } from './warnings';

/** The resources chart of each CalicoEbpfDataplane, with the dataplane and its configuration. */
const resourcesCharts = new WeakMap<Chart, { readonly dataplane: IConstruct; readonly config: ResolvedCalicoEbpfDataplane }>();

/** @internal Records a dataplane's resources chart: tunings placed in it belong to its cluster and follow its API group. */
export function registerResourcesChart(chart: Chart, dataplane: IConstruct, config: ResolvedCalicoEbpfDataplane): void {
  resourcesCharts.set(chart, { dataplane, config });
}

/**
 * FelixConfigurations claimed so far in each construct tree (keyed by its root): per cluster (one
 * CalicoEbpfDataplane is one cluster), and those of tunings placed outside any dataplane, which
 * could land on any cluster of the app and so conflict with all of them.
 */
interface AppClaims {
  readonly byCluster: Map<IConstruct, Map<string, string>>;
  readonly unplaced: Map<string, string>;
}
const claims = new WeakMap<IConstruct, AppClaims>();

/**
 * @internal Records that `owner` writes this FelixConfiguration on `cluster` (undefined: not placed
 * with a dataplane); throws if another construct already writes it there.
 */
export function claimFelixConfiguration(owner: IConstruct, tuning: ResolvedFelixBpfTuning, cluster?: IConstruct): void {
  const root = owner.node.root;
  let app = claims.get(root);
  if (!app) {
    app = { byCluster: new Map(), unplaced: new Map() };
    claims.set(root, app);
  }
  const key = tuning.resourceName;
  const searched = cluster ? [app.byCluster.get(cluster), app.unplaced] : [...app.byCluster.values(), app.unplaced];
  for (const map of searched) {
    const first = map?.get(key);
    if (first !== undefined) throw duplicateFelixConfigurationError(tuning, first, owner.node.path);
  }
  let target = app.unplaced;
  if (cluster) {
    target = app.byCluster.get(cluster) ?? new Map<string, string>();
    app.byCluster.set(cluster, target);
  }
  target.set(key, owner.node.path);
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

  /** Things to know that are not errors, with their codes (also printed to stderr once when the app synthesizes). */
  public readonly warnings: readonly CalicoWarning[];

  public constructor(scope: Construct, id: string, props: FelixBpfTuningProps = {}) {
    super(scope, id);
    const chart = Chart.of(this);
    const dataplane = resourcesCharts.get(chart);
    this.config = inScope(this, () =>
      resolveFelixBpfTuning(
        props,
        dataplane ? { dataplaneApiGroup: dataplane.config.calicoApiGroup, dataplaneCalicoVersion: dataplane.config.calicoVersion } : {},
      ),
    );
    claimFelixConfiguration(this, this.config, dataplane?.dataplane);
    const obj = renderFelixConfiguration(this.config);
    this.apiObject = new ApiObject(this, 'Resource', obj);
    // FelixConfiguration is cluster-scoped: a chart's namespace must not reach it (the API server would reject the object).
    if (chart.namespace !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    this.warnings = this.config.warnings;
    printWarningsAtSynth(this, () => ({ name: this.node.path, cluster: false, ...this.config }));
  }
}

import { ApiObject, App, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import {
  k3sManifests,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  renderK3dConfig,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
  type GitOpsLayer,
  type KubeObject,
  type RenderedCalicoEbpfDataplane,
  type ResolvedCalicoEbpfDataplane,
} from '../core/internal';
import { claimFelixConfiguration, objectId, registerResourcesChart } from './felix-bpf-tuning';
import { registerLayers } from './output';
import { printWarningsAtSynth } from './warnings';

/**
 * A cluster's Calico eBPF dataplane as GitOps-ready objects: the CRD and tigera-operator Helm
 * releases (as Flux, Argo CD or k3s objects), the operator namespace, Installation `default`,
 * FelixConfiguration `default` and, when an API-server address is given, the
 * `kubernetes-services-endpoint` ConfigMap.
 *
 * The objects are split into layers that must be applied in order (see `gitops`). Each layer is
 * its own cdk8s Chart at the root of the app, named `<gitops.layerPrefix>-<layer>`, so each lands
 * in its own file (or folder, with `YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE`).
 */
export class CalicoEbpfDataplane extends Construct {
  /** The fully defaulted, validated configuration. */
  public readonly config: ResolvedCalicoEbpfDataplane;
  /** The rendered objects, framework-free. */
  public readonly rendered: RenderedCalicoEbpfDataplane;
  /** One chart per GitOps layer, in apply order. */
  public readonly layers: readonly Chart[];
  /** The chart holding Installation and FelixConfiguration; put further Calico custom resources here. */
  public readonly resourcesChart: Chart;
  /** Things to know that are not errors (also printed to stderr once when the app synthesizes). */
  public readonly warnings: readonly string[];
  /**
   * Installation `default` as the cdk8s object that is synthesized: cdk8s's escape hatches work on
   * it (`calico.installation.addJsonPatch(JsonPatch.add('/spec/…', …))`), and what they change is
   * what every output carries (the layer files, the k3s manifests and the k3d config).
   */
  public readonly installation: ApiObject;
  /** FelixConfiguration `default` as the cdk8s object that is synthesized (see `installation`). */
  public readonly felixConfiguration: ApiObject;
  /** Every object this construct synthesizes, in apply order (layer by layer). */
  public readonly apiObjects: readonly ApiObject[];

  public constructor(scope: Construct, id: string, props: CalicoEbpfDataplaneProps = {}) {
    super(scope, id);
    this.config = resolveCalicoEbpfDataplane(props);
    // One dataplane is one cluster: its FelixConfiguration "default" conflicts only within that cluster.
    claimFelixConfiguration(this, this.config.felix, this);
    this.rendered = renderCalicoEbpfDataplane(this.config);
    const app = App.of(this);
    const layers = renderGitOpsLayers(this.config, this.rendered);
    const charted: { chart: Chart; layer: GitOpsLayer }[] = [];
    for (const layer of layers) charted.push({ chart: this.addLayer(app, layer, () => liveLayers(charted)), layer });
    this.layers = charted.map((c) => c.chart);
    registerLayers(app, {
      scope: this,
      layers: charted,
      referencesFolders: this.config.gitops.flavor !== 'k3s',
      k3sManifests: () => k3sManifests(this.config, liveLayers(charted)),
    });
    this.resourcesChart = this.layers[layers.findIndex((l) => l.role === 'resources')]!;
    registerResourcesChart(this.resourcesChart, this, this.config);
    this.warnings = this.config.warnings;
    this.apiObjects = this.layers.flatMap((chart) => chart.node.children.filter((c): c is ApiObject => c instanceof ApiObject));
    const find = (o: KubeObject): ApiObject =>
      this.apiObjects.find((a) => a.kind === o.kind && a.name === o.metadata.name && Chart.of(a) === this.resourcesChart)!;
    this.installation = find(this.rendered.installation);
    this.felixConfiguration = find(this.rendered.felixConfiguration);
    printWarningsAtSynth(this, () => this.warnings);
  }

  private addLayer(app: App, layer: GitOpsLayer, live: () => GitOpsLayer[]): Chart {
    if (app.node.tryFindChild(layer.name)) {
      throw new Error(
        `a chart named "${layer.name}" already exists in this app: every cluster's layers need their own names; give each CalicoEbpfDataplane its own clusterName (layers become "<clusterName>-calico-…") or gitops.layerPrefix`,
      );
    }
    // Charts at the app root get file names equal to the layer name, which the Flux Kustomizations reference.
    const chart = new Chart(app, layer.name, { disableResourceNameHashes: true });
    for (const obj of layer.objects) {
      // The k3d config carries the k3s files as they are when the app synthesizes: with the
      // objects a user added to the layer charts (e.g. a FelixBpfTuning in resourcesChart).
      const props =
        layer.role === 'k3d'
          ? { ...obj, files: Lazy.any({ produce: () => renderK3dConfig(this.config, k3sManifests(this.config, live())!.files).files }) }
          : obj;
      new ApiObject(chart, objectId(obj), props);
    }
    return chart;
  }
}

/** The layers with the objects their charts hold now (the core's plus any the user added); not the k3d config, which is made from them. */
function liveLayers(charted: readonly { chart: Chart; layer: GitOpsLayer }[]): GitOpsLayer[] {
  return charted
    .filter(({ layer }) => layer.role !== 'k3d')
    .map(({ chart, layer }) => ({
      ...layer,
      objects: chart.node
        .findAll()
        .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
        .map((o) => o.toJson() as KubeObject),
    }));
}

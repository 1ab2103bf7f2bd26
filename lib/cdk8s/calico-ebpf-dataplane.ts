import { ApiObject, Chart } from 'cdk8s';
import { Construct, type IConstruct } from 'constructs';
import {
  clusterSummary,
  helmValuesFiles,
  k3sManifests,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
  type CalicoWarning,
  type GitOpsLayer,
  type KubeObject,
  type RenderedCalicoEbpfDataplane,
  type ResolvedCalicoEbpfDataplane,
} from '../core/internal';
import { claimFelixConfiguration, objectId, registerResourcesChart } from './felix-bpf-tuning';
import { claimLayerNames, writeDataplaneLayers, type LayerSource, type WriteLayersOptions, type WriteLayersResult } from './output';
import { inScope, printWarningsAtSynth } from './warnings';

/**
 * A cluster's Calico eBPF dataplane as GitOps-ready objects: the CRD and tigera-operator Helm
 * releases (as Flux, Argo CD or k3s objects), the operator namespace, Installation `default`,
 * FelixConfiguration `default` and, when an API-server address is given, the
 * `kubernetes-services-endpoint` ConfigMap.
 *
 * The objects are split into layers that must be applied in order (see `gitops`). Each layer is a
 * cdk8s Chart nested in this construct (id: the layer's role, e.g. `operator`), so `app.synth()`
 * writes them like any other chart, in any output type. The folders the GitOps objects
 * reference (`<gitops.layerPrefix>-<layer>/`, with a kustomization each) and the k3s manifests
 * folder are written by `CalicoEbpfDataplane.writeLayers(app, dir)`, an explicit step.
 */
export class CalicoEbpfDataplane extends Construct {
  /**
   * Writes the layer folders of every `CalicoEbpfDataplane` under `scope` (an App for a fleet)
   * into `outdir`: one folder per layer named as the GitOps objects reference it, one file per
   * object and a kustomization, and on k3s/RKE2 `<prefix>-k3s-manifests/` with one file per
   * layer k3s applies — the same bytes as `calico-ebpf synth --out`. Objects added to the layer
   * charts and JSON patches are included. Runs the constructs' validations first (warnings are
   * printed once, as `app.synth()` does). Files it did not write are never touched; folders it
   * wrote before and no longer writes are removed (recorded in `<outdir>/.calico-ebpf-synth.json`).
   * A dataplane with `k3d` also gets its k3d cluster config, `k3d-<name>.yaml` beside `outdir`
   * (not inside: it is no Kubernetes object), which reads the k3s manifests from `outdir`; the
   * paths written are returned in `k3dConfigs`.
   */
  public static writeLayers(scope: IConstruct, outdir: string, options: WriteLayersOptions = {}): WriteLayersResult {
    // findAll starts with the scope itself.
    const dataplanes = scope.node.findAll().filter((c): c is CalicoEbpfDataplane => c instanceof CalicoEbpfDataplane);
    if (dataplanes.length === 0) throw new Error(`${scope.node.path || 'the app'}: no CalicoEbpfDataplane to write`);
    return writeDataplaneLayers(
      dataplanes.map((d) => d.layerSource),
      outdir,
      options,
    );
  }

  /** The fully defaulted, validated configuration. */
  public readonly config: ResolvedCalicoEbpfDataplane;
  /** The rendered objects, framework-free. */
  public readonly rendered: RenderedCalicoEbpfDataplane;
  /** One chart per GitOps layer, in apply order, nested in this construct. */
  public readonly layers: readonly Chart[];
  /** The chart holding Installation and FelixConfiguration; put further Calico custom resources here. */
  public readonly resourcesChart: Chart;
  /** Things to know that are not errors, with their codes (also printed to stderr once when the app synthesizes). */
  public readonly warnings: readonly CalicoWarning[];
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

  private readonly layerSource: LayerSource;

  public constructor(scope: Construct, id: string, props: CalicoEbpfDataplaneProps = {}) {
    super(scope, id);
    this.config = inScope(this, () => resolveCalicoEbpfDataplane(props));
    // One dataplane is one cluster: its FelixConfiguration "default" conflicts only within that cluster.
    claimFelixConfiguration(this, this.config.felix, this);
    this.rendered = renderCalicoEbpfDataplane(this.config);
    const layers = renderGitOpsLayers(this.config, this.rendered);
    // By name, not folder: the GitOps objects are named after the layers (one Flux namespace, one
    // Argo CD), so two clusters in different gitops.folders still need their own names.
    claimLayerNames(
      this,
      layers.map((l) => l.name.slice(l.name.lastIndexOf('/') + 1)),
    );
    const charted: { chart: Chart; layer: GitOpsLayer }[] = [];
    const values = helmValuesFiles(this.config, this.rendered);
    const source: LayerSource = {
      scope: this,
      layers: charted,
      k3sManifests: (live) => k3sManifests(this.config, live),
      ...(this.config.k3d ? { k3d: this.config.k3d } : {}),
      ...(values ? { helmValues: values } : {}),
      summary: (live) => clusterSummary(this.config, live, this.config.clusterName ?? this.node.path),
    };
    for (const layer of layers) charted.push({ chart: this.addLayer(layer), layer });
    this.layerSource = source;
    this.layers = charted.map((c) => c.chart);
    this.resourcesChart = this.layers[layers.findIndex((l) => l.role === 'resources')]!;
    registerResourcesChart(this.resourcesChart, this, this.config);
    this.warnings = this.config.warnings;
    this.apiObjects = this.layers.flatMap((chart) => chart.node.children.filter((c): c is ApiObject => c instanceof ApiObject));
    const find = (o: KubeObject): ApiObject =>
      this.apiObjects.find((a) => a.kind === o.kind && a.name === o.metadata.name && Chart.of(a) === this.resourcesChart)!;
    this.installation = find(this.rendered.installation);
    this.felixConfiguration = find(this.rendered.felixConfiguration);
    printWarningsAtSynth(this, () => ({ name: this.config.clusterName ?? this.node.path, ...this.config }));
  }

  private addLayer(layer: GitOpsLayer): Chart {
    // Object names are Kubernetes names, not cdk8s's hashed ones: the GitOps objects, the docs and
    // the operator refer to them (Installation "default", HelmRelease "tigera-operator").
    const chart = new Chart(this, layer.role, { disableResourceNameHashes: true });
    for (const obj of layer.objects) new ApiObject(chart, objectId(obj), obj);
    return chart;
  }
}

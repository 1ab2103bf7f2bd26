import { ApiObject, App, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { writeLayerFolders, type GitOpsLayer, type K3sManifests, type KubeObject, type WriteResult } from '../core/internal';

/** What a dataplane gives the layer writer: its layer charts and how its k3s files are made from them. */
export interface LayerSource {
  readonly scope: IConstruct;
  readonly layers: ReadonlyArray<{ readonly chart: Chart; readonly layer: GitOpsLayer }>;
  readonly k3sManifests: (live: readonly GitOpsLayer[]) => K3sManifests | undefined;
}

/** Layer names taken in each App: two dataplanes writing the same folder names would overwrite each other. */
const layerNamesByApp = new WeakMap<App, Map<string, string>>();

/** @internal Records the layer names a dataplane writes; throws when another dataplane of the App writes one of them. */
export function claimLayerNames(scope: IConstruct, names: readonly string[]): void {
  const root = scope.node.root;
  if (!(root instanceof App)) return;
  let taken = layerNamesByApp.get(root);
  if (!taken) {
    taken = new Map();
    layerNamesByApp.set(root, taken);
  }
  for (const name of names) {
    const owner = taken.get(name);
    if (owner !== undefined) {
      throw new Error(
        `${scope.node.path}: layer "${name}" is already written by ${owner}: every cluster's layers need their own names; give each CalicoEbpfDataplane its own clusterName (layers become "<clusterName>-calico-…") or gitops.layerPrefix`,
      );
    }
  }
  for (const name of names) taken.set(name, scope.node.path);
}

/** @internal The objects a chart holds now (the core's, the user's additions, with their patches), in the order cdk8s writes them. */
export function chartObjects(chart: Chart): KubeObject[] {
  return chart.node
    .findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
    .map((o) => o.toJson() as KubeObject);
}

/** @internal The layers as their charts hold them now; not the k3d config, which is made from them. */
export function liveLayers(source: Pick<LayerSource, 'layers'>): GitOpsLayer[] {
  return source.layers.filter(({ layer }) => layer.role !== 'k3d').map(({ chart, layer }) => ({ ...layer, objects: chartObjects(chart) }));
}

/**
 * @internal Runs the validations cdk8s runs in `app.synth()` over each dataplane's subtree (so
 * its warnings are printed the same way), then writes every layer folder, its kustomization and
 * the k3s manifests folder of each cluster, in one go.
 */
export function writeDataplaneLayers(sources: readonly LayerSource[], outdir: string): WriteResult {
  const errors = sources.flatMap((s) => s.scope.node.findAll().flatMap((c) => c.node.validate().map((message) => `[${c.node.path}] ${message}`)));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  const layers: GitOpsLayer[] = [];
  const k3s: K3sManifests[] = [];
  for (const source of sources) {
    // Every layer as its chart holds it now (the k3d config resolves its Lazy from the others).
    const all = source.layers.map(({ chart, layer }) => ({ ...layer, objects: chartObjects(chart) }));
    layers.push(...all);
    const files = source.k3sManifests(all.filter((l) => l.role !== 'k3d'));
    if (files) k3s.push(files);
  }
  return writeLayerFolders(outdir, layers, k3s);
}

import { ApiObject, App, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { join } from 'node:path';
import {
  checkK3dConfigTarget,
  defaultK3dConfigPath,
  writeK3dConfig,
  writeLayerFolders,
  type FileFolder,
  type GitOpsLayer,
  type K3sManifests,
  type KubeObject,
  type ResolvedK3d,
  type WriteResult,
} from '../core/internal';

/** What a dataplane gives the layer writer: its layer charts and how its k3s files are made from them. */
export interface LayerSource {
  readonly scope: IConstruct;
  readonly layers: ReadonlyArray<{ readonly chart: Chart; readonly layer: GitOpsLayer }>;
  readonly k3sManifests: (live: readonly GitOpsLayer[]) => K3sManifests | undefined;
  /** Set when the dataplane has a k3d cluster config to write. */
  readonly k3d?: ResolvedK3d;
  /** The Helm values files of the cluster, where no helm-controller installs the charts. */
  readonly helmValues?: FileFolder;
  /** One line on what this cluster's output is (`clusterSummary`), from the layers as written. */
  readonly summary: (live: readonly GitOpsLayer[]) => string;
}

/** What `writeLayers` did. */
export interface WriteLayersResult extends WriteResult {
  /** The k3d cluster configs written (one per dataplane with `k3d`), outside the output folder. */
  readonly k3dConfigs: readonly string[];
  /** One line per dataplane: what its output is (distribution, flavor, folder, layers, warnings). */
  readonly summaries: readonly string[];
}

/** Where `writeLayers` puts what is not part of the GitOps tree. */
export interface WriteLayersOptions {
  /**
   * Folder for the k3d cluster configs (`k3d-<name>.yaml`, one per dataplane with `k3d`); it must
   * lie outside the output folder, which a GitOps tool reads.
   * @default - the output folder's parent
   */
  readonly k3dConfigDir?: string;
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

/** @internal The layers as their charts hold them now. */
export function liveLayers(source: Pick<LayerSource, 'layers'>): GitOpsLayer[] {
  return source.layers.map(({ chart, layer }) => ({ ...layer, objects: chartObjects(chart) }));
}

/**
 * @internal Runs the validations cdk8s runs in `app.synth()` over each dataplane's subtree (so
 * its warnings are printed the same way), then writes every layer folder, its kustomization and
 * the k3s manifests folder of each cluster, in one go.
 */
export function writeDataplaneLayers(sources: readonly LayerSource[], outdir: string, options: WriteLayersOptions = {}): WriteLayersResult {
  const errors = sources.flatMap((s) => s.scope.node.findAll().flatMap((c) => c.node.validate().map((message) => `[${c.node.path}] ${message}`)));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  const layers: GitOpsLayer[] = [];
  const k3s: FileFolder[] = [];
  const k3d: { file: string; k3d: ResolvedK3d; files: K3sManifests }[] = [];
  const summaries: string[] = [];
  for (const source of sources) {
    // Every layer as its chart holds it now: with the objects a user added (e.g. a FelixBpfTuning in resourcesChart).
    const all = liveLayers(source);
    layers.push(...all);
    summaries.push(source.summary(all));
    const files = source.k3sManifests(all);
    if (files) k3s.push(files);
    if (source.helmValues) k3s.push(source.helmValues);
    if (source.k3d && files) {
      const file = options.k3dConfigDir ? join(options.k3dConfigDir, `k3d-${source.k3d.name}.yaml`) : defaultK3dConfigPath(outdir, source.k3d.name);
      k3d.push({ file, k3d: source.k3d, files });
    }
  }
  // Before anything is written: one file per k3d config, each outside the tree and ours to replace.
  const twice = k3d.find((c, i) => k3d.findIndex((d) => d.file === c.file) !== i);
  if (twice)
    throw new Error(
      `${twice.file}: two dataplanes have the k3d cluster name "${twice.k3d.name}"; give each its own k3d.name (or clusterName) (nothing was written)`,
    );
  for (const c of k3d) checkK3dConfigTarget(c.file, outdir, c.k3d.name);
  const result = writeLayerFolders(outdir, layers, k3s);
  // After the manifests they reference exist.
  for (const c of k3d) writeK3dConfig(c.file, outdir, { k3d: c.k3d }, c.files);
  return { ...result, k3dConfigs: k3d.map((c) => c.file), summaries };
}

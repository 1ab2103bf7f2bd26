import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { CalicoValidationError, ProblemCode, kustomizationFile, objectFileName, type GitOpsLayer, type K3sManifests } from '../core/internal';

interface Registered {
  readonly scope: IConstruct;
  readonly layers: ReadonlyArray<{ chart: Chart; layer: GitOpsLayer }>;
  /** Whether GitOps objects reference the layer folders by path (Flux, Argo CD). */
  readonly referencesFolders: boolean;
  /** The files for k3s's manifests folder, computed from the charts as they are at synth time. */
  readonly k3sManifests: () => K3sManifests | undefined;
}

/** Layer charts of every dataplane, per app. */
const byApp = new WeakMap<App, Registered[]>();

/**
 * @internal Registers a dataplane's layer charts: after `app.synth()` writes the folders, each gets
 * its kustomization file (listing every file cdk8s wrote into it, the user's own objects included).
 */
export function registerLayers(app: App, entry: Registered): void {
  let registered = byApp.get(app);
  if (!registered) {
    const list: Registered[] = [];
    registered = list;
    byApp.set(app, list);
    const synth = app.synth.bind(app);
    // cdk8s has no post-synth hook; the layout is checked before and the kustomization files are
    // written after cdk8s writes the folders. Only file output is concerned (not synthYaml/Testing).
    app.synth = (): void => {
      // Computed once per app (not per dataplane: a fleet of N clusters would make it N²).
      const dependent = chartWithDependency(app);
      const problems = list.flatMap((r) =>
        outputLayoutProblems(
          r.scope,
          app,
          r.layers.map((l) => l.chart),
          r.referencesFolders,
          dependent,
        ),
      );
      if (problems.length > 0)
        throw new CalicoValidationError(problems.map((message) => ({ code: ProblemCode.CONTRADICTORY_SETTINGS, path: 'gitops', message })));
      synth();
      // k3s reads its own file layout (one file per layer, see core/gitops/k3s-manifests.ts),
      // whatever layout the App writes for the GitOps tools.
      for (const r of list) {
        const k3s = r.k3sManifests();
        if (!k3s) continue;
        const dir = join(app.outdir, k3s.folder);
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        for (const f of k3s.files) writeFileSync(join(dir, f.path), f.content);
      }
      if (app.yamlOutputType !== YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE) return;
      for (const { chart, layer } of list.flatMap((r) => r.layers)) {
        // The chart's own API objects, read off the construct tree: chart.toJson() would synthesize
        // the whole app again for every chart (quadratic in a fleet).
        const files = chart.node
          .findAll()
          .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
          .map((o) => objectFileName({ kind: o.kind, metadata: { name: o.name } }, app.outputFileExtension));
        const k = kustomizationFile(layer, files);
        if (k) writeFileSync(join(app.outdir, chart.node.id, k.fileName), k.content);
      }
    };
  }
  registered.push(entry);
}

/**
 * Problems that would make the written folders differ from the paths the GitOps objects
 * reference (Flux Kustomization paths, Argo CD Application paths), reported when the app synthesizes.
 */
/** The first chart that depends on another chart (cdk8s then numbers every folder), if any. */
function chartWithDependency(app: App): Chart | undefined {
  return app.charts.find((c) => c.node.dependencies.length > 0 || c.node.findAll().some((x) => x.node.dependencies.some((d) => Chart.of(d) !== c)));
}

function outputLayoutProblems(
  scope: IConstruct,
  app: App,
  charts: readonly Chart[],
  referencesFolders: boolean,
  dependent: Chart | undefined,
): string[] {
  if (!referencesFolders) return [];
  const problems: string[] = [];
  if (app.yamlOutputType !== YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE) {
    problems.push(
      `${scope.node.path}: the GitOps objects reference one folder per layer (e.g. ${charts[0]?.node.id}/), but this App writes ${String(YamlOutputType[app.yamlOutputType])}; create it with new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE })`,
    );
  }
  // With dependencies between charts cdk8s prefixes every folder with an index ("0000-calico-operator").
  if (dependent) {
    problems.push(
      `${scope.node.path}: chart ${dependent.node.path} depends on another chart, so cdk8s names every folder with an index prefix and the GitOps paths would not match; remove the cross-chart dependency (order is already expressed by the GitOps objects) or move those charts into another App`,
    );
  }
  return problems;
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart, YamlOutputType } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { CalicoValidationError, ProblemCode, kustomizationFile, type GitOpsLayer } from '../core';

interface Registered {
  readonly scope: IConstruct;
  readonly layers: ReadonlyArray<{ chart: Chart; layer: GitOpsLayer }>;
  /** Whether GitOps objects reference the layer folders by path (Flux, Argo CD). */
  readonly referencesFolders: boolean;
}

/** Layer charts of every dataplane, per app. */
const byApp = new WeakMap<App, Registered[]>();

/** The file name cdk8s gives an object in folder-per-chart output. */
function fileName(app: App, obj: { kind: string; metadata: { name: string } }): string {
  return `${obj.kind}.${obj.metadata.name}`.replace(/[^0-9a-zA-Z-_.]/g, '') + app.outputFileExtension;
}

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
      const problems = list.flatMap((r) => outputLayoutProblems(r.scope, app, r.layers.map((l) => l.chart), r.referencesFolders));
      if (problems.length > 0) throw new CalicoValidationError(problems.map((message) => ({ code: ProblemCode.CONTRADICTORY_SETTINGS, path: 'gitops', message })));
      synth();
      if (app.yamlOutputType !== YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE) return;
      for (const { chart, layer } of list.flatMap((r) => r.layers)) {
        const files = chart.toJson().map((o: { kind: string; metadata: { name: string } }) => fileName(app, o));
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
function outputLayoutProblems(scope: IConstruct, app: App, charts: readonly Chart[], referencesFolders: boolean): string[] {
  if (!referencesFolders) return [];
  const problems: string[] = [];
  if (app.yamlOutputType !== YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE) {
    problems.push(
      `${scope.node.path}: the GitOps objects reference one folder per layer (e.g. ${charts[0]?.node.id}/), but this App writes ${String(YamlOutputType[app.yamlOutputType])}; create it with new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE })`,
    );
  }
  // With dependencies between charts cdk8s prefixes every folder with an index ("0000-calico-operator").
  const dependent = app.charts.filter((c) => c.node.dependencies.length > 0 || c.node.findAll().some((x) => x.node.dependencies.some((d) => Chart.of(d) !== c)));
  if (dependent.length > 0) {
    problems.push(
      `${scope.node.path}: chart ${dependent[0]!.node.path} depends on another chart, so cdk8s names every folder with an index prefix and the GitOps paths would not match; remove the cross-chart dependency (order is already expressed by the GitOps objects) or move those charts into another App`,
    );
  }
  return problems;
}

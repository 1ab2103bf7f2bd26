import type { Construct, IConstruct } from 'constructs';
import { CalicoValidationError, warningReport, type WarningSource } from '../core/internal';

/** Per app (the construct tree's root): the Calico constructs in it, and whether their report was printed. */
const REPORTS = new WeakMap<IConstruct, { printed: boolean; sources: (() => WarningSource)[] }>();

/**
 * @internal Prints the warnings of every Calico construct in the app once, together, when the app
 * synthesizes (cdk8s validates every construct during `app.synth()`, and `writeLayers` does the
 * same): a fleet's identical warnings print once with the clusters they concern, then one summary,
 * so a plain cdk8s app shows them without any code of its own.
 */
export function printWarningsAtSynth(scope: Construct, source: () => WarningSource): void {
  const root = scope.node.root;
  const report = REPORTS.get(root) ?? { printed: false, sources: [] };
  REPORTS.set(root, report);
  report.sources.push(source);
  scope.node.addValidation({
    validate: () => {
      if (!report.printed) {
        report.printed = true;
        for (const line of warningReport(report.sources.map((s) => s()))) process.stderr.write(`${line}\n`);
      }
      return [];
    },
  });
}

/** @internal Runs a core resolver for `scope`: its validation error names the construct (in an App of many clusters, which one). */
export function inScope<T>(scope: Construct, resolve: () => T): T {
  try {
    return resolve();
  } catch (e) {
    if (CalicoValidationError.isCalicoValidationError(e)) throw e.inScope(scope.node.path);
    throw e;
  }
}

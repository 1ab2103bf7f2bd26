/**
 * npm run e2e -- pulumi   the real Pulumi engine over examples/pulumi on a local k3s + tigera-operator
 * npm run e2e -- pulumi-eks   examples/pulumi-eks, its cluster given by a stack reference to the local k3s
 * npm run e2e -- flux     the k3s bootstrap and the hand-over to Flux's real controllers
 *
 * Brings a fresh local control plane up (instance `e2e-<engine>`, loopback only), runs the engine,
 * prints the versions, then `ok <promise>` or `FAIL <promise>: <why>` per promise, stops every
 * process it started (by pid) and exits 1 on any FAIL. `--keep` leaves the cluster running to
 * look around (`npm run cluster:down` with CLUSTER_INSTANCE=e2e-<engine> stops it).
 */
import { rmSync } from 'node:fs';
import { instancePaths } from '../cluster/instance';
import { startK3s, stopK3s } from '../cluster/k3s';
import { k3sProgram } from '../cluster/components';
import { stopOperator } from '../cluster/operator';
import { stopFlux } from '../cluster/flux';
import { checkPromises, type EnginePromise } from './promises';
import { pulumiPromises, pulumiVersions } from './pulumi-scenario';
import { fluxPromises, fluxScenarioVersions } from './flux-scenario';
import { pulumiEksPromises, pulumiEksVersions } from './pulumi-eks-scenario';

interface Scenario {
  versions(): string[];
  promises(instance: string, kubeconfig: string): { promises: EnginePromise[]; cleanup: () => Promise<void> };
}

const SCENARIOS: Record<string, Scenario> = {
  pulumi: { versions: pulumiVersions, promises: pulumiPromises },
  'pulumi-eks': { versions: pulumiEksVersions, promises: pulumiEksPromises },
  flux: { versions: fluxScenarioVersions, promises: fluxPromises },
};

async function main(argv: readonly string[]): Promise<number> {
  const engine = argv.find((a) => !a.startsWith('-'));
  const keep = argv.includes('--keep');
  const scenario = engine ? SCENARIOS[engine] : undefined;
  if (!engine || !scenario) {
    console.error(`usage: npm run e2e -- <${Object.keys(SCENARIOS).join('|')}> [--keep]`);
    return 2;
  }
  const instance = `e2e-${engine}`;
  const paths = instancePaths(instance);
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  // Build first (minutes, once): the versions line names what was built.
  const versions = [k3sProgram().describe, ...scenario.versions()];
  for (const v of versions) print(`# ${v}`);
  // Everything this run starts is stopped by pid on the way out, also on SIGTERM/SIGINT (a test's
  // timeout, Ctrl-C): k3s, the operator and the Flux controllers run detached, in their own groups.
  const stopAll = async (): Promise<void> => {
    await stopFlux(instance);
    await stopOperator(instance);
    await stopK3s(instance);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.once(signal, () => {
      print(`FAIL interrupted by ${signal}: stopping what the run started`);
      void stopAll().finally(() => process.exit(1));
    });
  await stopAll();
  rmSync(paths.dir, { recursive: true, force: true });
  let results: { ok: boolean }[] | undefined;
  let cleanupFailure: string | undefined;
  try {
    await startK3s({ name: instance });
    const { promises, cleanup } = scenario.promises(instance, paths.kubeconfig);
    try {
      results = await checkPromises(promises, print);
    } finally {
      // The stand-ins and servers report here what went wrong behind the promises (a stand-in that gave up).
      await cleanup().catch((e: unknown) => (cleanupFailure = (e as Error).message));
    }
  } finally {
    if (!keep) {
      await stopAll();
      rmSync(paths.dir, { recursive: true, force: true });
    }
  }
  results ??= [];
  if (cleanupFailure) {
    print(`FAIL the stand-ins and local servers worked to the end: ${cleanupFailure}`);
    results.push({ ok: false });
  }
  const failed = results.filter((r) => !r.ok).length;
  print(`${results.length - failed} promises kept, ${failed} broken`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`error: ${e.message}`);
    process.exit(1);
  },
);

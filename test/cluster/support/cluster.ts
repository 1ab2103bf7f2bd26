/**
 * The real control plane for one test file: its own k3s (own data folder, free ports on
 * 127.0.0.1), stopped by pid in afterAll. Built binaries come from the `.tools/` cache
 * (`npm run cluster:build`); with `CI=true` a missing toolchain or a failed build fails the file,
 * elsewhere the file is skipped with one line that says why.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { k3sProgram, OPERATOR_PROGRAMS } from '../../../scripts/cluster/components';
import { ensureBuilt, goCommand } from '../../../scripts/cluster/go-build';
import { instancePaths } from '../../../scripts/cluster/instance';
import { restartK3s, startK3s, stopK3s } from '../../../scripts/cluster/k3s';
import { helm as runHelm, kubectl as runKubectl, tools } from '../../../scripts/cluster/kubectl';
import { runnableCalicoVersion, startOperator, stopOperator, type OperatorOptions } from '../../../scripts/cluster/operator';
import { waitFor } from '../../../scripts/cluster/processes';
import { referenceDir } from '../../../scripts/cluster/stand-ins';
import { OPERATOR_VERSIONS, type KubeObject } from '../../../lib/core/internal';

/** Why the real components cannot run here, or undefined when they can. */
export function unavailableReason(): string | undefined {
  const { reason } = goCommand();
  if (reason) return reason;
  try {
    tools();
  } catch (e) {
    return `no helm/kubectl: ${(e as Error).message}`;
  }
  if (!existsSync(join(referenceDir(), 'calico', 'charts', 'tigera-operator', 'Chart.yaml')))
    return `the reference charts are missing (${referenceDir()}); set CALICO_REFERENCE_DIR`;
  return undefined;
}

/**
 * `describe` for a file that needs the real control plane: skipped with one line locally when the
 * toolchain is missing, failing under CI=true.
 */
export function describeCluster(name: string, fn: () => void): void {
  const reason = unavailableReason();
  if (reason && process.env.CI !== 'true') {
    console.warn(`SKIPPED "${name}": ${reason}`);
    describe.skip(name, () => it('needs the real control plane', () => undefined));
    return;
  }
  describe(name, () => {
    if (reason)
      it('has the toolchain to build the real components', () => {
        throw new Error(reason);
      });
    else fn();
  });
}

/** The versions a test ran against, for its name. */
export const K3S = k3sProgram().describe;
/** The Calico release whose operator runs here (see runnableCalicoVersion), and that operator. */
export const OPERATOR_CALICO = runnableCalicoVersion().calicoVersion;
export const OPERATOR = OPERATOR_PROGRAMS[OPERATOR_VERSIONS[OPERATOR_CALICO]!]!().describe;

export interface Cluster {
  readonly name: string;
  readonly kubeconfig: string;
  readonly manifests: string;
  kubectl(args: readonly string[], input?: string): string;
  /** `kubectl get … -o json`, parsed; undefined when the object does not exist. */
  get<T = KubeObject & Record<string, any>>(args: readonly string[]): T | undefined;
  helm(args: readonly string[]): string;
  restart(): Promise<void>;
  startOperator(opts?: OperatorOptions): Promise<{ version: string; log: string; args: readonly string[] }>;
  stopOperator(): Promise<void>;
  operatorLog(): string;
  stop(): Promise<void>;
}

/** Builds (or finds) the binaries and starts a fresh k3s for `name`. */
export async function startCluster(name: string): Promise<Cluster> {
  ensureBuilt(k3sProgram());
  const paths = instancePaths(name);
  // A fresh cluster each run: what an earlier, interrupted run left is stopped and removed.
  await stopOperator(name);
  await stopK3s(name);
  rmSync(paths.dir, { recursive: true, force: true });
  await startK3s({ name });
  mkdirSync(paths.manifests, { recursive: true });
  const kubectl = (args: readonly string[], input?: string): string => runKubectl(paths.kubeconfig, args, input === undefined ? {} : { input });
  return {
    name,
    kubeconfig: paths.kubeconfig,
    manifests: paths.manifests,
    kubectl,
    get: <T>(args: readonly string[]): T | undefined => {
      try {
        return JSON.parse(kubectl(['get', ...args, '-o', 'json'])) as T;
      } catch (e) {
        if (/NotFound|not found/.test((e as Error).message)) return undefined;
        throw e;
      }
    },
    helm: (args) => runHelm(paths.kubeconfig, args),
    restart: () => restartK3s({ name }),
    startOperator: (opts) => startOperator(name, opts),
    stopOperator: async () => {
      await stopOperator(name);
    },
    operatorLog: () => (existsSync(paths.operatorLog) ? readFileSync(paths.operatorLog, 'utf8') : ''),
    stop: async () => {
      await stopOperator(name);
      await stopK3s(name);
      rmSync(paths.dir, { recursive: true, force: true });
    },
  };
}

/** Writes files into the cluster's manifests folder, as k3d's `files:` or a copy onto the server does. */
export function placeManifests(cluster: Cluster, files: readonly { path: string; content: string }[]): void {
  for (const f of files) writeFileSync(join(cluster.manifests, f.path), f.content);
}

export { waitFor };

/** Polls `check` until it returns a value (bounded), naming what it waited for in the failure. */
export function eventually<T>(what: string, check: () => T | undefined, timeoutMs = 120_000): Promise<T> {
  return waitFor(what, timeoutMs, check, 1000);
}

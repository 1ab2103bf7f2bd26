/**
 * A real k3s server without an agent: the API server, controller manager, scheduler, k3s's deploy
 * controller (the manifests folder) and its embedded helm-controller, over kine/sqlite in its own
 * data folder, listening on 127.0.0.1 only. No kubelet and no container runtime: no pod ever runs;
 * Jobs and DaemonSets are created and stay unscheduled.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCalicoEbpfDataplane } from '../../lib/core/internal';
import { k3sServerFlags } from '../../lib/core/distributions/cluster-setup';
import { k3sProgram } from './components';
import { ensureBuilt } from './go-build';
import { instancePaths, readState, writeState, type ClusterInstance } from './instance';
import { freePort, isAlive, readPid, startProcess, stopProcess, waitFor } from './processes';
import { kubectl } from './kubectl';

/** The ranges and kube-proxy mode of the quickstart config (examples/k3d/cluster.yaml): what k3s users start with. */
export function defaultServerFlags(): string[] {
  const config = resolveCalicoEbpfDataplane({ distribution: 'k3s', kubeProxy: 'coexist' });
  return k3sServerFlags(config);
}

/** What the API server publishes as the kubernetes Service's endpoint. */
export const ADVERTISE_ADDRESS = '192.0.2.10';

export interface K3sOptions {
  /** HTTPS port on 127.0.0.1; a free one when omitted. */
  readonly port?: number;
  readonly timeoutMs?: number;
}

/** Starts k3s for the instance (or finds it running) and waits until the API answers and the deploy controller has run. */
export async function startK3s(instance: ClusterInstance, opts: K3sOptions = {}): Promise<ClusterInstance> {
  const paths = instancePaths(instance.name);
  const state = readState(instance.name);
  const running = readPid(paths.k3sPid);
  if (state?.port && running !== undefined && isAlive(running)) {
    await waitReady(instance.name, opts.timeoutMs ?? 120_000);
    return { ...instance, port: state.port };
  }
  const bin = ensureBuilt(k3sProgram()).path;
  mkdirSync(paths.dir, { recursive: true });
  const port = opts.port ?? state?.port ?? (await freePort());
  // The controller manager and scheduler have fixed default ports; free ones let two instances
  // (a developer's cluster and a test's) run side by side.
  const controllerPort = await freePort();
  const schedulerPort = await freePort();
  const args = [
    'server',
    '--disable-agent',
    `--data-dir=${paths.data}`,
    `--write-kubeconfig=${paths.kubeconfig}`,
    '--write-kubeconfig-mode=0600',
    '--bind-address=127.0.0.1',
    // The kubernetes Service's endpoint must not be a loopback address (the API server refuses to
    // publish one), and the operator's bpfNetworkBootstrap reads it. A TEST-NET-1 address (RFC 5737)
    // stands for the node IP a real server advertises; nothing listens on it.
    `--advertise-address=${ADVERTISE_ADDRESS}`,
    `--https-listen-port=${port}`,
    '--tls-san=127.0.0.1',
    // No cloud controller: it only labels nodes and runs servicelb; nodes the tests create stay as they are.
    '--disable-cloud-controller',
    // Packaged add-ons that have nothing to do with Calico: fewer objects, less noise in the tests.
    '--disable=traefik,servicelb,local-storage,metrics-server',
    `--kube-controller-manager-arg=secure-port=${controllerPort}`,
    `--kube-controller-manager-arg=bind-address=127.0.0.1`,
    `--kube-scheduler-arg=secure-port=${schedulerPort}`,
    `--kube-scheduler-arg=bind-address=127.0.0.1`,
    ...defaultServerFlags(),
  ];
  startProcess(bin, args, { log: paths.k3sLog, pidFile: paths.k3sPid });
  writeState(instance.name, { ...(state ?? {}), port, k3sArgs: args });
  try {
    await waitReady(instance.name, opts.timeoutMs ?? 180_000);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- last lines of ${paths.k3sLog} ---\n${tail(paths.k3sLog, 25)}`, { cause: e });
  }
  return { ...instance, port };
}

/** The API server answers /readyz and k3s's deploy controller has recorded its first Addon. */
async function waitReady(name: string, timeoutMs: number): Promise<void> {
  const paths = instancePaths(name);
  await waitFor('the k3s API server (/readyz)', timeoutMs, () => {
    const pid = readPid(paths.k3sPid);
    if (pid === undefined || !isAlive(pid)) throw new Error(`k3s exited; see ${paths.k3sLog}`);
    if (!existsSync(paths.kubeconfig)) return undefined;
    return kubectl(paths.kubeconfig, ['get', '--raw', '/readyz']).trim() === 'ok' ? true : undefined;
  });
  await waitFor(
    'k3s to apply its packaged manifests (Addon coredns)',
    timeoutMs,
    () => (kubectl(paths.kubeconfig, ['-n', 'kube-system', 'get', 'addon', 'coredns', '-o', 'name']).trim() ? true : undefined),
    1000,
  );
}

/** Stops k3s (by the pid this harness recorded); `keepData` leaves the data folder for a restart. */
export async function stopK3s(name: string, opts: { keepData?: boolean } = {}): Promise<boolean> {
  const paths = instancePaths(name);
  const stopped = await stopProcess(paths.k3sPid);
  if (!opts.keepData) rmSync(paths.data, { recursive: true, force: true });
  return stopped;
}

/** Restarts k3s on the same data, port and flags (what a node reboot does to the server). */
export async function restartK3s(instance: ClusterInstance, timeoutMs = 180_000): Promise<void> {
  const paths = instancePaths(instance.name);
  const state = readState(instance.name);
  if (!state?.k3sArgs) throw new Error(`instance ${instance.name} was never started`);
  await stopProcess(paths.k3sPid);
  startProcess(ensureBuilt(k3sProgram()).path, state.k3sArgs, { log: paths.k3sLog, pidFile: paths.k3sPid });
  await waitReady(instance.name, timeoutMs);
}

function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

export { tail as logTail };
export const manifestsDir = (name: string): string => join(instancePaths(name).data, 'server', 'manifests');

/**
 * Flux's source-, kustomize- and helm-controller, built from their Go modules and run out of
 * cluster against an instance's k3s, as `flux install` runs them in pods: the CRDs of the same
 * versions (from the modules' config/crd/bases), namespace `flux-system` (RUNTIME_NAMESPACE), one
 * replica each with leader election off (controller-runtime only elects in cluster anyway), and the
 * admin kubeconfig (`flux install` binds kustomize- and helm-controller to cluster-admin). Every
 * address is on 127.0.0.1: the source-controller's artifact server is advertised there, which is
 * where the other two download artifacts from.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FLUX_CONTROLLERS } from './engine-components';
import { ensureBuilt, moduleDir } from './go-build';
import { instancePaths } from './instance';
import { kubectl } from './kubectl';
import { freePort, isAlive, readPid, startProcess, stopProcess, waitFor } from './processes';

type Controller = keyof typeof FLUX_CONTROLLERS;
const CONTROLLERS = Object.keys(FLUX_CONTROLLERS) as Controller[];

export function fluxPaths(instance: string) {
  const dir = join(instancePaths(instance).dir, 'flux');
  const of = (c: Controller) => ({ pid: join(dir, `${c}-controller.pid`), log: join(dir, `${c}-controller.log`) });
  return { dir, storage: join(dir, 'artifacts'), of };
}

export function fluxVersions(): string[] {
  return CONTROLLERS.map((c) => FLUX_CONTROLLERS[c]().describe);
}

/** Applies the controllers' CRDs, creates flux-system and starts the three controllers; waits until each is healthy. */
export async function startFlux(instance: string): Promise<void> {
  const kubeconfig = instancePaths(instance).kubeconfig;
  const paths = fluxPaths(instance);
  mkdirSync(paths.storage, { recursive: true });
  const names: string[] = [];
  for (const c of CONTROLLERS) {
    const program = FLUX_CONTROLLERS[c]();
    ensureBuilt(program);
    const crds = join(moduleDir(program), 'config', 'crd', 'bases');
    for (const f of readdirSync(crds)
      .filter((x) => x.endsWith('.yaml'))
      .sort()) {
      const out = kubectl(kubeconfig, ['apply', '--server-side', '--force-conflicts', '-o', 'name', '-f', '-'], {
        input: readFileSync(join(crds, f), 'utf8'),
      });
      names.push(...out.trim().split('\n').filter(Boolean));
    }
  }
  kubectl(kubeconfig, ['wait', '--for=condition=Established', '--timeout=60s', ...names], { timeoutMs: 90_000 });
  try {
    kubectl(kubeconfig, ['create', 'namespace', 'flux-system']);
  } catch (e) {
    if (!/AlreadyExists/.test((e as Error).message)) throw e;
  }
  const storagePort = await freePort();
  for (const c of CONTROLLERS) {
    const { pid, log } = paths.of(c);
    const running = readPid(pid);
    if (running !== undefined && isAlive(running)) continue;
    const health = await freePort();
    const args = [
      `--metrics-addr=127.0.0.1:${await freePort()}`,
      `--health-addr=127.0.0.1:${health}`,
      '--enable-leader-election=false',
      '--log-encoding=json',
      ...(c === 'source'
        ? [`--storage-path=${paths.storage}`, `--storage-addr=127.0.0.1:${storagePort}`, `--storage-adv-addr=127.0.0.1:${storagePort}`]
        : []),
    ];
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: kubeconfig, RUNTIME_NAMESPACE: 'flux-system' };
    startProcess(ensureBuilt(FLUX_CONTROLLERS[c]()).path, args, { log, pidFile: pid, env });
    await waitFor(`${c}-controller to be healthy (log ${log})`, 60_000, async () => {
      const p = readPid(pid);
      if (p === undefined || !isAlive(p))
        throw new Error(`${c}-controller exited: ${existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' | ') : ''}`);
      const r = await fetch(`http://127.0.0.1:${health}/readyz`).catch(() => undefined);
      return r?.ok ? true : undefined;
    });
  }
}

export async function stopFlux(instance: string): Promise<void> {
  for (const c of CONTROLLERS) await stopProcess(fluxPaths(instance).of(c).pid);
}

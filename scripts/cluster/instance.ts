/**
 * One local control plane ("instance"): its folder under `.tools/run/<name>/` holds the k3s data,
 * the kubeconfig, pid and log files, and `state.json` (port, the flags k3s was started with).
 * `npm run cluster:*` uses the instance `dev`; each cluster test file uses its own.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOLS_DIR } from './go-build';

export interface ClusterInstance {
  readonly name: string;
  readonly port?: number;
}

export interface InstanceState {
  readonly port?: number;
  readonly k3sArgs?: readonly string[];
  readonly operatorArgs?: readonly string[];
  readonly operatorVersion?: string;
}

export function instancePaths(name: string) {
  const dir = join(TOOLS_DIR, 'run', name);
  return {
    dir,
    data: join(dir, 'k3s'),
    kubeconfig: join(dir, 'kubeconfig.yaml'),
    manifests: join(dir, 'k3s', 'server', 'manifests'),
    k3sPid: join(dir, 'k3s.pid'),
    k3sLog: join(dir, 'k3s.log'),
    operatorPid: join(dir, 'operator.pid'),
    operatorLog: join(dir, 'operator.log'),
    state: join(dir, 'state.json'),
  };
}

export function readState(name: string): InstanceState | undefined {
  const path = instancePaths(name).state;
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as InstanceState;
  } catch {
    return undefined;
  }
}

export function writeState(name: string, state: InstanceState): void {
  const paths = instancePaths(name);
  mkdirSync(paths.dir, { recursive: true });
  writeFileSync(paths.state, `${JSON.stringify(state, null, 2)}\n`);
}

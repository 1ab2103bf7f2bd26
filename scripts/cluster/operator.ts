/**
 * The real tigera-operator, run out of cluster against the instance's k3s, the way the chart's
 * Deployment runs it in a pod: the same arguments (`-manage-crds=<value>`), the same environment
 * (WATCH_NAMESPACE, OPERATOR_NAME, TIGERA_OPERATOR_INIT_IMAGE_VERSION, the
 * `kubernetes-services-endpoint` ConfigMap as envFrom) and, when given, the chart's ServiceAccount
 * credentials. Differences from a pod, each forced by running outside one: the namespace comes
 * from OPERATOR_NAMESPACE (a pod reads its service-account folder), leader election is off
 * (controller-runtime only elects in cluster), and the kubeconfig replaces the in-cluster config.
 */
import { rmSync } from 'node:fs';
import { DEFAULT_CALICO_VERSION, OPERATOR_VERSIONS } from '../../lib/core';
import { OPERATOR_PROGRAMS } from './components';
import { ensureBuilt } from './go-build';
import { instancePaths, readState, writeState } from './instance';
import { kubectl } from './kubectl';
import { isAlive, readPid, startProcess, stopProcess, waitFor } from './processes';

export interface OperatorOptions {
  readonly calicoVersion?: string;
  readonly namespace?: string;
  readonly manageCrds?: boolean;
  /** Credentials the operator runs with; the instance's admin kubeconfig when omitted. */
  readonly kubeconfig?: string;
  readonly timeoutMs?: number;
}

export function operatorVersionFor(calicoVersion: string): string {
  const version = OPERATOR_VERSIONS[calicoVersion];
  if (!version) throw new Error(`no tigera-operator is pinned for Calico ${calicoVersion}`);
  if (!OPERATOR_PROGRAMS[version]) throw new Error(`tigera-operator ${version} (Calico ${calicoVersion}) has no pinned Go module in scripts/cluster/components.ts; the local control plane runs ${Object.keys(OPERATOR_PROGRAMS).join(', ')}`);
  return version;
}

/** The `kubernetes-services-endpoint` ConfigMap's data, as the Deployment's envFrom would pass it. */
function servicesEndpointEnv(adminKubeconfig: string, namespace: string): Record<string, string> {
  try {
    const cm = JSON.parse(kubectl(adminKubeconfig, ['-n', namespace, 'get', 'configmap', 'kubernetes-services-endpoint', '-o', 'json'])) as { data?: Record<string, string> };
    return cm.data ?? {};
  } catch {
    return {};
  }
}

/** Starts the operator in the background (or finds it running); waits until it has created its CRDs. */
export async function startOperator(name: string, opts: OperatorOptions = {}): Promise<{ pid: number; version: string; log: string }> {
  const paths = instancePaths(name);
  const calicoVersion = opts.calicoVersion ?? DEFAULT_CALICO_VERSION;
  const version = operatorVersionFor(calicoVersion);
  const namespace = opts.namespace ?? 'tigera-operator';
  const running = readPid(paths.operatorPid);
  if (running !== undefined && isAlive(running)) return { pid: running, version: readState(name)?.operatorVersion ?? version, log: paths.operatorLog };
  const bin = ensureBuilt(OPERATOR_PROGRAMS[version]!()).path;
  // The operator's cluster CA controller writes into its namespace; a pod's namespace exists by definition.
  try {
    kubectl(paths.kubeconfig, ['get', 'namespace', namespace, '-o', 'name']);
  } catch {
    kubectl(paths.kubeconfig, ['create', 'namespace', namespace]);
  }
  const args = [`-manage-crds=${opts.manageCrds ?? true}`, '--enable-leader-election=false', `--kubeconfig=${opts.kubeconfig ?? paths.kubeconfig}`];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    WATCH_NAMESPACE: '',
    OPERATOR_NAME: 'tigera-operator',
    OPERATOR_NAMESPACE: namespace,
    TIGERA_OPERATOR_INIT_IMAGE_VERSION: version,
    KUBECONFIG: opts.kubeconfig ?? paths.kubeconfig,
    ...servicesEndpointEnv(paths.kubeconfig, namespace),
  };
  rmSync(paths.operatorLog, { force: true });
  const started = startProcess(bin, args, { log: paths.operatorLog, pidFile: paths.operatorPid, env });
  writeState(name, { ...(readState(name) ?? {}), operatorArgs: args, operatorVersion: version });
  await waitFor('the operator to create the Installation CRD', opts.timeoutMs ?? 120_000, () => {
    if (!isAlive(started.pid)) throw new Error(`tigera-operator exited; see ${paths.operatorLog}`);
    try {
      return kubectl(paths.kubeconfig, ['get', 'crd', 'installations.operator.tigera.io', '-o', 'name']).trim() ? true : undefined;
    } catch {
      return undefined;
    }
  });
  return { pid: started.pid, version, log: paths.operatorLog };
}

export async function stopOperator(name: string): Promise<boolean> {
  return stopProcess(instancePaths(name).operatorPid);
}

/**
 * The real tigera-operator, run out of cluster against the instance's k3s, the way the chart's
 * Deployment runs it in a pod: the same arguments (`-manage-crds=<value>`), the same environment
 * (WATCH_NAMESPACE, OPERATOR_NAME, TIGERA_OPERATOR_INIT_IMAGE_VERSION, the
 * `kubernetes-services-endpoint` ConfigMap as envFrom) and, when given, the chart's ServiceAccount
 * credentials. Differences from a pod, each forced by running outside one: the namespace comes
 * from OPERATOR_NAMESPACE (a pod reads its service-account folder), leader election is off
 * (controller-runtime only elects in cluster), and the kubeconfig replaces the in-cluster config.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { CALICO_RELEASES, DEFAULT_CALICO_VERSION, OPERATOR_VERSIONS } from '../../lib/core/internal';
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
  if (!OPERATOR_PROGRAMS[version])
    throw new Error(
      `tigera-operator ${version} (Calico ${calicoVersion}) has no pinned Go module in scripts/cluster/components.ts; the local control plane runs ${Object.keys(OPERATOR_PROGRAMS).join(', ')}`,
    );
  return version;
}

/**
 * The Calico release whose operator the local control plane runs: the default one when its
 * operator can be built here, else the newest that can. The Go module proxy serves
 * tigera/operator only at v1.42.3 (and v1.43.0, an Enterprise line): v1.44.x (Calico 3.33) and
 * v1.42.6–8 are not served, so 3.33 objects are judged by the real API server, not its operator.
 */
export function runnableCalicoVersion(): { calicoVersion: string; note?: string } {
  if (OPERATOR_PROGRAMS[OPERATOR_VERSIONS[DEFAULT_CALICO_VERSION] ?? '']) return { calicoVersion: DEFAULT_CALICO_VERSION };
  const runnable = CALICO_RELEASES.filter((r) => OPERATOR_PROGRAMS[r.operator]).pop();
  if (!runnable) throw new Error('no tigera-operator version has a pinned Go module');
  return {
    calicoVersion: runnable.version,
    note: `tigera-operator ${OPERATOR_VERSIONS[DEFAULT_CALICO_VERSION]} (the default Calico ${DEFAULT_CALICO_VERSION}'s) is not served by the Go module proxy; running ${runnable.operator} (Calico ${runnable.version}), the newest this machine can build`,
  };
}

interface Container {
  readonly args?: readonly string[];
  readonly env?: readonly { name: string; value?: string; valueFrom?: unknown }[];
  readonly envFrom?: readonly { configMapRef?: { name: string } }[];
}

function configMapData(adminKubeconfig: string, namespace: string, name: string): Record<string, string> {
  try {
    return (
      (JSON.parse(kubectl(adminKubeconfig, ['-n', namespace, 'get', 'configmap', name, '-o', 'json'])) as { data?: Record<string, string> }).data ??
      {}
    );
  } catch {
    return {};
  }
}

/**
 * The operator container of the chart's Deployment, when the chart is installed: its args, its
 * literal env, and its envFrom ConfigMaps resolved now (a pod resolves them when it starts).
 */
function chartContainer(adminKubeconfig: string, namespace: string): { args: string[]; env: Record<string, string> } | undefined {
  let deployment: { spec: { template: { spec: { containers: (Container & { name: string })[] } } } };
  try {
    deployment = JSON.parse(kubectl(adminKubeconfig, ['-n', namespace, 'get', 'deployment', 'tigera-operator', '-o', 'json']));
  } catch {
    return undefined;
  }
  const c = deployment.spec.template.spec.containers.find((x) => x.name === 'tigera-operator');
  if (!c) return undefined;
  const env: Record<string, string> = {};
  for (const ref of c.envFrom ?? []) if (ref.configMapRef) Object.assign(env, configMapData(adminKubeconfig, namespace, ref.configMapRef.name));
  for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  // The one fieldRef the chart uses: the pod's own name.
  if ((c.env ?? []).some((e) => e.name === 'POD_NAME')) env.POD_NAME = 'tigera-operator-out-of-cluster';
  return { args: [...(c.args ?? [])], env };
}

/**
 * Starts the operator in the background (or finds it running) and waits until it has created its
 * CRDs. With the chart installed, it runs with the Deployment's args and environment.
 */
export async function startOperator(
  name: string,
  opts: OperatorOptions = {},
): Promise<{ pid: number; version: string; log: string; args: readonly string[] }> {
  const paths = instancePaths(name);
  const calicoVersion = opts.calicoVersion ?? runnableCalicoVersion().calicoVersion;
  const version = operatorVersionFor(calicoVersion);
  const namespace = opts.namespace ?? 'tigera-operator';
  const running = readPid(paths.operatorPid);
  const state = readState(name);
  if (running !== undefined && isAlive(running))
    return { pid: running, version: state?.operatorVersion ?? version, log: paths.operatorLog, args: state?.operatorArgs ?? [] };
  const bin = ensureBuilt(OPERATOR_PROGRAMS[version]!()).path;
  // The operator's cluster CA controller writes into its namespace; a pod's namespace exists by definition.
  try {
    kubectl(paths.kubeconfig, ['get', 'namespace', namespace, '-o', 'name']);
  } catch {
    kubectl(paths.kubeconfig, ['create', 'namespace', namespace]);
  }
  const chart = chartContainer(paths.kubeconfig, namespace);
  const podArgs = chart?.args ?? [`-manage-crds=${opts.manageCrds ?? true}`];
  const podEnv = chart?.env ?? {
    WATCH_NAMESPACE: '',
    OPERATOR_NAME: 'tigera-operator',
    TIGERA_OPERATOR_INIT_IMAGE_VERSION: version,
    ...configMapData(paths.kubeconfig, namespace, 'kubernetes-services-endpoint'),
  };
  const kubeconfig = opts.kubeconfig ?? paths.kubeconfig;
  const args = [...podArgs, '--enable-leader-election=false', `--kubeconfig=${kubeconfig}`];
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...podEnv, OPERATOR_NAMESPACE: namespace, KUBECONFIG: kubeconfig };
  rmSync(paths.operatorLog, { force: true });
  writeState(name, { ...(state ?? {}), operatorArgs: args, operatorVersion: version });
  // The kubelet restarts a pod that exits (restartPolicy Always). The operator exits on purpose
  // when API discovery races its own CRDs ("Failed to discovery tenancy mode": the group is not
  // served yet), so a start counts once the manager is running; an early exit is restarted, as the
  // kubelet would, a few times with a short back-off.
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (let attempt = 1; ; attempt++) {
    // This attempt's part of the log: the file is appended to across restarts.
    const from = existsSync(paths.operatorLog) ? statSync(paths.operatorLog).size : 0;
    const started = startProcess(bin, args, { log: paths.operatorLog, pidFile: paths.operatorPid, env });
    const outcome = await waitFor('the operator to create its CRDs and start its manager', Math.max(deadline - Date.now(), 1_000), () => {
      const managerStarted = readFileSync(paths.operatorLog).subarray(from).toString('utf8').includes('"msg":"starting manager"');
      if (!isAlive(started.pid)) return 'exited' as const;
      return managerStarted && installationCrdEstablished(paths.kubeconfig) ? ('running' as const) : undefined;
    });
    if (outcome === 'running') return { pid: started.pid, version, log: paths.operatorLog, args };
    if (attempt >= 4)
      throw new Error(
        `tigera-operator exited ${attempt} times while starting; the log ends with:\n${readFileSync(paths.operatorLog, 'utf8').trimEnd().split('\n').slice(-5).join('\n')}`,
      );
    await new Promise((r) => setTimeout(r, 2_000 * attempt));
  }
}

function installationCrdEstablished(kubeconfig: string): boolean {
  try {
    const crd = JSON.parse(kubectl(kubeconfig, ['get', 'crd', 'installations.operator.tigera.io', '-o', 'json'])) as {
      status?: { conditions?: { type: string; status: string }[] };
    };
    return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') === true;
  } catch {
    return false;
  }
}

export async function stopOperator(name: string): Promise<boolean> {
  return stopProcess(instancePaths(name).operatorPid);
}

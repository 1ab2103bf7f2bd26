/**
 * What a kubelet would do on this control plane, done by the real programs instead. There is no
 * kubelet and no container runtime here, so no pod runs; where a test needs what a pod would have
 * done, it uses one of these, and says so:
 *
 * - `registerNodes`: Node objects, as kubelets register them (a k3d server and its agents, or a
 *   varied fleet). Nothing heartbeats for them; the node lifecycle controller marks them NotReady.
 * - `runHelmChartJob`: what k3s's helm-install Job (klipper-helm) does for a HelmChart — `helm
 *   install` (or `upgrade`) of the chart with the values k3s stored for it — run with the real helm
 *   on the real chart, the chart taken from ../shared/reference (the same version; no network).
 * - `operatorPodKubeconfig`: the credentials of the operator pod's ServiceAccount (a token from the
 *   TokenRequest API), so the out-of-cluster operator has exactly the chart's RBAC, not admin's.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { helm, kubectl } from './kubectl';

export interface NodeSpec {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly providerID?: string;
}

export function registerNodes(kubeconfig: string, nodes: readonly NodeSpec[]): void {
  const docs = nodes.map((n) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': n.name, ...(n.labels ?? {}) },
      ...(n.annotations ? { annotations: n.annotations } : {}),
    },
    spec: n.providerID ? { providerID: n.providerID } : {},
  }));
  kubectl(kubeconfig, ['apply', '-f', '-'], { input: docs.map((d) => JSON.stringify(d)).join('\n') });
}

/** The nodes of the k3d quickstart cluster (examples/k3d/cluster.yaml: 1 server, 2 agents). */
export function k3dNodes(cluster: string, servers = 1, agents = 2): NodeSpec[] {
  const server = (i: number): NodeSpec => ({
    name: `k3d-${cluster}-server-${i}`,
    labels: { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true' },
    providerID: `k3s://k3d-${cluster}-server-${i}`,
  });
  const agent = (i: number): NodeSpec => ({ name: `k3d-${cluster}-agent-${i}`, providerID: `k3s://k3d-${cluster}-agent-${i}` });
  return [...Array.from({ length: servers }, (_, i) => server(i)), ...Array.from({ length: agents }, (_, i) => agent(i))];
}

/** Where the real charts are: the reference folder beside the checkout (CALICO_REFERENCE_DIR overrides it). */
export function referenceDir(): string {
  return process.env.CALICO_REFERENCE_DIR ?? resolve(__dirname, '..', '..', '..', 'shared', 'reference');
}

/** The local copy of a Calico chart at exactly the version asked for; throws when there is none. */
export function localChart(chart: string, version: string): string {
  const candidates = ['calico', 'calico-v3.33'].map((d) => join(referenceDir(), d, 'charts', chart));
  for (const dir of candidates) {
    if (!existsSync(join(dir, 'Chart.yaml'))) continue;
    const meta = parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as { version?: string };
    if (meta.version === version) return dir;
  }
  throw new Error(`no local copy of chart ${chart} ${version} (looked in ${candidates.join(', ')})`);
}

interface HelmChartObject {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: { readonly chart: string; readonly version: string; readonly targetNamespace?: string; readonly valuesContent?: string };
}

/**
 * Does what the helm-install Job of a HelmChart would do: `helm install` (or `upgrade`) of release
 * <HelmChart name> in <targetNamespace>, with the values k3s stored in the Job's values Secret.
 */
export function runHelmChartJob(
  kubeconfig: string,
  namespace: string,
  name: string,
): { release: string; namespace: string; chart: string; values: string } {
  const chart = JSON.parse(kubectl(kubeconfig, ['-n', namespace, 'get', 'helmchart', name, '-o', 'json'])) as HelmChartObject;
  // helm-controller writes the values into Secret chart-values-<name>, which the Job mounts.
  const secret = JSON.parse(kubectl(kubeconfig, ['-n', namespace, 'get', 'secret', `chart-values-${name}`, '-o', 'json'])) as {
    data?: Record<string, string>;
  };
  const valuesDir = mkdtempSync(join(tmpdir(), 'helm-values-'));
  const valueFiles = Object.entries(secret.data ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => {
      const file = join(valuesDir, `${key}.yaml`);
      writeFileSync(file, Buffer.from(value, 'base64'));
      return file;
    });
  const dir = localChart(chart.spec.chart, chart.spec.version);
  const target = chart.spec.targetNamespace ?? namespace;
  const installed = helm(kubeconfig, ['-n', target, 'list', '-q', '--filter', `^${name}$`]).trim() === name;
  helm(kubeconfig, [installed ? 'upgrade' : 'install', name, dir, '--namespace', target, ...valueFiles.flatMap((f) => ['-f', f])]);
  return { release: name, namespace: target, chart: dir, values: valueFiles.map((f) => readFileSync(f, 'utf8')).join('---\n') };
}

/** A kubeconfig for a ServiceAccount (a bound token), beside the admin one. */
export function serviceAccountKubeconfig(adminKubeconfig: string, namespace: string, serviceAccount: string): string {
  const token = kubectl(adminKubeconfig, ['-n', namespace, 'create', 'token', serviceAccount, '--duration=6h']).trim();
  const admin = parse(readFileSync(adminKubeconfig, 'utf8')) as { clusters: { cluster: Record<string, string> }[] };
  const cluster = admin.clusters[0]!.cluster;
  const out = join(adminKubeconfig, '..', `${serviceAccount}.kubeconfig.yaml`);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: { server: cluster.server, 'certificate-authority-data': cluster['certificate-authority-data'] } }],
    users: [{ name: serviceAccount, user: { token } }],
    contexts: [{ name: serviceAccount, context: { cluster: 'local', user: serviceAccount } }],
    'current-context': serviceAccount,
  };
  writeFileSync(out, JSON.stringify(config), { mode: 0o600 });
  return out;
}

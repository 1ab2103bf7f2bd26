/**
 * The k3d quickstart on a real k3s: the files our k3d config embeds are put where k3d puts them
 * (the server's manifests folder, same relative paths as the `files:` destinations), and the real
 * deploy controller and helm-controller of k3s act on them.
 *
 * Stand-ins (no kubelet here, see scripts/cluster/stand-ins.ts): Node objects for the k3d server
 * and agents; the helm-install Job's `helm install`, run with the real helm and chart and the
 * values k3s stored; the operator pod, run as the real operator binary with its ServiceAccount.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runSynth } from '../../lib/cli/synth';
import { logTail } from '../../scripts/cluster/k3s';
import { instancePaths } from '../../scripts/cluster/instance';
import { k3dNodes, registerNodes, runHelmChartJob, serviceAccountKubeconfig } from '../../scripts/cluster/stand-ins';
import { K3S, OPERATOR, OPERATOR_CALICO, describeCluster, eventually, placeManifests, startCluster, type Cluster } from './support/cluster';

const NAME = 'test-k3s-bootstrap';
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The k3d config `calico-ebpf synth` writes for the quickstart, and the files it reads — at the
 * release whose operator can run here (OPERATOR_CALICO), so its chart and operator exist locally.
 */
function quickstart(): { files: { path: string; content: string }[]; destinations: string[] } {
  const out = mkdtempSync(join(tmpdir(), 'k3d-quickstart-'));
  const config = join(out, 'cluster.yaml');
  const props = parse(readFileSync(join(__dirname, '..', '..', 'examples', 'k3d', 'cluster.yaml'), 'utf8')) as Record<string, unknown>;
  writeFileSync(config, stringify({ ...props, calicoVersion: OPERATOR_CALICO }));
  runSynth({ config, out: join(out, 'k3d') });
  const k3d = parse(readFileSync(join(out, 'k3d-dev.yaml'), 'utf8')) as { files: { destination: string; source: string }[] };
  // Read as k3d reads them: relative to the config file's folder.
  const files = k3d.files.map((f) => ({ path: f.destination.replace(/^k3s-manifests\//, ''), content: readFileSync(join(out, f.source), 'utf8') }));
  rmSync(out, { recursive: true, force: true });
  // k3d's `k3s-manifests/` destination is the server's manifests folder.
  return { destinations: k3d.files.map((f) => f.destination), files };
}

function warnings(cluster: Cluster, addon: string): string[] {
  const list = cluster.get<{ items: { reason: string; message: string }[] }>([
    'events',
    '-n',
    'kube-system',
    '--field-selector',
    `involvedObject.kind=Addon,involvedObject.name=${addon},type=Warning`,
  ]);
  return (list?.items ?? []).map((e) => `${e.reason}: ${e.message}`);
}

const uid = (cluster: Cluster, args: string[]): string | undefined => cluster.get<{ metadata: { uid: string } }>(args)?.metadata.uid;

describeCluster(`k3s bootstrap, on ${K3S}`, () => {
  let cluster: Cluster;
  const { files, destinations } = quickstart();
  const applied = (addon: string) => cluster.get<{ spec: { checksum?: string } }>(['addon', '-n', 'kube-system', addon])?.spec.checksum;

  beforeAll(async () => {
    cluster = await startCluster(NAME);
    registerNodes(cluster.kubeconfig, k3dNodes('dev'));
    placeManifests(cluster, files);
  }, 30 * 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('the k3d config carries one file per layer, each named so that k3s tracks it with its own Addon', () => {
    expect(destinations).toEqual([
      'k3s-manifests/calico-k3s-0-namespace.yaml',
      'k3s-manifests/calico-k3s-1-operator.yaml',
      'k3s-manifests/calico-resources.yaml',
    ]);
  });

  it('applies the namespace and operator files, each as its own Addon with the file checksum and no warning event', async () => {
    for (const [addon, file] of [
      ['calico-k3s-0-namespace', 'calico-k3s-0-namespace.yaml'],
      ['calico-k3s-1-operator', 'calico-k3s-1-operator.yaml'],
    ] as const) {
      const content = files.find((f) => f.path === file)!.content;
      await eventually(`Addon ${addon} applied`, () => (applied(addon) === sha256(content) ? true : undefined));
      expect(warnings(cluster, addon)).toEqual([]);
    }
    expect(cluster.get(['namespace', 'tigera-operator'])?.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'privileged' });
  });

  it('hands the operator HelmChart to the real helm-controller, which creates a bootstrap helm-install Job', async () => {
    const job = await eventually('Job helm-install-tigera-operator', () =>
      cluster.get<any>(['job', '-n', 'kube-system', 'helm-install-tigera-operator']),
    );
    const pod = job.spec.template.spec;
    // bootstrap: true — host network and the not-ready tolerations, the only way to run before a CNI exists.
    expect(pod.hostNetwork).toBe(true);
    expect(pod.nodeSelector).toMatchObject({ 'node-role.kubernetes.io/control-plane': 'true' });
    expect(pod.tolerations).toEqual(
      expect.arrayContaining([
        { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' },
      ]),
    );
    const env = Object.fromEntries(pod.containers[0].env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    expect(env).toMatchObject({
      BOOTSTRAP: 'true',
      FAILURE_POLICY: 'abort',
      TARGET_NAMESPACE: 'tigera-operator',
      VERSION: OPERATOR_CALICO,
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
    });
    expect(pod.containers[0].args).toEqual(['install', '--namespace', 'tigera-operator', '--version', OPERATOR_CALICO]);
  });

  it(`retries the custom resources until the operator (${OPERATOR}) has created their CRDs, then applies them`, async () => {
    const resources = files.find((f) => f.path === 'calico-resources.yaml')!.content;
    // Before the operator runs, the CRDs do not exist: k3s reports it and retries every 15 s.
    await eventually('a warning on Addon calico-resources', () => (warnings(cluster, 'calico-resources').length > 0 ? true : undefined), 60_000);
    expect(warnings(cluster, 'calico-resources')[0]).toMatch(/^ApplyManifestFailed: .*calico-resources\.yaml" failed/);
    expect(applied('calico-resources')).toBeFalsy();
    // Stand-in for the helm-install Job, then the operator pod (see the file header).
    runHelmChartJob(cluster.kubeconfig, 'kube-system', 'tigera-operator');
    await cluster.startOperator({ kubeconfig: serviceAccountKubeconfig(cluster.kubeconfig, 'tigera-operator', 'tigera-operator') });
    await eventually('Addon calico-resources applied', () => (applied('calico-resources') === sha256(resources) ? true : undefined), 90_000);
    for (const kind of ['installation', 'apiserver', 'goldmane', 'whisker']) expect(cluster.get([kind, 'default'])).toBeDefined();
    expect(cluster.get(['felixconfiguration', 'default'])?.spec).toMatchObject({
      bpfConnectTimeLoadBalancing: 'Disabled',
      bpfMapSizeConntrack: 45_056,
    });
  });

  it('restarting k3s deletes nothing and reverts nothing the operator wrote', async () => {
    const objects = [
      ['namespace', 'tigera-operator'],
      ['helmchart', '-n', 'kube-system', 'tigera-operator'],
      ['installation', 'default'],
      ['felixconfiguration', 'default'],
      ['apiserver', 'default'],
    ];
    const before = objects.map((o) => uid(cluster, o));
    await eventually('the operator to set bpfEnabled', () =>
      cluster.get<any>(['felixconfiguration', 'default'])?.spec.bpfEnabled === true ? true : undefined,
    );
    const started = Date.now();
    await cluster.restart();
    // At start k3s re-applies every file (no checksum comparison): wait for that pass to reach the last file.
    await eventually('k3s to re-apply calico-resources.yaml after the restart', () => {
      const list = cluster.get<{ items: { reason: string; lastTimestamp?: string; eventTime?: string; metadata: { creationTimestamp: string } }[] }>([
        'events',
        '-n',
        'kube-system',
        '--field-selector',
        'involvedObject.kind=Addon,involvedObject.name=calico-resources,reason=AppliedManifest',
      ]);
      return (list?.items ?? []).some((e) => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp) >= started - 1000)
        ? true
        : undefined;
    });
    expect(objects.map((o) => uid(cluster, o))).toEqual(before);
    const felix = cluster.get<any>(['felixconfiguration', 'default'])!;
    expect(felix.spec.bpfEnabled).toBe(true);
    expect(felix.metadata.annotations['operator.tigera.io/bpfEnabled']).toBe('true');
  });

  it('a .skip file stops k3s from applying its file (the hand-over to Flux or Argo CD)', async () => {
    const path = join(cluster.manifests, 'calico-resources.yaml');
    writeFileSync(`${path}.skip`, '');
    const changed = readFileSync(path, 'utf8').replace('bpfMapSizeConntrack: 45056', 'bpfMapSizeConntrack: 90112');
    expect(changed).not.toBe(readFileSync(path, 'utf8'));
    writeFileSync(path, changed);
    // Two passes of the 15 s loop.
    await new Promise((r) => setTimeout(r, 35_000));
    expect(cluster.get<any>(['felixconfiguration', 'default'])!.spec.bpfMapSizeConntrack).toBe(45_056);
    rmSync(`${path}.skip`);
    await eventually(
      'the change to apply once the .skip file is gone',
      () => (cluster.get<any>(['felixconfiguration', 'default'])!.spec.bpfMapSizeConntrack === 90_112 ? true : undefined),
      60_000,
    );
  }, 180_000);

  it('removing a file deletes nothing: its objects and its Addon stay', async () => {
    const ns = uid(cluster, ['namespace', 'tigera-operator']);
    const chart = uid(cluster, ['helmchart', '-n', 'kube-system', 'tigera-operator']);
    rmSync(join(cluster.manifests, 'calico-k3s-0-namespace.yaml'));
    rmSync(join(cluster.manifests, 'calico-k3s-1-operator.yaml'));
    await new Promise((r) => setTimeout(r, 35_000));
    expect(uid(cluster, ['namespace', 'tigera-operator'])).toBe(ns);
    expect(uid(cluster, ['helmchart', '-n', 'kube-system', 'tigera-operator'])).toBe(chart);
    expect(applied('calico-k3s-0-namespace')).toBeTruthy();
  }, 120_000);

  it('(why the files are named this way) a file named <Kind>.<name>.k8s.yaml is never applied: its Addon would be called "Namespace"', async () => {
    const doc = stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'old-style-name' } });
    writeFileSync(join(cluster.manifests, 'Namespace.old-style-name.k8s.yaml'), doc);
    // k3s logs it (quotes escaped in its logfmt line) and retries every 15 s, forever.
    const failure = /Namespace\.old-style-name\.k8s\.yaml: Addon\.k3s\.cattle\.io \\"Namespace\\" is invalid: metadata\.name: Invalid value/;
    await eventually('k3s to log the failure', () => (failure.test(logTail(instancePaths(NAME).k3sLog, 400)) ? true : undefined), 60_000);
    expect(cluster.get(['addon', '-n', 'kube-system', 'Namespace'])).toBeUndefined();
    expect(cluster.get(['namespace', 'old-style-name'])).toBeUndefined();
    rmSync(join(cluster.manifests, 'Namespace.old-style-name.k8s.yaml'));
  }, 90_000);

  it("(why one file per layer) two files that share a prefix share one Addon, and applying one prunes the other's objects", async () => {
    const cm = (name: string) => stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { a: '1' } });
    writeFileSync(join(cluster.manifests, 'shared.one.yaml'), cm('shared-one'));
    writeFileSync(join(cluster.manifests, 'shared.two.yaml'), cm('shared-two'));
    await eventually('Addon shared', () => cluster.get(['addon', '-n', 'kube-system', 'shared']), 60_000);
    await eventually('ConfigMap shared-two', () => cluster.get(['configmap', '-n', 'default', 'shared-two']), 60_000);
    // shared.one.yaml sorts first; applying shared.two.yaml with the same owner pruned its ConfigMap.
    expect(cluster.get(['configmap', '-n', 'default', 'shared-one'])).toBeUndefined();
  }, 120_000);
});

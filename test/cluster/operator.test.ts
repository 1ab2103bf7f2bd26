/**
 * The real tigera-operator reconciles what we render, on a real k3s, through the k3d quickstart's
 * path: k3s applies our files, the helm-install Job's `helm install` installs the real chart with
 * the values k3s stored, the operator runs with the chart's arguments, environment and
 * ServiceAccount (stand-ins for the Job's and the operator's pods: no kubelet here, see
 * scripts/cluster/stand-ins.ts). Node objects stand for the k3d server and two agents.
 *
 * What cannot happen without a kubelet: no calico-node, Typha or kube-controllers pod runs, so
 * TigeraStatus `calico` stays Progressing ("awaiting 3 nodes") and the Installation never gets a
 * `status.variant`; the operator's calico-apiserver APIService has no backend, so the Goldmane and
 * Whisker controllers report discovery errors. Everything the operator decides from our objects
 * before that — what it renders and what it writes back — is real.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FELIX_FIELD_OWNERSHIP,
  k3sManifests,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
  type KubeObject,
} from '../../lib/core/internal';
import { loadConfigFile } from '../../lib/cli/load-config';
import { k3dNodes, registerNodes, runHelmChartJob, serviceAccountKubeconfig } from '../../scripts/cluster/stand-ins';
import { K3S, OPERATOR, OPERATOR_CALICO, describeCluster, eventually, placeManifests, startCluster, type Cluster } from './support/cluster';

// The quickstart at the release whose operator runs here (OPERATOR_CALICO: the default's operator
// is not served by the Go module proxy, see scripts/cluster/operator.ts).
const QUICKSTART = {
  ...(loadConfigFile(join(__dirname, '..', '..', 'examples', 'k3d', 'cluster.yaml')) as CalicoEbpfDataplaneProps),
  calicoVersion: OPERATOR_CALICO,
};

function render(props: CalicoEbpfDataplaneProps) {
  const config = resolveCalicoEbpfDataplane(props);
  const rendered = renderCalicoEbpfDataplane(config);
  return { rendered, files: k3sManifests(config, renderGitOpsLayers(config, rendered))!.files };
}

/** Fields the ownership table lets the operator write: the ones it owns, and the ones it defaults when unset. */
const OPERATOR_MAY_WRITE = new Set(
  FELIX_FIELD_OWNERSHIP.filter((r) => r.owner.startsWith('operator') || r.rule === 'typed prop (operator default)').map((r) => r.field),
);

type Live = KubeObject & {
  metadata: { uid: string; resourceVersion: string; annotations?: Record<string, string> };
  spec: Record<string, any>;
  status?: any;
};

describeCluster(`the real operator, ${OPERATOR}, reconciles our objects on ${K3S}`, () => {
  let cluster: Cluster;
  const first = render(QUICKSTART);
  const felix = (): Live => cluster.get<Live>(['felixconfiguration', 'default'])!;
  const calicoSystem = (): Map<string, string> => {
    const list = cluster.get<{ items: Live[] }>(['daemonset,deployment,service,serviceaccount,secret,configmap', '-n', 'calico-system'])!;
    return new Map(list.items.map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.uid]));
  };

  beforeAll(async () => {
    cluster = await startCluster('test-operator');
    registerNodes(cluster.kubeconfig, k3dNodes('dev'));
    placeManifests(cluster, first.files);
    await eventually('k3s to create the operator HelmChart and its values', () =>
      cluster.get(['secret', '-n', 'kube-system', 'chart-values-tigera-operator']),
    );
    runHelmChartJob(cluster.kubeconfig, 'kube-system', 'tigera-operator');
    await cluster.startOperator({ kubeconfig: serviceAccountKubeconfig(cluster.kubeconfig, 'tigera-operator', 'tigera-operator') });
  }, 30 * 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it("runs with the arguments the chart gives it (manageCRDs from our values) and the chart's RBAC", async () => {
    const deployment = cluster.get<any>(['deployment', '-n', 'tigera-operator', 'tigera-operator'])!;
    expect(deployment.spec.template.spec.containers[0].args).toEqual(['-manage-crds=true']);
    await eventually('the Installation controller to start', () =>
      /"msg":"Starting workers","controller":"tigera-installation-controller"/.test(cluster.operatorLog()) ? true : undefined,
    );
    // The ServiceAccount's token, not admin: what the chart's ClusterRole does not allow would fail here.
    expect(cluster.operatorLog()).not.toMatch(/installations\.operator\.tigera\.io[^\n]*is forbidden/);
  });

  it('turns our Installation into calico-system with the calico-node DaemonSet in BPF mode and Typha', async () => {
    // Its status too: the DaemonSet controller writes desiredNumberScheduled (with observedGeneration) a moment after the operator creates it.
    const ds = await eventually('DaemonSet calico-system/calico-node, counted by its controller', () => {
      const d = cluster.get<any>(['daemonset', '-n', 'calico-system', 'calico-node']);
      return d && d.status?.observedGeneration === d.metadata.generation ? d : undefined;
    });
    const pod = ds.spec.template.spec;
    expect(pod.initContainers.map((c: { name: string }) => c.name)).toContain('ebpf-bootstrap');
    expect(pod.volumes).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'bpffs', hostPath: expect.objectContaining({ path: '/sys/fs/bpf' }) })]),
    );
    const env = Object.fromEntries(
      pod.containers.find((c: { name: string }) => c.name === 'calico-node').env.map((e: { name: string; value?: string }) => [e.name, e.value]),
    );
    expect(env).toMatchObject({ CALICO_NETWORKING_BACKEND: 'vxlan', IP_AUTODETECTION_METHOD: 'first-found' });
    // One node per Node object (the k3d server and two agents), Typha sized by the operator.
    expect(ds.status.desiredNumberScheduled).toBe(3);
    expect(cluster.get<any>(['deployment', '-n', 'calico-system', 'calico-typha'])!.spec.replicas).toBeGreaterThanOrEqual(1);
    const pools = cluster.get<{ items: Live[] }>(['ippools.crd.projectcalico.org'])!.items;
    expect(pools.map((p) => [p.metadata.name, p.spec.cidr, p.spec.vxlanMode])).toEqual([['default-ipv4-ippool', '10.42.0.0/16', 'CrossSubnet']]);
  });

  it('writes into FelixConfiguration default only fields our ownership table gives it, and changes none of ours', async () => {
    const live = await eventually('bpfEnabled set by the operator', () => (felix().spec.bpfEnabled === true ? felix() : undefined));
    const ours = first.rendered.felixConfiguration.spec as Record<string, unknown>;
    expect(live.spec).toMatchObject(ours);
    const added = Object.keys(live.spec)
      .filter((k) => !(k in ours))
      .sort();
    expect(added.filter((k) => !OPERATOR_MAY_WRITE.has(k))).toEqual([]);
    // What v1.42.3 writes on a fresh BPF install (meshes-and-ownership.md §4, checked here):
    expect(added).toEqual(['bpfEnabled', 'healthPort', 'nftablesMode', 'vxlanPort', 'vxlanVNI']);
    expect(live.spec).toMatchObject({ bpfEnabled: true, nftablesMode: 'Enabled', healthPort: 9099, vxlanPort: 4789, vxlanVNI: 4096 });
    expect(live.metadata.annotations?.['operator.tigera.io/bpfEnabled']).toBe('true');
  });

  /**
   * Passes of the Installation controller so far: it logs nothing per pass at info level, but each
   * pass that finds the calico-system Tier not ready (its API server never runs here) logs a retry;
   * distinct timestamps count passes.
   */
  const installationPasses = (): number =>
    new Set(
      cluster
        .operatorLog()
        .split('\n')
        .filter((l) => l.includes('"logger":"controller_installation"'))
        .map((l) => /"ts":"([^".]+)/.exec(l)?.[1]),
    ).size;

  it('neither reverts nor rewrites our objects over several reconcile loops', async () => {
    const before = felix();
    const installation = cluster.get<Live>(['installation', 'default'])!;
    const passes = installationPasses();
    for (let i = 1; i <= 3; i++) {
      // A change of the Installation starts a pass at once; the controller also requeues itself.
      cluster.kubectl(['annotate', 'installation', 'default', `calico-ebpf.test/reconcile=${i}`, '--overwrite']);
      await eventually(`Installation controller pass ${i}`, () => (installationPasses() >= passes + i ? true : undefined), 90_000);
    }
    // No write at all to the FelixConfiguration, and our Installation fields as we wrote them.
    expect(felix().metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    const now = cluster.get<Live>(['installation', 'default'])!;
    expect(now.spec).toMatchObject(first.rendered.installation.spec as Record<string, unknown>);
    expect(now.metadata.uid).toBe(installation.metadata.uid);
  }, 300_000);

  it('reports TigeraStatus and the Installation status (Progressing: no kubelet runs the pods)', async () => {
    const status = await eventually(
      'TigeraStatus calico',
      () => cluster.get<Live>(['tigerastatus', 'calico'])?.status?.conditions as { type: string; status: string; message?: string }[] | undefined,
    );
    expect(status.find((c) => c.type === 'Degraded')?.status).toBe('False');
    expect(status.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'True',
      message: expect.stringMatching(/DaemonSet "calico-system\/calico-node" is not available \(awaiting 3 nodes\)/),
    });
    const installation = cluster.get<Live>(['installation', 'default'])!;
    expect(installation.status.conditions.map((c: { type: string }) => c.type).sort()).toEqual(['Degraded', 'Progressing', 'Ready']);
  });

  it('converges after a prop change, updating in place and deleting nothing', async () => {
    const before = calicoSystem();
    const dsBefore = cluster.get<Live>(['daemonset', '-n', 'calico-system', 'calico-node'])!;
    // A change to both objects: the pod MTU (Installation) and the service mode (FelixConfiguration).
    const next = render({ ...QUICKSTART, mtu: 1400, externalServiceMode: 'DSR', dsrOptOutCIDRs: ['10.0.0.0/8'] });
    const resources = next.files.find((f) => f.path === 'calico-resources.yaml')!;
    writeFileSync(join(cluster.manifests, resources.path), resources.content);
    await eventually('the operator to render the new MTU into calico-node', () => {
      const ds = cluster.get<any>(['daemonset', '-n', 'calico-system', 'calico-node'])!;
      const env = ds.spec.template.spec.containers.find((c: { name: string }) => c.name === 'calico-node').env;
      return env.some((e: { name: string; value?: string }) => e.name === 'FELIX_VXLANMTU' && e.value === '1400') ? ds : undefined;
    });
    expect(felix().spec).toMatchObject({ bpfExternalServiceMode: 'DSR', bpfDSROptoutCIDRs: ['10.0.0.0/8'], bpfEnabled: true });
    expect(cluster.get<Live>(['daemonset', '-n', 'calico-system', 'calico-node'])!.metadata.uid).toBe(dsBefore.metadata.uid);
    const after = calicoSystem();
    const gone = [...before.keys()].filter((k) => after.get(k) !== before.get(k));
    expect(gone).toEqual([]);
  }, 180_000);
});

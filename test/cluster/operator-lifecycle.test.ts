/**
 * Two operator behaviours our output depends on, checked on the real tigera-operator:
 *
 * - Upgrades: at start the operator only creates CRDs that are missing; it replaces existing ones
 *   in its Installation reconcile (manageCRDs), and only once the Installation passes validation.
 *   A CRD left by an "older release" (the real CRD with a marker in its description) stands in
 *   for the previous version's.
 * - IPv6 in BPF mode: an Installation with an IPv6 pool and no V6 address detection is refused,
 *   and the operator creates no pool until it accepts one, so a fresh dual-stack cluster deadlocks;
 *   what we render (with the V6 method) goes through.
 *
 * Node objects stand for three nodes (no kubelet here); the operator runs out of cluster with
 * admin credentials and the chart's default arguments (`-manage-crds=true`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderCalicoEbpfDataplane, resolveCalicoEbpfDataplane, type KubeObject } from '../../lib/core/internal';
import { k3dNodes, localChart, registerNodes } from '../../scripts/cluster/stand-ins';
import { K3S, OPERATOR, OPERATOR_CALICO, describeCluster, eventually, startCluster, type Cluster } from './support/cluster';

const STALE = 'stale copy left by an older release (test marker)';
const FELIX_CRD = 'felixconfigurations.crd.projectcalico.org';

describeCluster(`the real operator, ${OPERATOR}: CRD upgrades and IPv6 on ${K3S}`, () => {
  let cluster: Cluster;
  const description = (): string | undefined => cluster.get<any>(['crd', FELIX_CRD])?.spec.versions[0].schema.openAPIV3Schema.description;
  const calicoStatus = () =>
    cluster.get<any>(['tigerastatus', 'calico'])?.status?.conditions as { type: string; status: string; message?: string }[] | undefined;
  const dualStack = renderCalicoEbpfDataplane(
    resolveCalicoEbpfDataplane({
      calicoVersion: OPERATOR_CALICO,
      ipPools: [{ cidr: '10.42.0.0/16' }, { cidr: 'fd00:10:42::/56' }],
      serviceCidrs: ['10.43.0.0/16', 'fd00:10:43::/112'],
    }),
  );
  const apply = (o: KubeObject) =>
    cluster.kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=calico-ebpf-test', '-f', '-'], JSON.stringify(o));

  beforeAll(async () => {
    cluster = await startCluster('test-operator-lifecycle');
    registerNodes(cluster.kubeconfig, k3dNodes('dev'));
    const crd = parse(
      readFileSync(
        join(localChart('crd.projectcalico.org.v1', 'v3.32.1'), 'templates', 'calico', 'crd.projectcalico.org_felixconfigurations.yaml'),
        'utf8',
      ),
    );
    crd.spec.versions[0].schema.openAPIV3Schema.description = STALE;
    cluster.kubectl(['apply', '--server-side', '--field-manager=older-release', '-f', '-'], JSON.stringify(crd));
    await cluster.startOperator({ calicoVersion: OPERATOR_CALICO });
  }, 30 * 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('at start creates the missing CRDs and leaves an existing one as it is', async () => {
    expect(cluster.get(['crd', 'installations.operator.tigera.io'])).toBeDefined();
    expect(cluster.operatorLog()).toMatch(/"msg":"ensuring CustomResourceDefinition exists","name":"felixconfigurations\.crd\.projectcalico\.org"/);
    // Long enough for anything the start-up does to have happened.
    await new Promise((r) => setTimeout(r, 15_000));
    expect(description()).toBe(STALE);
  });

  it('refuses a dual-stack BPF Installation without IPv6 address detection, creates no pool, and leaves the CRDs alone', async () => {
    const spec = JSON.parse(JSON.stringify(dualStack.installation.spec));
    delete spec.calicoNetwork.nodeAddressAutodetectionV6;
    apply({ ...dualStack.installation, spec });
    const degraded = await eventually('TigeraStatus calico Degraded', () =>
      calicoStatus()?.find((c) => c.type === 'Degraded' && c.status === 'True'),
    );
    expect(degraded.message).toMatch(/spec\.calicoNetwork\.nodeAddressAutodetectionV6 is required for the BPF dataplane/);
    await new Promise((r) => setTimeout(r, 10_000));
    expect(cluster.get<{ items: unknown[] }>(['ippools.crd.projectcalico.org'])!.items).toEqual([]);
    expect(cluster.get(['daemonset', '-n', 'calico-system', 'calico-node'])).toBeUndefined();
    expect(description()).toBe(STALE);
  });

  it('accepts what we render (V6 method written): both pools, IPv6 in calico-node, and only now the CRDs replaced', async () => {
    expect((dualStack.installation.spec as any).calicoNetwork.nodeAddressAutodetectionV6).toEqual({ firstFound: true });
    apply(dualStack.installation);
    const ds = await eventually('DaemonSet calico-node', () => cluster.get<any>(['daemonset', '-n', 'calico-system', 'calico-node']));
    const env = Object.fromEntries(
      ds.spec.template.spec.containers
        .find((c: { name: string }) => c.name === 'calico-node')
        .env.map((e: { name: string; value?: string }) => [e.name, e.value]),
    );
    expect(env).toMatchObject({ IP6: 'autodetect', IP6_AUTODETECTION_METHOD: 'first-found', FELIX_IPV6SUPPORT: 'true' });
    const pools = cluster
      .get<{ items: { spec: { cidr: string } }[] }>(['ippools.crd.projectcalico.org'])!
      .items.map((p) => p.spec.cidr)
      .sort();
    expect(pools).toEqual(['10.42.0.0/16', 'fd00:10:42::/56']);
    await eventually(
      'TigeraStatus calico no longer Degraded',
      () => (calicoStatus()?.find((c) => c.type === 'Degraded')?.status === 'False' ? true : undefined),
      60_000,
    );
    // The Installation reconcile replaced the stale CRD with the operator's own.
    await eventually('the FelixConfiguration CRD to be replaced', () => (description() !== STALE ? true : undefined), 60_000);
    expect(description()).toBe('Felix Configuration contains the configuration for Felix.');
  });
});

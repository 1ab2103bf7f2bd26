import { registered, resetRegistrations, settle, valueOf, warned } from '../support/pulumi-mocks';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CalicoEbpfDataplane, FelixBpfTuning } from '../../lib/pulumi';

/** One cluster per component: FelixConfiguration "default" may be declared once per Kubernetes provider. */
const cluster = (name: string): pulumi.ComponentResourceOptions => ({
  providers: { kubernetes: new k8s.Provider(`k8s-${name}`, { kubeconfig: 'dummy' }) },
});

async function build(name: string, args: ConstructorParameters<typeof CalicoEbpfDataplane>[1] = {}, opts?: pulumi.ComponentResourceOptions) {
  const dp = new CalicoEbpfDataplane(name, args, opts ?? cluster(name));
  await settle([
    dp,
    dp.namespace,
    ...(dp.crdRelease ? [dp.crdRelease] : []),
    dp.operatorRelease,
    dp.installation,
    dp.felixConfiguration,
    ...dp.components,
    ...(dp.servicesEndpoint ? [dp.servicesEndpoint] : []),
  ]);
  return dp;
}
const mine = (prefix: string) => registered.filter((r) => r.name.startsWith(prefix));

beforeEach(resetRegistrations);

describe('CalicoEbpfDataplane (Pulumi)', () => {
  it('registers the component and its children with stable names and types', async () => {
    await build('calico', { apiServer: { host: '172.18.0.2' } });
    const regs = mine('calico');
    // Registration is asynchronous: compare as a set; the order is asserted through the plan below.
    expect(regs.map((r) => [r.type, r.name]).sort()).toEqual(
      [
        ['calico-ebpf:index:CalicoEbpfDataplane', 'calico'],
        ['kubernetes:core/v1:Namespace', 'calico-namespace'],
        ['kubernetes:core/v1:ConfigMap', 'calico-services-endpoint'],
        ['kubernetes:helm.sh/v3:Release', 'calico-operator'],
        ['kubernetes:operator.tigera.io/v1:Installation', 'calico-installation'],
        ['kubernetes:crd.projectcalico.org/v1:FelixConfiguration', 'calico-felix-configuration'],
        ['kubernetes:operator.tigera.io/v1:APIServer', 'calico-apiserver'],
        ['kubernetes:operator.tigera.io/v1:Goldmane', 'calico-goldmane'],
        ['kubernetes:operator.tigera.io/v1:Whisker', 'calico-whisker'],
      ].sort(),
    );
    // No Helm release of the CRD chart: the operator creates the CRDs (no 1 MiB release, nothing to uninstall them).
    expect(regs.some((r) => r.name === 'calico-crds')).toBe(false);
  });

  it('records its args as the component inputs, as pulumi-eks does (they show in the state and in diffs)', async () => {
    await build('inputs', { distribution: 'k3s', serviceMesh: 'istio', apiServer: { host: '172.18.0.2', port: 6443 } });
    expect(registered.find((r) => r.type === 'calico-ebpf:index:CalicoEbpfDataplane' && r.name === 'inputs')!.inputs).toEqual({
      distribution: 'k3s',
      serviceMesh: 'istio',
      apiServer: { host: '172.18.0.2', port: 6443 },
    });
  });

  it('orders operator → FelixConfiguration → Installation → components, with the ConfigMap before the operator', async () => {
    const dp = await build('order', { apiServer: { host: '172.18.0.2' } });
    const deps = Object.fromEntries(dp.plan.map((p) => [p.name, p.dependsOn]));
    expect(deps['order-operator']).toEqual(['order-namespace', 'order-services-endpoint']);
    expect(deps['order-felix-configuration']).toEqual(['order-operator']);
    // FelixConfiguration first: the operator would otherwise create it and a create would fail with AlreadyExists.
    expect(deps['order-installation']).toEqual(['order-operator', 'order-felix-configuration', 'order-services-endpoint']);
    for (const c of ['apiserver', 'goldmane', 'whisker']) expect(deps[`order-${c}`]).toEqual(['order-installation']);
    // Creation order matches: every dependency is created before its dependant.
    const index = new Map(dp.plan.map((p, i) => [p.name, i]));
    for (const p of dp.plan) for (const d of p.dependsOn) expect(index.get(d)!).toBeLessThan(index.get(p.name)!);
  });

  it('installs pinned charts with values from the core, and no chart-created Installation', async () => {
    await build('rel', { registry: 'registry.example.com', imagePullSecrets: ['regcred'] });
    const [operator] = mine('rel-').filter((r) => r.type === 'kubernetes:helm.sh/v3:Release');
    expect(operator!.inputs).toMatchObject({
      name: 'tigera-operator',
      chart: 'tigera-operator',
      version: 'v3.33.1',
      values: {
        installation: { enabled: false, imagePullSecrets: [{ name: 'regcred' }] },
        defaultFelixConfiguration: { enabled: false },
        manageCRDs: true,
        tigeraOperator: { registry: 'registry.example.com', image: 'tigera/operator', version: 'v1.44.1' },
      },
    });
  });

  it("creates Calico's Istio after the Installation", async () => {
    const dp = await build('mesh', { serviceMesh: { kind: 'istio', provider: 'calico', mode: 'ambient', dscpMark: 23 } });
    expect(dp.plan.find((p) => p.name === 'mesh-istio')).toMatchObject({
      type: 'kubernetes:operator.tigera.io/v1:Istio',
      dependsOn: ['mesh-installation'],
      retainOnDelete: true,
    });
    await settle([dp.istio!]);
    expect(mine('mesh-istio')[0]!.inputs).toEqual({
      apiVersion: 'operator.tigera.io/v1',
      kind: 'Istio',
      // Deleted in the background, like every CR the operator reconciles (lib/core/lifecycle/install-plan.ts).
      metadata: { name: 'default', annotations: { 'pulumi.com/deletionPropagationPolicy': 'background' } },
      spec: { dscpMark: 23 },
    });
  });

  it('with crdDelivery helm-release installs the CRD release before the operator', async () => {
    const dp = await build('crdrel', { crdDelivery: 'helm-release', calicoVersion: 'v3.32.4' });
    const crds = mine('crdrel-crds')[0]!;
    expect(crds.inputs).toMatchObject({
      name: 'calico-crds',
      chart: 'crd.projectcalico.org.v1',
      version: 'v3.32.4',
      namespace: 'tigera-operator',
      repositoryOpts: { repo: 'https://docs.tigera.io/calico/charts' },
    });
    expect(dp.plan.find((p) => p.name === 'crdrel-operator')!.dependsOn).toContain('crdrel-crds');
    expect(
      warned
        .filter((w) => w.resource === dp)
        .map((w) => w.message)
        .join('\n'),
    ).toMatch(/crdDelivery "helm-release": Helm stores the crd\.projectcalico\.org\.v1 v3\.32\.4 release as \d+ bytes/);
  });

  it('passes an Output API address into the ConfigMap without inspecting it', async () => {
    const lb = pulumi.output(Promise.resolve('lb.example.com'));
    const dp = await build('out', { kubeProxy: 'replace', apiServer: { host: lb, port: pulumi.output(Promise.resolve(443)) } });
    expect(dp.config.bpfNetworkBootstrap).toBe(false);
    const cm = mine('out-services-endpoint')[0]!;
    expect(cm.inputs.data).toEqual({ KUBERNETES_SERVICE_HOST: 'lb.example.com', KUBERNETES_SERVICE_PORT: '443' });
  });

  it('exposes outputs: resource names, operator status and the resolved config', async () => {
    const dp = await build('outputs');
    expect(await valueOf(dp.installationName)).toBe('default');
    expect(await valueOf(dp.felixConfigurationName)).toBe('default');
    expect(await valueOf(dp.operatorStatus)).toMatchObject({ status: 'deployed' });
    expect(dp.config.kubeProxy).toBe('coexist');
  });

  it('keeps object names stable when tuning changes, so updates happen in place', async () => {
    await build('a', { felix: { mapSizeConntrack: 65536 } });
    await build('b', { felix: { mapSizeConntrack: 131072, logLevel: 'Debug' }, externalServiceMode: 'DSR' });
    const names = (p: string) =>
      mine(p)
        .filter((r) => r.type.startsWith('kubernetes:') && !r.type.includes('Release'))
        .map((r) => [r.type, r.inputs.metadata.name]);
    expect(names('a-')).toEqual(names('b-'));
  });

  it('retains every child on delete by default, and none with teardown "delete"', async () => {
    // retainOnDelete is a resource option, not an input: check the options the component passed.
    const kept = await build('keep', { apiServer: { host: '172.18.0.2' } });
    expect(kept.plan.filter((p) => !p.retainOnDelete)).toEqual([]);
    expect(kept.plan.map((p) => p.name)).toEqual(
      expect.arrayContaining(['keep-namespace', 'keep-services-endpoint', 'keep-operator', 'keep-installation', 'keep-felix-configuration']),
    );
    const gone = await build('gone', { teardown: 'delete' });
    expect(gone.plan.some((p) => p.retainOnDelete)).toBe(false);
    // Deletion runs in reverse dependency order: components and Installation go while the operator still runs.
    const index = new Map(gone.plan.map((p, i) => [p.name, i]));
    expect(index.get('gone-installation')!).toBeGreaterThan(index.get('gone-operator')!);
    expect(index.get('gone-apiserver')!).toBeGreaterThan(index.get('gone-installation')!);
  });

  it('passes the provider to every child', async () => {
    const provider = new k8s.Provider('cluster-b', { kubeconfig: 'dummy' });
    await build('multi', {}, { providers: { kubernetes: provider } });
    const children = mine('multi-');
    expect(children.length).toBe(7);
    for (const child of children) expect(child.provider).toMatch(/cluster-b/);
  });

  it('fails with a ResourceError naming the prop', () => {
    expect(() => new CalicoEbpfDataplane('bad', { kubeProxy: 'replace', felix: { mapSizeRoute: -1 } }, cluster('bad'))).toThrow(pulumi.ResourceError);
    expect(() => new CalicoEbpfDataplane('bad2', { kubeProxy: 'replace' }, cluster('bad2'))).toThrow(/'kubeProxy' "replace" needs 'apiServer'/);
    expect(() => new CalicoEbpfDataplane('bad3', { felix: { mapSizeRoute: -1 } }, cluster('bad3'))).toThrow(
      /'felix\.mapSizeRoute' must be from 1 to 134217728, got -1/,
    );
  });
});

describe('a fleet in one Pulumi program', () => {
  it('creates one dataplane per cluster (provider), each child on its own provider with its own names', async () => {
    const clusters = ['dev', 'small', 'medium'];
    const dps = await Promise.all(
      clusters.map((c) => build(`fleet-${c}`, { clusterName: c, felix: { scale: c === 'dev' ? 'k3d-dev' : (c as 'small' | 'medium') } })),
    );
    for (const [i, c] of clusters.entries()) {
      const children = mine(`fleet-${c}-`);
      expect(children.map((r) => r.name)).toContain(`fleet-${c}-installation`);
      for (const child of children) expect(child.provider).toMatch(new RegExp(`k8s-fleet-${c}`));
      expect(dps[i]!.config.clusterName).toBe(c);
    }
    // Each cluster gets its own FelixConfiguration "default": no duplicate error across providers.
    expect(registered.filter((r) => r.type === 'kubernetes:crd.projectcalico.org/v1:FelixConfiguration').map((r) => r.inputs.metadata.name)).toEqual([
      'default',
      'default',
      'default',
    ]);
  });

  it('two dataplanes on the same provider are one cluster configured twice: an error', () => {
    const opts = cluster('twice');
    new CalicoEbpfDataplane('twice-a', {}, opts);
    expect(() => new CalicoEbpfDataplane('twice-b', {}, opts)).toThrow(
      /\[DUPLICATE_FELIX_CONFIGURATION\] FelixConfiguration "default" is already configured by "twice-a"/,
    );
  });
});

describe('FelixBpfTuning (Pulumi)', () => {
  it('registers one FelixConfiguration for the node', async () => {
    const t = new FelixBpfTuning('agent0', { nodeName: 'k3d-dev-agent-0', mapSizeConntrack: 32768 }, cluster('agent0'));
    await settle([t, t.felixConfiguration]);
    expect(mine('agent0').map((r) => r.type)).toEqual(['calico-ebpf:index:FelixBpfTuning', 'kubernetes:crd.projectcalico.org/v1:FelixConfiguration']);
    expect(mine('agent0-felix-configuration')[0]!.inputs).toEqual({
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'FelixConfiguration',
      metadata: { name: 'node.k3d-dev-agent-0' },
      spec: { bpfMapSizeConntrack: 32768 },
    });
  });

  it('fails with a ResourceError naming the prop', () => {
    expect(() => new FelixBpfTuning('bad', { dataIfacePattern: '(?<=x)' }, cluster('bad-tuning'))).toThrow(
      /'dataIfacePattern' "\(\?<=x\)" uses a lookbehind/,
    );
  });

  it('refuses a second tuning of the same FelixConfiguration on the same cluster, like cdk8s', () => {
    const opts = cluster('dup');
    new CalicoEbpfDataplane('dup-dp', {}, opts);
    expect(() => new FelixBpfTuning('dup-default', { mapSizeRoute: 2048 }, opts)).toThrow(
      /\[DUPLICATE_FELIX_CONFIGURATION\] FelixConfiguration "default" is already configured by "dup-dp", so "dup-default" would overwrite it/,
    );
    new FelixBpfTuning('dup-node', { nodeName: 'n1' }, opts);
    expect(() => new FelixBpfTuning('dup-node2', { nodeName: 'n1' }, { ...opts, dependsOn: [] })).toThrow(
      /FelixConfiguration "node\.n1" is already configured by "dup-node"/,
    );
    // Another cluster (provider) may have its own.
    const other = new FelixBpfTuning('other-node', { nodeName: 'n1' }, cluster('other'));
    expect(other.config.resourceName).toBe('node.n1');
  });
});

describe('map sizing from scale (Pulumi)', () => {
  it('FelixBpfTuning registers the recommended sizes', async () => {
    const t = new FelixBpfTuning('sized', { scale: { profile: 'k3d-dev', cpusPerNode: 4 } }, cluster('sized'));
    await settle([t, t.felixConfiguration]);
    const spec = (mine('sized-felix-configuration')[0]!.inputs as { spec: Record<string, unknown> }).spec;
    expect(spec).toEqual(t.config.sizing?.spec);
    expect(spec.bpfMapSizeConntrack).toBe(t.config.sizing?.maps.find((m) => m.prop === 'mapSizeConntrack')?.recommended);
    expect(spec.bpfMapSizeNATBackend).toBe(1024);
  });

  it('shows the sizing warnings in the preview', async () => {
    const t = new FelixBpfTuning('warned', { scale: 'k3d-dev' }, cluster('warned'));
    await settle([t, t.felixConfiguration]);
    const messages = warned.filter((w) => w.resource === t).map((w) => w.message);
    expect(messages).toEqual(t.config.sizing!.warnings.map((w) => `${w.code} (${w.severity}): ${w.message}`));
    expect(messages.join('\n')).toContain("calico-node's memory cgroup");
  });

  it('shows the dataplane warnings on the component', async () => {
    const dp = await build('warned-dp', { felix: { scale: 'k3d-dev' } });
    const messages = warned.filter((w) => w.resource === dp).map((w) => w.message);
    expect(messages).toEqual(dp.config.warnings.map((w) => `${w.code} (${w.severity}): ${w.message}`));
    expect(messages.some((m) => m.startsWith('MAP_SHRINK (medium): felix.scale: shrinking bpfMapSizeNATBackend (262144 → 1024)'))).toBe(true);
  });

  it('fails with a ResourceError that shows the need', () => {
    expect(() => new FelixBpfTuning('small-ct', { scale: 'k3d-dev', mapSizeConntrack: 20_000 }, cluster('small-ct'))).toThrow(pulumi.ResourceError);
    expect(() => new CalicoEbpfDataplane('small-ct2', { felix: { scale: 'k3d-dev', mapSizeConntrack: 20_000 } }, cluster('small-ct2'))).toThrow(
      /'felix\.mapSizeConntrack' is 20000, below the 22274 entries the scale needs/,
    );
  });
});

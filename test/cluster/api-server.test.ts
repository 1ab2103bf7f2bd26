/**
 * The real API server judges what we write: the real CRD chart installed with the real helm, the
 * GitOps and Prometheus CRDs from the reference copies, k3s's own HelmChart CRD, then every object
 * of the examples, of each distribution preset × kube-proxy mode × mesh × GitOps flavour (the unit
 * tests' matrix) applied with server-side apply — a server dry run for each case and a real apply
 * for the examples — so the server's own OpenAPI and CEL validation decide. The ajv/CEL checks in
 * the unit tests stay the fast path; this is the ground truth they approximate.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildApp } from '../../examples/cdk8s/main';
import { buildFleet } from '../../examples/fleet/main';
import { loadConfigFile } from '../../lib/cli/load-config';
import { renderCalicoEbpfDataplane, renderGitOpsLayers, resolveCalicoEbpfDataplane, type CalicoEbpfDataplaneProps, type KubeObject } from '../../lib/core';
import { localChart, referenceDir } from '../../scripts/cluster/stand-ins';
import { FULL_PROPS, propsMatrix } from '../support/matrix';
import { K3S, describeCluster, eventually, startCluster, type Cluster } from './support/cluster';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

function objectsOf(props: CalicoEbpfDataplaneProps): KubeObject[] {
  const config = resolveCalicoEbpfDataplane(props);
  // The k3d config is k3d's file, not a Kubernetes object.
  return renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)).filter((l) => l.role !== 'k3d').flatMap((l) => l.objects);
}

function fromYaml(text: string): KubeObject[] {
  return parseAllDocuments(text).map((d) => d.toJS() as KubeObject).filter((o) => o && o.kind && o.kind !== 'Simple');
}

/** Every example: the two cdk8s apps, the CLI configs (k3d and one per distribution). */
function examples(): { name: string; objects: KubeObject[] }[] {
  const configs = [join(EXAMPLES, 'k3d', 'cluster.yaml'), ...readdirSync(join(EXAMPLES, 'distributions')).map((f) => join(EXAMPLES, 'distributions', f))];
  return [
    { name: 'examples/cdk8s', objects: fromYaml(buildApp('/nonexistent').synthYaml()) },
    { name: 'examples/fleet', objects: fromYaml(buildFleet(undefined, '/nonexistent').synthYaml()) },
    ...configs.map((path) => ({ name: path.slice(EXAMPLES.length - 'examples'.length), objects: objectsOf(loadConfigFile(path) as CalicoEbpfDataplaneProps) })),
    { name: 'every optional prop (test/support/matrix FULL_PROPS)', objects: objectsOf(FULL_PROPS) },
  ];
}

const stream = (objects: readonly KubeObject[]): string => objects.map((o) => JSON.stringify(o)).join('\n');

describeCluster(`the API server of ${K3S} accepts every object we write`, () => {
  let cluster: Cluster;

  /** Namespaces first (a namespaced object cannot even be dry-run into a missing namespace). */
  function ensureNamespaces(objects: readonly KubeObject[]): void {
    const names = new Set(objects.flatMap((o) => (o.kind === 'Namespace' ? [o.metadata.name] : o.metadata.namespace ? [o.metadata.namespace] : [])));
    const missing = [...names].filter((n) => !cluster.get(['namespace', n]));
    if (missing.length > 0) cluster.kubectl(['apply', '--server-side', '--field-manager=calico-ebpf-test', '-f', '-'], stream(missing.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }))));
  }

  const apply = (objects: readonly KubeObject[], dryRun: boolean): string =>
    cluster.kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=calico-ebpf-test', ...(dryRun ? ['--dry-run=server'] : []), '-f', '-'], stream(objects));

  beforeAll(async () => {
    cluster = await startCluster('test-api-server');
    // The real CRD chart, installed the way a user installs it.
    cluster.helm(['install', 'calico-crds', localChart('crd.projectcalico.org.v1', 'v3.32.1'), '--namespace', 'kube-system']);
    // The tech-preview projectcalico.org/v3 CRDs (calicoApiGroup), and the GitOps and Prometheus
    // CRDs, as their projects publish them. k3s brings its own HelmChart CRD: that one is the judge.
    const reference = referenceDir();
    const files = [
      ...['projectcalico.org_felixconfigurations.yaml', 'projectcalico.org_ippools.yaml'].map((f) => join(reference, 'calico', f)),
      ...readdirSync(join(reference, 'gitops')).filter((f) => f.endsWith('.yaml') && !f.startsWith('helm.cattle.io')).map((f) => join(reference, 'gitops', f)),
    ];
    for (const file of files) cluster.kubectl(['apply', '--server-side', '-f', file]);
    await eventually('every CRD to be established', () => {
      const crds = cluster.get<{ items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[] }>(['crd'])!.items;
      const pending = crds.filter((c) => !c.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True'));
      return pending.length === 0 && crds.some((c) => c.metadata.name === 'installations.operator.tigera.io') ? true : undefined;
    });
  }, 30 * 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('judges for real: an invalid FelixConfiguration is refused with the CRD\'s own message', () => {
    ensureNamespaces([]);
    const bad = { apiVersion: 'crd.projectcalico.org/v1', kind: 'FelixConfiguration', metadata: { name: 'default' }, spec: { bpfLogLevel: 'Verbose', nodeSelector: 'all()' } };
    expect(() => apply([bad], true)).toThrow(/spec\.bpfLogLevel: Invalid value: "Verbose": spec\.bpfLogLevel in body should match[\s\S]*nodeSelector must not be set on the 'default' or per-node \('node\.\*'\) FelixConfiguration/);
  });

  it.each(examples().map((e) => [e.name, e] as const))('%s: applied for real with server-side apply', (_name, example) => {
    ensureNamespaces(example.objects);
    expect(apply(example.objects, true)).toMatch(/serverside-applied \(server dry run\)/);
    const out = apply(example.objects, false);
    const kinds = new Set(example.objects.map((o) => o.kind));
    expect(out.trim().split('\n')).toHaveLength(example.objects.length);
    for (const kind of kinds) expect(out.toLowerCase()).toContain(kind.toLowerCase());
  });

  it('accepts every case of the props matrix (server dry run)', () => {
    const failures: string[] = [];
    const cases = propsMatrix();
    for (const c of cases) {
      const objects = objectsOf(c.props);
      ensureNamespaces(objects);
      try {
        apply(objects, true);
      } catch (e) {
        failures.push(`${c.name}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(100);
  }, 15 * 60_000);

  it('the k3s bootstrap HelmChart is valid for the helm-controller k3s ships (not only the newest CRD)', () => {
    const chart = objectsOf({ distribution: 'k3s' }).find((o) => o.kind === 'HelmChart')!;
    ensureNamespaces([chart]);
    expect(apply([chart], true)).toMatch(/helmchart\.helm\.cattle\.io\/tigera-operator serverside-applied/);
    // The fields we rely on exist in this k3s's CRD (kubectl explain reads the server's schema).
    const explain = cluster.kubectl(['explain', 'helmchart.spec']);
    for (const field of ['bootstrap', 'failurePolicy', 'valuesContent', 'targetNamespace']) expect(explain).toContain(field);
  });

  it('reads back what it stored: YAML round trip of an applied object keeps our fields', () => {
    const felix = objectsOf({ distribution: 'k3s' }).find((o) => o.kind === 'FelixConfiguration')!;
    apply([felix], false);
    const live = cluster.get<{ spec: Record<string, unknown> }>(['felixconfiguration.crd.projectcalico.org', 'default'])!;
    expect(live.spec).toMatchObject(felix.spec as Record<string, unknown>);
  });
});

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
import {
  VERSION_GATES,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
  type KubeObject,
} from '../../lib/core/internal';
import { localChart, referenceDir } from '../../scripts/cluster/stand-ins';
import { FULL_PROPS, propsMatrix } from '../support/matrix';
import { K3S, describeCluster, eventually, startCluster, type Cluster } from './support/cluster';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

function objectsOf(props: CalicoEbpfDataplaneProps): KubeObject[] {
  const config = resolveCalicoEbpfDataplane(props);
  return renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)).flatMap((l) => l.objects);
}

function fromYaml(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as KubeObject)
    .filter((o) => o && o.kind && o.kind !== 'Simple');
}

/** FULL_PROPS without the props a release before 3.33 does not have. */
function withoutNewer(props: CalicoEbpfDataplaneProps): CalicoEbpfDataplaneProps {
  const drop = new Set(VERSION_GATES.filter((g) => g.value === undefined).map((g) => g.prop));
  const felix = Object.fromEntries(Object.entries(props.felix ?? {}).filter(([k]) => !drop.has(k) && k !== 'attachType'));
  return { ...(Object.fromEntries(Object.entries(props).filter(([k]) => !drop.has(k))) as CalicoEbpfDataplaneProps), felix };
}

/** Every example (the two cdk8s apps, the CLI configs: k3d and one per distribution) at `calicoVersion`, or as written. */
function examples(calicoVersion?: string): { name: string; objects: KubeObject[] }[] {
  const configs = [
    join(EXAMPLES, 'k3d', 'cluster.yaml'),
    ...readdirSync(join(EXAMPLES, 'distributions')).map((f) => join(EXAMPLES, 'distributions', f)),
  ];
  const at = (props: CalicoEbpfDataplaneProps): CalicoEbpfDataplaneProps => (calicoVersion ? { ...props, calicoVersion } : props);
  return [
    ...(calicoVersion
      ? []
      : [
          { name: 'examples/cdk8s', objects: fromYaml(buildApp('/nonexistent').synthYaml()) },
          { name: 'examples/fleet', objects: fromYaml(buildFleet(undefined, '/nonexistent').synthYaml()) },
        ]),
    ...configs.map((path) => ({
      name: path.slice(EXAMPLES.length - 'examples'.length),
      objects: objectsOf(at(loadConfigFile(path) as CalicoEbpfDataplaneProps)),
    })),
    { name: 'every optional prop (test/support/matrix FULL_PROPS)', objects: objectsOf(calicoVersion ? at(withoutNewer(FULL_PROPS)) : FULL_PROPS) },
  ];
}

const stream = (objects: readonly KubeObject[]): string => objects.map((o) => JSON.stringify(o)).join('\n');

/**
 * One release line: its CRDs installed the way its docs do it, then every example and matrix case
 * judged by the server. 3.32: `helm install` of the CRD chart. 3.33: that chart is too big to be a
 * release, so `helm template … | kubectl apply --server-side`, as the 3.33 docs do.
 */
function judge(line: 'v3.32' | 'v3.33', folder: string, calicoVersion: string | undefined): void {
  describeCluster(`the API server of ${K3S} accepts every object we write for Calico ${line} (CRDs from ${folder})`, () => {
    let cluster: Cluster;
    /** 3.33: what the real helm said when asked to install the CRD chart as a release, on a cluster without those CRDs. */
    let releaseAttempt = '';

    /** Namespaces first (a namespaced object cannot even be dry-run into a missing namespace). */
    function ensureNamespaces(objects: readonly KubeObject[]): void {
      const names = new Set(
        objects.flatMap((o) => (o.kind === 'Namespace' ? [o.metadata.name] : o.metadata.namespace ? [o.metadata.namespace] : [])),
      );
      const missing = [...names].filter((n) => !cluster.get(['namespace', n]));
      if (missing.length > 0)
        cluster.kubectl(
          ['apply', '--server-side', '--field-manager=calico-ebpf-test', '-f', '-'],
          stream(missing.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }))),
        );
    }

    const apply = (objects: readonly KubeObject[], dryRun: boolean): string =>
      cluster.kubectl(
        ['apply', '--server-side', '--force-conflicts', '--field-manager=calico-ebpf-test', ...(dryRun ? ['--dry-run=server'] : []), '-f', '-'],
        stream(objects),
      );

    beforeAll(async () => {
      cluster = await startCluster(`test-api-server-${line.replace('.', '-')}`);
      const reference = referenceDir();
      const crdChart = join(reference, folder, 'charts', 'crd.projectcalico.org.v1');
      if (line === 'v3.32') {
        // The real CRD chart, installed the way a user installs it.
        cluster.helm(['install', 'calico-crds', localChart('crd.projectcalico.org.v1', 'v3.32.1'), '--namespace', 'kube-system']);
      } else {
        try {
          cluster.helm(['install', 'calico-crds-release', crdChart, '--namespace', 'kube-system']);
          releaseAttempt = 'installed';
        } catch (e) {
          releaseAttempt = (e as Error).message;
        }
        cluster.kubectl(['apply', '--server-side', '-f', '-'], cluster.helm(['template', 'calico-crds', crdChart, '--namespace', 'kube-system']));
      }
      // The tech-preview projectcalico.org/v3 CRDs (calicoApiGroup), and the GitOps and Prometheus
      // CRDs, as their projects publish them. k3s brings its own HelmChart CRD: that one is the judge.
      const files = [
        ...['projectcalico.org_felixconfigurations.yaml', 'projectcalico.org_ippools.yaml'].map((f) => join(reference, folder, f)),
        ...readdirSync(join(reference, 'gitops'))
          .filter((f) => f.endsWith('.yaml') && !f.startsWith('helm.cattle.io'))
          .map((f) => join(reference, 'gitops', f)),
      ];
      for (const file of files) cluster.kubectl(['apply', '--server-side', '-f', file]);
      await eventually('every CRD to be established', () => {
        const crds = cluster.get<{ items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[] }>([
          'crd',
        ])!.items;
        const pending = crds.filter((c) => !c.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True'));
        return pending.length === 0 && crds.some((c) => c.metadata.name === 'installations.operator.tigera.io') ? true : undefined;
      });
    }, 30 * 60_000);
    afterAll(async () => {
      await cluster?.stop();
    });

    if (line === 'v3.33') {
      it('refuses the 3.33 CRD chart as a Helm release: the real helm cannot store it (why crdDelivery "helm-release" is refused on 3.33)', () => {
        expect(releaseAttempt).toMatch(/Too long/);
        expect(releaseAttempt).toMatch(/1048576/);
        expect(cluster.helm(['list', '-n', 'kube-system', '-q', '--failed', '--pending', '--deployed'])).not.toMatch(/calico-crds-release/);
        // Refused before anything was created: the release record is written first.
        expect(releaseAttempt).toMatch(
          /Secret "sh\.helm\.release\.v1\.calico-crds-release\.v1" is invalid: data: Too long: may not be more than 1048576 bytes/,
        );
      });

      it('judges the 3.33 rules: an address field the 3.33 CRD refuses is refused by the server and by our synth-time check alike', () => {
        const bad = {
          apiVersion: 'crd.projectcalico.org/v1',
          kind: 'FelixConfiguration',
          metadata: { name: 'default' },
          spec: { natOutgoingAddress: 'fd00::1' },
        };
        expect(() => apply([bad], true)).toThrow(/natOutgoingAddress must be a valid IPv4 address/);
        expect(() => resolveCalicoEbpfDataplane({ felix: { additionalSpec: { natOutgoingAddress: 'fd00::1' } } })).toThrow(
          /breaks a FelixConfiguration CRD rule on spec: natOutgoingAddress must be a valid IPv4 address/,
        );
      });
    }

    it("judges for real: an invalid FelixConfiguration is refused with the CRD's own message", () => {
      const bad = {
        apiVersion: 'crd.projectcalico.org/v1',
        kind: 'FelixConfiguration',
        metadata: { name: 'default' },
        spec: { bpfLogLevel: 'Verbose', nodeSelector: 'all()' },
      };
      expect(() => apply([bad], true)).toThrow(
        /spec\.bpfLogLevel: Invalid value: "Verbose": spec\.bpfLogLevel in body should match[\s\S]*nodeSelector must not be set on the 'default' or per-node \('node\.\*'\) FelixConfiguration/,
      );
    });

    it.each(examples(calicoVersion).map((e) => [e.name, e] as const))('%s: applied for real with server-side apply', (_name, example) => {
      ensureNamespaces(example.objects);
      expect(apply(example.objects, true)).toMatch(/serverside-applied \(server dry run\)/);
      const out = apply(example.objects, false);
      const kinds = new Set(example.objects.map((o) => o.kind));
      expect(out.trim().split('\n')).toHaveLength(example.objects.length);
      for (const kind of kinds) expect(out.toLowerCase()).toContain(kind.toLowerCase());
    });

    it(
      'accepts every case of the props matrix (server dry run)',
      () => {
        const failures: string[] = [];
        const cases = propsMatrix().map((c) => ({
          name: c.name,
          objects: objectsOf(calicoVersion && c.props.calicoVersion === undefined ? { ...c.props, calicoVersion } : c.props),
        }));
        ensureNamespaces(cases.flatMap((c) => c.objects));
        // Twenty cases per kubectl call (a dry run stores nothing, so each object is judged on its own);
        // a refused batch is tried again case by case, to name the case.
        for (let i = 0; i < cases.length; i += 20) {
          const batch = cases.slice(i, i + 20);
          try {
            apply(
              batch.flatMap((c) => c.objects),
              true,
            );
          } catch {
            for (const c of batch) {
              try {
                apply(c.objects, true);
              } catch (e) {
                failures.push(`${c.name}: ${(e as Error).message}`);
              }
            }
          }
        }
        expect(failures).toEqual([]);
        expect(cases.length).toBeGreaterThan(100);
      },
      15 * 60_000,
    );

    it('the k3s bootstrap HelmChart is valid for the helm-controller k3s ships (not only the newest CRD)', () => {
      const chart = objectsOf({ distribution: 'k3s', ...(calicoVersion ? { calicoVersion } : {}) }).find((o) => o.kind === 'HelmChart')!;
      ensureNamespaces([chart]);
      expect(apply([chart], true)).toMatch(/helmchart\.helm\.cattle\.io\/tigera-operator serverside-applied/);
      // The fields we rely on exist in this k3s's CRD (kubectl explain reads the server's schema).
      const explain = cluster.kubectl(['explain', 'helmchart.spec']);
      for (const field of ['bootstrap', 'failurePolicy', 'valuesContent', 'targetNamespace']) expect(explain).toContain(field);
    });

    it('reads back what it stored: our FelixConfiguration fields as we wrote them', () => {
      const felix = objectsOf({ distribution: 'k3s', ...(calicoVersion ? { calicoVersion } : {}) }).find((o) => o.kind === 'FelixConfiguration')!;
      apply([felix], false);
      const live = cluster.get<{ spec: Record<string, unknown> }>(['felixconfiguration.crd.projectcalico.org', 'default'])!;
      expect(live.spec).toMatchObject(felix.spec as Record<string, unknown>);
    });
  });
}

// The default release (3.33.1) against the 3.33 CRDs; every example pinned to 3.32.4 against the 3.32 chart.
judge('v3.33', 'calico-v3.33', undefined);
judge('v3.32', 'calico', 'v3.32.4');

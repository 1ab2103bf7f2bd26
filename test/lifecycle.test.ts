/**
 * "A cluster that comes up and stays up": for each flavor, every object of the output with who
 * applies it, in which step, and what happens when it is removed; the apply order (bootstrap →
 * operator → custom resources) and the upgrade order (CRDs before the operator that needs them).
 *
 * No cluster runs here: the protections are asserted on the objects the tools would read (the
 * annotations and fields Flux, Argo CD, k3s and Helm act on, see ../shared/docs/lifecycle.md).
 */
import {
  ARGO_SYNC_OPTIONS,
  ARGO_WAVE,
  FLUX_PRUNE,
  k3sAddonName,
  k3sManifests,
  lifecycleSteps,
  lifecycleTable,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
  type GitOpsLayer,
  type KubeObject,
} from '../lib/core/internal';
import { parseAllDocuments } from 'yaml';
import { ARGO_REPO, propsMatrix } from './support/matrix';
import { validationErrorOf } from './support/errors';

type Flavor = 'flux' | 'argocd' | 'k3s';
const gitopsFor = (flavor: Flavor) => (flavor === 'argocd' ? { flavor, argocd: ARGO_REPO('k3s') } : { flavor });

function layersFor(props: CalicoEbpfDataplaneProps): GitOpsLayer[] {
  const config = resolveCalicoEbpfDataplane(props);
  return renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
}
const all = (layers: readonly GitOpsLayer[]) => layers.flatMap((l) => l.objects);
const find = (objs: readonly KubeObject[], kind: string, name?: string) =>
  objs.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name))!;
const layerOf = (layers: readonly GitOpsLayer[], role: GitOpsLayer['role']) => layers.find((l) => l.role === role)!;
const CUSTOM = ['FelixConfiguration', 'Installation', 'APIServer', 'Goldmane', 'Whisker'];
/** The objects whose removal would take the network down (or leave it unmanaged). */
const CRITICAL = new Set(['Namespace', 'ConfigMap', 'HelmRelease', 'HelmChart', ...CUSTOM]);

describe.each(['flux', 'argocd', 'k3s'] as const)('%s: who applies what, and what removing it does', (flavor) => {
  const props: CalicoEbpfDataplaneProps = { gitops: gitopsFor(flavor), apiServer: { host: '172.18.0.2' } };
  const layers = layersFor(props);
  const rows = lifecycleTable(layers);

  it('starts from the k3s bootstrap: namespace, then ConfigMap and HelmChart, then the custom resources', () => {
    const step = (object: string) => rows.find((r) => r.object === object)!.step;
    expect(step('Namespace/tigera-operator')).toBeLessThan(step('HelmChart/kube-system/tigera-operator'));
    expect(step('ConfigMap/tigera-operator/kubernetes-services-endpoint')).toBeLessThanOrEqual(step('HelmChart/kube-system/tigera-operator'));
    for (const kind of CUSTOM) expect(step(`${kind}/default`)).toBeGreaterThan(step('HelmChart/kube-system/tigera-operator'));
    const chart = find(all(layers), 'HelmChart');
    expect(chart.spec).toMatchObject({ bootstrap: true, failurePolicy: 'abort', targetNamespace: 'tigera-operator' });
  });

  it('k3s applies the bootstrap files in sorted path order, which is the apply order, each tracked by its own valid Addon', () => {
    const files = k3sManifests(resolveCalicoEbpfDataplane(props), layers)!.files;
    expect(files.map((f) => f.path)).toEqual(['calico-k3s-0-namespace.yaml', 'calico-k3s-1-operator.yaml', 'calico-resources.yaml']);
    // k3s names the Addon after the file name up to its first dot: a DNS label, one per file.
    expect(files.map((f) => k3sAddonName(f.path))).toEqual(['calico-k3s-0-namespace', 'calico-k3s-1-operator', 'calico-resources']);
    const kinds = files.map((f) => parseAllDocuments(f.content).map((d) => (d.toJS() as KubeObject).kind));
    expect(kinds).toEqual([['Namespace'], ['ConfigMap', 'HelmChart'], ['FelixConfiguration', 'Installation', 'APIServer', 'Goldmane', 'Whisker']]);
  });

  it('every object that keeps the network up is protected against removal', () => {
    for (const row of rows.filter((r) => CRITICAL.has(r.object.split('/')[0]!))) {
      const kind = row.object.split('/')[0]!;
      const managedByGitOps = !row.layer.includes('-k3s-') || flavor === 'argocd';
      if (kind === 'HelmChart') expect(row.protections).toContain('failurePolicy abort');
      if (flavor === 'flux' && managedByGitOps) expect(row.protections).toContain('flux prune disabled');
      if (flavor === 'argocd' && managedByGitOps)
        expect(row.protections).toEqual(expect.arrayContaining(['argocd Prune=false', 'argocd Delete=false']));
      expect(row.onRemove).not.toMatch(/deleted \(teardown "delete"\)|is deleted/);
    }
    if (flavor === 'flux') {
      const release = rows.find((r) => r.object === 'HelmRelease/tigera-operator/tigera-operator')!;
      expect(release.protections).toContain('uninstall without hooks');
      expect(release.onRemove).toMatch(/Installation and calico-node stay/);
      for (const ks of rows.filter((r) => r.object.startsWith('Kustomization/'))) expect(ks.protections).toContain('deletionPolicy Orphan');
    }
    if (flavor === 'argocd') {
      for (const app of rows.filter((r) => r.object.startsWith('Application/'))) {
        expect(app.protections).toEqual(expect.arrayContaining(['no cascade finalizer', 'automated prune off', 'argocd Prune=false']));
      }
      // No Helm source: Argo CD >= 3.3 would run the chart's pre-delete hook when the Application is deleted.
      for (const app of all(layers).filter((o) => o.kind === 'Application')) expect((app.spec as any).source.chart).toBeUndefined();
    }
    if (flavor === 'k3s') {
      expect(rows.find((r) => r.object.startsWith('HelmChart/'))!.onRemove).toMatch(/^file removed: nothing/);
    }
  });

  it('with teardown "delete" drops every protection (a deliberate teardown)', () => {
    const rowsDelete = lifecycleTable(layersFor({ ...props, teardown: 'delete' }));
    for (const row of rowsDelete) expect(row.protections.filter((p) => p !== 'failurePolicy abort')).toEqual([]);
    if (flavor === 'flux') {
      const release = find(all(layersFor({ ...props, teardown: 'delete' })), 'HelmRelease');
      // Hooks stay on: the pre-delete hook deletes the Installation while the operator still runs.
      expect((release.spec as any).uninstall).toBeUndefined();
    }
  });
});

describe('GitOps ordering', () => {
  it('flux: the resources Kustomization waits for the ready operator layer; nothing in the operator layer needs a Calico CRD', () => {
    const layers = layersFor({ gitops: { flavor: 'flux' }, apiServer: { host: '10.0.0.1' } });
    const fluxLayer = layerOf(layers, 'flux');
    const opKs = find(fluxLayer.objects, 'Kustomization', 'calico-operator');
    const resKs = find(fluxLayer.objects, 'Kustomization', 'calico-resources');
    expect(opKs.spec).toMatchObject({ path: './dist/calico-operator', wait: true, deletionPolicy: 'Orphan' });
    expect(resKs.spec).toMatchObject({ path: './dist/calico-resources', dependsOn: [{ name: 'calico-operator' }], deletionPolicy: 'Orphan' });
    const operatorLayer = layerOf(layers, 'operator');
    expect(operatorLayer.objects.map((o) => o.kind)).toEqual(['Namespace', 'ConfigMap', 'HelmRepository', 'HelmRelease']);
    expect(layerOf(layers, 'resources').objects.map((o) => o.kind)).toEqual(CUSTOM);
  });

  it('flux: the HelmRelease adopts the k3s bootstrap release and never uninstalls to remediate', () => {
    const layers = layersFor({ gitops: { flavor: 'flux' } });
    const release = find(layerOf(layers, 'operator').objects, 'HelmRelease');
    const chart = find(all(layers), 'HelmChart');
    expect(release.spec).toMatchObject({
      releaseName: chart.metadata.name,
      targetNamespace: (chart.spec as any).targetNamespace,
      storageNamespace: (chart.spec as any).targetNamespace,
      install: { strategy: { name: 'RetryOnFailure' } },
      upgrade: { strategy: { name: 'RetryOnFailure' } },
    });
    expect(JSON.stringify(release.spec)).not.toContain('remediation');
  });

  it('argocd: one parent Application to apply, pointing at the child Applications', () => {
    const layers = layersFor({ gitops: gitopsFor('argocd') });
    const [root] = layerOf(layers, 'argocd-root').objects;
    expect(root!.metadata.name).toBe('calico');
    expect((root!.spec as any).source).toEqual({
      repoURL: 'https://git.example.com/platform.git',
      targetRevision: 'HEAD',
      path: 'dist/calico-argocd',
    });
    // Deleting the parent never cascades into the children (and from them into Calico).
    expect((root!.metadata as { finalizers?: string[] }).finalizers).toBeUndefined();
  });

  it('the teardown names the CRDs the operator creates outside its own groups, without sweeping them', () => {
    const teardownOf = (props: CalicoEbpfDataplaneProps) => {
      const config = resolveCalicoEbpfDataplane(props);
      const sections = lifecycleSteps(config, renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)), 'dist');
      return sections.find((x) => x.title.startsWith('Tear down on purpose'))!.steps;
    };
    const plain = teardownOf({});
    expect(plain.at(-1)).toBe(
      'only if nothing else in the cluster uses them, also delete clusternetworkpolicies.policy.networking.k8s.io (the operator installs it)',
    );
    const withCalicoIstio = teardownOf({ serviceMesh: { kind: 'istio', provider: 'calico', mode: 'ambient' } });
    expect(withCalicoIstio.at(-1)).toMatch(
      /clusternetworkpolicies\.policy\.networking\.k8s\.io .* and Istio's CRDs \(kubectl get crd -o name \| grep '\\\.istio\\\.io\$'/,
    );
  });

  it('the teardown stops the GitOps tool first (it would put the Installation back), then the Installation, then the operator', () => {
    const teardownOf = (props: CalicoEbpfDataplaneProps) => {
      const config = resolveCalicoEbpfDataplane(props);
      const sections = lifecycleSteps(config, renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)), 'dist');
      return sections.find((x) => x.title.startsWith('Tear down on purpose'))!.steps;
    };
    const argo = teardownOf({
      distribution: 'kubeadm',
      podCidrs: ['10.244.0.0/16'],
      gitops: { flavor: 'argocd', argocd: { repoURL: 'https://g/x.git', operatorSource: 'helm-source' } },
    });
    expect(argo[0]).toMatch(
      /^stop Argo CD first, or self-heal re-creates what you delete: kubectl -n argocd patch application calico --type merge -p '\{"spec":\{"syncPolicy":null\}\}'; kubectl -n argocd patch application calico-namespace /,
    );
    expect(argo[1]).toMatch(/^kubectl delete installation default --wait/);
    expect(argo[2]).toMatch(
      /^kubectl -n argocd delete application calico calico-namespace calico-operator calico-resources {3}# the parent first; without the cascade finalizer their objects stay$/,
    );
    expect(argo[3]).toBe(
      'the operator (no Helm release records left after the hand-over): kubectl delete namespace tigera-operator; kubectl delete clusterrolebinding tigera-operator; kubectl delete clusterrole tigera-operator tigera-operator-secrets',
    );
    const none = teardownOf({ distribution: 'kubeadm', podCidrs: ['10.244.0.0/16'], gitops: { flavor: 'none' } });
    expect(none.slice(0, 2)).toEqual([
      expect.stringMatching(/^kubectl delete installation default --wait/),
      'helm uninstall tigera-operator --namespace tigera-operator   # the hook finds nothing left to delete',
    ]);
    const gateway = teardownOf({ serviceMesh: { kind: 'istio', provider: 'calico', mode: 'ambient' } }).at(-1)!;
    expect(gateway).toContain("the Gateway API CRDs (kubectl get crd -o name | grep -E '\\.gateway\\.networking\\.(x-)?k8s\\.io$'");
  });

  it('argocd with teardown "delete": cascade and prune delete in the background (a foreground delete of the Installation never ends)', () => {
    const deleting = layerOf(layersFor({ gitops: gitopsFor('argocd'), teardown: 'delete' }), 'argocd').objects;
    for (const app of deleting) {
      expect(app.metadata).toMatchObject({ finalizers: ['resources-finalizer.argocd.argoproj.io/background'] });
      expect((app.spec as any).syncPolicy.syncOptions).toEqual(['ServerSideApply=true', 'PrunePropagationPolicy=background']);
    }
    // The default keeps everything: no cascade, no prune, so no propagation option either.
    for (const app of layerOf(layersFor({ gitops: gitopsFor('argocd') }), 'argocd').objects) {
      expect((app.metadata as { finalizers?: string[] }).finalizers).toBeUndefined();
      expect((app.spec as any).syncPolicy.syncOptions).toEqual(['ServerSideApply=true']);
    }
  });

  it('argocd: operator Application before the resources Application; the custom resources skip the dry-run', () => {
    const layers = layersFor({ gitops: gitopsFor('argocd') });
    const apps = layerOf(layers, 'argocd').objects;
    const wave = (o: KubeObject) => Number(o.metadata.annotations?.[ARGO_WAVE]);
    expect(wave(find(apps, 'Application', 'calico-operator'))).toBeLessThan(wave(find(apps, 'Application', 'calico-resources')));
    expect((find(apps, 'Application', 'calico-operator').spec as any).source).toMatchObject({
      repoURL: 'https://git.example.com/platform.git',
      path: 'dist',
      directory: { recurse: true, include: '{calico-k3s-0-namespace/*,calico-k3s-1-operator/*}' },
    });
    for (const cr of layerOf(layers, 'resources').objects)
      expect(cr.metadata.annotations?.[ARGO_SYNC_OPTIONS]).toBe('Prune=false,Delete=false,SkipDryRunOnMissingResource=true');
  });

  it('argocd without helm-controller needs an explicit choice, and a Helm source is only written when asked for', () => {
    expect(() =>
      layersFor({
        distribution: 'kubeadm',
        podCidrs: ['10.10.0.0/16'],
        gitops: { flavor: 'argocd', argocd: { repoURL: 'https://git.example.com/p.git' } },
      }),
    ).toThrow(
      /'gitops\.argocd\.operatorSource' must be chosen with flavor "argocd" on distribution "kubeadm": "helmchart" if the cluster runs k3s\/RKE2's helm-controller/,
    );
    expect(() => layersFor({ gitops: { flavor: 'argocd' } })).toThrow(/'gitops\.argocd\.repoURL' is required with flavor "argocd"/);
    const config = resolveCalicoEbpfDataplane({
      distribution: 'kubeadm',
      podCidrs: ['10.10.0.0/16'],
      gitops: { flavor: 'argocd', argocd: ARGO_REPO('kubeadm') },
    });
    expect(config.warnings.map((w) => w.message).join('\n')).toMatch(/deleting the tigera-operator Application runs the chart's pre-delete hook/);
    const apps = all(renderGitOpsLayers(config, renderCalicoEbpfDataplane(config))).filter((o) => o.kind === 'Application');
    expect((find(apps, 'Application', 'calico-operator').spec as any).source).toMatchObject({ chart: 'tigera-operator', targetRevision: 'v3.33.1' });
  });

  it('handles OCI chart repositories in every flavor', () => {
    const repo = 'oci://quay.io/calico/charts';
    const flux = all(layersFor({ helmRepository: repo, gitops: { flavor: 'flux' } }));
    expect(find(flux, 'HelmRepository').spec).toMatchObject({ type: 'oci', url: repo });
    expect(find(flux, 'HelmChart', 'tigera-operator').spec).toMatchObject({ chart: 'oci://quay.io/calico/charts/tigera-operator' });
    expect(find(flux, 'HelmChart', 'tigera-operator').spec).not.toHaveProperty('repo');
    const argo = all(
      layersFor({
        helmRepository: repo,
        distribution: 'kubeadm',
        podCidrs: ['10.10.0.0/16'],
        gitops: { flavor: 'argocd', argocd: ARGO_REPO('kubeadm') },
      }),
    );
    expect((find(argo, 'Application', 'calico-operator').spec as any).source.repoURL).toBe('quay.io/calico/charts');
  });
});

describe('CRDs: never a Helm release by default; upgrades put new CRDs before the operator', () => {
  const CRD_CHARTS = ['crd.projectcalico.org.v1', 'projectcalico.org.v3'];
  const chartOf = (o: KubeObject): string | undefined => {
    const spec = o.spec as any;
    if (o.kind === 'HelmRelease') return spec.chart.spec.chart;
    if (o.kind === 'HelmChart') return String(spec.chart).split('/').pop();
    if (o.kind === 'Application') return spec.source.chart;
    return undefined;
  };

  it.each(
    propsMatrix()
      .filter((c) => c.props.crdDelivery === undefined)
      .map((c) => [c.name, c.props] as const),
  )('%s: no CRD release, the operator writes the CRDs', (_name, props) => {
    const config = resolveCalicoEbpfDataplane(props);
    const objects = all(renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)));
    expect(objects.filter((o) => CRD_CHARTS.includes(chartOf(o) ?? ''))).toEqual([]);
    expect(objects.filter((o) => o.kind === 'CustomResourceDefinition')).toEqual([]);
    expect(config.helmValues).toMatchObject({ manageCRDs: true });
  });

  it.each(['v3.32.0', 'v3.32.1'])(
    '%s upgrade with CRDs from the operator: the operator is applied before every custom resource in every tool',
    (calicoVersion) => {
      for (const flavor of ['flux', 'argocd', 'k3s'] as const) {
        const layers = layersFor({ calicoVersion, gitops: gitopsFor(flavor) });
        const rows = lifecycleTable(layers);
        const operatorStep = Math.min(...rows.filter((r) => /^(HelmRelease|HelmChart)\//.test(r.object)).map((r) => r.step));
        for (const kind of CUSTOM) expect(rows.find((r) => r.object === `${kind}/default`)!.step).toBeGreaterThan(operatorStep);
        expect(
          all(layers)
            .filter((o) => ['HelmRelease', 'HelmChart'].includes(o.kind))
            .every((o) => JSON.stringify(o.spec).includes(calicoVersion)),
        ).toBe(true);
      }
    },
  );

  it('with crdDelivery helm-release the CRD release comes first in every tool, with a size warning', () => {
    const flux = all(layersFor({ crdDelivery: 'helm-release', calicoVersion: 'v3.32.4', gitops: { flavor: 'flux' } }));
    expect(find(flux, 'HelmRelease', 'tigera-operator').spec).toMatchObject({ dependsOn: [{ name: 'calico-crds' }] });
    // An uninstall of the CRD release keeps the CRDs (Helm honours resource-policy keep from the stored, post-rendered manifest).
    expect(JSON.stringify(find(flux, 'HelmRelease', 'calico-crds').spec)).toContain('helm.sh~1resource-policy');
    // k3s: HelmChart.calico-crds sorts before HelmChart.tigera-operator in the same folder.
    const k3s = layersFor({ crdDelivery: 'helm-release', calicoVersion: 'v3.32.4', gitops: { flavor: 'k3s' } });
    expect(layerOf(k3s, 'k3s-operator').objects.map((o) => o.metadata.name)).toEqual(['calico-crds', 'tigera-operator']);
    expect(find(all(k3s), 'HelmChart', 'calico-crds').spec).toMatchObject({ bootstrap: true, failurePolicy: 'abort' });
    const argo = all(
      layersFor({
        crdDelivery: 'helm-release',
        distribution: 'kubeadm',
        podCidrs: ['10.10.0.0/16'],
        gitops: { flavor: 'argocd', argocd: ARGO_REPO('kubeadm') },
      }),
    );
    const wave = (name: string) => Number(find(argo, 'Application', name).metadata.annotations?.[ARGO_WAVE]);
    expect(wave('calico-crds')).toBeLessThan(wave('calico-operator'));
    const { message: warning, severity } = resolveCalicoEbpfDataplane({ crdDelivery: 'helm-release', calicoVersion: 'v3.32.1' }).warnings.find(
      (w) => w.code === 'CRD_HELM_RELEASE',
    )!;
    expect(severity).toBe('high');
    expect(warning).toMatch(
      /^crdDelivery "helm-release": Helm stores the crd\.projectcalico\.org\.v1 v3\.32\.1 release as \d+ bytes of Secret data \(9\d\.\d% of the 1048576-byte limit\)/,
    );
    expect(warning).toMatch(/uninstalling the release deletes every Calico CRD/);
  });

  it('on 3.33 a CRD release is refused with the size measured from the real chart, except where no release is stored (Argo CD Helm source)', () => {
    for (const gitops of [{ flavor: 'flux' as const }, { flavor: 'k3s' as const }, { flavor: 'argocd' as const, argocd: ARGO_REPO('k3s') }]) {
      const error = validationErrorOf(() => resolveCalicoEbpfDataplane({ crdDelivery: 'helm-release', gitops }));
      expect(error.problems.map((p) => [p.code, p.path])).toEqual([['UNSUPPORTED_VERSION', 'crdDelivery']]);
      expect(error.message).toMatch(
        /'crdDelivery' "helm-release" cannot work with Calico v3\.33\.1: Helm would store the crd\.projectcalico\.org\.v1 chart as a 11\d{5}-byte release Secret \(measured from the real v3\.33 chart\), over Kubernetes' 1048576-byte limit, so the install fails \("data: Too long"\); use crdDelivery "operator"/,
      );
    }
    const argo = resolveCalicoEbpfDataplane({
      crdDelivery: 'helm-release',
      distribution: 'kubeadm',
      podCidrs: ['10.10.0.0/16'],
      gitops: { flavor: 'argocd', argocd: ARGO_REPO('kubeadm') },
    });
    expect(argo.warnings.map((w) => w.message).join('\n')).toMatch(/Argo CD itself stores no release/);
  });
});

describe('cluster-level warnings', () => {
  it('warns that a DNS-name API server needs DNS before the CNI exists', () => {
    const warnings = resolveCalicoEbpfDataplane({ kubeProxy: 'replace', apiServer: { host: 'k3d-dev-server-0' } }).warnings.map((w) => w.message);
    expect(warnings.join('\n')).toMatch(
      /apiServer\.host "k3d-dev-server-0" is a DNS name: the operator and calico-node resolve it with the node's resolver \(chart dnsPolicy "Default", rendered\), since cluster DNS needs the pod network Calico has not set up yet; on k3d the server container name does not resolve from the node's resolver — use its IP/,
    );
    expect(
      resolveCalicoEbpfDataplane({ apiServer: { host: '172.18.0.2' } })
        .warnings.map((w) => w.message)
        .join('\n'),
    ).not.toMatch(/DNS name/);
  });

  it('marks objects for the tool that will manage them, and only that tool', () => {
    const flux = all(layersFor({ gitops: { flavor: 'flux' } }));
    expect(flux.some((o) => o.metadata.annotations?.[ARGO_SYNC_OPTIONS] !== undefined)).toBe(false);
    expect(find(flux, 'HelmChart').metadata.annotations).toBeUndefined();
    const k3s = all(layersFor({ gitops: { flavor: 'k3s' } }));
    expect(k3s.some((o) => o.metadata.annotations?.[FLUX_PRUNE] !== undefined || o.metadata.annotations?.[ARGO_SYNC_OPTIONS] !== undefined)).toBe(
      false,
    );
  });
});

describe('Argo CD: what the output says and what Argo CD does agree', () => {
  const repo = { repoURL: 'https://git.example.com/platform.git' };

  it('k3s + crdDelivery helm-release: the CRD HelmChart is applied a wave before the operator HelmChart', () => {
    const objects = all(layersFor({ crdDelivery: 'helm-release', calicoVersion: 'v3.32.4', gitops: { flavor: 'argocd', argocd: repo } }));
    const wave = (name: string) => Number(find(objects, 'HelmChart', name).metadata.annotations?.[ARGO_WAVE]);
    expect(wave('calico-crds')).toBeLessThan(wave('tigera-operator'));
    expect(Number(find(objects, 'Namespace').metadata.annotations?.[ARGO_WAVE])).toBeLessThan(wave('calico-crds'));
  });

  it('refuses operatorSource "helmchart" where no helm-controller would install the HelmChart', () => {
    const error = validationErrorOf(() =>
      resolveCalicoEbpfDataplane({
        distribution: 'kubeadm',
        podCidrs: ['10.10.0.0/16'],
        gitops: { flavor: 'argocd', argocd: { ...repo, operatorSource: 'helmchart' } },
      }),
    );
    expect(error.problems.map((p) => p.path)).toEqual(['gitops.argocd.operatorSource']);
    expect(error.message).toMatch(
      /'gitops\.argocd\.operatorSource' "helmchart" needs k3s or RKE2 \(their built-in helm-controller installs the HelmChart\), but distribution is "kubeadm"; use "helm-source"/,
    );
  });

  it('helm-source: the lifecycle table says what the synth warning says — deleting the operator Application takes the network down', () => {
    const props: CalicoEbpfDataplaneProps = {
      distribution: 'kubeadm',
      podCidrs: ['10.10.0.0/16'],
      gitops: { flavor: 'argocd', argocd: { ...repo, operatorSource: 'helm-source' } },
    };
    const row = lifecycleTable(layersFor(props)).find((r) => r.object === 'Application/argocd/calico-operator')!;
    expect(row.onRemove).toMatch(
      /runs the chart's pre-delete hook Job, even without cascade, which deletes Installation "default".*the pod network goes down/,
    );
    expect(
      resolveCalicoEbpfDataplane(props)
        .warnings.map((w) => w.message)
        .join('\n'),
    ).toMatch(
      /deleting the tigera-operator Application runs the chart's pre-delete hook \(Argo CD >= 3\.3\), which deletes Installation "default" and with it the pod network/,
    );
    // The CRD Application of the same output has no hook: deleting it leaves its objects.
    const crds = lifecycleTable(layersFor({ ...props, crdDelivery: 'helm-release' })).find((r) => r.object === 'Application/argocd/calico-crds')!;
    expect(crds.onRemove).toMatch(/its objects stay/);
  });
});

/** Each GitOps flavor must converge in one pass: CRDs → operator → custom resources. */
import { ARGO_SYNC_OPTIONS, ARGO_WAVE, renderCalicoEbpfDataplane, renderGitOpsLayers, resolveCalicoEbpfDataplane, type KubeObject } from '../lib/core';

function layersFor(flavor: 'flux' | 'argocd' | 'k3s', extra = {}) {
  const config = resolveCalicoEbpfDataplane({ gitops: { flavor }, apiServer: { host: '10.0.0.1' }, ...extra });
  return renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
}
const find = (objs: readonly KubeObject[], kind: string, name?: string) => objs.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name))!;
const CUSTOM = ['Installation', 'FelixConfiguration'];

describe('GitOps ordering', () => {
  it('flux: the operator release depends on the CRD release, and the custom resources sit in a Kustomization that depends on the ready operator layer', () => {
    const [fluxLayer, operatorLayer, resourcesLayer] = layersFor('flux');
    expect(find(operatorLayer!.objects, 'HelmRelease', 'tigera-operator').spec).toMatchObject({ dependsOn: [{ name: 'calico-crds' }] });
    expect(find(operatorLayer!.objects, 'HelmRelease', 'calico-crds').spec).not.toHaveProperty('dependsOn');
    // Nothing in the operator layer needs a Calico CRD, so its dry-run cannot fail.
    expect(operatorLayer!.objects.some((o) => CUSTOM.includes(o.kind))).toBe(false);
    expect(resourcesLayer!.objects.map((o) => o.kind)).toEqual(CUSTOM);
    const opKs = find(fluxLayer!.objects, 'Kustomization', 'calico-operator');
    const resKs = find(fluxLayer!.objects, 'Kustomization', 'calico-resources');
    expect(opKs.spec).toMatchObject({ path: './dist/calico-operator', wait: true });
    expect(resKs.spec).toMatchObject({ path: './dist/calico-resources', dependsOn: [{ name: 'calico-operator' }], prune: false });
    // The ConfigMap the operator reads at start is applied with, not after, the operator.
    expect(find(operatorLayer!.objects, 'ConfigMap')).toBeDefined();
  });

  it('argocd: namespace < CRD app < operator app < custom resources, and CRs skip the dry-run', () => {
    const objs = layersFor('argocd').flatMap((l) => l.objects);
    const wave = (o: KubeObject) => Number(o.metadata.annotations?.[ARGO_WAVE]);
    const ns = find(objs, 'Namespace');
    const cm = find(objs, 'ConfigMap');
    const crdApp = find(objs, 'Application', 'calico-crds');
    const opApp = find(objs, 'Application', 'tigera-operator');
    expect(wave(ns)).toBeLessThan(wave(crdApp));
    expect(wave(cm)).toBeLessThan(wave(opApp));
    expect(wave(crdApp)).toBeLessThan(wave(opApp));
    for (const kind of CUSTOM) {
      const cr = find(objs, kind);
      expect(wave(cr)).toBeGreaterThan(wave(opApp));
      expect(cr.metadata.annotations?.[ARGO_SYNC_OPTIONS]).toBe('SkipDryRunOnMissingResource=true');
    }
    expect((crdApp.spec as any).syncPolicy.syncOptions).toContain('ServerSideApply=true');
    expect((opApp.spec as any).source.helm.valuesObject.installation).toEqual({ enabled: false });
  });

  it('k3s: HelmCharts in kube-system targeting the operator namespace, custom resources in a later layer', () => {
    const [operatorLayer, resourcesLayer] = layersFor('k3s');
    const charts = operatorLayer!.objects.filter((o) => o.kind === 'HelmChart');
    expect(charts.map((c) => c.metadata.name)).toEqual(['calico-crds', 'tigera-operator']);
    for (const c of charts) {
      expect(c.metadata.namespace).toBe('kube-system');
      expect(c.spec).toMatchObject({ targetNamespace: 'tigera-operator', version: 'v3.32.1', repo: 'https://docs.tigera.io/calico/charts' });
    }
    expect((charts[1]!.spec as any).valuesContent).toMatch(/installation:\n\s+enabled: false/);
    expect(resourcesLayer!.objects.map((o) => o.kind)).toEqual(CUSTOM);
  });

  it('handles OCI chart repositories in every flavor', () => {
    const repo = 'oci://quay.io/calico/charts';
    const flux = layersFor('flux', { helmRepository: repo }).flatMap((l) => l.objects);
    expect(find(flux, 'HelmRepository').spec).toMatchObject({ type: 'oci', url: repo });
    const argo = layersFor('argocd', { helmRepository: repo }).flatMap((l) => l.objects);
    expect((find(argo, 'Application', 'tigera-operator').spec as any).source.repoURL).toBe('quay.io/calico/charts');
    const k3s = layersFor('k3s', { helmRepository: repo }).flatMap((l) => l.objects);
    expect(find(k3s, 'HelmChart', 'tigera-operator').spec).toMatchObject({ chart: 'oci://quay.io/calico/charts/tigera-operator' });
  });
});

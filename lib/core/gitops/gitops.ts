/**
 * GitOps output: the rendered objects grouped into layers (one output folder or file each) and
 * wrapped in the chosen tool's Helm objects, ordered so that one pass converges:
 * CRDs → operator → custom resources.
 *
 * Why layers: a Flux Kustomization (or any dry-run) containing `Installation` before its CRD
 * exists fails as a whole, so the custom resources live in their own layer that is applied
 * only after the charts are ready.
 */
import { stringify } from 'yaml';
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { KubeObject } from '../dataplane/kube';
import { helmChartLocation, type HelmReleaseSpec, type RenderedCalicoEbpfDataplane } from '../dataplane/render';

/** One unit of GitOps output: a folder (cdk8s chart) of objects applied together. */
export interface GitOpsLayer {
  /** What the layer holds: the GitOps tool's own wiring, the charts, or the custom resources. */
  readonly role: 'flux' | 'operator' | 'resources';
  /** Output name of the layer, e.g. `calico-operator`. */
  readonly name: string;
  /** What the layer is for, in one line. */
  readonly purpose: string;
  readonly objects: readonly KubeObject[];
}

export const ARGO_WAVE = 'argocd.argoproj.io/sync-wave';
export const ARGO_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/** Layers of the configured flavor, in the order they must be applied. */
export function renderGitOpsLayers(config: ResolvedCalicoEbpfDataplane, rendered: RenderedCalicoEbpfDataplane): GitOpsLayer[] {
  switch (config.gitops.flavor) {
    case 'argocd':
      return argoLayers(config, rendered);
    case 'k3s':
      return k3sLayers(config, rendered);
    default:
      return fluxLayers(config, rendered);
  }
}

function layerNames(config: ResolvedCalicoEbpfDataplane): { operator: string; resources: string; flux: string } {
  const p = config.gitops.layerPrefix;
  return { operator: `${p}-operator`, resources: `${p}-resources`, flux: `${p}-flux` };
}

function base(rendered: RenderedCalicoEbpfDataplane): KubeObject[] {
  return [rendered.namespace, ...(rendered.servicesEndpoint ? [rendered.servicesEndpoint] : [])];
}

function fluxLayers(config: ResolvedCalicoEbpfDataplane, rendered: RenderedCalicoEbpfDataplane): GitOpsLayer[] {
  const names = layerNames(config);
  const flux = config.gitops.flux;
  const repoName = 'projectcalico';
  const oci = config.helmRepository.startsWith('oci://');
  const helmRepository: KubeObject = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: repoName, namespace: config.namespace },
    spec: { interval: '1h', url: config.helmRepository, ...(oci ? { type: 'oci' } : {}) },
  };
  const release = (r: HelmReleaseSpec): KubeObject => ({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: r.releaseName, namespace: r.namespace },
    spec: {
      interval: flux.interval,
      releaseName: r.releaseName,
      chart: { spec: { chart: r.chart, version: r.version, sourceRef: { kind: 'HelmRepository', name: repoName } } },
      ...(r.dependsOn.length > 0 ? { dependsOn: r.dependsOn.map((name) => ({ name })) } : {}),
      install: { remediation: { retries: 3 } },
      upgrade: { remediation: { retries: 3 } },
      ...(Object.keys(r.values).length > 0 ? { values: r.values } : {}),
    },
  });
  const kustomization = (name: string, opts: { dependsOn?: string; prune: boolean; wait: boolean }): KubeObject => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: flux.namespace },
    spec: {
      interval: flux.interval,
      path: `${flux.path}/${name}`,
      prune: opts.prune,
      wait: opts.wait,
      timeout: '10m',
      sourceRef: flux.sourceRef,
      ...(opts.dependsOn ? { dependsOn: [{ name: opts.dependsOn }] } : {}),
    },
  });
  return [
    {
      role: 'flux',
      name: names.flux,
      purpose: 'Flux Kustomizations that apply the other two layers in order; reference this folder from your cluster',
      objects: [
        // wait: the operator layer is Ready only when both HelmReleases are, i.e. the CRDs exist.
        kustomization(names.operator, { prune: true, wait: true }),
        // prune off: deleting Installation "default" from Git must not take the cluster network down.
        kustomization(names.resources, { dependsOn: names.operator, prune: false, wait: false }),
      ],
    },
    {
      role: 'operator',
      name: names.operator,
      purpose: 'namespace, Helm repository and the CRD and operator HelmReleases (operator dependsOn CRDs)',
      objects: [...base(rendered), helmRepository, ...rendered.helmReleases.map(release)],
    },
    { role: 'resources',
      name: names.resources, purpose: 'Installation and FelixConfiguration, applied after the operator layer is ready', objects: [rendered.installation, rendered.felixConfiguration] },
  ];
}

function withAnnotations(obj: KubeObject, annotations: Record<string, string>): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), ...annotations } } };
}

function argoLayers(config: ResolvedCalicoEbpfDataplane, rendered: RenderedCalicoEbpfDataplane): GitOpsLayer[] {
  const names = layerNames(config);
  const argo = config.gitops.argocd;
  const application = (r: HelmReleaseSpec, wave: number): KubeObject => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: r.releaseName, namespace: argo.namespace, annotations: { [ARGO_WAVE]: String(wave) } },
    spec: {
      project: argo.project,
      destination: { server: argo.destinationServer, namespace: r.namespace },
      source: {
        // Argo CD wants OCI Helm repositories without the scheme.
        repoURL: r.repository.replace(/^oci:\/\//, ''),
        chart: r.chart,
        targetRevision: r.version,
        helm: { releaseName: r.releaseName, ...(Object.keys(r.values).length > 0 ? { valuesObject: r.values } : {}) },
      },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // Server-side apply: the Calico CRDs exceed the client-side last-applied annotation limit.
        syncOptions: ['ServerSideApply=true'],
        retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
      },
    },
  });
  const [crds, operator] = rendered.helmReleases;
  const early = { [ARGO_WAVE]: '-3' };
  const late = { [ARGO_WAVE]: '0', [ARGO_SYNC_OPTIONS]: 'SkipDryRunOnMissingResource=true' };
  return [
    {
      role: 'operator',
      name: names.operator,
      purpose: 'namespace (wave -3), CRD Application (wave -2), operator Application (wave -1)',
      objects: [...base(rendered).map((o) => withAnnotations(o, early)), application(crds, -2), application(operator, -1)],
    },
    {
      role: 'resources',
      name: names.resources,
      purpose: 'Installation and FelixConfiguration (wave 0, dry-run skipped until their CRDs exist)',
      objects: [withAnnotations(rendered.installation, late), withAnnotations(rendered.felixConfiguration, late)],
    },
  ];
}

function k3sLayers(config: ResolvedCalicoEbpfDataplane, rendered: RenderedCalicoEbpfDataplane): GitOpsLayer[] {
  const names = layerNames(config);
  const helmChart = (r: HelmReleaseSpec): KubeObject => {
    const location = helmChartLocation(r);
    return {
      apiVersion: 'helm.cattle.io/v1',
      kind: 'HelmChart',
      metadata: { name: r.releaseName, namespace: config.gitops.k3s.namespace },
      spec: {
        chart: location.chart,
        ...(location.repo ? { repo: location.repo } : {}),
        version: r.version,
        targetNamespace: r.namespace,
        // valuesContent (a YAML string) is understood by every helm-controller k3s ships;
        // the structured `values` field only exists in recent releases.
        ...(Object.keys(r.values).length > 0 ? { valuesContent: stringify(r.values, { sortMapEntries: true }) } : {}),
      },
    };
  };
  return [
    {
      role: 'operator',
      name: names.operator,
      purpose: 'namespace and HelmCharts for k3s helm-controller (CRD chart and operator chart)',
      objects: [...base(rendered), ...rendered.helmReleases.map(helmChart)],
    },
    {
      role: 'resources',
      name: names.resources,
      purpose: 'Installation and FelixConfiguration; k3s re-applies them until the CRDs exist',
      objects: [rendered.installation, rendered.felixConfiguration],
    },
  ];
}

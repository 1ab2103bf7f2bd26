/**
 * The k3s bootstrap: plain manifests and a `HelmChart` that k3s applies from its manifests folder
 * (`/var/lib/rancher/k3s/server/manifests/`, or k3d's `files:`), on a cluster that has no CNI yet.
 *
 * - `bootstrap: true` runs the helm Job on a control-plane node with hostNetwork and the
 *   not-ready/network-unavailable tolerations; without it the Job waits for a CNI forever.
 * - `failurePolicy: abort`: the default `reinstall` uninstalls a failed release before installing
 *   again, which runs the chart's pre-delete hook and deletes Installation "default".
 * - The CRDs are not a release: the operator creates them when it starts (`manageCRDs: true`).
 *   With `crdDelivery: "helm-release"` the CRD chart is a second bootstrap HelmChart.
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { KubeObject } from '../dataplane/kube';
import { helmChartLocation, type HelmReleaseSpec, type RenderedCalicoEbpfDataplane } from '../dataplane/render';
import { GitOpsFlavor } from '../dataplane/values';
import { ARGO_SYNC_OPTIONS, ARGO_WAVE, argoSyncOptions, fluxKeep, withAnnotations } from '../lifecycle/protections';
import { sortDeep } from '../dataplane/operator-values';
import { stringify } from 'yaml';
import { layerFolders, type GitOpsLayer } from './layer-model';
import { YamlMemo } from './yaml-output';

/** The chart values as k3s's HelmChart carries them; fleets repeat them (see YamlMemo). */
const VALUES_YAML = new YamlMemo<Readonly<Record<string, unknown>>>((values) => stringify(sortDeep(values), { sortMapEntries: true }));

/** A k3s `HelmChart` for a release: installed by k3s's helm-controller as release `<name>` in `targetNamespace`. */
export function k3sHelmChart(config: ResolvedCalicoEbpfDataplane, r: HelmReleaseSpec): KubeObject {
  const location = helmChartLocation(r);
  return {
    apiVersion: 'helm.cattle.io/v1',
    kind: 'HelmChart',
    metadata: { name: r.releaseName, namespace: config.gitops.k3s.namespace },
    spec: {
      bootstrap: true,
      chart: location.chart,
      failurePolicy: 'abort',
      ...(location.repo ? { repo: location.repo } : {}),
      targetNamespace: r.namespace,
      // valuesContent (a YAML string) is understood by every helm-controller k3s ships;
      // the structured `values` field only exists in recent releases.
      ...(Object.keys(r.values).length > 0 ? { valuesContent: VALUES_YAML.get(r.values) } : {}),
      version: r.version,
    },
  };
}

/** Annotations an object of the bootstrap layers carries when Argo CD later manages the same files. */
function argoAnnotations(config: ResolvedCalicoEbpfDataplane, wave: number, extra: readonly string[] = []): Record<string, string> {
  if (config.gitops.flavor !== GitOpsFlavor.ARGOCD || config.gitops.argocd.operatorSource !== 'helmchart') return {};
  return { [ARGO_WAVE]: String(wave), ...argoSyncOptions(config, extra) };
}

/**
 * A `gitops.k3s.namespace` other than kube-system (which always exists) or the operator namespace
 * (created just above) must be created too, or k3s cannot apply the HelmChart into it. The
 * helm-install Job k3s runs there uses the host network, so the namespace allows privileged pods
 * (as kube-system does) where Pod Security admission is enforced.
 */
function helmChartNamespace(config: ResolvedCalicoEbpfDataplane): KubeObject[] {
  const ns = config.gitops.k3s.namespace;
  if (ns === 'kube-system' || ns === config.namespace) return [];
  const namespace: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ns, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
  };
  return [withAnnotations(namespace, argoAnnotations(config, -2))];
}

export function k3sBootstrapLayers(config: ResolvedCalicoEbpfDataplane, rendered: RenderedCalicoEbpfDataplane): GitOpsLayer[] {
  const names = layerFolders(config);
  const charts = rendered.helmReleases.map((r) => k3sHelmChart(config, r));
  // Argo CD waves inside the one operator Application: namespace, then the ConfigMap and the CRD
  // chart, then the operator chart (the CRD chart's HelmChart is applied first; helm-controller
  // then runs both Jobs on its own, the operator retrying until the CRDs exist).
  const chartWave = (r: (typeof rendered.helmReleases)[number]): number => (r.role === 'crds' ? -1 : 0);
  return [
    {
      role: 'k3s-namespace',
      name: names['k3s-namespace'],
      purpose: 'k3s bootstrap, first: the operator namespace (and the HelmChart namespace, when it is not kube-system)',
      objects: [withAnnotations(rendered.namespace, argoAnnotations(config, -2)), ...helmChartNamespace(config)],
    },
    {
      role: 'k3s-operator',
      name: names['k3s-operator'],
      purpose:
        'k3s bootstrap, second: the services-endpoint ConfigMap (before the operator starts) and the HelmChart of the operator (bootstrap: true, failurePolicy: abort)',
      objects: [
        ...(rendered.servicesEndpoint ? [withAnnotations(rendered.servicesEndpoint, argoAnnotations(config, -1))] : []),
        ...charts.map((c, i) => withAnnotations(c, argoAnnotations(config, chartWave(rendered.helmReleases[i]!)))),
      ],
    },
  ];
}

/**
 * With `observability`: the monitors, the alerts and the dashboard. Their own layer, after the
 * resources, because they need the Prometheus-operator CRDs (the user's): a missing CRD must not
 * hold up the Installation. Argo CD skips their dry-run while those CRDs are missing.
 */
export function monitoringLayer(config: ResolvedCalicoEbpfDataplane, rendered: RenderedCalicoEbpfDataplane): GitOpsLayer[] {
  if (rendered.monitoring.length === 0) return [];
  const argo = config.gitops.flavor === GitOpsFlavor.ARGOCD;
  const objects = argo
    ? rendered.monitoring.map((o) => withAnnotations(o, { [ARGO_SYNC_OPTIONS]: 'SkipDryRunOnMissingResource=true' }))
    : rendered.monitoring;
  return [
    {
      role: 'monitoring',
      name: layerFolders(config).monitoring,
      purpose: 'PodMonitor, ServiceMonitor, PrometheusRule and the Grafana dashboard (needs the Prometheus-operator CRDs)',
      objects,
    },
  ];
}

/**
 * The custom resources: Installation, FelixConfiguration and the components. Shared by every
 * flavor (k3s applies the same files at bootstrap), annotated for the tool that manages them later.
 */
export function resourcesLayer(config: ResolvedCalicoEbpfDataplane, rendered: RenderedCalicoEbpfDataplane): GitOpsLayer {
  const names = layerFolders(config);
  // FelixConfiguration before Installation: created by us first, the operator only merges its fields in.
  // The Istio resource needs the Installation: with k3s alone it follows it in the same file;
  // under Flux and Argo CD it is its own layer, applied after this one (istioLayer).
  const istioHere = rendered.istio && !toolOrdersIstio(config) ? [rendered.istio] : [];
  const objects = [rendered.felixConfiguration, rendered.installation, ...rendered.components, ...istioHere];
  let annotate: (o: KubeObject) => KubeObject = (o) => o;
  if (config.gitops.flavor === GitOpsFlavor.FLUX) annotate = (o) => withAnnotations(o, fluxKeep(config));
  if (config.gitops.flavor === GitOpsFlavor.ARGOCD)
    annotate = (o) => withAnnotations(o, { [ARGO_WAVE]: '1', ...argoSyncOptions(config, ['SkipDryRunOnMissingResource=true']) });
  return {
    role: 'resources',
    name: names.resources,
    purpose: 'Installation, FelixConfiguration and the operator components, applied once the operator runs (it creates their CRDs)',
    objects: objects.map(annotate),
  };
}

/** Flux and Argo CD order Calico's Istio after the resources in a layer of its own; otherwise it follows the Installation in the same file. */
function toolOrdersIstio(config: Pick<ResolvedCalicoEbpfDataplane, 'gitops'>): boolean {
  return config.gitops.flavor === GitOpsFlavor.FLUX || config.gitops.flavor === GitOpsFlavor.ARGOCD;
}

/**
 * No GitOps tool (flavor `none`): what `kubectl apply` needs before `helm install` — the operator
 * namespace (helm does not create it with its labels) and the ConfigMap the operator reads at start.
 */
export function plainOperatorLayer(config: ResolvedCalicoEbpfDataplane, rendered: RenderedCalicoEbpfDataplane): GitOpsLayer {
  return {
    role: 'operator',
    name: layerFolders(config).operator,
    purpose: `apply first: the operator namespace${rendered.servicesEndpoint ? ' and the services-endpoint ConfigMap the operator reads at start' : ''}; then helm install with ${layerFolders(config).helm}/`,
    objects: [rendered.namespace, ...(rendered.servicesEndpoint ? [rendered.servicesEndpoint] : [])],
  };
}

/**
 * Calico's Istio resource under Flux or Argo CD: after the resources, because the operator's
 * Istio controller acts only once the Installation exists (Flux `dependsOn`, Argo CD wave 2).
 */
export function istioLayer(config: ResolvedCalicoEbpfDataplane, rendered: RenderedCalicoEbpfDataplane): GitOpsLayer[] {
  if (!rendered.istio || !toolOrdersIstio(config)) return [];
  const annotations =
    config.gitops.flavor === GitOpsFlavor.FLUX
      ? fluxKeep(config)
      : { [ARGO_WAVE]: '2', ...argoSyncOptions(config, ['SkipDryRunOnMissingResource=true']) };
  return [
    {
      role: 'istio',
      name: layerFolders(config).istio,
      purpose: "Calico's Istio resource (ambient mesh), applied after the Installation",
      objects: [withAnnotations(rendered.istio, annotations)],
    },
  ];
}

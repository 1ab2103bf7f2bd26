/**
 * Flux: a `<prefix>-flux` folder with two Kustomizations (operator, then resources), an operator
 * folder with the namespace, ConfigMap, HelmRepository and HelmRelease(s), and the shared
 * resources folder.
 *
 * The HelmRelease adopts the release k3s bootstrap installed: same release name, target and
 * storage namespace (Flux finds it with no history, marks it unmanaged and upgrades it in place);
 * changing any of the three makes Flux uninstall the old release and install a new one (helm-controller
 * v1.6.2 "release target configuration changed"), with the HelmRelease's uninstall settings: with
 * `teardown: "retain"` hooks are off, so the Installation stays but the operator is gone until the
 * new release runs; with `"delete"` the chart's pre-delete hook deletes the Installation.
 * No install/upgrade remediation (it uninstalls between retries): `RetryOnFailure` instead.
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { KubeObject } from '../dataplane/kube';
import type { HelmReleaseSpec, RenderedCalicoEbpfDataplane } from '../dataplane/render';
import { fluxKeep, retains, withAnnotations } from '../lifecycle/protections';
import { hasK3sBootstrap, layerFolders, layerNames, type GitOpsLayer } from './layer-model';
import { istioLayer, monitoringLayer, resourcesLayer } from './k3s';

export const FLUX_HELM_REPOSITORY = 'projectcalico';

function helmRelease(config: ResolvedCalicoEbpfDataplane, r: HelmReleaseSpec): KubeObject {
  const keep = retains(config);
  const spec: Record<string, unknown> = {
    interval: config.gitops.flux.interval,
    releaseName: r.releaseName,
    targetNamespace: r.namespace,
    storageNamespace: r.namespace,
    chart: { spec: { chart: r.chart, version: r.version, sourceRef: { kind: 'HelmRepository', name: FLUX_HELM_REPOSITORY } } },
    ...(r.dependsOn.length > 0 ? { dependsOn: r.dependsOn.map((name) => ({ name })) } : {}),
    install: { strategy: { name: 'RetryOnFailure', retryInterval: '2m' } },
    upgrade: { strategy: { name: 'RetryOnFailure', retryInterval: '2m' } },
    // Deleting the HelmRelease uninstalls; without hooks the dataplane keeps running (only the operator goes).
    ...(keep ? { uninstall: { disableHooks: true } } : {}),
    ...(Object.keys(r.values).length > 0 ? { values: r.values } : {}),
  };
  if (r.role === 'crds' && keep) {
    // The CRD chart's CRDs are plain templates: an uninstall would delete every Calico resource.
    // Helm keeps objects annotated resource-policy keep; the post-render result is what Helm stores.
    spec.postRenderers = [
      {
        kustomize: {
          patches: [
            {
              target: { kind: 'CustomResourceDefinition' },
              patch: '- op: add\n  path: /metadata/annotations/helm.sh~1resource-policy\n  value: keep\n',
            },
          ],
        },
      },
    ];
  }
  return withAnnotations(
    { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: r.releaseName, namespace: r.namespace }, spec },
    fluxKeep(config),
  );
}

function kustomization(config: ResolvedCalicoEbpfDataplane, name: string, path: string, opts: { dependsOn?: string; wait: boolean }): KubeObject {
  const flux = config.gitops.flux;
  const keep = retains(config);
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: flux.namespace },
    spec: {
      interval: flux.interval,
      // The operator creates the CRDs a moment after it starts: retry the resources soon.
      retryInterval: '1m',
      path: `${flux.path}/${path}`,
      prune: true,
      // Deleting the Kustomization leaves what it applied (Orphan) unless a real teardown was asked for.
      deletionPolicy: keep ? 'Orphan' : 'Delete',
      wait: opts.wait,
      timeout: '10m',
      sourceRef: flux.sourceRef,
      ...(opts.dependsOn ? { dependsOn: [{ name: opts.dependsOn }] } : {}),
    },
  };
}

export function fluxLayers(config: ResolvedCalicoEbpfDataplane, rendered: RenderedCalicoEbpfDataplane): GitOpsLayer[] {
  const names = layerNames(config);
  const folders = layerFolders(config);
  const keep = (o: KubeObject): KubeObject => withAnnotations(o, fluxKeep(config));
  const oci = config.helmRepository.startsWith('oci://');
  const helmRepository: KubeObject = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'HelmRepository',
    metadata: { name: FLUX_HELM_REPOSITORY, namespace: config.namespace },
    spec: { interval: '1h', url: config.helmRepository, ...(oci ? { type: 'oci' } : {}) },
  };
  return [
    {
      role: 'flux',
      name: folders.flux,
      purpose: `Flux Kustomizations that apply the operator layer, then the resources layer${rendered.istio ? ", then Calico's Istio" : ''}; reference only this folder from your cluster`,
      objects: [
        // wait: Ready only when the HelmRelease is, i.e. the operator's Deployment is Available. That
        // does not mean the CRDs exist yet: the pod has no readiness probe and the operator creates
        // them after it starts. A first apply of the resources layer that finds a CRD missing fails
        // and is retried after retryInterval (1m).
        kustomization(config, names.operator, folders.operator, { wait: true }),
        kustomization(config, names.resources, folders.resources, { dependsOn: names.operator, wait: false }),
        ...(rendered.istio ? [kustomization(config, names.istio, folders.istio, { dependsOn: names.resources, wait: false })] : []),
        ...(rendered.monitoring.length > 0
          ? [kustomization(config, names.monitoring, folders.monitoring, { dependsOn: names.resources, wait: false })]
          : []),
      ],
    },
    {
      role: 'operator',
      name: folders.operator,
      purpose: `namespace, ${rendered.servicesEndpoint ? 'services-endpoint ConfigMap, ' : ''}Helm repository and the tigera-operator HelmRelease${hasK3sBootstrap(config) ? ' (adopts the k3s bootstrap release)' : ' (adopts the release installed by hand at bring-up)'}`,
      objects: [
        keep(rendered.namespace),
        ...(rendered.servicesEndpoint ? [keep(rendered.servicesEndpoint)] : []),
        helmRepository,
        ...rendered.helmReleases.map((r) => helmRelease(config, r)),
      ],
    },
    resourcesLayer(config, rendered),
    ...istioLayer(config, rendered),
    ...monitoringLayer(config, rendered),
  ];
}

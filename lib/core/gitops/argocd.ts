/**
 * Argo CD: a `<prefix>-argocd` folder of Applications (point one parent Application at it).
 *
 * The operator is never an Application with a Helm source by default: Argo CD >= 3.3 maps the
 * chart's `helm.sh/hook: pre-delete` Job to a PreDelete hook, adds its pre-delete finalizer and
 * runs the Job whenever the Application is deleted — cascade or not — and the Job deletes
 * Installation "default". Instead (`operatorSource: "helmchart"`, k3s/RKE2) Argo CD manages the
 * same k3s bootstrap files: the namespace, the ConfigMap and the `HelmChart`, which k3s's
 * helm-controller installs; Argo CD never sees a hook. Every managed object carries
 * `Prune=false,Delete=false`, the Applications carry no cascade finalizer, and the parent never
 * prunes them (`Prune=false` on the Application manifests).
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { KubeObject } from '../dataplane/kube';
import type { HelmReleaseSpec, RenderedCalicoEbpfDataplane } from '../dataplane/render';
import {
  ARGO_CASCADE_FINALIZER,
  ARGO_PRUNE_BACKGROUND,
  ARGO_SYNC_OPTIONS,
  ARGO_WAVE,
  argoSyncOptions,
  retains,
  withAnnotations,
} from '../lifecycle/protections';
import { istioLayer, monitoringLayer, resourcesLayer } from './k3s';
import { layerFolders, type GitOpsLayer } from './layer-model';

type Source = Record<string, unknown>;

function application(config: ResolvedCalicoEbpfDataplane, name: string, wave: number, namespace: string, source: Source): KubeObject {
  const argo = config.gitops.argocd;
  const keep = retains(config);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name,
      namespace: argo.namespace,
      // Prune=false: a parent (app of apps) never prunes this child when its file goes away.
      annotations: { [ARGO_WAVE]: String(wave), ...(keep ? { [ARGO_SYNC_OPTIONS]: 'Prune=false' } : {}) },
      // Only a deliberate teardown deletes the Application's objects with it.
      ...(keep ? {} : { finalizers: [ARGO_CASCADE_FINALIZER] }),
    },
    spec: {
      project: argo.project,
      destination: { server: argo.destinationServer, namespace },
      source,
      syncPolicy: {
        automated: { prune: !keep, selfHeal: true },
        // Server-side apply: the operator's and Calico's objects are large, and Helm's field manager is taken over cleanly.
        syncOptions: ['ServerSideApply=true', ...(keep ? [] : [ARGO_PRUNE_BACKGROUND])],
        retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
      },
    },
  };
}

function directory(config: ResolvedCalicoEbpfDataplane, folders: readonly string[]): Source {
  const argo = config.gitops.argocd;
  if (folders.length === 1) return { repoURL: argo.repoURL, targetRevision: argo.targetRevision, path: `${argo.path}/${folders[0]}` };
  // Several layer folders: recurse from the cluster's own folder (gitops.folder), not the whole repository path.
  const base = config.gitops.folder;
  const inBase = base === undefined ? folders : folders.map((f) => f.slice(base.length + 1));
  return {
    repoURL: argo.repoURL,
    targetRevision: argo.targetRevision,
    path: base === undefined ? argo.path : `${argo.path}/${base}`,
    directory: { recurse: true, include: `{${inBase.map((f) => `${f}/*`).join(',')}}` },
  };
}

function helmSource(r: HelmReleaseSpec): Source {
  return {
    // Argo CD wants OCI Helm repositories without the scheme.
    repoURL: r.repository.replace(/^oci:\/\//, ''),
    chart: r.chart,
    targetRevision: r.version,
    helm: { releaseName: r.releaseName, ...(Object.keys(r.values).length > 0 ? { valuesObject: r.values } : {}) },
  };
}

export function argoLayers(
  config: ResolvedCalicoEbpfDataplane,
  rendered: RenderedCalicoEbpfDataplane,
  bootstrap: readonly GitOpsLayer[],
): GitOpsLayer[] {
  const names = layerFolders(config);
  const prefix = config.gitops.layerPrefix;
  const resources = resourcesLayer(config, rendered);
  const apps: KubeObject[] = [];
  const layers: GitOpsLayer[] = [];
  if (config.gitops.argocd.operatorSource === 'helmchart') {
    apps.push(
      application(
        config,
        `${prefix}-operator`,
        -1,
        config.namespace,
        directory(
          config,
          bootstrap.map((l) => l.name),
        ),
      ),
    );
  } else {
    // helm-source (explicitly chosen): the namespace and ConfigMap in their own folder, the charts as Helm sources.
    const early = (o: KubeObject): KubeObject => withAnnotations(o, argoSyncOptions(config));
    layers.push({
      role: 'operator',
      name: names.operator,
      purpose: `namespace${rendered.servicesEndpoint ? ' and services-endpoint ConfigMap' : ''} for the Helm-source Applications`,
      objects: [early(rendered.namespace), ...(rendered.servicesEndpoint ? [early(rendered.servicesEndpoint)] : [])],
    });
    apps.push(application(config, `${prefix}-namespace`, -3, config.namespace, directory(config, [names.operator])));
    // Named after the layer prefix like the other Applications: one Argo CD may manage a fleet.
    for (const r of rendered.helmReleases)
      apps.push(application(config, `${prefix}-${r.role}`, r.role === 'crds' ? -2 : -1, r.namespace, helmSource(r)));
  }
  apps.push(application(config, `${prefix}-resources`, 1, config.namespace, directory(config, [resources.name])));
  const istio = istioLayer(config, rendered);
  for (const layer of istio) apps.push(application(config, `${prefix}-istio`, 2, config.namespace, directory(config, [layer.name])));
  const monitoring = monitoringLayer(config, rendered);
  for (const layer of monitoring) apps.push(application(config, `${prefix}-monitoring`, 2, config.namespace, directory(config, [layer.name])));
  // The one object a user applies: the parent of the Applications above (app of apps).
  const root = application(config, prefix, 0, config.gitops.argocd.namespace, directory(config, [names.argocd]));
  return [
    {
      role: 'argocd-root',
      name: names['argocd-root'],
      purpose: 'the parent Application (app of apps): kubectl apply -f this folder once',
      objects: [root],
    },
    {
      role: 'argocd',
      name: names.argocd,
      purpose: 'Argo CD Applications (operator, then resources), managed by the parent Application',
      objects: apps,
    },
    ...layers,
    resources,
    ...istio,
    ...monitoring,
  ];
}

/**
 * Every object of the output with who applies it, in which step, what protects it and what
 * happens when its file (or release, Kustomization, Application) is removed. The protections are
 * read off the objects themselves, so the table cannot claim a protection the output lacks.
 */
import type { KubeObject } from '../dataplane/kube';
import type { GitOpsLayer, LayerRole } from '../gitops/layers';
import { ARGO_CASCADE_FINALIZER, ARGO_SYNC_OPTIONS, FLUX_PRUNE } from './protections';

export interface LifecycleRow {
  readonly layer: string;
  /** `Kind/name` (namespaced objects: `Kind/namespace/name`). */
  readonly object: string;
  /** The tool that applies the object. */
  readonly appliedBy: string;
  /** 1-based step in the apply order of the whole output. */
  readonly step: number;
  /** Protections found on the object (empty: none). */
  readonly protections: readonly string[];
  /** What removing it from the output does to the cluster. */
  readonly onRemove: string;
}

const APPLIED_BY: Readonly<Record<LayerRole, string>> = {
  'k3s-namespace': 'k3s (manifests folder), then the GitOps tool if it manages these files',
  'k3s-operator': 'k3s (manifests folder); the HelmChart is installed by k3s helm-controller',
  flux: 'your cluster Kustomization (Flux)',
  'argocd-root': 'you, once (kubectl apply)',
  argocd: 'the parent Application (Argo CD)',
  operator: 'Flux (calico-operator Kustomization) or Argo CD',
  resources: 'k3s at bootstrap, then Flux or Argo CD',
  istio: 'Flux or Argo CD, after the resources',
  monitoring: 'k3s, Flux or Argo CD, once the Prometheus-operator CRDs exist',
};

/** With no GitOps tool (flavor `none`): you apply each folder, in order. */
const APPLIED_BY_HAND: Readonly<Partial<Record<LayerRole, string>>> = {
  operator: 'you, first (kubectl apply), then helm install with the values file',
  resources: 'you, once the operator runs (kubectl apply --server-side)',
  monitoring: 'you, once the Prometheus-operator CRDs exist',
};

/** True when no tool applies the layers (flavor `none`): no k3s bootstrap, Flux or Argo CD layer. */
function byHand(layers: readonly GitOpsLayer[]): boolean {
  return !layers.some((l) => ['k3s-namespace', 'k3s-operator', 'flux', 'argocd-root', 'argocd'].includes(l.role));
}

function annotation(o: KubeObject, key: string): string | undefined {
  return o.metadata.annotations?.[key];
}

/** Protections an object carries, read from its fields. */
export function protectionsOf(o: KubeObject): string[] {
  const found: string[] = [];
  if (annotation(o, FLUX_PRUNE) === 'disabled') found.push('flux prune disabled');
  const sync = (annotation(o, ARGO_SYNC_OPTIONS) ?? '').split(',');
  if (sync.includes('Prune=false')) found.push('argocd Prune=false');
  if (sync.includes('Delete=false')) found.push('argocd Delete=false');
  // The fields these GitOps kinds use to keep what they applied (Flux, Argo CD, k3s HelmChart).
  const spec = (o.spec ?? {}) as {
    deletionPolicy?: string;
    uninstall?: { disableHooks?: boolean };
    postRenderers?: unknown;
    failurePolicy?: string;
    syncPolicy?: { automated?: { prune?: boolean } };
  };
  if (o.kind === 'Kustomization' && spec.deletionPolicy === 'Orphan') found.push('deletionPolicy Orphan');
  if (o.kind === 'HelmRelease' && spec.uninstall?.disableHooks === true) found.push('uninstall without hooks');
  if (o.kind === 'HelmRelease' && spec.postRenderers !== undefined) found.push('CRDs kept on uninstall (resource-policy keep)');
  if (o.kind === 'HelmChart' && spec.failurePolicy === 'abort') found.push('failurePolicy abort');
  if (o.kind === 'Application') {
    const finalizers = (o.metadata as { finalizers?: string[] }).finalizers ?? [];
    if (!finalizers.includes(ARGO_CASCADE_FINALIZER)) found.push('no cascade finalizer');
    if (spec.syncPolicy?.automated?.prune === false) found.push('automated prune off');
  }
  return found;
}

function onRemove(role: LayerRole, o: KubeObject, p: readonly string[]): string {
  const kept = 'kept: the network keeps running';
  if (o.kind === 'HelmChart') {
    return 'file removed: nothing (k3s never deletes what a removed file created); HelmChart object deleted: helm-controller uninstalls with hooks, the pre-delete hook deletes Installation "default" — only in a deliberate teardown';
  }
  if (role === 'k3s-namespace' || (role === 'k3s-operator' && o.kind === 'ConfigMap'))
    return 'file removed: nothing (k3s never deletes what a removed file created)';
  if (o.kind === 'Kustomization')
    return p.includes('deletionPolicy Orphan')
      ? `Kustomization deleted: its objects are orphaned, ${kept}`
      : 'Kustomization deleted: its objects are deleted (teardown "delete")';
  if (o.kind === 'Application' && (o.spec as { source?: { chart?: string } } | undefined)?.source?.chart === 'tigera-operator') {
    // Argo CD >= 3.3 maps the chart's helm.sh/hook pre-delete Job to a PreDelete hook and adds its
    // finalizer itself: the Job runs on any delete of the Application, cascading or not.
    return 'Application deleted or pruned by its parent: Argo CD (>= 3.3) runs the chart\'s pre-delete hook Job, even without cascade, which deletes Installation "default" (and APIServer, Goldmane, Whisker) — the pod network goes down';
  }
  if (o.kind === 'Application')
    return p.includes('no cascade finalizer')
      ? `Application deleted or pruned by its parent: its objects stay, ${kept}`
      : 'Application deleted: its objects are deleted (teardown "delete")';
  if (o.kind === 'HelmRelease') {
    return p.includes('uninstall without hooks')
      ? 'file removed: not pruned; HelmRelease deleted: uninstalled without hooks — the operator goes, Installation and calico-node stay'
      : 'HelmRelease deleted: helm uninstall with hooks — the pre-delete hook deletes Installation "default" first (teardown "delete")';
  }
  if (o.kind === 'HelmRepository') return 'file removed: pruned; the installed release is unaffected';
  if (p.length > 0) return `file removed, or its Kustomization/Application deleted: ${kept}`;
  return role === 'resources'
    ? 'file removed: k3s does nothing; Flux/Argo CD delete it (teardown "delete")'
    : 'deleted with its file (teardown "delete")';
}

export function lifecycleTable(layers: readonly GitOpsLayer[]): LifecycleRow[] {
  const hand = byHand(layers);
  return layers.flatMap((layer, i) =>
    layer.objects.map((o) => {
      const protections = protectionsOf(o);
      const ns = o.metadata.namespace ? `${o.metadata.namespace}/` : '';
      return {
        layer: layer.name,
        object: `${o.kind}/${ns}${o.metadata.name}`,
        appliedBy: (hand ? APPLIED_BY_HAND[layer.role] : undefined) ?? APPLIED_BY[layer.role],
        step: i + 1,
        protections,
        onRemove: hand ? 'file removed: nothing (no tool applies or deletes it; kubectl delete it by hand)' : onRemove(layer.role, o, protections),
      };
    }),
  );
}

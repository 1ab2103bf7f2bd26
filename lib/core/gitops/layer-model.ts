/**
 * The layer model every GitOps flavor builds on: what a layer is, the layer names, and whether the
 * output starts from the k3s bootstrap. The flavors (flux.ts, argocd.ts, k3s.ts) import this; the
 * assembler (layers.ts) imports them, so data flows one way.
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { KubeObject } from '../dataplane/kube';
import { GitOpsFlavor } from '../dataplane/values';
import { DISTRIBUTION_PRESETS } from '../distributions/presets';

/** What a layer holds. */
export type LayerRole = 'k3s-namespace' | 'k3s-operator' | 'flux' | 'argocd-root' | 'argocd' | 'operator' | 'resources' | 'istio' | 'monitoring';

/** Every folder of the output: the layers, the k3s manifests and the Helm values (files, not objects). */
export type LayerFolder = LayerRole | 'k3s-manifests' | 'helm';

/** One unit of output: a folder (cdk8s chart) of objects applied together. */
export interface GitOpsLayer {
  readonly role: LayerRole;
  /** Output name of the layer (folder), e.g. `calico-resources`. */
  readonly name: string;
  /** What the layer is for, in one line. */
  readonly purpose: string;
  readonly objects: readonly KubeObject[];
}

/**
 * Folder names (and, for the layers k3s applies, the names of their files and Addons in the k3s
 * manifests folder). The k3s ones sort before `<prefix>-resources`, because k3s applies the files
 * of its manifests folder in sorted path order: namespace, then ConfigMap and HelmChart, then the
 * custom resources (which k3s retries every 15 s until the operator has created their CRDs).
 */
export function layerNames(config: Pick<ResolvedCalicoEbpfDataplane, 'gitops'>): Readonly<Record<LayerFolder, string>> {
  const p = config.gitops.layerPrefix;
  return {
    'k3s-manifests': `${p}-k3s-manifests`,
    helm: `${p}-helm`,
    'k3s-namespace': `${p}-k3s-0-namespace`,
    'k3s-operator': `${p}-k3s-1-operator`,
    flux: `${p}-flux`,
    'argocd-root': `${p}-argocd-root`,
    argocd: `${p}-argocd`,
    operator: `${p}-operator`,
    resources: `${p}-resources`,
    istio: `${p}-istio`,
    monitoring: `${p}-monitoring`,
  };
}

/**
 * Where each layer's folder lies in the output (and under `flux.path` / `argocd.path`): its name,
 * inside `gitops.folder` when one is set. The k3s files keep the plain names (one Addon each).
 */
export function layerFolders(config: Pick<ResolvedCalicoEbpfDataplane, 'gitops'>): Readonly<Record<LayerFolder, string>> {
  const names = layerNames(config);
  const folder = config.gitops.folder;
  if (folder === undefined) return names;
  return Object.fromEntries(Object.entries(names).map(([role, name]) => [role, `${folder}/${name}`])) as Record<LayerFolder, string>;
}

/**
 * True when the output carries the k3s bootstrap: on k3s and RKE2 the built-in helm-controller
 * installs Calico from the auto-deploy folder on a cluster that has no CNI yet.
 */
export function hasK3sBootstrap(config: Pick<ResolvedCalicoEbpfDataplane, 'distribution' | 'gitops'>): boolean {
  return DISTRIBUTION_PRESETS[config.distribution].manifestsDir !== undefined || config.gitops.flavor === GitOpsFlavor.K3S;
}

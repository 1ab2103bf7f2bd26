/**
 * GitOps output: the rendered objects grouped into layers (one output folder each) and wrapped in
 * the chosen tool's objects, ordered so that one pass converges: operator → custom resources
 * (the operator creates the CRDs when it starts, or the CRD release comes first).
 *
 * Why layers: a Flux Kustomization (or any dry-run) containing `Installation` before its CRD
 * exists fails as a whole, so the custom resources live in their own layer that is applied only
 * after the operator is ready.
 *
 * A cluster without a CNI cannot run Flux or Argo CD, so on k3s every flavor starts from the same
 * k3s bootstrap layers (applied by k3s itself from its manifests folder); Flux or Argo CD then
 * adopt what bootstrap installed (see lifecycle/handoff.ts).
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { KubeObject } from '../dataplane/kube';
import type { RenderedCalicoEbpfDataplane } from '../dataplane/render';
import { GitOpsFlavor } from '../dataplane/values';
import { DISTRIBUTION_PRESETS } from '../distributions/presets';
import { renderK3dConfig } from '../lifecycle/k3d';
import { argoLayers } from './argocd';
import { fluxLayers } from './flux';
import { k3sBootstrapLayers, monitoringLayer, resourcesLayer } from './k3s';
import { k3sManifestFiles, type K3sManifestFile } from './k3s-manifests';

/** What a layer holds. */
export type LayerRole =
  'k3s-namespace' | 'k3s-operator' | 'flux' | 'argocd-root' | 'argocd' | 'operator' | 'resources' | 'istio' | 'monitoring' | 'k3d';

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
export function layerNames(config: Pick<ResolvedCalicoEbpfDataplane, 'gitops'>): Readonly<Record<LayerRole | 'k3s-manifests', string>> {
  const p = config.gitops.layerPrefix;
  return {
    'k3s-manifests': `${p}-k3s-manifests`,
    'k3s-namespace': `${p}-k3s-0-namespace`,
    'k3s-operator': `${p}-k3s-1-operator`,
    flux: `${p}-flux`,
    'argocd-root': `${p}-argocd-root`,
    argocd: `${p}-argocd`,
    operator: `${p}-operator`,
    resources: `${p}-resources`,
    istio: `${p}-istio`,
    monitoring: `${p}-monitoring`,
    k3d: `${p}-k3d`,
  };
}

/**
 * True when the output carries the k3s bootstrap: on k3s and RKE2 the built-in helm-controller
 * installs Calico from the auto-deploy folder on a cluster that has no CNI yet.
 */
export function hasK3sBootstrap(config: Pick<ResolvedCalicoEbpfDataplane, 'distribution' | 'gitops'>): boolean {
  return DISTRIBUTION_PRESETS[config.distribution].manifestsDir !== undefined || config.gitops.flavor === GitOpsFlavor.K3S;
}

/** Layers of the configured flavor, in the order they are applied. */
export function renderGitOpsLayers(config: ResolvedCalicoEbpfDataplane, rendered: RenderedCalicoEbpfDataplane): GitOpsLayer[] {
  const bootstrap = hasK3sBootstrap(config) ? k3sBootstrapLayers(config, rendered) : [];
  let layers: GitOpsLayer[];
  switch (config.gitops.flavor) {
    case GitOpsFlavor.ARGOCD:
      layers = [...bootstrap, ...argoLayers(config, rendered, bootstrap)];
      break;
    case GitOpsFlavor.K3S:
      layers = [...bootstrap, resourcesLayer(config, rendered), ...monitoringLayer(config, rendered)];
      break;
    default:
      layers = [...bootstrap, ...fluxLayers(config, rendered)];
  }
  if (config.k3d) {
    const names = layerNames(config);
    layers.push({
      role: 'k3d',
      name: names.k3d,
      purpose: 'k3d cluster config: k3s without flannel, carrying the bootstrap manifests (k3d cluster create --config)',
      objects: [renderK3dConfig(config, k3sManifests(config, layers)!.files)],
    });
  }
  return layers;
}

/** Roles of the layers k3s applies from its manifests folder under each flavor. */
function appliedByK3s(config: Pick<ResolvedCalicoEbpfDataplane, 'gitops'>, role: LayerRole): boolean {
  if (role === 'k3s-namespace' || role === 'k3s-operator' || role === 'resources') return true;
  // Under Flux or Argo CD the monitors wait for their tool (and the user's Prometheus CRDs).
  return role === 'monitoring' && config.gitops.flavor === GitOpsFlavor.K3S;
}

/** What goes into k3s's manifests folder: a folder name for the output and its files. */
export interface K3sManifests {
  /** Output folder holding the files (`<prefix>-k3s-manifests`); copy its files into the manifests folder. */
  readonly folder: string;
  readonly files: readonly K3sManifestFile[];
}

/**
 * The k3s manifests of the configuration (undefined when the output has no k3s bootstrap): one
 * file per layer k3s applies, `<layer>.yaml`. `layers` may carry objects added after rendering
 * (a cdk8s user's own objects in the resources chart).
 */
export function k3sManifests(
  config: Pick<ResolvedCalicoEbpfDataplane, 'distribution' | 'gitops'>,
  layers: readonly Pick<GitOpsLayer, 'role' | 'name' | 'objects'>[],
): K3sManifests | undefined {
  if (!hasK3sBootstrap(config)) return undefined;
  return { folder: layerNames(config)['k3s-manifests'], files: k3sManifestFiles(layers.filter((l) => appliedByK3s(config, l.role))) };
}

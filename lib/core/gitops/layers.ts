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
import { helmChartLocation, type RenderedCalicoEbpfDataplane } from '../dataplane/render';
import { GitOpsFlavor } from '../dataplane/values';
import { argoLayers } from './argocd';
import { fluxLayers } from './flux';
import { k3sBootstrapLayers, monitoringLayer, plainOperatorLayer, resourcesLayer } from './k3s';
import { hasK3sBootstrap, layerFolders, type GitOpsLayer, type LayerRole } from './layer-model';
import { k3sManifestFiles, type K3sManifestFile } from './k3s-manifests';
import { objectToYaml } from './yaml-output';
import type { KubeObject } from '../dataplane/kube';

export { hasK3sBootstrap, layerFolders, layerNames, type GitOpsLayer, type LayerRole } from './layer-model';

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
    case GitOpsFlavor.NONE:
      layers = [plainOperatorLayer(config, rendered), resourcesLayer(config, rendered), ...monitoringLayer(config, rendered)];
      break;
    default:
      layers = [...bootstrap, ...fluxLayers(config, rendered)];
  }
  // The k3d config is not a layer: it is no Kubernetes object (gitops/k3d-config-file.ts).
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
  return { folder: layerFolders(config)['k3s-manifests'], files: k3sManifestFiles(layers.filter((l) => appliedByK3s(config, l.role))) };
}

/** Files that are no Kubernetes objects, in a folder of their own (the k3s manifests, the Helm values). */
export interface FileFolder {
  readonly folder: string;
  readonly files: readonly { readonly path: string; readonly content: string }[];
}

/**
 * With no GitOps tool (flavor `none`, never on k3s/RKE2): the values of each release as the file
 * `helm install -f` takes, `<release>.values.yaml` in `<prefix>-helm/`, with the command that uses
 * it on top (run from the output folder). The same values the HelmRelease, the Application or the
 * Pulumi Release carry. Not with Flux or Argo CD: their tree holds Kubernetes objects only (a tool
 * pointed at the output root would try to apply a values file), and their release objects already
 * carry the values.
 */
export function helmValuesFiles(
  config: Pick<ResolvedCalicoEbpfDataplane, 'distribution' | 'gitops' | 'helmRepository'>,
  rendered: Pick<RenderedCalicoEbpfDataplane, 'helmReleases'>,
): FileFolder | undefined {
  if (config.gitops.flavor !== GitOpsFlavor.NONE || hasK3sBootstrap(config)) return undefined;
  const folder = layerFolders(config).helm;
  const files = rendered.helmReleases.map((r) => {
    const path = `${r.releaseName}.values.yaml`;
    const at = helmChartLocation(r);
    const command = `helm upgrade --install ${r.releaseName} ${at.chart}${at.repo ? ` --repo ${at.repo}` : ''} --version ${r.version} --namespace ${r.namespace} -f ${folder}/${path}`;
    return {
      path,
      content: `# Values of the ${r.chart} chart for Calico ${r.version}, written by calico-ebpf; from the output folder:\n#   ${command}\n${objectToYaml(r.values as KubeObject)}`,
    };
  });
  return { folder, files };
}

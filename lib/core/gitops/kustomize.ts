/**
 * A kustomization file for each layer folder, so `kubectl kustomize <folder>` (and Flux, and Argo
 * CD's Kustomize support) build exactly the layer's files.
 *
 * Folders k3s reads from its manifests directory get the file under the name `Kustomization`:
 * kustomize recognises it like `kustomization.yaml`, while k3s only applies `.yaml`/`.yml`/`.json`
 * files and would otherwise try (every 15 s, forever) to apply the kustomization as an object.
 */
import { stringify } from 'yaml';
import type { GitOpsLayer, LayerRole } from './layers';

const READ_BY_K3S: ReadonlySet<LayerRole> = new Set(['k3s-namespace', 'k3s-operator', 'resources', 'monitoring']);

export interface LayerFile {
  readonly fileName: string;
  readonly content: string;
}

/** The kustomization of a layer listing `fileNames`. */
export function kustomizationFile(layer: Pick<GitOpsLayer, 'role'>, fileNames: readonly string[]): LayerFile {
  const content = stringify(
    { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...fileNames].sort() },
    { version: '1.1' },
  );
  return { fileName: READ_BY_K3S.has(layer.role) ? 'Kustomization' : 'kustomization.yaml', content };
}

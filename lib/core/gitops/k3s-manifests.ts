/**
 * The files k3s (and RKE2, which embeds the same deploy controller) applies from its manifests
 * folder: one multi-document file per layer, `<layer>.yaml`, side by side.
 *
 * Why this shape (k3s-io/k3s `pkg/deploy/controller.go`):
 * - Each file is tracked by an `Addon` in kube-system named after the file name **up to its first
 *   dot** (`basename`). `Namespace.tigera-operator.k8s.yaml` would need an Addon called
 *   `Namespace`, which is not a valid object name, so k3s would never apply it; and every file
 *   whose name starts the same shares one Addon, whose apply prunes the other file's objects.
 *   A lowercase layer name with no dot is a valid, unique Addon name per file.
 * - Objects that leave a file are pruned on the next apply; files that leave the folder are not
 *   (nothing is deleted). One file per layer keeps a layer's objects together, so moving an
 *   object between files never happens.
 * - Files are applied in sorted path order, each on its own (a failure leaves the others be and is
 *   retried every 15 s): the namespace file, then the operator's, then the custom resources, which
 *   fail until the operator has created their CRDs.
 * - `<file>.skip` beside a file stops k3s from applying it (matched on the file name).
 */
import type { KubeObject } from '../dataplane/kube';
import { toYaml } from './yaml-output';

/** One file for k3s's manifests folder. */
export interface K3sManifestFile {
  /** File name in the manifests folder: `<layer>.yaml`. */
  readonly path: string;
  /** The Addon k3s tracks the file with (the file name up to its first dot). */
  readonly addon: string;
  readonly content: string;
}

/** The Addon name k3s gives a manifest file: its base name up to the first dot. */
export function k3sAddonName(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.split('.', 1)[0]!;
}

const ADDON_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The k3s files of the given layers, in the order k3s applies them. Layer names are made from the
 * validated layer prefix; the checks here guard the invariant k3s depends on.
 */
export function k3sManifestFiles(layers: readonly { readonly name: string; readonly objects: readonly KubeObject[] }[]): K3sManifestFile[] {
  const kept = layers.filter((l) => l.objects.length > 0);
  const files = kept
    // A layer in gitops.folder (`clusters/dev/calico-resources`) is one file of the flat manifests folder.
    .map((l) => l.name.slice(l.name.lastIndexOf('/') + 1))
    .map((name, i) => ({ path: `${name}.yaml`, addon: name, content: toYaml(kept[i]!.objects) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const seen = new Set<string>();
  for (const f of files) {
    if (!ADDON_NAME.test(f.addon) || k3sAddonName(f.path) !== f.addon)
      throw new Error(`internal: k3s manifest ${f.path} would be tracked by Addon "${k3sAddonName(f.path)}", which is not a DNS label`);
    if (seen.has(f.addon)) throw new Error(`internal: two k3s manifests share the Addon "${f.addon}"`);
    seen.add(f.addon);
  }
  return files;
}

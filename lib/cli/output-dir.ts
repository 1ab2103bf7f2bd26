/**
 * Writes layers into an output folder the CLI owns only in part: it records the layer folders it
 * wrote in `.calico-ebpf-synth.json`, replaces those on the next run, removes the ones the new
 * configuration no longer writes (e.g. `calico-flux/` after switching to Argo CD), and never
 * touches anything else in the folder.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kustomizationFile, objectFileName, objectToYaml, type GitOpsLayer, type K3sManifests } from '../core/internal';

export const OUTPUT_MANIFEST = '.calico-ebpf-synth.json';

interface Manifest {
  readonly writtenBy: string;
  readonly layers: readonly string[];
}

function previousLayers(out: string): string[] {
  const path = join(out, OUTPUT_MANIFEST);
  if (!existsSync(path)) return [];
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Partial<Manifest>;
    // Only plain folder names: a hand-edited manifest must not make us delete outside the folder.
    return Array.isArray(m.layers) ? m.layers.filter((l): l is string => typeof l === 'string' && /^[a-z0-9][-a-z0-9]*$/.test(l)) : [];
  } catch {
    return [];
  }
}

/**
 * Writes every layer (one file per object plus its kustomization) and the k3s manifests folder
 * (one file per layer k3s applies); returns the folders removed.
 */
export function writeLayers(out: string, layers: readonly GitOpsLayer[], k3s?: K3sManifests): string[] {
  mkdirSync(out, { recursive: true });
  const names = [...layers.map((l) => l.name), ...(k3s ? [k3s.folder] : [])];
  const stale = previousLayers(out).filter((name) => !names.includes(name));
  for (const name of stale) rmSync(join(out, name), { recursive: true, force: true });
  for (const layer of layers) {
    const dir = join(out, layer.name);
    // Our own folder from the last run (or a new one): replaced as a whole.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = layer.objects.map((obj) => {
      writeFileSync(join(dir, objectFileName(obj)), objectToYaml(obj));
      return objectFileName(obj);
    });
    const kustomization = kustomizationFile(layer, files);
    if (kustomization) writeFileSync(join(dir, kustomization.fileName), kustomization.content);
  }
  if (k3s) {
    const dir = join(out, k3s.folder);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of k3s.files) writeFileSync(join(dir, f.path), f.content);
  }
  const manifest: Manifest = { writtenBy: 'calico-ebpf synth', layers: names };
  writeFileSync(join(out, OUTPUT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return stale;
}

/**
 * Writes layers into an output folder it owns only in part (`calico-ebpf synth --out` and the
 * cdk8s `CalicoEbpfDataplane.writeLayers` both write through here, so their files are the same
 * bytes): it records in
 * `.calico-ebpf-synth.json` the layer folders and the files it wrote; the next run replaces those
 * files, removes the ones the new configuration no longer writes (e.g. `calico-flux/` after
 * switching to Argo CD), and never touches anything else — a file you added to one of its folders
 * stays, and the folder with it.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { FileFolder, GitOpsLayer } from './layers';
import { kustomizationFile } from './kustomize';
import { objectFileName, objectToYaml } from './yaml-output';

export const OUTPUT_MANIFEST = '.calico-ebpf-synth.json';

interface Manifest {
  readonly writtenBy: string;
  readonly layers: readonly string[];
  /** Per layer folder, the files written into it (absent in manifests of earlier versions). */
  readonly files?: Readonly<Record<string, readonly string[]>>;
}

/** A layer folder: lowercase segments, `/`-separated when gitops.folder nests it (never `.` or `..`). */
const PLAIN = /^[a-z0-9][-a-z0-9]*(\/[a-z0-9][-a-z0-9]*)*$/;
const PLAIN_FILE = /^[A-Za-z0-9][-A-Za-z0-9_.]*$/;

/** The previous run's record; only plain names, so a hand-edited manifest cannot reach outside the folder. */
function previousRun(out: string): { layers: string[]; files: Map<string, string[] | undefined> } {
  const path = join(out, OUTPUT_MANIFEST);
  const empty = { layers: [], files: new Map<string, string[] | undefined>() };
  if (!existsSync(path)) return empty;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Partial<Manifest>;
    const layers = Array.isArray(m.layers) ? m.layers.filter((l): l is string => typeof l === 'string' && PLAIN.test(l)) : [];
    const recorded = m.files && typeof m.files === 'object' ? m.files : undefined;
    const files = new Map(
      layers.map((l) => {
        const list = recorded?.[l];
        return [l, Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string' && PLAIN_FILE.test(f)) : undefined] as const;
      }),
    );
    return { layers, files };
  } catch {
    return empty;
  }
}

/**
 * Removes what an earlier run wrote into `dir` (its recorded files; with a manifest of an earlier
 * version, which recorded none, the whole folder as before). Returns the files left: not ours.
 */
function removeOurs(dir: string, ours: readonly string[] | undefined): string[] {
  if (!existsSync(dir)) return [];
  if (ours === undefined) {
    rmSync(dir, { recursive: true, force: true });
    return [];
  }
  for (const f of ours) rmSync(join(dir, f), { force: true });
  const left = readdirSync(dir);
  if (left.length === 0) rmSync(dir, { recursive: true, force: true });
  return left;
}

/** Removes the folders between `dir` and `out` that an emptied nested layer folder leaves empty (`clusters/dev/`). */
function removeEmptyParents(out: string, dir: string): void {
  for (let parent = dirname(dir); relative(out, parent) !== '' && !relative(out, parent).startsWith('..'); parent = dirname(parent)) {
    if (!existsSync(parent) || readdirSync(parent).length > 0) return;
    rmSync(parent, { recursive: true, force: true });
  }
}

/** What a write changed beyond the files it wrote. */
export interface WriteResult {
  /** Layer folders of an earlier run that this configuration no longer writes, removed. */
  readonly removed: readonly string[];
  /** Files in the layer folders that calico-ebpf did not write: kept (`<folder>/<file>`). */
  readonly kept: readonly string[];
}

/**
 * Writes every layer (one file per object plus its kustomization) and the folders of files that
 * are no objects: the k3s manifests (one file per layer k3s applies) and the Helm values, one
 * folder each per cluster. Throws, writing nothing, when `out`
 * is a file or a file we would write exists and is not ours; the message starts with `out`.
 */
export function writeLayerFolders(out: string, layers: readonly GitOpsLayer[], k3s: readonly FileFolder[] = []): WriteResult {
  if (existsSync(out) && !statSync(out).isDirectory()) {
    throw new Error(`${out} is a file, not a folder: give a folder (it is created if missing)`);
  }
  // Sets, not list scans: a fleet of 10,000 clusters writes 70,000 folders.
  const seen = new Set<string>();
  const duplicate = [...layers.map((l) => l.name), ...k3s.map((k) => k.folder)].find((name) => seen.has(name) || !seen.add(name));
  if (duplicate !== undefined) {
    throw new Error(`${out}: two layers are named ${duplicate}; give each cluster its own clusterName or gitops.layerPrefix (nothing was written)`);
  }
  mkdirSync(out, { recursive: true });
  const folders = new Map<string, Array<{ name: string; content: string }>>();
  for (const layer of layers) {
    const files = layer.objects.map((obj) => ({ name: objectFileName(obj), content: objectToYaml(obj) }));
    const kustomization = kustomizationFile(
      layer,
      files.map((f) => f.name),
    );
    folders.set(layer.name, [...files, { name: kustomization.fileName, content: kustomization.content }]);
  }
  for (const k of k3s)
    folders.set(
      k.folder,
      k.files.map((f) => ({ name: f.path, content: f.content })),
    );

  const previous = previousRun(out);
  const previousLayers = new Set(previous.layers);
  // Never overwrite a file we did not write: one with the name of a file we are about to write,
  // in a folder the last run did not record file by file, is the user's.
  const clashes = [...folders].flatMap(([name, files]) => {
    const recorded = previousLayers.has(name) ? previous.files.get(name) : [];
    if (recorded === undefined) return []; // a manifest of an earlier version: the folder was ours
    return files.filter((f) => !recorded.includes(f.name) && existsSync(join(out, name, f.name))).map((f) => join(out, name, f.name));
  });
  if (clashes.length > 0) {
    throw new Error(
      `${out}: ${clashes.join(', ')} ${clashes.length === 1 ? 'exists' : 'exist'} but calico-ebpf did not write ${clashes.length === 1 ? 'it' : 'them'}; move ${clashes.length === 1 ? 'it' : 'them'} away or write to another folder (nothing was written)`,
    );
  }
  const removed: string[] = [];
  const kept: string[] = [];
  for (const name of previous.layers) {
    const left = removeOurs(join(out, name), previous.files.get(name));
    if (!folders.has(name) && left.length === 0) removeEmptyParents(out, join(out, name));
    kept.push(...left.map((f) => `${name}/${f}`));
    if (!folders.has(name) && left.length === 0) removed.push(name);
  }
  for (const [name, files] of folders) {
    const dir = join(out, name);
    mkdirSync(dir, { recursive: true });
    for (const f of files) writeFileSync(join(dir, f.name), f.content);
    if (!previousLayers.has(name))
      kept.push(
        ...readdirSync(dir)
          .filter((f) => !files.some((w) => w.name === f))
          .map((f) => `${name}/${f}`),
      );
  }
  const manifest: Manifest = {
    writtenBy: 'calico-ebpf-constructs',
    layers: [...folders.keys()],
    files: Object.fromEntries([...folders].map(([name, files]) => [name, files.map((f) => f.name)])),
  };
  writeFileSync(join(out, OUTPUT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { removed, kept: [...new Set(kept)] };
}

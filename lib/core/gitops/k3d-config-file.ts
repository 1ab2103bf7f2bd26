/**
 * The k3d config as a file of its own, kept out of the GitOps tree: it is not a Kubernetes object,
 * so a Flux or Argo CD path pointed at the output folder must never meet it. It sits beside the
 * output folder (`k3d-<name>.yaml`, or where the user says) and references the k3s manifests that
 * folder holds by a relative path (why not inline: lifecycle/k3d.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ResolvedK3d } from '../lifecycle/k3d';
import { renderK3dConfig } from '../lifecycle/k3d';
import type { K3sManifests } from './layers';
import { objectToYaml } from './yaml-output';

/** First line of every k3d config we write: what lets a later run overwrite it, and nothing else. */
export const K3D_CONFIG_HEADER = '# Written by calico-ebpf: a k3d cluster config';

/**
 * Where the k3d config goes unless told: beside the output folder, `k3d-<name>.yaml` — also for
 * `out` "." or "dist/." (the folder's real parent). Relative to the working directory when `out`
 * is relative, so printed commands read as the user typed them.
 */
export function defaultK3dConfigPath(out: string, name: string): string {
  const file = join(dirname(resolve(out)), `k3d-${name}.yaml`);
  return isAbsolute(out) ? file : relative(process.cwd(), file) || file;
}

/**
 * Throws, before anything is written, when `file` cannot take the k3d config: inside `out` (the
 * GitOps tree) or a file calico-ebpf did not write. The message starts with `file`.
 */
export function checkK3dConfigTarget(file: string, out: string, name: string): void {
  const inside = relative(resolve(out), resolve(file));
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
    throw new Error(
      `${file} is inside ${out}, the folder a GitOps tool reads; the k3d config is not a Kubernetes object, so write it outside (e.g. ${defaultK3dConfigPath(out, name)})`,
    );
  }
  if (existsSync(file) && !readFileSync(file, 'utf8').startsWith(K3D_CONFIG_HEADER)) {
    throw new Error(`${file} exists but calico-ebpf did not write it; move it away or choose another file (nothing was written)`);
  }
}

/** The file's text: the header, how to use it, and the config with its file references. */
export function k3dConfigText(config: { readonly k3d?: ResolvedK3d }, k3s: K3sManifests, file: string, out: string): string {
  const sourceDir =
    relative(dirname(resolve(file)), resolve(out, k3s.folder))
      .split(sep)
      .join('/') || '.';
  return (
    `${K3D_CONFIG_HEADER} (k3d cluster create --config <this file>); its files are read from ${sourceDir}/,\n` +
    `# so keep it beside that folder. Rewritten by every synth.\n` +
    objectToYaml(renderK3dConfig(config, k3s.files, sourceDir))
  );
}

/**
 * Writes the k3d config to `file`. Throws, writing nothing, when `file` lies inside `out` (the
 * GitOps tree) or exists and was not written by calico-ebpf; the message starts with `file`.
 */
export function writeK3dConfig(file: string, out: string, config: { readonly k3d?: ResolvedK3d }, k3s: K3sManifests): void {
  checkK3dConfigTarget(file, out, config.k3d!.name);
  mkdirSync(dirname(resolve(file)), { recursive: true });
  writeFileSync(file, k3dConfigText(config, k3s, file, out));
}

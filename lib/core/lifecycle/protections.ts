/**
 * What keeps the pod network running when a file, Kustomization, Application, HelmRelease or
 * stack is removed — per tool, decided once here. With `teardown: "delete"` every protection is
 * dropped (the user asked for a real teardown).
 *
 * Why each one (facts: ../shared/docs/lifecycle.md §B, upstream sources cited there):
 * - Flux GCs what a Kustomization applied when a file leaves Git or the Kustomization is deleted;
 *   `kustomize.toolkit.fluxcd.io/prune: disabled` opts an object out, `deletionPolicy: Orphan`
 *   keeps everything when the Kustomization itself goes.
 * - Deleting a Flux HelmRelease uninstalls the release, and the tigera-operator chart's
 *   `pre-delete` hook deletes Installation "default" (the whole dataplane); `disableHooks` skips it.
 * - Argo CD prunes objects that leave Git and, with a cascade finalizer, deletes an app's objects
 *   with the app; `Prune=false`/`Delete=false` keep them.
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { KubeObject } from '../dataplane/kube';
import { Teardown } from '../dataplane/values';

export const FLUX_PRUNE = 'kustomize.toolkit.fluxcd.io/prune';
export const ARGO_WAVE = 'argocd.argoproj.io/sync-wave';
export const ARGO_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
/**
 * Argo CD's cascade-delete finalizer: only on Applications when the user asked for a real teardown.
 * The `/background` form: Argo CD's default (foreground) would delete Installation `default` with
 * foreground propagation, which never finishes — the API server waits for the Installation's
 * ServiceAccounts, whose `tigera.io/cni-protector` finalizer the operator removes only once every
 * other finalizer on the Installation is gone, `foregroundDeletion` included (see
 * lifecycle/install-plan.ts; seen with the real operator under Pulumi, whose default is the same).
 */
export const ARGO_CASCADE_FINALIZER = 'resources-finalizer.argocd.argoproj.io/background';
/** The same choice for what automated sync prunes (Argo CD's default is foreground). */
export const ARGO_PRUNE_BACKGROUND = 'PrunePropagationPolicy=background';

/** True when removing the output must leave the network running (the default). */
export function retains(config: Pick<ResolvedCalicoEbpfDataplane, 'teardown'>): boolean {
  return config.teardown === Teardown.RETAIN;
}

/** A copy of `obj` with extra annotations (existing ones kept, ours win). */
export function withAnnotations(obj: KubeObject, annotations: Readonly<Record<string, string>>): KubeObject {
  if (Object.keys(annotations).length === 0) return obj;
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), ...annotations } } };
}

/** Flux: the annotation that keeps an object when its file or Kustomization goes away. */
export function fluxKeep(config: Pick<ResolvedCalicoEbpfDataplane, 'teardown'>): Record<string, string> {
  return retains(config) ? { [FLUX_PRUNE]: 'disabled' } : {};
}

/** Argo CD sync options for an object: never pruned or deleted with its app, plus `extra` options. */
export function argoSyncOptions(config: Pick<ResolvedCalicoEbpfDataplane, 'teardown'>, extra: readonly string[] = []): Record<string, string> {
  const options = [...(retains(config) ? ['Prune=false', 'Delete=false'] : []), ...extra];
  return options.length > 0 ? { [ARGO_SYNC_OPTIONS]: options.join(',') } : {};
}

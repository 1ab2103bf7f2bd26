/** Resolution of the `gitops` props: flavor and the tool-specific settings. */
import { isOneOf, checkString, isPlainObject } from '../validation/checks';
import type { GitOpsProps } from './gitops-props';
import { ProblemCode, Problems, show } from '../validation/errors';
import { ArgoOperatorSource, GitOpsFlavor, allowed } from '../dataplane/values';
import { DISTRIBUTION_PRESETS, type PresetName } from '../distributions/presets';
import { checkNamespace, checkObjectName, trimSlashes, trimTrailingSlashes } from '../validation/names';
import { WarningCode, warning, type CalicoWarning } from '../validation/warnings';

export interface ResolvedGitOps {
  readonly flavor: GitOpsFlavor;
  readonly layerPrefix: string;
  /** Folder of this cluster's layer folders inside the output (`clusters/dev`), when set. */
  readonly folder?: string;
  readonly flux: {
    readonly namespace: string;
    readonly sourceRef: { readonly kind: string; readonly name: string; readonly namespace: string };
    readonly path: string;
    readonly interval: string;
  };
  readonly argocd: {
    readonly namespace: string;
    readonly project: string;
    readonly destinationServer: string;
    /** Empty unless the flavor is argocd (then required). */
    readonly repoURL: string;
    readonly targetRevision: string;
    readonly path: string;
    readonly operatorSource: 'helmchart' | 'helm-source';
  };
  readonly k3s: { readonly namespace: string };
}

const FLUX_DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

/**
 * Namespaces that exist without us or belong to another owner: the k3s bootstrap must not create
 * (and relabel, and on teardown delete) them. kube-system is fine: it is never created, only used.
 */
const OWNED_NAMESPACES: readonly string[] = [
  'default',
  'kube-public',
  'kube-node-lease',
  'calico-system',
  'calico-apiserver',
  'flux-system',
  'argocd',
];

export function resolveGitOps(
  props: GitOpsProps | undefined,
  distribution: PresetName,
  problems: Problems,
  warnings: CalicoWarning[],
  clusterName?: string,
): ResolvedGitOps {
  const g = props ?? {};
  if (!isPlainObject(g)) problems.add(ProblemCode.INVALID_VALUE, 'gitops', `'gitops' must be an object, got ${show(g)}`);
  const flavor = g.flavor ?? GitOpsFlavor.FLUX;
  const helmController = DISTRIBUTION_PRESETS[distribution].manifestsDir !== undefined;
  if (flavor === GitOpsFlavor.K3S && !helmController) {
    problems.add(
      ProblemCode.PLATFORM_CONFLICT,
      'gitops.flavor',
      `'gitops.flavor' "k3s" cannot be used on distribution ${show(distribution)}: it writes HelmChart objects for the helm-controller built into k3s and RKE2, which ${show(distribution)} does not run; use "flux" or "argocd"`,
    );
  }
  if (flavor === GitOpsFlavor.NONE && helmController) {
    problems.add(
      ProblemCode.PLATFORM_CONFLICT,
      'gitops.flavor',
      `'gitops.flavor' "none" cannot be used on distribution ${show(distribution)}: its helm-controller already applies plain manifests and installs the chart (the bootstrap files every flavor writes there); use "k3s" for no GitOps tool, or "flux" or "argocd"`,
    );
  }
  const layerPrefix = g.layerPrefix ?? (typeof clusterName === 'string' ? `${clusterName}-calico` : 'calico');
  if (typeof layerPrefix !== 'string' || !/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/.test(layerPrefix)) {
    problems.add(ProblemCode.INVALID_VALUE, 'gitops.layerPrefix', `'gitops.layerPrefix' must be a short DNS label, got ${show(layerPrefix)}`);
  }
  const folder = resolveFolder(g.folder, problems);

  const flux = g.flux ?? {};
  const fluxNamespace = flux.namespace ?? 'flux-system';
  if (flux.namespace !== undefined) checkNamespace(problems, 'gitops.flux.namespace', flux.namespace);
  const sourceRef = flux.sourceRef ?? { kind: 'GitRepository' as const, name: 'flux-system' };
  if (flux.sourceRef !== undefined) {
    checkObjectName(problems, 'gitops.flux.sourceRef.name', sourceRef.name);
    if (sourceRef.namespace !== undefined) checkNamespace(problems, 'gitops.flux.sourceRef.namespace', sourceRef.namespace);
  }
  const interval = flux.interval ?? '10m';
  if (typeof interval !== 'string' || !FLUX_DURATION.test(interval)) {
    problems.add(
      ProblemCode.INVALID_DURATION,
      'gitops.flux.interval',
      `'gitops.flux.interval' must be a duration such as "10m" or "1h", got ${show(interval)}`,
    );
  }
  const path = flux.path ?? './dist';
  checkString(problems, 'gitops.flux.path', path);
  if (typeof path === 'string' && path.length > 1024)
    problems.add(ProblemCode.OUT_OF_RANGE, 'gitops.flux.path', `'gitops.flux.path' may be at most 1024 characters, got ${path.length}`);

  const argocd = g.argocd ?? {};
  const argo = resolveArgo(argocd, flavor === GitOpsFlavor.ARGOCD, distribution, helmController, problems, warnings);
  const k3s = g.k3s ?? {};
  if (k3s.namespace !== undefined && checkNamespace(problems, 'gitops.k3s.namespace', k3s.namespace) && OWNED_NAMESPACES.includes(k3s.namespace)) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      'gitops.k3s.namespace',
      `'gitops.k3s.namespace' ${show(k3s.namespace)} belongs to Kubernetes, Calico or a GitOps tool: the k3s bootstrap creates a namespace it names (privileged, for the helm-install Job) and would take it over; use "kube-system" (the default), the operator namespace, or a namespace of its own`,
    );
  }

  return {
    flavor,
    layerPrefix,
    ...(folder !== undefined ? { folder } : {}),
    flux: {
      namespace: fluxNamespace,
      sourceRef: { kind: sourceRef.kind, name: sourceRef.name, namespace: sourceRef.namespace ?? fluxNamespace },
      path: typeof path === 'string' ? trimTrailingSlashes(path) : './dist',
      interval,
    },
    argocd: argo,
    k3s: { namespace: k3s.namespace ?? 'kube-system' },
  };
}

function resolveArgo(
  argocd: NonNullable<GitOpsProps['argocd']>,
  used: boolean,
  distribution: PresetName,
  helmController: boolean,
  problems: Problems,
  warnings: CalicoWarning[],
): ResolvedGitOps['argocd'] {
  const repoURL = argocd.repoURL ?? '';
  if (used && argocd.repoURL === undefined) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      'gitops.argocd.repoURL',
      `'gitops.argocd.repoURL' is required with flavor "argocd": the Applications read the synthesized folders from that Git repository (e.g. "https://github.com/acme/platform.git", with 'gitops.argocd.path' the folder they are committed to)`,
    );
  } else if (argocd.repoURL !== undefined) {
    checkString(problems, 'gitops.argocd.repoURL', argocd.repoURL);
  }
  // Without helm-controller (k3s, RKE2) the only way to install the chart from Argo CD is a Helm
  // source, whose pre-delete hook Argo CD >= 3.3 runs whenever the Application is deleted.
  const source = argocd.operatorSource ?? (helmController ? 'helmchart' : undefined);
  if (used && source === undefined) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'gitops.argocd.operatorSource',
      `'gitops.argocd.operatorSource' must be chosen with flavor "argocd" on distribution ${show(distribution)}: "helmchart" if the cluster runs k3s/RKE2's helm-controller (Argo CD then applies a HelmChart and never sees the chart's pre-delete hook), or "helm-source" if you accept that deleting the tigera-operator Application deletes Installation "default" and the pod network (Argo CD >= 3.3 runs the chart's pre-delete hook even on a non-cascading delete); or use flavor "flux"`,
    );
  } else if (source !== undefined && isOneOf(source, allowed(ArgoOperatorSource)) && used && source === 'helmchart' && !helmController) {
    // Nothing would install the chart: the Application would hold a HelmChart no controller reads.
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'gitops.argocd.operatorSource',
      `'gitops.argocd.operatorSource' "helmchart" needs k3s or RKE2 (their built-in helm-controller installs the HelmChart), but distribution is ${show(distribution)}; use "helm-source" (and accept that deleting the tigera-operator Application runs the chart's pre-delete hook), or flavor "flux"`,
    );
  }
  if (used && source === 'helm-source') {
    warnings.push(
      warning(
        WarningCode.ARGOCD_HELM_SOURCE_HOOK,
        `gitops.argocd.operatorSource "helm-source": deleting the tigera-operator Application runs the chart's pre-delete hook (Argo CD >= 3.3), which deletes Installation "default" and with it the pod network; the protections on the other objects do not prevent that`,
      ),
    );
  }
  const path = argocd.path ?? 'dist';
  checkString(problems, 'gitops.argocd.path', path);
  if (argocd.namespace !== undefined) checkNamespace(problems, 'gitops.argocd.namespace', argocd.namespace);
  if (argocd.project !== undefined) checkObjectName(problems, 'gitops.argocd.project', argocd.project);
  return {
    namespace: argocd.namespace ?? 'argocd',
    project: argocd.project ?? 'default',
    destinationServer: argocd.destinationServer ?? 'https://kubernetes.default.svc',
    repoURL,
    targetRevision: argocd.targetRevision ?? 'HEAD',
    path: typeof path === 'string' ? trimSlashes(path.startsWith('./') ? path.slice(2) : path) : 'dist',
    operatorSource: source === 'helm-source' ? 'helm-source' : 'helmchart',
  };
}

/** At most this many segments in `gitops.folder`: `clusters/<region>/<name>` is deep enough. */
const MAX_FOLDER_DEPTH = 6;

/** `gitops.folder`: lowercase DNS-label segments joined by `/` (no `.`, `..` or empty segment: it stays inside the output). */
function resolveFolder(folder: unknown, problems: Problems): string | undefined {
  if (folder === undefined) return undefined;
  const segments = typeof folder === 'string' ? folder.split('/') : [];
  const label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
  if (typeof folder !== 'string' || segments.length > MAX_FOLDER_DEPTH || !segments.every((s) => label.test(s))) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      'gitops.folder',
      `'gitops.folder' must be a relative folder of at most ${MAX_FOLDER_DEPTH} lowercase segments (DNS labels) joined by "/", such as "clusters/dev", got ${show(folder)}`,
    );
    return undefined;
  }
  return folder;
}

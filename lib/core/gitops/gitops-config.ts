/** Resolution of the `gitops` props: flavor and the tool-specific settings. */
import { checkKnownKeys, checkOneOf, checkString, isPlainObject } from '../validation/checks';
import type { GitOpsProps } from '../dataplane/dataplane-props';
import { ProblemCode, Problems, show } from '../validation/errors';
import { GitOpsFlavor, allowed } from '../dataplane/values';

export interface ResolvedGitOps {
  readonly flavor: GitOpsFlavor;
  readonly layerPrefix: string;
  readonly flux: {
    readonly namespace: string;
    readonly sourceRef: { readonly kind: string; readonly name: string; readonly namespace: string };
    readonly path: string;
    readonly interval: string;
  };
  readonly argocd: { readonly namespace: string; readonly project: string; readonly destinationServer: string };
  readonly k3s: { readonly namespace: string };
}

const FLUX_DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;

export function resolveGitOps(props: GitOpsProps | undefined, problems: Problems): ResolvedGitOps {
  const g = props ?? {};
  if (!isPlainObject(g)) {
    problems.add(ProblemCode.INVALID_VALUE, 'gitops', `'gitops' must be an object, got ${show(g)}`);
  } else {
    checkKnownKeys(problems, 'gitops', g, ['flavor', 'layerPrefix', 'flux', 'argocd', 'k3s']);
  }
  const flavor = g.flavor ?? GitOpsFlavor.FLUX;
  checkOneOf(problems, 'gitops.flavor', flavor, allowed(GitOpsFlavor));
  const layerPrefix = g.layerPrefix ?? 'calico';
  if (!/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/.test(layerPrefix)) {
    problems.add(ProblemCode.INVALID_VALUE, 'gitops.layerPrefix', `'gitops.layerPrefix' must be a short DNS label, got ${show(layerPrefix)}`);
  }

  const flux = g.flux ?? {};
  checkKnownKeys(problems, 'gitops.flux', flux, ['namespace', 'sourceRef', 'path', 'interval']);
  const fluxNamespace = flux.namespace ?? 'flux-system';
  const sourceRef = flux.sourceRef ?? { kind: 'GitRepository' as const, name: 'flux-system' };
  if (flux.sourceRef !== undefined) {
    checkOneOf(problems, 'gitops.flux.sourceRef.kind', sourceRef.kind, ['GitRepository', 'OCIRepository', 'Bucket']);
    checkString(problems, 'gitops.flux.sourceRef.name', sourceRef.name);
  }
  const interval = flux.interval ?? '10m';
  if (typeof interval !== 'string' || !FLUX_DURATION.test(interval)) {
    problems.add(ProblemCode.INVALID_DURATION, 'gitops.flux.interval', `'gitops.flux.interval' must be a duration such as "10m" or "1h", got ${show(interval)}`);
  }
  const path = flux.path ?? './dist';
  checkString(problems, 'gitops.flux.path', path);

  const argocd = g.argocd ?? {};
  checkKnownKeys(problems, 'gitops.argocd', argocd, ['namespace', 'project', 'destinationServer']);
  const k3s = g.k3s ?? {};
  checkKnownKeys(problems, 'gitops.k3s', k3s, ['namespace']);

  return {
    flavor,
    layerPrefix,
    flux: {
      namespace: fluxNamespace,
      sourceRef: { kind: sourceRef.kind, name: sourceRef.name, namespace: sourceRef.namespace ?? fluxNamespace },
      path: path.replace(/\/+$/, ''),
      interval,
    },
    argocd: {
      namespace: argocd.namespace ?? 'argocd',
      project: argocd.project ?? 'default',
      destinationServer: argocd.destinationServer ?? 'https://kubernetes.default.svc',
    },
    k3s: { namespace: k3s.namespace ?? 'kube-system' },
  };
}

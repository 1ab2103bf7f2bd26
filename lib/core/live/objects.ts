/**
 * Which rendered objects the live commands apply and compare, in apply order. `apply` brings up a
 * cluster that no GitOps controller runs on yet: the k3s bootstrap objects (namespace, ConfigMap,
 * HelmChart — k3s's helm-controller installs the operator) or, without a helm-controller, the
 * namespace and ConfigMap (the operator chart is then installed with helm); then, once the operator
 * has created the CRDs, the custom resources. GitOps objects (Flux, Argo CD) are never applied here:
 * their tool applies them; `diff` compares them when their kinds are served.
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { KubeObject } from '../dataplane/kube';
import { SERVICES_ENDPOINT_CONFIGMAP } from '../dataplane/render';
import { hasK3sBootstrap, type GitOpsLayer } from '../gitops/layers';

export interface ApplyPlan {
  /** Applied first: they need no CRD of Calico's. */
  readonly bootstrap: readonly KubeObject[];
  /** Applied once the operator has created the CRDs. */
  readonly resources: readonly KubeObject[];
  /** Applied when the Prometheus-operator CRDs exist. */
  readonly monitoring: readonly KubeObject[];
  /** Whether the operator comes from k3s's helm-controller (else: helm install by hand). */
  readonly helmController: boolean;
}

export function applyPlan(config: ResolvedCalicoEbpfDataplane, layers: readonly GitOpsLayer[]): ApplyPlan {
  const of = (...roles: GitOpsLayer['role'][]): KubeObject[] => layers.filter((l) => roles.includes(l.role)).flatMap((l) => l.objects);
  const helmController = hasK3sBootstrap(config);
  const bootstrap = helmController
    ? of('k3s-namespace', 'k3s-operator')
    : of('operator').filter((o) => o.kind === 'Namespace' || (o.kind === 'ConfigMap' && o.metadata.name === SERVICES_ENDPOINT_CONFIGMAP));
  return { bootstrap, resources: [...of('resources'), ...of('istio')], monitoring: of('monitoring'), helmController };
}

/** Every object `diff` compares: the apply plan's, then the GitOps tool's own objects. */
export function ownedObjects(config: ResolvedCalicoEbpfDataplane, layers: readonly GitOpsLayer[]): KubeObject[] {
  const plan = applyPlan(config, layers);
  const gitops = layers.filter((l) => ['flux', 'argocd', 'argocd-root', 'operator'].includes(l.role)).flatMap((l) => l.objects);
  const seen = new Set<string>();
  return [...plan.bootstrap, ...plan.resources, ...plan.monitoring, ...gitops].filter((o) => {
    const key = `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

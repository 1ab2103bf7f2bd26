/**
 * Service meshes as Calico v3.32.1 supports them (facts: ../shared/docs/meshes-and-ownership.md).
 * Every mesh needs connect-time load balancing off (the proxy or ztunnel must see the service
 * address) and host-networked NAT on (host-networked mesh parts such as istio-cni reach services
 * only through it). Calico's own Istio adds the `Istio` resource; its Felix fields
 * (`istioAmbientMode`, `istioDSCPMark`) belong to the operator's Istio controller.
 */
import { isOneOf, checkInteger, checkKnownKeys, isPlainObject } from '../validation/checks';
import { ProblemCode, Problems, show } from '../validation/errors';
import { schemaProblems } from '../validation/schemas';
import { DEFAULT_CALICO_VERSION, lineOf, type CalicoLine } from '../releases/calico-releases';
import { Distribution, ServiceMesh, allowed } from '../dataplane/values';
import type { PresetName } from '../distributions/presets';
import type { KubeObject } from '../dataplane/kube';
import { sortDeep } from '../dataplane/operator-values';
import type { IstioComponentOverrides } from './mesh-props';
import { WarningCode, warning, type CalicoWarning } from '../validation/warnings';

export interface ResolvedServiceMesh {
  readonly kind: ServiceMesh;
  /** Istio only. */
  readonly provider?: 'upstream' | 'calico';
  /** Istio only. */
  readonly mode?: 'sidecar' | 'ambient' | 'mixed';
  /** Calico's Istio only: the `Istio` resource's spec. */
  readonly istioSpec?: Readonly<Record<string, unknown>>;
}

const COMPONENTS = ['istiod', 'istioCNI', 'ztunnel'] as const;

export function resolveServiceMesh(value: unknown, problems: Problems, line: CalicoLine = lineOf(DEFAULT_CALICO_VERSION)!): ResolvedServiceMesh {
  if (value === undefined) return { kind: ServiceMesh.ISTIO, provider: 'upstream', mode: 'sidecar' };
  if (typeof value === 'string') {
    if (!isOneOf(value, allowed(ServiceMesh))) return { kind: ServiceMesh.NONE };
    return value === ServiceMesh.ISTIO ? { kind: ServiceMesh.ISTIO, provider: 'upstream', mode: 'sidecar' } : { kind: value as ServiceMesh };
  }
  if (!isPlainObject(value)) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      'serviceMesh',
      `'serviceMesh' must be "istio", "linkerd", "none" or an object such as { kind: "istio", provider: "calico", mode: "ambient" }, got ${show(value)}`,
    );
    return { kind: ServiceMesh.NONE };
  }
  const spec = value as Record<string, unknown>;
  if (!isOneOf(spec.kind, allowed(ServiceMesh))) return { kind: ServiceMesh.NONE };
  if (spec.kind !== ServiceMesh.ISTIO) {
    return { kind: spec.kind as ServiceMesh };
  }
  const provider = spec.provider ?? 'upstream';
  if (provider !== 'calico') {
    const mode = spec.mode ?? 'sidecar';
    return { kind: ServiceMesh.ISTIO, provider: 'upstream', mode: mode as 'sidecar' };
  }
  if (spec.mode !== 'ambient') {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'serviceMesh.mode',
      `'serviceMesh.mode' ${show(spec.mode)} is not available with provider "calico": Calico's Istio installs the ambient profile only; set mode "ambient", or provider "upstream" for sidecar or mixed Istio`,
    );
  }
  const istioSpec: Record<string, unknown> = {};
  if (
    spec.dscpMark !== undefined &&
    checkInteger(
      problems,
      'serviceMesh.dscpMark',
      spec.dscpMark,
      1,
      63,
      ' (a DSCP value; 0 passes the CRD but the patched istio-cni then redirects nothing)',
    )
  ) {
    istioSpec.dscpMark = spec.dscpMark;
  }
  for (const component of COMPONENTS) {
    const overrides = spec[component];
    if (overrides === undefined) continue;
    const podSpec = resolveOverrides(overrides, `serviceMesh.${component}`, problems);
    if (!podSpec) continue;
    // Affinity and resources in full, as the Istio CRD (the API server) checks them.
    const issues = schemaProblems(
      line,
      'operator.tigera.io/v1:Istio',
      ['spec', component, 'spec', 'template', 'spec'],
      podSpec,
      `serviceMesh.${component}`,
    );
    for (const issue of issues) problems.add(ProblemCode.SCHEMA_VIOLATION, issue.path, issue.message);
    istioSpec[component] = { spec: { template: { spec: podSpec } } };
  }
  return { kind: ServiceMesh.ISTIO, provider: 'calico', mode: 'ambient', istioSpec: sortDeep(istioSpec) };
}

function resolveOverrides(value: unknown, path: string, problems: Problems): Record<string, unknown> | undefined {
  if (!isPlainObject(value)) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      path,
      `'${path}' must be an object { nodeSelector, tolerations, affinity, resources }, got ${show(value)}`,
    );
    return undefined;
  }
  const o = value as IstioComponentOverrides & Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (o.nodeSelector !== undefined) {
    if (isPlainObject(o.nodeSelector) && Object.values(o.nodeSelector).every((v) => typeof v === 'string')) out.nodeSelector = o.nodeSelector;
    else
      problems.add(
        ProblemCode.INVALID_VALUE,
        `${path}.nodeSelector`,
        `'${path}.nodeSelector' must map label keys to string values, got ${show(o.nodeSelector)}`,
      );
  }
  if (o.tolerations !== undefined) {
    if (!Array.isArray(o.tolerations)) {
      problems.add(
        ProblemCode.INVALID_VALUE,
        `${path}.tolerations`,
        `'${path}.tolerations' must be a list of tolerations, got ${show(o.tolerations)}`,
      );
    } else {
      o.tolerations.forEach((t, i) => {
        const at = `${path}.tolerations[${i}]`;
        if (!isPlainObject(t)) {
          problems.add(
            ProblemCode.INVALID_VALUE,
            at,
            `'${at}' must be an object { key, operator, value, effect, tolerationSeconds }, got ${show(t)}`,
          );
          return;
        }
        if (t.tolerationSeconds !== undefined) checkInteger(problems, `${at}.tolerationSeconds`, t.tolerationSeconds, 0, Number.MAX_SAFE_INTEGER);
      });
      out.tolerations = o.tolerations;
    }
  }
  if (o.affinity !== undefined) {
    if (isPlainObject(o.affinity)) {
      checkKnownKeys(problems, `${path}.affinity`, o.affinity, ['nodeAffinity', 'podAffinity', 'podAntiAffinity']);
      out.affinity = o.affinity;
    } else {
      problems.add(ProblemCode.INVALID_VALUE, `${path}.affinity`, `'${path}.affinity' must be a Kubernetes Affinity object, got ${show(o.affinity)}`);
    }
  }
  if (o.resources !== undefined) {
    if (isPlainObject(o.resources)) {
      out.resources = o.resources;
    } else {
      problems.add(ProblemCode.INVALID_VALUE, `${path}.resources`, `'${path}.resources' must be { limits, requests }, got ${show(o.resources)}`);
    }
  }
  return out;
}

/** Things to know about the chosen mesh on eBPF that are not errors. */
export function meshWarnings(mesh: ResolvedServiceMesh, distribution: PresetName): CalicoWarning[] {
  const warnings: CalicoWarning[] = [];
  const ambient = mesh.kind === ServiceMesh.ISTIO && (mesh.mode === 'ambient' || mesh.mode === 'mixed');
  if (ambient) {
    warnings.push(
      warning(
        WarningCode.ISTIO_AMBIENT_POLICY,
        'serviceMesh: Istio ambient on the eBPF dataplane: a policy change does not cut connections ztunnel has already established (the fix, projectcalico/calico#12353, was not merged); restart the affected pods when a policy must take effect at once. Ambient also needs policies that allow ingress from 169.254.7.127/32 (probes) and TCP 15008',
      ),
    );
    if (distribution === Distribution.K3S) {
      warnings.push(
        warning(
          WarningCode.ISTIO_AMBIENT_K3S_API,
          "serviceMesh: on k3s the kubernetes Service's endpoints are host IPs; with connect-time load balancing off, host-networked istio-cni reaches the API server only through host NAT — check it once Calico runs: kubectl run hostnet-check --rm -i --restart=Never --image=curlimages/curl --overrides='{\"spec\":{\"hostNetwork\":true}}' -- curl -sk https://$(kubectl get svc kubernetes -o jsonpath='{.spec.clusterIP}'):443/version",
        ),
      );
    }
  }
  if (mesh.provider === 'calico') {
    warnings.push(
      warning(
        WarningCode.CALICO_ISTIO_PREVIEW,
        "serviceMesh: Calico's Istio (operator.tigera.io/v1 Istio) is a tech preview; workloads join with the label istio.io/dataplane-mode=ambient; to remove it, drop those labels first, then the Istio resource",
      ),
    );
  }
  return warnings;
}

/**
 * The mesh default stated where it changes behaviour: `istio` is right for the k3s clusters this
 * library is built for, but elsewhere it silently turns connect-time load balancing off.
 */
export function meshDefaultNotes(serviceMesh: unknown, distribution: PresetName): string[] {
  if (serviceMesh !== undefined || distribution === Distribution.K3S) return [];
  return [
    'serviceMesh defaults to "istio" (right for k3s clusters that run it), so connectTimeLoadBalancing is "Disabled" on this cluster; set serviceMesh "none" if it runs no mesh, to keep connect-time load balancing',
  ];
}

/** Calico's `Istio` resource (cluster-scoped, named `default` by a CRD rule), or undefined. */
export function renderIstio(mesh: ResolvedServiceMesh): KubeObject | undefined {
  if (mesh.provider !== 'calico' || !mesh.istioSpec) return undefined;
  return { apiVersion: 'operator.tigera.io/v1', kind: 'Istio', metadata: { name: 'default' }, spec: mesh.istioSpec };
}

import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  Deferred,
  helmChartLocation,
  installPlan,
  renderCalicoEbpfDataplane,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
  type HelmReleaseSpec,
  type KubeObject,
  type ResolvedCalicoEbpfDataplane,
} from '../core/internal';
import { claimFelixConfiguration } from './claims';
import { resolveFor } from './errors';

/**
 * The core props as plain values, except the API-server address, which may come from another
 * resource (e.g. a load balancer) and is passed into the ConfigMap without being inspected.
 * `gitops` and `k3d` do not apply: Pulumi installs the charts itself. `teardown` decides what
 * `pulumi destroy` (or removing the component) does: `retain` (default) leaves every object in the
 * cluster (`retainOnDelete`), `delete` removes them, the Installation first while the operator runs.
 */
export interface CalicoEbpfDataplaneArgs extends Omit<CalicoEbpfDataplaneProps, 'apiServer' | 'gitops' | 'k3d'> {
  /**
   * API-server address for the `kubernetes-services-endpoint` ConfigMap. An Output host on EKS,
   * AKS or OpenShift is taken to be a DNS name (the operator then uses the node's resolver).
   * @default - none; required on EKS, AKS, OpenShift and with kubeProxy "replace", refused with "operator-managed"
   */
  readonly apiServer?: { readonly host: pulumi.Input<string>; readonly port?: pulumi.Input<number> };
}

/** A child the component created, with what it waits for: the ordering the component guarantees. */
export interface ChildPlan {
  readonly name: string;
  readonly type: string;
  readonly dependsOn: readonly string[];
  /** Whether the child survives deletion of the component. */
  readonly retainOnDelete: boolean;
}

export const DATAPLANE_TYPE = 'calico-ebpf:index:CalicoEbpfDataplane';

/**
 * A cluster's Calico eBPF dataplane for `pulumi up`: the operator namespace, the
 * `kubernetes-services-endpoint` ConfigMap (before the operator, which reads it at start), the
 * tigera-operator Helm release (the operator creates the CRDs when it starts), FelixConfiguration
 * `default`, then Installation `default` and the components. Nothing is deleted with the stack
 * unless `teardown: "delete"`; changing tuning props updates objects in place (names never change).
 */
export class CalicoEbpfDataplane extends pulumi.ComponentResource {
  /** The fully defaulted, validated configuration (the same object cdk8s gets). */
  public readonly config: ResolvedCalicoEbpfDataplane;
  public readonly namespace: k8s.core.v1.Namespace;
  public readonly servicesEndpoint?: k8s.core.v1.ConfigMap;
  /** Only with `crdDelivery: "helm-release"`. */
  public readonly crdRelease?: k8s.helm.v3.Release;
  public readonly operatorRelease: k8s.helm.v3.Release;
  public readonly installation: k8s.apiextensions.CustomResource;
  public readonly felixConfiguration: k8s.apiextensions.CustomResource;
  /** APIServer, Goldmane, Whisker `default`, for the components switched on. */
  public readonly components: readonly k8s.apiextensions.CustomResource[];
  /** Calico's `Istio` resource, with `serviceMesh` provider "calico". */
  public readonly istio?: k8s.apiextensions.CustomResource;
  /** Helm status of the operator release. */
  public readonly operatorStatus: pulumi.Output<k8s.types.output.helm.v3.ReleaseStatus>;
  public readonly installationName: pulumi.Output<string>;
  public readonly felixConfigurationName: pulumi.Output<string>;
  /** Children in creation order with their dependencies (what tests and reviewers check). */
  public readonly plan: readonly ChildPlan[];

  public constructor(name: string, args: CalicoEbpfDataplaneArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    // The args are the component's inputs, as pulumi-eks passes them: they show in the state and in diffs.
    super(DATAPLANE_TYPE, name, args, opts);
    const { apiServer, ...rest } = args;
    const props: CalicoEbpfDataplaneProps = {
      ...rest,
      ...(apiServer
        ? { apiServer: { host: deferIfOutput(apiServer.host), ...(apiServer.port !== undefined ? { port: deferPort(apiServer.port) } : {}) } }
        : {}),
    };
    this.config = resolveFor(this, () => {
      const config = resolveCalicoEbpfDataplane(props);
      claimFelixConfiguration(name, config.felix, opts);
      return config;
    });
    // Shown by `pulumi preview` / `pulumi up` next to this component.
    for (const w of this.config.warnings) void pulumi.log.warn(`${w.code} (${w.severity}): ${w.message}`, this);
    for (const note of this.config.notes) void pulumi.log.info(`note: ${note}`, this);
    const rendered = renderCalicoEbpfDataplane(this.config);
    const plan: ChildPlan[] = [];
    const created = new Map<string, pulumi.Resource>();
    const childName = (id: string): string => `${name}-${id}`;
    for (const step of installPlan(this.config, rendered)) {
      const options: pulumi.CustomResourceOptions = {
        parent: this,
        dependsOn: step.dependsOn.map((id) => created.get(id)!),
        ...(step.retainOnDelete ? { retainOnDelete: true } : {}),
      };
      const resourceName = childName(step.id);
      let resource: pulumi.Resource;
      let type: string;
      if (step.type === 'release') {
        resource = new k8s.helm.v3.Release(resourceName, releaseArgs(step.release), options);
        type = 'kubernetes:helm.sh/v3:Release';
      } else if (step.object.apiVersion === 'v1') {
        type = `kubernetes:core/v1:${step.object.kind}`;
        resource =
          step.object.kind === 'Namespace'
            ? new k8s.core.v1.Namespace(resourceName, builtinArgs(step.object), options)
            : new k8s.core.v1.ConfigMap(resourceName, builtinArgs(step.object), options);
      } else {
        type = `kubernetes:${step.object.apiVersion}:${step.object.kind}`;
        resource = new k8s.apiextensions.CustomResource(resourceName, objectArgs(withPropagation(step.object, step.deletePropagation)), options);
      }
      created.set(step.id, resource);
      plan.push({ name: resourceName, type, dependsOn: step.dependsOn.map(childName), retainOnDelete: step.retainOnDelete });
    }
    this.namespace = created.get('namespace') as k8s.core.v1.Namespace;
    this.servicesEndpoint = created.get('services-endpoint') as k8s.core.v1.ConfigMap | undefined;
    this.crdRelease = created.get('crds') as k8s.helm.v3.Release | undefined;
    this.operatorRelease = created.get('operator') as k8s.helm.v3.Release;
    this.felixConfiguration = created.get('felix-configuration') as k8s.apiextensions.CustomResource;
    this.installation = created.get('installation') as k8s.apiextensions.CustomResource;
    this.components = rendered.components.map((c) => created.get(c.kind.toLowerCase()) as k8s.apiextensions.CustomResource);
    this.istio = created.get('istio') as k8s.apiextensions.CustomResource | undefined;
    this.plan = plan;
    this.operatorStatus = this.operatorRelease.status;
    this.installationName = this.installation.metadata.name;
    this.felixConfigurationName = this.felixConfiguration.metadata.name;
    this.registerOutputs({
      installationName: this.installationName,
      felixConfigurationName: this.felixConfigurationName,
      operatorStatus: this.operatorStatus,
      config: this.config,
    });
  }
}

/** Plain strings stay plain (and are validated); Outputs and promises pass through untouched. */
function deferIfOutput(value: pulumi.Input<string>): string | Deferred {
  return typeof value === 'string' ? value : new Deferred(value);
}

function deferPort(value: pulumi.Input<number>): number | Deferred {
  // ConfigMap data is a string; convert a deferred port when it resolves.
  return typeof value === 'number' ? value : new Deferred(pulumi.output(value).apply(String));
}

/** A rendered object as resource args: identical fields, nothing added. */
export function objectArgs(obj: KubeObject): { apiVersion: string; kind: string; [key: string]: unknown } {
  return { ...obj };
}

/** pulumi-kubernetes reads the propagation policy of its delete from this annotation (Foreground by default). */
export const PULUMI_DELETE_PROPAGATION = 'pulumi.com/deletionPropagationPolicy';

function withPropagation(obj: KubeObject, policy: 'background' | undefined): KubeObject {
  if (!policy) return obj;
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), [PULUMI_DELETE_PROPAGATION]: policy } } };
}

/** A built-in object as args of its typed resource, which sets apiVersion and kind itself. */
function builtinArgs(obj: KubeObject): Record<string, unknown> {
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = obj;
  return rest;
}

function releaseArgs(r: HelmReleaseSpec): k8s.helm.v3.ReleaseArgs {
  const location = helmChartLocation(r);
  return {
    name: r.releaseName,
    chart: location.chart,
    version: r.version,
    namespace: r.namespace,
    ...(location.repo ? { repositoryOpts: { repo: location.repo } } : {}),
    values: r.values as Record<string, unknown>,
  };
}

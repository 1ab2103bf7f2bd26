import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  Deferred,
  helmChartLocation,
  renderCalicoEbpfDataplane,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
  type HelmReleaseSpec,
  type KubeObject,
  type ResolvedCalicoEbpfDataplane,
} from '../core';
import { resolveFor } from './errors';

/**
 * The core props as plain values, except the API-server address, which may come from another
 * resource (e.g. a load balancer) and is passed into the ConfigMap without being inspected.
 * `gitops` does not apply: Pulumi installs the charts itself.
 */
export interface CalicoEbpfDataplaneArgs extends Omit<CalicoEbpfDataplaneProps, 'apiServer' | 'gitops'> {
  /**
   * API-server address for the `kubernetes-services-endpoint` ConfigMap.
   * @default - none: bpfNetworkBootstrap with kube-proxy coexisting; an error with replace
   */
  readonly apiServer?: { readonly host: pulumi.Input<string>; readonly port?: pulumi.Input<number> };
  /**
   * Keep Installation `default` in the cluster when this component is deleted (or the resource is
   * replaced). Use it when the stack only adopts an existing cluster's Calico, or when removing
   * the stack must not take the pod network down.
   * @default false
   */
  readonly retainOnDelete?: boolean;
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
 * A cluster's Calico eBPF dataplane for `pulumi up`: operator namespace, the CRD and
 * tigera-operator Helm releases (CRDs first), the `kubernetes-services-endpoint` ConfigMap (before
 * the operator, which reads it at start), and Installation / FelixConfiguration `default` once the
 * operator is installed. Changing tuning props updates them in place: their names never change.
 */
export class CalicoEbpfDataplane extends pulumi.ComponentResource {
  /** The fully defaulted, validated configuration (the same object cdk8s gets). */
  public readonly config: ResolvedCalicoEbpfDataplane;
  public readonly namespace: k8s.core.v1.Namespace;
  public readonly servicesEndpoint?: k8s.core.v1.ConfigMap;
  public readonly crdRelease: k8s.helm.v3.Release;
  public readonly operatorRelease: k8s.helm.v3.Release;
  public readonly installation: k8s.apiextensions.CustomResource;
  public readonly felixConfiguration: k8s.apiextensions.CustomResource;
  /** Helm status of the operator release. */
  public readonly operatorStatus: pulumi.Output<k8s.types.output.helm.v3.ReleaseStatus>;
  public readonly installationName: pulumi.Output<string>;
  public readonly felixConfigurationName: pulumi.Output<string>;
  /** Children in creation order with their dependencies (what tests and reviewers check). */
  public readonly plan: readonly ChildPlan[];

  public constructor(name: string, args: CalicoEbpfDataplaneArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(DATAPLANE_TYPE, name, {}, opts);
    const { retainOnDelete, apiServer, ...rest } = args;
    const props: CalicoEbpfDataplaneProps = {
      ...rest,
      ...(apiServer ? { apiServer: { host: deferIfOutput(apiServer.host), ...(apiServer.port !== undefined ? { port: deferPort(apiServer.port) } : {}) } } : {}),
    };
    this.config = resolveFor(this, () => resolveCalicoEbpfDataplane(props));
    // Shown by `pulumi preview` / `pulumi up` next to this component.
    for (const warning of this.config.warnings) void pulumi.log.warn(warning, this);
    const rendered = renderCalicoEbpfDataplane(this.config);
    const plan: ChildPlan[] = [];
    const track = <R extends pulumi.Resource>(childName: string, type: string, dependsOn: Array<[string, pulumi.Resource]>, create: (o: pulumi.CustomResourceOptions) => R, extra: pulumi.CustomResourceOptions = {}): R => {
      plan.push({ name: childName, type, dependsOn: dependsOn.map(([n]) => n), retainOnDelete: extra.retainOnDelete === true });
      return create({ parent: this, dependsOn: dependsOn.map(([, r]) => r), ...extra });
    };

    const nsName = `${name}-namespace`;
    this.namespace = track(nsName, 'kubernetes:core/v1:Namespace', [], (o) => new k8s.core.v1.Namespace(nsName, builtinArgs(rendered.namespace), o));
    const early: Array<[string, pulumi.Resource]> = [[nsName, this.namespace]];
    if (rendered.servicesEndpoint) {
      const cmName = `${name}-services-endpoint`;
      this.servicesEndpoint = track(cmName, 'kubernetes:core/v1:ConfigMap', [[nsName, this.namespace]], (o) => new k8s.core.v1.ConfigMap(cmName, builtinArgs(rendered.servicesEndpoint!), o));
      early.push([cmName, this.servicesEndpoint]);
    }
    const [crds, operator] = rendered.helmReleases;
    const crdName = `${name}-crds`;
    this.crdRelease = track(crdName, 'kubernetes:helm.sh/v3:Release', [[nsName, this.namespace]], (o) => new k8s.helm.v3.Release(crdName, releaseArgs(crds), o));
    const opName = `${name}-operator`;
    this.operatorRelease = track(opName, 'kubernetes:helm.sh/v3:Release', [...early, [crdName, this.crdRelease]], (o) => new k8s.helm.v3.Release(opName, releaseArgs(operator), o));
    const afterOperator: Array<[string, pulumi.Resource]> = [[opName, this.operatorRelease]];
    const instName = `${name}-installation`;
    this.installation = track(instName, 'kubernetes:operator.tigera.io/v1:Installation', afterOperator, (o) => new k8s.apiextensions.CustomResource(instName, objectArgs(rendered.installation), o), {
      ...(retainOnDelete ? { retainOnDelete: true } : {}),
    });
    const felixName = `${name}-felix-configuration`;
    this.felixConfiguration = track(felixName, `kubernetes:${rendered.felixConfiguration.apiVersion}:FelixConfiguration`, afterOperator, (o) =>
      new k8s.apiextensions.CustomResource(felixName, objectArgs(rendered.felixConfiguration), o),
    );
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
export function objectArgs(obj: KubeObject): { apiVersion: string; kind: string; [key: string]: any } {
  return { ...obj };
}

/** A built-in object as args of its typed resource, which sets apiVersion and kind itself. */
function builtinArgs(obj: KubeObject): Record<string, any> {
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
    values: r.values as Record<string, any>,
  };
}

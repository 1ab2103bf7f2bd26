/**
 * The order in which a tool that talks to the API server directly (Pulumi) creates the objects,
 * and which of them survive the removal of the program: decided here, so an adapter only maps
 * steps to its own resource types.
 *
 * - FelixConfiguration `default` before the Installation: otherwise the operator creates it first
 *   and a create-only client (pulumi-kubernetes ≥ 4.29) fails with AlreadyExists.
 * - The ConfigMap before the operator, which reads it when its container starts.
 * - Deleting runs the graph in reverse, so a deliberate teardown removes the components and the
 *   Installation while the operator still runs, then the operator release, then the rest.
 * - The Installation is deleted with background propagation. With foreground propagation (what
 *   pulumi-kubernetes uses unless told otherwise) the API server adds the `foregroundDeletion`
 *   finalizer and waits for the Installation's dependents, among them ServiceAccounts in
 *   calico-system that carry the operator's `tigera.io/cni-protector` finalizer; the operator removes
 *   that finalizer only once every finalizer on the Installation but its own is gone
 *   (tigera/operator v1.42.3 pkg/controller/installation/core_controller.go, "Waiting for
 *   finalization to complete before removing CNI resources") — `foregroundDeletion` included. Each
 *   waits for the other: the delete never ends (seen with the real engine and operator,
 *   scripts/engines/pulumi-scenario.ts).
 * - The component CRs (APIServer, Goldmane, Whisker, Istio) are deleted with background propagation
 *   too. A foreground delete leaves the CR in place, `foregroundDeletion` set, while the garbage
 *   collector removes its Deployment; the operator still finds the CR (its reconcilers look for the
 *   CR, not at its deletionTimestamp: v1.42.3 pkg/controller/goldmane/controller.go) and creates the
 *   Deployment again with a blocking owner reference to it. Whether the collector ever sees the CR
 *   without dependents is a race; a run of the real engine and operator lost it and waited out
 *   pulumi-kubernetes's 10-minute delete timeout. Background removes the CR at once: the operator
 *   sees it gone and stops, and the collector removes what it owned.
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { KubeObject } from '../dataplane/kube';
import type { HelmReleaseSpec, RenderedCalicoEbpfDataplane } from '../dataplane/render';
import { retains } from './protections';

export interface StepBase {
  /** Stable id, also the suffix of the resource name (`<name>-<id>`). */
  readonly id: string;
  /** Ids of steps that must exist first. */
  readonly dependsOn: readonly string[];
  /** Keep the object in the cluster when the program no longer declares it. */
  readonly retainOnDelete: boolean;
  /** How the object's dependents go when it is deleted, when it must not be the tool's default (see the file comment). */
  readonly deletePropagation?: 'background';
}
export type InstallStep =
  | (StepBase & { readonly type: 'object'; readonly object: KubeObject })
  | (StepBase & { readonly type: 'release'; readonly release: HelmReleaseSpec });

export function installPlan(config: ResolvedCalicoEbpfDataplane, rendered: RenderedCalicoEbpfDataplane): InstallStep[] {
  const retainOnDelete = retains(config);
  const steps: InstallStep[] = [];
  const add = (step: InstallStep): string => {
    steps.push(step);
    return step.id;
  };
  const ns = add({ id: 'namespace', type: 'object', object: rendered.namespace, dependsOn: [], retainOnDelete });
  const cm = rendered.servicesEndpoint
    ? add({ id: 'services-endpoint', type: 'object', object: rendered.servicesEndpoint, dependsOn: [ns], retainOnDelete })
    : undefined;
  const crdRelease = rendered.helmReleases.find((r) => r.role === 'crds');
  const crds = crdRelease ? add({ id: 'crds', type: 'release', release: crdRelease, dependsOn: [ns], retainOnDelete }) : undefined;
  const operatorRelease = rendered.helmReleases.find((r) => r.role === 'operator')!;
  const operator = add({
    id: 'operator',
    type: 'release',
    release: operatorRelease,
    dependsOn: [ns, ...(cm ? [cm] : []), ...(crds ? [crds] : [])],
    retainOnDelete,
  });
  // The CRDs exist once the operator runs (it creates them) or once the CRD release is installed.
  const felix = add({ id: 'felix-configuration', type: 'object', object: rendered.felixConfiguration, dependsOn: [operator], retainOnDelete });
  const installation = add({
    id: 'installation',
    type: 'object',
    object: rendered.installation,
    dependsOn: [operator, felix, ...(cm ? [cm] : [])],
    retainOnDelete,
    deletePropagation: 'background',
  });
  for (const component of [...rendered.components, ...(rendered.istio ? [rendered.istio] : [])]) {
    add({
      id: component.kind.toLowerCase(),
      type: 'object',
      object: component,
      dependsOn: [installation],
      retainOnDelete,
      deletePropagation: 'background',
    });
  }
  // Monitors, rules and dashboard need only the Prometheus-operator CRDs; after the Installation for readability of the plan.
  for (const obj of rendered.monitoring) {
    add({
      id: obj.kind === 'ConfigMap' ? 'dashboard' : obj.kind.toLowerCase(),
      type: 'object',
      object: obj,
      dependsOn: [installation],
      retainOnDelete: false,
    });
  }
  return steps;
}

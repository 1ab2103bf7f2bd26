/** Resolved dataplane → plain Kubernetes objects and neutral Helm release specs. */
import type { ResolvedCalicoEbpfDataplane } from './dataplane';
import { Deferred } from './deferred';
import { renderFelixConfiguration, sortKeys } from '../felix/felix';
import type { KubeObject } from './kube';
import { CniType, CrdDelivery } from './values';
import { DISTRIBUTION_PRESETS } from '../distributions/presets';
import { ProblemCode, Problems, show } from '../validation/errors';
import { trimTrailingSlashes } from '../validation/names';
import { renderIstio } from '../meshes/mesh';
import { renderDashboardConfigMap } from '../observability/dashboard';
import { renderMonitors, renderPrometheusRule } from '../observability/monitoring';

/** A Helm release described without any framework: what to install, where, with which values. */
export interface HelmReleaseSpec {
  /** Stable role of the release. */
  readonly role: 'crds' | 'operator';
  /** Helm release name (≤ 53 characters). */
  readonly releaseName: string;
  readonly chart: string;
  readonly repository: string;
  /** Pinned chart version (Calico's tag, with the leading v). */
  readonly version: string;
  /** Release namespace. */
  readonly namespace: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Release names that must be installed first. */
  readonly dependsOn: readonly string[];
}

/** Everything the dataplane installs, in apply order within each group. */
export interface RenderedCalicoEbpfDataplane {
  /** The operator namespace (Pod Security `privileged`: the operator and calico-node need host access). */
  readonly namespace: KubeObject;
  /** `kubernetes-services-endpoint`, when an API-server address is given; must exist before the operator starts. */
  readonly servicesEndpoint?: KubeObject;
  /**
   * The Helm releases, CRDs first when they are a release (`crdDelivery: "helm-release"`);
   * by default only the operator chart (the operator then creates the CRDs itself).
   */
  readonly helmReleases: readonly HelmReleaseSpec[];
  /** Installation `default`. */
  readonly installation: KubeObject;
  /** FelixConfiguration `default`. */
  readonly felixConfiguration: KubeObject;
  /** `APIServer`, `Goldmane`, `Whisker` named `default`, for the components switched on. */
  readonly components: readonly KubeObject[];
  /** Calico's `Istio` resource `default`, with `serviceMesh` provider "calico". */
  readonly istio?: KubeObject;
  /** With `observability`: PodMonitor, ServiceMonitor, PrometheusRule and the dashboard ConfigMap. */
  readonly monitoring: readonly KubeObject[];
}

export const SERVICES_ENDPOINT_CONFIGMAP = 'kubernetes-services-endpoint';
/** Helm release (and k3s HelmChart) name of the operator chart; fixed, because Flux adopts the k3s release by it. */
export const OPERATOR_RELEASE = 'tigera-operator';

export function renderCalicoEbpfDataplane(config: ResolvedCalicoEbpfDataplane): RenderedCalicoEbpfDataplane {
  const servicesEndpoint = renderServicesEndpoint(config);
  const istio = renderIstio(config.mesh);
  const rendered: RenderedCalicoEbpfDataplane = {
    namespace: renderNamespace(config),
    ...(servicesEndpoint ? { servicesEndpoint } : {}),
    helmReleases: renderHelmReleases(config),
    installation: renderInstallation(config),
    felixConfiguration: renderFelixConfiguration(config.felix, config.felixDataplaneSpec),
    components: renderComponents(config),
    ...(istio ? { istio } : {}),
    monitoring: renderMonitoring(config),
  };
  // The chart values travel inside the Flux HelmRelease, k3s HelmChart or Argo CD Application.
  const releases = rendered.helmReleases.map((r): KubeObject => ({
    apiVersion: 'helm',
    kind: 'Helm release',
    metadata: { name: r.releaseName },
    values: r.values,
  }));
  checkObjectSizes([
    rendered.installation,
    rendered.felixConfiguration,
    ...rendered.components,
    ...rendered.monitoring,
    ...(istio ? [istio] : []),
    ...releases,
  ]);
  return rendered;
}

/**
 * The API server refuses a request body over 3 MiB and etcd a value over 1.5 MiB; an object that
 * large can only come from an escape hatch filled with something else.
 */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

function checkObjectSizes(objects: readonly KubeObject[]): void {
  const problems = new Problems();
  for (const o of objects) {
    const bytes = Buffer.byteLength(JSON.stringify(o), 'utf8');
    if (bytes > MAX_OBJECT_BYTES) {
      problems.add(
        ProblemCode.OUT_OF_RANGE,
        `${o.kind}/${o.metadata.name}`,
        `${o.kind} ${show(o.metadata.name)} would be ${bytes} bytes, more than the ${MAX_OBJECT_BYTES} bytes etcd stores for one object; look for an oversized value in the escape hatches (felix.additionalSpec, helmValues, serviceMesh overrides)`,
      );
    }
  }
  problems.throwIfAny();
}

function renderMonitoring(config: ResolvedCalicoEbpfDataplane): KubeObject[] {
  const o = config.observability;
  if (!o) return [];
  const dashboard = renderDashboardConfigMap(o);
  return [
    ...renderMonitors(o, config.namespace),
    ...(o.alerts ? [renderPrometheusRule(o, config.namespace)] : []),
    ...(dashboard ? [dashboard] : []),
  ];
}

/** The operator's optional components, each an empty-spec custom resource `default` (the chart renders the same when enabled). */
export function renderComponents(config: ResolvedCalicoEbpfDataplane): KubeObject[] {
  const kinds: Array<[boolean, string]> = [
    [config.components.apiServer, 'APIServer'],
    [config.components.goldmane, 'Goldmane'],
    [config.components.whisker, 'Whisker'],
  ];
  return kinds.filter(([on]) => on).map(([, kind]) => ({ apiVersion: 'operator.tigera.io/v1', kind, metadata: { name: 'default' }, spec: {} }));
}

export function renderNamespace(config: ResolvedCalicoEbpfDataplane): KubeObject {
  const preset = DISTRIBUTION_PRESETS[config.distribution];
  const annotations = preset.namespaceAnnotations;
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: config.namespace,
      labels: {
        name: config.namespace,
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        ...preset.namespaceLabels,
      },
      ...(Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
    },
  };
}

export function renderServicesEndpoint(config: ResolvedCalicoEbpfDataplane): KubeObject | undefined {
  if (!config.apiServer) return undefined;
  const { host, port } = config.apiServer;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: SERVICES_ENDPOINT_CONFIGMAP, namespace: config.namespace },
    data: {
      KUBERNETES_SERVICE_HOST: Deferred.isDeferred(host) ? host.value : host,
      // ConfigMap data values are strings.
      KUBERNETES_SERVICE_PORT: Deferred.isDeferred(port) ? port.value : String(port),
    },
  };
}

export function renderInstallation(config: ResolvedCalicoEbpfDataplane): KubeObject {
  const settings = config.installation;
  const calicoNetwork: Record<string, unknown> = {
    linuxDataplane: 'BPF',
    // Explicit: the operator's default is Enabled with Calico CNI, and BIRD is not needed for VXLAN.
    bgp: settings.bgp,
  };
  if (config.cniType === CniType.CALICO) {
    calicoNetwork.ipPools = config.ipPools.map((p) => ({
      name: p.name,
      cidr: p.cidr,
      encapsulation: p.encapsulation,
      natOutgoing: p.natOutgoing ? 'Enabled' : 'Disabled',
      blockSize: p.blockSize,
      nodeSelector: p.nodeSelector,
    }));
  }
  if (config.bpfNetworkBootstrap) calicoNetwork.bpfNetworkBootstrap = 'Enabled';
  // Written either way, so the choice is visible. Note (kubeproxy/controller.go, v1.42.3): with
  // Disabled the operator stops managing kube-proxy but leaves its disabling nodeSelector in place.
  calicoNetwork.kubeProxyManagement = config.kubeProxyManagement ? 'Enabled' : 'Disabled';
  if (config.containerIPForwarding) calicoNetwork.containerIPForwarding = 'Enabled';
  if (config.clusterRoutingMode) calicoNetwork.clusterRoutingMode = config.clusterRoutingMode;
  if (settings.mtu !== undefined) calicoNetwork.mtu = settings.mtu;
  if (settings.nodeAddressAutodetectionV4) calicoNetwork.nodeAddressAutodetectionV4 = settings.nodeAddressAutodetectionV4;
  if (settings.nodeAddressAutodetectionV6) calicoNetwork.nodeAddressAutodetectionV6 = settings.nodeAddressAutodetectionV6;
  if (settings.linuxPodInterfaceType) calicoNetwork.linuxPodInterfaceType = settings.linuxPodInterfaceType;
  const metrics: Record<string, unknown> = {};
  if (config.observability) {
    // The operator turns these into calico-node/Typha settings that win over FelixConfiguration.
    metrics.nodeMetricsPort = config.observability.felixMetricsPort;
    if (config.observability.typhaMetricsPort !== undefined) metrics.typhaMetricsPort = config.observability.typhaMetricsPort;
  }
  const ipam = config.cniType;
  const spec: Record<string, unknown> = {
    ...settings.installationOverrides,
    variant: 'Calico',
    cni: { type: config.cniType, ipam: { type: ipam }, ...(settings.cniSpecVersion ? { specVersion: settings.cniSpecVersion } : {}) },
    calicoNetwork: sortKeys(calicoNetwork),
    ...metrics,
  };
  if (config.kubernetesProvider) spec.kubernetesProvider = config.kubernetesProvider;
  if (config.images.registry) spec.registry = config.images.registry;
  if (config.images.imagePath) spec.imagePath = config.images.imagePath;
  if (config.images.imagePullSecrets.length > 0) spec.imagePullSecrets = config.images.imagePullSecrets.map((name) => ({ name }));
  if (settings.kubeletVolumePluginPath !== undefined) spec.kubeletVolumePluginPath = settings.kubeletVolumePluginPath;
  if (settings.flexVolumePath !== undefined) spec.flexVolumePath = settings.flexVolumePath;
  if (settings.imagePullPolicy) spec.imagePullPolicy = settings.imagePullPolicy;
  if (settings.typhaPodDisruptionBudget) spec.typhaPodDisruptionBudget = settings.typhaPodDisruptionBudget;
  if (settings.calicoNodeResources) spec.calicoNodeDaemonSet = withNodeResources(spec.calicoNodeDaemonSet, settings.calicoNodeResources);
  return { apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default' }, spec: sortKeys(spec) };
}

/** The calico-node container's resources inside a (possibly overridden) calicoNodeDaemonSet. */
function withNodeResources(override: unknown, resources: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const ds = (override ?? {}) as {
    metadata?: unknown;
    spec?: { template?: { metadata?: unknown; spec?: { containers?: Array<Record<string, unknown>> } & Record<string, unknown> } } & Record<
      string,
      unknown
    >;
  };
  const podSpec = ds.spec?.template?.spec ?? {};
  const others = (podSpec.containers ?? []).filter((c) => c.name !== 'calico-node');
  const mine = (podSpec.containers ?? []).find((c) => c.name === 'calico-node') ?? {};
  return {
    ...ds,
    spec: {
      ...ds.spec,
      template: {
        ...ds.spec?.template,
        spec: { ...podSpec, containers: [{ ...mine, name: 'calico-node', resources }, ...others] },
      },
    },
  };
}

export function renderHelmReleases(config: ResolvedCalicoEbpfDataplane): readonly HelmReleaseSpec[] {
  const crds: HelmReleaseSpec = {
    role: 'crds',
    releaseName: 'calico-crds',
    chart: config.crdChart,
    repository: config.helmRepository,
    version: config.calicoVersion,
    namespace: config.namespace,
    values: {},
    dependsOn: [],
  };
  const operator: HelmReleaseSpec = {
    role: 'operator',
    releaseName: OPERATOR_RELEASE,
    chart: 'tigera-operator',
    repository: config.helmRepository,
    version: config.calicoVersion,
    namespace: config.namespace,
    values: config.helmValues,
    dependsOn: config.crdDelivery === CrdDelivery.HELM_RELEASE ? [crds.releaseName] : [],
  };
  return config.crdDelivery === CrdDelivery.HELM_RELEASE ? [crds, operator] : [operator];
}

/**
 * Where Helm finds the chart: a repository URL plus chart name, or for OCI registries one
 * `oci://…/<chart>` reference with no separate repository.
 */
export function helmChartLocation(r: HelmReleaseSpec): { readonly chart: string; readonly repo?: string } {
  if (r.repository.startsWith('oci://')) return { chart: `${trimTrailingSlashes(r.repository)}/${r.chart}` };
  return { chart: r.chart, repo: r.repository };
}

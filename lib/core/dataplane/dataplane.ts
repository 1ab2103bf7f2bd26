/** CalicoEbpfDataplane: props → fully defaulted, validated configuration. */
import { cidrsOverlap, isIpAddress, type ParsedCidr } from '../validation/cidr';
import { checkBoolean, checkCidrList, checkInteger, checkKnownKeys, checkListLength, checkOneOf, checkString, isPlainObject } from '../validation/checks';
import { checkNamespace, isDnsSubdomain, trimSlashes, trimTrailingSlashes } from '../validation/names';
import type { CalicoEbpfDataplaneProps } from './dataplane-props';
import { Deferred, type Deferrable } from './deferred';
import { ProblemCode, Problems, show } from '../validation/errors';
import { collectFelixBpfTuning, type ResolvedFelixBpfTuning } from '../felix/felix';
import { resolveGitOps, type ResolvedGitOps } from '../gitops/gitops-config';
import { crdReleaseSizeWarning } from '../lifecycle/helm-release-size';
import { resolveK3d, type ResolvedK3d } from '../lifecycle/k3d';
import { meshWarnings, resolveServiceMesh, type ResolvedServiceMesh } from '../meshes/mesh';
import { resolveServiceFields } from '../meshes/service-fields';
import { resolveObservability, type ResolvedObservability } from '../observability/monitoring';
import { resolveIpPools, type ResolvedIpPool } from './ip-pools';
import { resolveOperatorValues } from './operator-values';
import { DEFAULT_CALICO_VERSION, MIN_CALICO_VERSION, OPERATOR_VERSIONS, compareVersions, parseCalicoVersion } from './versions';
import {
  CalicoApiGroup,
  CrdDelivery,
  Distribution,
  ExternalServiceMode,
  KubeProxyMode,
  KubernetesProvider,
  ServiceMesh,
  Teardown,
  allowed,
} from './values';

/** The dataplane with every default applied and every rule checked. Read-only. */
export interface ResolvedCalicoEbpfDataplane {
  /** The cluster identifier, when given. */
  readonly clusterName?: string;
  readonly calicoVersion: string;
  readonly operatorVersion: string;
  readonly helmRepository: string;
  readonly namespace: string;
  readonly distribution: Distribution;
  /** Empty string: the operator detects the provider. */
  readonly kubernetesProvider: string;
  readonly ipPools: readonly ResolvedIpPool[];
  readonly serviceCidrs: readonly string[];
  readonly containerIPForwarding: boolean;
  readonly clusterRoutingMode?: 'BIRD' | 'Felix';
  readonly kubeProxy: KubeProxyMode;
  /** Present when the `kubernetes-services-endpoint` ConfigMap is rendered. */
  readonly apiServer?: { readonly host: Deferrable<string>; readonly port: Deferrable<number> };
  /** `bpfNetworkBootstrap: Enabled` (only without an explicit apiServer; the two exclude each other). */
  readonly bpfNetworkBootstrap: boolean;
  /** The mesh kind (`istio`, `linkerd`, `none`)... */
  readonly serviceMesh: ServiceMesh;
  /** ... and the mesh in full (provider, mode, Calico's Istio resource spec). */
  readonly mesh: ResolvedServiceMesh;
  readonly externalServiceMode: ExternalServiceMode;
  readonly images: { readonly registry?: string; readonly imagePath?: string; readonly imagePullSecrets: readonly string[] };
  readonly calicoApiGroup: CalicoApiGroup;
  /** CRD chart matching the API group. */
  readonly crdChart: string;
  readonly components: { readonly apiServer: boolean; readonly goldmane: boolean; readonly whisker: boolean };
  /** FelixConfiguration `default`: the user's tuning ... */
  readonly felix: ResolvedFelixBpfTuning;
  /** ... plus the fields the dataplane decides (kube-proxy, mesh, service mode). */
  readonly felixDataplaneSpec: Readonly<Record<string, unknown>>;
  readonly helmValues: Readonly<Record<string, unknown>>;
  readonly gitops: ResolvedGitOps;
  /** Who writes the CRDs: the operator (`manageCRDs`) or a Helm release of the CRD chart. */
  readonly crdDelivery: CrdDelivery;
  /** What removing the output does: `retain` keeps the network running, `delete` removes it. */
  readonly teardown: Teardown;
  /** Metrics, monitors, alerts and dashboard, when asked for. */
  readonly observability?: ResolvedObservability;
  /** The k3d cluster config to write, when asked for. */
  readonly k3d?: ResolvedK3d;
  /** Things the user should know that are not errors. */
  readonly warnings: readonly string[];
}

const PROP_NAMES: readonly string[] = [
  'clusterName', 'calicoVersion', 'operatorVersion', 'helmRepository', 'namespace', 'helmValues', 'distribution', 'kubernetesProvider',
  'ipPools', 'serviceCidrs', 'containerIPForwarding', 'clusterRoutingMode', 'kubeProxy', 'apiServer', 'serviceMesh', 'connectTimeLoadBalancing',
  'hostNetworkedNATWithoutCTLB', 'externalServiceMode', 'dsrOptOutCIDRs', 'registry', 'imagePath', 'imagePullSecrets',
  'calicoApiGroup', 'components', 'felix', 'gitops', 'crdDelivery', 'teardown', 'k3d', 'observability',
];

const DISTRIBUTION_DEFAULTS: Readonly<Record<Distribution, { podCidr: string; serviceCidrs: readonly string[]; containerIPForwarding: boolean }>> = {
  k3s: { podCidr: '10.42.0.0/16', serviceCidrs: ['10.43.0.0/16'], containerIPForwarding: true },
  generic: { podCidr: '192.168.0.0/16', serviceCidrs: ['10.96.0.0/12'], containerIPForwarding: false },
};

/** Validates and defaults CalicoEbpfDataplane props; throws one CalicoValidationError listing every problem. */
export function resolveCalicoEbpfDataplane(props: CalicoEbpfDataplaneProps = {}): ResolvedCalicoEbpfDataplane {
  const problems = new Problems();
  const warnings: string[] = [];
  if (!isPlainObject(props)) {
    problems.add(ProblemCode.INVALID_VALUE, 'props', `the dataplane props must be an object, got ${show(props)}`);
    problems.throwIfAny();
  }
  checkKnownKeys(problems, '', props, PROP_NAMES);

  const { calicoVersion, operatorVersion } = resolveVersions(props, problems);
  const helmRepository = props.helmRepository ?? 'https://docs.tigera.io/calico/charts';
  if (typeof helmRepository !== 'string' || !/^(https?|oci):\/\/\S+$/.test(helmRepository)) {
    problems.add(ProblemCode.INVALID_VALUE, 'helmRepository', `'helmRepository' must be an http(s):// or oci:// URL, got ${show(helmRepository)}`);
  }
  const namespace = props.namespace ?? 'tigera-operator';
  checkNamespace(problems, 'namespace', namespace);

  const distribution = props.distribution ?? Distribution.K3S;
  checkOneOf(problems, 'distribution', distribution, allowed(Distribution));
  // Own keys only: a user string such as "constructor" must not reach Object.prototype.
  const defaults = typeof distribution === 'string' && Object.hasOwn(DISTRIBUTION_DEFAULTS, distribution) ? DISTRIBUTION_DEFAULTS[distribution] : DISTRIBUTION_DEFAULTS.k3s;

  let kubernetesProvider = '';
  if (props.kubernetesProvider !== undefined && checkOneOf(problems, 'kubernetesProvider', props.kubernetesProvider, allowed(KubernetesProvider))) {
    if (distribution === Distribution.K3S) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        'kubernetesProvider',
        `'kubernetesProvider' ${show(props.kubernetesProvider)} cannot be used with distribution "k3s": the operator has no k3s provider and must detect none; remove it or use distribution "generic"`,
      );
    } else {
      kubernetesProvider = props.kubernetesProvider;
    }
  }

  const serviceCidrs = props.serviceCidrs ?? defaults.serviceCidrs;
  // Kubernetes has at most one service range per IP family.
  const parsedServices = checkCidrList(problems, 'serviceCidrs', serviceCidrs, 2);
  const ipPools = resolveIpPools(props.ipPools, defaults.podCidr, problems, warnings);
  checkPoolServiceOverlap(ipPools, parsedServices, problems);

  let containerIPForwarding = defaults.containerIPForwarding;
  if (props.containerIPForwarding !== undefined && checkBoolean(problems, 'containerIPForwarding', props.containerIPForwarding)) {
    containerIPForwarding = props.containerIPForwarding;
  }

  const kubeProxy = props.kubeProxy ?? KubeProxyMode.COEXIST;
  checkOneOf(problems, 'kubeProxy', kubeProxy, allowed(KubeProxyMode));
  const apiServer = resolveApiServer(props, problems);
  if (kubeProxy === KubeProxyMode.REPLACE && apiServer === undefined && props.apiServer === undefined) {
    problems.add(
      ProblemCode.REPLACE_WITHOUT_API_SERVER,
      'apiServer',
      `'kubeProxy' "replace" needs 'apiServer' { host, port }: without kube-proxy, Calico must reach the API server directly; set apiServer.host to a stable address (on k3s the server node IP or a VIP, port 6443) or use kubeProxy "coexist"`,
    );
  }
  if (kubeProxy === KubeProxyMode.REPLACE && distribution === Distribution.K3S) {
    warnings.push('kubeProxy "replace" on k3s: start every k3s server with --disable-kube-proxy (k3d: --k3s-arg "--disable-kube-proxy@server:*")');
  }

  const mesh = resolveServiceMesh(props.serviceMesh, problems);
  const serviceMesh = mesh.kind;
  const felixDataplaneSpec = resolveServiceFields(props, mesh, kubeProxy, problems, warnings);
  warnings.push(...meshWarnings(mesh, distribution));
  const externalServiceMode = (felixDataplaneSpec.bpfExternalServiceMode as ExternalServiceMode | undefined) ?? ExternalServiceMode.TUNNEL;

  const images = resolveImages(props, problems);
  // An invalid group is reported once here; everything downstream works with the default.
  const calicoApiGroup = checkOneOf(problems, 'calicoApiGroup', props.calicoApiGroup ?? CalicoApiGroup.CRD_V1, allowed(CalicoApiGroup)) ? (props.calicoApiGroup ?? CalicoApiGroup.CRD_V1) : CalicoApiGroup.CRD_V1;
  const crdChart = calicoApiGroup === CalicoApiGroup.V3 ? 'projectcalico.org.v3' : 'crd.projectcalico.org.v1';
  const components = resolveComponents(props, problems);

  const clusterRoutingMode = props.clusterRoutingMode;
  if (clusterRoutingMode !== undefined) checkOneOf(problems, 'clusterRoutingMode', clusterRoutingMode, ['BIRD', 'Felix']);
  const felix = collectFelixBpfTuning(props.felix ?? {}, problems, { pathPrefix: 'felix.', apiGroup: calicoApiGroup, ...(clusterRoutingMode !== undefined ? { clusterRoutingMode } : {}) });
  checkScaleFamilies(felix, ipPools, problems);
  const observability = resolveObservability(props.observability, felix, problems, warnings);
  warnings.push(...felix.warnings.map((w) => (felix.sizing ? `felix.scale: ${w}` : `felix: ${w}`)));
  const clusterName = props.clusterName;
  if (clusterName !== undefined && (typeof clusterName !== 'string' || !/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/.test(clusterName))) {
    problems.add(ProblemCode.INVALID_VALUE, 'clusterName', `'clusterName' must be a DNS label of at most 40 characters (lowercase letters, digits and '-'), got ${show(clusterName)}`);
  }
  const gitops = resolveGitOps(props.gitops, distribution, problems, warnings, clusterName);
  const crdDelivery = props.crdDelivery ?? CrdDelivery.OPERATOR;
  checkOneOf(problems, 'crdDelivery', crdDelivery, allowed(CrdDelivery));
  if (crdDelivery === CrdDelivery.HELM_RELEASE && typeof calicoVersion === 'string') warnings.push(crdReleaseSizeWarning(crdChart, calicoVersion, gitops.flavor));
  const teardown = props.teardown ?? Teardown.RETAIN;
  checkOneOf(problems, 'teardown', teardown, allowed(Teardown));
  const k3d = resolveK3d(props.k3d, { distribution, ipPools, serviceCidrs: parsedServices.map((c) => c.text), kubeProxy, ...(clusterName !== undefined ? { clusterName } : {}) }, problems, warnings);
  if (apiServer && !Deferred.isDeferred(apiServer.host) && !isIpAddress(apiServer.host)) {
    warnings.push(
      `apiServer.host ${show(apiServer.host)} is a DNS name: the operator and calico-node resolve it through cluster DNS, which needs the pod network that Calico has not set up yet on a new cluster; use an IP address (on k3d: the server container's IP, \`docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' k3d-<name>-server-0\`) unless the name resolves through the node's own resolver`,
    );
  }

  const partial = { calicoVersion, operatorVersion, namespace, images, crdDelivery, calicoApiGroup };
  const helmValues = resolveOperatorValues(partial, props.helmValues, problems);

  problems.throwIfAny();
  return {
    ...(clusterName !== undefined ? { clusterName } : {}),
    calicoVersion,
    operatorVersion,
    helmRepository,
    namespace,
    distribution,
    kubernetesProvider,
    ipPools,
    serviceCidrs: [...serviceCidrs],
    containerIPForwarding,
    ...(clusterRoutingMode !== undefined ? { clusterRoutingMode } : {}),
    kubeProxy,
    ...(apiServer ? { apiServer } : {}),
    bpfNetworkBootstrap: apiServer === undefined && kubeProxy === KubeProxyMode.COEXIST,
    serviceMesh,
    mesh,
    externalServiceMode,
    images,
    calicoApiGroup,
    crdChart,
    components,
    felix,
    felixDataplaneSpec,
    helmValues,
    gitops,
    crdDelivery,
    teardown,
    ...(k3d ? { k3d } : {}),
    ...(observability ? { observability } : {}),
    warnings,
  };
}

function resolveVersions(props: CalicoEbpfDataplaneProps, problems: Problems): { calicoVersion: string; operatorVersion: string } {
  const calicoVersion = props.calicoVersion ?? DEFAULT_CALICO_VERSION;
  const parsed = typeof calicoVersion === 'string' ? parseCalicoVersion(calicoVersion) : undefined;
  if (!parsed) {
    problems.add(ProblemCode.INVALID_VERSION, 'calicoVersion', `'calicoVersion' must be a Calico release tag like "v3.32.1" (with the leading v), got ${show(calicoVersion)}`);
  } else if (compareVersions(parsed, parseCalicoVersion(MIN_CALICO_VERSION)!) < 0) {
    problems.add(
      ProblemCode.UNSUPPORTED_VERSION,
      'calicoVersion',
      `'calicoVersion' ${show(calicoVersion)} is older than ${MIN_CALICO_VERSION}, the first release with separate CRD charts and bpfKubeProxyHealthzPort 0; use ${DEFAULT_CALICO_VERSION}`,
    );
  }
  let operatorVersion = props.operatorVersion ?? (typeof calicoVersion === 'string' && Object.hasOwn(OPERATOR_VERSIONS, calicoVersion) ? OPERATOR_VERSIONS[calicoVersion] : undefined) ?? '';
  if (props.operatorVersion !== undefined && (typeof props.operatorVersion !== 'string' || !/^v\d+\.\d+\.\d+$/.test(props.operatorVersion))) {
    problems.add(ProblemCode.INVALID_VERSION, 'operatorVersion', `'operatorVersion' must be a tigera/operator tag like "v1.42.3", got ${show(props.operatorVersion)}`);
  } else if (operatorVersion === '' && parsed) {
    problems.add(
      ProblemCode.INVALID_VERSION,
      'operatorVersion',
      `'calicoVersion' ${show(calicoVersion)} is not one this library knows (${Object.keys(OPERATOR_VERSIONS).join(', ')}); set 'operatorVersion' to the tigera/operator tag its chart pins`,
    );
    operatorVersion = 'unknown';
  }
  return { calicoVersion, operatorVersion };
}

function resolveApiServer(props: CalicoEbpfDataplaneProps, problems: Problems): ResolvedCalicoEbpfDataplane['apiServer'] {
  const api = props.apiServer;
  if (api === undefined) return undefined;
  if (!isPlainObject(api)) {
    problems.add(ProblemCode.INVALID_VALUE, 'apiServer', `'apiServer' must be an object { host, port }, got ${show(api)}`);
    return undefined;
  }
  checkKnownKeys(problems, 'apiServer', api, ['host', 'port']);
  const host = api.host;
  const port = api.port ?? 6443;
  let ok = true;
  if (!Deferred.isDeferred(host)) {
    if (!checkString(problems, 'apiServer.host', host)) ok = false;
    else if (!isIpAddress(host) && !isDnsName(host)) {
      problems.add(ProblemCode.INVALID_VALUE, 'apiServer.host', `'apiServer.host' must be an IP address or DNS name without scheme or port, got ${show(host)}`);
      ok = false;
    }
  }
  if (!Deferred.isDeferred(port) && !checkInteger(problems, 'apiServer.port', port, 1, 65535)) ok = false;
  return ok ? { host, port } : undefined;
}

function resolveImages(props: CalicoEbpfDataplaneProps, problems: Problems): ResolvedCalicoEbpfDataplane['images'] {
  const images: { registry?: string; imagePath?: string; imagePullSecrets: string[] } = { imagePullSecrets: [] };
  if (props.registry !== undefined && checkString(problems, 'registry', props.registry)) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(props.registry)) {
      problems.add(ProblemCode.INVALID_VALUE, 'registry', `'registry' is a registry host (and optional path), not a URL; drop the scheme from ${show(props.registry)}`);
    } else {
      // The Installation API requires one trailing slash; add it rather than fail. An empty path
      // segment ("host//path" or "host//") would give image references no registry accepts.
      const registry = trimTrailingSlashes(props.registry);
      if (registry === '' || registry.includes('//')) {
        problems.add(ProblemCode.INVALID_VALUE, 'registry', `'registry' ${show(props.registry)} has an empty path segment; write it as host[/path], e.g. "registry.example.com/mirror"`);
      } else {
        images.registry = `${registry}/`;
      }
    }
  }
  if (props.imagePath !== undefined && checkString(problems, 'imagePath', props.imagePath)) {
    images.imagePath = trimSlashes(props.imagePath);
  }
  if (props.imagePullSecrets !== undefined) {
    if (!Array.isArray(props.imagePullSecrets)) {
      problems.add(ProblemCode.INVALID_VALUE, 'imagePullSecrets', `'imagePullSecrets' must be a list of Secret names, got ${show(props.imagePullSecrets)}`);
    } else {
      if (checkListLength(problems, 'imagePullSecrets', props.imagePullSecrets, 64)) props.imagePullSecrets.forEach((name, i) => {
        if (typeof name === 'string' && isDnsSubdomain(name)) images.imagePullSecrets.push(name);
        else problems.add(ProblemCode.INVALID_VALUE, `imagePullSecrets[${i}]`, `'imagePullSecrets[${i}]' must be a Secret name, got ${show(name)}`);
      });
    }
  }
  return images;
}

function resolveComponents(props: CalicoEbpfDataplaneProps, problems: Problems): ResolvedCalicoEbpfDataplane['components'] {
  const c = props.components ?? {};
  if (!isPlainObject(c)) {
    problems.add(ProblemCode.INVALID_VALUE, 'components', `'components' must be an object, got ${show(c)}`);
    return { apiServer: true, goldmane: true, whisker: true };
  }
  checkKnownKeys(problems, 'components', c, ['apiServer', 'goldmane', 'whisker']);
  const out = { apiServer: c.apiServer ?? true, goldmane: c.goldmane ?? true, whisker: c.whisker ?? true };
  for (const [k, v] of Object.entries(out)) checkBoolean(problems, `components.${k}`, v);
  if (out.whisker === true && out.goldmane === false) {
    problems.add(ProblemCode.CONTRADICTORY_SETTINGS, 'components.whisker', `'components.whisker' needs Goldmane, but 'components.goldmane' is false; enable goldmane or disable whisker`);
  }
  return out;
}

function checkPoolServiceOverlap(pools: readonly ResolvedIpPool[], services: readonly ParsedCidr[], problems: Problems): void {
  pools.forEach((pool, i) => {
    for (const svc of services) {
      if (cidrsOverlap(pool.parsed, svc)) {
        problems.add(
          ProblemCode.OVERLAPPING_CIDRS,
          `ipPools[${i}].cidr`,
          `'ipPools[${i}].cidr' ${show(pool.cidr)} overlaps service CIDR ${show(svc.text)}; pod and service ranges must be disjoint (k3s defaults: pods 10.42.0.0/16, services 10.43.0.0/16)`,
        );
      }
    }
  });
}

/** A host name as DNS resolves it (case-insensitive labels). */
function isDnsName(s: string): boolean {
  return isDnsSubdomain(s.toLowerCase());
}

/** The map sizes must cover the families the pools use: IPv6 pools add a second, larger map set. */
function checkScaleFamilies(felix: ResolvedFelixBpfTuning, pools: readonly ResolvedIpPool[], problems: Problems): void {
  const scaleFamilies = felix.sizing?.scale.ipFamilies;
  if (scaleFamilies === undefined) return;
  const has = (family: 4 | 6): boolean => pools.some((pool) => pool.parsed.family === family);
  const poolFamilies = has(4) && has(6) ? 'DualStack' : has(6) ? 'IPv6' : 'IPv4';
  if (scaleFamilies !== poolFamilies) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'felix.scale.ipFamilies',
      `'felix.scale.ipFamilies' is ${show(scaleFamilies)} but the IP pools are ${show(poolFamilies)}; set ipFamilies to ${show(poolFamilies)} (e.g. scale: { profile: "k3d-dev", ipFamilies: ${show(poolFamilies)} }) so the memory estimate covers the map sets Felix creates`,
    );
  }
}

/**
 * The platform half of the dataplane: distribution preset → provider, CNI, pod/service CIDRs and
 * pools, kube-proxy mode and how Calico reaches the API server. The rules that link those
 * (../shared/docs/distributions.md §0) are decided here, once, for every preset:
 * - kube-proxy absent at install (`replace`) → the `kubernetes-services-endpoint` ConfigMap;
 * - `operator-managed` (kubeProxyManagement + bpfNetworkBootstrap) only where the
 *   `kube-system/kube-proxy` DaemonSet exists, and never with the ConfigMap (the operator
 *   refuses bootstrap while it exists: pkg/controller/utils/bpf.go);
 * - `kubernetesProvider` never contradicting the operator's detection (a mismatch stops
 *   reconciliation: core_controller.go "does not match auto-detected value");
 * - pools inside the platform's pod CIDR where the operator checks it (kubeadm, kind, OpenShift).
 */
import type { CalicoEbpfDataplaneProps } from '../dataplane/dataplane-props';
import { Deferred, type Deferrable } from '../dataplane/deferred';
import { resolveIpPools, type ResolvedIpPool } from '../dataplane/ip-pools';
import { CniType, Distribution, KubeProxyMode, KubernetesProvider, allowed } from '../dataplane/values';
import { cidrContains, cidrsOverlap, isIpAddress, parseCidr, type ParsedCidr } from '../validation/cidr';
import { isOneOf, checkCidrList, checkInteger, checkString, isPlainObject } from '../validation/checks';
import { ProblemCode, Problems, show } from '../validation/errors';
import { isDnsSubdomain } from '../validation/names';
import {
  DISTRIBUTION_NAMES,
  DISTRIBUTION_PRESETS,
  REFUSED_DISTRIBUTIONS,
  presetName,
  type DistributionPreset,
  type PresetName,
  type ProviderValue,
} from './presets';
import { WarningCode, warning, type CalicoWarning } from '../validation/warnings';
import { k3dApiServer } from '../lifecycle/k3d-network';

export interface ResolvedPlatform {
  /** The preset (the k3d alias resolved to k3s). */
  readonly distribution: PresetName;
  readonly preset: DistributionPreset;
  /** Empty: the operator detects the provider. */
  readonly kubernetesProvider: ProviderValue;
  readonly cniType: CniType;
  /** The platform's pod CIDRs (the default pools, and the range the pools must lie in). */
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  /** Empty with a non-Calico CNI (the cloud's IPAM hands out pod addresses). */
  readonly ipPools: readonly ResolvedIpPool[];
  readonly containerIPForwarding: boolean;
  readonly kubeProxy: KubeProxyMode;
  /** Present when the `kubernetes-services-endpoint` ConfigMap is rendered. */
  readonly apiServer?: { readonly host: Deferrable<string>; readonly port: Deferrable<number> };
  /** `calicoNetwork.bpfNetworkBootstrap: Enabled` (only without the ConfigMap). */
  readonly bpfNetworkBootstrap: boolean;
  /** `calicoNetwork.kubeProxyManagement: Enabled` (kubeProxy "operator-managed"). */
  readonly kubeProxyManagement: boolean;
  /**
   * The API-server host is a DNS name: the operator (and calico-node, which inherits its DNS
   * settings) must resolve it with the node's resolver, because cluster DNS needs the pod network.
   */
  readonly nodeDns: boolean;
}

export function resolvePlatform(props: CalicoEbpfDataplaneProps, problems: Problems, warnings: CalicoWarning[]): ResolvedPlatform {
  const name = resolveDistributionName(props.distribution, problems);
  const known = name !== undefined;
  const distribution = name ?? Distribution.K3S;
  const preset = DISTRIBUTION_PRESETS[distribution];
  const on = `distribution ${show(distribution)}`;

  const kubernetesProvider = resolveProvider(props.kubernetesProvider, preset, known, problems);
  const cniType = resolveCni(props.cni, preset, known, problems);
  const calicoCni = cniType === CniType.CALICO;

  const serviceCidrs = props.serviceCidrs ?? preset.serviceCidrs;
  // Kubernetes has at most one service range per IP family.
  const parsedServices = checkCidrList(problems, 'serviceCidrs', serviceCidrs, 2);

  let podCidrs: readonly string[] = [];
  let ipPools: ResolvedIpPool[] = [];
  if (!calicoCni) {
    for (const key of ['ipPools', 'podCidrs'] as const) {
      if (props[key] !== undefined) {
        problems.add(
          ProblemCode.CONTRADICTORY_SETTINGS,
          key,
          `'${key}' cannot be used with cni ${show(cniType)}: pods take their addresses from the cloud's CNI and Calico IPAM is not used; remove '${key}' or set cni "Calico"`,
        );
      }
    }
  } else {
    const givenPodCidrs = props.podCidrs !== undefined ? checkCidrList(problems, 'podCidrs', props.podCidrs, 2) : undefined;
    const defaultPodCidrs = givenPodCidrs?.map((c) => c.text) ?? preset.podCidrs;
    if (defaultPodCidrs === undefined && known) {
      problems.add(
        ProblemCode.REQUIRED,
        'podCidrs',
        `'podCidrs' is required on ${on}: kubeadm has no default pod CIDR, and the operator only accepts pools inside the podSubnet that \`kubeadm init --pod-network-cidr\` wrote (kubectl -n kube-system get configmap kubeadm-config -o yaml | grep podSubnet); set podCidrs: ["<that CIDR>"]`,
      );
    }
    ipPools = resolveIpPools(props.ipPools, defaultPodCidrs ?? [], problems, warnings);
    // Without a platform check, pools the user chose are the pod CIDR (the cluster flags follow them).
    const derived = !(givenPodCidrs !== undefined || preset.poolsInsidePodCidr || props.ipPools === undefined);
    podCidrs = derived ? ipPools.map((p) => p.cidr) : (defaultPodCidrs ?? []);
    // The cluster's pod CIDR is one range per IP family (kube-controller-manager --cluster-cidr).
    const families = [...(givenPodCidrs ?? []).map((c) => c.family), ...(derived ? ipPools.map((p) => p.family) : [])];
    if (new Set(families).size < families.length) {
      problems.add(
        givenPodCidrs ? ProblemCode.INVALID_VALUE : ProblemCode.REQUIRED,
        'podCidrs',
        givenPodCidrs
          ? `'podCidrs' may hold one CIDR per IP family (the cluster's pod range), got ${show(props.podCidrs)}; give one range per family that contains the pools`
          : `'podCidrs' is needed when 'ipPools' holds more than one pool of a family: the cluster's pod CIDR is one range per IP family (${preset.podCidrSource}); set podCidrs to one range per family that contains every pool`,
      );
    }
    if (known && (givenPodCidrs !== undefined || preset.poolsInsidePodCidr))
      checkPoolsInsidePodCidrs(ipPools, defaultPodCidrs ?? [], preset, givenPodCidrs !== undefined, problems);
  }
  checkPoolServiceOverlap(
    ipPools,
    parsedServices,
    {
      ipPools: props.ipPools !== undefined,
      podCidrs: props.podCidrs !== undefined,
      podCidrList: podCidrs,
      serviceCidrs: props.serviceCidrs !== undefined,
    },
    preset,
    problems,
  );

  let containerIPForwarding = preset.containerIPForwarding;
  if (typeof props.containerIPForwarding === 'boolean') {
    containerIPForwarding = props.containerIPForwarding;
  }
  if (!calicoCni && containerIPForwarding) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'containerIPForwarding',
      `'containerIPForwarding' is a setting of Calico's CNI plugin and cannot be used with cni ${show(cniType)}; remove it`,
    );
  }

  const kubeProxy = props.kubeProxy ?? preset.kubeProxyModes[0]!;
  const modeOk = isOneOf(kubeProxy, allowed(KubeProxyMode));
  if (modeOk && known && !preset.kubeProxyModes.includes(kubeProxy)) {
    problems.add(
      ProblemCode.PLATFORM_CONFLICT,
      'kubeProxy',
      `'kubeProxy' ${show(kubeProxy)} cannot be used on ${on}: ${preset.kubeProxyNote}; use ${preset.kubeProxyModes.map((m) => show(m)).join(' or ')}`,
    );
  }
  // On k3d with kubeProxy "replace", server-0's address is known from the network k3d creates.
  const k3dDerived = kubeProxy === KubeProxyMode.REPLACE && props.apiServer === undefined ? k3dApiServer(props.k3d) : undefined;
  const apiServer = resolveApiServer(props.apiServer ?? k3dDerived, preset, known, problems);
  const operatorManaged = kubeProxy === KubeProxyMode.OPERATOR_MANAGED;
  if (operatorManaged && props.apiServer !== undefined) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'apiServer',
      `'apiServer' cannot be used with kubeProxy "operator-managed": the operator then finds the API server itself (bpfNetworkBootstrap) and refuses to while the kubernetes-services-endpoint ConfigMap exists; remove apiServer, or use kubeProxy "replace" (kube-proxy removed before the install) or "coexist"`,
    );
  } else if (kubeProxy === KubeProxyMode.REPLACE && props.apiServer === undefined && k3dDerived === undefined) {
    problems.add(
      ProblemCode.REPLACE_WITHOUT_API_SERVER,
      'apiServer',
      `'kubeProxy' "replace" needs 'apiServer' { host, port }: without kube-proxy, the operator and Calico must reach the API server directly; set apiServer.host to ${preset.endpointHint}${preset.kubeProxyModes.includes(KubeProxyMode.COEXIST) ? ', or use kubeProxy "coexist"' : ''}`,
    );
  } else if (known && preset.endpointRequired && !operatorManaged && props.apiServer === undefined) {
    problems.add(
      ProblemCode.REQUIRED,
      'apiServer',
      `'apiServer' is required on ${on}: the operator and calico-node reach the API server through the kubernetes-services-endpoint ConfigMap there (bpfNetworkBootstrap is not the documented path); set apiServer.host to ${preset.endpointHint}`,
    );
  }
  const bpfNetworkBootstrap = props.apiServer === undefined && (kubeProxy === KubeProxyMode.COEXIST || operatorManaged);
  if (bpfNetworkBootstrap && kubernetesProvider !== '') {
    warnings.push(
      warning(
        WarningCode.API_SERVER_DISCOVERED,
        `no apiServer on ${on}: the operator discovers the API server itself (bpfNetworkBootstrap) and logs that this "may result in unexpected behavior in ${kubernetesProvider}"; set apiServer (${preset.endpointHint}) to use the kubernetes-services-endpoint ConfigMap instead`,
      ),
    );
  }
  const nodeDns = apiServer !== undefined && (Deferred.isDeferred(apiServer.host) ? preset.endpointRequired : !isIpAddress(apiServer.host));
  if (apiServer && !Deferred.isDeferred(apiServer.host) && !isIpAddress(apiServer.host) && preset.name === Distribution.K3S) {
    warnings.push(
      warning(
        WarningCode.API_SERVER_DNS_NAME,
        `apiServer.host ${show(apiServer.host)} is a DNS name: the operator and calico-node resolve it with the node's resolver (chart dnsPolicy "Default", rendered), since cluster DNS needs the pod network Calico has not set up yet; on k3d the server container name does not resolve from the node's resolver — use its IP (\`docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' k3d-<name>-server-0\`)`,
      ),
    );
  }
  // A k3d config starts k3s with --disable-kube-proxy itself: nothing to do first.
  const k3dRemovesKubeProxy = isPlainObject(props.k3d);
  if (known)
    warnings.push(
      ...platformWarnings(preset, cniType, kubeProxy).filter((w) => !(k3dRemovesKubeProxy && w.code === WarningCode.KUBE_PROXY_MUST_GO_FIRST)),
    );
  return {
    distribution,
    preset,
    kubernetesProvider,
    cniType,
    podCidrs,
    serviceCidrs: parsedServices.map((c) => c.text),
    ipPools,
    containerIPForwarding,
    kubeProxy,
    ...(apiServer ? { apiServer } : {}),
    bpfNetworkBootstrap,
    kubeProxyManagement: operatorManaged,
    nodeDns,
  };
}

/** A distribution name refused for a reason the rules give (GKE, MicroK8s, the removed generic). */
function isRefusedDistribution(value: unknown): boolean {
  return typeof value === 'string' && Object.hasOwn(REFUSED_DISTRIBUTIONS, value.toLowerCase());
}

function resolveDistributionName(value: unknown, problems: Problems): PresetName | undefined {
  if (value === undefined) return Distribution.K3S;
  if (isRefusedDistribution(value)) {
    problems.add(
      ProblemCode.UNSUPPORTED_DISTRIBUTION,
      'distribution',
      `'distribution' ${show(value)} is refused: ${REFUSED_DISTRIBUTIONS[(value as string).toLowerCase()]}`,
    );
    return undefined;
  }
  if (!isOneOf(value, DISTRIBUTION_NAMES)) return undefined;
  return presetName(value);
}

function resolveProvider(value: unknown, preset: DistributionPreset, known: boolean, problems: Problems): ProviderValue {
  if (value === undefined) return preset.providers[0]!;
  if (!isOneOf(value, allowed(KubernetesProvider))) return preset.providers[0]!;
  if (!known || preset.providers.includes(value)) return value;
  const on = `distribution ${show(preset.name)}`;
  let why: string;
  if (value === KubernetesProvider.GKE) why = `${REFUSED_DISTRIBUTIONS.gke!.split(';')[0]}`;
  else if (preset.detectedProvider !== '')
    why = `the operator detects ${show(preset.detectedProvider)} there and stops reconciling on a mismatch ("installation spec.kubernetesProvider '${value}' does not match auto-detected value '${preset.detectedProvider}'")`;
  else if (!preset.providers.includes('')) why = preset.providerNote;
  else why = `${preset.providerNote}; another platform's provider would apply that platform's paths and defaults`;
  const fix = preset.providers.includes('')
    ? preset.providers.length > 1
      ? `remove it or set ${preset.providers
          .filter((p) => p !== '')
          .map((p) => show(p))
          .join(' or ')}`
      : 'remove it'
    : `remove it (the preset sets ${show(preset.providers[0])})`;
  problems.add(ProblemCode.PLATFORM_CONFLICT, 'kubernetesProvider', `'kubernetesProvider' ${show(value)} cannot be used on ${on}: ${why}; ${fix}`);
  return preset.providers[0]!;
}

function resolveCni(value: unknown, preset: DistributionPreset, known: boolean, problems: Problems): CniType {
  if (value === undefined) return preset.cniTypes[0]!;
  if (!isOneOf(value, allowed(CniType))) return preset.cniTypes[0]!;
  if (known && !preset.cniTypes.includes(value)) {
    const home = value === CniType.AMAZON_VPC ? 'distribution "eks" (the AWS VPC CNI)' : 'distribution "aks" (Azure CNI)';
    problems.add(
      ProblemCode.PLATFORM_CONFLICT,
      'cni',
      `'cni' ${show(value)} cannot be used on distribution ${show(preset.name)}: it is only available on ${home}; use ${preset.cniTypes.map((c) => show(c)).join(' or ')}`,
    );
    return preset.cniTypes[0]!;
  }
  return value;
}

function resolveApiServer(api: unknown, preset: DistributionPreset, known: boolean, problems: Problems): ResolvedPlatform['apiServer'] {
  if (api === undefined) return undefined;
  if (!isPlainObject(api)) {
    problems.add(ProblemCode.INVALID_VALUE, 'apiServer', `'apiServer' must be an object { host, port }, got ${show(api)}`);
    return undefined;
  }
  const host = api.host as Deferrable<string> | undefined;
  const port = (api.port ?? preset.apiServerPort) as Deferrable<number>;
  let ok = true;
  if (!Deferred.isDeferred(host)) {
    if (!checkString(problems, 'apiServer.host', host)) ok = false;
    else if (!isIpAddress(host) && !isDnsSubdomain(host.toLowerCase())) {
      problems.add(
        ProblemCode.INVALID_VALUE,
        'apiServer.host',
        `'apiServer.host' must be an IP address or DNS name without scheme or port, got ${show(host)}`,
      );
      ok = false;
    }
  }
  if (!Deferred.isDeferred(port)) {
    if (!checkInteger(problems, 'apiServer.port', port, 1, 65535)) ok = false;
    else if (known && preset.apiServerPortFixed && port !== preset.apiServerPort) {
      problems.add(
        ProblemCode.PLATFORM_CONFLICT,
        'apiServer.port',
        `'apiServer.port' ${port} cannot be used on distribution ${show(preset.name)}: its managed API endpoint listens on ${preset.apiServerPort} only; remove it (defaults to ${preset.apiServerPort})`,
      );
      ok = false;
    }
  }
  return ok ? { host: host as Deferrable<string>, port } : undefined;
}

function checkPoolsInsidePodCidrs(
  pools: readonly ResolvedIpPool[],
  podCidrs: readonly string[],
  preset: DistributionPreset,
  given: boolean,
  problems: Problems,
): void {
  const parsed = podCidrs.map((text) => parseCidr(text)).filter((c): c is ParsedCidr => c !== undefined);
  const list = podCidrs.map((c) => show(c)).join(', ');
  pools.forEach((pool, i) => {
    if (parsed.some((outer) => cidrContains(outer, pool.parsed))) return;
    const at = `ipPools[${i}].cidr`;
    const message = preset.poolsInsidePodCidr
      ? `'${at}' ${show(pool.cidr)} is not inside the pod CIDR of distribution ${show(preset.name)} (${list}, from ${preset.podCidrSource}): the operator refuses it ("IPPool ${pool.name} is not within the platform's configured pod network CIDR(s)"); use a pool inside it${given ? '' : ", or set 'podCidrs' to the cluster's actual pod CIDR"}`
      : `'${at}' ${show(pool.cidr)} is not inside 'podCidrs' (${list}, ${preset.podCidrSource}): pods would get addresses outside the range the cluster was started with; make the pool part of podCidrs or change podCidrs`;
    problems.add(ProblemCode.PLATFORM_CONFLICT, at, message);
  });
}

/**
 * Pools against the service ranges, each side named as the user gave it: a pool they wrote, the
 * pool made from their `podCidrs`, or the distribution's default; their `serviceCidrs` or the
 * distribution's default service range.
 */
function checkPoolServiceOverlap(
  pools: readonly ResolvedIpPool[],
  services: readonly ParsedCidr[],
  given: { readonly ipPools: boolean; readonly podCidrs: boolean; readonly podCidrList: readonly string[]; readonly serviceCidrs: boolean },
  preset: DistributionPreset,
  problems: Problems,
): void {
  pools.forEach((pool, i) => {
    for (const svc of services) {
      if (!cidrsOverlap(pool.parsed, svc)) continue;
      const [at, pod] = given.ipPools
        ? [`ipPools[${i}].cidr`, `'ipPools[${i}].cidr' ${show(pool.cidr)}`]
        : given.podCidrs
          ? [
              `podCidrs[${Math.max(given.podCidrList.indexOf(pool.cidr), 0)}]`,
              `'podCidrs[${Math.max(given.podCidrList.indexOf(pool.cidr), 0)}]' ${show(pool.cidr)}`,
            ]
          : ['podCidrs', `the default pod CIDR of distribution ${show(preset.name)} ${show(pool.cidr)}`];
      const service = given.serviceCidrs
        ? `'serviceCidrs' ${show(svc.text)}`
        : `the default service CIDR of distribution ${show(preset.name)} ${show(svc.text)} (set 'serviceCidrs' if the cluster uses another)`;
      const change =
        given.ipPools || given.podCidrs
          ? given.serviceCidrs
            ? 'change one of them'
            : `change '${at}'`
          : given.serviceCidrs
            ? "change 'serviceCidrs'"
            : `set 'podCidrs'`;
      problems.add(
        ProblemCode.OVERLAPPING_CIDRS,
        given.ipPools || given.podCidrs || !given.serviceCidrs ? at : 'serviceCidrs',
        `${pod} overlaps ${service}; pod and service ranges must be disjoint: ${change}`,
      );
    }
  });
}

function platformWarnings(preset: DistributionPreset, cni: CniType, kubeProxy: KubeProxyMode): CalicoWarning[] {
  const out = preset.untested ? [warning(WarningCode.UNTESTED_DISTRIBUTION, preset.untested)] : [];
  if (preset.name === Distribution.EKS && cni === CniType.CALICO) {
    out.push(
      warning(
        WarningCode.EKS_CALICO_CNI,
        'EKS with Calico CNI: the managed control plane cannot reach pod IPs, so webhooks and aggregated APIs served from pods need hostNetwork (the operator runs calico-apiserver on the host network for this); delete the aws-node DaemonSet before the Installation is applied',
      ),
    );
  }
  if (preset.name === Distribution.AKS && cni === CniType.CALICO)
    out.push(warning(WarningCode.AKS_CALICO_CNI, 'AKS with Calico CNI (bring your own CNI): Calico lists eBPF on it as "in testing"'));
  if (kubeProxy === KubeProxyMode.REPLACE)
    out.push(
      warning(
        WarningCode.KUBE_PROXY_MUST_GO_FIRST,
        `kubeProxy "replace": kube-proxy must be gone before Calico is installed — ${preset.removeKubeProxy}`,
      ),
    );
  if (kubeProxy === KubeProxyMode.OPERATOR_MANAGED) {
    out.push(
      warning(
        WarningCode.KUBE_PROXY_OPERATOR_MANAGED,
        'kubeProxy "operator-managed": kube-proxy must run in iptables mode (switch IPVS first), and its DaemonSet must not carry app.kubernetes.io/managed-by or addonmanager labels or an Argo CD tracking annotation, or the operator leaves it alone',
      ),
    );
  }
  return out;
}

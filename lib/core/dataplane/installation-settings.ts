/**
 * Typed Installation settings beyond pools and images: node address detection, MTU, BGP,
 * calico-node resources, kubelet/flexvolume paths, and the `installationOverrides` escape hatch.
 * Rules from tigera/operator v1.42.3 `pkg/controller/installation/validation.go`: one detection
 * method per family; IPIP and unencapsulated pools need BGP unless Felix programs the routes;
 * a non-Calico CNI allows no BGP.
 */
import type { CalicoEbpfDataplaneProps, NodeAddressAutodetection } from './dataplane-props';
import type { ResolvedIpPool } from './ip-pools';
import { resolveResources, suggestMemory } from './node-resources';
import { BgpMode, CniType, Encapsulation, allowed } from './values';
import type { MapSizingReport } from '../sizing/map-sizing';
import { isOneOf, checkCidr, checkInteger, checkString, isPlainObject } from '../validation/checks';
import { isIpAddress } from '../validation/cidr';
import { ProblemCode, Problems, show } from '../validation/errors';
import { isDnsSubdomain } from '../validation/names';
import { re2Problem } from '../validation/re2';
import { schemaProblems } from '../validation/schemas';
import { LINE_FACTS, type CalicoLine } from '../releases/calico-releases';
import { checkAvailable } from '../releases/version-gates';
import { WarningCode, warning, type CalicoWarning } from '../validation/warnings';

const INSTALLATION = 'operator.tigera.io/v1:Installation';
export const DETECTION_METHODS = ['firstFound', 'kubernetes', 'interface', 'skipInterface', 'canReach', 'cidrs'] as const;

export interface ResolvedInstallationSettings {
  readonly bgp: BgpMode;
  readonly mtu?: number;
  readonly nodeAddressAutodetectionV4?: Readonly<Record<string, unknown>>;
  readonly nodeAddressAutodetectionV6?: Readonly<Record<string, unknown>>;
  readonly calicoNodeResources?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly kubeletVolumePluginPath?: string;
  readonly flexVolumePath?: string;
  /** 3.33+: `calicoNetwork.linuxPodInterfaceType`. */
  readonly linuxPodInterfaceType?: 'Veth' | 'Netkit';
  /** 3.33+: `imagePullPolicy` of the operator-rendered containers (and of the operator). */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** 3.33+: `cni.specVersion`. */
  readonly cniSpecVersion?: string;
  /** 3.33+: `typhaPodDisruptionBudget`. */
  readonly typhaPodDisruptionBudget?: Readonly<Record<string, unknown>>;
  /** Merged last into `Installation.spec` (fields the library owns refused). */
  readonly installationOverrides: Readonly<Record<string, unknown>>;
}

interface Context {
  readonly calicoVersion: string;
  readonly line: CalicoLine;
  readonly cniType: CniType;
  readonly ipPools: readonly ResolvedIpPool[];
  readonly clusterRoutingMode?: 'BIRD' | 'Felix' | 'FelixIPIPOnly';
  readonly kubeletVolumePluginPath?: string;
  readonly sizing?: MapSizingReport;
}

export function resolveInstallationSettings(
  props: CalicoEbpfDataplaneProps,
  ctx: Context,
  problems: Problems,
  warnings: CalicoWarning[],
): ResolvedInstallationSettings {
  const calicoCni = ctx.cniType === CniType.CALICO;
  let bgp: BgpMode = BgpMode.DISABLED;
  if (props.bgp !== undefined && isOneOf(props.bgp, allowed(BgpMode))) bgp = props.bgp;
  if (bgp === BgpMode.ENABLED && !calicoCni) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'bgp',
      `'bgp' "Enabled" cannot be used with cni ${show(ctx.cniType)}: the operator allows BGP only with Calico CNI; remove it`,
    );
  }
  // From 3.33 Felix programs IPIP routes itself unless clusterRoutingMode is BIRD (operator
  // release-v1.44 validation.go treats unset as FelixIPIPOnly); unencapsulated pools still need BGP.
  const felixRoutesIpip =
    ctx.clusterRoutingMode === 'Felix' ||
    ctx.clusterRoutingMode === 'FelixIPIPOnly' ||
    (LINE_FACTS[ctx.line].ipipWithoutBgp && ctx.clusterRoutingMode === undefined);
  if (bgp === BgpMode.DISABLED && ctx.clusterRoutingMode !== 'Felix') {
    ctx.ipPools.forEach((pool, i) => {
      const ipip = pool.encapsulation === Encapsulation.IPIP || pool.encapsulation === Encapsulation.IPIP_CROSS_SUBNET;
      if ((ipip && !felixRoutesIpip) || pool.encapsulation === Encapsulation.NONE) {
        problems.add(
          ProblemCode.CONTRADICTORY_SETTINGS,
          `ipPools[${i}].encapsulation`,
          `'ipPools[${i}].encapsulation' ${show(pool.encapsulation)} needs BGP to program routes, but 'bgp' is "Disabled" (the operator refuses the Installation: "${ipip ? 'IPIP encapsulation requires' : 'unencapsulated IP pools require'} that BGP is enabled"); use "VXLAN" or "VXLANCrossSubnet", or set bgp "Enabled", or clusterRoutingMode "Felix"`,
        );
      }
    });
  }

  let mtu: number | undefined;
  if (props.mtu !== undefined) {
    // Library bounds (the CRD has none): IPv6 needs 1280; 9216 is the largest jumbo frame in common use.
    const min = ctx.ipPools.some((p) => p.family === 6) ? 1280 : 576;
    if (checkInteger(problems, 'mtu', props.mtu, min, 9216, ' (the pod network MTU; leave it unset to let Calico detect it)')) mtu = props.mtu;
  }

  const v4 = resolveDetection(props.nodeAddressAutodetectionV4, 'nodeAddressAutodetectionV4', problems, ctx.line);
  const hasV6Pool = ctx.ipPools.some((p) => p.family === 6);
  // Operator v1.42.3 refuses a BPF Installation that lists an IPv6 pool without a V6 method
  // (validation.go), and fills the method in only from IPv6 IPPools that already exist
  // (core_controller.go fillDefaults) — which it creates only after accepting the Installation. So
  // a fresh IPv6 or dual-stack cluster deadlocks unless the method is written: firstFound, the
  // operator's own default once a pool exists.
  const v6 =
    resolveDetection(props.nodeAddressAutodetectionV6, 'nodeAddressAutodetectionV6', problems, ctx.line) ??
    (hasV6Pool ? { firstFound: true } : undefined);
  if (props.nodeAddressAutodetectionV6 !== undefined && !hasV6Pool) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'nodeAddressAutodetectionV6',
      `'nodeAddressAutodetectionV6' has no effect without an IPv6 pool; remove it or add an IPv6 pool to 'ipPools'`,
    );
  }

  const calicoNodeResources = resolveResources(props.calicoNodeResources, problems);
  suggestMemory(calicoNodeResources, ctx.sizing, problems, warnings);

  const kubeletVolumePluginPath = resolvePath(props.kubeletVolumePluginPath, 'kubeletVolumePluginPath', problems) ?? ctx.kubeletVolumePluginPath;
  const flexVolumePath = resolvePath(props.flexVolumePath, 'flexVolumePath', problems);
  const installationOverrides = resolveOverrides(props.installationOverrides, problems, ctx);
  const newer = resolveNewerFields(props, ctx, problems, warnings);
  return {
    ...newer,
    bgp,
    ...(mtu !== undefined ? { mtu } : {}),
    ...(v4 ? { nodeAddressAutodetectionV4: v4 } : {}),
    ...(v6 ? { nodeAddressAutodetectionV6: v6 } : {}),
    ...(calicoNodeResources ? { calicoNodeResources } : {}),
    ...(kubeletVolumePluginPath !== undefined ? { kubeletVolumePluginPath } : {}),
    ...(flexVolumePath !== undefined ? { flexVolumePath } : {}),
    installationOverrides,
  };
}

function resolveDetection(
  value: NodeAddressAutodetection | undefined,
  at: string,
  problems: Problems,
  line: CalicoLine,
): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      at,
      `'${at}' must be an object with one detection method (${DETECTION_METHODS.join(', ')}), got ${show(value)}`,
    );
    return undefined;
  }
  const methods = DETECTION_METHODS.filter((m) => value[m] !== undefined && value[m] !== false);
  if (methods.length !== 1) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      at,
      `'${at}' must use exactly one detection method, got ${methods.length === 0 ? 'none' : methods.join(' and ')} (the operator allows no more than one per family, and eBPF needs one); e.g. { kubernetes: "NodeInternalIP" } to use the address the kubelet registered (k3s --node-ip)`,
    );
    return undefined;
  }
  const before = problems.count;
  // V4 and V6 share one schema in the CRD.
  for (const issue of schemaProblems(line, INSTALLATION, ['spec', 'calicoNetwork', 'nodeAddressAutodetectionV4'], value, at))
    problems.add(ProblemCode.SCHEMA_VIOLATION, issue.path, issue.message);
  for (const key of ['interface', 'skipInterface'] as const) {
    const re = value[key];
    if (typeof re === 'string') {
      const problem = re2Problem(re);
      if (problem)
        problems.add(
          problem.kind === 'invalid' ? ProblemCode.INVALID_REGEX : ProblemCode.UNSUPPORTED_REGEX,
          `${at}.${key}`,
          `'${at}.${key}' ${show(re)} ${problem.reason} (calico-node compiles it with Go's regexp package)`,
        );
    }
  }
  if (typeof value.canReach === 'string' && !isIpAddress(value.canReach) && !isDnsSubdomain(value.canReach.toLowerCase())) {
    problems.add(ProblemCode.INVALID_VALUE, `${at}.canReach`, `'${at}.canReach' must be an IP address or host name, got ${show(value.canReach)}`);
  }
  if (Array.isArray(value.cidrs)) value.cidrs.slice(0, 16).forEach((c, i) => checkCidr(problems, `${at}.cidrs[${i}]`, c));
  if (problems.count !== before) return undefined;
  return { ...value };
}

/** A host path of the Installation, or "None" (which turns the feature off). */
function resolvePath(value: unknown, at: string, problems: Problems): string | undefined {
  if (value === undefined) return undefined;
  if (!checkString(problems, at, value)) return undefined;
  if (value === 'None' || /^\/[^\0]*$/.test(value)) return value;
  problems.add(ProblemCode.INVALID_VALUE, at, `'${at}' must be an absolute path or "None", got ${show(value)}`);
  return undefined;
}

/** Installation spec fields decided by the library (typed props), and the prop that sets each. */
export const INSTALLATION_OWNED: Readonly<Record<string, string>> = {
  variant: 'nothing (the library always renders the Calico variant)',
  cni: "'cni' (and the distribution preset)",
  calicoNetwork:
    "the typed props ('ipPools', 'bgp', 'mtu', 'nodeAddressAutodetectionV4/V6', 'kubeProxy', 'apiServer', 'clusterRoutingMode', 'containerIPForwarding')",
  kubernetesProvider: "'kubernetesProvider' (and the distribution preset)",
  registry: "'registry'",
  imagePath: "'imagePath'",
  imagePullSecrets: "'imagePullSecrets'",
  nodeMetricsPort: "'observability.felixMetricsPort'",
  typhaMetricsPort: "'observability.typhaMetricsPort'",
  kubeletVolumePluginPath: "'kubeletVolumePluginPath'",
  flexVolumePath: "'flexVolumePath'",
  imagePullPolicy: "'imagePullPolicy'",
  typhaPodDisruptionBudget: "'typhaPodDisruptionBudget'",
};

function resolveOverrides(value: unknown, problems: Problems, ctx: Pick<Context, 'line' | 'calicoVersion'>): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      'installationOverrides',
      `'installationOverrides' must be an object of Installation spec fields, got ${show(value)}`,
    );
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const at = `installationOverrides.${key}`;
    if (Object.hasOwn(INSTALLATION_OWNED, key)) {
      problems.add(ProblemCode.ESCAPE_HATCH_CONFLICT, at, `'${at}' must not be set: the library decides it from ${INSTALLATION_OWNED[key]}`);
      continue;
    }
    if (key === 'calicoNodeDaemonSet' && setsNodeResources(v)) {
      // Resources through the typed prop, so the sizing check sees them; other overrides are fine.
      problems.add(
        ProblemCode.ESCAPE_HATCH_CONFLICT,
        at,
        `'${at}' must not set container resources: use 'calicoNodeResources' (checked against the BPF map memory of felix.scale)`,
      );
      continue;
    }
    if (key === 'fipsMode' && v === 'Enabled' && !LINE_FACTS[ctx.line].fips) {
      problems.add(
        ProblemCode.UNSUPPORTED_VERSION,
        at,
        `'${at}' "Enabled" is not available in Calico ${ctx.calicoVersion}: FIPS mode was removed in 3.33 (no -fips images; the operator marks the Installation Degraded); remove it, or stay on the 3.32 line`,
      );
      continue;
    }
    out[key] = v;
  }
  const before = problems.count;
  // Unknown fields and wrong types as the API server would see them (it drops unknown fields silently).
  for (const issue of schemaProblems(ctx.line, INSTALLATION, ['spec'], out, 'installationOverrides'))
    problems.add(ProblemCode.SCHEMA_VIOLATION, issue.path, issue.message);
  return problems.count === before ? out : {};
}

function setsNodeResources(v: unknown): boolean {
  const containers = (v as { spec?: { template?: { spec?: { containers?: unknown } } } } | undefined)?.spec?.template?.spec?.containers;
  return Array.isArray(containers) && containers.some((c) => isPlainObject(c) && c.name === 'calico-node' && c.resources !== undefined);
}

/**
 * The Installation fields new in 3.33 that have typed props: refused on older releases (with the
 * first release that has them), checked against the chosen release's CRD otherwise.
 */
function resolveNewerFields(
  props: CalicoEbpfDataplaneProps,
  ctx: Context,
  problems: Problems,
  warnings: CalicoWarning[],
): Partial<ResolvedInstallationSettings> {
  const out: { -readonly [K in keyof ResolvedInstallationSettings]?: ResolvedInstallationSettings[K] } = {};
  if (
    props.linuxPodInterfaceType !== undefined &&
    isOneOf(props.linuxPodInterfaceType, ['Veth', 'Netkit']) &&
    checkAvailable(problems, ctx.calicoVersion, 'linuxPodInterfaceType')
  ) {
    if (ctx.cniType !== CniType.CALICO) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        'linuxPodInterfaceType',
        `'linuxPodInterfaceType' needs Calico CNI (the operator refuses it with cni ${show(ctx.cniType)}: "supported only for Calico CNI"); remove it`,
      );
    } else {
      out.linuxPodInterfaceType = props.linuxPodInterfaceType;
      if (props.linuxPodInterfaceType === 'Netkit') {
        warnings.push(
          warning(
            WarningCode.NETKIT_INTERFACES,
            'linuxPodInterfaceType "Netkit": pods get netkit devices on Linux 6.7 or later (older kernels fall back to veth); before ever leaving the 3.33 line set felix.attachType "TCX" and recreate those pods, since older releases cannot attach to netkit devices',
          ),
        );
      }
    }
  }
  if (
    props.imagePullPolicy !== undefined &&
    isOneOf(props.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']) &&
    checkAvailable(problems, ctx.calicoVersion, 'imagePullPolicy')
  ) {
    out.imagePullPolicy = props.imagePullPolicy;
  }
  if (
    props.cniSpecVersion !== undefined &&
    isOneOf(props.cniSpecVersion, ['Auto', '0.3.1', '0.4.0', '1.0.0']) &&
    checkAvailable(problems, ctx.calicoVersion, 'cniSpecVersion')
  ) {
    out.cniSpecVersion = props.cniSpecVersion;
  }
  if (props.typhaPodDisruptionBudget !== undefined && checkAvailable(problems, ctx.calicoVersion, 'typhaPodDisruptionBudget')) {
    const pdb = props.typhaPodDisruptionBudget as unknown;
    if (!isPlainObject(pdb)) {
      problems.add(
        ProblemCode.INVALID_VALUE,
        'typhaPodDisruptionBudget',
        `'typhaPodDisruptionBudget' must be an object { minAvailable } or { maxUnavailable } (and optionally unhealthyPodEvictionPolicy), got ${show(pdb)}`,
      );
    } else {
      if (pdb.minAvailable !== undefined && pdb.maxUnavailable !== undefined) {
        problems.add(
          ProblemCode.CONTRADICTORY_SETTINGS,
          'typhaPodDisruptionBudget',
          `'typhaPodDisruptionBudget' may set minAvailable or maxUnavailable, not both (the CRD: "minAvailable and maxUnavailable are mutually exclusive")`,
        );
      }
      const spec = { ...pdb };
      const before = problems.count;
      for (const issue of schemaProblems(ctx.line, INSTALLATION, ['spec', 'typhaPodDisruptionBudget', 'spec'], spec, 'typhaPodDisruptionBudget'))
        problems.add(ProblemCode.SCHEMA_VIOLATION, issue.path, issue.message);
      if (problems.count === before) out.typhaPodDisruptionBudget = { spec };
    }
  }
  return out;
}

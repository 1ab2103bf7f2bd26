/** CalicoEbpfDataplane: props → fully defaulted, validated configuration. */
import { propsShapeProblems } from '../validation/props-shape';
import { isOneOf, isPlainObject } from '../validation/checks';
import { checkNamespace } from '../validation/names';
import { resolveImages, type ResolvedImages } from './image-settings';
import type { CalicoEbpfDataplaneProps } from './dataplane-props';
import { resolvePlatform, type ResolvedPlatform } from '../distributions/distribution';
import type { DistributionPreset } from '../distributions/presets';
import { resolveInstallationSettings, type ResolvedInstallationSettings } from './installation-settings';
import { ProblemCode, Problems, show } from '../validation/errors';
import { WarningCode, acknowledge, prefixed, uniqueWarnings, warning, type CalicoWarning } from '../validation/warnings';
import { collectFelixBpfTuning, type ResolvedFelixBpfTuning } from '../felix/felix';
import { resolveGitOps, type ResolvedGitOps } from '../gitops/gitops-config';
import { MAX_SECRET_BYTES, crdReleaseBytes, crdReleaseSizeWarning } from '../lifecycle/helm-release-size';
import { resolveK3d, type ResolvedK3d } from '../lifecycle/k3d';
import { meshDefaultNotes, meshWarnings, resolveServiceMesh, type ResolvedServiceMesh } from '../meshes/mesh';
import { resolveServiceFields } from '../meshes/service-fields';
import { resolveObservability, type ResolvedObservability } from '../observability/monitoring';
import type { ResolvedIpPool } from './ip-pools';
import { resolveOperatorValues } from './operator-values';
import { resolveWireguard } from './wireguard';
import { checkAvailable } from '../releases/version-gates';
import {
  CALICO_RELEASES,
  DEFAULT_CALICO_VERSION,
  LINE_FACTS,
  MIN_CALICO_VERSION,
  calicoRelease,
  compareVersions,
  lineOf,
  parseCalicoVersion,
  type CalicoLine,
} from '../releases/calico-releases';
import { ClusterRoutingMode, CalicoApiGroup, CrdDelivery, ExternalServiceMode, GitOpsFlavor, ServiceMesh, Teardown, allowed } from './values';

/**
 * The dataplane with every default applied and every rule checked. Read-only. The platform
 * fields (distribution, provider, CNI, CIDRs and pools, kube-proxy, endpoint) are those of
 * `ResolvedPlatform`, decided by the distribution preset.
 */
export interface ResolvedCalicoEbpfDataplane extends Omit<ResolvedPlatform, 'preset'> {
  /** The cluster identifier, when given. */
  readonly clusterName?: string;
  readonly calicoVersion: string;
  /** The release line of `calicoVersion`, whose CRDs, chart values and behaviour the output follows. */
  readonly calicoLine: CalicoLine;
  readonly operatorVersion: string;
  readonly helmRepository: string;
  readonly namespace: string;
  readonly clusterRoutingMode?: ClusterRoutingMode;
  /** BGP, MTU, node address detection, calico-node resources, volume paths, overrides. */
  readonly installation: ResolvedInstallationSettings;
  /** The mesh kind (`istio`, `linkerd`, `none`)... */
  readonly serviceMesh: ServiceMesh;
  /** ... and the mesh in full (provider, mode, Calico's Istio resource spec). */
  readonly mesh: ResolvedServiceMesh;
  readonly externalServiceMode: ExternalServiceMode;
  readonly images: ResolvedImages;
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
  /** Things the user should know that are not errors, each with its code; acknowledged codes are left out. */
  readonly warnings: readonly CalicoWarning[];
  /** The codes in `acknowledgeWarnings` that this configuration raised (and that are therefore not in `warnings`). */
  readonly acknowledgedWarnings: readonly WarningCode[];
  /** Defaults worth knowing where they change behaviour, each with the prop that changes it (printed once in the summary). */
  readonly notes: readonly string[];
}

/** Validates and defaults CalicoEbpfDataplane props; throws one CalicoValidationError listing every problem. */
export function resolveCalicoEbpfDataplane(props: CalicoEbpfDataplaneProps = {}): ResolvedCalicoEbpfDataplane {
  const problems = new Problems();
  const warnings: CalicoWarning[] = [];
  if (!isPlainObject(props)) {
    problems.add(ProblemCode.INVALID_VALUE, 'props', `the dataplane props must be an object, got ${show(props)}`);
    problems.throwIfAny();
  }
  // The shape from the schema of the props types (types, value sets, unknown keys at any depth);
  // the code below checks the rules (a rule that says why a value is refused, such as a refused
  // distribution, replaces the schema's sentence at that path).
  problems.addShape(propsShapeProblems('CalicoEbpfDataplaneProps', props));

  const { calicoVersion, operatorVersion, line } = resolveVersions(props, problems, warnings);
  const helmRepository = props.helmRepository ?? 'https://docs.tigera.io/calico/charts';
  if (typeof helmRepository !== 'string' || !/^(https?|oci):\/\/\S+$/.test(helmRepository)) {
    problems.add(ProblemCode.INVALID_VALUE, 'helmRepository', `'helmRepository' must be an http(s):// or oci:// URL, got ${show(helmRepository)}`);
  }
  const namespace = props.namespace ?? 'tigera-operator';
  checkNamespace(problems, 'namespace', namespace);

  const platform = resolvePlatform(props, problems, warnings);
  const { distribution, kubeProxy, ipPools } = platform;

  const mesh = resolveServiceMesh(props.serviceMesh, problems, line);
  const serviceMesh = mesh.kind;
  const felixDataplaneSpec = resolveServiceFields(props, mesh, kubeProxy, problems, warnings, LINE_FACTS[line]);
  warnings.push(...meshWarnings(mesh, distribution));
  const externalServiceMode = (felixDataplaneSpec.bpfExternalServiceMode as ExternalServiceMode | undefined) ?? ExternalServiceMode.TUNNEL;

  const images = resolveImages(props, problems);
  if (images.registry !== undefined && props.helmRepository === undefined) {
    // The images come from the mirror, but the charts would still come from the public repository.
    warnings.push(
      warning(
        WarningCode.CHARTS_FROM_PUBLIC_REPOSITORY,
        `registry: images come from ${images.registry.replace(/\/$/, '')}, but the charts still come from ${helmRepository}; on an air-gapped cluster set 'helmRepository' to your chart mirror (an http(s):// Helm repository or an oci:// registry path)`,
      ),
    );
  }
  // An invalid group is reported once here; everything downstream works with the default.
  const calicoApiGroup = isOneOf(props.calicoApiGroup ?? CalicoApiGroup.CRD_V1, allowed(CalicoApiGroup))
    ? (props.calicoApiGroup ?? CalicoApiGroup.CRD_V1)
    : CalicoApiGroup.CRD_V1;
  const crdChart = calicoApiGroup === CalicoApiGroup.V3 ? 'projectcalico.org.v3' : 'crd.projectcalico.org.v1';
  const components = resolveComponents(props, problems);

  const clusterRoutingMode = props.clusterRoutingMode;
  if (clusterRoutingMode !== undefined && isOneOf(clusterRoutingMode, ['BIRD', 'Felix', 'FelixIPIPOnly'])) {
    checkAvailable(problems, calicoVersion, 'clusterRoutingMode', clusterRoutingMode);
  }
  const felix = collectFelixBpfTuning(props.felix ?? {}, problems, {
    pathPrefix: 'felix.',
    apiGroup: calicoApiGroup,
    calicoVersion,
    ...(clusterRoutingMode !== undefined ? { clusterRoutingMode } : {}),
  });
  checkScaleFamilies(felix, ipPools, problems);
  if (LINE_FACTS[line].kernel.btf) warnings.push(kernelWarning(calicoVersion, line, felix.spec.bpfIPFragmentReassemblyEnabled !== false));
  const felixPlatformSpec = platformFelixFields(platform.preset, felix, problems);
  const wireguardSpec = resolveWireguard(props.wireguard, { ipPools, ...(props.mtu !== undefined ? { mtu: props.mtu } : {}) }, problems, warnings);
  const installation = resolveInstallationSettings(
    props,
    {
      calicoVersion,
      line,
      cniType: platform.cniType,
      ipPools,
      ...(clusterRoutingMode !== undefined ? { clusterRoutingMode } : {}),
      ...(platform.preset.kubeletVolumePluginPath !== undefined ? { kubeletVolumePluginPath: platform.preset.kubeletVolumePluginPath } : {}),
      ...(felix.sizing ? { sizing: felix.sizing } : {}),
    },
    problems,
    warnings,
  );
  const observability = resolveObservability(props.observability, felix, problems, warnings, namespace);
  warnings.push(...felix.warnings.map((w) => prefixed(w, felix.sizing ? 'felix.scale' : 'felix')));
  const clusterName = props.clusterName;
  if (clusterName !== undefined && (typeof clusterName !== 'string' || !/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/.test(clusterName))) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      'clusterName',
      `'clusterName' must be a DNS label of at most 40 characters (lowercase letters, digits and '-'), got ${show(clusterName)}`,
    );
  }
  const gitops = resolveGitOps(props.gitops, distribution, problems, warnings, clusterName);
  const crdDelivery = props.crdDelivery ?? CrdDelivery.OPERATOR;
  if (crdDelivery === CrdDelivery.HELM_RELEASE) {
    // Helm keeps a release in one Secret (1 MiB at most): a CRD chart bigger than that cannot be
    // installed, upgraded or handed over — refused where the measured size says so.
    const bytes = crdReleaseBytes(crdChart, line) ?? crdReleaseBytes('crd.projectcalico.org.v1', line);
    // Only an Argo CD Helm source renders the chart without storing a release (on k3s, Argo CD's
    // "helmchart" source still has helm-controller install it as one).
    const storesRelease = !(gitops.flavor === GitOpsFlavor.ARGOCD && gitops.argocd.operatorSource === 'helm-source');
    if (bytes !== undefined && bytes > MAX_SECRET_BYTES && storesRelease && !problems.has('calicoVersion')) {
      problems.add(
        ProblemCode.UNSUPPORTED_VERSION,
        'crdDelivery',
        `'crdDelivery' "helm-release" cannot work with Calico ${calicoVersion}: Helm would store the ${crdChart} chart as a ${bytes}-byte release Secret (measured from the real ${line} chart), over Kubernetes' ${MAX_SECRET_BYTES}-byte limit, so the install fails ("data: Too long"); use crdDelivery "operator" (the operator creates and updates the CRDs itself), as upstream's 3.33 docs apply the CRDs with server-side apply rather than as a release`,
      );
    } else {
      warnings.push(crdReleaseSizeWarning(crdChart, calicoVersion, line, gitops.flavor));
    }
  }
  const teardown = props.teardown ?? Teardown.RETAIN;
  const k3d = resolveK3d(
    props.k3d,
    {
      distribution,
      podCidrs: platform.podCidrs,
      serviceCidrs: platform.serviceCidrs,
      kubeProxy,
      ...(clusterName !== undefined ? { clusterName } : {}),
      apiServerGiven: props.apiServer !== undefined,
    },
    problems,
  );

  const partial = {
    calicoVersion,
    line,
    ...(installation.imagePullPolicy ? { imagePullPolicy: installation.imagePullPolicy } : {}),
    operatorVersion,
    namespace,
    images,
    crdDelivery,
    calicoApiGroup,
    nodeDns: platform.nodeDns,
    ...(platform.preset.chartProvider ? { chartProvider: platform.preset.chartProvider } : {}),
  };
  const helmValues = resolveOperatorValues(partial, props.helmValues, problems);

  problems.throwIfAny(typeof props.clusterName === 'string' && props.clusterName !== '' ? props.clusterName : undefined);
  // The preset stays out: the resolved configuration is plain data that names its distribution.
  const { preset: _preset, ...platformFields } = platform;
  return {
    ...(clusterName !== undefined ? { clusterName } : {}),
    calicoVersion,
    calicoLine: line,
    operatorVersion,
    helmRepository,
    namespace,
    ...platformFields,
    ...(clusterRoutingMode !== undefined ? { clusterRoutingMode } : {}),
    installation,
    serviceMesh,
    mesh,
    externalServiceMode,
    images,
    calicoApiGroup,
    crdChart,
    components,
    felix,
    felixDataplaneSpec: { ...felixDataplaneSpec, ...felixPlatformSpec, ...wireguardSpec },
    helmValues,
    gitops,
    crdDelivery,
    teardown,
    ...(k3d ? { k3d } : {}),
    ...(observability ? { observability } : {}),
    // One warning once, even when two rules reach it.
    ...acknowledge(uniqueWarnings(warnings), acknowledgedCodes(props)),
    notes: meshDefaultNotes(props.serviceMesh, distribution),
  };
}

/** What 3.33's kernels need (release notes PR 12128 and 12293; the upgrade notes' kernel section). */
function kernelWarning(calicoVersion: string, line: CalicoLine, fragmentReassembly: boolean): CalicoWarning {
  const kernel = LINE_FACTS[line].kernel;
  return warning(
    WarningCode.KERNEL_REQUIREMENTS,
    `Calico ${calicoVersion} loads only CO-RE BPF programs: every node needs Linux ${kernel.minimum} or later with BTF (/sys/kernel/btf/vmlinux present; RHEL 8.4 from 4.18.0-305), or its calico-node stays not ready` +
      (fragmentReassembly
        ? `; IP fragment reassembly (on by default) needs a kernel newer than ${kernel.minimum} — on ${kernel.minimum} nodes set felix.ipFragmentReassemblyEnabled false, or Felix stays not ready`
        : ''),
  );
}

/** The codes the user acknowledged (the schema has checked them: anything else is a shape problem already). */
function acknowledgedCodes(props: CalicoEbpfDataplaneProps): readonly string[] {
  const codes = (list: unknown): string[] => (Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : []);
  // The tuning's own list counts too: its props are the same type as a standalone FelixBpfTuning's.
  return [...codes(props.acknowledgeWarnings), ...codes(props.felix?.acknowledgeWarnings)];
}

function resolveVersions(
  props: CalicoEbpfDataplaneProps,
  problems: Problems,
  warnings: CalicoWarning[],
): { calicoVersion: string; operatorVersion: string; line: CalicoLine } {
  const calicoVersion = props.calicoVersion ?? DEFAULT_CALICO_VERSION;
  const known = CALICO_RELEASES.map((r) => r.version).join(', ');
  const parsed = typeof calicoVersion === 'string' ? parseCalicoVersion(calicoVersion) : undefined;
  const line = typeof calicoVersion === 'string' ? lineOf(calicoVersion) : undefined;
  if (!parsed) {
    problems.add(
      ProblemCode.INVALID_VERSION,
      'calicoVersion',
      `'calicoVersion' must be a Calico release tag like "${DEFAULT_CALICO_VERSION}" (with the leading v), got ${show(calicoVersion)}`,
    );
  } else if (compareVersions(parsed, parseCalicoVersion(MIN_CALICO_VERSION)!) < 0) {
    problems.add(
      ProblemCode.UNSUPPORTED_VERSION,
      'calicoVersion',
      `'calicoVersion' ${show(calicoVersion)} is older than ${MIN_CALICO_VERSION}, the first release with separate CRD charts; use one of ${known}`,
    );
  } else if (!line) {
    problems.add(
      ProblemCode.UNSUPPORTED_VERSION,
      'calicoVersion',
      `'calicoVersion' ${show(calicoVersion)} is from a release line this library has no facts for (its CRDs, chart values, images and operator behaviour); use one of ${known}`,
    );
  }
  const release = typeof calicoVersion === 'string' ? calicoRelease(calicoVersion) : undefined;
  let operatorVersion = props.operatorVersion ?? release?.operator ?? '';
  if (props.operatorVersion !== undefined && (typeof props.operatorVersion !== 'string' || !/^v\d+\.\d+\.\d+$/.test(props.operatorVersion))) {
    problems.add(
      ProblemCode.INVALID_VERSION,
      'operatorVersion',
      `'operatorVersion' must be a tigera/operator tag like "v1.44.1", got ${show(props.operatorVersion)}`,
    );
  } else if (operatorVersion === '' && parsed && line) {
    problems.add(
      ProblemCode.INVALID_VERSION,
      'operatorVersion',
      `'calicoVersion' ${show(calicoVersion)} is not one this library knows (${known}); set 'operatorVersion' to the tigera/operator tag its chart pins to render it with the ${line} line's facts`,
    );
    operatorVersion = 'unknown';
  } else if (!release && line) {
    warnings.push(
      warning(
        WarningCode.UNKNOWN_CALICO_RELEASE,
        `calicoVersion ${show(calicoVersion)} is not a release this library knows (${known}): rendered with the facts of the ${line} line and operator ${operatorVersion}; check its release notes`,
      ),
    );
  }
  if (calicoVersion === 'v3.33.0') {
    warnings.push(
      warning(
        WarningCode.DEFECTIVE_CALICO_RELEASE,
        `calicoVersion "v3.33.0": its operator (v1.44.0) can overwrite or remove FelixConfiguration settings when it applies its own changes (fixed in v1.44.1, tigera/operator#5367); use v3.33.1`,
      ),
    );
  }
  return {
    calicoVersion: typeof calicoVersion === 'string' ? calicoVersion : DEFAULT_CALICO_VERSION,
    operatorVersion,
    line: line ?? lineOf(DEFAULT_CALICO_VERSION)!,
  };
}

function resolveComponents(props: CalicoEbpfDataplaneProps, problems: Problems): ResolvedCalicoEbpfDataplane['components'] {
  const c = props.components ?? {};
  if (!isPlainObject(c)) {
    problems.add(ProblemCode.INVALID_VALUE, 'components', `'components' must be an object, got ${show(c)}`);
    return { apiServer: true, goldmane: true, whisker: true };
  }
  const out = { apiServer: c.apiServer ?? true, goldmane: c.goldmane ?? true, whisker: c.whisker ?? true };
  if (out.whisker === true && out.goldmane === false) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'components.whisker',
      `'components.whisker' needs Goldmane, but 'components.goldmane' is false; enable goldmane or disable whisker`,
    );
  }
  return out;
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

/**
 * FelixConfiguration fields the platform needs (Talos: `cgroupV2Path`, its root file system is
 * read-only). The same value in `felix.additionalSpec` is fine; another one is a contradiction.
 */
function platformFelixFields(preset: DistributionPreset, felix: ResolvedFelixBpfTuning, problems: Problems): Record<string, string> {
  for (const [field, value] of Object.entries(preset.felixSpec)) {
    const mine = felix.spec[field];
    if (mine !== undefined && mine !== value) {
      problems.add(
        ProblemCode.PLATFORM_CONFLICT,
        `felix.additionalSpec.${field}`,
        `'felix.additionalSpec.${field}' ${show(mine)} cannot be used on distribution ${show(preset.name)}: it needs ${show(value)} (the default path is not writable there); remove it`,
      );
    }
  }
  return { ...preset.felixSpec };
}

/** FelixBpfTuning: resolve (validate + default) and render FelixConfiguration. */
import { propsShapeProblems } from '../validation/props-shape';
import {
  isIntegerIn,
  isOneOf,
  checkBoolean,
  checkCidrList,
  checkDuration,
  checkInteger,
  checkOneOf,
  checkRe2,
  checkString,
  isPlainObject,
} from '../validation/checks';
import { CalicoValidationError, ProblemCode, Problems, show } from '../validation/errors';
import { MAP_SIZE_FIELDS, SIMPLE_FIELDS, TUNING_FIELDS } from './felix-fields';
import { CALICO_RELEASES, DEFAULT_CALICO_VERSION, lineOf, type CalicoLine } from '../releases/calico-releases';
import { checkAvailable } from '../releases/version-gates';
import type { FelixBpfTuningProps } from './felix-props';
import { addEscapeHatch } from './escape-hatch';
import { handSetSizeWarnings, sizeFromScale } from './map-sizes';
import { celProblems } from '../validation/cel';
import type { KubeObject } from '../dataplane/kube';
import type { MapSizingReport } from '../sizing/map-sizing';
import { acknowledge, type CalicoWarning, type WarningCode } from '../validation/warnings';
import { BpfLogLevel, CalicoApiGroup, ConntrackScaling, EnforceRpf, LogSeverity, allowed } from '../dataplane/values';

/** A FelixConfiguration fully decided: its name, API group and the spec fields to write. */
export interface ResolvedFelixBpfTuning {
  /** `default` or `node.<nodeName>`. */
  readonly resourceName: string;
  readonly apiGroup: CalicoApiGroup;
  /** The Calico release the FelixConfiguration was checked against. */
  readonly calicoVersion: string;
  /** FelixConfiguration `spec` fields this tuning writes (unset props are absent). */
  readonly spec: Readonly<Record<string, unknown>>;
  /** With `scale`: the map-sizing report the `bpfMapSize*` fields came from (needs, memory, warnings). */
  readonly sizing?: MapSizingReport;
  /** What applying these settings does on a running cluster (map resizes restart Felix, …). */
  readonly warnings: readonly CalicoWarning[];
  /** The codes in `acknowledgeWarnings` this tuning raised (not in `warnings`); inside a dataplane, the dataplane's list. */
  readonly acknowledgedWarnings: readonly WarningCode[];
}

/** Every prop FelixBpfTuningProps accepts, for typo detection in files. */
export const FELIX_TUNING_PROP_NAMES: readonly string[] = [
  'nodeName',
  'name',
  'nodeSelector',
  'calicoVersion',
  'apiGroup',
  ...MAP_SIZE_FIELDS.map((m) => m.prop),
  ...Object.keys(TUNING_FIELDS),
  'scale',
  'additionalSpec',
  'acknowledgeWarnings',
];

/** Options the dataplane passes when the tuning is part of FelixConfiguration `default`. */
export interface TuningContext {
  /** Prefix of prop paths in messages, e.g. `felix.`. */
  readonly pathPrefix: string;
  /** API group decided by the dataplane; `apiGroup` in the props is then an error. */
  readonly apiGroup?: CalicoApiGroup;
  /** The Installation's clusterRoutingMode, when the dataplane sets one (the operator then owns programClusterRoutes). */
  readonly clusterRoutingMode?: string;
  /** Calico release decided by the dataplane; `calicoVersion` in the props is then an error. */
  readonly calicoVersion?: string;
}

/** Validates and defaults FelixBpfTuning props; throws CalicoValidationError listing every problem. */
export function resolveFelixBpfTuning(props: FelixBpfTuningProps = {}, options: ResolveTuningOptions = {}): ResolvedFelixBpfTuning {
  const problems = new Problems();
  if (isPlainObject(props)) problems.addShape(propsShapeProblems('FelixBpfTuningProps', props));
  let input = props;
  const inherited = options.dataplaneApiGroup;
  if (inherited !== undefined && isPlainObject(props)) {
    // A tuning placed with a dataplane's resources writes the same API group the dataplane's CRDs serve.
    if (props.apiGroup !== undefined && props.apiGroup !== inherited) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        'apiGroup',
        `'apiGroup' ${show(props.apiGroup)} differs from the dataplane's calicoApiGroup ${show(inherited)} this FelixBpfTuning is placed with; remove it (it follows the dataplane) or move the tuning out of the dataplane's resources`,
      );
    }
    input = { ...props, apiGroup: inherited };
  }
  const version = options.dataplaneCalicoVersion;
  if (version !== undefined && isPlainObject(input)) {
    if (props.calicoVersion !== undefined && props.calicoVersion !== version) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        'calicoVersion',
        `'calicoVersion' ${show(props.calicoVersion)} differs from the dataplane's calicoVersion ${show(version)} this FelixBpfTuning is placed with; remove it (it follows the dataplane)`,
      );
    }
    input = { ...input, calicoVersion: version };
  }
  const resolved = collectFelixBpfTuning(input, problems, { pathPrefix: '' });
  problems.throwIfAny();
  const acked = Array.isArray(props.acknowledgeWarnings) ? props.acknowledgeWarnings.filter((c) => typeof c === 'string') : [];
  return { ...resolved, ...acknowledge(resolved.warnings, acked) };
}

/** Context an adapter knows about where a tuning is placed. */
export interface ResolveTuningOptions {
  /** The `calicoApiGroup` of the dataplane whose resources the tuning is placed with. */
  readonly dataplaneApiGroup?: CalicoApiGroup;
  /** The `calicoVersion` of that dataplane. */
  readonly dataplaneCalicoVersion?: string;
}

/** @internal the resolver body, collecting into a caller-owned problem list. */
export function collectFelixBpfTuning(props: FelixBpfTuningProps, problems: Problems, ctx: TuningContext): ResolvedFelixBpfTuning {
  const p = (name: string): string => `${ctx.pathPrefix}${name}`;
  if (!isPlainObject(props)) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      ctx.pathPrefix.replace(/\.$/, '') || 'props',
      `'${ctx.pathPrefix || 'props'}' must be an object, got ${show(props)}`,
    );
    return {
      resourceName: 'default',
      apiGroup: CalicoApiGroup.CRD_V1,
      calicoVersion: ctx.calicoVersion ?? DEFAULT_CALICO_VERSION,
      spec: {},
      warnings: [],
      acknowledgedWarnings: [],
    };
  }
  const problemsBefore = problems.count;
  const spec: Record<string, unknown> = {};

  let resourceName = 'default';
  if (props.nodeName !== undefined) {
    if (ctx.apiGroup !== undefined) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        p('nodeName'),
        `'${p('nodeName')}' cannot be set here: CalicoEbpfDataplane always configures FelixConfiguration "default"; use a separate FelixBpfTuning with nodeName ${show(props.nodeName)}`,
      );
    } else if (checkString(problems, p('nodeName'), props.nodeName)) {
      if (/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(props.nodeName) && props.nodeName.length <= 248) {
        resourceName = `node.${props.nodeName}`;
      } else {
        problems.add(
          ProblemCode.INVALID_VALUE,
          p('nodeName'),
          `'${p('nodeName')}' must be a Kubernetes node name (lowercase letters, digits, '-' and '.'), got ${show(props.nodeName)}`,
        );
      }
    }
  }

  if (props.name !== undefined || props.nodeSelector !== undefined) {
    const named = resolveNamedTuning(props, ctx, problems, p);
    if (named) {
      resourceName = named.name;
      spec.nodeSelector = named.nodeSelector;
    }
  }

  const calicoVersion = resolveTuningVersion(props, ctx, problems, p);
  const line: CalicoLine = lineOf(calicoVersion) ?? lineOf(DEFAULT_CALICO_VERSION)!;

  let apiGroup: CalicoApiGroup = ctx.apiGroup ?? CalicoApiGroup.CRD_V1;
  if (props.apiGroup !== undefined) {
    if (ctx.apiGroup !== undefined) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        p('apiGroup'),
        `'${p('apiGroup')}' cannot be set here; set 'calicoApiGroup' on the dataplane, which also picks the CRD chart`,
      );
    } else if (isOneOf(props.apiGroup, allowed(CalicoApiGroup))) {
      apiGroup = props.apiGroup;
    }
  }

  for (const m of MAP_SIZE_FIELDS) {
    const value = props[m.prop];
    if (value !== undefined && checkInteger(problems, p(m.prop), value, m.min, m.max, ` (entries; Felix default ${m.felixDefault})`)) {
      spec[m.field] = value;
    }
  }
  if (isOneOf(props.mapSizeConntrackScaling, allowed(ConntrackScaling))) {
    spec.bpfMapSizeConntrackScaling = props.mapSizeConntrackScaling;
  }
  const sizing = props.scale === undefined ? undefined : sizeFromScale(props, spec, problems, p);
  if (isOneOf(props.logLevel, allowed(BpfLogLevel))) {
    spec.bpfLogLevel = props.logLevel;
  }
  if (props.logFilters !== undefined) {
    const filters = props.logFilters as unknown;
    if (isPlainObject(filters) && Object.values(filters).every((v) => typeof v === 'string')) {
      spec.bpfLogFilters = sortKeys(filters);
    } else {
      problems.add(
        ProblemCode.INVALID_VALUE,
        p('logFilters'),
        `'${p('logFilters')}' must map interface names (or "all", "weps", "heps") to pcap filter strings, got ${show(filters)}`,
      );
    }
  }
  if (isOneOf(props.logSeverityScreen, allowed(LogSeverity))) {
    spec.logSeverityScreen = props.logSeverityScreen;
  }
  for (const [prop, field] of [
    ['dataIfacePattern', 'bpfDataIfacePattern'],
    ['l3IfacePattern', 'bpfL3IfacePattern'],
    ['disableGROForIfaces', 'bpfDisableGROForIfaces'],
  ] as const) {
    const value = props[prop];
    if (value !== undefined && checkRe2(problems, p(prop), value)) spec[field] = value;
  }
  if (props.kubeProxyMinSyncPeriod !== undefined) {
    const rendered = checkDuration(problems, p('kubeProxyMinSyncPeriod'), props.kubeProxyMinSyncPeriod);
    if (rendered !== undefined) spec.bpfKubeProxyMinSyncPeriod = rendered;
  }
  if (props.excludeCIDRsFromNAT !== undefined) {
    const before = problems.count;
    checkCidrList(problems, p('excludeCIDRsFromNAT'), props.excludeCIDRsFromNAT);
    if (problems.count === before) spec.bpfExcludeCIDRsFromNAT = [...props.excludeCIDRsFromNAT];
  }
  if (isOneOf(props.enforceRPF, allowed(EnforceRpf))) {
    spec.bpfEnforceRPF = props.enforceRPF;
  }
  if (typeof props.prometheusMetricsEnabled === 'boolean') {
    spec.prometheusMetricsEnabled = props.prometheusMetricsEnabled;
  }
  if (isIntegerIn(props.prometheusMetricsPort, 1, 65535)) {
    spec.prometheusMetricsPort = props.prometheusMetricsPort;
  }
  // The operator fills these only when unset (core_controller.go), so a user value stands.
  for (const [prop, max] of [
    ['vxlanPort', 65535],
    ['vxlanVNI', 16_777_215],
    ['healthPort', 65535],
  ] as const) {
    const value = props[prop];
    // The schema reports a value out of range; only a good one is written.
    if (isIntegerIn(value, 1, max)) spec[prop] = value;
  }
  for (const [prop, check] of Object.entries(SIMPLE_FIELDS)) {
    const value = (props as Record<string, unknown>)[prop];
    if (value === undefined) continue;
    const ok =
      'values' in check
        ? checkOneOf(problems, p(prop), value, check.values)
        : 'boolean' in check
          ? checkBoolean(problems, p(prop), value)
          : checkInteger(problems, p(prop), value, check.min, check.max);
    if (ok && checkAvailable(problems, calicoVersion, p(prop), value)) spec[TUNING_FIELDS[prop]!] = value;
  }
  if (props.ipFragTimeout !== undefined && checkAvailable(problems, calicoVersion, p('ipFragTimeout'))) {
    const rendered = checkDuration(problems, p('ipFragTimeout'), props.ipFragTimeout);
    if (rendered !== undefined) spec.bpfIPFragTimeout = rendered;
  }
  if (props.additionalSpec !== undefined) {
    addEscapeHatch(props.additionalSpec, spec, problems, p('additionalSpec'), ctx.clusterRoutingMode, apiGroup, calicoVersion);
  }
  // Only when this tuning is otherwise valid (the dataplane shares its problem list with other props).
  if (props.additionalSpec !== undefined && problems.count === problemsBefore) {
    // The CRD's CEL rules, which escape-hatch fields can break (e.g. routeTableRange with routeTableRanges).
    for (const broken of celProblems(line, `${apiGroup}:FelixConfiguration`, { metadata: { name: resourceName }, spec })) {
      problems.add(
        ProblemCode.SCHEMA_VIOLATION,
        p('additionalSpec'),
        `'${p('additionalSpec')}' breaks a FelixConfiguration CRD rule${broken.path ? ` on ${broken.path}` : ''}: ${broken.message}`,
      );
    }
  }
  const warnings = sizing ? sizing.warnings : handSetSizeWarnings(spec);
  return { resourceName, apiGroup, calicoVersion, spec: sortKeys(spec), ...(sizing ? { sizing } : {}), warnings, acknowledgedWarnings: [] };
}

/** `name` + `nodeSelector`: a FelixConfiguration for a node group (the CRD forbids a selector on default and node.*). */
function resolveNamedTuning(
  props: FelixBpfTuningProps,
  ctx: TuningContext,
  problems: Problems,
  p: (name: string) => string,
): { name: string; nodeSelector: string } | undefined {
  if (ctx.apiGroup !== undefined) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      p(props.name !== undefined ? 'name' : 'nodeSelector'),
      `'${p(props.name !== undefined ? 'name' : 'nodeSelector')}' cannot be set here: CalicoEbpfDataplane always configures FelixConfiguration "default"; use a separate FelixBpfTuning with name and nodeSelector`,
    );
    return undefined;
  }
  if (props.nodeName !== undefined) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      p('name'),
      `'${p('name')}'/'${p('nodeSelector')}' and '${p('nodeName')}' are two ways to pick nodes; use nodeName for one node, or name and nodeSelector for a group`,
    );
    return undefined;
  }
  if (props.name === undefined || props.nodeSelector === undefined) {
    const missing = props.name === undefined ? 'name' : 'nodeSelector';
    problems.add(
      ProblemCode.REQUIRED,
      p(missing),
      `'${p(missing)}' is required with '${p(missing === 'name' ? 'nodeSelector' : 'name')}': a node-group FelixConfiguration needs both a name and the selector of its nodes`,
    );
    return undefined;
  }
  const before = problems.count;
  if (checkString(problems, p('name'), props.name)) {
    if (props.name === 'default' || props.name.startsWith('node.')) {
      problems.add(
        ProblemCode.INVALID_VALUE,
        p('name'),
        `'${p('name')}' ${show(props.name)} is reserved (the CRD forbids a nodeSelector on "default" and "node.*"); pick another name, or use nodeName for one node`,
      );
    } else if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(props.name) || props.name.length > 253) {
      problems.add(
        ProblemCode.INVALID_VALUE,
        p('name'),
        `'${p('name')}' must be a Kubernetes object name (lowercase letters, digits, '-' and '.'), got ${show(props.name)}`,
      );
    }
  }
  if (checkString(problems, p('nodeSelector'), props.nodeSelector) && (props.nodeSelector.trim() === '' || props.nodeSelector.length > 1024)) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      p('nodeSelector'),
      `'${p('nodeSelector')}' must be a Calico selector of 1–1024 characters, e.g. "node-role.kubernetes.io/worker == 'true'", got ${show(props.nodeSelector)}`,
    );
  }
  return problems.count === before ? { name: props.name, nodeSelector: props.nodeSelector } : undefined;
}

/** The release the tuning is written for: the dataplane's, the tuning's own `calicoVersion`, or the default. */
function resolveTuningVersion(props: FelixBpfTuningProps, ctx: TuningContext, problems: Problems, p: (name: string) => string): string {
  if (ctx.calicoVersion !== undefined) {
    if (props.calicoVersion !== undefined)
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        p('calicoVersion'),
        `'${p('calicoVersion')}' cannot be set here; set 'calicoVersion' on the dataplane`,
      );
    return ctx.calicoVersion;
  }
  const version = props.calicoVersion ?? DEFAULT_CALICO_VERSION;
  if (typeof version !== 'string' || !lineOf(version)) {
    problems.add(
      ProblemCode.UNSUPPORTED_VERSION,
      p('calicoVersion'),
      `'${p('calicoVersion')}' must be a Calico release of a line this library knows (${CALICO_RELEASES.map((r) => r.version).join(', ')}), got ${show(version)}`,
    );
    return DEFAULT_CALICO_VERSION;
  }
  return version;
}

/** Renders the FelixConfiguration object for a resolved tuning (plus any dataplane-decided fields). */
export function renderFelixConfiguration(tuning: ResolvedFelixBpfTuning, dataplaneSpec: Readonly<Record<string, unknown>> = {}): KubeObject {
  return {
    apiVersion: tuning.apiGroup,
    kind: 'FelixConfiguration',
    metadata: { name: tuning.resourceName },
    spec: sortKeys({ ...tuning.spec, ...dataplaneSpec }),
  };
}

/** Copy with keys in code-point order, so output does not depend on prop order. */
export function sortKeys<T extends Record<string, unknown>>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;
}

/** The error for a second tuning of the same FelixConfiguration (two writers would overwrite each other). */
export function duplicateFelixConfigurationError(tuning: ResolvedFelixBpfTuning, firstOwner: string, secondOwner: string): CalicoValidationError {
  return new CalicoValidationError([
    {
      code: ProblemCode.DUPLICATE_FELIX_CONFIGURATION,
      path: secondOwner,
      message: `FelixConfiguration ${show(tuning.resourceName)} is already configured by ${show(firstOwner)}, so ${show(secondOwner)} would overwrite it; merge the settings into one FelixBpfTuning (or the dataplane's 'felix' prop), give this one a different nodeName, or — if it is for another cluster — place it with that cluster (cdk8s: in that dataplane's resourcesChart; Pulumi: with that cluster's provider)`,
    },
  ]);
}

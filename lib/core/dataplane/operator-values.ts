/**
 * Values of the `tigera-operator` chart. The chart only deploys the operator: Installation and
 * FelixConfiguration are rendered by this library (one owner per object), so the chart's own are
 * switched off and the escape hatch cannot switch them back on.
 */
import { checkKnownKeys, isPlainObject } from '../validation/checks';
import { ProblemCode, Problems, show } from '../validation/errors';

/** Top-level keys the v3.32 chart reads (values.yaml plus `dnsPolicy`, read by the templates). */
const CHART_KEYS: readonly string[] = [
  'imagePullSecrets', 'installation', 'apiServer', 'goldmane', 'whisker', 'defaultFelixConfiguration', 'certs', 'manageCRDs',
  'resources', 'additionalLabels', 'tolerations', 'nodeSelector', 'affinity', 'priorityClassName', 'podAnnotations', 'podLabels',
  'dnsConfig', 'dnsPolicy', 'tigeraOperator', 'calicoctl', 'kubernetesServiceEndpoint',
];

/** Chart keys that would create objects this library renders itself, and the prop to use instead. */
const OWNED_KEYS: Readonly<Record<string, string>> = {
  installation: 'the dataplane props (the library renders Installation "default")',
  defaultFelixConfiguration: "'felix' (the library renders FelixConfiguration \"default\")",
  kubernetesServiceEndpoint: "'apiServer' (the library renders the kubernetes-services-endpoint ConfigMap)",
};

interface ValuesInput {
  readonly operatorVersion: string;
  readonly images: { readonly registry?: string; readonly imagePath?: string; readonly imagePullSecrets: readonly string[] };
  readonly components: { readonly apiServer: boolean; readonly goldmane: boolean; readonly whisker: boolean };
}

/** The chart values the library decides. */
export function computedOperatorValues(input: ValuesInput): Record<string, unknown> {
  const { registry, imagePath, imagePullSecrets } = input.images;
  return {
    apiServer: { enabled: input.components.apiServer },
    defaultFelixConfiguration: { enabled: false },
    goldmane: { enabled: input.components.goldmane },
    installation: {
      enabled: false,
      // The chart also gives these to the operator Deployment, which is what air-gapped clusters need.
      ...(imagePullSecrets.length > 0 ? { imagePullSecrets: imagePullSecrets.map((name) => ({ name })) } : {}),
    },
    tigeraOperator: {
      image: imagePath ? `${imagePath}/operator` : 'tigera/operator',
      registry: registry ? registry.replace(/\/+$/, '') : 'quay.io',
      version: input.operatorVersion,
    },
    whisker: { enabled: input.components.whisker },
  };
}

/** Computed values deep-merged with the user's; contradictions and owned keys are problems. */
export function resolveOperatorValues(input: ValuesInput, extra: unknown, problems: Problems): Record<string, unknown> {
  const computed = computedOperatorValues(input);
  if (extra === undefined) return sortDeep(computed);
  if (!isPlainObject(extra)) {
    problems.add(ProblemCode.INVALID_VALUE, 'helmValues', `'helmValues' must be an object of tigera-operator chart values, got ${show(extra)}`);
    return sortDeep(computed);
  }
  checkKnownKeys(problems, 'helmValues', extra, CHART_KEYS);
  for (const key of Object.keys(extra)) {
    if (key in OWNED_KEYS && !agrees(computed[key], extra[key])) {
      problems.add(ProblemCode.ESCAPE_HATCH_CONFLICT, `helmValues.${key}`, `'helmValues.${key}' must not be set: use ${OWNED_KEYS[key]}`);
    }
  }
  const merged = merge(computed, extra, 'helmValues', problems);
  return sortDeep(merged);
}

/** True when every leaf of `theirs` equals the same leaf of `ours` (so merging changes nothing). */
function agrees(ours: unknown, theirs: unknown): boolean {
  if (isPlainObject(ours) && isPlainObject(theirs)) return Object.entries(theirs).every(([k, v]) => agrees(ours[k], v));
  return JSON.stringify(ours) === JSON.stringify(theirs);
}

function merge(ours: Record<string, unknown>, theirs: Record<string, unknown>, path: string, problems: Problems): Record<string, unknown> {
  const out: Record<string, unknown> = { ...ours };
  for (const [key, value] of Object.entries(theirs)) {
    const at = `${path}.${key}`;
    const mine = ours[key];
    // Owned keys were reported once already by the caller.
    if (path === 'helmValues' && key in OWNED_KEYS) continue;
    if (mine === undefined) {
      out[key] = value;
    } else if (isPlainObject(mine) && isPlainObject(value)) {
      out[key] = merge(mine, value, at, problems);
    } else if (JSON.stringify(mine) !== JSON.stringify(value)) {
      problems.add(ProblemCode.ESCAPE_HATCH_CONFLICT, at, `'${at}' ${show(value)} contradicts the value the library sets (${show(mine)}); change the typed prop that decides it instead`);
    }
  }
  return out;
}

/** Deep copy with object keys sorted, for byte-identical output. */
export function sortDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortDeep) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortDeep(value[k])]),
    ) as T;
  }
  return value;
}

/**
 * Values of the `tigera-operator` chart. The chart only deploys the operator: Installation,
 * FelixConfiguration and the APIServer/Goldmane/Whisker resources are rendered by this library
 * (one owner per object), so the chart's own are switched off and the escape hatch cannot switch
 * them back on. With them off the chart renders no custom resource, so it installs on a cluster
 * that has no Calico CRD yet (the operator creates the CRDs when it starts, see `manageCRDs`).
 */
import { checkKnownKeys, isPlainObject } from '../validation/checks';
import { ProblemCode, Problems, show } from '../validation/errors';
import { CalicoApiGroup, CrdDelivery } from './values';
import { trimTrailingSlashes } from '../validation/names';
import { crdSchema, schemaProblems } from '../validation/schemas';
import { LINE_FACTS, type CalicoLine } from '../releases/calico-releases';

/** Top-level keys a line's chart reads: values.yaml plus what the templates read (from the generated schema). */
function chartKeys(line: CalicoLine): string[] {
  return Object.keys((crdSchema(line, 'tigera-operator:values')?.properties ?? {}) as Record<string, unknown>);
}

/** Chart keys that would create objects this library renders itself, and the prop to use instead. */
const OWNED_KEYS: Readonly<Record<string, string>> = {
  installation: 'the dataplane props (the library renders Installation "default")',
  defaultFelixConfiguration: '\'felix\' (the library renders FelixConfiguration "default")',
  kubernetesServiceEndpoint: "'apiServer' (the library renders the kubernetes-services-endpoint ConfigMap)",
  apiServer: '\'components.apiServer\' (the library renders APIServer "default")',
  goldmane: '\'components.goldmane\' (the library renders Goldmane "default")',
  whisker: '\'components.whisker\' (the library renders Whisker "default")',
  manageCRDs: '\'crdDelivery\' ("operator" sets manageCRDs true, "helm-release" false)',
};

interface ValuesInput {
  readonly calicoVersion: string;
  readonly line: CalicoLine;
  /** 3.33+: the operator's own pull policy (chart `tigeraOperator.imagePullPolicy`). */
  readonly imagePullPolicy?: string;
  readonly operatorVersion: string;
  /** The API-server host is a DNS name: resolve it with the node's resolver. */
  readonly nodeDns?: boolean;
  /** The chart's own `installation.kubernetesProvider` (OpenShift RBAC and init containers). */
  readonly chartProvider?: string;
  readonly images: { readonly registry?: string; readonly imagePath?: string; readonly imagePullSecrets: readonly string[] };
  readonly crdDelivery: CrdDelivery;
  readonly calicoApiGroup: CalicoApiGroup;
}

/** The chart values the library decides. */
export function computedOperatorValues(input: ValuesInput): Record<string, unknown> {
  const { registry, imagePath, imagePullSecrets } = input.images;
  const host = registry ? trimTrailingSlashes(registry) : 'quay.io';
  return {
    // The library renders these as resources after the operator (see render.ts).
    apiServer: { enabled: false },
    // The chart reads installation.kubernetesProvider even with installation.enabled false: on
    // OpenShift it adds the SCC/config.openshift.io RBAC and the init containers, the second of
    // which runs calicoctl (so its image follows the air-gap registry too).
    // 3.33 ships calicoctl inside the combined calico/calico image.
    ...(input.chartProvider
      ? { calicoctl: { image: `${host}/${imagePath ?? 'calico'}/${LINE_FACTS[input.line].calicoctlImage}`, tag: input.calicoVersion } }
      : {}),
    defaultFelixConfiguration: { enabled: false },
    // calico-node inherits the operator's DNS settings; before the CNI is up only the node's resolver works.
    ...(input.nodeDns ? { dnsPolicy: 'Default' } : {}),
    goldmane: { enabled: false },
    installation: {
      enabled: false,
      // The chart also gives these to the operator Deployment, which is what air-gapped clusters need.
      ...(imagePullSecrets.length > 0 ? { imagePullSecrets: imagePullSecrets.map((name) => ({ name })) } : {}),
      ...(input.chartProvider ? { kubernetesProvider: input.chartProvider } : {}),
    },
    // One writer for the CRDs: the operator (Ensure at start, update on every upgrade) or the CRD release.
    manageCRDs: input.crdDelivery === CrdDelivery.OPERATOR,
    tigeraOperator: {
      // On a fresh cluster the operator picks the API group by discovery, which finds no Calico
      // group and falls back to crd.projectcalico.org/v1; v3 has to be asked for (OP:pkg/apis/version.go).
      ...(input.calicoApiGroup === CalicoApiGroup.V3 ? { env: [{ name: 'CALICO_API_GROUP', value: CalicoApiGroup.V3 }] } : {}),
      image: imagePath ? `${imagePath}/operator` : 'tigera/operator',
      ...(input.imagePullPolicy ? { imagePullPolicy: input.imagePullPolicy } : {}),
      registry: host,
      version: input.operatorVersion,
    },
    whisker: { enabled: false },
  };
}

/** Computed values deep-merged with the user's; contradictions and owned keys are problems. */
export function resolveOperatorValues(input: ValuesInput, extra: unknown, problems: Problems): Record<string, unknown> {
  // The user's own DNS settings (e.g. dnsConfig.nameservers [169.254.169.253] on EKS) replace the node-resolver default.
  const ownDns = isPlainObject(extra) && (Object.hasOwn(extra, 'dnsPolicy') || Object.hasOwn(extra, 'dnsConfig'));
  const computed = computedOperatorValues(ownDns ? { ...input, nodeDns: false } : input);
  if (extra === undefined) return sortDeep(computed);
  if (!isPlainObject(extra)) {
    problems.add(ProblemCode.INVALID_VALUE, 'helmValues', `'helmValues' must be an object of tigera-operator chart values, got ${show(extra)}`);
    return sortDeep(computed);
  }
  const CHART_KEYS = chartKeys(input.line);
  checkKnownKeys(problems, 'helmValues', extra, CHART_KEYS);
  for (const key of Object.keys(extra)) {
    if (Object.hasOwn(OWNED_KEYS, key) && !agrees(computed[key], extra[key])) {
      problems.add(ProblemCode.ESCAPE_HATCH_CONFLICT, `helmValues.${key}`, `'helmValues.${key}' must not be set: use ${OWNED_KEYS[key]}`);
    }
  }
  // Types as the chart's values.yaml has them (a string where the chart expects a list renders garbage).
  for (const key of Object.keys(extra)) {
    if (Object.hasOwn(OWNED_KEYS, key) || !CHART_KEYS.includes(key)) continue;
    for (const issue of schemaProblems(input.line, 'tigera-operator:values', [key], extra[key], `helmValues.${key}`)) {
      problems.add(ProblemCode.SCHEMA_VIOLATION, issue.path, issue.message);
    }
  }
  const merged = merge(computed, extra, 'helmValues', problems);
  return sortDeep(merged);
}

/** True when every leaf of `theirs` equals the same leaf of `ours` (so merging changes nothing). */
function agrees(ours: unknown, theirs: unknown): boolean {
  if (isPlainObject(ours) && isPlainObject(theirs))
    return Object.entries(theirs).every(([k, v]) => agrees(Object.hasOwn(ours, k) ? ours[k] : undefined, v));
  return JSON.stringify(ours) === JSON.stringify(theirs);
}

function merge(ours: Record<string, unknown>, theirs: Record<string, unknown>, path: string, problems: Problems): Record<string, unknown> {
  const out: Record<string, unknown> = { ...ours };
  for (const [key, value] of Object.entries(theirs)) {
    const at = `${path}.${key}`;
    const mine = Object.hasOwn(ours, key) ? ours[key] : undefined;
    // Owned keys were reported once already by the caller.
    if (path === 'helmValues' && Object.hasOwn(OWNED_KEYS, key)) continue;
    if (mine === undefined) {
      out[key] = value;
    } else if (isPlainObject(mine) && isPlainObject(value)) {
      out[key] = merge(mine, value, at, problems);
    } else if (JSON.stringify(mine) !== JSON.stringify(value)) {
      problems.add(
        ProblemCode.ESCAPE_HATCH_CONFLICT,
        at,
        `'${at}' ${show(value)} contradicts the value the library sets (${show(mine)}); change the typed prop that decides it instead`,
      );
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

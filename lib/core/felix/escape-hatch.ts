/** The FelixConfiguration escape hatch of a tuning (`additionalSpec`), checked like the API server would. */
import type { CalicoApiGroup } from '../dataplane/values';
import { FELIX_CONFIGURATION_FIELDS } from '../generated/felix-fields';
import { DEFAULT_CALICO_VERSION, LINE_FACTS, lineOf, type CalicoLine } from '../releases/calico-releases';
import { isPlainObject } from '../validation/checks';
import { ProblemCode, closest, show, type Problems } from '../validation/errors';
import { schemaProblems } from '../validation/schemas';
import { DATAPLANE_FIELDS, MAP_SIZE_FIELDS, OPERATOR_OWNED_FIELDS, TUNING_FIELDS } from './felix-fields';

const TYPED_FIELD_TO_PROP: Readonly<Record<string, string>> = Object.fromEntries([
  ...MAP_SIZE_FIELDS.map((m) => [m.field, m.prop]),
  ...Object.entries(TUNING_FIELDS).map(([prop, field]) => [field, prop]),
]);

/**
 * `additionalSpec`: FelixConfiguration fields without a typed prop, each refused when the operator,
 * the dataplane or a typed prop owns it, named with the release that has it when this one does not,
 * and otherwise checked against the CRD schema like the API server would. Valid fields go into `spec`.
 */
export function addEscapeHatch(
  extra: unknown,
  spec: Record<string, unknown>,
  problems: Problems,
  path: string,
  clusterRoutingMode: string | undefined,
  apiGroup: CalicoApiGroup,
  calicoVersion: string,
): void {
  const line: CalicoLine = lineOf(calicoVersion) ?? lineOf(DEFAULT_CALICO_VERSION)!;
  const fields = FELIX_CONFIGURATION_FIELDS[line] ?? [];
  if (!isPlainObject(extra)) {
    problems.add(ProblemCode.INVALID_VALUE, path, `'${path}' must be an object of FelixConfiguration spec fields, got ${show(extra)}`);
    return;
  }
  for (const [field, value] of Object.entries(extra)) {
    const at = `${path}.${field}`;
    if (Object.hasOwn(OPERATOR_OWNED_FIELDS, field)) {
      problems.add(ProblemCode.OPERATOR_OWNED_FIELD, at, `'${at}' must not be set: ${OPERATOR_OWNED_FIELDS[field]}; remove it`);
    } else if (field === 'programClusterRoutes' && clusterRoutingMode !== undefined) {
      problems.add(
        ProblemCode.OPERATOR_OWNED_FIELD,
        at,
        `'${at}' must not be set while 'clusterRoutingMode' is ${show(clusterRoutingMode)}: the operator writes programClusterRoutes from it; change clusterRoutingMode instead`,
      );
    } else if (Object.hasOwn(DATAPLANE_FIELDS, field)) {
      problems.add(
        ProblemCode.ESCAPE_HATCH_CONFLICT,
        at,
        `'${at}' is decided by CalicoEbpfDataplane; use its prop ${DATAPLANE_FIELDS[field]} instead`,
      );
    } else if (Object.hasOwn(TYPED_FIELD_TO_PROP, field)) {
      problems.add(ProblemCode.ESCAPE_HATCH_CONFLICT, at, `'${at}' has a typed prop; set '${TYPED_FIELD_TO_PROP[field]}' instead`);
    } else if (!fields.includes(field)) {
      const later = (Object.keys(LINE_FACTS) as CalicoLine[]).find((l) => l > line && (FELIX_CONFIGURATION_FIELDS[l] ?? []).includes(field));
      if (later) {
        problems.add(
          ProblemCode.UNSUPPORTED_VERSION,
          at,
          `'${at}' is not a FelixConfiguration field in Calico ${calicoVersion}; it exists from ${LINE_FACTS[later].first}: set calicoVersion to ${LINE_FACTS[later].first} or later, or remove it`,
        );
      } else {
        const near = closest(field, fields);
        problems.add(
          ProblemCode.UNKNOWN_FIELD,
          at,
          `'${at}' is not a FelixConfiguration field in Calico ${calicoVersion}${near ? `; did you mean '${near}'?` : ''}`,
        );
      }
    } else if (value === undefined) {
      problems.add(ProblemCode.INVALID_VALUE, at, `'${at}' has no value; remove the key or give a value`);
    } else {
      // Checked like the API server would (type, enum, pattern, range, nested fields), at synth time.
      const issues = schemaProblems(line, `${apiGroup}:FelixConfiguration`, ['spec', field], value, at);
      for (const issue of issues) problems.add(ProblemCode.SCHEMA_VIOLATION, issue.path, issue.message);
      if (issues.length === 0) spec[field] = value;
    }
  }
}

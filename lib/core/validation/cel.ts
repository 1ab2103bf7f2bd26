/**
 * The CRDs' CEL rules (`x-kubernetes-validations`), evaluated the way the API server does, with a
 * CEL implementation (@bufbuild/cel). Which rules exist on the kinds the library writes (v3.32.1):
 * - FelixConfiguration (v1 and v3): `nodeSelector` must not be set on `default` or `node.*`;
 *   `routeTableRange` and `routeTableRanges` cannot both be set (on `spec`);
 * - Installation, APIServer, Goldmane, Whisker, Istio: the resource name must be `default`
 *   (or `tigera-secure`/`overlay` where the CRD says so).
 * The library writes only `default`, and refuses `nodeSelector` itself, so the rules an input can
 * actually hit come from the escape hatches; those are where it evaluates them (see felix.ts).
 * The CEL engine loads on first use.
 */
import { crdSchema } from './schemas';

type Schema = Record<string, unknown>;
interface Rule {
  readonly rule: string;
  readonly message?: string;
}
type Program = (bindings: Record<string, unknown>) => unknown;

let cel: { plan(env: unknown, parsed: unknown): Program; parse(expr: string): unknown; celEnv(): unknown } | undefined;
let env: unknown;
const programs = new Map<string, Program>();

function program(rule: string): Program {
  let p = programs.get(rule);
  if (!p) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cel ??= require('@bufbuild/cel') as NonNullable<typeof cel>;
    env ??= cel.celEnv();
    p = cel.plan(env, cel.parse(rule));
    programs.set(rule, p);
  }
  return p;
}

/** JSON → CEL values: objects are maps, integers are CEL ints (bigint), as Kubernetes types them. */
function toCel(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toCel);
  if (typeof v === 'object' && v !== null) return new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)]));
  return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
}

/** Rules at the root and along object properties of the schema, with the value they apply to. */
function rulesWithValues(schema: Schema, value: unknown, path: string, out: Array<{ rule: Rule; value: unknown; path: string }>): void {
  for (const rule of (schema['x-kubernetes-validations'] as Rule[] | undefined) ?? []) out.push({ rule, value, path });
  const props = schema.properties as Record<string, Schema> | undefined;
  if (!props || typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) if (props[k]) rulesWithValues(props[k], v, path ? `${path}.${k}` : k, out);
}

/** One message per CEL rule of `kind` the object breaks (`kind` as `group/version:Kind`). */
export function celProblems(kind: string, object: Readonly<Record<string, unknown>>): Array<{ path: string; message: string }> {
  const schema = crdSchema(kind);
  if (!schema) return [];
  const found: Array<{ rule: Rule; value: unknown; path: string }> = [];
  rulesWithValues(schema, object, '', found);
  const problems: Array<{ path: string; message: string }> = [];
  for (const { rule, value, path } of found) {
    const result = program(rule.rule)({ self: toCel(value) });
    if (result !== true) problems.push({ path, message: rule.message ?? `breaks the CRD rule ${rule.rule}` });
  }
  return problems;
}

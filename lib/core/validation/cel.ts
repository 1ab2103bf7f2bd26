/**
 * The CRDs' CEL rules (`x-kubernetes-validations`), evaluated the way the API server does, with a
 * CEL implementation (@bufbuild/cel) plus the two functions of Kubernetes' CEL IP library the 3.33
 * CRDs use (`isIP(s)`, `ip(s).family()`). Which rules exist on the kinds the library writes (v3.32.1):
 * - FelixConfiguration (v1 and v3): `nodeSelector` must not be set on `default` or `node.*`;
 *   `routeTableRange` and `routeTableRanges` cannot both be set (on `spec`);
 * - Installation, APIServer, Goldmane, Whisker, Istio: the resource name must be `default`
 *   (or `tigera-secure`/`overlay` where the CRD says so).
 * The library writes only `default`, and refuses `nodeSelector` itself, so the rules an input can
 * actually hit come from the escape hatches; those are where it evaluates them (see felix.ts).
 * The CEL engine loads on first use.
 */
import type { CalicoLine } from '../releases/calico-releases';
import { crdSchema } from './schemas';

type Schema = Record<string, unknown>;
interface Rule {
  readonly rule: string;
  readonly message?: string;
}
type Program = (bindings: Record<string, unknown>) => unknown;

interface CelModule {
  plan(env: unknown, parsed: unknown): Program;
  parse(expr: string): unknown;
  celEnv(options?: { funcs?: unknown[] }): unknown;
  celFunc(name: string, args: unknown[], result: unknown, impl: (...args: never[]) => unknown): unknown;
  celMethod(name: string, target: unknown, args: unknown[], result: unknown, impl: (this: never) => unknown): unknown;
  CelScalar: { STRING: unknown; BOOL: unknown; INT: unknown };
}
let cel: CelModule | undefined;
let env: unknown;
const programs = new Map<string, Program>();

function program(rule: string): Program {
  let p = programs.get(rule);
  if (!p) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cel ??= require('@bufbuild/cel') as CelModule;
    env ??= cel.celEnv({ funcs: kubernetesIpLibrary(cel) });
    p = cel.plan(env, cel.parse(rule));
    programs.set(rule, p);
  }
  return p;
}

/**
 * The part of Kubernetes' CEL IP library the CRDs use: `isIP(s)`, and `ip(s).family()` (4 or 6).
 * An IP value is kept as its string, on which `family()` is a method.
 */
function kubernetesIpLibrary(c: CelModule): unknown[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { isIP } = require('node:net') as typeof import('node:net');
  const { STRING, BOOL, INT } = c.CelScalar;
  return [
    c.celFunc('isIP', [STRING], BOOL, ((s: string) => isIP(s) !== 0) as never),
    c.celFunc('ip', [STRING], STRING, ((s: string) => s) as never),
    c.celMethod('family', STRING, [], INT, function (this: string) {
      return BigInt(isIP(this));
    } as never),
  ];
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
  const items = schema.items as Schema | undefined;
  if (items && Array.isArray(value)) value.forEach((v, i) => rulesWithValues(items, v, `${path}[${i}]`, out));
  const props = schema.properties as Record<string, Schema> | undefined;
  if (!props || typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) if (props[k]) rulesWithValues(props[k], v, path ? `${path}.${k}` : k, out);
}

/** One message per CEL rule of `kind` (as `group/version:Kind`) in release `line` the object breaks. */
export function celProblems(line: CalicoLine, kind: string, object: Readonly<Record<string, unknown>>): Array<{ path: string; message: string }> {
  const schema = crdSchema(line, kind);
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

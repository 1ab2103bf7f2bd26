/**
 * Values checked against the upstream schemas the way the API server checks them (the compact
 * schemas in ../generated/crd-schemas-<line>.ts, from each release line's reference CRDs): wrong
 * types, enums, patterns, ranges and misspelt nested fields (which the API server would prune
 * silently) — against the schemas of the Calico version being rendered.
 *
 * ajv and a line's 270–290 KB of schemas load on first use and each schema compiles once, so
 * importing the core costs nothing and props without escape hatches never pay for it.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { CalicoLine } from '../releases/calico-releases';
import { parseCidr } from './cidr';
import { show } from './errors';

type Schema = Record<string, unknown>;

let ajv: import('ajv').default | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): import('ajv').default {
  if (!ajv) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = (require('ajv') as { default: typeof import('ajv').default }).default;
    ajv = new Ajv({
      strict: false,
      strictTypes: false,
      allErrors: true,
      logger: false,
      // Go's inline (?i), kept by the generator as a "(?i)" prefix, becomes JavaScript's i flag.
      code: {
        regExp: ((pattern: string, flags: string) => {
          const ci = pattern.startsWith('(?i)');
          return new RegExp(ci ? pattern.slice(4) : pattern, ci ? `${flags}i` : flags);
        }) as never,
      },
    });
    ajv.addFormat('cidr', { type: 'string', validate: (s: string) => parseCidr(s) !== undefined });
    for (const f of ['int32', 'int64']) ajv.addFormat(f, { type: 'number', validate: (n: number) => Number.isInteger(n) });
    for (const f of ['byte', 'date-time', 'duration', 'uri', 'password', 'ip', 'ipv4', 'ipv6', 'hostname']) ajv.addFormat(f, true);
  }
  return ajv;
}

function crdSchemas(line: CalicoLine): Readonly<Record<string, Schema>> {
  // Literal paths, so bundlers see both modules; only the one asked for is loaded.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const loaded = line === CalicoLine.V3_32 ? require('../generated/crd-schemas-v3.32') : require('../generated/crd-schemas-v3.33');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return (loaded as { CRD_SCHEMAS: Readonly<Record<string, Schema>> }).CRD_SCHEMAS;
}

/** The schema at a property path inside a kind's schema, e.g. `spec.routeTableRange`. */
function schemaAt(line: CalicoLine, kind: string, path: readonly string[]): Schema | undefined {
  let node: Schema | undefined = crdSchemas(line)[kind];
  for (const key of path) {
    const props = node?.properties as Record<string, Schema> | undefined;
    node = props?.[key];
  }
  return node;
}

/** A schema violation: the full prop path as the user wrote it, and one sentence with the value. */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

function describe(e: ErrorObject, at: string, value: unknown): SchemaProblem {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = `${at}${segments.map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`)).join('')}`;
  // The offending value itself, not the object the check started from.
  const got = `, got ${show(segments.reduce<unknown>((v, seg) => (v as Record<string, unknown> | undefined)?.[seg], value))}`;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return {
        path: `${where}.${String(p.additionalProperty)}`,
        message: `'${where}.${String(p.additionalProperty)}' is not a field of '${where}' in the CRD (the API server would drop it silently)`,
      };
    case 'enum':
      return { path: where, message: `'${where}' must be one of ${(p.allowedValues as unknown[]).map((v) => show(v)).join(', ')}${got}` };
    case 'type':
      return { path: where, message: `'${where}' must be of type ${String(p.type)}${got}` };
    case 'pattern':
      return { path: where, message: `'${where}' must match the CRD pattern ${String(p.pattern)}${got}` };
    case 'minimum':
    case 'maximum':
      return { path: where, message: `'${where}' must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}${got}` };
    case 'required':
      return { path: where, message: `'${where}' needs '${String(p.missingProperty)}'` };
    default:
      return { path: where, message: `'${where}' ${e.message ?? 'is not valid'}${got}` };
  }
}

/**
 * Checks `value` against the schema of `kind` at `path` (e.g. FelixConfiguration spec field
 * `routeTableRange`) in the CRDs of release `line`; returns one message per problem (empty when
 * valid, or when the CRD has no schema there — unknown fields are reported by the callers, which
 * know the right suggestion).
 */
export function schemaProblems(line: CalicoLine, kind: string, path: readonly string[], value: unknown, at: string): SchemaProblem[] {
  const key = `${line}/${kind}#${path.join('.')}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = schemaAt(line, kind, path);
    if (!schema) return [];
    validate = instance().compile(schema);
    compiled.set(key, validate);
  }
  if (validate(value)) return [];
  // anyOf alternatives report one error each: keep the most specific ones, once.
  const seen = new Set<string>();
  return (validate.errors ?? [])
    .filter((e) => e.keyword !== 'anyOf')
    .map((e) => describe(e, at, value))
    .filter((p) => !seen.has(p.message) && seen.add(p.message))
    .slice(0, 10);
}

/** @internal Compiles a schema with the API-server-like settings above (tests validate whole objects with it). */
export function compileSchema(schema: Schema): ValidateFunction {
  return instance().compile(schema);
}

/** The full schema of a kind in release `line`, for tests and tools (`group/version:Kind`). */
export function crdSchema(line: CalicoLine, kind: string): Schema | undefined {
  return crdSchemas(line)[kind];
}

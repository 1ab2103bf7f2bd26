/**
 * The shape of the props — types, closed value sets, ranges, unknown keys at any depth — checked
 * against the JSON Schema generated from the props types, by the ajv validators generated from it
 * (../generated/props-validators.ts: ajv's standalone code, so nothing compiles at run time). Hand-written code checks only what a schema cannot say: rules across fields and what
 * upstream does. Every shape problem is reported at once, with the full path as the user wrote it
 * (`felix.additionalSpec`, `ipPools[1].encapsulation`), the value, what is allowed and, for a
 * misspelt key or value, the nearest valid one.
 *
 * The validators load on first use (about 13 ms); the schema (for the messages) too.
 */
import type { ErrorObject } from 'ajv';
import { ProblemCode, closest, show, type Problem } from './errors';
import { Duration } from './duration';

type Schema = Record<string, unknown>;

/** The props types validated on their own (a dataplane's `felix` is checked as part of the dataplane). */
export type PropsDefinition = 'CalicoEbpfDataplaneProps' | 'FelixBpfTuningProps';

/** A precompiled validator: ajv's standalone code, generated with the schema (npm run generate). */
interface Validator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

let validators: Readonly<Record<string, Validator>> | undefined;
let definitions: Readonly<Record<string, Schema>> | undefined;

function load(): { validators: Readonly<Record<string, Validator>>; definitions: Readonly<Record<string, Schema>> } {
  if (!validators || !definitions) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    validators = require('../generated/props-validators') as Readonly<Record<string, Validator>>;
    definitions = (require('../generated/props-schema') as { PROPS_SCHEMA_DEFINITIONS: Readonly<Record<string, Schema>> }).PROPS_SCHEMA_DEFINITIONS;
    /* eslint-enable @typescript-eslint/no-require-imports */
  }
  return { validators, definitions };
}

const definitionName = (ref: string): string => ref.replace(/^.*#\/definitions\//, '');

/** The definition a `$ref` names, or the node itself. */
function resolved(schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  return resolved(load().definitions[definitionName(ref)] ?? {});
}

/** Stands for a value known only later (a Pulumi Output, a Deferred): whatever the schema says of it is not checked. */
const LATER = Symbol('known later');

/** JSON form of the props: Duration objects become their strings, values known later a marker. */
function jsonForm(value: unknown): unknown {
  if (value instanceof Duration) return value.toCalicoString();
  if (Array.isArray(value)) return value.map(jsonForm);
  if (typeof value !== 'object' || value === null) return value;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return LATER;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const j = jsonForm(v);
    if (j !== undefined) out[k] = j;
  }
  return out;
}

const jsonType = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/** `felix.ipPools[0].cidr` from `/felix/ipPools/0/cidr`, under `base`. */
function joinPath(base: string, pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, seg) => (/^\d+$/.test(seg) ? `${path}[${seg}]` : path === '' ? seg : `${path}.${seg}`), base);
}

const quoted = (path: string): string => `'${path || 'props'}'`;

/** What a schema node allows, in words: `one of "a", "b"`, `a number`, `an object`. */
function allowedWords(schema: Schema): string {
  const s = resolved(schema);
  // An object type by the name the docs and the types give it.
  if (s.type === 'object' && typeof schema.$ref === 'string') return `a ${schema.$ref.replace(/^.*\//, '')} object`;
  if (Array.isArray(s.enum)) return `one of ${(s.enum as unknown[]).map(show).join(', ')}`;
  if ('const' in s) return show(s.const);
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).map(allowedWords).join(' or ');
  switch (s.type) {
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
    default:
      return 'a valid value';
  }
}

/** ` from 1 to 65535`, ` at least 0`: the range a numeric schema node allows, if any. */
function rangeWords(schema: Schema): string {
  const { minimum: min, maximum: max } = schema;
  if (min !== undefined && max !== undefined) return ` from ${String(min)} to ${String(max)}`;
  if (min !== undefined) return ` at least ${String(min)}`;
  return max !== undefined ? ` at most ${String(max)}` : '';
}

/** Whether a branch of an anyOf can hold a value of this JSON type at all. */
function acceptsType(branch: Schema, type: string): boolean {
  const s = resolved(branch);
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).some((e) => jsonType(e) === type);
  if ('const' in s) return jsonType(s.const) === type;
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).some((b) => acceptsType(b, type));
  const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type];
  return types.some((t) => t === type || (t === 'integer' && type === 'number') || t === undefined);
}

/**
 * The problems of `value` against a definition (`$ref`) or an inline union branch, paths under
 * `base`. Inline branches hold only `type`, `const` and `enum` (the generator refuses others).
 */
function problemsOf(schema: Schema, value: unknown, base: string): Problem[] {
  if (typeof schema.$ref === 'string') {
    const validate = load().validators[definitionName(schema.$ref)];
    if (!validate) throw new Error(`no validator for ${schema.$ref}: run npm run generate`);
    if (validate(value)) return [];
    return describe(validate.errors ?? [], base);
  }
  const fits =
    acceptsType({ type: schema.type }, jsonType(value)) &&
    (!('const' in schema) || schema.const === value) &&
    (!Array.isArray(schema.enum) || schema.enum.includes(value));
  return fits
    ? []
    : [{ code: ProblemCode.INVALID_VALUE, path: base, message: `${quoted(base)} must be ${allowedWords(schema)}, got ${show(value)}` }];
}

function describe(errors: readonly ErrorObject[], base: string): Problem[] {
  // An anyOf reports every branch's errors before its own: the branches are judged by anyOfProblems.
  const unions = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  const inUnion = (e: ErrorObject): boolean =>
    unions.some((p) => e.keyword !== 'anyOf' && (e.instancePath === p || e.instancePath.startsWith(`${p}/`)));
  const kept = errors.filter((e) => !inUnion(e) && e.data !== LATER);
  // A suggestion costs an edit distance per known key: a bounded number per object, then a count.
  const unknownAt = new Map<string, number>();
  const out: Problem[] = [];
  for (const e of kept) {
    if (e.keyword === 'additionalProperties') {
      const seen = (unknownAt.get(e.instancePath) ?? 0) + 1;
      unknownAt.set(e.instancePath, seen);
      if (seen > MAX_UNKNOWN_KEYS) continue;
    }
    out.push(...describeOne(e, base));
  }
  for (const [pointer, n] of unknownAt) {
    if (n <= MAX_UNKNOWN_KEYS) continue;
    const path = joinPath(base, pointer);
    out.push({ code: ProblemCode.UNKNOWN_FIELD, path: path || 'props', message: `${quoted(path)} has ${n - MAX_UNKNOWN_KEYS} more unknown keys` });
  }
  return out;
}

const MAX_UNKNOWN_KEYS = 20;

function describeOne(e: ErrorObject, base: string): Problem[] {
  const path = joinPath(base, e.instancePath);
  // Only the sentences that quote the value render it (an unknown key's error carries its whole object).
  const got = (): string => `got ${show(e.data)}`;
  const p = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as Schema;
  switch (e.keyword) {
    case 'anyOf':
      return anyOfProblems(parent.anyOf as Schema[], e.data, path);
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const near = closest(key, Object.keys((parent.properties as Schema | undefined) ?? {}));
      const at = path === '' ? key : `${path}.${key}`;
      return [{ code: ProblemCode.UNKNOWN_FIELD, path: at, message: `'${at}' is not a known setting${near ? `; did you mean '${near}'?` : ''}` }];
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]) ?? [];
      const near =
        typeof e.data === 'string'
          ? closest(
              e.data,
              allowed.filter((a): a is string => typeof a === 'string'),
            )
          : undefined;
      return [
        {
          code: ProblemCode.INVALID_VALUE,
          path,
          message: `${quoted(path)} must be one of ${allowed.map(show).join(', ')}, ${got()}${near ? `; did you mean ${show(near)}?` : ''}`,
        },
      ];
    }
    case 'const':
      return [{ code: ProblemCode.INVALID_VALUE, path, message: `${quoted(path)} must be ${show(p.allowedValue)}, ${got()}` }];
    case 'type': {
      const code = p.type === 'integer' ? ProblemCode.NOT_AN_INTEGER : ProblemCode.INVALID_VALUE;
      return [{ code, path, message: `${quoted(path)} must be ${allowedWords(parent)}${rangeWords(parent)}, ${got()}` }];
    }
    case 'required': {
      const at = path === '' ? String(p.missingProperty) : `${path}.${String(p.missingProperty)}`;
      return [{ code: ProblemCode.REQUIRED, path: at, message: `'${at}' is required` }];
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return [{ code: ProblemCode.OUT_OF_RANGE, path, message: `${quoted(path)} must be${rangeWords(parent) || ` ${e.message}`}, ${got()}` }];
    case 'minItems':
    case 'maxItems':
      return [
        {
          code: ProblemCode.OUT_OF_RANGE,
          path,
          message: `${quoted(path)} must hold ${e.message?.replace(/^must NOT have /, '')}, got ${(e.data as unknown[]).length}`,
        },
      ];
    default:
      return [{ code: ProblemCode.INVALID_VALUE, path, message: `${quoted(path)} ${e.message ?? 'is invalid'}, ${got()}` }];
  }
}

/**
 * A value none of a union's branches accepts: judged against the branches that take its JSON type
 * (a string against the names, an object against the descriptions), by the one it is closest to.
 */
function anyOfProblems(branches: readonly Schema[], value: unknown, path: string): Problem[] {
  const type = jsonType(value);
  const candidates = branches.filter((b) => acceptsType(b, type));
  if (candidates.length === 0) {
    return [
      { code: ProblemCode.INVALID_VALUE, path, message: `${quoted(path)} must be ${branches.map(allowedWords).join(' or ')}, got ${show(value)}` },
    ];
  }
  // Several closed sets of strings read as one: "one of" all their values, with the nearest.
  const names = candidates.map(resolved).flatMap((s) => (Array.isArray(s.enum) ? (s.enum as unknown[]) : 'const' in s ? [s.const] : [undefined]));
  if (type === 'string' && !names.includes(undefined)) {
    const near = closest(value as string, names as string[]);
    return [
      {
        code: ProblemCode.INVALID_VALUE,
        path,
        message: `${quoted(path)} must be one of ${names.map(show).join(', ')}, got ${show(value)}${near ? `; did you mean ${show(near)}?` : ''}`,
      },
    ];
  }
  return type === 'object' ? objectUnionProblems(candidates, value as Record<string, unknown>, path) : closestBranch(candidates, value, path);
}

/** The problems against the branch with the fewest. */
function closestBranch(candidates: readonly Schema[], value: unknown, path: string): Problem[] {
  const judged = candidates.map((b) => problemsOf(b, value, path));
  return judged.reduce((best, p) => (p.length < best.length ? p : best));
}

/** The fixed value a branch gives a property (`kind: "istio"`), if it gives one. */
function fixedValue(branch: Schema, key: string): { value: unknown } | undefined {
  const prop = resolved(((resolved(branch).properties as Record<string, Schema> | undefined) ?? {})[key] ?? {});
  if ('const' in prop) return { value: prop.const };
  if (Array.isArray(prop.enum) && prop.enum.length === 1) return { value: prop.enum[0] };
  return undefined;
}

/**
 * Objects of a union told apart by fixed properties (`kind`, `provider`): the branches whose
 * fixed values the object has decide; a fixed property no branch matches is the problem itself.
 */
function objectUnionProblems(candidates: readonly Schema[], value: Record<string, unknown>, path: string): Problem[] {
  let branches = [...candidates];
  const keys = [...new Set(branches.flatMap((b) => Object.keys((resolved(b).properties as object | undefined) ?? {})))];
  for (const key of keys) {
    const fixed = branches.map((b) => fixedValue(b, key));
    if (fixed.filter(Boolean).length < 2) continue;
    const matching = branches.filter((_, i) => fixed[i] === undefined || fixed[i]!.value === value[key]);
    if (matching.length > 0) {
      branches = matching;
      continue;
    }
    const at = path === '' ? key : `${path}.${key}`;
    const names = [...new Set(fixed.filter((f) => f !== undefined).map((f) => f.value))];
    const near =
      typeof value[key] === 'string'
        ? closest(
            value[key],
            names.filter((n): n is string => typeof n === 'string'),
          )
        : undefined;
    return [
      {
        code: ProblemCode.INVALID_VALUE,
        path: at,
        message: `'${at}' must be one of ${names.map(show).join(', ')}, got ${show(value[key])}${near ? `; did you mean ${show(near)}?` : ''}`,
      },
    ];
  }
  return closestBranch(branches, value, path);
}

/** The shape problems of `props` as a `definition`; none when they fit the props types. */
export function propsShapeProblems(definition: PropsDefinition, props: unknown): Problem[] {
  return problemsOf({ $ref: `#/definitions/${definition}` }, jsonForm(props), '');
}

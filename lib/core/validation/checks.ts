/** Small validators shared by every resolver; each records a problem instead of throwing. */
import { parseCidr, type ParsedCidr } from './cidr';
import { Duration } from './duration';
import { ProblemCode, Problems, closest, show } from './errors';
import { re2Problem } from './re2';

/** Records a problem unless `value` is an integer in [min, max]; returns whether it is. */
export function checkInteger(problems: Problems, path: string, value: unknown, min: number, max: number, hint = ''): value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    problems.add(ProblemCode.NOT_AN_INTEGER, path, `'${path}' must be an integer from ${min} to ${max}, got ${show(value)}${hint}`);
    return false;
  }
  if (value < min || value > max) {
    problems.add(ProblemCode.OUT_OF_RANGE, path, `'${path}' must be from ${min} to ${max}, got ${value}${hint}`);
    return false;
  }
  return true;
}

/** Records a problem unless `value` is one of `allowed` (exact, case-sensitive wire strings). */
export function checkOneOf<T extends string>(problems: Problems, path: string, value: unknown, allowed: readonly T[]): value is T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
  const near = typeof value === 'string' ? closest(value, allowed) : undefined;
  const hint = near ? `; did you mean ${show(near)}?` : '';
  problems.add(ProblemCode.INVALID_VALUE, path, `'${path}' must be one of ${allowed.map((a) => show(a)).join(', ')}, got ${show(value)}${hint}`);
  return false;
}

export function checkBoolean(problems: Problems, path: string, value: unknown): value is boolean {
  if (typeof value === 'boolean') return true;
  problems.add(ProblemCode.INVALID_VALUE, path, `'${path}' must be true or false, got ${show(value)}`);
  return false;
}

export function checkString(problems: Problems, path: string, value: unknown): value is string {
  if (typeof value === 'string' && value.length > 0) return true;
  problems.add(ProblemCode.INVALID_VALUE, path, `'${path}' must be a non-empty string, got ${show(value)}`);
  return false;
}

/** Parses one CIDR; records INVALID_CIDR when malformed. */
export function checkCidr(problems: Problems, path: string, value: unknown, requireNetworkAddress = false): ParsedCidr | undefined {
  const parsed = typeof value === 'string' ? parseCidr(value) : undefined;
  if (!parsed) {
    problems.add(ProblemCode.INVALID_CIDR, path, `'${path}' must be a CIDR such as "10.42.0.0/16" or "fd00:10:42::/56", got ${show(value)}`);
    return undefined;
  }
  if (requireNetworkAddress && parsed.hostBitsSet) {
    const bits = parsed.family === 4 ? 32 : 128;
    problems.add(
      ProblemCode.INVALID_CIDR,
      path,
      `'${path}' ${show(value)} has host bits set after the /${parsed.prefix} prefix (of ${bits}); use the network address of the range`,
    );
    return undefined;
  }
  return parsed;
}

/** Checks a list of CIDRs (at most `max`, checked before anything else); returns the parsed ones. */
export function checkCidrList(problems: Problems, path: string, value: unknown, max = MAX_CIDRS): ParsedCidr[] {
  if (!Array.isArray(value)) {
    problems.add(ProblemCode.INVALID_VALUE, path, `'${path}' must be a list of CIDRs, got ${show(value)}`);
    return [];
  }
  if (!checkListLength(problems, path, value, max)) return [];
  return value.flatMap((v, i) => checkCidr(problems, `${path}[${i}]`, v) ?? []);
}

/** Default upper bound of a CIDR list (Felix matches every packet against them; the CRDs set none). */
export const MAX_CIDRS = 1024;

/** Records OUT_OF_RANGE unless the list has at most `max` items; callers skip per-item work when it has more. */
export function checkListLength(problems: Problems, path: string, value: readonly unknown[], max: number, why = ''): boolean {
  if (value.length <= max) return true;
  problems.add(ProblemCode.OUT_OF_RANGE, path, `'${path}' may hold at most ${max} items${why}, got ${value.length}`);
  return false;
}

/** Checks that a Felix interface pattern is a regex Go's RE2 engine accepts. */
export function checkRe2(problems: Problems, path: string, value: unknown): value is string {
  if (typeof value !== 'string') {
    problems.add(ProblemCode.INVALID_REGEX, path, `'${path}' must be a regular expression string, got ${show(value)}`);
    return false;
  }
  if (value.length > 1024) {
    problems.add(ProblemCode.INVALID_REGEX, path, `'${path}' may be at most 1024 characters (an interface pattern), got ${value.length}`);
    return false;
  }
  const issue = re2Problem(value);
  if (issue) {
    const code = issue.kind === 'invalid' ? ProblemCode.INVALID_REGEX : ProblemCode.UNSUPPORTED_REGEX;
    problems.add(code, path, `'${path}' ${show(value)} ${issue.reason}; rewrite it with plain alternation and character classes`);
    return false;
  }
  return true;
}

/** Accepts a Duration or a duration string; returns the Calico rendering. */
export function checkDuration(problems: Problems, path: string, value: unknown): string | undefined {
  if (value instanceof Duration) return value.toCalicoString();
  if (typeof value === 'string') {
    try {
      return Duration.parse(value).toCalicoString();
    } catch (e) {
      problems.add(ProblemCode.INVALID_DURATION, path, `'${path}' ${(e as Error).message}`);
      return undefined;
    }
  }
  problems.add(ProblemCode.INVALID_DURATION, path, `'${path}' must be a Duration or a string such as "1s" or "1500ms", got ${show(value)}`);
  return undefined;
}

/** Records UNKNOWN_FIELD for each key of `obj` not in `known`, with the nearest valid key. */
export function checkKnownKeys(problems: Problems, path: string, obj: object, known: readonly string[]): void {
  const unknown = Object.keys(obj).filter((key) => !known.includes(key));
  // Suggestions cost an edit distance per known key: report a bounded number, count the rest.
  for (const key of unknown.slice(0, MAX_UNKNOWN_KEYS)) {
    const near = closest(key, known);
    const where = path === '' ? `'${show(key).slice(1, -1)}'` : `'${path}.${show(key).slice(1, -1)}'`;
    problems.add(
      ProblemCode.UNKNOWN_FIELD,
      path === '' ? key : `${path}.${key}`,
      `${where} is not a known setting${near ? `; did you mean '${near}'?` : ''}`,
    );
  }
  if (unknown.length > MAX_UNKNOWN_KEYS) {
    problems.add(ProblemCode.UNKNOWN_FIELD, path || 'props', `'${path || 'props'}' has ${unknown.length - MAX_UNKNOWN_KEYS} more unknown keys`);
  }
}

const MAX_UNKNOWN_KEYS = 20;

/** True for a plain object (not an array, not null). */
export function isPlainObject<T>(value: T): value is T & Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether `value` is one of `allowed`, without recording anything: a guard for props whose value
 * set the props schema checks (validation/props-shape.ts reports them once, with the path).
 */
export function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/** Whether `value` is an integer in [min, max], without recording anything (a guard; the props schema reports). */
export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

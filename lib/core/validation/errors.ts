import { distance } from 'fastest-levenshtein';

/**
 * One typed error for every invalid configuration: validation collects all problems first,
 * then throws once, so a user fixes everything in one round trip.
 */

/** Stable identifiers of the validation rules; tools may match on them. */
export const ProblemCode = {
  INVALID_VALUE: 'INVALID_VALUE',
  INVALID_CIDR: 'INVALID_CIDR',
  OVERLAPPING_CIDRS: 'OVERLAPPING_CIDRS',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  NOT_AN_INTEGER: 'NOT_AN_INTEGER',
  INVALID_REGEX: 'INVALID_REGEX',
  UNSUPPORTED_REGEX: 'UNSUPPORTED_REGEX',
  INVALID_DURATION: 'INVALID_DURATION',
  REPLACE_WITHOUT_API_SERVER: 'REPLACE_WITHOUT_API_SERVER',
  MESH_WITH_CTLB: 'MESH_WITH_CTLB',
  CONTRADICTORY_SETTINGS: 'CONTRADICTORY_SETTINGS',
  OPERATOR_OWNED_FIELD: 'OPERATOR_OWNED_FIELD',
  ESCAPE_HATCH_CONFLICT: 'ESCAPE_HATCH_CONFLICT',
  UNKNOWN_FIELD: 'UNKNOWN_FIELD',
  INVALID_VERSION: 'INVALID_VERSION',
  UNSUPPORTED_VERSION: 'UNSUPPORTED_VERSION',
  DUPLICATE_FELIX_CONFIGURATION: 'DUPLICATE_FELIX_CONFIGURATION',
  /** An explicit map size is below what the given `scale` needs. */
  MAP_SIZE_BELOW_NEED: 'MAP_SIZE_BELOW_NEED',
  /** The `scale` needs more entries than any accepted map size. */
  SCALE_EXCEEDS_MAP_LIMIT: 'SCALE_EXCEEDS_MAP_LIMIT',
  /** An escape-hatch value the upstream schema (CRD) rejects. */
  SCHEMA_VIOLATION: 'SCHEMA_VIOLATION',
  /** A distribution Calico eBPF cannot run on (GKE, MicroK8s) or a removed name (generic). */
  UNSUPPORTED_DISTRIBUTION: 'UNSUPPORTED_DISTRIBUTION',
  /** A setting the chosen distribution's platform cannot honour (provider, kube-proxy mode, pool, port). */
  PLATFORM_CONFLICT: 'PLATFORM_CONFLICT',
  /** A value the user must give because the platform has no default (e.g. kubeadm's pod CIDR). */
  REQUIRED: 'REQUIRED',
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

/** One thing wrong with the props: where, what, and how to fix it. */
export interface Problem {
  /** Stable rule identifier. */
  readonly code: ProblemCode;
  /** The prop path as the user wrote it, e.g. `felix.mapSizeConntrack`. */
  readonly path: string;
  /** Self-contained sentence: the prop, the value received, what is allowed and the fix. */
  readonly message: string;
}

const BRAND = Symbol.for('calico-ebpf-constructs.CalicoValidationError');

/** Thrown by every resolver when the props are invalid; lists every problem found. */
export class CalicoValidationError extends Error {
  /** True for any CalicoValidationError, even across copies of this package. */
  public static isCalicoValidationError(x: unknown): x is CalicoValidationError {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The first MAX_REPORTED_PROBLEMS problems found. */
  public readonly problems: readonly Problem[];
  /** How many problems were found in all. */
  public readonly total: number;
  /** The `clusterName` of the configuration, when it has one: in a fleet, which cluster is wrong. */
  public readonly clusterName?: string;
  /** The construct or component the props were given to (its path), when an adapter knows it. */
  public readonly scope?: string;

  public constructor(problems: readonly Problem[], total = problems.length, clusterName?: string, scope?: string) {
    super(formatProblems(problems, total, clusterName, scope));
    this.name = 'CalicoValidationError';
    this.problems = problems;
    this.total = total;
    if (clusterName !== undefined) this.clusterName = clusterName;
    if (scope !== undefined) this.scope = scope;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The same problems, said of `scope` (a construct path): in an App of many clusters, which one is wrong. */
  public inScope(scope: string): CalicoValidationError {
    return new CalicoValidationError(this.problems, this.total, this.clusterName, scope);
  }
}

/** At most this many problems are kept and printed; the rest are counted (a hostile input must not produce megabytes of text). */
export const MAX_REPORTED_PROBLEMS = 50;

function formatProblems(problems: readonly Problem[], total: number, clusterName?: string, scope?: string): string {
  const noun = total === 1 ? 'problem' : 'problems';
  const more = total > problems.length ? [`  … and ${total - problems.length} more (fix these first, then run again)`] : [];
  const where = [
    ...(clusterName !== undefined ? [`cluster ${JSON.stringify(clusterName)}`] : []),
    ...(scope !== undefined ? [`construct ${scope}`] : []),
  ];
  const of = where.length > 0 ? ` of ${where.join(', ')}` : '';
  return [`invalid Calico eBPF configuration${of} (${total} ${noun}):`, ...problems.map((p) => `  - [${p.code}] ${p.message}`), ...more].join('\n');
}

/** Collects problems during resolution; `throwIfAny` raises them together. */
export class Problems {
  private readonly list: Problem[] = [];
  private total = 0;
  /** Every add, also those dropped as repeats of a shape problem: rules guard on it ("did anything go wrong here?"). */
  private seen = 0;

  /** Paths the schema already found wrong: a rule's problem there would say it again. */
  private readonly shapePaths = new Set<string>();

  /** Records the shape problems (from the props schema); later problems at their paths are dropped. */
  public addShape(problems: readonly Problem[]): void {
    for (const p of problems) {
      this.add(p.code, p.path, p.message);
      this.shapePaths.add(p.path);
    }
  }

  public add(code: ProblemCode, path: string, message: string): void {
    this.seen++;
    if (this.shapePaths.has(path)) {
      // A rule that explains more (why a value is refused here) replaces the schema's sentence;
      // one that would only say the shape again is dropped.
      const at = this.list.findIndex((p) => p.path === path);
      if (!SHAPE_CODES.has(code) && at >= 0) this.list[at] = { code, path, message };
      return;
    }
    this.total++;
    if (this.list.length < MAX_REPORTED_PROBLEMS) this.list.push({ code, path, message });
  }

  /** Whether a problem was reported at `path` (rules that build on a prop skip when it is wrong). */
  public has(path: string): boolean {
    return this.list.some((p) => p.path === path);
  }

  /** Problems found so far (all of them, not only the kept ones). */
  public get count(): number {
    return this.seen;
  }

  /** Throws the problems found so far, if any; `clusterName` says which cluster of a fleet they belong to. */
  public throwIfAny(clusterName?: string): void {
    if (this.total > 0) {
      throw new CalicoValidationError([...this.list], this.total, clusterName);
    }
  }
}

/**
 * What the schema of the props reports: a rule repeating one of these at the same path adds
 * nothing. (A rule's NOT_AN_INTEGER or OUT_OF_RANGE does add: it knows the range.)
 */
const SHAPE_CODES = new Set<ProblemCode>([
  ProblemCode.INVALID_VALUE,
  ProblemCode.UNKNOWN_FIELD,
  ProblemCode.REQUIRED,
  ProblemCode.INVALID_DURATION,
  ProblemCode.INVALID_CIDR,
]);

/** Longest rendering of a received value in a message; longer ones are cut and their length given. */
export const MAX_SHOWN_CHARS = 120;

function cut(text: string, what: string): string {
  return text.length <= MAX_SHOWN_CHARS ? text : `${text.slice(0, MAX_SHOWN_CHARS)}… (${what})`;
}

/** Renders a received value for a message: strings quoted, objects as JSON, both cut when long. */
export function show(value: unknown): string {
  if (typeof value === 'string')
    return value.length <= MAX_SHOWN_CHARS
      ? JSON.stringify(value)
      : `${JSON.stringify(value.slice(0, MAX_SHOWN_CHARS))}… (${value.length} characters)`;
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.length > 100) return `a list of ${value.length} items`;
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : cut(json, `${json.length} characters of JSON`);
  } catch {
    return cut(String(value), 'cut');
  }
}

/** The closest candidate by edit distance, for "did you mean" hints; undefined when nothing is close. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  // A suggestion only helps for a typo; a long string costs length × candidate length per candidate.
  if (word.length > 64) return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return bestScore <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

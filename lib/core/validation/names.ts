/**
 * Kubernetes name rules (apimachinery validation: IsDNS1123Label / IsDNS1123Subdomain, label
 * keys and values), for every name that reaches an object: namespaces, object names, labels.
 */
import { ProblemCode, Problems, show } from './errors';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label: lowercase ASCII letters, digits and '-', at most 63 (namespaces, most names). */
export function isDnsLabel(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 63 && LABEL.test(s);
}

/** A DNS-1123 subdomain: dot-separated labels, at most 253 (object names such as Secrets, IPPools). */
export function isDnsSubdomain(s: unknown): s is string {
  return typeof s === 'string' && s.length > 0 && s.length <= 253 && s.split('.').every((l) => l.length <= 63 && LABEL.test(l));
}

/** A label value: at most 63 of [A-Za-z0-9._-], starting and ending alphanumeric (or empty). */
export function isLabelValue(s: unknown): s is string {
  return typeof s === 'string' && (s === '' || (s.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(s)));
}

/** A label key: optional DNS-subdomain prefix and '/', then a name of at most 63 of [A-Za-z0-9._-]. */
export function isLabelKey(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const slash = s.lastIndexOf('/');
  const prefix = slash >= 0 ? s.slice(0, slash) : undefined;
  const name = slash >= 0 ? s.slice(slash + 1) : s;
  return (
    (prefix === undefined || isDnsSubdomain(prefix)) &&
    name.length > 0 &&
    name.length <= 63 &&
    /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name)
  );
}

/** Records a problem unless `value` is a namespace name; returns whether it is. */
export function checkNamespace(problems: Problems, path: string, value: unknown): value is string {
  if (isDnsLabel(value)) return true;
  problems.add(
    ProblemCode.INVALID_VALUE,
    path,
    `'${path}' must be a namespace name (a DNS label: lowercase ASCII letters, digits and '-', at most 63 characters), got ${show(value)}`,
  );
  return false;
}

/** Records a problem unless `value` is an object name (DNS subdomain); returns whether it is. */
export function checkObjectName(problems: Problems, path: string, value: unknown): value is string {
  if (isDnsSubdomain(value)) return true;
  problems.add(
    ProblemCode.INVALID_VALUE,
    path,
    `'${path}' must be a Kubernetes object name (lowercase ASCII letters, digits, '-' and '.', at most 253 characters), got ${show(value)}`,
  );
  return false;
}

/** Records a problem for each label that Kubernetes would reject. */
export function checkLabels(problems: Problems, path: string, value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add(ProblemCode.INVALID_VALUE, path, `'${path}' must map label keys to string values, got ${show(value)}`);
    return false;
  }
  let ok = true;
  for (const [k, v] of Object.entries(value)) {
    if (!isLabelKey(k) || !isLabelValue(v)) {
      problems.add(
        ProblemCode.INVALID_VALUE,
        `${path}.${k}`,
        `'${path}' label ${show(k)}: ${show(v)} is not a valid Kubernetes label (key: optional DNS prefix and '/', then at most 63 of letters, digits, '-', '_', '.'; value: the same, at most 63)`,
      );
      ok = false;
    }
  }
  return ok;
}

/** Removes leading and trailing slashes without a regex (`/^\/+|\/+$/` is quadratic on long runs of '/'). */
export function trimSlashes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) === 47) start++;
  while (end > start && s.charCodeAt(end - 1) === 47) end--;
  return s.slice(start, end);
}

/** Removes trailing slashes without a regex. */
export function trimTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 47) end--;
  return s.slice(0, end);
}

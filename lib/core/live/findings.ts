/**
 * What the live commands report: findings (ok / warning / blocker, with the fix), and the stable
 * JSON shape of every command's result (`--output json`).
 */

export const Severity = { OK: 'ok', WARNING: 'warning', BLOCKER: 'blocker' } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

export interface Finding {
  /** Stable identifier of the check, e.g. `kernel`, `kube-proxy`. */
  readonly check: string;
  readonly severity: Severity;
  /** What it is about: a node, an object, the cluster. */
  readonly subject: string;
  readonly message: string;
  /** What to do about it (warnings and blockers). */
  readonly fix?: string;
}

/** Every command's result. `ok` is false when the command found a problem (exit status 1). */
export interface LiveReport<T = Record<string, unknown>> {
  readonly command: 'preflight' | 'apply' | 'status' | 'diff' | 'doctor' | 'migrate';
  readonly ok: boolean;
  readonly cluster: { readonly server: string; readonly version?: string };
  readonly findings: readonly Finding[];
  /** Command-specific details (documented per command in the README's Day 2 section). */
  readonly details: T;
}

export const ok = (check: string, subject: string, message: string): Finding => ({ check, severity: Severity.OK, subject, message });
export const warning = (check: string, subject: string, message: string, fix: string): Finding => ({
  check,
  severity: Severity.WARNING,
  subject,
  message,
  fix,
});
export const blocker = (check: string, subject: string, message: string, fix: string): Finding => ({
  check,
  severity: Severity.BLOCKER,
  subject,
  message,
  fix,
});

export const hasBlocker = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === Severity.BLOCKER);

/** The human table: one line per finding, the fix indented below it. */
export function formatFindings(findings: readonly Finding[]): string {
  const mark = { ok: 'ok     ', warning: 'WARNING', blocker: 'BLOCKER' } as const;
  return findings
    .map((f) => `${mark[f.severity]}  ${f.check.padEnd(14)} ${f.subject}: ${f.message}${f.fix ? `\n${' '.repeat(24)}fix: ${f.fix}` : ''}`)
    .join('\n');
}

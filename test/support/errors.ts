import { CalicoValidationError } from '../../lib/core/internal';

/** Runs `fn`, which must throw a CalicoValidationError, and returns it (fails the test otherwise). */
export function validationErrorOf(fn: () => unknown): CalicoValidationError {
  try {
    fn();
  } catch (e) {
    if (CalicoValidationError.isCalicoValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a CalicoValidationError');
}

/** A line of the warning report (lib/core/validation/warning-report.ts): a warning, the summary or a note. */
export const isWarningReportLine = (line: string): boolean =>
  /^warning [A-Z_]+ \((high|medium|low)\)/.test(line) || /^calico-ebpf: \d+ warnings?\b/.test(line) || line.startsWith('note: ');

/** The stderr lines that are not the warning report, without empty ones. */
export const saidBesidesWarnings = (stderr: string): string[] => stderr.split('\n').filter((l) => l !== '' && !isWarningReportLine(l));

/** What `fn` writes to stderr, line by line as written (process.stderr.write is stubbed meanwhile). */
export function stderrOf(fn: () => void): string[] {
  const writes: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return writes;
}

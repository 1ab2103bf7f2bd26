/**
 * The report `npm run e2e` prints: the versions first, then one line per promise checked, `ok
 * <promise>` or `FAIL <promise>: <why>`, with what the engine did as `#` lines under it. A promise
 * marked `prerequisite` stops the run when it fails (what follows would only fail for that reason).
 */
export interface EnginePromise {
  readonly promise: string;
  /** Runs the engine step and checks the outcome; returns the evidence lines to print. */
  readonly check: () => Promise<readonly string[] | void>;
  readonly prerequisite?: boolean;
}

export interface PromiseResult {
  readonly promise: string;
  readonly ok: boolean;
  readonly detail: readonly string[];
}

export async function checkPromises(promises: readonly EnginePromise[], print: (line: string) => void): Promise<PromiseResult[]> {
  const results: PromiseResult[] = [];
  let stopped: string | undefined;
  for (const p of promises) {
    if (stopped) {
      results.push({ promise: p.promise, ok: false, detail: [`not checked: "${stopped}" failed first`] });
      print(`FAIL ${p.promise}: not checked, "${stopped}" failed first`);
      continue;
    }
    try {
      const detail = (await p.check()) ?? [];
      results.push({ promise: p.promise, ok: true, detail });
      print(`ok ${p.promise}`);
      for (const line of detail) print(`  # ${line}`);
    } catch (e) {
      const message = (e as Error).message.trim();
      results.push({ promise: p.promise, ok: false, detail: [message] });
      print(`FAIL ${p.promise}: ${message.split('\n')[0]}`);
      for (const line of message.split('\n').slice(1, 30)) print(`  # ${line}`);
      if (p.prerequisite) stopped = p.promise;
    }
  }
  return results;
}

/** Throws `message` unless `condition` holds: a promise's check. */
export function expectThat(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/**
 * A cross-process lock around a build: two test files (or a test run and `npm run cluster:up`)
 * must never build the same program at once on a 2-core machine. `mkdir` is atomic; the folder
 * holds the owner's pid so a lock left by a killed process is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function withLock<T>(path: string, fn: () => T, timeoutMs = 90 * 60_000): T {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(path);
      writeFileSync(join(path, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(path, 'pid'), 'utf8'));
      } catch {
        // Being created right now: wait for the pid.
      }
      if (Number.isInteger(owner) && !alive(owner)) {
        rmSync(path, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${path} (held by pid ${owner})`, { cause: e });
      sleepSync(1000);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}

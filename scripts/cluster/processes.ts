/**
 * Background processes of the local control plane: started detached in their own process group
 * with output to a log file, recorded by pid in the instance folder, stopped by that pid (SIGTERM,
 * then SIGKILL after a bounded wait). Nothing here ever signals a process it did not start.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Started {
  readonly pid: number;
  readonly log: string;
}

/** Starts `command` detached, stdout and stderr appended to `log`; writes the pid to `pidFile`. */
export function startProcess(
  command: string,
  args: readonly string[],
  opts: { log: string; pidFile: string; env?: NodeJS.ProcessEnv; cwd?: string },
): Started {
  const fd = openSync(opts.log, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env: opts.env ?? process.env, cwd: opts.cwd });
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    child.unref();
    writeFileSync(opts.pidFile, `${child.pid}\n`);
    return { pid: child.pid, log: opts.log };
  } finally {
    closeSync(fd);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Stops the process recorded in `pidFile` and its process group (it was started as the group
 * leader, so children such as helpers it spawned go too). Returns whether something was running.
 */
export async function stopProcess(pidFile: string, graceMs = 20_000): Promise<boolean> {
  const pid = readPid(pidFile);
  if (pid === undefined) return false;
  const running = isAlive(pid);
  if (running) {
    signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(200);
    if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(100);
  }
  rmSync(pidFile, { force: true });
  return running;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `check` until it returns a value, or fails with what it last said after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined> | T | undefined, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(intervalMs);
  }
}

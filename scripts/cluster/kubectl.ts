/** The real kubectl (scripts/k8s-tools.js), run against one kubeconfig with a bounded time. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { k8sTools } = require(join(__dirname, '..', 'k8s-tools.js')) as { k8sTools: () => { helm: string; kubectl: string } };

export function tools(): { helm: string; kubectl: string } {
  return k8sTools();
}

/** Runs kubectl and returns stdout; throws with kubectl's stderr on failure. */
export function kubectl(kubeconfig: string, args: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): string {
  try {
    return execFileSync(tools().kubectl, ['--kubeconfig', kubeconfig, '--request-timeout=20s', ...args], {
      encoding: 'utf8',
      input: opts.input,
      timeout: opts.timeoutMs ?? 60_000,
      maxBuffer: 64 << 20,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`kubectl ${args.join(' ')}: ${(err.stderr || err.message).trim()}`, { cause: e });
  }
}

/** Runs helm with the kubeconfig. */
export function helm(kubeconfig: string, args: readonly string[], opts: { timeoutMs?: number } = {}): string {
  try {
    return execFileSync(tools().helm, ['--kubeconfig', kubeconfig, ...args], {
      encoding: 'utf8',
      timeout: opts.timeoutMs ?? 120_000,
      maxBuffer: 64 << 20,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`helm ${args.join(' ')}: ${(err.stderr || err.message).trim()}`, { cause: e });
  }
}

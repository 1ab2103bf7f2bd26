/**
 * Locates ../shared/reference (beside the checkout in CI). Tests that need it call
 * `describeWithReference`, which says why and skips only that block when it is missing.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const candidates = [process.env.CALICO_REFERENCE_DIR, resolve(__dirname, '..', '..', '..', 'shared', 'reference')].filter((x): x is string => !!x);

export const REFERENCE_DIR: string | undefined = candidates.find((d) => existsSync(join(d, 'calico', 'operator.tigera.io_installations.yaml')));

export function describeWithReference(name: string, fn: (dir: string) => void): void {
  if (REFERENCE_DIR === undefined) {
    // Loud, so a missing reference folder is never mistaken for a pass.
    console.warn(`SKIPPED "${name}": reference CRDs not found (looked in ${candidates.join(', ')}); set CALICO_REFERENCE_DIR`);
    describe.skip(`${name} (reference CRDs missing)`, () => {
      it('needs ../shared/reference', () => undefined);
    });
    return;
  }
  describe(name, () => fn(REFERENCE_DIR!));
}

/** Counterexamples the fuzzer found (test/fuzz.test.ts), kept as fixed cases. Each used to throw a TypeError. */
import { CalicoValidationError, renderCalicoEbpfDataplane, renderGitOpsLayers, resolveCalicoEbpfDataplane } from '../../lib/core/internal';

function outcome(props: unknown): string {
  try {
    const config = resolveCalicoEbpfDataplane(props as never);
    renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
    return 'ok';
  } catch (e) {
    if (CalicoValidationError.isCalicoValidationError(e)) return e.problems.map((p) => p.path).join(',');
    throw e;
  }
}

describe('fuzz counterexamples', () => {
  it('serviceCidrs that is not a list, with a k3d config (the k3d flags joined it)', () => {
    expect(outcome({ serviceCidrs: false, k3d: {} })).toBe('serviceCidrs');
  });

  it.each(['clusterName', 'calicoVersion', 'operatorVersion', 'helmRepository', 'distribution'])(
    'a prototype-less object as %s (regex tests and lookups converted it to a string)',
    (key) => {
      expect(outcome({ [key]: Object.create(null) })).toContain(key);
    },
  );

  it('a prototype-less layerPrefix, and calicoVersion with crdDelivery helm-release (the size warning interpolated it)', () => {
    expect(outcome({ gitops: { layerPrefix: Object.create(null) } })).toBe('gitops.layerPrefix');
    expect(outcome({ calicoVersion: Object.create(null), crdDelivery: 'helm-release' })).toBe('calicoVersion');
  });

  it('keys and values named after Object.prototype members are plain unknown values', () => {
    expect(outcome({ distribution: 'constructor' })).toBe('distribution');
    expect(outcome({ calicoVersion: 'toString' })).toBe('calicoVersion');
    expect(outcome({ felix: { additionalSpec: { constructor: 1 } } })).toBe('felix.additionalSpec.constructor');
    expect(outcome({ helmValues: { toString: 'x' } })).toBe('helmValues.toString');
  });
});

describe('fuzz counterexamples after the schema checks', () => {
  it('a prototype-less calicoApiGroup with an escape hatch (the schema lookup built a key from it)', () => {
    expect(outcome({ calicoApiGroup: Object.create(null), felix: { additionalSpec: { bpfProfiling: 'Enabled' } } })).toBe('calicoApiGroup');
  });
});

import { Duration, MAP_SIZE_FIELDS, renderFelixConfiguration, resolveFelixBpfTuning, type FelixBpfTuningProps } from '../../lib/core/internal';
import { re2Problem } from '../../lib/core/validation/re2';

import { validationErrorOf } from '../support/errors';

function messages(props: FelixBpfTuningProps): string {
  return validationErrorOf(() => resolveFelixBpfTuning(props)).message;
}

describe('resolveFelixBpfTuning', () => {
  it('writes only what was set, under the Calico field names', () => {
    const obj = renderFelixConfiguration(
      resolveFelixBpfTuning({
        mapSizeConntrack: 131072,
        mapSizePerCpuConntrack: 0,
        logLevel: 'Debug',
        logFilters: { all: 'host 10.0.0.1' },
        kubeProxyMinSyncPeriod: Duration.millis(1500),
        enforceRPF: 'Strict',
      }),
    );
    expect(obj).toEqual({
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'FelixConfiguration',
      metadata: { name: 'default' },
      spec: {
        bpfEnforceRPF: 'Strict',
        bpfKubeProxyMinSyncPeriod: '1500ms',
        bpfLogFilters: { all: 'host 10.0.0.1' },
        bpfLogLevel: 'Debug',
        bpfMapSizeConntrack: 131072,
        bpfMapSizePerCpuConntrack: 0,
      },
    });
  });

  it('targets node.<name> and the v3 API group when asked', () => {
    const obj = renderFelixConfiguration(
      resolveFelixBpfTuning({ nodeName: 'k3d-dev-agent-0', apiGroup: 'projectcalico.org/v3', mapSizeIfState: 2000 }),
    );
    expect(obj.metadata.name).toBe('node.k3d-dev-agent-0');
    expect(obj.apiVersion).toBe('projectcalico.org/v3');
  });

  it('covers every bpfMapSize field with a typed prop', () => {
    expect(MAP_SIZE_FIELDS.map((m) => m.field).sort()).toEqual([
      'bpfMapSizeConntrack',
      'bpfMapSizeConntrackCleanupQueue',
      'bpfMapSizeIPSets',
      'bpfMapSizeIfState',
      'bpfMapSizeNATAffinity',
      'bpfMapSizeNATBackend',
      'bpfMapSizeNATFrontend',
      'bpfMapSizePerCpuConntrack',
      'bpfMapSizeRoute',
    ]);
  });

  it.each(MAP_SIZE_FIELDS.map((m) => [m.prop, m.min] as const))('fails when %s is below its minimum or not an integer', (prop, min) => {
    expect(messages({ [prop]: min - 1 })).toMatch(new RegExp(`'${prop}' must be from ${min} to 134217728, got ${min - 1}`));
    expect(messages({ [prop]: 1000.5 })).toMatch(new RegExp(`'${prop}' must be an integer from ${min} to 134217728, got 1000.5`));
    expect(messages({ [prop]: '1000' as never })).toMatch(new RegExp(`'${prop}' must be an integer .* got "1000"`));
  });

  it('fails when the metrics port is out of range', () => {
    expect(messages({ prometheusMetricsPort: 0 })).toMatch(/'prometheusMetricsPort' must be from 1 to 65535, got 0/);
  });

  it.each([
    ['lookahead', '^(?!cali).*', /'dataIfacePattern' "\^\(\?!cali\)\.\*" uses a lookahead/],
    ['lookbehind', '(?<=eth)0', /uses a lookbehind/],
    ['backreference', '(eth)\\1', /uses a backreference/],
    ['broken syntax', '^(eth', /'dataIfacePattern' "\^\(eth" is not a valid RE2 regular expression \(missing closing \): `\^\(eth`\)/],
    ['repeat count RE2 refuses', 'a{2,1}', /is not a valid RE2 regular expression \(invalid repeat count/],
  ])('fails when an interface pattern uses a %s', (_what, pattern, expected) => {
    expect(messages({ dataIfacePattern: pattern })).toMatch(expected);
  });

  it('accepts RE2-only syntax such as inline flags and (?P<name>…)', () => {
    expect(re2Problem('(?i)^(?P<nic>eth|ens)[0-9]+$')).toBeUndefined();
    expect(re2Problem('\\\\1')).toBeUndefined();
    // Go's regexp (and so Felix) accepts (?<name>…) too since Go 1.22; the RE2 implementation says so.
    expect(re2Problem('^(?<nic>eth)[0-9]+$')).toBeUndefined();
    expect(resolveFelixBpfTuning({ l3IfacePattern: '^(wg|vxlan)[0-9]*$' }).spec).toEqual({ bpfL3IfacePattern: '^(wg|vxlan)[0-9]*$' });
  });

  it.each([
    ['1.5s', /'kubeProxyMinSyncPeriod' "1.5s"|bpfKubeProxyMinSyncPeriod/],
    ['0', /'kubeProxyMinSyncPeriod' "0" has no unit; write "0s"/],
    ['fast', /'kubeProxyMinSyncPeriod' "fast" is not a duration/],
  ])('handles the duration %s', (text, expected) => {
    if (text === '1.5s') {
      // Fractions are converted, not rejected: the CRD pattern would refuse "1.5s", so it is rendered as 1500ms.
      expect(resolveFelixBpfTuning({ kubeProxyMinSyncPeriod: text }).spec).toEqual({ bpfKubeProxyMinSyncPeriod: '1500ms' });
    } else {
      expect(messages({ kubeProxyMinSyncPeriod: text })).toMatch(expected);
    }
  });

  it('renders durations in the largest whole unit', () => {
    expect(
      [Duration.seconds(0), Duration.seconds(90), Duration.minutes(2), Duration.hours(1), Duration.parse('1m30s')].map((d) => d.toCalicoString()),
    ).toEqual(['0s', '90s', '2m', '1h', '90s']);
    expect(() => Duration.millis(-1)).toThrow(/a duration must be zero or positive, got -1ms/);
    expect(() => Duration.millis(0.5)).toThrow(/whole number of milliseconds/);
  });

  it('fails when the escape hatch writes an operator-owned field', () => {
    expect(messages({ additionalSpec: { bpfEnabled: true } })).toMatch(
      /\[OPERATOR_OWNED_FIELD\] 'additionalSpec\.bpfEnabled' must not be set: \(owner: operator \(Installation controller\)\) set from Installation linuxDataplane: BPF with an annotation/,
    );
    expect(
      messages({
        additionalSpec: {
          nftablesMode: 'Disabled',
          istioAmbientMode: 'Enabled',
          istioDSCPMark: 23,
          policySyncPathPrefix: '/var/run/nodeagent',
          nodeSelector: 'all()',
        },
      }),
    ).toMatch(
      /nftablesMode[\s\S]*istioAmbientMode' must not be set: \(owner: operator \(Istio controller\)\)[\s\S]*istioDSCPMark[\s\S]*policySyncPathPrefix[\s\S]*'additionalSpec\.nodeSelector' must not be set: \(owner: the CRD\) a CEL rule/,
    );
    // The operator fills these only when unset: typed props, not refused.
    expect(messages({ additionalSpec: { vxlanVNI: 4096 } })).toMatch(/'additionalSpec\.vxlanVNI' has a typed prop; set 'vxlanVNI' instead/);
  });

  it('fails when the escape hatch duplicates a typed prop or a dataplane decision', () => {
    expect(messages({ additionalSpec: { bpfMapSizeRoute: 10 } })).toMatch(
      /'additionalSpec\.bpfMapSizeRoute' has a typed prop; set 'mapSizeRoute' instead/,
    );
    expect(messages({ additionalSpec: { bpfConnectTimeLoadBalancingEnabled: false } })).toMatch(
      /\(owner: nobody: deprecated\) libcalico's defaulting lets it override both bpfConnectTimeLoadBalancing and bpfHostNetworkedNATWithoutCTLB/,
    );
  });

  it('fails when the escape hatch names a field the CRD does not have', () => {
    expect(messages({ additionalSpec: { bpfConntrackCleanupMode: 'Auto' } })).toMatch(
      /'additionalSpec\.bpfConntrackCleanupMode' is not a FelixConfiguration field in Calico v3\.33\.1; did you mean 'bpfConntrackMode'\?/,
    );
  });

  it('passes other real fields through', () => {
    expect(resolveFelixBpfTuning({ additionalSpec: { bpfProfiling: 'Enabled' } }).spec).toEqual({ bpfProfiling: 'Enabled' });
  });

  it('fails when excludeCIDRsFromNAT holds a bad CIDR', () => {
    expect(messages({ excludeCIDRsFromNAT: ['169.254.20.10'] })).toMatch(/'excludeCIDRsFromNAT\[0\]' must be a CIDR/);
  });
});

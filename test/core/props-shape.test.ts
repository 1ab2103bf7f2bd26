/**
 * The shape of the props is checked against the schema generated from the props types
 * (lib/core/validation/props-shape.ts); hand-written code checks the rules. Each test gives the
 * exact sentence a user reads.
 */
import { resolveCalicoEbpfDataplane, resolveFelixBpfTuning, type CalicoEbpfDataplaneProps } from '../../lib/core/internal';
import { validationErrorOf } from '../support/errors';

const problems = (props: unknown) =>
  validationErrorOf(() => resolveCalicoEbpfDataplane(props as CalicoEbpfDataplaneProps)).problems.map((p) => `[${p.code}] ${p.path}: ${p.message}`);

describe('props shape from the schema', () => {
  it('a misspelt key at any depth: the full path and the nearest key', () => {
    expect(problems({ gitops: { flavor: 'flux', flux: { intervall: '1m' } } })).toEqual([
      "[UNKNOWN_FIELD] gitops.flux.intervall: 'gitops.flux.intervall' is not a known setting; did you mean 'interval'?",
    ]);
    expect(problems({ podCidrs: ['10.40.0.0/14'], ipPools: [{ cidr: '10.42.0.0/16' }, { cidr: '10.40.0.0/16', encapsulaton: 'VXLAN' }] })).toEqual([
      "[UNKNOWN_FIELD] ipPools[1].encapsulaton: 'ipPools[1].encapsulaton' is not a known setting; did you mean 'encapsulation'?",
    ]);
  });

  it('a value outside a closed set: what is allowed and the nearest value', () => {
    expect(problems({ ipPools: [{ cidr: '10.42.0.0/16', encapsulation: 'VXLANCrossSubne' }] })).toEqual([
      `[INVALID_VALUE] ipPools[0].encapsulation: 'ipPools[0].encapsulation' must be one of "VXLANCrossSubnet", "VXLAN", "IPIPCrossSubnet", "IPIP", "None", got "VXLANCrossSubne"; did you mean "VXLANCrossSubnet"?`,
    ]);
  });

  it('a wrong type, with the value received', () => {
    expect(problems({ wireguard: { ipv4: 'yes' } })).toEqual(['[INVALID_VALUE] wireguard.ipv4: \'wireguard.ipv4\' must be true or false, got "yes"']);
    expect(problems({ podCidrs: '10.42.0.0/16' })).toEqual(['[INVALID_VALUE] podCidrs: \'podCidrs\' must be a list, got "10.42.0.0/16"']);
  });

  it('a union is judged by the alternative the value is closest to', () => {
    // A string against the profile names…
    expect(problems({ felix: { scale: 'medum' } })).toEqual([
      `[INVALID_VALUE] felix.scale: 'felix.scale' must be one of "k3d-dev", "small", "medium", "large", got "medum"; did you mean "medium"?`,
    ]);
    // …an object against the cluster description…
    expect(problems({ felix: { scale: { profile: 'small', nodes: '40' } } })).toEqual([
      '[INVALID_VALUE] felix.scale.nodes: \'felix.scale.nodes\' must be a number, got "40"',
    ]);
    // …and a value of neither kind gets both.
    expect(problems({ felix: { scale: 5 } })[0]).toMatch(
      /^\[INVALID_VALUE\] felix\.scale: 'felix\.scale' must be a ClusterScale object or one of "k3d-dev", .*, got 5$/,
    );
  });

  it('a range the types declare (@minimum/@maximum): the range and the value', () => {
    expect(problems({ k3d: { agents: 100 } })).toEqual(["[OUT_OF_RANGE] k3d.agents: 'k3d.agents' must be from 0 to 99, got 100"]);
    expect(problems({ observability: { felixMetricsPort: 90.5 } })).toEqual([
      "[NOT_AN_INTEGER] observability.felixMetricsPort: 'observability.felixMetricsPort' must be an integer from 1 to 65535, got 90.5",
    ]);
  });

  it('objects of a union told apart by their fixed fields: the field that matches none is the problem', () => {
    expect(problems({ serviceMesh: { kind: 'istio', provider: 'tigera', mode: 'ambient' } })).toEqual([
      `[INVALID_VALUE] serviceMesh.provider: 'serviceMesh.provider' must be one of "upstream", "calico", got "tigera"`,
    ]);
  });

  it('every problem at once: the shape and the rules together, each once', () => {
    const got = problems({ distribuiton: 'kubeadm', kubeProxy: 'replace', felix: { logLevel: 'Verbose', mapSizeConntrack: -5 } });
    expect(got).toEqual([
      "[UNKNOWN_FIELD] distribuiton: 'distribuiton' is not a known setting; did you mean 'distribution'?",
      `[INVALID_VALUE] felix.logLevel: 'felix.logLevel' must be one of "Off", "Info", "Debug", got "Verbose"`,
      expect.stringMatching(/^\[REPLACE_WITHOUT_API_SERVER\] apiServer: 'kubeProxy' "replace" needs 'apiServer'/),
      expect.stringMatching(/^\[OUT_OF_RANGE\] felix\.mapSizeConntrack: 'felix\.mapSizeConntrack' must be from 1 to \d+, got -5/),
    ]);
  });

  it("a rule that says why a value is refused replaces the schema's sentence", () => {
    expect(problems({ distribution: 'gke' })).toEqual([
      expect.stringMatching(/^\[UNSUPPORTED_DISTRIBUTION\] distribution: 'distribution' "gke" is refused: Calico does not support eBPF on GKE/),
    ]);
  });

  it('a standalone FelixBpfTuning is checked against its own type', () => {
    expect(
      validationErrorOf(() => resolveFelixBpfTuning({ nodeName: 'n1', logSeverityScren: 'Info' } as never)).problems.map((p) => p.message),
    ).toEqual(["'logSeverityScren' is not a known setting; did you mean 'logSeverityScreen'?"]);
  });
});

/**
 * The schemas the project carries (lib/core/generated/crd-schemas.ts, test/fixtures/schemas) are
 * what the generator makes from ../shared/reference, and escape hatches are checked against them
 * at synth time, like the API server would.
 */
import { readFileSync } from 'node:fs';
import { renderCalicoEbpfDataplane, resolveCalicoEbpfDataplane, resolveFelixBpfTuning } from '../lib/core/internal';
import { celProblems } from '../lib/core/validation/cel';
import { GITOPS_FIXTURE_PATH, LINE_FOLDERS, allCoreSchemas, crdModulePath, generatedCrdModule, gitopsFixture } from '../scripts/generate-schemas';
import { FELIX_FIELDS_PATH, felixFieldsModule } from '../scripts/generate-felix-fields';
import { validationErrorOf } from './support/errors';
import { describeWithReference } from './support/reference';

describeWithReference('generated schemas', (referenceDir) => {
  it.each(Object.keys(LINE_FOLDERS))(
    'lib/core/generated/crd-schemas-%s.ts is what the generator makes (npm run generate after a reference update)',
    (line) => {
      expect(readFileSync(crdModulePath(line), 'utf8')).toBe(generatedCrdModule(allCoreSchemas(referenceDir, line), line));
    },
  );
  it('lib/core/generated/felix-fields.ts is what the generator makes', () => {
    expect(readFileSync(FELIX_FIELDS_PATH, 'utf8')).toBe(felixFieldsModule(referenceDir));
  });
  it('test/fixtures/schemas/gitops-schemas.json is what the generator makes', () => {
    expect(readFileSync(GITOPS_FIXTURE_PATH, 'utf8')).toBe(gitopsFixture(referenceDir));
  });
});

describe('escape hatches checked against the CRDs at synth time', () => {
  const messages = (additionalSpec: Record<string, unknown>) =>
    validationErrorOf(() => resolveFelixBpfTuning({ additionalSpec })).problems.map((p) => `[${p.code}] ${p.message}`);

  it.each([
    [
      { routeTableRange: { min: 1, maxx: 250 } },
      /\[SCHEMA_VIOLATION\] 'additionalSpec\.routeTableRange\.maxx' is not a field of 'additionalSpec\.routeTableRange' in the CRD \(the API server would drop it silently\)/,
    ],
    [
      { failsafeInboundHostPorts: [{ port: 53, protocl: 'UDP' }] },
      /'additionalSpec\.failsafeInboundHostPorts\[0\]\.protocl' is not a field of 'additionalSpec\.failsafeInboundHostPorts\[0\]'/,
    ],
    [{ bpfConntrackLogLevel: 'Sometimes' }, /'additionalSpec\.bpfConntrackLogLevel' must be one of "Off", "Debug", got "Sometimes"/],
    [{ routeRefreshInterval: 'soon' }, /'additionalSpec\.routeRefreshInterval' must match the CRD pattern .*, got "soon"/],
    [{ bpfProfiling: 7 }, /'additionalSpec\.bpfProfiling' must be of type string, got 7/],
  ])('refuses %j', (spec, message) => {
    expect(messages(spec).join('\n')).toMatch(message);
  });

  it('accepts what the CRD accepts, case-insensitive patterns included', () => {
    expect(
      resolveFelixBpfTuning({
        additionalSpec: {
          routeTableRange: { min: 1, max: 250 },
          failsafeInboundHostPorts: [{ port: 53, protocol: 'UDP' }],
          bpfConntrackLogLevel: 'Debug',
          routeRefreshInterval: '90s',
          bpfProfiling: 'Enabled',
        },
      }).spec,
    ).toMatchObject({
      routeTableRange: { min: 1, max: 250 },
      bpfConntrackLogLevel: 'Debug',
    });
  });

  it('checks the FelixConfiguration of the API group in use (v3 too)', () => {
    expect(
      validationErrorOf(() => resolveFelixBpfTuning({ apiGroup: 'projectcalico.org/v3', additionalSpec: { bpfConntrackLogLevel: 'Sometimes' } }))
        .message,
    ).toMatch(/must be one of "Off", "Debug"/);
  });

  it("checks Calico's Istio pod overrides against the Istio CRD", () => {
    const error = validationErrorOf(() =>
      resolveCalicoEbpfDataplane({
        serviceMesh: {
          kind: 'istio',
          provider: 'calico',
          mode: 'ambient',
          ztunnel: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerm: [] } } } },
        },
      }),
    );
    expect(error.message).toMatch(
      /\[SCHEMA_VIOLATION\] 'serviceMesh\.ztunnel\.affinity\.nodeAffinity\.requiredDuringSchedulingIgnoredDuringExecution' needs 'nodeSelectorTerms'/,
    );
  });
});

describe('helmValues against the types of the chart values', () => {
  it.each([
    [{ tolerations: 'all' }, /\[SCHEMA_VIOLATION\] 'helmValues\.tolerations' must be of type array, got "all"/],
    [{ priorityClassName: 5 }, /'helmValues\.priorityClassName' must be of type string, got 5/],
    [{ dnsPolicy: 'ClusterFirstHost' }, /'helmValues\.dnsPolicy' must be one of "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"/],
    [{ tigeraOperator: { imagee: 'x' } }, /'helmValues\.tigeraOperator\.imagee' is not a field of 'helmValues\.tigeraOperator'/],
  ])('refuses %j', (helmValues, message) => {
    expect(validationErrorOf(() => resolveCalicoEbpfDataplane({ helmValues })).message).toMatch(message);
  });

  it('accepts values of the right types', () => {
    expect(
      resolveCalicoEbpfDataplane({
        helmValues: {
          tolerations: [{ operator: 'Exists' }],
          priorityClassName: 'system-node-critical',
          dnsPolicy: 'Default',
          resources: { limits: { memory: '256Mi' } },
        },
      }).helmValues,
    ).toMatchObject({ dnsPolicy: 'Default' });
  });
});

describe("the CRDs' CEL rules", () => {
  it('refuses routeTableRange with routeTableRanges (a FelixConfiguration CEL rule on spec)', () => {
    expect(
      validationErrorOf(() =>
        resolveFelixBpfTuning({ additionalSpec: { routeTableRange: { min: 1, max: 250 }, routeTableRanges: [{ min: 1, max: 250 }] } }),
      ).message,
    ).toMatch(
      /\[SCHEMA_VIOLATION\] 'additionalSpec' breaks a FelixConfiguration CRD rule on spec: routeTableRange and routeTableRanges cannot both be set/,
    );
  });

  it('every object the library renders passes every CEL rule of its kind, and a wrong name would not', () => {
    const config = resolveCalicoEbpfDataplane({
      serviceMesh: { kind: 'istio', provider: 'calico', mode: 'ambient' },
      felix: { additionalSpec: { routeTableRange: { min: 1, max: 250 } } },
    });
    const rendered = renderCalicoEbpfDataplane(config);
    const objects = [rendered.installation, rendered.felixConfiguration, ...rendered.components, rendered.istio!];
    for (const o of objects) expect([o.kind, celProblems('v3.33', `${o.apiVersion}:${o.kind}`, o)]).toEqual([o.kind, []]);
    expect(celProblems('v3.33', 'operator.tigera.io/v1:Installation', { ...rendered.installation, metadata: { name: 'other' } })).toEqual([
      { path: '', message: "resource name must be 'default', 'tigera-secure', or 'overlay'" },
    ]);
    expect(
      celProblems('v3.33', 'crd.projectcalico.org/v1:FelixConfiguration', { metadata: { name: 'node.n1' }, spec: { nodeSelector: 'all()' } })[0]!
        .message,
    ).toMatch(/nodeSelector must not be set/);
  });
});

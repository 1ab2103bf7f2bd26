/**
 * Conformance: every object the library renders, across the props matrix, is accepted by the
 * upstream CRD schema of its kind (unknown fields included), and core objects are well-formed.
 */
import { renderCalicoEbpfDataplane, renderGitOpsLayers, resolveCalicoEbpfDataplane, type KubeObject } from '../lib/core/internal';
import { CrdValidator } from './support/crd-validator';
import { FULL_PROPS, propsMatrix } from './support/matrix';

function allObjects(props: Parameters<typeof resolveCalicoEbpfDataplane>[0]): KubeObject[] {
  const config = resolveCalicoEbpfDataplane(props);
  return renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)).flatMap((l) => l.objects);
}

const BUILTIN = new Set(['v1:Namespace', 'v1:ConfigMap']);

describe('conformance with the upstream CRD schemas (generated copies: runs without ../shared)', () => {
  let validator: CrdValidator;
  beforeAll(() => {
    validator = CrdValidator.fromGenerated();
  });

  it('flags a misspelt field and a wrong enum (the validator can fail)', () => {
    const config = resolveCalicoEbpfDataplane({});
    const rendered = renderCalicoEbpfDataplane(config);
    const badFelix = { ...rendered.felixConfiguration, spec: { bpfConntrackCleanupMode: 'Auto', bpfConnectTimeLoadBalancing: 'Off' } };
    expect(validator.errors(badFelix).join('\n')).toMatch(/bpfConntrackCleanupMode[\s\S]*must be equal to one of the allowed values/);
    const badInstallation = { ...rendered.installation, spec: { cni: { type: 'HostLocal' } } };
    expect(validator.errors(badInstallation).join('\n')).toMatch(/\/spec\/cni\/type must be equal to one of the allowed values/);
  });

  const sized = (['k3d-dev', 'small', 'medium', 'large'] as const).map((profile) => ({
    name: `felix.scale ${profile}`,
    props: { felix: { scale: profile } },
  }));
  const cases = [...propsMatrix(), { name: 'every optional prop', props: FULL_PROPS }, ...sized];
  it.each(cases.map((c) => [c.name, c.props] as const))('%s: every object matches its schema', (_name, props) => {
    const objects = allObjects(props);
    const problems: string[] = [];
    for (const obj of objects) {
      const key = `${obj.apiVersion}:${obj.kind}`;
      if (BUILTIN.has(key)) continue;
      expect(validator.has(obj)).toBe(true);
      problems.push(...validator.errors(obj));
    }
    expect(problems).toEqual([]);
    // Installation and FelixConfiguration appear once in every flavor (one shared resources layer).
    expect(objects.filter((o) => o.kind === 'Installation')).toHaveLength(1);
    expect(objects.filter((o) => o.kind === 'FelixConfiguration')).toHaveLength(1);
  });
});

describe('built-in objects', () => {
  it.each(propsMatrix().map((c) => [c.name, c.props] as const))('%s: Namespace and ConfigMap are well-formed', (_name, props) => {
    for (const obj of allObjects(props).filter((o) => BUILTIN.has(`${o.apiVersion}:${o.kind}`))) {
      expect(obj.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      if (obj.kind === 'ConfigMap') {
        expect(Object.values(obj.data as Record<string, unknown>).every((v) => typeof v === 'string')).toBe(true);
        expect(obj.metadata.namespace).toBe('tigera-operator');
      }
    }
  });
});

/**
 * Every preset's chart values through the real tigera-operator chart (../shared/reference, Calico
 * v3.32.1) and a real `helm template`: the chart accepts them, renders no Installation or
 * FelixConfiguration, gives the operator the OpenShift RBAC exactly on OpenShift, and, with an
 * air-gap registry, pulls no image from anywhere else. Stands in for installing each preset on a
 * real cluster of that kind, which cannot run here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { DISTRIBUTION_PRESETS, resolveCalicoEbpfDataplane, type CalicoEbpfDataplaneProps } from '../lib/core/internal';
import { toolsOrSkip } from './support/k8s-tools';
import { PRESET_BASE } from './support/matrix';
import { describeWithReference } from './support/reference';

type Obj = Record<string, any>;

describeWithReference('each distribution preset through the real tigera-operator chart', (referenceDir) => {
  const tools = toolsOrSkip();
  const chartDir = join(referenceDir, 'calico', 'charts', 'tigera-operator');
  const render = (props: CalicoEbpfDataplaneProps): Obj[] => {
    const config = resolveCalicoEbpfDataplane(props);
    const dir = mkdtempSync(join(tmpdir(), 'preset-'));
    writeFileSync(join(dir, 'values.yaml'), JSON.stringify(config.helmValues));
    const out = execFileSync(
      tools!.helm,
      ['template', 'tigera-operator', chartDir, '--namespace', config.namespace, '--kube-version', '1.33.0', '-f', join(dir, 'values.yaml')],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    ).toString();
    return parseAllDocuments(out)
      .map((d) => d.toJS() as Obj)
      .filter((o) => o);
  };
  const maybe = tools ? it : it.skip;
  const airGap = { registry: 'registry.example.com', imagePath: 'mirror/calico', imagePullSecrets: ['regcred'] };
  const presets = Object.keys(PRESET_BASE) as Array<keyof typeof PRESET_BASE>;

  const openShiftRules = (objects: Obj[]): Obj[] =>
    objects
      .filter((o) => o.kind === 'ClusterRole')
      .flatMap((o) => o.rules as Obj[])
      .filter((r) => (r.apiGroups as string[]).some((g) => g === 'config.openshift.io' || g === 'security.openshift.io'));

  maybe.each(presets)('%s: accepted, no custom resource, OpenShift RBAC only on OpenShift, every image from the air-gap registry', (name) => {
    const objects = render({ ...PRESET_BASE[name], ...airGap });
    const kinds = objects.map((o) => o.kind);
    for (const kind of ['Installation', 'FelixConfiguration', 'APIServer', 'Goldmane', 'Whisker', 'CustomResourceDefinition'])
      expect([name, kinds.includes(kind)]).toEqual([name, false]);

    const rules = openShiftRules(objects);
    const pod = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec;
    if (name === 'openshift') {
      expect(rules.map((r) => r.apiGroups).flat()).toEqual(expect.arrayContaining(['config.openshift.io', 'security.openshift.io']));
      // The init containers that only the OpenShift provider adds: CRD bootstrap and calicoctl.
      expect(pod.initContainers.map((c: Obj) => c.name)).toEqual(['bootstrap-crds', 'create-initial-resources']);
    } else {
      expect([name, rules]).toEqual([name, []]);
      expect([name, pod.initContainers]).toEqual([name, undefined]);
    }

    const images = objects.flatMap((o) => {
      const spec = o.spec?.template?.spec;
      return spec ? [...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c: Obj) => c.image as string) : [];
    });
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect([name, image.startsWith('registry.example.com/mirror/calico/')]).toEqual([name, true]);
    // The chart hands the pull secrets to the operator through its ServiceAccount.
    expect(objects.find((o) => o.kind === 'ServiceAccount')!.imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });

  maybe.each(['eks', 'aks', 'openshift'] as const)('%s: a DNS-name endpoint gives the operator (and so calico-node) the node resolver', (name) => {
    const pod = render(PRESET_BASE[name]).find((o) => o.kind === 'Deployment')!.spec.template.spec;
    expect(pod.dnsPolicy).toBe('Default');
    expect(pod.hostNetwork).toBe(true);
  });

  maybe('an IP endpoint or none keeps the chart default, ClusterFirstWithHostNet', () => {
    for (const props of [PRESET_BASE.kind, { kubeProxy: 'replace' as const, apiServer: { host: '172.18.0.2' } }]) {
      expect(render(props).find((o) => o.kind === 'Deployment')!.spec.template.spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
    }
  });
});

describeWithReference('preset facts against the reference files', (referenceDir) => {
  it('every provider a preset writes is in the Installation CRD enum', () => {
    const crd = parse(readFileSync(join(referenceDir, 'calico', 'operator.tigera.io_installations.yaml'), 'utf8')) as Obj;
    const enumValues = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.kubernetesProvider.enum as string[];
    for (const preset of Object.values(DISTRIBUTION_PRESETS))
      for (const p of preset.providers) expect([preset.name, p, enumValues.includes(p)]).toEqual([preset.name, p, true]);
  });

  it.each([
    ['calico', 'v3.32.1'],
    ['calico-v3.33', 'v3.33.1'],
  ])("without an air-gap registry the OpenShift calicoctl image is the chart's own default (%s)", (folder, calicoVersion) => {
    const values = parse(readFileSync(join(referenceDir, folder, 'charts', 'tigera-operator', 'values.yaml'), 'utf8')) as Obj;
    const ours = resolveCalicoEbpfDataplane({ ...PRESET_BASE.openshift, calicoVersion }).helmValues.calicoctl;
    // The 3.33 reference is the release branch (tag "release-v3.33"); the release pins its own tag.
    expect(ours).toEqual({ image: values.calicoctl.image, tag: folder === 'calico' ? values.calicoctl.tag : calicoVersion });
  });
});

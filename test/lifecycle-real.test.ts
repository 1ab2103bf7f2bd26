/**
 * The lifecycle facts checked with real components: the real tigera-operator chart rendered by a
 * real `helm template` with the values the library writes, the k3d config and its embedded
 * manifests against k3d's schema and the CRDs, and the stored size of a Helm release.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import {
  CRD_CHART_RELEASE_BYTES,
  MAX_SECRET_BYTES,
  encodeHelmRelease,
  helmReleaseStoredBytes,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  renderK3dConfig,
  k3sManifests,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
  type KubeObject,
} from '../lib/core/internal';
import { measureCrdChart, generatedSource } from '../scripts/generate-crd-release-size';
import { CrdValidator } from './support/crd-validator';
import { toolsOrSkip } from './support/k8s-tools';
import { describeWithReference } from './support/reference';

/** The k3d config of `props`, its files read from `calico-k3s-manifests/` beside it, and those files' contents. */
function k3dConfig(props: CalicoEbpfDataplaneProps): KubeObject & { contents: Record<string, string> } {
  const config = resolveCalicoEbpfDataplane(props);
  const k3s = k3sManifests(config, renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)))!;
  const contents = Object.fromEntries(k3s.files.map((f) => [`calico-k3s-manifests/${f.path}`, f.content]));
  return Object.assign(renderK3dConfig(config, k3s.files, 'calico-k3s-manifests'), { contents });
}

describe('Helm release stored size', () => {
  const release = {
    name: 'demo',
    namespace: 'ns',
    version: 1,
    chartMetadata: { apiVersion: 'v2', name: 'demo', version: '1.0.0' },
    templates: [{ name: 'templates/cm.yaml', data: Buffer.from('kind: ConfigMap\n') }],
    files: [{ name: 'README.md', data: Buffer.from('# demo\n') }],
    values: { a: 1 },
    config: {},
    manifest: '---\n# Source: demo/templates/cm.yaml\nkind: ConfigMap\n',
  };

  it('encodes a hand-built release the way Helm stores it: base64(gzip(JSON with the chart files and the manifest))', () => {
    const encoded = encodeHelmRelease(release);
    const json = JSON.parse(gunzipSync(Buffer.from(encoded, 'base64')).toString('utf8'));
    expect(json).toMatchObject({ name: 'demo', namespace: 'ns', version: 1, manifest: release.manifest, config: {}, info: { status: 'deployed' } });
    expect(json.chart.metadata).toEqual(release.chartMetadata);
    // Chart files are []byte in Go, so base64 inside the JSON: the manifest and the templates are both stored.
    expect(json.chart.templates).toEqual([{ name: 'templates/cm.yaml', data: Buffer.from('kind: ConfigMap\n').toString('base64') }]);
    expect(json.chart.files).toEqual([{ name: 'README.md', data: Buffer.from('# demo\n').toString('base64') }]);
    expect(helmReleaseStoredBytes(release)).toBe(encoded.length);
  });

  it('grows with the templates and the manifest, each stored once', () => {
    const big = 'x'.repeat(10_000);
    const more = helmReleaseStoredBytes({ ...release, manifest: release.manifest + big });
    expect(more).toBeGreaterThan(helmReleaseStoredBytes(release));
  });

  describeWithReference('the real CRD chart', (referenceDir) => {
    const tools = toolsOrSkip();
    (tools ? it : it.skip)('v3.32 measured with a real helm equals the committed figure: about 90 % of the 1 MiB limit', () => {
      const bytes = measureCrdChart(join(referenceDir, 'calico', 'charts', 'crd.projectcalico.org.v1'), tools!.helm);
      expect(CRD_CHART_RELEASE_BYTES['v3.32']).toEqual({ 'crd.projectcalico.org.v1': bytes });
      // ../shared/docs/lifecycle.md §C models ≈946 KB (±1 %).
      expect(Math.abs(bytes - 946_000) / 946_000).toBeLessThan(0.015);
      expect(bytes).toBeLessThan(MAX_SECRET_BYTES);
      expect(bytes / MAX_SECRET_BYTES).toBeGreaterThan(0.85);
      expect(generatedSource({ 'v3.32': { 'crd.projectcalico.org.v1': bytes } })).toContain(`'crd.projectcalico.org.v1': ${bytes}`);
    });

    (tools ? it : it.skip)(
      'v3.33 measured with a real helm equals the committed figure: over the limit (≈1.16 MB), so it can never be a release',
      () => {
        const bytes = measureCrdChart(join(referenceDir, 'calico-v3.33', 'charts', 'crd.projectcalico.org.v1'), tools!.helm);
        expect(CRD_CHART_RELEASE_BYTES['v3.33']).toEqual({ 'crd.projectcalico.org.v1': bytes });
        expect(bytes).toBeGreaterThan(MAX_SECRET_BYTES);
        expect(Math.abs(bytes - 1_165_000) / 1_165_000).toBeLessThan(0.01);
      },
    );
  });
});

describe.each([
  ['v3.32', 'calico', 'v3.32.4', 'v1.42.8'],
  ['v3.33', 'calico-v3.33', 'v3.33.1', 'v1.44.1'],
] as const)('the real %s tigera-operator chart with the library values', (_line, folder, calicoVersion, operatorVersion) => {
  describeWithReference(`the ${folder} chart`, (referenceDir) => {
    const tools = toolsOrSkip();
    const chartDir = join(referenceDir, folder, 'charts', 'tigera-operator');
    const render = (own: CalicoEbpfDataplaneProps): Record<string, any>[] => {
      const props = { calicoVersion, ...own };
      const config = resolveCalicoEbpfDataplane(props);
      const dir = mkdtempSync(join(tmpdir(), 'chart-'));
      writeFileSync(join(dir, 'values.yaml'), JSON.stringify(config.helmValues));
      const out = execFileSync(
        tools!.helm,
        ['template', 'tigera-operator', chartDir, '--namespace', config.namespace, '--kube-version', '1.33.0', '-f', join(dir, 'values.yaml')],
        { maxBuffer: 16 * 1024 * 1024 },
      ).toString();
      return parseAllDocuments(out)
        .map((d) => d.toJS())
        .filter((o) => o);
    };
    const maybe = tools ? it : it.skip;

    maybe('renders no custom resource and no ConfigMap, so it installs on a cluster with no Calico CRD and one owner per object', () => {
      const objects = render({ apiServer: { host: '172.18.0.2' }, registry: 'registry.example.com', imagePullSecrets: ['regcred'] });
      const kinds = objects.map((o) => o.kind);
      for (const kind of ['Installation', 'APIServer', 'Goldmane', 'Whisker', 'FelixConfiguration', 'CustomResourceDefinition'])
        expect(kinds).not.toContain(kind);
      expect(objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kubernetes-services-endpoint')).toEqual([]);
      const deployment = objects.find((o) => o.kind === 'Deployment')!;
      const container = deployment.spec.template.spec.containers[0];
      // The operator creates (and on upgrade replaces) the CRDs itself.
      expect(container.args).toContain('-manage-crds=true');
      expect(container.image).toBe(`registry.example.com/tigera/operator:${operatorVersion}`);
      // It reads the library's ConfigMap at start, and runs on the host network (no CNI needed).
      expect(container.envFrom).toEqual([{ configMapRef: { name: 'kubernetes-services-endpoint', optional: true } }]);
      expect(deployment.spec.template.spec.hostNetwork).toBe(true);
    });

    maybe('carries the pre-delete hook that deletes Installation "default" — why no tool may uninstall it implicitly', () => {
      const hook = render({}).find((o) => o.kind === 'Job')!;
      expect(hook.metadata.annotations['helm.sh/hook']).toBe('pre-delete');
      expect(hook.spec.template.spec.containers[0].args).toEqual(['-pre-delete']);
    });

    maybe('asks for the v3 API group through the operator environment when calicoApiGroup is projectcalico.org/v3', () => {
      const container = render({ calicoApiGroup: 'projectcalico.org/v3' }).find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0];
      expect(container.env).toContainEqual({ name: 'CALICO_API_GROUP', value: 'projectcalico.org/v3' });
    });

    maybe('with crdDelivery helm-release the operator leaves the CRDs alone (on 3.32; 3.33 refuses a CRD release)', () => {
      const props: CalicoEbpfDataplaneProps = { crdDelivery: 'helm-release', calicoVersion: 'v3.32.4' };
      if (calicoVersion.startsWith('v3.33'))
        return expect(() => resolveCalicoEbpfDataplane({ ...props, calicoVersion })).toThrow(
          /'crdDelivery' "helm-release" cannot work with Calico v3\.33\.1/,
        );
      return expect(render(props).find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].args).toContain('-manage-crds=false');
    });

    maybe('takes every 3.33 value the library may write: the operator pull policy, and the combined calicoctl image on OpenShift', () => {
      if (!calicoVersion.startsWith('v3.33')) return;
      const objects = render({
        distribution: 'openshift',
        apiServer: { host: 'api-int.ocp.example.com' },
        imagePullPolicy: 'Always',
        registry: 'registry.example.com',
      });
      const deployment = objects.find((o) => o.kind === 'Deployment')!;
      expect(deployment.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
      const init = deployment.spec.template.spec.initContainers.find((c: { name: string }) => c.name === 'create-initial-resources');
      expect(init.image).toBe('registry.example.com/calico/calico:v3.33.1');
    });
  });
});

describe('k3d config', () => {
  let validator: CrdValidator;
  beforeAll(() => {
    validator = CrdValidator.fromGenerated();
  });

  it('is valid against k3d v5.9.0 schema, and the validator catches a misspelt field', () => {
    const { contents: _contents, ...config } = k3dConfig({ k3d: { name: 'dev' } });
    expect(validator.errors(config)).toEqual([]);
    const bad = { ...config, files: [{ ...(config.files as object[])[0], sourc: 'x' }] };
    expect(validator.errors(bad).join('\n')).toMatch(/must NOT have additional properties \(sourc\)/);
  });

  it.each([
    [
      'coexist',
      { k3d: { name: 'dev' } },
      ['--flannel-backend=none', '--disable-network-policy', '--cluster-cidr=10.42.0.0/16', '--service-cidr=10.43.0.0/16'],
    ],
    [
      'replace, dual stack',
      {
        k3d: { name: 'dev', servers: 3, agents: 0, image: 'rancher/k3s:v1.33.4-k3s1' },
        kubeProxy: 'replace',
        apiServer: { host: '172.18.0.2' },
        ipPools: [{ cidr: '10.42.0.0/16' }, { cidr: 'fd00:10:42::/56' }],
        serviceCidrs: ['10.43.0.0/16', 'fd00:10:43::/112'],
      },
      [
        '--flannel-backend=none',
        '--disable-network-policy',
        '--cluster-cidr=10.42.0.0/16,fd00:10:42::/56',
        '--service-cidr=10.43.0.0/16,fd00:10:43::/112',
        '--disable-kube-proxy',
      ],
    ],
  ] as const)('%s: k3s server flags follow the dataplane', (_name, props, args) => {
    const { contents: _contents, ...config } = k3dConfig(props as CalicoEbpfDataplaneProps) as any;
    expect(config.options.k3s.extraArgs).toEqual(args.map((arg) => ({ arg, nodeFilters: ['server:*'] })));
    expect(validator.errors(config)).toEqual([]);
  });

  it.each(['flux', 'k3s'] as const)(
    '%s: the referenced manifests land in the k3s manifests folder, parse, and validate against the CRDs',
    (flavor) => {
      const config = k3dConfig({ k3d: { name: 'dev' }, gitops: { flavor }, apiServer: { host: '172.18.0.2' } }) as any;
      const destinations = config.files.map((f: { destination: string }) => f.destination);
      expect(destinations).toEqual([
        'k3s-manifests/calico-k3s-0-namespace.yaml',
        'k3s-manifests/calico-k3s-1-operator.yaml',
        'k3s-manifests/calico-resources.yaml',
      ]);
      const kinds: string[] = [];
      for (const file of config.files) {
        for (const doc of parseAllDocuments(config.contents[file.source])) {
          const obj = doc.toJS() as KubeObject;
          kinds.push(obj.kind);
          if (obj.apiVersion !== 'v1') expect(validator.errors(obj)).toEqual([]);
        }
      }
      expect(kinds).toEqual(['Namespace', 'ConfigMap', 'HelmChart', 'FelixConfiguration', 'Installation', 'APIServer', 'Goldmane', 'Whisker']);
    },
  );

  it('is refused off k3s and with a bad name, with a message naming the prop', () => {
    expect(() => resolveCalicoEbpfDataplane({ distribution: 'kind', k3d: { name: 'Dev_1' } })).toThrow(
      /'k3d' needs distribution "k3s" \(k3d runs k3s\), got "kind"[\s\S]*'k3d\.name' must be a hostname label \(lowercase letters, digits and '-', at most 32\), got "Dev_1"/,
    );
  });
});

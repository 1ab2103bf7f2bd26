import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { mkdtempSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CalicoEbpfDataplane, FelixBpfTuning } from '../../lib/cdk8s';
import {
  planMapSizes,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  resolveClusterScale,
  warningReport,
  type KubeObject,
} from '../../lib/core/internal';
import { stderrOf } from '../support/errors';

describe('CalicoEbpfDataplane (cdk8s)', () => {
  it('synthesizes exactly the core layers, one chart each, named after the layer', () => {
    // GIVEN
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    // WHEN
    const dp = new CalicoEbpfDataplane(platform, 'calico', { apiServer: { host: '172.18.0.2' } });
    // THEN
    const config = resolveCalicoEbpfDataplane({ apiServer: { host: '172.18.0.2' } });
    const layers = renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
    // Each layer is a chart nested in the construct, inside the scope it was given; its id is the layer's role.
    expect(dp.layers.map((c) => c.node.id)).toEqual(layers.map((l) => l.role));
    for (const chart of dp.layers) expect(chart.node.scope).toBe(dp);
    expect(app.node.children.map((c) => c.node.id)).toEqual(['platform']);
    dp.layers.forEach((chart, i) => {
      const synthesized = Testing.synth(chart);
      expect(synthesized).toEqual(layers[i]!.objects.map((o) => JSON.parse(JSON.stringify(o))));
    });
    expect(dp.resourcesChart.node.path).toBe('platform/calico/resources');
    expect(dp.config.apiServer).toEqual({ host: '172.18.0.2', port: 6443 });
  });

  it('exposes the resolved config read-only', () => {
    const dp = new CalicoEbpfDataplane(Testing.app(), 'calico');
    expect(dp.config.kubeProxy).toBe('coexist');
    expect(dp.config.felixDataplaneSpec).toMatchObject({ bpfKubeProxyHealthzPort: 0 });
  });

  it('fails at construction with the collected messages', () => {
    expect(() => new CalicoEbpfDataplane(Testing.app(), 'calico', { kubeProxy: 'replace', felix: { logLevel: 'Verbose' as never } })).toThrow(
      /2 problems[\s\S]*'felix\.logLevel' must be one of "Off", "Info", "Debug", got "Verbose"[\s\S]*'kubeProxy' "replace" needs 'apiServer'/,
    );
  });

  it('fails when a second dataplane would reuse the layer names', () => {
    const app = Testing.app();
    new CalicoEbpfDataplane(app, 'one');
    expect(() => new CalicoEbpfDataplane(app, 'two', { felix: {} })).toThrow(
      'two: layer "calico-k3s-0-namespace" is already written by one: every cluster\'s layers need their own names; give each CalicoEbpfDataplane its own clusterName (layers become "<clusterName>-calico-…") or gitops.layerPrefix',
    );
  });
});

describe('FelixBpfTuning (cdk8s)', () => {
  it('renders a per-node FelixConfiguration', () => {
    const chart = Testing.chart();
    new FelixBpfTuning(chart, 'agent0', { nodeName: 'k3d-dev-agent-0', mapSizeConntrack: 32768 });
    expect(Testing.synth(chart)).toEqual([
      {
        apiVersion: 'crd.projectcalico.org/v1',
        kind: 'FelixConfiguration',
        metadata: { name: 'node.k3d-dev-agent-0' },
        spec: { bpfMapSizeConntrack: 32768 },
      },
    ]);
  });

  it('fails when a second tuning targets the same FelixConfiguration', () => {
    const chart = Testing.chart();
    new FelixBpfTuning(chart, 'first', { nodeName: 'n1' });
    expect(() => new FelixBpfTuning(chart, 'second', { nodeName: 'n1', logLevel: 'Debug' })).toThrow(
      /\[DUPLICATE_FELIX_CONFIGURATION\] FelixConfiguration "node\.n1" is already configured by ".*first", so ".*second" would overwrite it/,
    );
  });

  it('fails when a standalone tuning of default meets the dataplane', () => {
    const app = new App();
    const chart = new Chart(app, 'platform');
    new CalicoEbpfDataplane(chart, 'calico');
    expect(() => new FelixBpfTuning(chart, 'tuning', { mapSizeRoute: 1000 })).toThrow(
      /FelixConfiguration "default" is already configured by "platform\/calico"/,
    );
  });

  it('allows the same node name in two separate apps', () => {
    new FelixBpfTuning(Testing.chart(), 't', { nodeName: 'n1' });
    const again = new FelixBpfTuning(Testing.chart(), 't', { nodeName: 'n1' });
    expect(again.config.resourceName).toBe('node.n1');
  });
});

describe('map sizing from scale (cdk8s)', () => {
  it('FelixBpfTuning renders the sizes the calculator recommends and exposes the report', () => {
    const chart = Testing.chart();
    const t = new FelixBpfTuning(chart, 'sized', { nodeName: 'k3d-dev-agent-0', scale: 'k3d-dev' });
    const expected = planMapSizes(resolveClusterScale('k3d-dev')).spec;
    const [felix] = Testing.synth(chart) as { spec: Record<string, unknown> }[];
    expect(felix!.spec).toEqual(expected);
    expect(felix!.spec.bpfMapSizeConntrack).toBe(45_056);
    expect(t.config.sizing?.totals.ratio).toBeLessThanOrEqual(0.2);
  });

  it('CalicoEbpfDataplane sizes FelixConfiguration default from felix.scale and reports the warnings', () => {
    const app = new App();
    const dp = new CalicoEbpfDataplane(new Chart(app, 'platform'), 'calico', {
      felix: { scale: { profile: 'small', nodes: 12 }, logSeverityScreen: 'Warning' },
    });
    const felix = Testing.synth(dp.resourcesChart).find((o) => o.kind === 'FelixConfiguration') as { spec: Record<string, unknown> };
    expect(felix.spec).toMatchObject({
      ...planMapSizes(resolveClusterScale({ profile: 'small', nodes: 12 })).spec,
      logSeverityScreen: 'Warning',
      bpfConnectTimeLoadBalancing: 'Disabled',
    });
    expect(dp.config.warnings.some((w) => w.message.startsWith("felix.scale: BPF maps are charged to calico-node's memory cgroup"))).toBe(true);
  });

  it('CalicoEbpfDataplane reports the resize caveats of hand-set sizes too', () => {
    const dp = new CalicoEbpfDataplane(Testing.app(), 'calico', { felix: { mapSizeConntrack: 65536 } });
    expect(dp.config.warnings).toEqual(
      expect.arrayContaining([
        {
          code: 'CONNTRACK_RESIZE',
          severity: 'medium',
          message: expect.stringMatching(/^felix: conntrack: a new bpfMapSizeConntrack restarts Felix/),
        },
      ]),
    );
  });

  it('fails when an explicit size is below the need, or the scale misses the IPv6 pool', () => {
    expect(() => new FelixBpfTuning(Testing.chart(), 't', { scale: 'medium', mapSizeNATBackend: 10_000 })).toThrow(
      /\[MAP_SIZE_BELOW_NEED\] 'mapSizeNATBackend' is 10000, below the 22500 entries the scale needs \(15000 ready endpoints × 1\.5 ports per service\); raise it to at least 22500 \(recommended 65536\)/,
    );
    const dualStack = { ipPools: [{ cidr: '10.42.0.0/16' }, { cidr: 'fd00:10:42::/56' }], serviceCidrs: ['10.43.0.0/16'] };
    expect(() => new CalicoEbpfDataplane(Testing.app(), 'calico', { ...dualStack, felix: { scale: 'k3d-dev' } })).toThrow(
      `'felix.scale.ipFamilies' is "IPv4" but the IP pools are "DualStack"; set ipFamilies to "DualStack" (e.g. scale: { profile: "k3d-dev", ipFamilies: "DualStack" }) so the memory estimate covers the map sets Felix creates`,
    );
  });
});

describe('in an ordinary cdk8s app', () => {
  it('exposes Installation and FelixConfiguration as ApiObjects: addJsonPatch changes every output, the k3s manifests included', () => {
    const app = Testing.app();
    const calico = new CalicoEbpfDataplane(app, 'calico', { k3d: { name: 'dev' } });
    expect([calico.installation.kind, calico.installation.name, calico.felixConfiguration.kind, calico.felixConfiguration.name]).toEqual([
      'Installation',
      'default',
      'FelixConfiguration',
      'default',
    ]);
    expect(calico.apiObjects.map((o) => `${o.kind}/${o.name}`)).toEqual(
      expect.arrayContaining(['Namespace/tigera-operator', 'Installation/default', 'FelixConfiguration/default']),
    );
    calico.installation.addJsonPatch(JsonPatch.add('/spec/calicoNetwork/mtu', 1400));
    calico.felixConfiguration.addJsonPatch(JsonPatch.add('/spec/logSeverityScreen', 'Debug'));
    const resources = Testing.synth(calico.resourcesChart) as KubeObject[];
    expect(resources.find((o) => o.kind === 'Installation')!.spec).toMatchObject({ calicoNetwork: { mtu: 1400 } });
    expect(resources.find((o) => o.kind === 'FelixConfiguration')!.spec).toMatchObject({ logSeverityScreen: 'Debug' });
    // The k3s manifests the k3d config reads are written as the charts are at synth: with the patch.
    const dir = mkdtempSync(join(tmpdir(), 'patch-'));
    const written = CalicoEbpfDataplane.writeLayers(app, join(dir, 'gitops'));
    expect(written.k3dConfigs).toEqual([join(dir, 'k3d-dev.yaml')]);
    const k3d = parse(readFileSync(join(dir, 'k3d-dev.yaml'), 'utf8')) as { files: Array<{ source: string }> };
    expect(k3d.files.map((f) => readFileSync(join(dir, f.source), 'utf8')).join('\n')).toContain('mtu: 1400');
  });

  it('keeps the resolved config JSON-serializable (no BigInt), with every pool', () => {
    const dp = new CalicoEbpfDataplane(Testing.app(), 'calico', {
      ipPools: [{ cidr: '10.42.0.0/16' }, { cidr: 'fd00:10:42::/56' }],
      serviceCidrs: ['10.43.0.0/16', 'fd00:10:43::/112'],
    });
    const json = JSON.parse(JSON.stringify(dp.config));
    expect(json.ipPools.map((p: { cidr: string; family: number }) => [p.cidr, p.family])).toEqual([
      ['10.42.0.0/16', 4],
      ['fd00:10:42::/56', 6],
    ]);
  });

  it('prints the warnings once to stderr (app.synth, synthYaml and writeLayers) and exposes them as calico.warnings', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'warn-')) });
    const calico = new CalicoEbpfDataplane(app, 'calico', { felix: { scale: 'k3d-dev' }, k3d: { name: 'dev' } });
    expect(calico.warnings.some((w) => w.message.startsWith('k3s and k3d are not among the distributions'))).toBe(true);
    const writes = stderrOf(() => {
      app.synth();
      app.synthYaml();
      CalicoEbpfDataplane.writeLayers(app, app.outdir);
    });
    // Once, as the report prints them: highest severity first, then the summary line.
    expect(writes).toEqual(warningReport([calico.config]).map((line) => `${line}\n`));
    expect(writes.at(-1)).toMatch(/^calico-ebpf: \d+ warnings \(\d+ high, \d+ medium, \d+ low\); once handled/);
    expect(writes[0]).toMatch(/^warning [A-Z_]+ \(high\): /);
  });

  it('never gives a per-node FelixConfiguration the namespace of its chart', () => {
    const chart = new Chart(Testing.app(), 'tuning', { namespace: 'platform' });
    new FelixBpfTuning(chart, 'node', { nodeName: 'n1', logLevel: 'Debug' });
    const [obj] = Testing.synth(chart) as Array<{ metadata: Record<string, unknown> }>;
    expect(obj!.metadata).toEqual({ name: 'node.n1' });
  });

  it('a FelixBpfTuning in the dataplane resources chart follows the dataplane API group', () => {
    const app = Testing.app();
    const calico = new CalicoEbpfDataplane(app, 'calico', { calicoApiGroup: 'projectcalico.org/v3' });
    const t = new FelixBpfTuning(calico.resourcesChart, 'node', { nodeName: 'n1' });
    expect(t.config.apiGroup).toBe('projectcalico.org/v3');
    expect(() => new FelixBpfTuning(calico.resourcesChart, 'other', { nodeName: 'n2', apiGroup: 'crd.projectcalico.org/v1' })).toThrow(
      /'apiGroup' "crd\.projectcalico\.org\/v1" differs from the dataplane's calicoApiGroup "projectcalico\.org\/v3"/,
    );
  });

  it('a FelixBpfTuning in the dataplane resources chart follows the dataplane Calico release', () => {
    const app = Testing.app();
    const calico = new CalicoEbpfDataplane(app, 'calico', { calicoVersion: 'v3.32.4' });
    expect(new FelixBpfTuning(calico.resourcesChart, 'node', { nodeName: 'n1', attachType: 'TCX' }).config.calicoVersion).toBe('v3.32.4');
    expect(() => new FelixBpfTuning(calico.resourcesChart, 'netkit', { nodeName: 'n2', attachType: 'Netkit' })).toThrow(
      /'attachType' "Netkit" needs Calico v3\.33\.0 or later \(it writes FelixConfiguration bpfAttachType\), but calicoVersion is "v3\.32\.4"/,
    );
  });
});

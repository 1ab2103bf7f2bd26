import { App, Chart, Testing } from 'cdk8s';
import { CalicoEbpfDataplane, FelixBpfTuning } from '../../lib/cdk8s';
import { renderCalicoEbpfDataplane, renderGitOpsLayers, resolveCalicoEbpfDataplane } from '../../lib/core';

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
    expect(dp.layers.map((c) => c.node.id)).toEqual(layers.map((l) => l.name));
    dp.layers.forEach((chart, i) => {
      const synthesized = Testing.synth(chart);
      expect(synthesized).toEqual(layers[i]!.objects.map((o) => JSON.parse(JSON.stringify(o))));
    });
    expect(dp.resourcesChart.node.id).toBe('calico-resources');
    expect(dp.config.apiServer).toEqual({ host: '172.18.0.2', port: 6443 });
  });

  it('exposes the resolved config read-only', () => {
    const dp = new CalicoEbpfDataplane(Testing.app(), 'calico');
    expect(dp.config.kubeProxy).toBe('coexist');
    expect(dp.config.felixDataplaneSpec).toMatchObject({ bpfKubeProxyHealthzPort: 0 });
  });

  it('fails at construction with the collected messages', () => {
    expect(() => new CalicoEbpfDataplane(Testing.app(), 'calico', { kubeProxy: 'replace', felix: { logLevel: 'Verbose' as never } })).toThrow(
      /2 problems[\s\S]*'kubeProxy' "replace" needs 'apiServer'[\s\S]*'felix\.logLevel' must be one of "Off", "Info", "Debug", got "Verbose"/,
    );
  });

  it('fails when a second dataplane would reuse the layer names', () => {
    const app = Testing.app();
    new CalicoEbpfDataplane(app, 'one');
    expect(() => new CalicoEbpfDataplane(app, 'two', { felix: {} })).toThrow(/already configured by "one"|already exists/);
  });
});

describe('FelixBpfTuning (cdk8s)', () => {
  it('renders a per-node FelixConfiguration', () => {
    const chart = Testing.chart();
    new FelixBpfTuning(chart, 'agent0', { nodeName: 'k3d-dev-agent-0', mapSizeConntrack: 32768 });
    expect(Testing.synth(chart)).toEqual([
      { apiVersion: 'crd.projectcalico.org/v1', kind: 'FelixConfiguration', metadata: { name: 'node.k3d-dev-agent-0' }, spec: { bpfMapSizeConntrack: 32768 } },
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
    expect(() => new FelixBpfTuning(chart, 'tuning', { mapSizeRoute: 1000 })).toThrow(/FelixConfiguration "default" is already configured by "platform\/calico"/);
  });

  it('allows the same node name in two separate apps', () => {
    new FelixBpfTuning(Testing.chart(), 't', { nodeName: 'n1' });
    const again = new FelixBpfTuning(Testing.chart(), 't', { nodeName: 'n1' });
    expect(again.config.resourceName).toBe('node.n1');
  });
});

/** Several clusters in one App (examples/fleet): distinct layers and object names, per-cluster rules. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { CalicoEbpfDataplane, FelixBpfTuning } from '../lib/cdk8s';
import { FLEET, buildFleet } from '../examples/fleet/main';

const out = () => mkdtempSync(join(tmpdir(), 'fleet-'));
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec: any };

describe('examples/fleet', () => {
  const app = buildFleet(FLEET, out());
  const dataplanes = app.node.findAll().filter((c): c is CalicoEbpfDataplane => c instanceof CalicoEbpfDataplane);

  it('matches the committed snapshot', () => {
    expect(buildFleet(FLEET, out()).synthYaml()).toMatchSnapshot();
  });

  it('writes every cluster into clusters/<name>/, layers derived from its name, and says in one line what each holds', () => {
    expect(dataplanes.map((d) => d.config.gitops.layerPrefix)).toEqual(['dev-calico', 'small-calico', 'medium-calico']);
    // Each cluster's layer charts are nested in its dataplane; the folders writeLayers writes carry its name.
    for (const d of dataplanes) for (const chart of d.layers) expect(chart.node.scope).toBe(d);
    const parent = out();
    const dir = join(parent, 'fleet');
    const written = CalicoEbpfDataplane.writeLayers(app, dir);
    expect(readdirSync(dir).sort()).toEqual(['.calico-ebpf-synth.json', 'clusters']);
    expect(readdirSync(join(dir, 'clusters')).sort()).toEqual(['dev', 'medium', 'small']);
    for (const d of dataplanes) {
      const name = d.config.clusterName!;
      const folders = readdirSync(join(dir, 'clusters', name));
      expect(folders.length).toBe(d.layers.length + 1); // + the k3s manifests
      for (const f of folders) expect(f.startsWith(`${name}-calico-`)).toBe(true);
    }
    // The k3d config of the dev cluster sits outside the GitOps tree.
    expect(written.k3dConfigs).toEqual([join(parent, 'k3d-dev.yaml')]);
    expect(written.summaries).toEqual([
      expect.stringMatching(
        /^dev: Calico v3\.33\.1 on k3s, kubeProxy coexist, mesh istio, k3s → clusters\/dev\/ \(\d+ layers, \d+ objects\); \d+ warnings \(1 high\)$/,
      ),
      expect.stringMatching(/^small: .* flux → clusters\/small\/ /),
      expect.stringMatching(/^medium: .* argocd → clusters\/medium\/ /),
    ]);
  });

  it('names a cluster whose props are wrong, in a fleet of a thousand', () => {
    const fleet = new App();
    for (let i = 0; i < 1000; i++) {
      const props = i === 637 ? { mtu: 99_999 } : {};
      const make = () => new CalicoEbpfDataplane(fleet, `edge-${i}`, { gitops: { layerPrefix: `edge-${i}` }, ...props });
      if (i !== 637) make();
      else expect(make).toThrow(/^invalid Calico eBPF configuration of construct edge-637 \(1 problem\):\n {2}- \[OUT_OF_RANGE\] 'mtu'/);
    }
  });

  it('names the GitOps objects and paths after the cluster', () => {
    const objects = app.charts.flatMap((c) => Testing.synth(c) as Obj[]);
    const flux = objects.filter((o) => o.kind === 'Kustomization').map((o) => [o.metadata.name, o.spec.path]);
    expect(flux).toEqual([
      ['small-calico-operator', './dist/fleet/clusters/small/small-calico-operator'],
      ['small-calico-resources', './dist/fleet/clusters/small/small-calico-resources'],
    ]);
    const apps = objects.filter((o) => o.kind === 'Application').map((o) => [o.metadata.name, o.spec.source?.path]);
    expect(apps).toEqual([
      ['medium-calico', 'dist/fleet/clusters/medium/medium-calico-argocd'],
      ['medium-calico-operator', 'dist/fleet/clusters/medium'],
      ['medium-calico-resources', 'dist/fleet/clusters/medium/medium-calico-resources'],
    ]);
    // The k3d config is no Kubernetes object: not in any chart.
    expect(objects.filter((o) => o.kind === 'Simple')).toEqual([]);
  });

  it('sizes each cluster for its own scale, with one FelixConfiguration default each', () => {
    const conntrack = dataplanes.map((d) => d.config.felix.spec.bpfMapSizeConntrack as number);
    expect(conntrack[0]).toBeLessThan(conntrack[1]!);
    expect(conntrack[1]).toBeLessThan(conntrack[2]!);
    expect(dataplanes.map((d) => d.rendered.felixConfiguration.metadata.name)).toEqual(['default', 'default', 'default']);
    expect(Testing.synth(dataplanes[0]!.resourcesChart).map((o) => (o as Obj).metadata.name)).toContain('node.k3d-dev-agent-0');
  });
});

describe('duplicates are per cluster', () => {
  it('two clusters with the same name fail with a fix that works', () => {
    const app = new App();
    new CalicoEbpfDataplane(app, 'a', { clusterName: 'prod' });
    expect(() => new CalicoEbpfDataplane(app, 'b', { clusterName: 'prod' })).toThrow(
      /layer "prod-calico-k3s-0-namespace" is already written by [^:]+: every cluster's layers need their own names; give each CalicoEbpfDataplane its own clusterName/,
    );
    // the suggested fix works
    const fixed = new CalicoEbpfDataplane(app, 'c', { clusterName: 'prod2' });
    const dir = out();
    CalicoEbpfDataplane.writeLayers(fixed, dir);
    expect(readdirSync(dir).sort()).toEqual([
      '.calico-ebpf-synth.json',
      'prod2-calico-flux',
      'prod2-calico-k3s-0-namespace',
      'prod2-calico-k3s-1-operator',
      'prod2-calico-k3s-manifests',
      'prod2-calico-operator',
      'prod2-calico-resources',
    ]);
  });

  it('the same node tuned in two clusters is fine; twice in one cluster is an error', () => {
    const app = new App();
    const a = new CalicoEbpfDataplane(app, 'a', { clusterName: 'a' });
    const b = new CalicoEbpfDataplane(app, 'b', { clusterName: 'b' });
    new FelixBpfTuning(a.resourcesChart, 'n1', { nodeName: 'n1' });
    new FelixBpfTuning(b.resourcesChart, 'n1', { nodeName: 'n1' });
    expect(() => new FelixBpfTuning(a.resourcesChart, 'n1-again', { nodeName: 'n1' })).toThrow(
      /FelixConfiguration "node\.n1" is already configured by "a\/resources\/n1"[\s\S]*place it with that cluster \(cdk8s: in that dataplane's resourcesChart/,
    );
  });

  it('a tuning placed outside every dataplane conflicts with all of them (it could land on any)', () => {
    const app = new App();
    new CalicoEbpfDataplane(app, 'a', { clusterName: 'a' });
    new CalicoEbpfDataplane(app, 'b', { clusterName: 'b' });
    expect(() => new FelixBpfTuning(new Chart(app, 'loose'), 't', {})).toThrow(/FelixConfiguration "default" is already configured by "a"/);
  });

  it('rejects an invalid clusterName with the rule', () => {
    expect(() => new CalicoEbpfDataplane(new App(), 'x', { clusterName: 'Prod_EU' })).toThrow(
      /'clusterName' must be a DNS label of at most 40 characters \(lowercase letters, digits and '-'\), got "Prod_EU"/,
    );
  });
});

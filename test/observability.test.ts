/**
 * Observability: metrics switched on the way operator v1.42.3 expects, monitors that select what
 * it renders, alerts whose thresholds are the model's numbers, a dashboard, the HTML sizing report.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FELIX_METRICS,
  alertRules,
  dashboardModel,
  lifecycleTable,
  metricNamesIn,
  planMapSizes,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  resolveClusterScale,
  type CalicoEbpfDataplaneProps,
  type KubeObject,
} from '../lib/core/internal';
import { runCli } from '../lib/cli/main';
import { validationErrorOf } from './support/errors';
import { ARGO_REPO } from './support/matrix';

const render = (props: CalicoEbpfDataplaneProps) => renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane(props));
const find = (objs: readonly KubeObject[], kind: string) => objs.find((o) => o.kind === kind)!;
const KNOWN = new Set(FELIX_METRICS.map((m) => m.name));

describe('metrics switched on through the Installation', () => {
  it('writes nodeMetricsPort and typhaMetricsPort (the operator then sets Felix/Typha, winning over FelixConfiguration)', () => {
    const r = render({ observability: {} });
    expect(r.installation.spec).toMatchObject({ nodeMetricsPort: 9091, typhaMetricsPort: 9093 });
    expect(render({ observability: { typhaMetricsPort: false } }).installation.spec).not.toHaveProperty('typhaMetricsPort');
    expect(render({}).installation.spec).not.toHaveProperty('nodeMetricsPort');
  });

  it('scrapes Felix with a PodMonitor on the host port (no Service exists on Calico OSS) and Typha through its Service', () => {
    const objs = render({ observability: { felixMetricsPort: 9191, selectorLabels: { release: 'prom' } } }).monitoring;
    expect(find(objs, 'PodMonitor')).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'calico-felix', namespace: 'tigera-operator', labels: { release: 'prom' } },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'calico-node' } },
        namespaceSelector: { matchNames: ['calico-system'] },
        podMetricsEndpoints: [{ portNumber: 9191, path: '/metrics', interval: '30s' }],
      },
    });
    expect(find(objs, 'ServiceMonitor').spec).toMatchObject({
      selector: { matchLabels: { 'k8s-app': 'calico-typha-metrics' } },
      endpoints: [{ port: 'calico-typha-metrics' }],
    });
  });

  it('refuses settings the operator environment would silently override', () => {
    const problems = validationErrorOf(() =>
      resolveCalicoEbpfDataplane({
        observability: { felixMetricsPort: 9091, typhaMetricsPort: 9091 },
        felix: { prometheusMetricsPort: 9095, prometheusMetricsEnabled: false },
      }),
    ).problems.map((p) => p.message);
    expect(problems).toEqual([
      "'felix.prometheusMetricsPort' 9095 differs from 'observability.felixMetricsPort' 9091: with observability on, the operator sets Felix's metrics port from the Installation and that wins; remove felix.prometheusMetricsPort or set observability.felixMetricsPort to it",
      "'felix.prometheusMetricsEnabled' false contradicts 'observability' (which turns Felix's metrics on); remove one of them",
      "'observability.typhaMetricsPort' 9091 equals felixMetricsPort: Typha and calico-node share the host network on a node; pick another port",
    ]);
  });
});

describe('alert thresholds come from the sizing model', () => {
  const conntrackThreshold = (props: CalicoEbpfDataplaneProps): number => {
    const o = resolveCalicoEbpfDataplane(props).observability!;
    const rule = alertRules(o).find((r) => r.alert === 'CalicoBpfConntrackNearlyFull')!;
    return Number(/> (\d+)$/.exec(rule.expr)![1]);
  };

  it.each([
    // hand-computed: recommended conntrack size from the model, alert at 80 % (floor)
    ['k3d-dev', 45_056, 36_044],
    ['small', 196_608, 157_286],
  ] as const)('%s: 80 %% of the bpfMapSizeConntrack written', (profile, size, threshold) => {
    expect(planMapSizes(resolveClusterScale(profile)).spec.bpfMapSizeConntrack).toBe(size);
    expect(conntrackThreshold({ felix: { scale: profile }, observability: {} })).toBe(threshold);
  });

  it('uses an explicit size, and Felix default 512000 when nothing is written', () => {
    expect(conntrackThreshold({ felix: { mapSizeConntrack: 100_000 }, observability: {} })).toBe(80_000);
    expect(conntrackThreshold({ observability: {} })).toBe(409_600);
  });

  it('per-CPU sizing: size × CPUs of the scale, or no conntrack alert (with a warning) without one', () => {
    expect(conntrackThreshold({ felix: { scale: { profile: 'k3d-dev', cpusPerNode: 4 }, mapSizePerCpuConntrack: 32_768 }, observability: {} })).toBe(
      Math.floor(32_768 * 4 * 0.8),
    );
    const config = resolveCalicoEbpfDataplane({ felix: { mapSizePerCpuConntrack: 32_768 }, observability: {} });
    expect(alertRules(config.observability!).map((r) => r.alert)).not.toContain('CalicoBpfConntrackNearlyFull');
    expect(config.warnings.map((w) => w.message).join('\n')).toMatch(
      /observability: no conntrack alert: bpfMapSizePerCpuConntrack sizes the map per CPU/,
    );
  });

  it('says which prop to raise, and uses only metrics Felix v3.32.1 registers', () => {
    const rules = alertRules(resolveCalicoEbpfDataplane({ felix: { scale: 'small' }, observability: {} }).observability!);
    expect(rules.map((r) => r.alert)).toEqual([
      'CalicoBpfConntrackNearlyFull',
      'CalicoFelixDown',
      'CalicoFelixNotInSync',
      'CalicoBpfDirtyEndpoints',
      'CalicoBpfConntrackSweepSlow',
    ]);
    expect(rules[0]!.annotations.description).toMatch(/the map holds 196608 entries \(alert at 157286\).*Raise felix\.mapSizeConntrack/);
    for (const r of rules) for (const name of metricNamesIn(r.expr)) expect([r.alert, name, KNOWN.has(name)]).toEqual([r.alert, name, true]);
  });

  it('the metric-name extraction finds names and can fail', () => {
    expect(metricNamesIn('max by (pod) (felix_bpf_conntrack_used{namespace="calico-system"}) > 10')).toEqual(['felix_bpf_conntrack_used']);
    expect(metricNamesIn('rate(felix_made_up_total[5m]) > 0')).toEqual(['felix_made_up_total']);
  });
});

describe('Grafana dashboard', () => {
  const o = resolveCalicoEbpfDataplane({ felix: { scale: 'k3d-dev' }, observability: {} }).observability!;
  const model = dashboardModel(o) as {
    panels: Array<{
      id: number;
      gridPos: { x: number; w: number; h: number; y: number };
      targets: Array<{ expr: string; refId: string }>;
      type: string;
    }>;
    [k: string]: unknown;
  };

  it("uses the fields of Grafana's dashboard JSON model, with unique panel ids inside the 24-column grid", () => {
    for (const key of ['uid', 'title', 'schemaVersion', 'time', 'templating', 'panels']) expect(model).toHaveProperty(key);
    expect(new Set(model.panels.map((p) => p.id)).size).toBe(model.panels.length);
    for (const p of model.panels) {
      expect(p.type).toBe('timeseries');
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      expect(new Set(p.targets.map((t) => t.refId)).size).toBe(p.targets.length);
    }
  });

  it('shows conntrack used against the size written, and only known metrics', () => {
    const exprs = model.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs).toContain('vector(45056)');
    for (const e of exprs) for (const name of metricNamesIn(e)) expect([e, KNOWN.has(name)]).toEqual([e, true]);
  });

  it('is a deterministic ConfigMap the Grafana sidecar picks up', () => {
    const cm = find(render({ felix: { scale: 'k3d-dev' }, observability: {} }).monitoring, 'ConfigMap');
    expect(cm.metadata).toEqual({ name: 'calico-ebpf-dashboard', namespace: 'tigera-operator', labels: { grafana_dashboard: '1' } });
    const json = (cm.data as Record<string, string>)['calico-ebpf-dataplane.json']!;
    expect(JSON.parse(json)).toEqual(model);
    expect(json).toBe(
      (find(render({ felix: { scale: 'k3d-dev' }, observability: {} }).monitoring, 'ConfigMap').data as Record<string, string>)[
        'calico-ebpf-dataplane.json'
      ],
    );
  });
});

describe('placement', () => {
  it.each(['flux', 'argocd', 'k3s'] as const)(
    '%s: a monitoring layer after the resources, so missing Prometheus CRDs never hold up the Installation',
    (flavor) => {
      const config = resolveCalicoEbpfDataplane({
        observability: {},
        gitops: flavor === 'argocd' ? { flavor, argocd: ARGO_REPO('k3s') } : { flavor },
      });
      const layers = renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
      const rows = lifecycleTable(layers);
      const step = (obj: string) => rows.find((r) => r.object === obj)!.step;
      expect(step('PodMonitor/tigera-operator/calico-felix')).toBeGreaterThan(step('Installation/default'));
      expect(layers.find((l) => l.role === 'resources')!.objects.some((o) => o.kind === 'PodMonitor')).toBe(false);
      const all = layers.flatMap((l) => l.objects);
      if (flavor === 'flux')
        expect(
          find(
            all.filter((o) => o.metadata.name === 'calico-monitoring'),
            'Kustomization',
          ).spec,
        ).toMatchObject({ dependsOn: [{ name: 'calico-resources' }] });
      if (flavor === 'argocd')
        expect(find(all, 'PrometheusRule').metadata.annotations).toMatchObject({
          'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
        });
    },
  );
});

describe('calico-ebpf tune --format html', () => {
  const r = runCli(['tune', '--profile', 'k3d-dev', '--format', 'html']);
  const report = planMapSizes(resolveClusterScale('k3d-dev'));

  it('is one self-contained page: a bar per map and size, the whole-node figure, no script or external resource', () => {
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(r.stdout).not.toMatch(/<script|<link|src=|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    const tunable = report.maps.filter((m) => m.source !== 'off');
    expect((r.stdout.match(/<rect class="bar rec"/g) ?? []).length).toBe(tunable.length);
    expect((r.stdout.match(/<rect class="bar def"/g) ?? []).length).toBe(tunable.length);
    expect(r.stdout).toContain('<b id="whole-node">117.9 MiB</b>');
    expect(r.stdout).toContain('<b id="tunable">7.8 MiB</b>');
    for (const m of tunable) expect(r.stdout).toContain(`<code>${m.field}</code>`);
  });

  it('is the same bytes on every run', () => {
    expect(runCli(['tune', '--profile', 'k3d-dev', '--format', 'html']).stdout).toBe(r.stdout);
  });

  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!chromium) console.warn('SKIPPED rendering the HTML report to PNG: no Chromium (apt-get install chromium)');
  (chromium ? it : it.skip)(
    'renders to a non-empty PNG in headless Chromium',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'html-'));
      writeFileSync(join(dir, 'report.html'), r.stdout);
      const png = join(dir, 'report.png');
      execFileSync(
        chromium!,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          `--user-data-dir=${join(dir, 'profile')}`,
          `--screenshot=${png}`,
          '--window-size=1000,1400',
          `file://${join(dir, 'report.html')}`,
        ],
        { stdio: 'pipe', timeout: 60_000 },
      );
      const bytes = readFileSync(png);
      expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(statSync(png).size).toBeGreaterThan(10_000);
      // Not a blank page: more than one colour in the image data (a blank PNG compresses to a few KB).
      expect(new Set(bytes.subarray(100, 4000)).size).toBeGreaterThan(50);
    },
    90_000,
  );
});

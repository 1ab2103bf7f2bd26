/**
 * A Grafana dashboard for the eBPF dataplane, built from code: per node, conntrack used against
 * the size this library wrote, sweep duration and cleaned entries, BPF endpoints (all, happy,
 * dirty) and IP sets. Uses only fields of Grafana's documented dashboard JSON model
 * (grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/):
 * uid, title, tags, timezone, schemaVersion, time, refresh, templating (a datasource variable) and
 * timeseries panels with id, type, title, gridPos, datasource, fieldConfig and targets.
 */
import type { KubeObject } from '../dataplane/kube';
import { CONNTRACK_SCAN_PERIOD_SECONDS } from './metrics';
import type { ResolvedObservability } from './monitoring';

const DS = { type: 'prometheus', uid: '${datasource}' };
const NODE = 'namespace="calico-system", pod=~"calico-node-.*"';

interface Target {
  readonly expr: string;
  readonly legendFormat: string;
}

function panel(
  id: number,
  title: string,
  x: number,
  y: number,
  unit: string,
  targets: readonly Target[],
  description: string,
): Record<string, unknown> {
  return {
    id,
    type: 'timeseries',
    title,
    description,
    gridPos: { h: 8, w: 12, x, y },
    datasource: DS,
    fieldConfig: { defaults: { unit }, overrides: [] },
    targets: targets.map((t, i) => ({ datasource: DS, expr: t.expr, legendFormat: t.legendFormat, refId: String.fromCharCode(65 + i) })),
  };
}

export function dashboardModel(o: ResolvedObservability): Record<string, unknown> {
  const conntrack: Target[] = [{ expr: `felix_bpf_conntrack_used{${NODE}}`, legendFormat: '{{pod}} used' }];
  if (o.conntrackSize !== undefined) conntrack.push({ expr: `vector(${o.conntrackSize})`, legendFormat: 'map size (bpfMapSizeConntrack)' });
  return {
    uid: 'calico-ebpf-dataplane',
    title: 'Calico eBPF dataplane',
    tags: ['calico', 'ebpf'],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: true,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus' }] },
    panels: [
      panel(
        1,
        'Conntrack entries per node vs map size',
        0,
        0,
        'short',
        conntrack,
        'Used entries at the last sweep; the flat line is the size this library wrote. Near 85–90 % Felix doubles the map or evicts.',
      ),
      panel(
        2,
        'Conntrack sweep duration',
        12,
        0,
        's',
        [{ expr: `felix_bpf_conntrack_sweep_duration{${NODE}} / 1e9`, legendFormat: '{{pod}}' }],
        `Felix sweeps every ${CONNTRACK_SCAN_PERIOD_SECONDS} s; a sweep longer than that falls behind.`,
      ),
      panel(
        3,
        'Conntrack entries cleaned per sweep',
        0,
        8,
        'short',
        [{ expr: `felix_bpf_conntrack_cleaned{${NODE}}`, legendFormat: '{{pod}}' }],
        'Expired entries removed by the last sweep.',
      ),
      panel(
        4,
        'BPF endpoints',
        12,
        8,
        'short',
        [
          { expr: `sum by (pod) (felix_bpf_dataplane_endpoints{${NODE}})`, legendFormat: '{{pod}} all' },
          { expr: `sum by (pod) (felix_bpf_happy_dataplane_endpoints{${NODE}})`, legendFormat: '{{pod}} happy' },
          { expr: `sum by (pod) (felix_bpf_dirty_dataplane_endpoints{${NODE}})`, legendFormat: '{{pod}} dirty' },
        ],
        'Interfaces with BPF programs; dirty ones failed to program (policy not current there).',
      ),
      panel(
        5,
        'BPF IP sets',
        0,
        16,
        'short',
        [{ expr: `felix_bpf_num_ip_sets{${NODE}}`, legendFormat: '{{pod}}' }],
        'IP sets Felix keeps in the BPF IP-set map.',
      ),
    ],
  };
}

/** The dashboard as a ConfigMap the kube-prometheus-stack Grafana sidecar loads (label grafana_dashboard: "1"). */
export function renderDashboardConfigMap(o: ResolvedObservability): KubeObject | undefined {
  if (o.dashboardNamespace === undefined) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'calico-ebpf-dashboard', namespace: o.dashboardNamespace, labels: { grafana_dashboard: '1' } },
    data: { 'calico-ebpf-dataplane.json': `${JSON.stringify(dashboardModel(o), null, 2)}\n` },
  };
}

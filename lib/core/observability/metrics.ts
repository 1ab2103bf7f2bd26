/**
 * Felix and Typha metrics the alerts and the dashboard use, each with the upstream file that
 * registers it (projectcalico/calico v3.32.1). Tests check every expression against this list.
 */
export interface UpstreamMetric {
  readonly name: string;
  readonly type: 'gauge' | 'counter';
  /** Source file at v3.32.1 that registers it. */
  readonly source: string;
  readonly help: string;
}

export const FELIX_METRICS: readonly UpstreamMetric[] = [
  {
    name: 'felix_bpf_conntrack_used',
    type: 'gauge',
    source: 'felix/bpf/conntrack/scanner.go',
    help: 'used entries visited during the last conntrack sweep',
  },
  { name: 'felix_bpf_conntrack_cleaned', type: 'gauge', source: 'felix/bpf/conntrack/scanner.go', help: 'entries cleaned during the last sweep' },
  {
    name: 'felix_bpf_conntrack_sweep_duration',
    type: 'gauge',
    source: 'felix/bpf/conntrack/scanner.go',
    help: 'duration of the last sweep, in nanoseconds',
  },
  { name: 'felix_bpf_conntrack_sweeps', type: 'counter', source: 'felix/bpf/conntrack/scanner.go', help: 'sweeps made so far' },
  { name: 'felix_bpf_num_ip_sets', type: 'gauge', source: 'felix/bpf/ipsets/ipsets.go', help: 'BPF IP sets in the dataplane' },
  { name: 'felix_bpf_dataplane_endpoints', type: 'gauge', source: 'felix/dataplane/linux/bpf_ep_mgr.go', help: 'BPF endpoints managed' },
  {
    name: 'felix_bpf_happy_dataplane_endpoints',
    type: 'gauge',
    source: 'felix/dataplane/linux/bpf_ep_mgr.go',
    help: 'BPF endpoints programmed successfully',
  },
  {
    name: 'felix_bpf_dirty_dataplane_endpoints',
    type: 'gauge',
    source: 'felix/dataplane/linux/bpf_ep_mgr.go',
    help: 'BPF endpoints left dirty after a failure',
  },
  {
    name: 'felix_resync_state',
    type: 'gauge',
    source: 'felix/calc/async_calc_graph.go',
    help: 'datastore state: 1 waiting for the datastore, 2 resyncing, 3 in sync',
  },
  { name: 'up', type: 'gauge', source: 'Prometheus (scrape health)', help: '1 when the last scrape of the target succeeded' },
];

/** Felix sweeps the conntrack map every 10 s (felix/bpf/conntrack/timeouts/timeouts.go ScanPeriod). */
export const CONNTRACK_SCAN_PERIOD_SECONDS = 10;
/** `felix_resync_state` value when Felix is in sync with the datastore (felix/calc/async_calc_graph.go). */
export const FELIX_IN_SYNC = 3;

/** Metric names an expression uses: identifiers outside label matchers, ranges and `by (…)`, not called as functions. */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"[^"]*"/g, '')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ')
    .replace(/\b\d+(\.\d+)?(e\d+)?\b/g, ' ');
  const names = [...stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)].filter((m) => !m[2]).map((m) => m[1]!);
  return [...new Set(names.filter((n) => !['and', 'or', 'unless', 'bool'].includes(n)))];
}

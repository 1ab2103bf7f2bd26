/**
 * What a kube-prometheus-stack cluster needs to watch the dataplane: where Felix and Typha serve
 * metrics, the PodMonitor/ServiceMonitor that scrape them, and alerts whose thresholds come from
 * the map sizes this library wrote.
 *
 * Facts (tigera/operator v1.42.3): `Installation.spec.nodeMetricsPort` makes the operator set
 * `FELIX_PROMETHEUSMETRICSENABLED`/`FELIX_PROMETHEUSMETRICSPORT` on calico-node — environment that
 * wins over FelixConfiguration — and the `prometheus.io/*` pod annotations (pkg/render/node.go); it
 * creates no Service for them on Calico open source (the `calico-node-metrics` Service is
 * Enterprise-only), so Felix is scraped with a PodMonitor on the host port. `typhaMetricsPort`
 * makes it create the `calico-typha-metrics` Service (pkg/render/typha.go), scraped with a ServiceMonitor.
 */
import type { KubeObject } from '../dataplane/kube';
import { checkInteger, isPlainObject } from '../validation/checks';
import { ProblemCode, Problems, show } from '../validation/errors';
import { checkLabels } from '../validation/names';
import type { ResolvedFelixBpfTuning } from '../felix/felix';
import { MAP_SIZE_FIELDS } from '../felix/felix-fields';
import { CONNTRACK_SCAN_PERIOD_SECONDS, FELIX_IN_SYNC } from './metrics';
import type { ObservabilityProps } from './observability-props';
import { WarningCode, warning, type CalicoWarning } from '../validation/warnings';

export interface ResolvedObservability {
  readonly felixMetricsPort: number;
  readonly typhaMetricsPort?: number;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly alerts: boolean;
  readonly dashboardNamespace?: string;
  /** Conntrack entries per node the alert compares against (what the library wrote, or Felix's default). */
  readonly conntrackSize?: number;
}

/** Where the operator runs Felix and Typha (the pods scraped). */
const CALICO_SYSTEM = 'calico-system';
/** The share of the conntrack map at which to warn: Felix doubles the map or evicts live entries near 85–90 %. */
export const CONNTRACK_ALERT_SHARE = 0.8;

export function resolveObservability(
  value: ObservabilityProps | undefined,
  felix: ResolvedFelixBpfTuning,
  problems: Problems,
  warnings: CalicoWarning[],
  /** The operator namespace: it exists before anything else is applied, so the dashboard can go there. */
  operatorNamespace = 'tigera-operator',
): ResolvedObservability | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    problems.add(ProblemCode.INVALID_VALUE, 'observability', `'observability' must be an object (use {} for the defaults), got ${show(value)}`);
    return undefined;
  }
  const felixMetricsPort = value.felixMetricsPort ?? 9091;
  // The operator's environment overrides FelixConfiguration: two different ports would be a silent loss.
  const felixPort = felix.spec.prometheusMetricsPort;
  if (felixPort !== undefined && felixPort !== felixMetricsPort) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'felix.prometheusMetricsPort',
      `'felix.prometheusMetricsPort' ${show(felixPort)} differs from 'observability.felixMetricsPort' ${show(felixMetricsPort)}: with observability on, the operator sets Felix's metrics port from the Installation and that wins; remove felix.prometheusMetricsPort or set observability.felixMetricsPort to it`,
    );
  }
  if (felix.spec.prometheusMetricsEnabled === false) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'felix.prometheusMetricsEnabled',
      `'felix.prometheusMetricsEnabled' false contradicts 'observability' (which turns Felix's metrics on); remove one of them`,
    );
  }
  const typha = value.typhaMetricsPort ?? 9093;
  if (typha !== false) {
    checkInteger(problems, 'observability.typhaMetricsPort', typha, 1, 65535);
    if (typha === felixMetricsPort)
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        'observability.typhaMetricsPort',
        `'observability.typhaMetricsPort' ${typha} equals felixMetricsPort: Typha and calico-node share the host network on a node; pick another port`,
      );
  }
  const selectorLabels = value.selectorLabels ?? { release: 'kube-prometheus-stack' };
  checkLabels(problems, 'observability.selectorLabels', selectorLabels);
  const alerts = value.alerts ?? true;
  // kube-prometheus-stack's sidecar searches every namespace: the operator's, which always exists, will do.
  const dashboard = value.dashboardNamespace ?? operatorNamespace;
  if (dashboard !== false && (typeof dashboard !== 'string' || !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(dashboard))) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      'observability.dashboardNamespace',
      `'observability.dashboardNamespace' must be a namespace name or false, got ${show(dashboard)}`,
    );
  }
  const conntrackSize = effectiveConntrackSize(felix);
  if (alerts && conntrackSize === undefined) {
    warnings.push(
      warning(
        WarningCode.NO_CONNTRACK_ALERT,
        'observability: no conntrack alert: bpfMapSizePerCpuConntrack sizes the map per CPU and the CPU count is unknown without felix.scale (cpusPerNode)',
      ),
    );
  }
  return {
    felixMetricsPort,
    ...(typha !== false ? { typhaMetricsPort: typha } : {}),
    selectorLabels,
    alerts,
    ...(dashboard !== false ? { dashboardNamespace: dashboard } : {}),
    ...(conntrackSize !== undefined ? { conntrackSize } : {}),
  };
}

/** Entries the conntrack map holds on a node: the size written (per CPU × CPUs when set so), else Felix's default. */
function effectiveConntrackSize(felix: ResolvedFelixBpfTuning): number | undefined {
  const perCpu = felix.spec.bpfMapSizePerCpuConntrack;
  if (typeof perCpu === 'number' && perCpu > 0) {
    const cpus = felix.sizing?.scale.cpusPerNode;
    return cpus === undefined ? undefined : perCpu * cpus;
  }
  const size = felix.spec.bpfMapSizeConntrack;
  return typeof size === 'number' ? size : MAP_SIZE_FIELDS.find((m) => m.field === 'bpfMapSizeConntrack')!.felixDefault;
}

/** PodMonitor for Felix (host port on every calico-node pod), ServiceMonitor for Typha. */
/**
 * The monitors and rules live in the operator namespace, which exists before the operator starts:
 * calico-system only appears once the operator has reconciled the Installation.
 */
export function renderMonitors(o: ResolvedObservability, namespace: string): KubeObject[] {
  const objects: KubeObject[] = [
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'calico-felix', namespace, labels: { ...o.selectorLabels } },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'calico-node' } },
        namespaceSelector: { matchNames: [CALICO_SYSTEM] },
        podMetricsEndpoints: [{ portNumber: o.felixMetricsPort, path: '/metrics', interval: '30s' }],
      },
    },
  ];
  if (o.typhaMetricsPort !== undefined) {
    objects.push({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'calico-typha', namespace, labels: { ...o.selectorLabels } },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'calico-typha-metrics' } },
        namespaceSelector: { matchNames: [CALICO_SYSTEM] },
        endpoints: [{ port: 'calico-typha-metrics', path: '/metrics', interval: '30s' }],
      },
    });
  }
  return objects;
}

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: 'warning' | 'critical' };
  readonly annotations: { readonly summary: string; readonly description: string };
}

/** The alerts, each threshold a number computed for this cluster or taken from Felix's own constants. */
export function alertRules(o: ResolvedObservability): AlertRule[] {
  const rules: AlertRule[] = [];
  const felixPods = `namespace="${CALICO_SYSTEM}", pod=~"calico-node-.*"`;
  if (o.conntrackSize !== undefined) {
    const threshold = Math.floor(o.conntrackSize * CONNTRACK_ALERT_SHARE);
    rules.push({
      alert: 'CalicoBpfConntrackNearlyFull',
      expr: `max by (pod) (felix_bpf_conntrack_used{${felixPods}}) > ${threshold}`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'The BPF conntrack map is more than 80 % full',
        description: `{{ $labels.pod }} tracks {{ $value }} connections; the map holds ${o.conntrackSize} entries (alert at ${threshold}). Near 85–90 % Felix doubles the map (bpfMapSizeConntrackScaling DoubleIfFull, a Felix restart) or evicts live connections. Raise felix.mapSizeConntrack, or felix.scale.connectionsPerNode / newConnectionsPerSecond if you size from scale; a node whose map already doubled keeps that size in /var/lib/calico/bpf_ct_map_size.`,
      },
    });
  }
  rules.push(
    {
      alert: 'CalicoFelixDown',
      expr: `up{${felixPods}} == 0`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'Felix metrics cannot be scraped',
        description: `{{ $labels.pod }} has not answered on port ${o.felixMetricsPort} for 5 minutes: calico-node is down or not ready on that node (kubectl -n calico-system describe pod {{ $labels.pod }}).`,
      },
    },
    {
      alert: 'CalicoFelixNotInSync',
      expr: `felix_resync_state{${felixPods}} != ${FELIX_IN_SYNC}`,
      for: '10m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'Felix is not in sync with the datastore',
        description:
          '{{ $labels.pod }} reports resync state {{ $value }} (3 is in sync) for 10 minutes: new policy and endpoints are not programmed on that node. Check its connection to Typha and the API server.',
      },
    },
    {
      alert: 'CalicoBpfDirtyEndpoints',
      expr: `felix_bpf_dirty_dataplane_endpoints{${felixPods}} > 0`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'BPF endpoints failed to program',
        description:
          '{{ $labels.pod }} has {{ $value }} BPF endpoints left dirty after a failure (felix_bpf_dataplane_endpoints vs happy/dirty): policy on those interfaces is not current. Felix logs "Failed to apply policy to endpoint" — often a BPF verifier rejection on an untested kernel.',
      },
    },
    {
      alert: 'CalicoBpfConntrackSweepSlow',
      expr: `felix_bpf_conntrack_sweep_duration{${felixPods}} > ${CONNTRACK_SCAN_PERIOD_SECONDS}e9`,
      for: '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'A conntrack sweep takes longer than its 10 s period',
        description: `{{ $labels.pod }} needs more than ${CONNTRACK_SCAN_PERIOD_SECONDS} s to sweep its conntrack map, so expired entries pile up between sweeps. Give calico-node more CPU, or lower felix.mapSizeConntrack if the map is much larger than the live connections.`,
      },
    },
  );
  return rules;
}

export function renderPrometheusRule(o: ResolvedObservability, namespace: string): KubeObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'calico-ebpf', namespace, labels: { ...o.selectorLabels } },
    spec: { groups: [{ name: 'calico-ebpf', rules: alertRules(o) }] },
  };
}

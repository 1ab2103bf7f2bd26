/** Prometheus scraping, alerts and a Grafana dashboard for the dataplane (kube-prometheus-stack). */
export interface ObservabilityProps {
  /**
   * Port Felix serves Prometheus metrics on, on every node's host network. Written as
   * `Installation.spec.nodeMetricsPort`: the operator then sets `FELIX_PROMETHEUSMETRICSENABLED`
   * and `FELIX_PROMETHEUSMETRICSPORT` on calico-node, which take precedence over FelixConfiguration.
   * @default 9091
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly felixMetricsPort?: number;
  /**
   * Port of Typha's metrics (`Installation.spec.typhaMetricsPort`; the operator then creates the
   * `calico-typha-metrics` Service), scraped through a ServiceMonitor; `false` to leave Typha alone.
   * @default 9093
   */
  readonly typhaMetricsPort?: number | false;
  /**
   * Labels your Prometheus selects monitors and rules by (kube-prometheus-stack: `release: <its release name>`).
   * @default { release: "kube-prometheus-stack" }
   */
  readonly selectorLabels?: Readonly<Record<string, string>>;
  /**
   * Render the PrometheusRule whose thresholds come from the map sizes this library wrote.
   * @default true
   */
  readonly alerts?: boolean;
  /**
   * Render the Grafana dashboard as a ConfigMap the kube-prometheus-stack Grafana sidecar picks up
   * (label `grafana_dashboard: "1"`), in this namespace (kube-prometheus-stack's sidecar searches every
   * namespace; the plain Grafana chart's sidecar only Grafana's own: set Grafana's namespace then).
   * `false` for no dashboard. The namespace must exist (the library creates only the operator's).
   * @default - the operator namespace (`namespace`), which exists before anything else is applied
   */
  readonly dashboardNamespace?: string | false;
}

/**
 * `status` (read-only): is Calico up and is the BPF dataplane really on? From what the API shows:
 * TigeraStatus, the Installation status, the calico-node DaemonSet the operator rendered,
 * FelixConfiguration `bpfEnabled` (set by the operator, with its annotation), the
 * services-endpoint ConfigMap, and kube-proxy next to Felix's settings.
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import { SERVICES_ENDPOINT_CONFIGMAP, renderServicesEndpoint } from '../dataplane/render';
import type { LiveCluster, LiveObject } from './cluster';
import { collectPreflightFacts } from './collect';
import { blocker, hasBlocker, ok, warning, type Finding, type LiveReport } from './findings';
import { kubeProxyRuns } from './preflight';
import { waitUntil, type Progress } from './apply';

export interface StatusSnapshot {
  readonly tigeraStatus: readonly LiveObject[];
  readonly installation?: LiveObject;
  readonly calicoNode?: LiveObject;
  readonly felix?: LiveObject;
  readonly servicesEndpoint?: LiveObject;
  readonly kubeProxyRuns: boolean;
}

type Condition = { type: string; status: string; message?: string };
const conditions = (o: LiveObject | undefined): Condition[] => (o?.status?.conditions ?? []) as Condition[];

/** The status rules, pure. */
export function statusFindings(s: StatusSnapshot, config: ResolvedCalicoEbpfDataplane): Finding[] {
  const out: Finding[] = [];
  if (s.tigeraStatus.length === 0)
    out.push(
      blocker(
        'tigerastatus',
        'cluster',
        'no TigeraStatus: the operator has not reconciled anything',
        'check that the operator runs (kubectl -n tigera-operator get pods) and that Installation default exists',
      ),
    );
  for (const t of s.tigeraStatus) {
    const c = conditions(t);
    const available = c.find((x) => x.type === 'Available')?.status === 'True';
    const degraded = c.find((x) => x.type === 'Degraded' && x.status === 'True');
    const progressing = c.find((x) => x.type === 'Progressing' && x.status === 'True');
    const subject = `tigerastatus/${t.metadata.name}`;
    if (degraded)
      out.push(blocker('tigerastatus', subject, `Degraded: ${degraded.message ?? ''}`.trim(), 'read the operator log (doctor collects it)'));
    else if (available) out.push(ok('tigerastatus', subject, 'Available'));
    else
      out.push(
        warning(
          'tigerastatus',
          subject,
          `not available yet${progressing?.message ? `: ${progressing.message.split('\n')[0]}` : ''}`,
          'wait (status --wait), or check the pods',
        ),
      );
  }
  const computed =
    (s.installation?.status as { variant?: string; mtu?: number; computed?: { calicoNetwork?: { linuxDataplane?: string } } } | undefined) ?? {};
  const wanted = (s.installation?.spec as { calicoNetwork?: { linuxDataplane?: string } } | undefined)?.calicoNetwork?.linuxDataplane ?? 'Iptables';
  if (!s.installation)
    out.push(blocker('installation', 'Installation default', 'missing', 'apply the resources (calico-ebpf apply, or your GitOps tool)'));
  else if (wanted !== 'BPF') out.push(blocker('installation', 'Installation default', `linuxDataplane is ${wanted}, not BPF`, 'calico-ebpf migrate'));
  else
    out.push(
      ok(
        'installation',
        'Installation default',
        `BPF${computed.variant ? `, variant ${computed.variant}` : ''}${computed.mtu ? `, MTU ${computed.mtu}` : ''}${computed.computed ? '' : ' (no computed status yet: calico-node is not available)'}`,
      ),
    );
  const ds = s.calicoNode;
  if (!ds) {
    out.push(
      blocker('calico-node', 'calico-system/calico-node', 'no DaemonSet', 'the operator renders it from the Installation: check TigeraStatus calico'),
    );
  } else {
    const st = (ds.status ?? {}) as { desiredNumberScheduled?: number; numberReady?: number; updatedNumberScheduled?: number };
    const pod =
      (ds.spec as { template?: { spec?: { initContainers?: { name: string }[]; volumes?: { name: string }[] } } } | undefined)?.template?.spec ?? {};
    const bpfRendered =
      (pod.initContainers ?? []).some((c) => c.name === 'ebpf-bootstrap' || c.name === 'mount-bpffs') ||
      (pod.volumes ?? []).some((v) => v.name === 'bpffs');
    const desired = st.desiredNumberScheduled ?? 0;
    const readyNodes = st.numberReady ?? 0;
    out.push(
      desired > 0 && readyNodes === desired && (st.updatedNumberScheduled ?? 0) === desired
        ? ok('calico-node', 'calico-system/calico-node', `${readyNodes}/${desired} ready${bpfRendered ? ', rendered for BPF' : ''}`)
        : warning(
            'calico-node',
            'calico-system/calico-node',
            `${readyNodes}/${desired} ready, ${st.updatedNumberScheduled ?? 0} updated${bpfRendered ? ', rendered for BPF' : ''}`,
            'wait for the rollout (status --wait)',
          ),
    );
    if (!bpfRendered)
      out.push(
        blocker(
          'bpf',
          'calico-system/calico-node',
          'the DaemonSet has no BPF filesystem mount: the operator did not render the BPF dataplane',
          'check Installation linuxDataplane and the operator log',
        ),
      );
  }
  const felix = (s.felix?.spec ?? {}) as Record<string, unknown>;
  const annotated = s.felix?.metadata.annotations?.['operator.tigera.io/bpfEnabled'] === 'true';
  if (felix.bpfEnabled === true && annotated) out.push(ok('bpf', 'FelixConfiguration default', 'bpfEnabled true (set by the operator)'));
  else
    out.push(
      blocker(
        'bpf',
        'FelixConfiguration default',
        `bpfEnabled is ${JSON.stringify(felix.bpfEnabled ?? null)}${annotated ? '' : " without the operator's annotation"}`,
        'the operator sets it once calico-node is rendered for BPF; never set it yourself',
      ),
    );
  const rendered = renderServicesEndpoint(config);
  if (rendered) {
    const data = (s.servicesEndpoint?.data ?? {}) as Record<string, string>;
    const want = rendered.data as { KUBERNETES_SERVICE_HOST: string; KUBERNETES_SERVICE_PORT: string };
    if (!s.servicesEndpoint)
      out.push(
        blocker(
          'endpoint',
          `${config.namespace}/${SERVICES_ENDPOINT_CONFIGMAP}`,
          'missing: calico-node reaches the API server through it',
          'apply it (calico-ebpf apply)',
        ),
      );
    else if (data.KUBERNETES_SERVICE_HOST !== want.KUBERNETES_SERVICE_HOST || data.KUBERNETES_SERVICE_PORT !== want.KUBERNETES_SERVICE_PORT)
      out.push(
        warning(
          'endpoint',
          `${config.namespace}/${SERVICES_ENDPOINT_CONFIGMAP}`,
          `holds ${data.KUBERNETES_SERVICE_HOST}:${data.KUBERNETES_SERVICE_PORT}, the config says ${want.KUBERNETES_SERVICE_HOST}:${want.KUBERNETES_SERVICE_PORT}`,
          'apply the config again',
        ),
      );
    else
      out.push(
        ok('endpoint', `${config.namespace}/${SERVICES_ENDPOINT_CONFIGMAP}`, `${data.KUBERNETES_SERVICE_HOST}:${data.KUBERNETES_SERVICE_PORT}`),
      );
  }
  const cleanup = felix.bpfKubeProxyIptablesCleanupEnabled;
  if (s.kubeProxyRuns && cleanup !== false)
    out.push(
      blocker(
        'kube-proxy',
        'cluster',
        "kube-proxy runs while Felix cleans up kube-proxy's iptables rules: the two fight",
        'set kubeProxy "coexist" (bpfKubeProxyIptablesCleanupEnabled false), or remove kube-proxy',
      ),
    );
  else if (!s.kubeProxyRuns && cleanup === false)
    out.push(warning('kube-proxy', 'cluster', 'no kube-proxy runs but Felix is told to keep its rules (coexist)', 'set kubeProxy "replace"'));
  else
    out.push(
      ok('kube-proxy', 'cluster', s.kubeProxyRuns ? 'kube-proxy runs; Felix leaves its rules alone' : 'no kube-proxy; Felix implements services'),
    );
  return out;
}

async function snapshot(cluster: LiveCluster, config: ResolvedCalicoEbpfDataplane): Promise<StatusSnapshot> {
  const group = config.calicoApiGroup;
  const [tigeraStatus, installation, calicoNode, felix, servicesEndpoint, facts] = await Promise.all([
    cluster.list('operator.tigera.io/v1', 'TigeraStatus'),
    cluster.get('operator.tigera.io/v1', 'Installation', 'default'),
    cluster.get('apps/v1', 'DaemonSet', 'calico-node', 'calico-system'),
    cluster.get(group, 'FelixConfiguration', 'default'),
    cluster.get('v1', 'ConfigMap', SERVICES_ENDPOINT_CONFIGMAP, config.namespace),
    collectPreflightFacts(cluster, config.namespace),
  ]);
  return {
    tigeraStatus,
    ...(installation ? { installation } : {}),
    ...(calicoNode ? { calicoNode } : {}),
    ...(felix ? { felix } : {}),
    ...(servicesEndpoint ? { servicesEndpoint } : {}),
    kubeProxyRuns: kubeProxyRuns(facts),
  };
}

export async function runStatus(
  cluster: LiveCluster,
  config: ResolvedCalicoEbpfDataplane,
  opts: { wait?: boolean; timeoutMs?: number; progress?: Progress } = {},
): Promise<LiveReport<{ waited: boolean }>> {
  const version = await cluster.version();
  let findings = statusFindings(await snapshot(cluster, config), config);
  const ready = (f: readonly Finding[]): boolean =>
    !hasBlocker(f) && !f.some((x) => x.severity === 'warning' && (x.check === 'tigerastatus' || x.check === 'calico-node'));
  if (opts.wait && !ready(findings)) {
    await waitUntil(
      'Calico to be ready (TigeraStatus Available, calico-node rolled out, bpfEnabled)',
      opts.timeoutMs ?? 300_000,
      opts.progress ?? (() => undefined),
      async () => {
        findings = statusFindings(await snapshot(cluster, config), config);
        return ready(findings) ? true : undefined;
      },
    );
  }
  return { command: 'status', ok: ready(findings), cluster: { server: cluster.server, version }, findings, details: { waited: opts.wait === true } };
}

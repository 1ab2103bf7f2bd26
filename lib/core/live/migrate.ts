/**
 * `migrate`: from a live cluster on the iptables or nftables dataplane to eBPF, in the order of
 * upstream's "Enabling the eBPF data plane" (manual path): the API server reachable without
 * kube-proxy (the services-endpoint ConfigMap, then calico-node rolled out with it); kube-proxy
 * handled before the switch (kept with Felix told to leave it alone, or taken off the nodes); the
 * dataplane switch; then the rest. With `bpfNetworkBootstrap` the operator finds the API server
 * itself and the ConfigMap must not exist (the operator refuses both).
 *
 * Read-only unless `--apply`, which does the API steps one at a time and stops at the first wait
 * that does not finish in time; steps on the hosts (k3s flags) are printed, never guessed.
 */
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import type { KubeObject } from '../dataplane/kube';
import { renderCalicoEbpfDataplane, renderServicesEndpoint } from '../dataplane/render';
import { KubeProxyMode } from '../dataplane/values';
import { calicoRelease } from '../releases/calico-releases';
import { waitUntil, type Progress } from './apply';
import type { LiveCluster } from './cluster';
import { collectPreflightFacts } from './collect';
import { blocker, ok, warning, type Finding, type LiveReport } from './findings';
import { kubeProxyRuns, type PreflightFacts } from './preflight';

export type MigrationStepId = 'services-endpoint' | 'wait-endpoint' | 'felix' | 'kube-proxy' | 'switch' | 'wait-switch' | 'rest';

export interface MigrationStep {
  readonly id: MigrationStepId;
  /** `api`: done by `--apply`; `host`: a change on the nodes, by hand; `wait`: what `--apply` waits for. */
  readonly kind: 'api' | 'host' | 'wait';
  readonly title: string;
  readonly detail: string;
  /** Objects `--apply` writes with server-side apply. */
  readonly objects?: readonly KubeObject[];
  /** A merge patch `--apply` sends (only the fields it names change). */
  readonly patch?: KubeObject;
}

/**
 * What happens to traffic during the switch (Felix's mid-flow fallthrough in tc.c/conntrack.h, and
 * tigera/docs#3009): only TCP connections survive.
 */
export function switchDisruption(calicoVersion: string): string {
  const forwarded =
    calicoRelease(calicoVersion)?.keepsForwardedFlowsOnSwitch === false
      ? `; TCP to a node port whose backend is on another node is lost where the host's FORWARD policy is DROP (fixed from v3.32.3/v3.33.0 on, not in ${calicoVersion})`
      : '';
  return (
    'nodes enter eBPF mode one after another, so node-port traffic can fail for a moment; ' +
    'established TCP connections survive, Service NAT included (the translation stays in Linux conntrack)' +
    forwarded +
    '; UDP and other non-TCP flows are treated as new, so a UDP flow to a Service with several backends can move to another backend; ' +
    'connections carried over a VXLAN overlay are dropped (calico-node recreates the vxlan.calico device)'
  );
}

function endpointText(endpoint: KubeObject): string {
  const data = (endpoint.data ?? {}) as Record<string, string>;
  return `${data.KUBERNETES_SERVICE_HOST}:${data.KUBERNETES_SERVICE_PORT}`;
}

function kubeProxyStep(facts: PreflightFacts, config: ResolvedCalicoEbpfDataplane): MigrationStep | undefined {
  if (config.kubeProxy !== KubeProxyMode.REPLACE || !kubeProxyRuns(facts)) return undefined;
  if (facts.daemonSets.includes('kube-system/kube-proxy')) {
    return {
      id: 'kube-proxy',
      kind: 'api',
      title: 'Take kube-proxy off the nodes',
      detail:
        'nodeSelector non-calico: "true" on the kube-system/kube-proxy DaemonSet, so it runs on no node (remove the selector to bring it back); its iptables rules stay and keep serving until Felix replaces them after the switch',
      patch: {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'kube-proxy', namespace: 'kube-system' },
        spec: { template: { spec: { nodeSelector: { 'non-calico': 'true' } } } },
      },
    };
  }
  return {
    id: 'kube-proxy',
    kind: 'host',
    title: "Turn off k3s's embedded kube-proxy",
    detail:
      "add disable-kube-proxy: true to /etc/rancher/k3s/config.yaml on every server (all servers must agree) and restart them, then restart every agent (an agent reads the setting when it starts); running pods are not stopped, and kube-proxy's rules stay until Felix replaces them after the switch",
  };
}

export function migrationPlan(facts: PreflightFacts, config: ResolvedCalicoEbpfDataplane): { steps: MigrationStep[]; findings: Finding[] } {
  const findings: Finding[] = [];
  if (!facts.installedDataplane) {
    findings.push(
      blocker(
        'migrate',
        'Installation default',
        'no operator Installation: nothing to migrate',
        'install with calico-ebpf apply (or your GitOps tool) instead',
      ),
    );
    return { steps: [], findings };
  }
  if (facts.installedDataplane === 'BPF') {
    findings.push(ok('migrate', 'Installation default', 'already on the BPF dataplane'));
    return { steps: [], findings };
  }
  if (facts.daemonSets.includes('kube-system/kube-proxy') && facts.kubeProxyMode === 'ipvs' && config.kubeProxy !== KubeProxyMode.COEXIST) {
    findings.push(
      blocker(
        'kube-proxy',
        'kube-system/kube-proxy',
        'kube-proxy runs in IPVS mode; upstream requires iptables mode before kube-proxy is disabled or eBPF enabled',
        'switch kube-proxy to iptables mode and restart the nodes, then run migrate again',
      ),
    );
  }
  if (config.bpfNetworkBootstrap && facts.servicesEndpointConfigMap) {
    findings.push(
      blocker(
        'services-endpoint',
        `${config.namespace}/kubernetes-services-endpoint`,
        'bpfNetworkBootstrap is on, but the ConfigMap exists: the operator refuses both together (Degraded)',
        `delete the ConfigMap (kubectl -n ${config.namespace} delete configmap kubernetes-services-endpoint), or set apiServer instead of bpfNetworkBootstrap`,
      ),
    );
  }
  if (facts.installedBpfNetworkBootstrap && renderServicesEndpoint(config)) {
    // Upstream's validation: bpfNetworkBootstrap needs linuxDataplane BPF and no ConfigMap, so the
    // operator is Degraded now and would never roll out the ConfigMap the first step waits for.
    findings.push(
      blocker(
        'services-endpoint',
        'Installation default',
        `bpfNetworkBootstrap is Enabled on the ${facts.installedDataplane} dataplane: the operator refuses it without BPF (Degraded) and rolls nothing out`,
        'remove it before migrating: kubectl patch installation default --type=merge -p \'{"spec":{"calicoNetwork":{"bpfNetworkBootstrap":null}}}\'',
      ),
    );
  }
  const disruption = switchDisruption(config.calicoVersion);
  findings.push(
    warning(
      'migrate',
      'Installation default',
      `on the ${facts.installedDataplane} dataplane; during the switch ${disruption}`,
      'migrate in a maintenance window; clients must retry',
    ),
  );

  const rendered = renderCalicoEbpfDataplane(config);
  const steps: MigrationStep[] = [];
  const endpoint = renderServicesEndpoint(config);
  if (endpoint) {
    steps.push({
      id: 'services-endpoint',
      kind: 'api',
      title: 'Let Calico reach the API server without kube-proxy',
      detail: `ConfigMap ${config.namespace}/kubernetes-services-endpoint (${endpointText(endpoint)}); the operator renders it into calico-node and rolls it out`,
      objects: [endpoint],
    });
    steps.push({
      id: 'wait-endpoint',
      kind: 'wait',
      title: 'calico-node rolled out with the API server address',
      detail: `calico-node's environment has KUBERNETES_SERVICE_HOST from the ConfigMap and every pod is updated and ready (if it never changes, restart the operator: kubectl -n ${config.namespace} rollout restart deploy/tigera-operator)`,
    });
  }
  steps.push({
    id: 'felix',
    kind: 'api',
    title: 'Write the FelixConfiguration before the switch',
    detail:
      config.kubeProxy === KubeProxyMode.COEXIST
        ? 'FelixConfiguration default: bpfKubeProxyIptablesCleanupEnabled false and bpfKubeProxyHealthzPort 0 so Felix leaves the running kube-proxy alone, plus the eBPF settings (connect-time load balancing, map sizes); Felix ignores the BPF fields until the switch'
        : 'FelixConfiguration default with the eBPF settings (kube-proxy cleanup, connect-time load balancing, map sizes); Felix ignores the BPF fields until the switch',
    objects: [rendered.felixConfiguration],
  });
  const proxy = kubeProxyStep(facts, config);
  if (proxy) steps.push(proxy);

  const calicoNetwork: Record<string, unknown> = { linuxDataplane: 'BPF', kubeProxyManagement: config.kubeProxyManagement ? 'Enabled' : 'Disabled' };
  if (config.bpfNetworkBootstrap) calicoNetwork.bpfNetworkBootstrap = 'Enabled';
  const switchDetail =
    `Installation default, merge patch (pools and other settings stay): linuxDataplane BPF, kubeProxyManagement ${String(calicoNetwork.kubeProxyManagement)}` +
    (config.bpfNetworkBootstrap ? ', bpfNetworkBootstrap Enabled (the operator finds the API server itself)' : '') +
    '; the operator rolls calico-node out with the BPF volumes, then sets bpfEnabled and Felix restarts into eBPF on every node' +
    (config.kubeProxyManagement
      ? '; after that the operator moves kube-proxy off the nodes (nodeSelector operator.tigera.io/disable-kube-proxy)'
      : '') +
    "; it also moves Felix's remaining rules to nftables (nftablesMode Enabled)";
  steps.push({
    id: 'switch',
    kind: 'api',
    title: 'Switch the dataplane',
    detail: switchDetail,
    patch: { apiVersion: 'operator.tigera.io/v1', kind: 'Installation', metadata: { name: 'default' }, spec: { calicoNetwork } },
  });
  steps.push({
    id: 'wait-switch',
    kind: 'wait',
    title: 'calico-node rolled out in eBPF mode',
    detail: `every calico-node pod updated and ready, and FelixConfiguration bpfEnabled true (set by the operator); meanwhile ${disruption}`,
  });
  steps.push({
    id: 'rest',
    kind: 'api',
    title: 'Bring the rest in line',
    detail:
      'run calico-ebpf apply (or commit the rendered layers for your GitOps tool) for the remaining objects; then calico-ebpf status and calico-ebpf diff',
  });
  return { steps, findings };
}

export interface MigrateDetails {
  readonly steps: readonly MigrationStep[];
  /** Step ids `--apply` completed, in order. */
  readonly applied: readonly MigrationStepId[];
}

interface DaemonSetState {
  readonly generation?: number;
  readonly observedGeneration?: number;
  readonly desired?: number;
  readonly updated?: number;
  readonly ready?: number;
  readonly env: Readonly<Record<string, string>>;
}

async function calicoNode(cluster: LiveCluster): Promise<DaemonSetState | undefined> {
  const ds = await cluster.get('apps/v1', 'DaemonSet', 'calico-node', 'calico-system');
  if (!ds) return undefined;
  const s = (ds.status ?? {}) as {
    observedGeneration?: number;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberReady?: number;
  };
  const containers =
    (ds.spec as { template?: { spec?: { containers?: { name: string; env?: { name: string; value?: string }[] }[] } } } | undefined)?.template?.spec
      ?.containers ?? [];
  const env = Object.fromEntries(
    (containers.find((c) => c.name === 'calico-node')?.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]),
  );
  return {
    ...(ds.metadata as { generation?: number }),
    observedGeneration: s.observedGeneration,
    desired: s.desiredNumberScheduled,
    updated: s.updatedNumberScheduled,
    ready: s.numberReady,
    env,
  };
}

const rolledOut = (d: DaemonSetState): boolean =>
  (d.observedGeneration ?? 0) >= (d.generation ?? 0) && d.desired !== undefined && d.updated === d.desired && d.ready === d.desired;

export async function runMigrate(
  cluster: LiveCluster,
  config: ResolvedCalicoEbpfDataplane,
  opts: { apply?: boolean; timeoutMs?: number; progress?: Progress } = {},
): Promise<LiveReport<MigrateDetails>> {
  const facts = await collectPreflightFacts(cluster, config.namespace);
  const { steps, findings } = migrationPlan(facts, config);
  const applied: MigrationStepId[] = [];
  const progress = opts.progress ?? (() => undefined);
  const timeoutMs = opts.timeoutMs ?? 600_000;
  const endpoint = renderServicesEndpoint(config);
  const host = (endpoint?.data as Record<string, string> | undefined)?.KUBERNETES_SERVICE_HOST;
  const waits: Record<string, () => Promise<true | undefined>> = {
    'wait-endpoint': async () => {
      const d = await calicoNode(cluster);
      return d && d.env.KUBERNETES_SERVICE_HOST === host && rolledOut(d) ? true : undefined;
    },
    'wait-switch': async () => {
      const [d, felix] = await Promise.all([calicoNode(cluster), cluster.get('crd.projectcalico.org/v1', 'FelixConfiguration', 'default')]);
      return d && rolledOut(d) && (felix?.spec as { bpfEnabled?: boolean } | undefined)?.bpfEnabled === true ? true : undefined;
    },
  };
  const blocked = findings.some((f) => f.severity === 'blocker');
  if (opts.apply && !blocked) {
    for (const step of steps) {
      if (step.kind === 'host') {
        findings.push(
          blocker(
            'migrate',
            step.id,
            `stopped before the switch: ${step.title.toLowerCase()} is a change on the hosts (${step.detail})`,
            'do it, then run migrate --apply again: steps already done change nothing',
          ),
        );
        break;
      }
      if (step.kind === 'wait') {
        progress(`waiting: ${step.title}`);
        if (!(await waitUntil(step.title, timeoutMs, progress, waits[step.id]!))) {
          findings.push(
            blocker(
              'migrate',
              step.id,
              `${step.title}: not within ${Math.round(timeoutMs / 1000)} s; stopped before the next step`,
              'check calico-node (calico-ebpf status), then run migrate --apply again: steps already done change nothing',
            ),
          );
          break;
        }
        applied.push(step.id);
        continue;
      }
      if (step.id === 'rest') continue; // The remaining objects are calico-ebpf apply's job, with its preflight.
      for (const o of step.objects ?? []) await cluster.apply(o);
      if (step.patch) await cluster.mergePatch(step.patch);
      applied.push(step.id);
      progress(`done: ${step.title}`);
    }
  }
  return {
    command: 'migrate',
    ok: !findings.some((f) => f.severity === 'blocker'),
    cluster: { server: cluster.server, version: facts.kubernetesVersion },
    findings,
    details: { steps, applied },
  };
}

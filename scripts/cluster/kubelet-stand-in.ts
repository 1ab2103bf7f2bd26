/**
 * The kubelet of one node, played by this process on a control plane that has none, for what the
 * engines need of it (Pulumi's and Flux's Helm waits, the chart's uninstall hook):
 *
 * - registers Node `<nodeName>` and heartbeats it (node status Ready and its Lease, every 10 s), so
 *   the scheduler binds pods to it and the node lifecycle controller leaves them alone;
 * - the tigera-operator pod bound to it "runs": the real operator is started out of cluster with
 *   the Deployment's args and environment and the ServiceAccount's credentials (`startOperator`),
 *   and the pod is reported Running and Ready (the chart's container has no readiness probe, so a
 *   kubelet reports it Ready once it started); the pod deleted → the operator is stopped;
 * - a pod of the chart's `pre-delete` hook Job runs its container (the operator binary with the
 *   Job's args, `-pre-delete`), then is reported Succeeded or Failed by its exit code;
 * - a pod of k3s's helm-install Job for a HelmChart runs what its klipper-helm container does:
 *   `helm install` (or `upgrade`) of the chart with the values k3s stored (`runHelmChartJob`, the
 *   real helm on the same chart version from ../shared/reference), then is reported by its outcome;
 * - a deleted pod is removed for good once its process is stopped (the kubelet's final delete);
 * - every other pod (calico-node, coredns, …) stays Pending: there is no container runtime.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { OPERATOR_PROGRAMS } from './components';
import { ensureBuilt } from './go-build';
import { instancePaths, readState } from './instance';
import { kubectl } from './kubectl';
import { operatorVersionFor, runnableCalicoVersion, startOperator, stopOperator } from './operator';
import { isAlive, readPid } from './processes';
import { runHelmChartJob, serviceAccountKubeconfig } from './stand-ins';

const run = promisify(execFile);

interface Pod {
  metadata: { name: string; namespace: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec: { serviceAccountName?: string; containers: { name: string; image?: string; args?: string[] }[] };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

const HEARTBEAT_MS = 10_000;
/**
 * Consecutive failed ticks (one a second) before the stand-in gives up: an API server restart (a
 * test restarts k3s) refuses connections for a few seconds, which a kubelet rides out too.
 */
const MAX_FAILED_TICKS = 60;

export class KubeletStandIn {
  /** What it did, in order: the evidence of which pods "ran". */
  public readonly events: string[] = [];
  private timer?: NodeJS.Timeout;
  private beat?: NodeJS.Timeout;
  private busy = false;
  private failure?: Error;
  private failedTicks = 0;
  private operatorPod?: string;
  private readonly done = new Set<string>();

  public constructor(
    private readonly instance: string,
    private readonly nodeName = 'stand-in-node',
  ) {}

  private get kubeconfig(): string {
    return instancePaths(this.instance).kubeconfig;
  }

  public start(intervalMs = 1_000): void {
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: this.nodeName,
        // A k3s server node (a k3d server): the helm-install Jobs of bootstrap HelmCharts select control-plane nodes.
        labels: {
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': this.nodeName,
          'node-role.kubernetes.io/control-plane': 'true',
          'node-role.kubernetes.io/master': 'true',
        },
      },
    };
    kubectl(this.kubeconfig, ['apply', '-f', '-'], { input: JSON.stringify(node) });
    this.heartbeat();
    this.timer = setInterval(() => void this.tick(), intervalMs);
    // Its own timer, so a long pod sync does not starve it (a lapsed Lease makes the node NotReady).
    this.beat = setInterval(() => {
      try {
        this.heartbeat();
      } catch (e) {
        this.events.push(`heartbeat failed, retrying: ${(e as Error).message.split('\n')[0]}`);
      }
    }, HEARTBEAT_MS);
  }

  /** Stops playing the kubelet (the operator keeps running until the cluster stops). Throws when it had given up. */
  public async stop(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.beat);
    while (this.busy) await new Promise((r) => setTimeout(r, 100));
    if (this.failure) throw this.failure;
  }

  private heartbeat(): void {
    const now = new Date().toISOString();
    const status = {
      status: {
        capacity: { cpu: '8', memory: '32Gi', pods: '110' },
        allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
        conditions: [
          { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'stand-in kubelet', lastHeartbeatTime: now, lastTransitionTime: now },
        ],
        nodeInfo: { kubeletVersion: 'stand-in', operatingSystem: 'linux', architecture: 'amd64' },
      },
    };
    kubectl(this.kubeconfig, ['patch', 'node', this.nodeName, '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]);
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.nodeName, namespace: 'kube-node-lease' },
      spec: { holderIdentity: this.nodeName, leaseDurationSeconds: 40, renewTime: now.replace('Z', '000Z') },
    };
    kubectl(this.kubeconfig, ['apply', '-f', '-'], { input: JSON.stringify(lease) });
  }

  private operatorRunning(): boolean {
    const pid = readPid(instancePaths(this.instance).operatorPid);
    return pid !== undefined && isAlive(pid);
  }

  private async tick(): Promise<void> {
    if (this.busy || this.failure) return;
    this.busy = true;
    try {
      const pods = (
        JSON.parse(kubectl(this.kubeconfig, ['get', 'pods', '-A', '--field-selector', `spec.nodeName=${this.nodeName}`, '-o', 'json'])) as {
          items: Pod[];
        }
      ).items;
      if (this.operatorPod && !pods.some((p) => p.metadata.name === this.operatorPod)) await this.stopOperatorPod('its pod is gone');
      for (const pod of pods) await this.sync(pod);
      this.failedTicks = 0;
    } catch (e) {
      // Retried on the next tick; only a lasting failure stops the stand-in (and fails the run).
      this.failedTicks++;
      if (this.failedTicks === 1) this.events.push(`a sync failed, retrying: ${(e as Error).message.split('\n')[0]}`);
      if (this.failedTicks >= MAX_FAILED_TICKS)
        this.failure = new Error(`the kubelet stand-in gave up after ${MAX_FAILED_TICKS} failed syncs: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  private async stopOperatorPod(why: string): Promise<void> {
    if (this.operatorRunning()) await stopOperator(this.instance);
    this.events.push(`stopped the operator (pod ${this.operatorPod}): ${why}`);
    this.operatorPod = undefined;
  }

  private async sync(pod: Pod): Promise<void> {
    const { name, namespace, labels = {} } = pod.metadata;
    if (pod.metadata.deletionTimestamp) {
      if (name === this.operatorPod) await this.stopOperatorPod('the pod was deleted');
      kubectl(this.kubeconfig, ['-n', namespace, 'delete', 'pod', name, '--grace-period=0', '--force', '--wait=false', '--ignore-not-found']);
      return;
    }
    if (labels['k8s-app'] === 'tigera-operator') {
      if (this.operatorPod !== name || !this.operatorRunning()) {
        if (this.operatorPod && this.operatorPod !== name) await this.stopOperatorPod(`pod ${name} replaces it`);
        const credentials = serviceAccountKubeconfig(this.kubeconfig, namespace, pod.spec.serviceAccountName ?? 'default');
        await startOperator(this.instance, { namespace, kubeconfig: credentials });
        this.operatorPod = name;
        this.events.push(`started the operator as pod ${name}`);
      }
      if (!pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) this.report(pod, 'Running');
      return;
    }
    const job = labels['batch.kubernetes.io/job-name'] ?? '';
    const helmChart = /^helm-(install|delete)-(.+)$/.exec(job);
    if (helmChart && !this.done.has(name)) {
      if (helmChart[1] === 'delete') {
        // Never run here: the tests check that no uninstall Job is created at all.
        this.done.add(name);
        this.events.push(`left helm-delete pod ${name} Pending`);
        return;
      }
      // Marked done once reported Running: a failed report is retried on the next tick.
      this.report(pod, 'Running');
      this.done.add(name);
      let phase: 'Succeeded' | 'Failed' = 'Succeeded';
      try {
        runHelmChartJob(this.kubeconfig, namespace, helmChart[2]!);
      } catch (e) {
        phase = 'Failed';
        this.events.push(`helm-install ${helmChart[2]} failed: ${(e as Error).message.split('\n')[0]}`);
      }
      this.events.push(`ran helm-install pod ${name} (helm install ${helmChart[2]}): ${phase}`);
      this.report(pod, phase);
      return;
    }
    if (job === 'tigera-operator-uninstall' && !this.done.has(name)) {
      const args = pod.spec.containers[0]?.args ?? [];
      const version = readState(this.instance)?.operatorVersion ?? operatorVersionFor(runnableCalicoVersion().calicoVersion);
      const bin = ensureBuilt(OPERATOR_PROGRAMS[version]!()).path;
      const credentials = serviceAccountKubeconfig(this.kubeconfig, namespace, pod.spec.serviceAccountName ?? 'default');
      this.report(pod, 'Running');
      this.done.add(name);
      let phase: 'Succeeded' | 'Failed' = 'Succeeded';
      try {
        await run(bin, [...args, `--kubeconfig=${credentials}`], {
          env: { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: credentials, OPERATOR_NAMESPACE: namespace },
          timeout: 6 * 60_000,
        });
      } catch {
        phase = 'Failed';
      }
      this.events.push(`ran hook pod ${name} (operator ${args.join(' ')}): ${phase}`);
      this.report(pod, phase);
    }
  }

  /** The status a kubelet posts for the pod's one container. */
  private report(pod: Pod, phase: 'Running' | 'Succeeded' | 'Failed'): void {
    const now = new Date().toISOString();
    const running = phase === 'Running';
    const condition = (type: string, status: boolean) => ({ type, status: status ? 'True' : 'False', lastTransitionTime: now });
    const status = {
      status: {
        phase,
        startTime: now,
        conditions: [
          condition('PodScheduled', true),
          condition('Initialized', true),
          condition('ContainersReady', running),
          condition('Ready', running),
        ],
        containerStatuses: pod.spec.containers.map((c) => ({
          name: c.name,
          image: c.image ?? '',
          imageID: '',
          ready: running,
          started: running,
          restartCount: 0,
          state: running
            ? { running: { startedAt: now } }
            : {
                terminated: {
                  exitCode: phase === 'Succeeded' ? 0 : 1,
                  reason: phase === 'Succeeded' ? 'Completed' : 'Error',
                  startedAt: now,
                  finishedAt: now,
                },
              },
        })),
      },
    };
    kubectl(this.kubeconfig, [
      '-n',
      pod.metadata.namespace,
      'patch',
      'pod',
      pod.metadata.name,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify(status),
    ]);
  }
}

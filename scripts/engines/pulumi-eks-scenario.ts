/**
 * `examples/pulumi-eks` under the real Pulumi engine and provider, on the local k3s with the real
 * tigera-operator: the k3s stand-in for "a cluster another stack created". A first stack
 * (`eks-cluster/dev`) exports the cluster's kubeconfig (a secret) and an endpoint URL with a DNS
 * name, as @pulumi/eks would; the example reads both through a StackReference, so the API-server
 * host reaches the component as an Output. What only an EKS account could show — the AWS VPC CNI,
 * the EKS API server's name resolving on nodes — is not part of it; the distribution preset is
 * `eks` all the same, so the operator runs with kubernetesProvider EKS.
 *
 * Stand-in: as in pulumi-scenario.ts, this process plays the kubelet of one node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import type { EngineEvent, Stack } from '@pulumi/pulumi/automation';
import { KubeletStandIn } from '../cluster/kubelet-stand-in';
import { runnableCalicoVersion } from '../cluster/operator';
import { serveChartRepository, type ChartRepository } from './chart-repository';
import { getObject } from './live-object';
import { expectThat, type EnginePromise } from './promises';
import { ensurePulumiBuilt, moduleProgram, openStack, pulumiPaths } from './pulumi';
import { pulumiVersions } from './pulumi-scenario';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'pulumi-eks', 'index.ts');
/** Stands for the EKS endpoint's DNS name; nothing resolves it here (no pod ever needs to). */
const ENDPOINT_HOST = 'api.eks-stand-in.internal';

interface Container {
  readonly name: string;
  readonly env?: readonly { name: string; value?: string }[];
}
interface PodTemplate {
  readonly spec?: { readonly template?: { readonly spec?: { readonly dnsPolicy?: string; readonly containers?: readonly Container[] } } };
}

export { pulumiVersions as pulumiEksVersions };

export function pulumiEksPromises(instance: string, kubeconfig: string): { promises: EnginePromise[]; cleanup: () => Promise<void> } {
  const calicoVersion = runnableCalicoVersion().calicoVersion;
  let charts: ChartRepository | undefined;
  let standIn: KubeletStandIn | undefined;
  let stack: Stack | undefined;
  const outputs: string[] = [];
  const run = { onOutput: (s: string) => outputs.push(s) };
  const failure = (e: unknown): Error =>
    new Error(`${(e as Error).message.split('\n')[0]}\n${outputs.join('').trimEnd().split('\n').slice(-15).join('\n')}`);
  const template = (args: readonly string[]): PodTemplate | undefined => getObject(kubeconfig, args) as PodTemplate | undefined;

  const promises: EnginePromise[] = [
    {
      promise: 'a cluster stack exports kubeconfig and endpoint; the EKS example reads them through a StackReference',
      prerequisite: true,
      check: async () => {
        const engine = ensurePulumiBuilt();
        charts = await serveChartRepository(join(pulumiPaths(instance).dir, 'charts'), [{ chart: 'tigera-operator', version: calicoVersion }]);
        standIn = new KubeletStandIn(instance);
        standIn.start();
        const cluster = await openStack(instance, engine, {
          projectName: 'eks-cluster',
          stackName: 'dev',
          program: async () => ({ kubeconfig: pulumi.secret(readFileSync(kubeconfig, 'utf8')), endpoint: `https://${ENDPOINT_HOST}` }),
        });
        await cluster.up(run).catch((e: unknown) => {
          throw failure(e);
        });
        stack = await openStack(instance, engine, { projectName: 'calico-ebpf-eks', stackName: 'dev', program: moduleProgram({ main: EXAMPLE }) });
        await stack.setConfig('eksStack', { value: 'organization/eks-cluster/dev' });
        await stack.setConfig('calicoVersion', { value: calicoVersion });
        await stack.setConfig('helmRepository', { value: charts.url });
        return [`endpoint https://${ENDPOINT_HOST}, state in ${pulumiPaths(instance).state}`];
      },
    },
    {
      promise: 'pulumi up writes the services-endpoint ConfigMap from the Output host (port 443) before it installs the operator release',
      prerequisite: true,
      check: async () => {
        const done: string[] = [];
        const r = await stack!
          .up({
            ...run,
            onEvent: (e: EngineEvent) =>
              e.resOutputsEvent?.metadata.op === 'create' ? done.push(e.resOutputsEvent.metadata.urn.split('::').pop()!) : 0,
          })
          .catch((e: unknown) => {
            throw failure(e);
          });
        expectThat(r.summary.result === 'succeeded', `up ${r.summary.result}`);
        const cm = getObject(kubeconfig, ['configmap', '-n', 'tigera-operator', 'kubernetes-services-endpoint']) as
          { data?: Record<string, string> } | undefined;
        expectThat(
          JSON.stringify(cm?.data) === JSON.stringify({ KUBERNETES_SERVICE_HOST: ENDPOINT_HOST, KUBERNETES_SERVICE_PORT: '443' }),
          `ConfigMap data: ${JSON.stringify(cm?.data)}`,
        );
        const at = (name: string): number => done.indexOf(name);
        expectThat(
          at('calico-services-endpoint') >= 0 && at('calico-services-endpoint') < at('calico-operator'),
          `created in order: ${done.join(' → ')}`,
        );
        return [`created: ${done.join(' → ')}`];
      },
    },
    {
      promise: "the operator runs with the node's resolver (dnsPolicy Default) and renders the endpoint into calico-node",
      check: async () => {
        const operator = template(['deployment', '-n', 'tigera-operator', 'tigera-operator']);
        expectThat(operator?.spec?.template?.spec?.dnsPolicy === 'Default', `operator dnsPolicy ${operator?.spec?.template?.spec?.dnsPolicy}`);
        const deadline = Date.now() + 120_000;
        for (;;) {
          const node = template(['daemonset', '-n', 'calico-system', 'calico-node']);
          const env = node?.spec?.template?.spec?.containers?.find((c) => c.name === 'calico-node')?.env ?? [];
          const host = env.find((e) => e.name === 'KUBERNETES_SERVICE_HOST')?.value;
          if (host === ENDPOINT_HOST) return [`calico-node KUBERNETES_SERVICE_HOST=${host}, dnsPolicy ${node?.spec?.template?.spec?.dnsPolicy}`];
          if (Date.now() > deadline) throw new Error(`after 120 s calico-node ${node ? `has KUBERNETES_SERVICE_HOST ${host}` : 'does not exist'}`);
          await new Promise((r) => setTimeout(r, 2_000));
        }
      },
    },
    {
      promise: 'a second pulumi up changes nothing (the Output host is stable)',
      check: async () => {
        const r = await stack!.up({ ...run, expectNoChanges: true }).catch((e: unknown) => {
          throw failure(e);
        });
        const changed = Object.entries(r.summary.resourceChanges ?? {}).filter(([op, n]) => op !== 'same' && n > 0);
        expectThat(changed.length === 0, `second up: ${JSON.stringify(r.summary.resourceChanges)}`);
        return [];
      },
    },
  ];
  const cleanup = async (): Promise<void> => {
    try {
      await standIn?.stop();
    } finally {
      await charts?.close();
    }
  };
  return { promises, cleanup };
}

/**
 * The cdk8s example's cluster, installed by Pulumi: k3d (k3s) keeping its kube-proxy, Istio, Tunnel.
 *
 *   pulumi stack init dev
 *   pulumi config set kubernetes:context k3d-dev   # optional; default: current context of $KUBECONFIG / ~/.kube/config
 *   pulumi up
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CalicoEbpfDataplane, FelixBpfTuning, ScaleProfile } from '../../lib/pulumi';

const config = new pulumi.Config();
// Pulumi's Kubernetes provider reads the kubeconfig the usual way (KUBECONFIG, ~/.kube/config or
// the kubernetes:kubeconfig stack setting); an explicit context can be chosen per stack.
const provider = new k8s.Provider('k3d', { context: new pulumi.Config('kubernetes').get('context') });

const calico = new CalicoEbpfDataplane(
  'calico',
  {
    distribution: 'k3s',
    kubeProxy: 'coexist',
    serviceMesh: 'istio',
    externalServiceMode: 'Tunnel',
    // Grow the map sizes with the cluster: pulumi config set scale medium (an in-place update).
    felix: { scale: config.get<ScaleProfile>('scale', { allowedValues: Object.values(ScaleProfile) }) ?? 'k3d-dev', prometheusMetricsEnabled: true },
    // A pinned Calico release and a chart mirror (pulumi config set helmRepository https://…):
    // what an air-gapped cluster sets; the defaults are the newest release and the public repository.
    ...optional('calicoVersion', config.get('calicoVersion')),
    ...optional('helmRepository', config.get('helmRepository')),
    // `pulumi destroy` leaves Calico running unless the stack says `teardown: delete`
    // (pulumi config set teardown delete; pulumi up; pulumi destroy).
    teardown: config.get('teardown') === 'delete' ? 'delete' : 'retain',
  },
  { providers: { kubernetes: provider } },
);

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const agentNode = config.get('debugNode');
if (agentNode) {
  new FelixBpfTuning('debug-node', { nodeName: agentNode, logLevel: 'Debug' }, { providers: { kubernetes: provider }, dependsOn: [calico] });
}

export const installation = calico.installationName;
export const felixConfiguration = calico.felixConfigurationName;
export const operatorStatus = calico.operatorStatus.status;
export const calicoVersion = calico.config.calicoVersion;

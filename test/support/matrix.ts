/** Prop combinations covering every axis the rendering branches on. */
import type { CalicoEbpfDataplaneProps } from '../../lib/core';

const distributions = ['k3s', 'generic'] as const;
const kubeProxies = ['coexist', 'replace'] as const;
const meshes: ReadonlyArray<{ readonly name: string; readonly spec: CalicoEbpfDataplaneProps['serviceMesh'] }> = [
  { name: 'istio', spec: 'istio' },
  { name: 'linkerd', spec: 'linkerd' },
  { name: 'none', spec: 'none' },
  { name: 'istio-ambient', spec: { kind: 'istio', provider: 'upstream', mode: 'ambient' } },
  {
    name: 'calico-istio',
    spec: {
      kind: 'istio',
      provider: 'calico',
      mode: 'ambient',
      dscpMark: 23,
      istiod: { nodeSelector: { 'kubernetes.io/os': 'linux' }, resources: { requests: { cpu: '100m', memory: '256Mi' } } },
      istioCNI: { tolerations: [{ operator: 'Exists' }] },
      ztunnel: {
        tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] }] }] } } },
        resources: { limits: { memory: '512Mi' } },
      },
    },
  },
];

/** The mesh variants, for suites that iterate them. */
export const MESHES = meshes;
const flavors = ['flux', 'argocd', 'k3s'] as const;
const serviceModes = ['Tunnel', 'DSR'] as const;

/** Argo CD needs the Git repository; without k3s's helm-controller the operator source must be chosen explicitly. */
export const ARGO_REPO = (distribution: string) =>
  ({ repoURL: 'https://git.example.com/platform.git', ...(distribution === 'k3s' ? {} : { operatorSource: 'helm-source' as const }) });

export interface MatrixCase {
  readonly name: string;
  readonly props: CalicoEbpfDataplaneProps;
}

export function propsMatrix(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const distribution of distributions)
    for (const kubeProxy of kubeProxies)
      for (const mesh of meshes)
        for (const flavor of flavors)
          for (const externalServiceMode of serviceModes) {
            const props: CalicoEbpfDataplaneProps = {
              distribution,
              kubeProxy,
              serviceMesh: mesh.spec,
              externalServiceMode,
              gitops: flavor === 'argocd' ? { flavor, argocd: ARGO_REPO(distribution) } : { flavor },
              ...(kubeProxy === 'replace' ? { apiServer: { host: '172.18.0.2', port: 6443 } } : {}),
              // Half the matrix also renders the monitoring layer.
              ...(externalServiceMode === 'DSR' ? { dsrOptOutCIDRs: ['10.0.0.0/8'], observability: { felixMetricsPort: 9191, selectorLabels: { release: 'prom' } } } : {}),
              ...(mesh.spec === 'none' ? { connectTimeLoadBalancing: 'TCP' as const } : {}),
            };
            cases.push({ name: `${distribution}/${kubeProxy}/${mesh.name}/${flavor}/${externalServiceMode}`, props });
          }
  // The lifecycle axes, across flavors: CRDs as a Helm release, a real teardown, a k3d config.
  for (const flavor of flavors) {
    const gitops = flavor === 'argocd' ? { flavor, argocd: ARGO_REPO('k3s') } : { flavor };
    cases.push({ name: `k3s/${flavor}/crdDelivery helm-release`, props: { gitops, crdDelivery: 'helm-release' } });
    cases.push({ name: `k3s/${flavor}/teardown delete`, props: { gitops, teardown: 'delete', apiServer: { host: '172.18.0.2' } } });
    cases.push({ name: `k3s/${flavor}/k3d replace`, props: { gitops, k3d: { name: 'dev', agents: 1 }, kubeProxy: 'replace', apiServer: { host: '172.18.0.2' } } });
  }
  cases.push({ name: 'generic/argocd/helm-source with CRD release', props: { distribution: 'generic', crdDelivery: 'helm-release', gitops: { flavor: 'argocd', argocd: ARGO_REPO('generic') } } });
  return cases;
}

/** Props that exercise every optional field at once. */
export const FULL_PROPS: CalicoEbpfDataplaneProps = {
  distribution: 'generic',
  kubernetesProvider: 'Kind',
  ipPools: [
    { cidr: '10.244.0.0/16', encapsulation: 'VXLAN', blockSize: 24, nodeSelector: 'all()' },
    { cidr: 'fd00:10:244::/56', encapsulation: 'None', natOutgoing: true },
  ],
  serviceCidrs: ['10.96.0.0/12', 'fd00:10:96::/108'],
  kubeProxy: 'replace',
  apiServer: { host: 'api.example.internal', port: 443 },
  serviceMesh: 'none',
  connectTimeLoadBalancing: 'Enabled',
  externalServiceMode: 'DSR',
  dsrOptOutCIDRs: ['192.0.2.0/24'],
  registry: 'registry.example.com',
  imagePath: 'mirror/calico',
  imagePullSecrets: ['regcred'],
  calicoApiGroup: 'projectcalico.org/v3',
  components: { apiServer: false, goldmane: true, whisker: false },
  helmValues: { resources: { limits: { memory: '256Mi' } }, priorityClassName: 'system-cluster-critical' },
  felix: {
    mapSizeNATFrontend: 131072,
    mapSizeNATBackend: 524288,
    mapSizeNATAffinity: 32768,
    mapSizeRoute: 131072,
    mapSizeConntrack: 1048576,
    mapSizePerCpuConntrack: 65536,
    mapSizeConntrackScaling: 'Disabled',
    mapSizeConntrackCleanupQueue: 50000,
    mapSizeIPSets: 262144,
    mapSizeIfState: 2000,
    logLevel: 'Debug',
    logFilters: { all: 'tcp port 80' },
    logSeverityScreen: 'Warning',
    dataIfacePattern: '^(eth|ens|enp)[0-9].*',
    l3IfacePattern: '^wg[0-9]+$',
    disableGROForIfaces: '^eth1$',
    kubeProxyMinSyncPeriod: '1500ms',
    excludeCIDRsFromNAT: ['169.254.20.10/32'],
    enforceRPF: 'Strict',
    prometheusMetricsEnabled: true,
    prometheusMetricsPort: 9095,
    additionalSpec: { bpfAttachType: 'TCX', bpfProfiling: 'Disabled' },
  },
  observability: { felixMetricsPort: 9095, typhaMetricsPort: false, alerts: true, dashboardNamespace: 'grafana' },
  gitops: { flavor: 'argocd', argocd: { namespace: 'gitops', project: 'platform', repoURL: 'https://git.example.com/platform.git', path: 'clusters/kind', operatorSource: 'helm-source' } },
};

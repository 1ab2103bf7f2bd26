/** Prop combinations covering every axis the rendering branches on. */
import { DISTRIBUTION_PRESETS, type CalicoEbpfDataplaneProps, type KubeProxyMode, type PresetName } from '../../lib/core/internal';

const kubeProxies = ['coexist', 'replace'] as const;

/** The fewest props each preset accepts: kubeadm needs its pod CIDR, EKS/AKS/OpenShift an API endpoint. */
export const PRESET_BASE: Readonly<Record<PresetName | 'k3d', CalicoEbpfDataplaneProps>> = {
  k3s: { distribution: 'k3s' },
  k3d: { distribution: 'k3d' },
  kind: { distribution: 'kind' },
  kubeadm: { distribution: 'kubeadm', podCidrs: ['10.10.0.0/16'] },
  rke2: { distribution: 'rke2' },
  eks: { distribution: 'eks', apiServer: { host: 'ABCD1234.gr7.eu-west-1.eks.amazonaws.com' } },
  aks: { distribution: 'aks', apiServer: { host: 'dev-abc123.hcp.westeurope.azmk8s.io' } },
  openshift: { distribution: 'openshift', apiServer: { host: 'api-int.ocp.example.com' } },
  talos: { distribution: 'talos' },
};

/** A preset with one of its kube-proxy modes: the endpoint follows the mode's rules. */
export function presetWithMode(name: PresetName | 'k3d', kubeProxy: KubeProxyMode): CalicoEbpfDataplaneProps {
  const base = PRESET_BASE[name];
  if (kubeProxy === 'operator-managed') {
    const { apiServer: _dropped, ...rest } = base;
    return { ...rest, kubeProxy };
  }
  return { ...base, kubeProxy, ...(kubeProxy === 'replace' && !base.apiServer ? { apiServer: { host: '172.18.0.2' } } : {}) };
}
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
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64', 'arm64'] }] }],
            },
          },
        },
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
export const ARGO_REPO = (distribution: string) => ({
  repoURL: 'https://git.example.com/platform.git',
  ...(['k3s', 'k3d', 'rke2'].includes(distribution) ? {} : { operatorSource: 'helm-source' as const }),
});

export interface MatrixCase {
  readonly name: string;
  readonly props: CalicoEbpfDataplaneProps;
}

export function propsMatrix(): MatrixCase[] {
  const cases: MatrixCase[] = [];
  // k3s (the default platform): every axis in full.
  for (const kubeProxy of kubeProxies)
    for (const mesh of meshes)
      for (const flavor of flavors)
        for (const externalServiceMode of serviceModes) cases.push(matrixCase('k3s', kubeProxy, mesh, flavor, externalServiceMode));
  // Every preset × each kube-proxy mode it allows × every mesh; flavors and service modes rotate.
  let turn = 0;
  for (const name of [...(Object.keys(DISTRIBUTION_PRESETS) as PresetName[]).filter((n) => n !== 'k3s'), 'k3d' as const])
    for (const kubeProxy of DISTRIBUTION_PRESETS[name === 'k3d' ? 'k3s' : name].kubeProxyModes)
      for (const mesh of meshes) {
        const helmController = name === 'k3d' || name === 'rke2';
        const usable = helmController ? flavors : flavors.filter((f) => f !== 'k3s');
        cases.push(matrixCase(name, kubeProxy, mesh, usable[turn % usable.length]!, serviceModes[turn % 2]!));
        turn++;
      }
  // The lifecycle axes, across flavors: CRDs as a Helm release, a real teardown, a k3d config.
  for (const flavor of flavors) {
    const gitops = flavor === 'argocd' ? { flavor, argocd: ARGO_REPO('k3s') } : { flavor };
    cases.push({ name: `k3s/${flavor}/crdDelivery helm-release`, props: { gitops, crdDelivery: 'helm-release', calicoVersion: 'v3.32.4' } });
    cases.push({ name: `k3s/${flavor}/teardown delete`, props: { gitops, teardown: 'delete', apiServer: { host: '172.18.0.2' } } });
    cases.push({
      name: `k3s/${flavor}/k3d replace`,
      props: { gitops, k3d: { name: 'dev', agents: 1 }, kubeProxy: 'replace', apiServer: { host: '172.18.0.2' } },
    });
  }
  cases.push({
    name: 'kubeadm/argocd/helm-source with CRD release',
    props: { ...PRESET_BASE.kubeadm, crdDelivery: 'helm-release', gitops: { flavor: 'argocd', argocd: ARGO_REPO('kubeadm') } },
  });
  return cases;
}

function matrixCase(
  name: PresetName | 'k3d',
  kubeProxy: KubeProxyMode,
  mesh: (typeof meshes)[number],
  flavor: (typeof flavors)[number],
  externalServiceMode: (typeof serviceModes)[number],
): MatrixCase {
  const props: CalicoEbpfDataplaneProps = {
    ...presetWithMode(name, kubeProxy),
    serviceMesh: mesh.spec,
    externalServiceMode,
    gitops: flavor === 'argocd' ? { flavor, argocd: ARGO_REPO(name) } : { flavor },
    // Half the matrix also renders the monitoring layer.
    ...(externalServiceMode === 'DSR'
      ? { dsrOptOutCIDRs: ['10.0.0.0/8'], observability: { felixMetricsPort: 9191, selectorLabels: { release: 'prom' } } }
      : {}),
    ...(mesh.spec === 'none' ? { connectTimeLoadBalancing: 'TCP' as const } : {}),
  };
  return { name: `${name}/${kubeProxy}/${mesh.name}/${flavor}/${externalServiceMode}`, props };
}

/** Props that exercise every optional field at once. */
export const FULL_PROPS: CalicoEbpfDataplaneProps = {
  distribution: 'kind',
  kubernetesProvider: 'Kind',
  podCidrs: ['10.244.0.0/16', 'fd00:10:244::/56'],
  ipPools: [
    { cidr: '10.244.0.0/17', encapsulation: 'VXLAN', blockSize: 24, nodeSelector: 'all()' },
    { cidr: 'fd00:10:244::/64', encapsulation: 'None', natOutgoing: true },
  ],
  serviceCidrs: ['10.96.0.0/16', 'fd00:10:96::/112'],
  kubeProxy: 'replace',
  apiServer: { host: 'api.example.internal', port: 443 },
  bgp: 'Enabled',
  mtu: 1450,
  nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' },
  nodeAddressAutodetectionV6: { interface: '^eth[0-9]+$' },
  calicoNodeResources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
  kubeletVolumePluginPath: 'None',
  flexVolumePath: '/var/lib/kubelet/volumeplugins',
  installationOverrides: { calicoNodeDaemonSet: { spec: { template: { spec: { tolerations: [{ operator: 'Exists' }] } } } } },
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
    attachType: 'Netkit',
    conntrackMode: 'BPFProgram',
    maglevMaxServices: 200,
    maglevMaxEndpointsPerService: 300,
    redirectToPeer: 'Disabled',
    jitHardening: 'Strict',
    hostConntrackBypass: true,
    policyDebugEnabled: false,
    xdpEnabled: false,
    ipFragmentReassemblyEnabled: false,
    ipFragTimeout: '20s',
    overlayHostSourceIP: 'HostAddress',
    additionalSpec: { bpfProfiling: 'Disabled', bpfConntrackLogLevel: 'Off' },
  },
  linuxPodInterfaceType: 'Netkit',
  imagePullPolicy: 'Always',
  cniSpecVersion: '0.3.1',
  typhaPodDisruptionBudget: { maxUnavailable: '25%', unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  wireguard: { ipv4: true, ipv6: true, hostEncryption: false },
  observability: { felixMetricsPort: 9095, typhaMetricsPort: false, alerts: true, dashboardNamespace: 'grafana' },
  gitops: {
    flavor: 'argocd',
    argocd: {
      namespace: 'gitops',
      project: 'platform',
      repoURL: 'https://git.example.com/platform.git',
      path: 'clusters/kind',
      operatorSource: 'helm-source',
    },
  },
};

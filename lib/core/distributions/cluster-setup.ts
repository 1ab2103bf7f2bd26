/**
 * What the user must do on the cluster itself before the synthesized output can work: the
 * distribution's flags and settings that turn off its own CNI, set the pod/service ranges and,
 * for `replace`, remove kube-proxy. Printed by `calico-ebpf synth --out`, written into the k3d
 * config, and tabulated in the README (generated from the presets, a test keeps it current).
 */
import { CniType, Distribution, KubeProxyMode } from '../dataplane/values';
import { REFUSED_DISTRIBUTIONS, allPresets, type DistributionPreset, type PresetName } from './presets';

/** The facts the set-up steps depend on. */
export interface ClusterSetupFacts {
  readonly distribution: PresetName;
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  readonly kubeProxy: KubeProxyMode;
  readonly cniType: CniType;
}

/** k3s server flags (k3d passes the same with `@server:*`): no flannel, no k3s network policy, Calico's ranges. */
export function k3sServerFlags(f: Pick<ClusterSetupFacts, 'podCidrs' | 'serviceCidrs' | 'kubeProxy'>): string[] {
  return [
    '--flannel-backend=none',
    '--disable-network-policy',
    ...(f.podCidrs.length > 0 ? [`--cluster-cidr=${f.podCidrs.join(',')}`] : []),
    ...(f.serviceCidrs.length > 0 ? [`--service-cidr=${f.serviceCidrs.join(',')}`] : []),
    ...(f.kubeProxy === KubeProxyMode.REPLACE ? ['--disable-kube-proxy'] : []),
  ];
}

const or = (list: readonly string[], fallback: string): string => (list.length > 0 ? list.join(',') : fallback);

/** The steps, one sentence each, in the order they are done. */
export function clusterSetup(f: ClusterSetupFacts): string[] {
  const pods = or(f.podCidrs, '<pod CIDR>');
  const services = or(f.serviceCidrs, '<service CIDR>');
  const replace = f.kubeProxy === KubeProxyMode.REPLACE;
  const managed = f.kubeProxy === KubeProxyMode.OPERATOR_MANAGED;
  const iptablesMode = managed
    ? [
        'kube-proxy must run in iptables mode (switch an IPVS kube-proxy to iptables first); the operator then takes it off the eBPF nodes with a nodeSelector',
      ]
    : [];
  switch (f.distribution) {
    case Distribution.K3S:
      return [
        `start every k3s server with ${k3sServerFlags(f).join(' ')} (agents inherit them; on k3d: --k3s-arg "<flag>@server:*" each, or the k3d config this library writes)`,
        'k3s has no kube-system/kube-proxy DaemonSet: kube-proxy runs inside k3s until --disable-kube-proxy',
      ];
    case Distribution.KIND:
      return [
        `create the cluster with networking: { disableDefaultCNI: true, podSubnet: "${f.podCidrs[0] ?? '<pod CIDR>'}", serviceSubnet: "${f.serviceCidrs[0] ?? '<service CIDR>'}"${replace ? ', kubeProxyMode: none' : ''} } in the kind config`,
        ...iptablesMode,
      ];
    case Distribution.KUBEADM:
      return [
        `kubeadm init --pod-network-cidr=${pods} --service-cidr=${services}${replace ? ' --skip-phases=addon/kube-proxy' : ''} (the operator reads podSubnet from kube-system/kubeadm-config and refuses pools outside it)`,
        ...iptablesMode,
      ];
    case Distribution.RKE2:
      return [
        `in /etc/rancher/rke2/config.yaml on every server, before the first start (RKE2 cannot change its CNI later): cni: none, cluster-cidr: ${pods}, service-cidr: ${services}${replace ? ', disable-kube-proxy: true' : ''}`,
        'nodes need iptables or xtables-nft installed for Calico',
      ];
    case Distribution.EKS:
      return [
        ...(f.cniType === CniType.CALICO
          ? [
              'delete the AWS VPC CNI before the Installation is applied: kubectl delete daemonset -n kube-system aws-node (the Installation names cni.type Calico, so the operator keeps Calico, but both plugins would set up pod networking on every node)',
            ]
          : ['keep the AWS VPC CNI (aws-node); Calico adds eBPF policy and services on top']),
        ...(replace ? ['remove the kube-proxy add-on (or keep it off the nodes with a nodeSelector) before the install'] : []),
        ...iptablesMode,
        'Bottlerocket nodes: set flexVolumePath "/var/lib/kubelet/plugins"',
      ];
    case Distribution.AKS:
      return [
        f.cniType === CniType.CALICO
          ? `az aks create --network-plugin none --pod-cidr ${pods} (bring your own CNI)`
          : 'az aks create --network-plugin azure --network-policy none (Azure CNI, Calico for eBPF policy and services)',
        'kube-proxy stays: AKS manages it as an add-on and reverts changes',
      ];
    case Distribution.OPENSHIFT:
      return [
        `in install-config.yaml: networking.networkType: Calico, clusterNetwork cidr ${pods}, serviceNetwork ${services}; add the synthesized objects to the manifests of openshift-install create manifests`,
        ...(replace
          ? ['networks.operator.openshift.io/cluster spec.deployKubeProxy: false (the cluster network operator then runs no kube-proxy)']
          : []),
      ];
    case Distribution.TALOS:
      return [
        `machine config: cluster.network.cni.name: none (Talos < 1.14) or delete the KubeFlannelCNIConfig document (Talos >= 1.14); cluster.network.podSubnets: [${pods}], serviceSubnets: [${services}]${replace ? '; cluster.proxy.disabled: true' : ''}`,
        ...iptablesMode,
      ];
  }
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** The README's distribution table: one row per preset with its defaults. */
export function distributionsMarkdown(): string {
  const rows = allPresets().map((p: DistributionPreset) => {
    const facts: ClusterSetupFacts = {
      distribution: p.name,
      podCidrs: p.podCidrs ?? [],
      serviceCidrs: p.serviceCidrs,
      kubeProxy: p.kubeProxyModes[0]!,
      cniType: p.cniTypes[0]!,
    };
    const name = p.name === Distribution.K3S ? '`k3s` (alias `k3d`)' : `\`${p.name}\``;
    const cidrs = `${p.podCidrs?.join(', ') ?? '**required** (`podCidrs`)'} / ${p.serviceCidrs.join(', ') || 'per cluster'}${p.poolsInsidePodCidr ? ' (pools must lie inside the pod CIDR)' : ''}`;
    const provider = p.providers[0] === '' ? `none${p.detectedProvider ? ` (detected: ${p.detectedProvider})` : ''}` : `\`${p.providers[0]}\``;
    const modes = p.kubeProxyModes.map((m, i) => (i === 0 ? `**${m}**` : m)).join(', ');
    const endpoint = `${p.endpointRequired ? '`apiServer` required: ' : ''}${p.endpointHint}`;
    return `| ${name} | ${cell(p.ebpfSupport)} | ${cell(cidrs)} | ${provider} | ${modes} | ${cell(endpoint)} | ${cell(clusterSetup(facts).join('; '))} |`;
  });
  return [
    '| distribution | eBPF support | pod / service CIDR | kubernetesProvider | kubeProxy (default first) | API-server endpoint | on the cluster (defaults) |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    ...Object.entries(REFUSED_DISTRIBUTIONS).map(([name, why]) => `| \`${name}\` | refused | ${cell(why)} | | | | |`),
  ].join('\n');
}

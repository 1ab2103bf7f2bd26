/** Distribution presets: what each renders for its platform, and what each refuses, with the reason. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DISTRIBUTION_PRESETS,
  distributionsMarkdown,
  formatSteps,
  lifecycleSteps,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
  type KubeObject,
  type PresetName,
} from '../../lib/core/internal';
import { PRESET_BASE } from '../support/matrix';
import { validationErrorOf } from '../support/errors';

type Spec = Record<string, unknown> & { calicoNetwork: Record<string, unknown> };
function render(props: CalicoEbpfDataplaneProps) {
  const config = resolveCalicoEbpfDataplane(props);
  const r = renderCalicoEbpfDataplane(config);
  return {
    config,
    r,
    spec: r.installation.spec as Spec,
    values: r.helmReleases.find((h) => h.role === 'operator')!.values as Record<string, unknown>,
  };
}
const messages = (props: CalicoEbpfDataplaneProps): string[] =>
  validationErrorOf(() => resolveCalicoEbpfDataplane(props)).problems.map((p) => `[${p.code}] ${p.message}`);

describe('each preset renders what its platform needs', () => {
  // [preset, provider, pools, kube-proxy management, bootstrap, ConfigMap port, node DNS]
  const expected: Array<[PresetName | 'k3d', string | undefined, string[], 'Enabled' | 'Disabled', boolean, string | undefined, boolean]> = [
    ['k3s', undefined, ['10.42.0.0/16'], 'Disabled', true, undefined, false],
    ['k3d', undefined, ['10.42.0.0/16'], 'Disabled', true, undefined, false],
    ['kind', undefined, ['10.244.0.0/16'], 'Enabled', true, undefined, false],
    ['kubeadm', undefined, ['10.10.0.0/16'], 'Enabled', true, undefined, false],
    ['rke2', 'RKE2', ['10.42.0.0/16'], 'Disabled', true, undefined, false],
    ['eks', 'EKS', ['172.16.0.0/16'], 'Disabled', false, '443', true],
    ['aks', 'AKS', ['10.244.0.0/16'], 'Disabled', false, '443', true],
    ['openshift', 'OpenShift', ['10.128.0.0/14'], 'Disabled', false, '6443', true],
    ['talos', undefined, ['10.244.0.0/16'], 'Enabled', true, undefined, false],
  ];
  it.each(expected)('%s: provider %s, pools %j, kubeProxyManagement %s', (name, provider, pools, kpm, bootstrap, port, nodeDns) => {
    const { r, spec, values } = render(PRESET_BASE[name]);
    expect(spec.kubernetesProvider).toBe(provider);
    expect((spec.calicoNetwork.ipPools as Array<{ cidr: string; encapsulation: string }>).map((p) => p.cidr)).toEqual(pools);
    // VXLAN pools with BGP off on every preset: operator-derived pools would get IPIP, which needs BGP.
    expect((spec.calicoNetwork.ipPools as Array<{ encapsulation: string }>).every((p) => p.encapsulation.startsWith('VXLAN'))).toBe(true);
    expect(spec.calicoNetwork.bgp).toBe('Disabled');
    expect(spec.calicoNetwork.kubeProxyManagement).toBe(kpm);
    expect(spec.calicoNetwork.bpfNetworkBootstrap).toBe(bootstrap ? 'Enabled' : undefined);
    // The ConfigMap and bpfNetworkBootstrap exclude each other (the operator degrades with both).
    expect((r.servicesEndpoint?.data as Record<string, string> | undefined)?.KUBERNETES_SERVICE_PORT).toBe(port);
    expect(bootstrap && r.servicesEndpoint !== undefined).toBe(false);
    expect(values.dnsPolicy).toBe(nodeDns ? 'Default' : undefined);
  });

  it('OpenShift: the chart gets its provider (RBAC, init containers) and a calicoctl image from the air-gap registry; the namespace gets run-level 0', () => {
    const { r, values } = render({ ...PRESET_BASE.openshift, registry: 'registry.example.com', imagePath: 'mirror/calico' });
    expect(values.installation).toEqual({ enabled: false, kubernetesProvider: 'OpenShift' });
    // 3.33 ships calicoctl in the combined calico/calico image; 3.32 as calico/ctl.
    expect(values.calicoctl).toEqual({ image: 'registry.example.com/mirror/calico/calico', tag: 'v3.33.1' });
    expect(
      render({ ...PRESET_BASE.openshift, calicoVersion: 'v3.32.4', registry: 'registry.example.com', imagePath: 'mirror/calico' }).values.calicoctl,
    ).toEqual({ image: 'registry.example.com/mirror/calico/ctl', tag: 'v3.32.4' });
    expect(r.namespace.metadata.labels).toMatchObject({ 'openshift.io/run-level': '0', 'pod-security.kubernetes.io/enforce': 'privileged' });
    expect(r.namespace.metadata.annotations).toEqual({ 'openshift.io/node-selector': '' });
    // No other preset gives the chart a provider.
    for (const name of ['k3s', 'kind', 'kubeadm', 'rke2', 'eks', 'aks', 'talos'] as const) {
      const other = render(PRESET_BASE[name]).values;
      expect([name, (other.installation as Record<string, unknown>).kubernetesProvider, other.calicoctl]).toEqual([name, undefined, undefined]);
    }
  });

  it('Talos: FelixConfiguration cgroupV2Path /sys/fs/cgroup and CSI off; the same value in additionalSpec is accepted', () => {
    const { r, spec } = render({ distribution: 'talos', felix: { additionalSpec: { cgroupV2Path: '/sys/fs/cgroup' } } });
    expect(r.felixConfiguration.spec).toMatchObject({ cgroupV2Path: '/sys/fs/cgroup' });
    expect(spec.kubeletVolumePluginPath).toBe('None');
    expect(render({ distribution: 'kind' }).r.felixConfiguration.spec).not.toHaveProperty('cgroupV2Path');
  });

  it('EKS and AKS keep their cloud CNI when asked: no pools, no BGP, the cloud IPAM', () => {
    const eks = render({ ...PRESET_BASE.eks, cni: 'AmazonVPC' }).spec;
    expect(eks.cni).toEqual({ type: 'AmazonVPC', ipam: { type: 'AmazonVPC' } });
    expect(eks.calicoNetwork).not.toHaveProperty('ipPools');
    expect(eks.calicoNetwork.bgp).toBe('Disabled');
    expect(render({ ...PRESET_BASE.aks, cni: 'AzureVNET' }).spec.cni).toEqual({ type: 'AzureVNET', ipam: { type: 'AzureVNET' } });
  });

  it('replace writes the ConfigMap and the flags that remove kube-proxy; operator-managed writes neither', () => {
    const replace = render({ distribution: 'kubeadm', podCidrs: ['10.10.0.0/16'], kubeProxy: 'replace', apiServer: { host: '10.0.0.10' } });
    expect(replace.r.servicesEndpoint?.data).toEqual({ KUBERNETES_SERVICE_HOST: '10.0.0.10', KUBERNETES_SERVICE_PORT: '6443' });
    expect(replace.spec.calicoNetwork).not.toHaveProperty('bpfNetworkBootstrap');
    expect(replace.config.warnings.map((w) => w.message).join('\n')).toMatch(
      /kubeProxy "replace": kube-proxy must be gone before Calico is installed — kubeadm init --skip-phases=addon\/kube-proxy/,
    );
    const managed = render({ distribution: 'talos' });
    expect(managed.r.servicesEndpoint).toBeUndefined();
    expect(managed.r.felixConfiguration.spec).toMatchObject({ bpfKubeProxyIptablesCleanupEnabled: true });
    expect(managed.r.felixConfiguration.spec).not.toHaveProperty('bpfKubeProxyHealthzPort');
  });

  it('k3s and RKE2 get the bootstrap layers for their own auto-deploy folder; others none', () => {
    const layers = (props: CalicoEbpfDataplaneProps) => {
      const config = resolveCalicoEbpfDataplane(props);
      return renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)).map((l) => l.role);
    };
    expect(layers({ distribution: 'rke2' })).toContain('k3s-operator');
    expect(layers({ distribution: 'k3d' })).toContain('k3s-operator');
    expect(layers(PRESET_BASE.kubeadm)).not.toContain('k3s-operator');
  });

  it('kind and kubeadm accept pools inside the pod CIDR, dual stack included', () => {
    const { spec } = render({
      distribution: 'kind',
      podCidrs: ['10.244.0.0/16', 'fd00:10:244::/56'],
      ipPools: [{ cidr: '10.244.0.0/17' }, { cidr: 'fd00:10:244::/64' }],
      serviceCidrs: ['10.96.0.0/16', 'fd00:10:96::/112'],
    });
    expect((spec.calicoNetwork.ipPools as Array<{ cidr: string }>).map((p) => p.cidr)).toEqual(['10.244.0.0/17', 'fd00:10:244::/64']);
  });

  it('typed Installation settings land where the operator reads them', () => {
    const { spec } = render({
      mtu: 1400,
      nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' },
      calicoNodeResources: { requests: { memory: '512Mi' } },
      flexVolumePath: '/var/lib/kubelet/plugins',
      kubeletVolumePluginPath: '/var/lib/kubelet',
      installationOverrides: { calicoNodeDaemonSet: { spec: { template: { spec: { tolerations: [{ operator: 'Exists' }] } } } } },
    });
    expect(spec.calicoNetwork).toMatchObject({ mtu: 1400, nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' } });
    expect(spec).toMatchObject({ flexVolumePath: '/var/lib/kubelet/plugins', kubeletVolumePluginPath: '/var/lib/kubelet' });
    // The override and the typed resources meet in one calicoNodeDaemonSet.
    expect(spec.calicoNodeDaemonSet).toEqual({
      spec: {
        template: {
          spec: { tolerations: [{ operator: 'Exists' }], containers: [{ name: 'calico-node', resources: { requests: { memory: '512Mi' } } }] },
        },
      },
    });
  });

  it('with felix.scale, suggests a calico-node memory request from the BPF maps of a node', () => {
    const config = resolveCalicoEbpfDataplane({ felix: { scale: { profile: 'small' } } });
    const mib = Math.ceil(config.felix.sizing!.wholeNode.recommendedBytes / 2 ** 20);
    expect(config.warnings.map((w) => w.message)).toContain(
      `felix.scale: suggested calicoNodeResources.requests.memory "${mib + 256}Mi" (${mib}Mi of BPF maps per node + 256Mi for calico-node), so the scheduler reserves what the node will use`,
    );
  });

  it('same props give byte-identical objects', () => {
    for (const name of Object.keys(PRESET_BASE) as Array<keyof typeof PRESET_BASE>) {
      expect(JSON.stringify(render(PRESET_BASE[name]).r)).toBe(JSON.stringify(render(PRESET_BASE[name]).r));
    }
  });
});

describe('what each preset refuses, with the reason', () => {
  it.each<[string, CalicoEbpfDataplaneProps, string]>([
    [
      'GKE',
      { distribution: 'gke' as never },
      `[UNSUPPORTED_DISTRIBUTION] 'distribution' "gke" is refused: Calico does not support eBPF on GKE (incompatible with the GKE CNI plugin), and nothing in the operator refuses it — the dataplane would fail on the nodes; use GKE Dataplane V2 or a self-managed kubeadm cluster on GCE (distribution "kubeadm")`,
    ],
    [
      'MicroK8s',
      { distribution: 'microk8s' as never },
      `[UNSUPPORTED_DISTRIBUTION] 'distribution' "microk8s" is refused: MicroK8s ships its own manifest-based Calico in kube-system, and operator v1.42.3 cannot take it over (the migration fails on the snap paths; the fix is in a later operator); use the MicroK8s Calico add-on, or k3s`,
    ],
    [
      'the removed generic',
      { distribution: 'generic' as never },
      `[UNSUPPORTED_DISTRIBUTION] 'distribution' "generic" is refused: distribution "generic" was removed: it wrote pool 192.168.0.0/16, which the operator refuses on every kubeadm cluster whose podSubnet differs; pick the preset for your platform — "kubeadm" (with podCidrs = your --pod-network-cidr), "kind", "rke2", "eks", "aks", "openshift", "talos" or "k3s"`,
    ],
    [
      'kubeadm without its pod CIDR',
      { distribution: 'kubeadm' },
      `[REQUIRED] 'podCidrs' is required on distribution "kubeadm": kubeadm has no default pod CIDR, and the operator only accepts pools inside the podSubnet that \`kubeadm init --pod-network-cidr\` wrote (kubectl -n kube-system get configmap kubeadm-config -o yaml | grep podSubnet); set podCidrs: ["<that CIDR>"]`,
    ],
    [
      'a kubeadm pool outside the pod CIDR',
      { distribution: 'kubeadm', podCidrs: ['10.10.0.0/16'], ipPools: [{ cidr: '192.168.0.0/16' }] },
      `[PLATFORM_CONFLICT] 'ipPools[0].cidr' "192.168.0.0/16" is not inside the pod CIDR of distribution "kubeadm" ("10.10.0.0/16", from kubeadm init --pod-network-cidr (kubeadm-config podSubnet)): the operator refuses it ("IPPool default-ipv4-ippool is not within the platform's configured pod network CIDR(s)"); use a pool inside it`,
    ],
    [
      'a kind pool outside podSubnet',
      { distribution: 'kind', ipPools: [{ cidr: '192.168.0.0/16' }] },
      `[PLATFORM_CONFLICT] 'ipPools[0].cidr' "192.168.0.0/16" is not inside the pod CIDR of distribution "kind" ("10.244.0.0/16", from kind's networking.podSubnet (kubeadm podSubnet)): the operator refuses it ("IPPool default-ipv4-ippool is not within the platform's configured pod network CIDR(s)"); use a pool inside it, or set 'podCidrs' to the cluster's actual pod CIDR`,
    ],
    [
      'operator-managed on k3s',
      { kubeProxy: 'operator-managed' },
      `[PLATFORM_CONFLICT] 'kubeProxy' "operator-managed" cannot be used on distribution "k3s": k3s runs kube-proxy inside the k3s process, so there is no kube-system/kube-proxy DaemonSet for the operator to manage (its kubeproxy-monitor would go Degraded); use "coexist" or "replace"`,
    ],
    [
      'operator-managed on RKE2',
      { distribution: 'rke2', kubeProxy: 'operator-managed' },
      `[PLATFORM_CONFLICT] 'kubeProxy' "operator-managed" cannot be used on distribution "rke2": RKE2 runs kube-proxy as a static pod, so there is no kube-system/kube-proxy DaemonSet for the operator to manage (its kubeproxy-monitor would go Degraded); use "coexist" or "replace"`,
    ],
    [
      'operator-managed on OpenShift',
      { distribution: 'openshift', kubeProxy: 'operator-managed' },
      `[PLATFORM_CONFLICT] 'kubeProxy' "operator-managed" cannot be used on distribution "openshift": the cluster network operator runs kube-proxy (deployKubeProxy), not a kube-system/kube-proxy DaemonSet; use "replace" or "coexist"`,
    ],
    [
      'operator-managed on AKS',
      { distribution: 'aks', kubeProxy: 'operator-managed' },
      `[PLATFORM_CONFLICT] 'kubeProxy' "operator-managed" cannot be used on distribution "aks": AKS runs kube-proxy as an add-on-manager DaemonSet: manual changes are reverted and the operator refuses DaemonSets with the addonmanager label; use "coexist"`,
    ],
    [
      'a provider detection contradicts',
      { distribution: 'kind', kubernetesProvider: 'EKS' },
      `[PLATFORM_CONFLICT] 'kubernetesProvider' "EKS" cannot be used on distribution "kind": the operator detects "Kind" there and stops reconciling on a mismatch ("installation spec.kubernetesProvider 'EKS' does not match auto-detected value 'Kind'"); remove it or set "Kind"`,
    ],
    [
      'a provider AKS must not replace',
      { ...PRESET_BASE.aks, kubernetesProvider: 'EKS' },
      `[PLATFORM_CONFLICT] 'kubernetesProvider' "EKS" cannot be used on distribution "aks": the operator never detects AKS, so it must be set (Azure CNI defaults, virtual-node exclusions, flexvolume path); remove it (the preset sets "AKS")`,
    ],
    [
      'GKE as a provider',
      { distribution: 'talos', kubernetesProvider: 'GKE' },
      `[PLATFORM_CONFLICT] 'kubernetesProvider' "GKE" cannot be used on distribution "talos": Calico does not support eBPF on GKE (incompatible with the GKE CNI plugin), and nothing in the operator refuses it — the dataplane would fail on the nodes; remove it`,
    ],
    [
      'replace without an endpoint (RKE2)',
      { distribution: 'rke2', kubeProxy: 'replace' },
      `[REPLACE_WITHOUT_API_SERVER] 'kubeProxy' "replace" needs 'apiServer' { host, port }: without kube-proxy, the operator and Calico must reach the API server directly; set apiServer.host to a server node IP or the load-balancer VIP, port 6443, or use kubeProxy "coexist"`,
    ],
    [
      'EKS without an endpoint',
      { distribution: 'eks' },
      `[REQUIRED] 'apiServer' is required on distribution "eks": the operator and calico-node reach the API server through the kubernetes-services-endpoint ConfigMap there (bpfNetworkBootstrap is not the documented path); set apiServer.host to the cluster endpoint host name (kubectl cluster-info, e.g. ABCD.gr7.<region>.eks.amazonaws.com), port 443`,
    ],
    [
      'EKS on port 6443',
      { ...PRESET_BASE.eks, apiServer: { host: 'ABCD.gr7.eu-west-1.eks.amazonaws.com', port: 6443 } },
      `[PLATFORM_CONFLICT] 'apiServer.port' 6443 cannot be used on distribution "eks": its managed API endpoint listens on 443 only; remove it (defaults to 443)`,
    ],
    [
      'an endpoint with operator-managed',
      { distribution: 'talos', kubeProxy: 'operator-managed', apiServer: { host: '10.0.0.5' } },
      `[CONTRADICTORY_SETTINGS] 'apiServer' cannot be used with kubeProxy "operator-managed": the operator then finds the API server itself (bpfNetworkBootstrap) and refuses to while the kubernetes-services-endpoint ConfigMap exists; remove apiServer, or use kubeProxy "replace" (kube-proxy removed before the install) or "coexist"`,
    ],
    [
      'the AWS CNI outside EKS',
      { distribution: 'kind', cni: 'AmazonVPC' },
      `[PLATFORM_CONFLICT] 'cni' "AmazonVPC" cannot be used on distribution "kind": it is only available on distribution "eks" (the AWS VPC CNI); use "Calico"`,
    ],
    [
      'pools with the AWS CNI',
      { ...PRESET_BASE.eks, cni: 'AmazonVPC', ipPools: [{ cidr: '172.16.0.0/16' }] },
      `[CONTRADICTORY_SETTINGS] 'ipPools' cannot be used with cni "AmazonVPC": pods take their addresses from the cloud's CNI and Calico IPAM is not used; remove 'ipPools' or set cni "Calico"`,
    ],
    [
      'IPIP without BGP on 3.32',
      { calicoVersion: 'v3.32.4', ipPools: [{ cidr: '10.42.0.0/16', encapsulation: 'IPIP' }] },
      `[CONTRADICTORY_SETTINGS] 'ipPools[0].encapsulation' "IPIP" needs BGP to program routes, but 'bgp' is "Disabled" (the operator refuses the Installation: "IPIP encapsulation requires that BGP is enabled"); use "VXLAN" or "VXLANCrossSubnet", or set bgp "Enabled", or clusterRoutingMode "Felix"`,
    ],
    [
      'flavor k3s without helm-controller',
      { ...PRESET_BASE.kubeadm, gitops: { flavor: 'k3s' } },
      `[PLATFORM_CONFLICT] 'gitops.flavor' "k3s" cannot be used on distribution "kubeadm": it writes HelmChart objects for the helm-controller built into k3s and RKE2, which "kubeadm" does not run; use "flux" or "argocd"`,
    ],
    [
      'another cgroupV2Path on Talos',
      { distribution: 'talos', felix: { additionalSpec: { cgroupV2Path: '/run/calico/cgroup' } } },
      `[PLATFORM_CONFLICT] 'felix.additionalSpec.cgroupV2Path' "/run/calico/cgroup" cannot be used on distribution "talos": it needs "/sys/fs/cgroup" (the default path is not writable there); remove it`,
    ],
    [
      'two node address methods',
      { nodeAddressAutodetectionV4: { firstFound: true, canReach: '8.8.8.8' } },
      `[CONTRADICTORY_SETTINGS] 'nodeAddressAutodetectionV4' must use exactly one detection method, got firstFound and canReach (the operator allows no more than one per family, and eBPF needs one); e.g. { kubernetes: "NodeInternalIP" } to use the address the kubelet registered (k3s --node-ip)`,
    ],
    [
      'a lookbehind interface pattern',
      { nodeAddressAutodetectionV4: { interface: '(?<!lo)eth0' } },
      `[UNSUPPORTED_REGEX] 'nodeAddressAutodetectionV4.interface' "(?<!lo)eth0" uses a lookbehind "(?<=" / "(?<!", which Go's RE2 engine in Felix does not support (calico-node compiles it with Go's regexp package)`,
    ],
    [
      'a memory limit below the BPF maps',
      { felix: { scale: { profile: 'small' } }, calicoNodeResources: { limits: { memory: '64Mi' } } },
      `[CONTRADICTORY_SETTINGS] 'calicoNodeResources.limits.memory' "64Mi" is below the 144Mi of BPF maps this felix.scale needs per node, which the kernel charges to calico-node's memory cgroup (5.11+); set it to at least 400Mi or remove it`,
    ],
    [
      'a request above the limit',
      { calicoNodeResources: { requests: { cpu: '2' }, limits: { cpu: '500m' } } },
      `[CONTRADICTORY_SETTINGS] 'calicoNodeResources.requests.cpu' "2" is more than the limit "500m"; Kubernetes refuses such a pod`,
    ],
    [
      'an owned field in installationOverrides',
      { installationOverrides: { cni: { type: 'GKE' } } },
      `[ESCAPE_HATCH_CONFLICT] 'installationOverrides.cni' must not be set: the library decides it from 'cni' (and the distribution preset)`,
    ],
    [
      'an unknown Installation field',
      { installationOverrides: { typhaAfinity: {} } },
      `[SCHEMA_VIOLATION] 'installationOverrides.typhaAfinity' is not a field of 'installationOverrides' in the CRD (the API server would drop it silently)`,
    ],
    [
      'a wrong type in installationOverrides',
      { installationOverrides: { controlPlaneReplicas: 'two' } },
      `[SCHEMA_VIOLATION] 'installationOverrides.controlPlaneReplicas' must be of type integer, got "two"`,
    ],
    [
      'node resources through the override',
      {
        installationOverrides: {
          calicoNodeDaemonSet: { spec: { template: { spec: { containers: [{ name: 'calico-node', resources: { limits: { memory: '1Gi' } } }] } } } },
        },
      },
      `[ESCAPE_HATCH_CONFLICT] 'installationOverrides.calicoNodeDaemonSet' must not set container resources: use 'calicoNodeResources' (checked against the BPF map memory of felix.scale)`,
    ],
  ])('%s', (_name, props, message) => {
    expect(messages(props)).toContain(message);
  });

  it('an unknown distribution gets the closest preset', () => {
    expect(messages({ distribution: 'kubadm' as never })[0]).toMatch(
      /'distribution' must be one of "k3s", "k3d", "kind", "kubeadm", "rke2", "eks", "aks", "openshift", "talos", got "kubadm"; did you mean "kubeadm"\?/,
    );
  });
});

describe('cluster set-up and docs', () => {
  it('the k3d config and the printed steps use the same k3s flags, from the pod CIDRs', () => {
    const config = resolveCalicoEbpfDataplane({
      podCidrs: ['10.52.0.0/16'],
      serviceCidrs: ['10.53.0.0/16'],
      kubeProxy: 'replace',
      apiServer: { host: '172.18.0.2' },
      k3d: {},
    });
    expect(config.k3d!.serverArgs).toEqual([
      '--flannel-backend=none',
      '--disable-network-policy',
      '--cluster-cidr=10.52.0.0/16',
      '--service-cidr=10.53.0.0/16',
      '--disable-kube-proxy',
    ]);
    const objects: KubeObject[] = [renderCalicoEbpfDataplane(config).installation];
    expect((objects[0]!.spec as Spec).calicoNetwork.ipPools).toMatchObject([{ cidr: '10.52.0.0/16' }]);
  });

  it("docs/distributions.md's table is the core's", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'docs', 'distributions.md'), 'utf8');
    const start = readme.indexOf('<!-- distributions:start -->');
    const end = readme.indexOf('<!-- distributions:end -->');
    expect(readme.slice(start + '<!-- distributions:start -->'.length, end).trim()).toBe(distributionsMarkdown());
    for (const name of Object.keys(DISTRIBUTION_PRESETS)) expect(distributionsMarkdown()).toContain(`\`${name}\``);
  });
});

describe('printed steps follow the platform', () => {
  const stepsOf = (props: CalicoEbpfDataplaneProps): string => {
    const config = resolveCalicoEbpfDataplane(props);
    const layers = renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
    return formatSteps(lifecycleSteps(config, layers, 'dist'));
  };

  it('without helm-controller: no k3s folder, the namespace and ConfigMap applied before the hand-made helm install', () => {
    const text = stepsOf({ ...PRESET_BASE.openshift, kubeProxy: 'replace' });
    expect(text).not.toMatch(/rancher/);
    expect(text).toContain(
      'kubectl apply -f dist/calico-operator/Namespace.tigera-operator.k8s.yaml -f dist/calico-operator/ConfigMap.kubernetes-services-endpoint.k8s.yaml',
    );
    // With Flux the HelmRelease is the one source of the values (flavor none writes them as a file).
    expect(text).toMatch(
      /helm upgrade --install tigera-operator tigera-operator .* --namespace tigera-operator -f values\.yaml \(values\.yaml = spec\.values of the HelmRelease tigera-operator/,
    );
    expect(text).not.toContain('--create-namespace');
    expect(text.indexOf('Prepare the cluster (OpenShift)')).toBeLessThan(text.indexOf('Bring the cluster up'));
  });

  it('from a config file, bring-up and verification are the live commands; a k3d cluster is not checked before it exists', () => {
    const withFile = (props: CalicoEbpfDataplaneProps): string => {
      const config = resolveCalicoEbpfDataplane(props);
      return formatSteps(lifecycleSteps(config, renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)), 'dist', 'cluster.yaml'));
    };
    const kubeadm = withFile({ distribution: 'kubeadm', podCidrs: ['10.244.0.0/16'], gitops: { flavor: 'flux' } });
    const order = [
      'calico-ebpf preflight --config cluster.yaml',
      'calico-ebpf apply --config cluster.yaml',
      'helm upgrade --install tigera-operator',
      'calico-ebpf apply --config cluster.yaml   # again',
      'calico-ebpf status --config cluster.yaml --wait',
      'calico-ebpf diff --config cluster.yaml',
    ];
    const at = order.map((step) => kubeadm.indexOf(step));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(kubeadm).not.toContain('kubectl apply');
    expect(kubeadm).not.toContain('and the ConfigMap the operator reads'); // kubeadm without apiServer writes none

    const k3d = withFile({ k3d: {} });
    expect(k3d).not.toContain('calico-ebpf preflight');
    expect(k3d).toContain('calico-ebpf status --config cluster.yaml --wait');
    expect(withFile({ distribution: 'k3s' })).toContain('or, instead of copying files, through the API: calico-ebpf apply --config cluster.yaml');
  });

  it("RKE2: the bootstrap files go to RKE2's own auto-deploy folder", () => {
    const text = stepsOf({ distribution: 'rke2' });
    expect(text).toContain('into /var/lib/rancher/rke2/server/manifests/ on every server');
    expect(text).toContain('Bring the cluster up (RKE2 bootstrap: needs no CNI)');
    expect(text).not.toContain('/var/lib/rancher/k3s/');
    // RKE2 embeds k3s's deploy controller: the same one file per layer, each its own Addon.
    expect(text).toContain(
      'copy the files of dist/calico-k3s-manifests/ (calico-k3s-0-namespace.yaml, calico-k3s-1-operator.yaml, calico-resources.yaml) into /var/lib/rancher/rke2/server/manifests/',
    );
    expect(text).toContain('touch /var/lib/rancher/rke2/server/manifests/calico-k3s-1-operator.yaml.skip');
  });
});

describe('the operator DNS for a DNS-name endpoint', () => {
  it("defaults to the node resolver, and the user's own dnsPolicy or dnsConfig replaces that default", () => {
    expect(render(PRESET_BASE.eks).values.dnsPolicy).toBe('Default');
    const own = render({ ...PRESET_BASE.eks, helmValues: { dnsConfig: { nameservers: ['169.254.169.253'] } } }).values;
    expect(own.dnsPolicy).toBeUndefined();
    expect(own.dnsConfig).toEqual({ nameservers: ['169.254.169.253'] });
    expect(render({ ...PRESET_BASE.eks, helmValues: { dnsPolicy: 'ClusterFirstWithHostNet' } }).values.dnsPolicy).toBe('ClusterFirstWithHostNet');
  });
});

describe('the pod CIDR is one range per IP family', () => {
  it('two IPv4 pools on k3s need podCidrs, which then holds them', () => {
    expect(messages({ ipPools: [{ cidr: '10.42.0.0/17' }, { cidr: '10.42.128.0/17' }] })).toContain(
      `[REQUIRED] 'podCidrs' is needed when 'ipPools' holds more than one pool of a family: the cluster's pod CIDR is one range per IP family (k3s --cluster-cidr); set podCidrs to one range per family that contains every pool`,
    );
    const config = resolveCalicoEbpfDataplane({
      podCidrs: ['10.42.0.0/16'],
      ipPools: [{ cidr: '10.42.0.0/17' }, { cidr: '10.42.128.0/17' }],
      k3d: {},
    });
    expect(config.k3d!.serverArgs).toContain('--cluster-cidr=10.42.0.0/16');
    expect(messages({ podCidrs: ['10.42.0.0/16', '10.52.0.0/16'] })[0]).toMatch(/^\[INVALID_VALUE\] 'podCidrs' may hold one CIDR per IP family/);
  });
});

describe('volume paths', () => {
  it('take an absolute path or "None", nothing else', () => {
    expect(messages({ flexVolumePath: 'var/lib/kubelet' })).toContain(
      `[INVALID_VALUE] 'flexVolumePath' must be an absolute path or "None", got "var/lib/kubelet"`,
    );
    expect(render({ distribution: 'talos', kubeletVolumePluginPath: '/var/lib/kubelet' }).spec.kubeletVolumePluginPath).toBe('/var/lib/kubelet');
  });
});

describe('IPIP pools without BGP on 3.33', () => {
  it('are accepted (Felix programs IPIP routes unless clusterRoutingMode is BIRD), and refused with an explicit BIRD', () => {
    const config = resolveCalicoEbpfDataplane({ ipPools: [{ cidr: '10.42.0.0/16', encapsulation: 'IPIP' }] });
    expect(config.calicoVersion).toBe('v3.33.1');
    expect(config.ipPools[0]!.encapsulation).toBe('IPIP');
    expect(messages({ clusterRoutingMode: 'BIRD', ipPools: [{ cidr: '10.42.0.0/16', encapsulation: 'IPIP' }] })).toContain(
      `[CONTRADICTORY_SETTINGS] 'ipPools[0].encapsulation' "IPIP" needs BGP to program routes, but 'bgp' is "Disabled" (the operator refuses the Installation: "IPIP encapsulation requires that BGP is enabled"); use "VXLAN" or "VXLANCrossSubnet", or set bgp "Enabled", or clusterRoutingMode "Felix"`,
    );
    // Unencapsulated pools still need BGP unless Felix programs every route.
    expect(messages({ ipPools: [{ cidr: '10.42.0.0/16', encapsulation: 'None' }] }).join('\n')).toMatch(/"None" needs BGP to program routes/);
  });

  it('clusterRoutingMode FelixIPIPOnly exists only from 3.33, and says so', () => {
    expect(messages({ calicoVersion: 'v3.32.4', clusterRoutingMode: 'FelixIPIPOnly' })).toEqual([
      `[UNSUPPORTED_VERSION] 'clusterRoutingMode' "FelixIPIPOnly" needs Calico v3.33.0 or later (it writes Installation calicoNetwork.clusterRoutingMode), but calicoVersion is "v3.32.4"; set calicoVersion to v3.33.0 or later, or remove it`,
    ]);
  });
});

/** fast-check arbitraries over every dataplane and tuning prop: valid, near-miss and hostile values. */
import fc from 'fast-check';

/** A value of a random JSON type, sometimes large. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.string({ minLength: 2000, maxLength: 5000 }),
  fc.array(fc.string(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 4 }),
);
/** Valid most of the time, otherwise anything. */
const maybe = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: junk });

const ipv4Cidr = fc
  .tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 28 }))
  .map(([a, b, p]) => `${a}.${b}.0.0/${p}`);
const ipv6Cidr = fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 48, max: 120 })).map(([a, p]) => `fd00:${a.toString(16)}::/${p}`);
const cidr = fc.oneof(ipv4Cidr, ipv6Cidr, fc.constantFrom('10.42.0.0/16', '10.43.0.0/16', 'fd00:10:42::/56', '10.0.0.1/33', 'not-a-cidr'));
const name = fc.oneof(
  fc.constantFrom('default', 'calico', 'tigera-operator', 'n1', 'k3d-dev-agent-0'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  fc.string({ maxLength: 70 }),
);
const labels = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9./-]{0,12}$/), fc.stringMatching(/^[a-zA-Z0-9]{0,10}$/), { maxKeys: 3 });
const overrides = fc.record(
  {
    nodeSelector: maybe(labels),
    tolerations: maybe(
      fc.array(
        fc.record(
          {
            key: fc.string({ maxLength: 10 }),
            operator: fc.constantFrom('Exists', 'Equal', 'Maybe'),
            effect: fc.constantFrom('NoSchedule', 'NoExecute'),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
    ),
    resources: maybe(
      fc.record({ requests: fc.dictionary(fc.constantFrom('cpu', 'memory'), fc.constantFrom('100m', '256Mi', '1')) }, { requiredKeys: [] }),
    ),
  },
  { requiredKeys: [] },
);
const serviceMesh = fc.oneof(
  fc.constantFrom('istio', 'linkerd', 'none', 'consul'),
  fc.record({ kind: fc.constantFrom('none', 'linkerd', 'istio') }),
  fc.record(
    {
      kind: fc.constant('istio'),
      provider: fc.constantFrom('upstream', undefined),
      mode: fc.constantFrom('sidecar', 'ambient', 'mixed', 'proxyless'),
    },
    { requiredKeys: ['kind'] },
  ),
  fc.record(
    {
      kind: fc.constant('istio'),
      provider: fc.constant('calico'),
      mode: fc.constantFrom('ambient', 'sidecar'),
      dscpMark: maybe(fc.integer({ min: -1, max: 70 })),
      istiod: overrides,
      istioCNI: overrides,
      ztunnel: overrides,
    },
    { requiredKeys: ['kind', 'provider', 'mode'] },
  ),
);
export const felix = fc.record(
  {
    scale: maybe(
      fc.oneof(
        fc.constantFrom('k3d-dev', 'small', 'medium', 'huge'),
        fc.record({ profile: fc.constantFrom('small', 'k3d-dev'), nodes: fc.integer({ min: 0, max: 500 }) }, { requiredKeys: ['profile'] }),
      ),
    ),
    mapSizeConntrack: maybe(fc.integer({ min: -10, max: 2_000_000 })),
    mapSizeNATBackend: maybe(fc.integer({ min: 0, max: 2_000_000 })),
    mapSizeNATFrontend: maybe(fc.integer({ min: 0, max: 2_000_000 })),
    mapSizeNATAffinity: maybe(fc.integer({ min: 0, max: 2_000_000 })),
    mapSizeRoute: maybe(fc.integer({ min: 0, max: 2_000_000 })),
    mapSizeConntrackCleanupQueue: maybe(fc.integer({ min: 0, max: 2_000_000 })),
    mapSizeIPSets: maybe(fc.integer({ min: 0, max: 2_000_000 })),
    mapSizeIfState: maybe(fc.integer({ min: 0, max: 200_000 })),
    mapSizeConntrackScaling: maybe(fc.constantFrom('DoubleIfFull', 'Disabled', 'Double')),
    logSeverityScreen: maybe(fc.constantFrom('Info', 'Warning', 'Verbose')),
    l3IfacePattern: maybe(fc.constantFrom('^wg[0-9]+$', '(?=wg)', '(?<n>wg)')),
    disableGROForIfaces: maybe(fc.constantFrom('^eth1$', '\\1(')),
    healthPort: maybe(fc.integer({ min: 0, max: 70_000 })),
    apiGroup: maybe(fc.constantFrom('projectcalico.org/v3', 'crd.projectcalico.org/v1')),
    mapSizePerCpuConntrack: maybe(fc.integer({ min: 0, max: 100_000 })),
    logLevel: maybe(fc.constantFrom('Off', 'Info', 'Debug', 'Verbose')),
    logFilters: maybe(fc.dictionary(fc.constantFrom('all', 'eth0', 'weps'), fc.constantFrom('tcp port 80', ''))),
    dataIfacePattern: maybe(fc.constantFrom('^eth[0-9]+$', '(?<=x)', '^(ens|enp)', '[', '(?i)^wg')),
    kubeProxyMinSyncPeriod: maybe(fc.constantFrom('1s', '1500ms', '1.5s', '0', '0s', 'soon')),
    excludeCIDRsFromNAT: maybe(fc.array(cidr, { maxLength: 3 })),
    enforceRPF: maybe(fc.constantFrom('Strict', 'Loose', 'Disabled', 'strict')),
    prometheusMetricsEnabled: maybe(fc.boolean()),
    prometheusMetricsPort: maybe(fc.integer({ min: 0, max: 70_000 })),
    vxlanPort: maybe(fc.integer({ min: 0, max: 70_000 })),
    vxlanVNI: maybe(fc.integer({ min: 0, max: 20_000_000 })),
    attachType: maybe(fc.constantFrom('TC', 'TCX', 'Netkit', 'tcx')),
    conntrackMode: maybe(fc.constantFrom('Auto', 'Userspace', 'BPFProgram', 'Sometimes')),
    maglevMaxServices: maybe(fc.integer({ min: -1, max: 4000 })),
    xdpEnabled: maybe(fc.oneof(fc.boolean(), fc.constant('yes'))),
    ipFragmentReassemblyEnabled: maybe(fc.boolean()),
    additionalSpec: maybe(
      fc.dictionary(
        fc.constantFrom(
          'bpfAttachType',
          'bpfProfiling',
          'bpfEnabled',
          'istioAmbientMode',
          'bpfConntrackCleanupMode',
          'nodeSelector',
          'programClusterRoutes',
        ),
        fc.constantFrom('TCX', 'Disabled', 'Enabled', true, 1),
      ),
    ),
    nodeName: maybe(name),
  },
  { requiredKeys: [] },
);
const gitops = fc.record(
  {
    flavor: maybe(fc.constantFrom('flux', 'argocd', 'k3s', 'fleet')),
    layerPrefix: maybe(fc.constantFrom('calico', 'prod-calico', 'Calico')),
    flux: maybe(
      fc.record(
        { path: fc.constantFrom('./dist', './clusters/a/', ''), namespace: name, interval: fc.constantFrom('10m', '1h', 'soon') },
        { requiredKeys: [] },
      ),
    ),
    argocd: maybe(
      fc.record(
        {
          repoURL: fc.constantFrom('https://git.example.com/p.git', ''),
          path: fc.constantFrom('dist', './dist/'),
          operatorSource: fc.constantFrom('helmchart', 'helm-source', 'git'),
          namespace: name,
        },
        { requiredKeys: [] },
      ),
    ),
    k3s: maybe(fc.record({ namespace: name }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

/** Props built from valid values only (combinations may still contradict each other). */
export const validProps = fc.record(
  {
    clusterName: fc.constantFrom('dev', 'prod-eu-1'),
    calicoVersion: fc.constantFrom('v3.32.1', 'v3.32.0'),
    distribution: fc.constantFrom('k3s', 'k3d', 'rke2', 'talos', 'kind'),
    ipPools: fc.constantFrom(
      [{ cidr: '10.42.0.0/16' }],
      [{ cidr: '10.42.0.0/16' }, { cidr: 'fd00:10:42::/56', encapsulation: 'VXLAN' as const }],
      [{ cidr: '10.244.0.0/16', blockSize: 24 }],
    ),
    serviceCidrs: fc.constantFrom(['10.43.0.0/16'], ['10.96.0.0/12'], ['10.43.0.0/16', 'fd00:10:43::/112']),
    kubeProxy: fc.constant('coexist' as const),
    serviceMesh: fc.constantFrom(
      'istio',
      'linkerd',
      { kind: 'istio', mode: 'ambient' } as const,
      { kind: 'istio', provider: 'calico', mode: 'ambient', dscpMark: 23, ztunnel: { tolerations: [{ operator: 'Exists' }] } } as const,
    ),
    externalServiceMode: fc.constantFrom('Tunnel', 'DSR'),
    registry: fc.constantFrom('registry.example.com', 'registry.example.com/mirror/'),
    imagePath: fc.constantFrom('mirror/calico'),
    imagePullSecrets: fc.constantFrom(['regcred']),
    calicoApiGroup: fc.constantFrom('crd.projectcalico.org/v1', 'projectcalico.org/v3'),
    components: fc.record({ apiServer: fc.boolean(), goldmane: fc.constant(true), whisker: fc.boolean() }, { requiredKeys: [] }),
    crdDelivery: fc.constantFrom('operator', 'helm-release'),
    teardown: fc.constantFrom('retain', 'delete'),
    clusterRoutingMode: fc.constantFrom('BIRD', 'Felix'),
    observability: fc.record(
      {
        felixMetricsPort: fc.integer({ min: 9000, max: 9099 }),
        typhaMetricsPort: fc.constantFrom(false as const, 9193),
        dashboardNamespace: fc.constantFrom(false as const, 'grafana'),
      },
      { requiredKeys: [] },
    ),
    felix: fc.record(
      {
        scale: fc.constantFrom('k3d-dev', 'small', 'medium'),
        logLevel: fc.constantFrom('Off', 'Info', 'Debug'),
        logFilters: fc.constantFrom({ all: 'tcp port 80' }),
        dataIfacePattern: fc.constantFrom('^eth[0-9]+$', '(?i)^wg'),
        kubeProxyMinSyncPeriod: fc.constantFrom('1s', '1500ms', '0s'),
        excludeCIDRsFromNAT: fc.constantFrom(['169.254.20.10/32']),
        enforceRPF: fc.constantFrom('Strict', 'Loose', 'Disabled'),
        vxlanPort: fc.integer({ min: 1, max: 65535 }),
        healthPort: fc.integer({ min: 1, max: 65535 }),
        attachType: fc.constantFrom('TC', 'TCX', 'Netkit'),
        additionalSpec: fc.constantFrom({ bpfConntrackLogLevel: 'Off' }, { bpfProfiling: 'Disabled' }),
      },
      { requiredKeys: [] },
    ),
    gitops: fc.oneof(
      fc.constant({ flavor: 'flux' as const }),
      fc.constant({ flavor: 'k3s' as const }),
      fc.constant({ flavor: 'argocd' as const, argocd: { repoURL: 'https://git.example.com/p.git', operatorSource: 'helmchart' as const } }),
    ),
    k3d: fc.record({ servers: fc.integer({ min: 1, max: 3 }), agents: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

/** Props with near-miss values, wrong types, unknown keys and huge values mixed in. */
const hostileProps = fc.record(
  {
    clusterName: maybe(name),
    calicoVersion: maybe(fc.constantFrom('v3.32.1', 'v3.32.0', 'v3.31.7', '3.32.1', 'v3.33.0')),
    operatorVersion: maybe(fc.constantFrom('v1.42.3', '1.42.3')),
    helmRepository: maybe(fc.constantFrom('https://docs.tigera.io/calico/charts', 'oci://quay.io/calico/charts/', 'ftp://x')),
    containerIPForwarding: maybe(fc.boolean()),
    namespace: maybe(name),
    distribution: maybe(
      fc.constantFrom('k3s', 'generic', 'k3d', 'gke', 'microk8s', 'kind', 'kubeadm', 'rke2', 'eks', 'aks', 'openshift', 'talos', 'Talos'),
    ),
    kubernetesProvider: maybe(fc.constantFrom('EKS', 'AKS', 'Kind', 'K3s', 'OpenShift', 'GKE', 'RKE2')),
    podCidrs: maybe(fc.array(cidr, { maxLength: 3 })),
    cni: maybe(fc.constantFrom('Calico', 'AmazonVPC', 'AzureVNET', 'Flannel')),
    bgp: maybe(fc.constantFrom('Enabled', 'Disabled', 'On')),
    mtu: maybe(fc.integer({ min: 0, max: 70_000 })),
    nodeAddressAutodetectionV4: maybe(
      fc.constantFrom(
        { kubernetes: 'NodeInternalIP' },
        { firstFound: true, canReach: '8.8.8.8' },
        { interface: '(?<!x)eth0' },
        { cidrs: ['10.0.0.0/8', 'x'] },
        {},
      ),
    ),
    calicoNodeResources: maybe(
      fc.record(
        {
          requests: fc.record({ memory: fc.constantFrom('512Mi', '1e3', 'lots', '') }, { requiredKeys: [] }),
          limits: fc.record({ memory: fc.constantFrom('256Mi', '2Gi') }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
    ),
    kubeletVolumePluginPath: maybe(fc.constantFrom('None', '/var/lib/kubelet', 'relative')),
    installationOverrides: maybe(
      fc.constantFrom(
        { typhaAffinity: { nodeAffinity: {} } },
        { cni: { type: 'GKE' } },
        { unknownField: 1 },
        { calicoNodeDaemonSet: { spec: { template: { spec: { containers: [{ name: 'calico-node', resources: {} }] } } } } },
      ),
    ),
    ipPools: maybe(
      fc.array(
        fc.record(
          {
            cidr,
            encapsulation: fc.constantFrom('VXLAN', 'VXLANCrossSubnet', 'IPIP', 'None', 'GRE'),
            blockSize: fc.integer({ min: 18, max: 130 }),
            name: name,
            natOutgoing: fc.boolean(),
          },
          { requiredKeys: ['cidr'] },
        ),
        { maxLength: 4 },
      ),
    ),
    serviceCidrs: maybe(fc.array(cidr, { maxLength: 3 })),
    kubeProxy: maybe(fc.constantFrom('coexist', 'replace', 'operator-managed', 'remove')),
    apiServer: maybe(
      fc.record(
        { host: fc.constantFrom('172.18.0.2', 'k3d-dev-server-0', 'https://x', ''), port: fc.integer({ min: 0, max: 70_000 }) },
        { requiredKeys: ['host'] },
      ),
    ),
    serviceMesh: maybe(serviceMesh),
    connectTimeLoadBalancing: maybe(fc.constantFrom('TCP', 'Enabled', 'Disabled')),
    hostNetworkedNATWithoutCTLB: maybe(fc.constantFrom('Enabled', 'Disabled')),
    externalServiceMode: maybe(fc.constantFrom('Tunnel', 'DSR', 'Direct')),
    dsrOptOutCIDRs: maybe(fc.array(cidr, { maxLength: 3 })),
    registry: maybe(fc.constantFrom('registry.example.com', 'registry.example.com/', 'https://r.example.com', 'r.example.com//x')),
    imagePath: maybe(fc.constantFrom('mirror/calico', '/mirror/', '')),
    imagePullSecrets: maybe(fc.array(name, { maxLength: 3 })),
    calicoApiGroup: maybe(fc.constantFrom('crd.projectcalico.org/v1', 'projectcalico.org/v3', 'v3')),
    components: maybe(fc.record({ apiServer: fc.boolean(), goldmane: fc.boolean(), whisker: fc.boolean() }, { requiredKeys: [] })),
    helmValues: maybe(
      fc.dictionary(
        fc.constantFrom('resources', 'priorityClassName', 'installation', 'manageCRDs', 'tolerations', 'bogus'),
        fc.constantFrom('x', 1, {}),
      ),
    ),
    crdDelivery: maybe(fc.constantFrom('operator', 'helm-release', 'manifest')),
    teardown: maybe(fc.constantFrom('retain', 'delete', 'destroy')),
    clusterRoutingMode: maybe(fc.constantFrom('BIRD', 'Felix', 'Calico')),
    k3d: maybe(fc.record({ name: name, servers: fc.integer({ min: 0, max: 4 }), agents: fc.integer({ min: -1, max: 4 }) }, { requiredKeys: [] })),
    observability: maybe(
      fc.record(
        {
          felixMetricsPort: fc.integer({ min: 0, max: 70_000 }),
          typhaMetricsPort: fc.oneof(fc.constant(false as const), fc.integer({ min: 1, max: 65_535 })),
          selectorLabels: labels,
          dashboardNamespace: fc.oneof(fc.constant(false as const), name),
        },
        { requiredKeys: [] },
      ),
    ),
    felix: maybe(felix),
    gitops: maybe(gitops),
    bogusProp: fc.constantFrom(undefined, 1),
  },
  { requiredKeys: [] },
);

export const props = fc.oneof({ weight: 3, arbitrary: validProps }, { weight: 1, arbitrary: hostileProps });

import {
  CalicoValidationError,
  ProblemCode,
  renderCalicoEbpfDataplane,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
} from '../../lib/core/internal';

import { validationErrorOf } from '../support/errors';

/** Resolves props that must fail; returns the problems. */
function problemsOf(props: CalicoEbpfDataplaneProps): CalicoValidationError['problems'] {
  return validationErrorOf(() => resolveCalicoEbpfDataplane(props)).problems;
}

describe('resolveCalicoEbpfDataplane defaults', () => {
  it('defaults to a k3s cluster keeping kube-proxy, with Istio, Tunnel and Flux', () => {
    // WHEN
    const config = resolveCalicoEbpfDataplane();
    const r = renderCalicoEbpfDataplane(config);
    // THEN
    expect(config.calicoVersion).toBe('v3.33.1');
    expect(config.operatorVersion).toBe('v1.44.1');
    expect(config.gitops.flavor).toBe('flux');
    expect(r.installation).toEqual({
      apiVersion: 'operator.tigera.io/v1',
      kind: 'Installation',
      metadata: { name: 'default' },
      spec: {
        calicoNetwork: {
          // VXLAN needs no BIRD; the operator's own default would be Enabled.
          bgp: 'Disabled',
          bpfNetworkBootstrap: 'Enabled',
          containerIPForwarding: 'Enabled',
          ipPools: [
            {
              name: 'default-ipv4-ippool',
              cidr: '10.42.0.0/16',
              encapsulation: 'VXLANCrossSubnet',
              natOutgoing: 'Enabled',
              blockSize: 26,
              nodeSelector: 'all()',
            },
          ],
          // k3s has no kube-system/kube-proxy DaemonSet for the operator to manage.
          kubeProxyManagement: 'Disabled',
          linuxDataplane: 'BPF',
        },
        cni: { type: 'Calico', ipam: { type: 'Calico' } },
        // CSI off on k3s (the k3s preset), as the chart's own default has it.
        kubeletVolumePluginPath: 'None',
        variant: 'Calico',
      },
    });
    expect(r.felixConfiguration.spec).toEqual({
      bpfConnectTimeLoadBalancing: 'Disabled',
      bpfExternalServiceMode: 'Tunnel',
      bpfHostNetworkedNATWithoutCTLB: 'Enabled',
      bpfKubeProxyHealthzPort: 0,
      bpfKubeProxyIptablesCleanupEnabled: false,
    });
    expect(r.servicesEndpoint).toBeUndefined();
    expect(r.namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
  });

  it('never writes an operator-owned FelixConfiguration field', () => {
    const spec = renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ felix: { mapSizeConntrack: 1000 } })).felixConfiguration.spec as object;
    for (const owned of ['bpfEnabled', 'nftablesMode', 'healthPort', 'vxlanPort', 'vxlanVNI']) expect(spec).not.toHaveProperty(owned);
  });

  it('on kubeadm the pool is the given pod CIDR (never 192.168.0.0/16) and IP forwarding stays off', () => {
    const r = renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ distribution: 'kubeadm', podCidrs: ['10.10.0.0/16'] }));
    const net = (r.installation.spec as { calicoNetwork: Record<string, unknown> }).calicoNetwork;
    expect((net.ipPools as Array<{ cidr: string }>).map((p) => p.cidr)).toEqual(['10.10.0.0/16']);
    expect(net.containerIPForwarding).toBeUndefined();
  });

  it('renders the services-endpoint ConfigMap instead of bpfNetworkBootstrap when an API address is given', () => {
    const r = renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ apiServer: { host: 'k3d-dev-server-0' } }));
    expect(r.servicesEndpoint).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kubernetes-services-endpoint', namespace: 'tigera-operator' },
      data: { KUBERNETES_SERVICE_HOST: 'k3d-dev-server-0', KUBERNETES_SERVICE_PORT: '6443' },
    });
    expect((r.installation.spec as { calicoNetwork: object }).calicoNetwork).not.toHaveProperty('bpfNetworkBootstrap');
  });

  it('replaces kube-proxy: cleanup on, health port left to Felix, ConfigMap in the operator namespace', () => {
    const config = resolveCalicoEbpfDataplane({ kubeProxy: 'replace', namespace: 'calico-operator', apiServer: { host: '10.0.0.10', port: 6443 } });
    const r = renderCalicoEbpfDataplane(config);
    // 3.33's operator writes 0 into an unset field whenever it does not manage kube-proxy, which would
    // switch off the only health server left: Felix's own port is written explicitly.
    expect(r.felixConfiguration.spec).toMatchObject({ bpfKubeProxyIptablesCleanupEnabled: true, bpfKubeProxyHealthzPort: 10256 });
    const old = renderCalicoEbpfDataplane(
      resolveCalicoEbpfDataplane({ calicoVersion: 'v3.32.4', kubeProxy: 'replace', apiServer: { host: '10.0.0.10' } }),
    );
    expect(old.felixConfiguration.spec).not.toHaveProperty('bpfKubeProxyHealthzPort');
    expect(r.servicesEndpoint?.metadata.namespace).toBe('calico-operator');
    expect(config.warnings.map((w) => w.message).join('\n')).toMatch(/--disable-kube-proxy/);
  });

  it('writes the Felix defaults explicitly without a mesh, so leaving a mesh resets them', () => {
    const spec = renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ serviceMesh: 'none' })).felixConfiguration.spec as object;
    expect(spec).toMatchObject({ bpfConnectTimeLoadBalancing: 'TCP', bpfHostNetworkedNATWithoutCTLB: 'Enabled' });
    // With CTLB Enabled Felix would force host NAT off (and warn at every start): the library writes it.
    const enabled = renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ serviceMesh: 'none', connectTimeLoadBalancing: 'Enabled' }))
      .felixConfiguration.spec;
    expect(enabled).toMatchObject({ bpfConnectTimeLoadBalancing: 'Enabled', bpfHostNetworkedNATWithoutCTLB: 'Disabled' });
  });

  it('applies air-gap settings to Calico images and to the operator image', () => {
    const config = resolveCalicoEbpfDataplane({ registry: 'registry.example.com', imagePath: 'mirror/calico', imagePullSecrets: ['regcred'] });
    const r = renderCalicoEbpfDataplane(config);
    expect(r.installation.spec).toMatchObject({
      registry: 'registry.example.com/',
      imagePath: 'mirror/calico',
      imagePullSecrets: [{ name: 'regcred' }],
    });
    expect(config.helmValues).toMatchObject({
      tigeraOperator: { registry: 'registry.example.com', image: 'mirror/calico/operator', version: 'v1.44.1' },
      installation: { enabled: false, imagePullSecrets: [{ name: 'regcred' }] },
    });
  });

  it('by default installs only the operator chart, which creates the CRDs itself, and disables every chart-owned object', () => {
    const releases = renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({})).helmReleases;
    expect(releases.map((r) => r.role)).toEqual(['operator']);
    expect(releases[0]).toMatchObject({ chart: 'tigera-operator', version: 'v3.33.1', dependsOn: [] });
    expect(releases[0]!.values).toMatchObject({
      manageCRDs: true,
      installation: { enabled: false },
      defaultFelixConfiguration: { enabled: false },
      apiServer: { enabled: false },
      goldmane: { enabled: false },
      whisker: { enabled: false },
    });
    expect(releases[0]!.values).not.toHaveProperty('kubernetesServiceEndpoint');
  });

  it('with crdDelivery helm-release pins both charts, CRDs first, and the operator stops managing CRDs', () => {
    const config = resolveCalicoEbpfDataplane({ calicoVersion: 'v3.32.1', calicoApiGroup: 'projectcalico.org/v3', crdDelivery: 'helm-release' });
    const [crds, operator] = renderCalicoEbpfDataplane(config).helmReleases;
    expect(crds).toMatchObject({ chart: 'projectcalico.org.v3', version: 'v3.32.1', dependsOn: [] });
    expect(operator).toMatchObject({ chart: 'tigera-operator', version: 'v3.32.1', dependsOn: ['calico-crds'] });
    expect(operator!.values).toMatchObject({ manageCRDs: false, installation: { enabled: false }, defaultFelixConfiguration: { enabled: false } });
  });

  it('asks the operator for the v3 API group explicitly (discovery on a fresh cluster picks v1)', () => {
    const values = resolveCalicoEbpfDataplane({ calicoApiGroup: 'projectcalico.org/v3' }).helmValues as any;
    expect(values.tigeraOperator.env).toEqual([{ name: 'CALICO_API_GROUP', value: 'projectcalico.org/v3' }]);
    expect((resolveCalicoEbpfDataplane({}).helmValues as any).tigeraOperator).not.toHaveProperty('env');
  });

  it('renders the components as custom resources and refuses the chart toggles', () => {
    const rendered = renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ components: { whisker: false } }));
    expect(rendered.components).toEqual([
      { apiVersion: 'operator.tigera.io/v1', kind: 'APIServer', metadata: { name: 'default' }, spec: {} },
      { apiVersion: 'operator.tigera.io/v1', kind: 'Goldmane', metadata: { name: 'default' }, spec: {} },
    ]);
    const messages = validationErrorOf(() =>
      resolveCalicoEbpfDataplane({ helmValues: { apiServer: { enabled: true }, manageCRDs: false } }),
    ).problems.map((p) => `[${p.code}] ${p.message}`);
    expect(messages).toEqual([
      "[ESCAPE_HATCH_CONFLICT] 'helmValues.apiServer' must not be set: use 'components.apiServer' (the library renders APIServer \"default\")",
      '[ESCAPE_HATCH_CONFLICT] \'helmValues.manageCRDs\' must not be set: use \'crdDelivery\' ("operator" sets manageCRDs true, "helm-release" false)',
    ]);
  });

  it('merges escape-hatch chart values that do not contradict the library', () => {
    const config = resolveCalicoEbpfDataplane({ helmValues: { resources: { limits: { memory: '256Mi' } }, tigeraOperator: { version: 'v1.44.1' } } });
    expect(config.helmValues).toMatchObject({
      resources: { limits: { memory: '256Mi' } },
      tigeraOperator: { version: 'v1.44.1', registry: 'quay.io' },
    });
  });

  it.each([
    ['dual-stack', { ipPools: [{ cidr: '10.42.0.0/16' }, { cidr: 'fd00:10:42::/56' }], serviceCidrs: ['10.43.0.0/16', 'fd00:10:43::/112'] }],
    ['IPv6-only', { ipPools: [{ cidr: 'fd00:10:42::/56' }], serviceCidrs: ['fd00:10:43::/112'] }],
  ] as const)('%s: writes an IPv6 address detection method, without which the operator never accepts a fresh BPF Installation', (_name, props) => {
    const r = renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane(props as CalicoEbpfDataplaneProps));
    expect((r.installation.spec as any).calicoNetwork.nodeAddressAutodetectionV6).toEqual({ firstFound: true });
    // The user's own method wins; an IPv4-only cluster gets none.
    const own = renderCalicoEbpfDataplane(
      resolveCalicoEbpfDataplane({ ...(props as CalicoEbpfDataplaneProps), nodeAddressAutodetectionV6: { kubernetes: 'NodeInternalIP' } }),
    );
    expect((own.installation.spec as any).calicoNetwork.nodeAddressAutodetectionV6).toEqual({ kubernetes: 'NodeInternalIP' });
    expect((renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane()).installation.spec as any).calicoNetwork).not.toHaveProperty(
      'nodeAddressAutodetectionV6',
    );
  });

  it('is deterministic whatever the prop order', () => {
    const a = resolveCalicoEbpfDataplane({ felix: { logLevel: 'Debug', mapSizeRoute: 1000 }, serviceMesh: 'linkerd' });
    const b = resolveCalicoEbpfDataplane({ serviceMesh: 'linkerd', felix: { mapSizeRoute: 1000, logLevel: 'Debug' } });
    expect(JSON.stringify(renderCalicoEbpfDataplane(a))).toBe(JSON.stringify(renderCalicoEbpfDataplane(b)));
  });
});

describe('resolveCalicoEbpfDataplane validation', () => {
  const cases: Array<[string, CalicoEbpfDataplaneProps, string, RegExp]> = [
    [
      'fails when a pool CIDR is malformed',
      { ipPools: [{ cidr: '10.42.0.0/33' }] },
      ProblemCode.INVALID_CIDR,
      /'ipPools\[0\]\.cidr' must be a CIDR .* got "10\.42\.0\.0\/33"/,
    ],
    [
      'fails when a pool CIDR has host bits set',
      { ipPools: [{ cidr: '10.42.0.1/16' }] },
      ProblemCode.INVALID_CIDR,
      /has host bits set .* use the network address/,
    ],
    [
      'fails when two pools overlap',
      { ipPools: [{ cidr: '10.42.0.0/16' }, { cidr: '10.42.128.0/17' }] },
      ProblemCode.OVERLAPPING_CIDRS,
      /'ipPools\[1\]\.cidr' "10\.42\.128\.0\/17" overlaps "10\.42\.0\.0\/16"/,
    ],
    [
      'fails when a pool overlaps the service CIDR',
      { ipPools: [{ cidr: '10.43.0.0/16' }] },
      ProblemCode.OVERLAPPING_CIDRS,
      /overlaps the default service CIDR of distribution "k3s" "10\.43\.0\.0\/16"/,
    ],
    ['fails when the service CIDR is malformed', { serviceCidrs: ['10.43.0.0'] }, ProblemCode.INVALID_CIDR, /'serviceCidrs\[0\]' must be a CIDR/],
    [
      'fails when a block size is out of range',
      { ipPools: [{ cidr: '10.42.0.0/16', blockSize: 33 }] },
      ProblemCode.OUT_OF_RANGE,
      /'ipPools\[0\]\.blockSize' must be from 20 to 32, got 33 for an IPv4 pool/,
    ],
    [
      'fails when an IPv6 pool uses IPIP',
      { ipPools: [{ cidr: 'fd00::/56', encapsulation: 'IPIP' }] },
      ProblemCode.CONTRADICTORY_SETTINGS,
      /"IPIP" is not allowed on the IPv6 pool/,
    ],
    [
      'fails when kube-proxy is replaced without an API address',
      { kubeProxy: 'replace' },
      ProblemCode.REPLACE_WITHOUT_API_SERVER,
      /'kubeProxy' "replace" needs 'apiServer' \{ host, port \}/,
    ],
    [
      'fails when a mesh is combined with connect-time LB',
      { serviceMesh: 'istio', connectTimeLoadBalancing: 'TCP' },
      ProblemCode.MESH_WITH_CTLB,
      /'connectTimeLoadBalancing' "TCP" cannot be used with Istio \(sidecar\): connect-time load balancing rewrites service addresses/,
    ],
    [
      'fails when host NAT is disabled with a mesh',
      { serviceMesh: 'linkerd', hostNetworkedNATWithoutCTLB: 'Disabled' },
      ProblemCode.CONTRADICTORY_SETTINGS,
      /'hostNetworkedNATWithoutCTLB' "Disabled" cannot be used with linkerd: with connect-time load balancing off, host-networked pods/,
    ],
    [
      'fails when host NAT is disabled while CTLB is off',
      { serviceMesh: 'none', connectTimeLoadBalancing: 'Disabled', hostNetworkedNATWithoutCTLB: 'Disabled' },
      ProblemCode.CONTRADICTORY_SETTINGS,
      /leaves host-networked pods without service access/,
    ],
    [
      'fails when DSR opt-outs are given in Tunnel mode',
      { dsrOptOutCIDRs: ['10.0.0.0/8'] },
      ProblemCode.CONTRADICTORY_SETTINGS,
      /'dsrOptOutCIDRs' only applies with externalServiceMode "DSR", got "Tunnel"/,
    ],
    [
      'fails when the API port is out of range',
      { apiServer: { host: '10.0.0.1', port: 70000 } },
      ProblemCode.OUT_OF_RANGE,
      /'apiServer\.port' must be from 1 to 65535, got 70000/,
    ],
    [
      'fails when the API host carries a scheme',
      { apiServer: { host: 'https://10.0.0.1:6443' } },
      ProblemCode.INVALID_VALUE,
      /'apiServer\.host' must be an IP address or DNS name without scheme or port/,
    ],
    [
      'fails when calicoVersion lacks the v',
      { calicoVersion: '3.32.1' },
      ProblemCode.INVALID_VERSION,
      /'calicoVersion' must be a Calico release tag like "v3\.33\.1" \(with the leading v\), got "3\.32\.1"/,
    ],
    [
      'fails when calicoVersion is too old',
      { calicoVersion: 'v3.31.7' },
      ProblemCode.UNSUPPORTED_VERSION,
      /"v3\.31\.7" is older than v3\.32\.0, the first release with separate CRD charts; use one of v3\.32\.0, v3\.32\.1, v3\.32\.2, v3\.32\.3, v3\.32\.4, v3\.33\.0, v3\.33\.1/,
    ],
    [
      'fails for a line the library has no facts for',
      { calicoVersion: 'v3.34.0', operatorVersion: 'v1.46.0' },
      ProblemCode.UNSUPPORTED_VERSION,
      /'calicoVersion' "v3\.34\.0" is from a release line this library has no facts for/,
    ],
    [
      'fails when an unknown release has no operator version',
      { calicoVersion: 'v3.32.9' },
      ProblemCode.INVALID_VERSION,
      /set 'operatorVersion' to the tigera\/operator tag/,
    ],
    [
      'fails when kubernetesProvider is set on k3s',
      { kubernetesProvider: 'RKE2' },
      ProblemCode.PLATFORM_CONFLICT,
      /'kubernetesProvider' "RKE2" cannot be used on distribution "k3s": the operator has no k3s provider and detects none; another platform's provider would apply that platform's paths and defaults; remove it/,
    ],
    [
      'fails on an enum typo with a suggestion',
      { externalServiceMode: 'Tunel' as never },
      ProblemCode.INVALID_VALUE,
      /'externalServiceMode' must be one of "Tunnel", "DSR", got "Tunel"; did you mean "Tunnel"\?/,
    ],
    [
      'fails on an unknown prop with the closest one',
      { serviceMes: 'none' } as never,
      ProblemCode.UNKNOWN_FIELD,
      /'serviceMes' is not a known setting; did you mean 'serviceMesh'\?/,
    ],
    [
      'fails when chart values would render the Installation',
      { helmValues: { installation: { enabled: true } } },
      ProblemCode.ESCAPE_HATCH_CONFLICT,
      /'helmValues\.installation' must not be set/,
    ],
    [
      'fails when chart values contradict a decided value',
      { helmValues: { tigeraOperator: { registry: 'docker.io' } } },
      ProblemCode.ESCAPE_HATCH_CONFLICT,
      /'helmValues\.tigeraOperator\.registry' "docker\.io" contradicts the value the library sets \("quay\.io"\)/,
    ],
    [
      'fails when Whisker is on without Goldmane',
      { components: { goldmane: false } },
      ProblemCode.CONTRADICTORY_SETTINGS,
      /'components\.whisker' needs Goldmane/,
    ],
    [
      'fails when the felix prop targets a node',
      { felix: { nodeName: 'node-1' } },
      ProblemCode.CONTRADICTORY_SETTINGS,
      /'felix\.nodeName' cannot be set here/,
    ],
  ];

  it.each(cases)('%s', (_title, props, code, message) => {
    const problems = problemsOf(props);
    const match = problems.find((p) => p.code === code);
    expect(match?.message).toMatch(message);
  });

  it('collects every problem into one error instead of stopping at the first', () => {
    expect(() =>
      resolveCalicoEbpfDataplane({ kubeProxy: 'replace', serviceMesh: 'istio', connectTimeLoadBalancing: 'Enabled', felix: { mapSizeConntrack: 0 } }),
    ).toThrow(/3 problems[\s\S]*REPLACE_WITHOUT_API_SERVER[\s\S]*MESH_WITH_CTLB[\s\S]*'felix\.mapSizeConntrack' must be from 1/);
  });

  it('brands its error so it is recognised across package copies', () => {
    const problems = problemsOf({ kubeProxy: 'replace' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'REPLACE_WITHOUT_API_SERVER', path: 'apiServer' });
    expect(CalicoValidationError.isCalicoValidationError(new Error('x'))).toBe(false);
  });
});

describe('validation errors in a fleet', () => {
  it('name the cluster, the full nested path and the offending value itself', () => {
    const e = validationErrorOf(() =>
      resolveCalicoEbpfDataplane({
        clusterName: 'prod-eu',
        kubeProxy: 'bad' as never,
        felix: { additionalSpec: { bpfConntrackTimeouts: { tcpFinsSeen: 'x' } } },
      }),
    );
    expect(e.clusterName).toBe('prod-eu');
    expect(e.message.split('\n')[0]).toBe('invalid Calico eBPF configuration of cluster "prod-eu" (2 problems):');
    expect(e.problems.map((p) => [p.path, p.message])).toEqual([
      ['kubeProxy', `'kubeProxy' must be one of "coexist", "replace", "operator-managed", got "bad"`],
      [
        'felix.additionalSpec.bpfConntrackTimeouts.tcpFinsSeen',
        `'felix.additionalSpec.bpfConntrackTimeouts.tcpFinsSeen' must match the CRD pattern ^(([0-9]*(\\.[0-9]*)?(ms|s|h|m|us)+)+|Auto)$, got "x"`,
      ],
    ]);
    // Without a clusterName the header stays as it was.
    expect(validationErrorOf(() => resolveCalicoEbpfDataplane({ kubeProxy: 'bad' as never })).message.split('\n')[0]).toBe(
      'invalid Calico eBPF configuration (1 problem):',
    );
  });
});

describe('a pod range that overlaps a service range', () => {
  const overlap = (props: Parameters<typeof resolveCalicoEbpfDataplane>[0]) =>
    validationErrorOf(() => resolveCalicoEbpfDataplane(props)).problems.map((p) => [p.path, p.message]);

  it('names what the user set, and the default of their distribution for what they did not', () => {
    expect(overlap({ distribution: 'kubeadm', podCidrs: ['10.96.0.0/16'] })).toEqual([
      [
        'podCidrs[0]',
        `'podCidrs[0]' "10.96.0.0/16" overlaps the default service CIDR of distribution "kubeadm" "10.96.0.0/12" (set 'serviceCidrs' if the cluster uses another); pod and service ranges must be disjoint: change 'podCidrs[0]'`,
      ],
    ]);
    expect(overlap({ serviceCidrs: ['10.42.0.0/16'] })).toEqual([
      [
        'serviceCidrs',
        `the default pod CIDR of distribution "k3s" "10.42.0.0/16" overlaps 'serviceCidrs' "10.42.0.0/16"; pod and service ranges must be disjoint: change 'serviceCidrs'`,
      ],
    ]);
    expect(overlap({ podCidrs: ['10.50.0.0/16'], serviceCidrs: ['10.50.0.0/20'] })).toEqual([
      [
        'podCidrs[0]',
        `'podCidrs[0]' "10.50.0.0/16" overlaps 'serviceCidrs' "10.50.0.0/20"; pod and service ranges must be disjoint: change one of them`,
      ],
    ]);
  });
});

describe('air gap', () => {
  it('warns when the images come from a mirror but the charts still from the public repository', () => {
    const registryWarnings = (props: Parameters<typeof resolveCalicoEbpfDataplane>[0]): string[] =>
      resolveCalicoEbpfDataplane(props)
        .warnings.filter((w) => w.code === 'CHARTS_FROM_PUBLIC_REPOSITORY')
        .map((w) => w.message);
    expect(registryWarnings({ registry: 'registry.example.com' })).toEqual([
      `registry: images come from registry.example.com, but the charts still come from https://docs.tigera.io/calico/charts; on an air-gapped cluster set 'helmRepository' to your chart mirror (an http(s):// Helm repository or an oci:// registry path)`,
    ]);
    expect(registryWarnings({ registry: 'registry.example.com', helmRepository: 'oci://registry.example.com/charts' })).toEqual([]);
    expect(registryWarnings({})).toEqual([]);
  });
});

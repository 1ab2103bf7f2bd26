/**
 * The decision logic of the live commands, without a server: preflight rules, status rules,
 * drift, the migration order, RBAC, redaction and API-error messages. The same functions run
 * against the real k3s and operator in test/cluster/live.test.ts.
 */
import {
  clusterRoleYaml,
  commandRules,
  describeApiError,
  driftOf,
  flagValue,
  kubeProxyRuns,
  kernelAtLeast,
  migrationPlan,
  parseKernel,
  preflightFindings,
  redact,
  resolveCalicoEbpfDataplane,
  statusFindings,
  switchDisruption,
  LIVE_COMMANDS,
  type CalicoEbpfDataplaneProps,
  type Finding,
  type LiveObject,
  type NodeFacts,
  type PreflightFacts,
  type StatusSnapshot,
} from '../../lib/core/internal';

const config = (props: Partial<CalicoEbpfDataplaneProps> = {}) =>
  resolveCalicoEbpfDataplane({ distribution: 'k3s', kubeProxy: 'coexist', ...props } as CalicoEbpfDataplaneProps);

const node = (name: string, over: Partial<NodeFacts> = {}): NodeFacts => ({
  name,
  kernel: '6.8.0-45-generic',
  osImage: 'Ubuntu 24.04.1 LTS',
  containerRuntime: 'containerd://1.7.22-k3s1',
  architecture: 'amd64',
  operatingSystem: 'linux',
  providerID: `k3s://${name}`,
  labels: {},
  podCIDRs: ['10.42.0.0/24'],
  nodeArgs: ['server', '--flannel-backend', 'none', '--disable-network-policy'],
  ...over,
});

const facts = (over: Partial<PreflightFacts> = {}): PreflightFacts => ({
  kubernetesVersion: 'v1.35.1+k3s1',
  nodes: [node('server-0')],
  daemonSets: [],
  apiEndpoints: ['192.0.2.10'],
  ...over,
});

const bySeverity = (findings: readonly Finding[], severity: Finding['severity']) => findings.filter((f) => f.severity === severity);
const only = (findings: readonly Finding[], check: string) => findings.filter((f) => f.check === check);

describe('kernel versions', () => {
  it.each([
    ['6.8.0-45-generic', { major: 6, minor: 8, patch: 0 }],
    ['5.15.0-122-generic', { major: 5, minor: 15, patch: 0 }],
    ['4.18.0-305.el8.x86_64', { major: 4, minor: 18, patch: 0, rhelBuild: 305 }],
    ['5.14.0-427.13.1.el9_4.x86_64', { major: 5, minor: 14, patch: 0, rhelBuild: 427 }],
    ['6.6.54-talos', { major: 6, minor: 6, patch: 54 }],
  ])('reads %s', (release, parsed) => {
    expect(parseKernel(release)).toEqual(parsed);
  });

  it('compares against the minimum, counting RHEL 8.4 (4.18.0-305) as 5.10', () => {
    expect(kernelAtLeast('5.10.0-32-amd64', '5.10')).toBe(true);
    expect(kernelAtLeast('5.4.0-200-generic', '5.10')).toBe(false);
    expect(kernelAtLeast('4.18.0-305.el8.x86_64', '5.10')).toBe(true);
    expect(kernelAtLeast('4.18.0-240.el8.x86_64', '5.10')).toBe(false);
    expect(kernelAtLeast('not a kernel', '5.10')).toBeUndefined();
  });
});

describe('preflight rules', () => {
  it('passes a healthy k3s cluster without a blocker', () => {
    const findings = preflightFindings(facts(), config());
    expect(bySeverity(findings, 'blocker')).toEqual([]);
    expect(only(findings, 'kernel')[0]!.message).toContain('6.8.0-45-generic');
  });

  it('names the node whose kernel is below the minimum of the chosen release, and the minimum', () => {
    const findings = preflightFindings(
      facts({ nodes: [node('server-0'), node('agent-old', { kernel: '5.4.0-200-generic' })] }),
      config({ calicoVersion: 'v3.32.1' }),
    );
    expect(bySeverity(findings, 'blocker')).toEqual([
      expect.objectContaining({
        check: 'kernel',
        subject: 'agent-old',
        message: 'kernel 5.4.0-200-generic is below 5.10, the minimum for the eBPF dataplane of Calico v3.32.1',
      }),
    ]);
  });

  it('warns on an unreadable kernel instead of passing it', () => {
    const [f] = only(preflightFindings(facts({ nodes: [node('n', { kernel: '' })] }), config()), 'kernel');
    expect(f).toMatchObject({ severity: 'warning', message: 'kernel "" could not be read' });
  });

  it('judges the Kubernetes version against the range upstream tests the line with', () => {
    const k8s = (v: string, line = 'v3.33.1') =>
      only(preflightFindings(facts({ kubernetesVersion: v }), config({ calicoVersion: line })), 'kubernetes')[0]!;
    expect(k8s('v1.35.1').severity).toBe('ok');
    expect(k8s('v1.33.4')).toMatchObject({
      severity: 'warning',
      message: 'Kubernetes v1.33.4 is outside 1.35–1.37, the versions upstream tests Calico v3.33 with',
    });
    expect(k8s('v1.34.2', 'v3.32.1').severity).toBe('ok');
    expect(k8s('v1.20.15')).toMatchObject({ severity: 'blocker', message: 'Kubernetes v1.20.15: Calico does not work on 1.20 or older' });
  });

  it("refuses k3s's embedded flannel and a flannel DaemonSet", () => {
    const k3sFlannel = preflightFindings(facts({ nodes: [node('s', { nodeArgs: ['server'] })] }), config());
    expect(only(k3sFlannel, 'cni')[0]).toMatchObject({
      severity: 'blocker',
      subject: 's',
      fix: 'start k3s with --flannel-backend=none --disable-network-policy',
    });
    const ds = preflightFindings(facts({ daemonSets: ['kube-flannel/kube-flannel-ds'] }), config());
    expect(only(ds, 'cni')[0]).toMatchObject({ severity: 'blocker', subject: 'kube-flannel/kube-flannel-ds' });
  });

  it('reads the k3s flags from server nodes only (agents do not carry them), in every spelling', () => {
    const agent = node('agent-0', { nodeArgs: ['agent', '--server', 'https://192.0.2.10:6443', '--token', '********'] });
    expect(bySeverity(preflightFindings(facts({ nodes: [node('server-0'), agent] }), config()), 'blocker')).toEqual([]);
    expect(flagValue(['server', '--flannel-backend=none'], 'flannel-backend')).toBe('none');
    expect(flagValue(['server', '--disable-kube-proxy', '--flannel-backend', 'none'], 'disable-kube-proxy')).toBe('');
    expect(flagValue(['server', '--disable-kube-proxy', 'true'], 'disable-kube-proxy')).toBe('true');
    expect(flagValue(['server'], 'disable-kube-proxy')).toBeUndefined();
    for (const args of [
      ['server', '--disable-kube-proxy'],
      ['server', '--disable-kube-proxy=true'],
      ['server', '--disable-kube-proxy', 'true'],
    ]) {
      expect(kubeProxyRuns(facts({ nodes: [node('s', { nodeArgs: [...args, '--flannel-backend=none'] }), agent] }))).toBe(false);
    }
    expect(kubeProxyRuns(facts({ nodes: [node('s', { nodeArgs: ['server', '--disable-kube-proxy=false'] })] }))).toBe(true);
  });

  it('checks kube-proxy against the kubeProxy prop', () => {
    const replaceProps = { kubeProxy: 'replace', apiServer: { host: '192.0.2.10', port: 6443 } } as Partial<CalicoEbpfDataplaneProps>;
    const replace = preflightFindings(facts(), config(replaceProps));
    expect(only(replace, 'kube-proxy')[0]).toMatchObject({
      severity: 'blocker',
      message: 'kube-proxy runs, but kubeProxy is "replace"',
      fix: 'restart k3s with --disable-kube-proxy first, or use kubeProxy "coexist"',
    });
    const disabled = facts({ nodes: [node('s', { nodeArgs: ['server', '--flannel-backend=none', '--disable-kube-proxy'] })] });
    expect(only(preflightFindings(disabled, config(replaceProps)), 'kube-proxy')[0]!.severity).toBe('ok');
    expect(only(preflightFindings(disabled, config()), 'kube-proxy')[0]).toMatchObject({
      severity: 'warning',
      message: 'kubeProxy is "coexist" but no kube-proxy runs',
    });
  });

  it('flags node pod CIDRs outside every pool', () => {
    const f = only(preflightFindings(facts({ nodes: [node('s', { podCIDRs: ['10.244.0.0/24'] })] }), config()), 'pod-cidr')[0]!;
    expect(f.severity).toBe('warning');
    expect(f.message).toBe('node pod CIDRs outside every pool: s 10.244.0.0/24');
  });

  it('says when the nodes look like another distribution than the prop', () => {
    const eks = facts({ nodes: [node('ip-10-0-0-1', { providerID: 'aws:///eu-west-1a/i-0abc', nodeArgs: undefined } as Partial<NodeFacts>)] });
    const f = only(preflightFindings(eks, config()), 'distribution')[0]!;
    expect(f).toMatchObject({ severity: 'blocker', message: 'the nodes look like eks (providerID, labels), but distribution is "k3s"' });
  });
});

const live = (o: Record<string, unknown>): LiveObject => o as LiveObject;

describe('status rules', () => {
  const healthy: StatusSnapshot = {
    tigeraStatus: [live({ metadata: { name: 'calico' }, status: { conditions: [{ type: 'Available', status: 'True' }] } })],
    installation: live({
      metadata: { name: 'default' },
      spec: { calicoNetwork: { linuxDataplane: 'BPF' } },
      status: { variant: 'Calico', mtu: 1450, computed: {} },
    }),
    calicoNode: live({
      metadata: { name: 'calico-node' },
      spec: { template: { spec: { initContainers: [{ name: 'ebpf-bootstrap' }], volumes: [{ name: 'bpffs' }] } } },
      status: { desiredNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 3 },
    }),
    felix: live({
      metadata: { name: 'default', annotations: { 'operator.tigera.io/bpfEnabled': 'true' } },
      spec: { bpfEnabled: true, bpfKubeProxyIptablesCleanupEnabled: false },
    }),
    kubeProxyRuns: true,
  };

  it('is all ok on a ready BPF cluster', () => {
    const findings = statusFindings(healthy, config());
    expect(bySeverity(findings, 'blocker')).toEqual([]);
    expect(bySeverity(findings, 'warning')).toEqual([]);
    expect(only(findings, 'installation')[0]!.message).toBe('BPF, variant Calico, MTU 1450');
  });

  it('does not call BPF active when someone else set bpfEnabled', () => {
    const felix = live({ metadata: { name: 'default' }, spec: { bpfEnabled: true } });
    expect(only(statusFindings({ ...healthy, felix }, config()), 'bpf')).toEqual([
      expect.objectContaining({ severity: 'blocker', message: "bpfEnabled is true without the operator's annotation" }),
    ]);
  });

  it('sees kube-proxy and Felix fighting over the iptables rules', () => {
    const felix = live({ ...healthy.felix, spec: { bpfEnabled: true } });
    expect(only(statusFindings({ ...healthy, felix }, config()), 'kube-proxy')[0]).toMatchObject({
      severity: 'blocker',
      message: "kube-proxy runs while Felix cleans up kube-proxy's iptables rules: the two fight",
    });
  });

  it('reports a rollout in progress and a Degraded component', () => {
    const calicoNode = live({ ...healthy.calicoNode, status: { desiredNumberScheduled: 3, numberReady: 1, updatedNumberScheduled: 2 } });
    const tigeraStatus = [
      live({ metadata: { name: 'calico' }, status: { conditions: [{ type: 'Degraded', status: 'True', message: 'Error querying installation' }] } }),
    ];
    const findings = statusFindings({ ...healthy, calicoNode, tigeraStatus }, config());
    expect(only(findings, 'calico-node')[0]).toMatchObject({ severity: 'warning', message: '1/3 ready, 2 updated, rendered for BPF' });
    expect(only(findings, 'tigerastatus')[0]).toMatchObject({
      severity: 'blocker',
      subject: 'tigerastatus/calico',
      message: 'Degraded: Error querying installation',
    });
  });
});

describe('drift', () => {
  const desired = {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'FelixConfiguration',
    metadata: { name: 'default' },
    spec: { bpfLogLevel: 'Off', bpfMapSizeNATFrontend: 65536 },
  };

  it("ignores what we do not write: server defaults and the operator's fields", () => {
    const liveFelix = {
      metadata: { name: 'default', uid: 'u', annotations: { 'operator.tigera.io/bpfEnabled': 'true' } },
      spec: { bpfLogLevel: 'Off', bpfMapSizeNATFrontend: 65536, bpfEnabled: true, healthPort: 9099 },
    };
    expect(driftOf(desired, liveFelix)).toEqual([]);
  });

  it('names each changed field with both values', () => {
    const liveFelix = { metadata: { name: 'default' }, spec: { bpfLogLevel: 'Debug', bpfMapSizeNATFrontend: 65536 } };
    expect(driftOf(desired, liveFelix)).toEqual([{ path: 'spec.bpfLogLevel', want: 'Off', live: 'Debug' }]);
  });

  it('compares list items field by field (the operator fills in pool defaults)', () => {
    const installation = {
      apiVersion: 'operator.tigera.io/v1',
      kind: 'Installation',
      metadata: { name: 'default' },
      spec: { calicoNetwork: { ipPools: [{ cidr: '10.42.0.0/16', encapsulation: 'VXLAN' }] } },
    };
    const filled = {
      metadata: { name: 'default' },
      spec: { calicoNetwork: { ipPools: [{ cidr: '10.42.0.0/16', encapsulation: 'VXLAN', natOutgoing: 'Enabled', blockSize: 26 }] } },
    };
    expect(driftOf(installation, filled)).toEqual([]);
    const changed = { metadata: { name: 'default' }, spec: { calicoNetwork: { ipPools: [{ cidr: '10.42.0.0/16', encapsulation: 'IPIP' }] } } };
    expect(driftOf(installation, changed)).toEqual([{ path: 'spec.calicoNetwork.ipPools[0].encapsulation', want: 'VXLAN', live: 'IPIP' }]);
  });

  it('reports a missing object', () => {
    expect(driftOf(desired, undefined)).toEqual([{ path: '(object)', want: 'present', live: undefined }]);
  });
});

describe('migration plan', () => {
  const withEndpoint = { apiServer: { host: '192.0.2.10', port: 6443 } } as Partial<CalicoEbpfDataplaneProps>;
  const ids = (plan: ReturnType<typeof migrationPlan>) => plan.steps.map((s) => s.id);

  it('writes the services-endpoint ConfigMap and waits for calico-node before anything else, and switches last', () => {
    const plan = migrationPlan(facts({ installedDataplane: 'Iptables' }), config(withEndpoint));
    expect(ids(plan)).toEqual(['services-endpoint', 'wait-endpoint', 'felix', 'switch', 'wait-switch', 'rest']);
    expect(plan.steps[0]!.objects!.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/kubernetes-services-endpoint']);
    expect(plan.steps[3]!.patch).toEqual({
      apiVersion: 'operator.tigera.io/v1',
      kind: 'Installation',
      metadata: { name: 'default' },
      spec: { calicoNetwork: { linuxDataplane: 'BPF', kubeProxyManagement: 'Disabled' } },
    });
  });

  it("takes k3s's kube-proxy off by hand before the switch when kubeProxy is replace", () => {
    const plan = migrationPlan(
      facts({ installedDataplane: 'Nftables' }),
      config({ ...withEndpoint, kubeProxy: 'replace' } as Partial<CalicoEbpfDataplaneProps>),
    );
    expect(ids(plan)).toEqual(['services-endpoint', 'wait-endpoint', 'felix', 'kube-proxy', 'switch', 'wait-switch', 'rest']);
    expect(plan.steps[3]).toMatchObject({ kind: 'host' });
    expect(plan.steps[3]!.detail).toContain('disable-kube-proxy: true');
  });

  it('puts a DaemonSet kube-proxy on a node selector that matches no node', () => {
    const kubeadm = facts({
      installedDataplane: 'Iptables',
      daemonSets: ['kube-system/kube-proxy'],
      kubeProxyMode: 'iptables',
      nodes: [node('cp-0', { nodeArgs: undefined, providerID: undefined } as Partial<NodeFacts>)],
    });
    const plan = migrationPlan(
      kubeadm,
      resolveCalicoEbpfDataplane({
        distribution: 'kubeadm',
        podCidrs: ['10.244.0.0/16'],
        kubeProxy: 'replace',
        apiServer: { host: '192.0.2.10', port: 6443 },
      } as CalicoEbpfDataplaneProps),
    );
    const step = plan.steps.find((s) => s.id === 'kube-proxy')!;
    expect(step.kind).toBe('api');
    expect(step.patch).toMatchObject({
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system' },
      spec: { template: { spec: { nodeSelector: { 'non-calico': 'true' } } } },
    });
  });

  it('refuses IPVS kube-proxy and a ConfigMap next to bpfNetworkBootstrap', () => {
    const ipvs = facts({ installedDataplane: 'Iptables', daemonSets: ['kube-system/kube-proxy'], kubeProxyMode: 'ipvs' });
    const plan = migrationPlan(
      ipvs,
      resolveCalicoEbpfDataplane({ distribution: 'kubeadm', podCidrs: ['10.244.0.0/16'], kubeProxy: 'operator-managed' } as CalicoEbpfDataplaneProps),
    );
    expect(bySeverity(plan.findings, 'blocker').map((f) => f.message)).toEqual([
      'kube-proxy runs in IPVS mode; upstream requires iptables mode before kube-proxy is disabled or eBPF enabled',
    ]);
    const both = migrationPlan(
      facts({ installedDataplane: 'Iptables', daemonSets: ['kube-system/kube-proxy'], kubeProxyMode: 'iptables', servicesEndpointConfigMap: true }),
      resolveCalicoEbpfDataplane({ distribution: 'kubeadm', podCidrs: ['10.244.0.0/16'], kubeProxy: 'operator-managed' } as CalicoEbpfDataplaneProps),
    );
    expect(bySeverity(both.findings, 'blocker')[0]!.message).toBe(
      'bpfNetworkBootstrap is on, but the ConfigMap exists: the operator refuses both together (Degraded)',
    );
    expect(both.steps.map((s) => s.id)).not.toContain('services-endpoint');
  });

  it('refuses to write the ConfigMap while the live Installation has bpfNetworkBootstrap without BPF (the operator is Degraded)', () => {
    const plan = migrationPlan(facts({ installedDataplane: 'Iptables', installedBpfNetworkBootstrap: true }), config(withEndpoint));
    expect(bySeverity(plan.findings, 'blocker')).toEqual([
      expect.objectContaining({
        message: 'bpfNetworkBootstrap is Enabled on the Iptables dataplane: the operator refuses it without BPF (Degraded) and rolls nothing out',
        fix: expect.stringContaining('"bpfNetworkBootstrap":null'),
      }),
    ]);
    expect(bySeverity(migrationPlan(facts({ installedDataplane: 'Iptables' }), config(withEndpoint)).findings, 'blocker')).toEqual([]);
  });

  it('has nothing to do without an Installation or on BPF already', () => {
    expect(migrationPlan(facts(), config()).findings[0]).toMatchObject({
      severity: 'blocker',
      message: 'no operator Installation: nothing to migrate',
    });
    expect(migrationPlan(facts({ installedDataplane: 'BPF' }), config())).toEqual({
      steps: [],
      findings: [expect.objectContaining({ severity: 'ok', message: 'already on the BPF dataplane' })],
    });
  });

  it('says only TCP survives, and names the node-port loss on releases without the fix', () => {
    expect(switchDisruption('v3.33.1')).toContain('established TCP connections survive');
    expect(switchDisruption('v3.33.1')).toContain('UDP and other non-TCP flows are treated as new');
    expect(switchDisruption('v3.33.1')).not.toContain('FORWARD policy');
    expect(switchDisruption('v3.32.1')).toContain('not in v3.32.1');
  });
});

describe('RBAC', () => {
  it('gives read-only commands only read verbs (doctor adds exec, to collect the BPF state)', () => {
    for (const command of ['preflight', 'status', 'diff'] as const) {
      expect(new Set(commandRules(command).flatMap((r) => r.verbs))).toEqual(new Set(['get', 'list', 'watch']));
    }
    const doctorWrites = commandRules('doctor').filter((r) => r.verbs.some((v) => !['get', 'list', 'watch'].includes(v)));
    expect(doctorWrites.map((r) => r.resources.join())).toEqual(['pods/exec', 'selfsubjectaccessreviews']);
    expect(commandRules('doctor').some((r) => r.resources.includes('secrets'))).toBe(false);
  });

  it('prints one ClusterRole per command that reads /version', () => {
    for (const command of LIVE_COMMANDS) {
      const yaml = clusterRoleYaml(command);
      expect(yaml).toContain(`name: calico-ebpf-${command}`);
      expect(yaml).toContain('- /version');
    }
  });
});

describe('what the commands never print', () => {
  it('removes service-account tokens, bearer tokens and private keys', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const text = `token: ${jwt}\nAuthorization: Bearer abcdefghijklmnopqrstuvwxyz012345\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\nbpfLogLevel: Off`;
    const out = redact(text);
    expect(out).not.toContain(jwt);
    expect(out).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect(out).not.toContain('MIIE');
    expect(out).toContain('bpfLogLevel: Off');
  });

  it('turns a 403 into the one permission that is missing', () => {
    const e = describeApiError(
      {
        code: 403,
        body: JSON.stringify({
          message:
            'nodes is forbidden: User "system:serviceaccount:default:reader" cannot list resource "nodes" in API group "" at the cluster scope',
        }),
      },
      'listing Node',
    );
    expect(e.message).toBe(
      'missing RBAC permission while listing Node: system:serviceaccount:default:reader may not list nodes at cluster scope; grant it (--print-rbac prints the ClusterRole this command needs)',
    );
    const ns = describeApiError(
      {
        code: 403,
        body: {
          message: 'configmaps "x" is forbidden: User "u" cannot patch resource "configmaps" in API group "" in the namespace "tigera-operator"',
        },
      },
      'applying ConfigMap',
    );
    expect(ns.message).toContain('u may not patch configmaps in namespace tigera-operator');
  });

  it('says what to fix for 401 and an unreachable server', () => {
    expect(describeApiError({ code: 401, body: '{}' }, 'reading the server version').message).toContain(
      "the kubeconfig's token or certificate is wrong or expired",
    );
    expect(describeApiError({ message: 'request failed', cause: { code: 'ECONNREFUSED' } }, 'reading the server version').message).toBe(
      'cannot reach the API server while reading the server version (ECONNREFUSED): check the server address in the kubeconfig and that the cluster is up',
    );
  });
});

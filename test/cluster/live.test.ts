/**
 * The live commands against a real k3s and the real tigera-operator, run as users run them:
 * `calico-ebpf <command>` as a process, with a kubeconfig.
 *
 * Stand-ins (no kubelet here, see scripts/cluster/stand-ins.ts): Node objects stand for a k3d-like
 * fleet — a k3s server and agents with the node-args annotation k3s writes, and the
 * `status.nodeInfo` (kernel, OS image, container runtime) real nodes of that kind report, patched
 * through the status subresource because no kubelet reports it; k3s's controller manager gives
 * them their pod CIDRs. `helm install` stands for the helm-install Job. No pod runs, so calico-node
 * is never ready: status reports exactly that.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { CalicoEbpfDataplaneProps, LiveReport, MigrateDetails } from '../../lib/core/internal';
import { loadConfigFile } from '../../lib/cli/load-config';
import { k3dNodes, registerNodes, runHelmChartJob, serviceAccountKubeconfig } from '../../scripts/cluster/stand-ins';
import { K3S, OPERATOR, OPERATOR_CALICO, describeCluster, eventually, startCluster, type Cluster } from './support/cluster';
import { saidBesidesWarnings } from '../support/errors';

const MAIN = join(__dirname, '..', '..', 'lib', 'cli', 'main.ts');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** stderr without the config's warnings: what the command itself said. */
const said = (r: Run): string[] => saidBesidesWarnings(r.stderr);

/** Nodes as k3s reports them: kernels and runtimes of real releases (see the file comment). */
const FLEET = [
  { kernelVersion: '6.8.0-49-generic', osImage: 'Ubuntu 24.04.1 LTS', containerRuntimeVersion: 'containerd://2.0.4-k3s2' },
  { kernelVersion: '5.15.0-126-generic', osImage: 'Ubuntu 22.04.5 LTS', containerRuntimeVersion: 'containerd://2.0.4-k3s2' },
  { kernelVersion: '5.14.0-503.11.1.el9_5.x86_64', osImage: 'Rocky Linux 9.5 (Blue Onyx)', containerRuntimeVersion: 'containerd://2.0.4-k3s2' },
];
const OLD = { kernelVersion: '5.4.0-204-generic', osImage: 'Ubuntu 20.04.6 LTS', containerRuntimeVersion: 'containerd://1.7.23-k3s2' };

describeCluster(`calico-ebpf live commands on ${K3S} with ${OPERATOR}`, () => {
  let cluster: Cluster;
  let dir: string;
  let props: string;

  const cli = (args: readonly string[], kubeconfig = cluster.kubeconfig): Run => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, KUBECONFIG: kubeconfig },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const cliAsync = (args: readonly string[]): Promise<Run> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, KUBECONFIG: cluster.kubeconfig } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 400_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  const json = <T>(r: Run): LiveReport<T> => JSON.parse(r.stdout) as LiveReport<T>;
  const writeProps = (name: string, p: CalicoEbpfDataplaneProps): string => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(p));
    return file;
  };
  const patchNodeInfo = (name: string, info: Record<string, string>): void => {
    cluster.kubectl([
      'patch',
      'node',
      name,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status: { nodeInfo: { architecture: 'amd64', operatingSystem: 'linux', kubeletVersion: 'v1.35.1+k3s1', ...info } } }),
    ]);
  };
  const appliedAt = (args: readonly string[]): string | undefined =>
    (
      cluster.get<{ metadata: { managedFields: { manager: string; operation: string; time: string }[] } }>(['--show-managed-fields', ...args])
        ?.metadata.managedFields ?? []
    ).find((f) => f.manager === 'calico-ebpf' && f.operation === 'Apply')?.time;

  beforeAll(async () => {
    cluster = await startCluster('test-live');
    dir = mkdtempSync(join(cluster.manifests, '..', 'live-'));
    // The k3d quickstart at the release whose operator runs here, with the BPF log level written out.
    const quickstart = loadConfigFile(join(__dirname, '..', '..', 'examples', 'k3d', 'cluster.yaml')) as unknown as CalicoEbpfDataplaneProps & {
      felix: Record<string, unknown>;
    };
    props = writeProps('quickstart.json', {
      ...quickstart,
      calicoVersion: OPERATOR_CALICO,
      felix: { ...quickstart.felix, logLevel: 'Off' },
    } as CalicoEbpfDataplaneProps);
    const nodes = k3dNodes('dev');
    const args = (n: string): string =>
      JSON.stringify(
        n.includes('server')
          ? ['server', '--flannel-backend', 'none', '--disable-network-policy', '--cluster-cidr', '10.42.0.0/16']
          : ['agent', '--server', 'https://192.0.2.10:6443', '--token', '********'],
      );
    const old = { name: 'k3d-dev-agent-old', providerID: 'k3s://k3d-dev-agent-old' };
    registerNodes(
      cluster.kubeconfig,
      [...nodes, old].map((n) => ({ ...n, annotations: { 'k3s.io/node-args': args(n.name) } })),
    );
    nodes.forEach((n, i) => patchNodeInfo(n.name, FLEET[i]!));
    patchNodeInfo(old.name, OLD);
  }, 30 * 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('preflight exits 1 naming the node whose kernel is below the minimum, and 0 once it is gone', () => {
    const r = cli(['preflight', '--config', props]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `BLOCKER  kernel         k3d-dev-agent-old: kernel 5.4.0-204-generic is below 5.10, the minimum for the eBPF dataplane of Calico ${OPERATOR_CALICO}`,
    );
    const report = json<unknown>(cli(['preflight', '--config', props, '--output', 'json']));
    expect(report.findings.filter((f) => f.severity === 'blocker').map((f) => `${f.check} ${f.subject}`)).toEqual(['kernel k3d-dev-agent-old']);
    expect(report.findings.find((f) => f.check === 'distribution')!.message).toBe('the nodes look like k3s');
    expect(report.findings.find((f) => f.check === 'kube-proxy')!.message).toBe('kube-proxy runs, as kubeProxy "coexist" expects');

    cluster.kubectl(['delete', 'node', 'k3d-dev-agent-old']);
    const after = cli(['preflight', '--config', props]);
    expect({ code: after.code, problems: after.stdout.split('\n').filter((l) => l.startsWith('BLOCKER')) }).toEqual({ code: 0, problems: [] });
  });

  it('apply on a platform where nothing installs the operator stops after the namespace and names the helm install', () => {
    // The same cluster as a kubeadm user would have it before `helm install`: no helm-controller in
    // the config's world, no operator, no CRDs. --force past the blocker that says these nodes look like k3s.
    const kubeadm = writeProps('kubeadm.json', {
      distribution: 'kubeadm',
      podCidrs: ['10.42.0.0/16'],
      serviceCidrs: ['10.43.0.0/16'],
      kubeProxy: 'coexist',
      calicoVersion: OPERATOR_CALICO,
      gitops: { flavor: 'flux' },
    } as unknown as CalicoEbpfDataplaneProps);
    const r = cli(['apply', '--config', kubeadm, '--force', '--output', 'json']);
    expect(r.code).toBe(1);
    const report = json<{ objects: { object: string; result: string; reason?: string }[] }>(r);
    expect(report.findings.filter((f) => f.severity === 'blocker').map((f) => [f.check, f.message])).toEqual([
      ['operator', 'no tigera-operator Deployment, and nothing here installs it (no k3s/RKE2 helm-controller)'],
    ]);
    expect(report.findings.find((f) => f.check === 'operator')!.fix).toMatch(
      /^helm install tigera-operator tigera-operator --repo \S+ --version v3\.32\.1 --namespace tigera-operator -f values\.yaml/,
    );
    expect(report.details.objects.filter((o) => o.result === 'created').map((o) => o.object)).toEqual(['Namespace/tigera-operator']);
    expect(report.details.objects.find((o) => o.object === 'Installation/default')).toEqual({
      object: 'Installation/default',
      result: 'skipped',
      reason: 'the operator is not installed yet',
    });
    expect(cluster.get(['namespace', 'tigera-operator'])).toBeDefined();
    expect(cluster.get(['crd', 'installations.operator.tigera.io'])).toBeUndefined();
  });

  it('apply brings Calico up through k3s and the operator, and a second apply changes nothing', async () => {
    const first = cliAsync(['apply', '--config', props, '--timeout', '5m']);
    // What the helm-install Job and the operator's pod would do, while apply waits for the CRDs.
    await eventually(
      'k3s to create the operator HelmChart and its values',
      () => cluster.get(['secret', '-n', 'kube-system', 'chart-values-tigera-operator']),
      180_000,
    );
    runHelmChartJob(cluster.kubeconfig, 'kube-system', 'tigera-operator');
    await cluster.startOperator({ kubeconfig: serviceAccountKubeconfig(cluster.kubeconfig, 'tigera-operator', 'tigera-operator') });
    const r = await first;
    expect(said(r)).toEqual(
      expect.arrayContaining([
        'applying HelmChart/kube-system/tigera-operator',
        'applying Installation/default',
        'applying FelixConfiguration/default',
      ]),
    );
    expect(r.stdout).toMatch(/^ {2}created +Installation\/default$/m);
    expect(r.code).toBe(0);
    const stamps = [
      ['installation', 'default'],
      ['felixconfiguration', 'default'],
      ['helmchart', '-n', 'kube-system', 'tigera-operator'],
    ].map(appliedAt);
    expect(stamps).toEqual([expect.any(String), expect.any(String), expect.any(String)]);

    await new Promise((res) => setTimeout(res, 1100)); // managedFields times have one-second resolution
    const again = cli(['apply', '--config', props]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('ok       apply          cluster: nothing to change: every object is as rendered');
    expect(again.stdout).not.toMatch(/^ {2}(created|configured) /m);
    expect(
      [
        ['installation', 'default'],
        ['felixconfiguration', 'default'],
        ['helmchart', '-n', 'kube-system', 'tigera-operator'],
      ].map(appliedAt),
    ).toEqual(stamps);
  });

  it('status says what this control plane lacks: calico-node is rendered for BPF but never ready', async () => {
    await eventually('the operator to render calico-node', () => cluster.get(['daemonset', '-n', 'calico-system', 'calico-node']));
    const r = cli(['status', '--config', props, '--output', 'json']);
    expect(r.code).toBe(1);
    const report = json<unknown>(r);
    const find = (check: string) => report.findings.filter((f) => f.check === check);
    expect(find('installation')[0]).toMatchObject({ severity: 'ok' });
    expect(find('calico-node')[0]).toMatchObject({
      severity: 'warning',
      message: expect.stringMatching(/^0\/3 ready, [0-3] updated, rendered for BPF$/),
    });
    // The operator sets bpfEnabled (with its annotation) once the DaemonSet's scheduled, updated and
    // available counts agree (upstream isRolloutCompleteWithBPFVolumes). Without a kubelet nothing is
    // ever available, so that happens only if it looks while nothing is scheduled yet (0 = 0 = 0):
    // either is the operator's doing, and status must say which.
    expect(find('bpf')).toEqual([
      expect.objectContaining(
        cluster.get<any>(['felixconfiguration', 'default'])!.metadata.annotations?.['operator.tigera.io/bpfEnabled'] === 'true'
          ? { severity: 'ok', message: 'bpfEnabled true (set by the operator)' }
          : { severity: 'blocker', message: "bpfEnabled is null without the operator's annotation" },
      ),
    ]);
    expect(find('kube-proxy')[0]).toMatchObject({ severity: 'ok', message: 'kube-proxy runs; Felix leaves its rules alone' });

    const waited = cli(['status', '--config', props, '--wait', '--timeout', '12s']);
    expect(waited.code).toBe(1);
    expect(said(waited)).toEqual([
      expect.stringMatching(/^waiting for Calico to be ready \(TigeraStatus Available, calico-node rolled out, bpfEnabled\) \(1\d s of 12 s\)$/),
    ]);
  });

  it('diff exits 0 right after apply, and 1 naming bpfLogLevel after someone patches it', () => {
    const clean = cli(['diff', '--config', props]);
    expect(clean.stdout).not.toContain('BLOCKER');
    expect(clean.code).toBe(0);
    cluster.kubectl(['patch', 'felixconfiguration', 'default', '--type=merge', '-p', '{"spec":{"bpfLogLevel":"Debug"}}']);
    const drifted = cli(['diff', '--config', props]);
    expect(drifted.code).toBe(1);
    expect(drifted.stdout.split('\n').filter((l) => l.startsWith('BLOCKER'))).toEqual([
      'BLOCKER  drift          FelixConfiguration/default: spec.bpfLogLevel is "Debug", rendered "Off"',
    ]);
    // apply puts it back, and says which field it changed.
    expect(cli(['apply', '--config', props]).stdout).toMatch(/^ {2}configured +FelixConfiguration\/default \(spec\.bpfLogLevel\)$/m);
    expect(cli(['diff', '--config', props]).code).toBe(0);
  });

  it("doctor's archive holds the objects and says what it could not collect, and never a Secret's value or a token", () => {
    const secretValue = `planted-${Math.random().toString(36).slice(2)}`;
    const token = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('{"sub":"system:serviceaccount:x:y"}').toString('base64url')}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
    cluster.kubectl(['-n', 'calico-system', 'create', 'secret', 'generic', 'planted', `--from-literal=password=${secretValue}`]);
    cluster.kubectl(['-n', 'calico-system', 'create', 'configmap', 'leaky', `--from-literal=kubeconfig=token: ${token}`]);
    const archive = join(dir, 'doctor.tar.gz');
    const r = cli(['doctor', '--config', props, '--out', archive]);
    expect(r.code).toBe(0);
    const out = join(dir, 'doctor');
    spawnSync('mkdir', ['-p', out]);
    expect(spawnSync('tar', ['-xzf', archive, '-C', out]).status).toBe(0);
    const files: string[] = [];
    const walk = (d: string): void => readdirSync(d).forEach((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : files.push(join(d, f))));
    walk(out);
    const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(text).not.toContain(secretValue);
    expect(text).not.toContain(token);
    expect(readFileSync(join(out, 'calico-doctor', 'objects', 'ConfigMap', 'calico-system_leaky.yaml'), 'utf8')).toContain('<redacted token>');
    expect(parse(readFileSync(join(out, 'calico-doctor', 'objects', 'Installation', 'default.yaml'), 'utf8'))).toMatchObject({
      kind: 'Installation',
      spec: { calicoNetwork: { linuxDataplane: 'BPF' } },
    });
    expect(readFileSync(join(out, 'calico-doctor', 'NOT-COLLECTED.txt'), 'utf8')).toContain('calico-node logs: no calico-node pod is running');
    expect(files.some((f) => f.includes('/logs/tigera-operator'))).toBe(false); // the operator runs outside any pod here
  });

  it('migrate orders the services-endpoint ConfigMap before the switch, and --apply stops at a wait that does not finish', async () => {
    const withEndpoint = writeProps('migrate.json', {
      ...(JSON.parse(readFileSync(props, 'utf8')) as CalicoEbpfDataplaneProps),
      apiServer: { host: '192.0.2.10', port: 6443 },
    } as CalicoEbpfDataplaneProps);
    // What an iptables cluster's Installation looks like: no BPF, and no bpfNetworkBootstrap (upstream
    // refuses that without BPF: the operator goes Degraded and rolls nothing out).
    cluster.kubectl([
      'patch',
      'installation',
      'default',
      '--type=merge',
      '-p',
      '{"spec":{"calicoNetwork":{"linuxDataplane":"Iptables","bpfNetworkBootstrap":null}}}',
    ]);
    const plan = cli(['migrate', '--config', withEndpoint, '--output', 'json']);
    expect(plan.code).toBe(0);
    const ids = json<MigrateDetails>(plan).details.steps.map((s) => s.id);
    expect(ids).toEqual(['services-endpoint', 'wait-endpoint', 'felix', 'switch', 'wait-switch', 'rest']);
    expect(cluster.get(['configmap', '-n', 'tigera-operator', 'kubernetes-services-endpoint'])).toBeUndefined(); // the plan writes nothing

    const applied = cli(['migrate', '--config', withEndpoint, '--apply', '--timeout', '15s', '--output', 'json']);
    expect(applied.code).toBe(1);
    const report = json<MigrateDetails>(applied);
    expect(report.details.applied).toEqual(['services-endpoint']);
    expect(report.findings.filter((f) => f.severity === 'blocker').map((f) => f.message)).toEqual([
      'calico-node rolled out with the API server address: not within 15 s; stopped before the next step',
    ]);
    // The real operator did its part of the step (the address is in calico-node), and the switch was not made.
    const env = (): { name: string; value?: string }[] =>
      cluster
        .get<any>(['daemonset', '-n', 'calico-system', 'calico-node'])!
        .spec.template.spec.containers.find((c: { name: string }) => c.name === 'calico-node').env;
    await eventually(
      'the operator to render calico-node with the address',
      () => env().some((e) => e.name === 'KUBERNETES_SERVICE_HOST' && e.value === '192.0.2.10') || undefined,
      120_000,
    );
    expect(cluster.get<any>(['installation', 'default'])!.spec.calicoNetwork.linuxDataplane).toBe('Iptables');
  });

  it('a user without a permission gets one line naming it; the printed ClusterRole of each command is enough', () => {
    cluster.kubectl(['-n', 'default', 'create', 'serviceaccount', 'nobody']);
    const denied = cli(['preflight', '--config', props], serviceAccountKubeconfig(cluster.kubeconfig, 'default', 'nobody'));
    expect(denied.code).toBe(1);
    expect(said(denied)).toEqual([
      expect.stringMatching(
        /^calico-ebpf preflight: missing RBAC permission while [^:]+: system:serviceaccount:default:nobody may not (get|list) [a-z]+ .*; grant it \(--print-rbac prints the ClusterRole this command needs\)$/,
      ),
    ]);

    for (const [command, ...extra] of [
      ['preflight'],
      ['status'],
      ['diff'],
      ['doctor', '--out', join(dir, 'rbac-doctor.tar.gz')],
      ['apply', '--dry-run'],
      ['migrate'],
    ] as const) {
      const sa = `calico-ebpf-${command}`;
      cluster.kubectl(['-n', 'default', 'create', 'serviceaccount', sa]);
      cluster.kubectl(['apply', '-f', '-'], cli([command, '--print-rbac']).stdout);
      cluster.kubectl(['create', 'clusterrolebinding', sa, `--clusterrole=${sa}`, `--serviceaccount=default:${sa}`]);
      const r = cli([command, '--config', props, ...extra, '--output', 'json'], serviceAccountKubeconfig(cluster.kubeconfig, 'default', sa));
      // Progress lines are fine ("would apply …" on a dry run); nothing may say a permission is missing.
      expect({ command, said: said(r).filter((l) => /RBAC|forbidden|permission|error/i.test(l)) }).toEqual({ command, said: [] });
      const report = json<{ notCollected?: string[] }>(r);
      expect({ command, forbidden: (report.details.notCollected ?? []).filter((n) => /RBAC|forbidden/.test(n)) }).toEqual({ command, forbidden: [] });
    }
  });
});

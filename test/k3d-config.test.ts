/**
 * The k3d cluster config: a file of its own outside the GitOps tree, reading the k3s manifests
 * by path (k3d expands environment variables in the config file itself), with a network whose
 * server-0 address is known before the cluster exists (kubeProxy "replace").
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../lib/cli/main';
import { resolveCalicoEbpfDataplane } from '../lib/core/internal';
import { validationErrorOf } from './support/errors';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'k3d-config-'));
const props = (dir: string, text: string): string => {
  writeFileSync(join(dir, 'props.yaml'), text);
  return join(dir, 'props.yaml');
};

describe('kubeProxy "replace" on k3d', () => {
  it('takes server-0’s address from the network k3d creates: 172.28.0.3 in the default subnet', () => {
    const config = resolveCalicoEbpfDataplane({ kubeProxy: 'replace', k3d: { name: 'dev' } });
    expect(config.k3d!.subnet).toBe('172.28.0.0/16');
    expect(config.apiServer).toEqual({ host: '172.28.0.3', port: 6443 });
    expect(config.k3d!.serverArgs).toContain('--disable-kube-proxy');
  });

  it('follows a subnet the user chose, and leaves an explicit apiServer alone', () => {
    expect(resolveCalicoEbpfDataplane({ kubeProxy: 'replace', k3d: { subnet: '10.200.7.0/24' } }).apiServer).toEqual({
      host: '10.200.7.3',
      port: 6443,
    });
    const explicit = resolveCalicoEbpfDataplane({ kubeProxy: 'replace', apiServer: { host: '172.18.0.2', port: 6443 }, k3d: {} });
    expect([explicit.apiServer?.host, explicit.k3d!.subnet]).toEqual(['172.18.0.2', undefined]);
    // Without kubeProxy "replace", k3d picks a free range itself (two clusters never collide).
    expect(resolveCalicoEbpfDataplane({ k3d: {} }).k3d!.subnet).toBeUndefined();
  });

  it('refuses a subnet that is not IPv4, too small, or overlaps the pod or service ranges', () => {
    expect(validationErrorOf(() => resolveCalicoEbpfDataplane({ k3d: { subnet: 'fd00::/64' } })).problems[0]!.message).toBe(
      `'k3d.subnet' must be an IPv4 network of at least 8 addresses without host bits, e.g. "172.28.0.0/16", got "fd00::/64"`,
    );
    expect(validationErrorOf(() => resolveCalicoEbpfDataplane({ k3d: { subnet: '10.0.0.0/30' } })).problems[0]!.path).toBe('k3d.subnet');
    expect(validationErrorOf(() => resolveCalicoEbpfDataplane({ k3d: { subnet: '10.42.0.0/24' } })).problems[0]!.message).toBe(
      `'k3d.subnet' "10.42.0.0/24" overlaps "10.42.0.0/16", a pod or service range of the cluster: the nodes' network must be apart from them; choose another range`,
    );
  });
});

describe('calico-ebpf synth --out with k3d', () => {
  const text =
    'distribution: k3s\ngitops: { flavor: k3s }\nkubeProxy: replace\nk3d: { name: dev }\nobservability: { alerts: true }\nfelix: { scale: k3d-dev }\n';

  it('writes the config beside --out, never in it, reading the manifests by relative path with $ intact', () => {
    const dir = tmp();
    const out = join(dir, 'gitops');
    const r = runCli(['synth', '--config', props(dir, text), '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['gitops', 'k3d-dev.yaml', 'props.yaml']);
    const file = readFileSync(join(dir, 'k3d-dev.yaml'), 'utf8');
    expect(file.startsWith('# Written by calico-ebpf: a k3d cluster config')).toBe(true);
    const k3d = parse(file) as { subnet: string; files: { source: string; destination: string }[] };
    expect(k3d.subnet).toBe('172.28.0.0/16');
    for (const f of k3d.files) {
      expect(f.source).toMatch(/^gitops\/calico-k3s-manifests\/[a-z0-9-]+\.yaml$/);
      expect(existsSync(join(dir, f.source))).toBe(true);
    }
    // The alert templates keep their $: k3d expands variables only in the config file.
    expect(file).not.toContain('$');
    expect(k3d.files.map((f) => readFileSync(join(dir, f.source), 'utf8')).join('')).toContain('{{ $labels.pod }}');
    expect(r.stdout).toContain(`k3d cluster create --config ${join(dir, 'k3d-dev.yaml')}   # k3s without flannel`);
    expect(r.stdout).toContain('(network 172.28.0.0/16, server-0 at its third address)');
  });

  it('refuses a --k3d-config inside --out before writing anything', () => {
    const dir = tmp();
    const out = join(dir, 'gitops');
    const r = runCli(['synth', '--config', props(dir, text), '--out', out, '--k3d-config', join(out, 'k3d.yaml')]);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `calico-ebpf: --k3d-config ${join(out, 'k3d.yaml')} is inside --out ${out}, the folder a GitOps tool reads; the k3d config is not a Kubernetes object: give --k3d-config a file outside it\n`,
    });
    expect(existsSync(out)).toBe(false);
  });

  it('never overwrites a file it did not write', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'k3d.yaml'), 'apiVersion: k3d.io/v1alpha5\nkind: Simple\n');
    const r = runCli(['synth', '--config', props(dir, text), '--out', join(dir, 'gitops'), '--k3d-config', join(dir, 'mine', 'k3d.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `calico-ebpf: ${join(dir, 'mine', 'k3d.yaml')} exists but calico-ebpf did not write it; move it away or choose another file (nothing was written)\n`,
    );
    expect(readFileSync(join(dir, 'mine', 'k3d.yaml'), 'utf8')).toBe('apiVersion: k3d.io/v1alpha5\nkind: Simple\n');
    // Refused before anything was written: no GitOps tree either.
    expect(existsSync(join(dir, 'gitops'))).toBe(false);
    // What it wrote itself, it rewrites.
    expect(runCli(['synth', '--config', props(dir, text), '--out', join(dir, 'gitops')]).code).toBe(0);
    expect(runCli(['synth', '--config', props(dir, text), '--out', join(dir, 'gitops')]).code).toBe(0);
  });
});

describe('k3d details', () => {
  it('does not ask to remove kube-proxy first: the k3d config starts k3s without it', () => {
    const codes = resolveCalicoEbpfDataplane({ kubeProxy: 'replace', k3d: {} }).warnings.map((w) => w.code);
    expect(codes).not.toContain('KUBE_PROXY_MUST_GO_FIRST');
    expect(resolveCalicoEbpfDataplane({ kubeProxy: 'replace', apiServer: { host: '10.0.0.1', port: 6443 } }).warnings.map((w) => w.code)).toContain(
      'KUBE_PROXY_MUST_GO_FIRST',
    );
  });

  it('with --out ".", the default config goes to the folder’s real parent', () => {
    const dir = tmp();
    const out = join(dir, 'tree');
    mkdirSync(out);
    writeFileSync(join(out, 'props.yaml'), 'distribution: k3s\nk3d: { name: dot }\n');
    const cwd = process.cwd();
    process.chdir(out);
    try {
      const r = runCli(['synth', '--config', 'props.yaml', '--out', '.']);
      expect(r.code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(existsSync(join(dir, 'k3d-dot.yaml'))).toBe(true);
    expect(readdirSync(out).filter((f) => f.startsWith('k3d'))).toEqual([]);
  });
});

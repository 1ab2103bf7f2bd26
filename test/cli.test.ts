import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../lib/cli/main';
import { buildApp } from '../examples/cdk8s/main';
import { CalicoEbpfDataplane } from '../lib/cdk8s';

const EXAMPLE = join(__dirname, 'fixtures', 'example.json');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'calico-ebpf-'));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

describe('calico-ebpf synth', () => {
  it('prints every object as YAML on stdout', () => {
    const r = runCli(['synth', '--config', EXAMPLE]);
    expect(r.code).toBe(0);
    const kinds = parseAllDocuments(r.stdout).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds).toEqual([
      // k3s bootstrap: namespace, then the operator HelmChart
      'Namespace',
      'HelmChart',
      // Flux, operator layer, resources layer
      'Kustomization',
      'Kustomization',
      'Namespace',
      'HelmRepository',
      'HelmRelease',
      'FelixConfiguration',
      'Installation',
      'APIServer',
      'Goldmane',
      'Whisker',
    ]);
    // The k3d config reads the k3s manifests from files: it needs --out.
    expect(r.stderr).toContain('calico-ebpf: the k3d cluster config is written with --out (it reads the k3s manifests written there)\n');
  });

  it('with --out prints the layers in apply order and the steps for the flavor', () => {
    const dist = tmp();
    const out = join(dist, 'calico');
    const r = runCli(['synth', '--config', EXAMPLE, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`k3d cluster create --config ${dist}/k3d-dev.yaml   # k3s without flannel`);
    expect(r.stdout).toMatch(
      /Hand over to Flux:[\s\S]*helmcharts\.helm\.cattle\.io\/unmanaged=true[\s\S]*reference only \.\/dist\/calico\/calico-flux/,
    );
    // The tool stops first (it would put the Installation back), then the Installation goes while the operator runs.
    expect(r.stdout).toMatch(
      /Tear down on purpose[\s\S]*1\. stop Flux first, or it re-applies what you delete: flux suspend kustomization calico-operator calico-resources -n flux-system\n {2}2\. kubectl delete installation default --wait/,
    );
    // k3d ≥ 5.6.2 makes / shared itself (K3D_FIX_MOUNTS): no warning about it on every k3d config.
    expect(r.stderr).toContain('warning UNTESTED_DISTRIBUTION (low): k3s and k3d are not among the distributions Calico lists as tested for eBPF');
    expect(r.stderr).not.toMatch(/shared mount/);
  });

  it('writes the same files, byte for byte, as the cdk8s example', () => {
    const fromCli = tmp();
    const fromCdk8s = tmp();
    expect(runCli(['synth', '--config', EXAMPLE, '--out', join(fromCli, 'calico')]).code).toBe(0);
    CalicoEbpfDataplane.writeLayers(buildApp(), join(fromCdk8s, 'calico'));
    const files = listFiles(fromCdk8s);
    expect(files).toContain('k3d-dev.yaml');
    // Both record which folders and files they wrote (for cleaning up on the next run).
    expect(files).toContain('calico/.calico-ebpf-synth.json');
    expect(listFiles(fromCli)).toEqual(files);
    for (const f of files) expect(readFileSync(join(fromCli, f), 'utf8')).toBe(readFileSync(join(fromCdk8s, f), 'utf8'));
  });

  it('reads YAML props files too', () => {
    const dir = tmp();
    const file = join(dir, 'props.yaml');
    writeFileSync(file, 'distribution: rke2\ngitops:\n  flavor: k3s\n');
    const r = runCli(['synth', '--config', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kind: HelmChart[\s\S]*namespace: kube-system/);
  });

  it('fails with every message and exit code 1 on invalid props', () => {
    const dir = tmp();
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ distribuiton: 'k3s', kubeProxy: 'replace', felix: { mapSizeConntrack: -5 } }));
    const r = runCli(['synth', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/'distribuiton' is not a known setting; did you mean 'distribution'\?/);
    expect(r.stderr).toMatch(/'kubeProxy' "replace" needs 'apiServer'/);
    expect(r.stderr).toMatch(/'felix\.mapSizeConntrack' must be from 1 to 134217728, got -5/);
  });

  it('fails with exit code 2 on usage errors and prints help on --help', () => {
    expect(runCli(['synth'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/synth needs --config/) });
    expect(runCli(['synth', '--confg', 'x'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option "--confg"/) });
    expect(runCli(['synth', '--help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/Usage: calico-ebpf synth --config/) });
    expect(runCli(['nope'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command "nope"/) });
  });

  it('parses options with node:util parseArgs and turns its errors into one usage line', () => {
    const usage = (args: string[]): { code: number; stderr: string } => {
      const r = runCli(args);
      return { code: r.code, stderr: r.stderr };
    };
    expect(usage(['synth', '--config'])).toEqual({ code: 2, stderr: 'calico-ebpf: option --config needs a value\n' });
    expect(usage(['synth', '--config', '--out', 'x'])).toEqual({ code: 2, stderr: 'calico-ebpf: option --config needs a value\n' });
    expect(usage(['synth', 'cluster.yaml'])).toEqual({
      code: 2,
      stderr: 'calico-ebpf: unknown option "cluster.yaml"; known: --config, --out, --k3d-config, --ack\n',
    });
    expect(usage(['synth', '-x'])).toEqual({ code: 2, stderr: 'calico-ebpf: unknown option "-x"; known: --config, --out, --k3d-config, --ack\n' });
    expect(usage(['synth', '--config=a', '--', '--out'])).toEqual({
      code: 2,
      stderr: 'calico-ebpf: "--" is not an option; known: --config, --out, --k3d-config, --ack\n',
    });
    expect(usage(['upgrade', '--help=yes'])).toEqual({ code: 2, stderr: 'calico-ebpf: option --help takes no value\n' });
    // `--name=value` and a dash-led value after a space both reach validation.
    expect(runCli(['synth', '--config=test/fixtures/example.json']).code).toBe(0);
    expect(runCli(['tune', '--nodes', '-3']).stderr).toMatch(/--nodes/);
  });

  it('reports a missing or malformed file in one line', () => {
    expect(runCli(['synth', '--config', '/nonexistent.json'])).toMatchObject({
      code: 1,
      stderr: 'calico-ebpf: config file /nonexistent.json does not exist; pass the path of a JSON or YAML file with the dataplane props\n',
    });
    const file = join(tmp(), 'broken.json');
    writeFileSync(file, '{ "distribution": ');
    expect(runCli(['synth', '--config', file]).stderr).toMatch(/^calico-ebpf: config file .*broken\.json is not valid JSON/);
  });

  it.each([
    [
      'an empty file',
      'empty.yaml',
      '',
      /^calico-ebpf: config file \S+empty\.yaml is empty; it must hold the dataplane props as an object, e\.g\. "distribution: k3s"\n$/,
    ],
    [
      'a YAML list',
      'list.yaml',
      '- distribution: k3s\n',
      /^calico-ebpf: config file \S+list\.yaml holds a list, but it must hold the dataplane props as an object/,
    ],
    ['a JSON null', 'null.json', 'null', /^calico-ebpf: config file \S+null\.json holds nothing, but it must hold the dataplane props as an object/],
    ['a bare string', 'str.yaml', 'k3s\n', /^calico-ebpf: config file \S+str\.yaml holds a single string, but it must hold/],
    ['a wrong extension', 'props.txt', 'distribution: k3s', /^calico-ebpf: config file \S+props\.txt must end in \.json, \.yaml or \.yml\n$/],
  ])('reports %s in one sentence', (_what, name, content, message) => {
    const file = join(tmp(), name);
    writeFileSync(file, content);
    const r = runCli(['synth', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a directory in one sentence', () => {
    const dir = tmp();
    expect(runCli(['synth', '--config', dir])).toMatchObject({
      code: 1,
      stderr: `calico-ebpf: config file ${dir} is a directory; pass the path of a JSON or YAML file inside it\n`,
    });
  });

  it('prints its version', () => {
    const version = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version;
    expect(runCli(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('runs as a process: non-zero exit, messages, no stack trace', () => {
    const file = join(tmp(), 'bad.json');
    writeFileSync(file, JSON.stringify({ serviceMesh: 'istio', connectTimeLoadBalancing: 'TCP' }));
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'lib', 'cli', 'main.ts'), 'synth', '--config', file], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/MESH_WITH_CTLB/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

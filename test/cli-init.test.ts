/**
 * `calico-ebpf init`: a starter config per distribution that `synth --config` accepts as is; what a
 * distribution cannot default is asked for by flag, never filled with a made-up value.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../lib/cli/main';
import { saidBesidesWarnings } from './support/errors';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'calico-ebpf-init-'));

/** Each distribution with the flags it needs (the values a user would pass). */
const CASES: [string, string[]][] = [
  ['k3s', []],
  ['k3d', []],
  ['kind', []],
  ['rke2', []],
  ['talos', []],
  ['kubeadm', ['--pod-cidr', '10.244.0.0/16']],
  ['eks', ['--api-server', 'ABCD1234EF.gr7.eu-west-1.eks.amazonaws.com']],
  ['aks', ['--api-server', 'dev-abc123.hcp.westeurope.azmk8s.io:443']],
  ['openshift', ['--api-server', 'api-int.dev.example.com:6443']],
];

describe('calico-ebpf init', () => {
  it.each(CASES)('%s: writes a commented starter that synth accepts as is', (distribution, flags) => {
    const dir = tmp();
    const file = join(dir, 'calico.yaml');
    const r = runCli(['init', '--distribution', distribution, ...flags, '--out', file]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const text = readFileSync(file, 'utf8');
    // The schema line points at the package's real schema file, relative to the config.
    const schema = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)![1]!;
    expect(resolve(dir, schema)).toBe(resolve(__dirname, '..', 'schema', 'calico-ebpf-config.schema.json'));
    expect(existsSync(resolve(dir, schema))).toBe(true);
    expect(parse(text)).toMatchObject({ distribution });
    const synth = runCli(['synth', '--config', file, '--out', join(dir, 'dist')]);
    expect({ code: synth.code, stderr: saidBesidesWarnings(synth.stderr) }).toEqual({ code: 0, stderr: [] });
  });

  it('carries the flag values into the config (host and port, pod CIDR)', () => {
    const aks = parse(runCli(['init', '--distribution', 'aks', '--api-server', 'dev-abc123.hcp.westeurope.azmk8s.io:443']).stdout);
    expect(aks.apiServer).toEqual({ host: 'dev-abc123.hcp.westeurope.azmk8s.io', port: 443 });
    const kubeadm = parse(runCli(['init', '--distribution', 'kubeadm', '--pod-cidr', '10.20.0.0/16']).stdout);
    expect(kubeadm.podCidrs).toEqual(['10.20.0.0/16']);
    expect(parse(runCli(['init']).stdout)).toMatchObject({ distribution: 'k3s', kubeProxy: 'coexist' });
  });

  it('asks for what the distribution cannot default, naming the flag and where the value comes from', () => {
    expect(runCli(['init', '--distribution', 'eks'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'calico-ebpf: EKS needs the API server address (the platform requires the kubernetes-services-endpoint ConfigMap): --api-server <the cluster endpoint host name (kubectl cluster-info, e.g. ABCD.gr7.<region>.eks.amazonaws.com), port 443>\n',
    });
    expect(runCli(['init', '--distribution', 'kubeadm']).stderr).toBe(
      'calico-ebpf: kubeadm has no default pod CIDR: --pod-cidr <kubeadm init --pod-network-cidr (kubeadm-config podSubnet)>\n',
    );
    expect(runCli(['init', '--distribution', 'gke'])).toMatchObject({
      code: 2,
      stderr: 'calico-ebpf: --distribution "gke" is not one of k3s, k3d, kind, kubeadm, rke2, eks, aks, openshift, talos\n',
    });
  });

  it('a bad flag value fails as the config would, with the validation message', () => {
    expect(runCli(['init', '--distribution', 'kubeadm', '--pod-cidr', '10.20.0.0/33'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'invalid Calico eBPF configuration (1 problem):\n  - [INVALID_CIDR] \'podCidrs[0]\' must be a CIDR such as "10.42.0.0/16" or "fd00:10:42::/56", got "10.20.0.0/33"\n',
    });
    // A value that is not even YAML-safe still reaches validation as the string it is.
    expect(runCli(['init', '--distribution', 'kubeadm', '--pod-cidr', 'a], b: [c']).stderr).toMatch(
      /'podCidrs\[0\]' must be a CIDR .*, got "a\], b: \[c"/,
    );
  });

  it('never overwrites a file', () => {
    const file = join(tmp(), 'calico.yaml');
    writeFileSync(file, 'mine: true\n');
    expect(runCli(['init', '--out', file])).toMatchObject({
      code: 2,
      stderr: `calico-ebpf: ${file} exists; init never overwrites a file: choose another --out or remove it\n`,
    });
    expect(readFileSync(file, 'utf8')).toBe('mine: true\n');
  });
});

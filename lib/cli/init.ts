/**
 * `calico-ebpf init`: a commented starter config for one distribution, that `synth --config`
 * accepts as is. What a distribution cannot default (kubeadm's pod CIDR, the API-server address on
 * managed control planes or without kube-proxy) is asked for with a flag instead of a placeholder,
 * so the file never carries a made-up value into a cluster. The file is validated before it is
 * written: what init writes, synth accepts.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { DISTRIBUTION_PRESETS, Distribution, resolveCalicoEbpfDataplane, type CalicoEbpfDataplaneProps, type PresetName } from '../core/internal';

export const INIT_HELP = `Usage: calico-ebpf init [--distribution NAME] [--api-server HOST[:PORT]] [--pod-cidr CIDR] [--out FILE]

Writes a commented starter config (YAML, with the JSON Schema line editors use) for one
distribution; 'calico-ebpf synth --config FILE' accepts it as is. Without --out it prints it.

  --distribution  ${Object.values(Distribution).join(', ')} (default k3s)
  --api-server    the API server address, when the distribution needs one (EKS, AKS, OpenShift,
                  and wherever kube-proxy is replaced): init says when
  --pod-cidr      the cluster's pod CIDR, when the distribution has no default (kubeadm, Talos, …)
  --out           the file to write; an existing file is never overwritten
`;

export interface InitOptions {
  readonly distribution?: string;
  readonly apiServer?: string;
  readonly podCidr?: string;
  readonly out?: string;
}

const SCHEMA = join(__dirname, '..', '..', 'schema', 'calico-ebpf-config.schema.json');

function presetOf(distribution: string): PresetName {
  return (distribution === Distribution.K3D ? Distribution.K3S : distribution) as PresetName;
}

/** `host` or `host:port` (an IPv6 address in brackets with a port). */
function parseAddress(value: string): { host: string; port?: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(value) ?? /^([^:]+):(\d+)$/.exec(value);
  return m ? { host: m[1]!, port: Number(m[2]) } : { host: value };
}

export function runInit(opts: InitOptions, usage: (message: string) => Error): { stdout: string; stderr: string } {
  const distribution = opts.distribution ?? Distribution.K3S;
  const names = Object.values(Distribution) as string[];
  if (!names.includes(distribution)) throw usage(`--distribution ${JSON.stringify(distribution)} is not one of ${names.join(', ')}`);
  const preset = DISTRIBUTION_PRESETS[presetOf(distribution)];
  const kubeProxy = preset.kubeProxyModes[0]!;
  const needsApiServer = preset.endpointRequired || kubeProxy === 'replace';
  if (needsApiServer && !opts.apiServer)
    throw usage(
      `${preset.title} needs the API server address (${preset.endpointRequired ? 'the platform requires the kubernetes-services-endpoint ConfigMap' : 'kube-proxy is replaced by default'}): --api-server <${preset.endpointHint}>`,
    );
  if (!preset.podCidrs && !opts.podCidr) throw usage(`${preset.title} has no default pod CIDR: --pod-cidr <${preset.podCidrSource}>`);

  const out = opts.out ? resolve(opts.out) : undefined;
  if (out && existsSync(out)) throw usage(`${opts.out} exists; init never overwrites a file: choose another --out or remove it`);
  const schema = relative(out ? dirname(out) : process.cwd(), SCHEMA) || SCHEMA;
  const address = opts.apiServer ? parseAddress(opts.apiServer) : undefined;

  const lines = [
    `# yaml-language-server: $schema=${schema}`,
    `# Calico eBPF dataplane on ${preset.title}: render it with`,
    `#   npx -p calico-ebpf-constructs calico-ebpf synth --config ${out ? relative(process.cwd(), out) : 'FILE'} --out dist`,
    `# Every prop and its default: docs/props.md in the package; editors complete them from the schema above.`,
    `distribution: ${distribution}`,
  ];
  if (!preset.podCidrs)
    lines.push(
      `# The cluster's pod CIDR (${preset.podCidrSource}); the operator refuses pools outside it.`,
      `podCidrs: ${JSON.stringify([opts.podCidr])}`,
    );
  else if (opts.podCidr)
    lines.push(
      `# The pod CIDR this cluster was created with (default ${preset.podCidrs.join(', ')}).`,
      `podCidrs: ${JSON.stringify([opts.podCidr])}`,
    );
  lines.push(
    `# kube-proxy: ${preset.kubeProxyModes.map((m, i) => (i === 0 ? `${m} (default)` : m)).join(', ')}; ${preset.kubeProxyNote}`,
    `kubeProxy: ${kubeProxy}`,
  );
  if (address) {
    lines.push(
      `# How calico-node reaches the API server without Services: ${preset.endpointHint}.`,
      'apiServer:',
      `  host: ${JSON.stringify(address.host)}`,
    );
    if (address.port !== undefined) lines.push(`  port: ${address.port}`);
  }
  lines.push(
    '# Istio, Linkerd or none: decides connect-time load balancing and the Felix fields a mesh needs.',
    'serviceMesh: none',
    '# BPF map sizes for the cluster you run: a profile (k3d-dev, small, medium, large) or { profile, nodes, … }.',
    'felix:',
    '  scale: small',
  );
  lines.push(
    `# Who applies the output after bring-up: flux (default), argocd (needs repoURL)${preset.manifestsDir ? `, or k3s alone (its manifests folder ${preset.manifestsDir})` : ''}.`,
    'gitops:',
    '  flavor: flux',
  );
  if (distribution === Distribution.K3D)
    lines.push('# The k3d cluster config written beside the layers (k3d cluster create --config …).', 'k3d:', '  name: dev', '  agents: 2');
  const text = `${lines.join('\n')}\n`;

  // What init writes, synth accepts: a validation error here is a bug or a bad flag value, said as such.
  resolveCalicoEbpfDataplane(parse(text) as CalicoEbpfDataplaneProps);
  if (!out) return { stdout: text, stderr: '' };
  writeFileSync(out, text, { flag: 'wx' });
  return { stdout: `wrote ${relative(process.cwd(), out)}\n`, stderr: '' };
}

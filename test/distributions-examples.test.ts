/**
 * examples/distributions: one CLI config per platform. Each synthesizes through the CLI into
 * objects the upstream CRDs accept, prints the steps to prepare that platform, and its comments
 * carry the same cluster flags the library prints (so the example cannot drift from the code).
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  clusterSetup,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
} from '../lib/core/internal';
import { runSynth } from '../lib/cli/synth';
import { CrdValidator } from './support/crd-validator';

const DIR = join(__dirname, '..', 'examples', 'distributions');
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** Flag-like tokens of the set-up steps (`--x=y`, `key: value` pairs) that the example comments must repeat. */
function flagTokens(steps: readonly string[]): string[] {
  const tokens =
    steps
      .join(' ')
      .replace(/"/g, '')
      .match(
        /--[a-z0-9-]+(=[^\s,;)]+)?|\b(cni|cluster-cidr|service-cidr|disable-kube-proxy|disableDefaultCNI|podSubnet|networkType|deployKubeProxy): [^\s,;)]+/g,
      ) ?? [];
  // k3d's --k3s-arg wrapper is a hint for k3d users, not a k3s flag.
  return tokens.filter((t) => t !== '--k3s-arg');
}

describe('examples/distributions', () => {
  let validator: CrdValidator;
  beforeAll(() => {
    validator = CrdValidator.fromGenerated();
  });

  it('covers every preset', () => {
    expect(files).toEqual(['aks.yaml', 'eks.yaml', 'k3s.yaml', 'kind.yaml', 'kubeadm.yaml', 'openshift.yaml', 'rke2.yaml', 'talos.yaml']);
  });

  it.each(files)('%s synthesizes into valid objects and prints how to prepare the cluster', (file) => {
    const path = join(DIR, file);
    const props = parse(readFileSync(path, 'utf8')) as CalicoEbpfDataplaneProps;
    const config = resolveCalicoEbpfDataplane(props);
    expect(config.distribution).toBe(file.replace('.yaml', ''));
    for (const obj of renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)).flatMap((l) => l.objects)) {
      if (validator.has(obj)) expect([obj.kind, validator.errors(obj)]).toEqual([obj.kind, []]);
    }
    const out = mkdtempSync(join(tmpdir(), 'dist-'));
    const { stdout } = runSynth({ config: path, out });
    const steps = clusterSetup(config);
    expect(stdout).toContain(`Prepare the cluster (`);
    for (const step of steps) expect(stdout).toContain(step);
  });

  it.each(files)('%s: its comments carry the cluster flags the library prints', (file) => {
    const text = readFileSync(join(DIR, file), 'utf8');
    const config = resolveCalicoEbpfDataplane(parse(text) as CalicoEbpfDataplaneProps);
    const comments = text
      .split('\n')
      .filter((l) => l.trimStart().startsWith('#'))
      .join('\n');
    for (const token of flagTokens(clusterSetup(config))) expect([file, token, comments.includes(token)]).toEqual([file, token, true]);
  });
});

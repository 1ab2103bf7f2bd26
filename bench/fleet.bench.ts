/**
 * Fleet and throughput benchmark (not a test): prints figures and ratios measured in one run,
 * asserts nothing.
 *
 *   npm run bench:fleet            # N = 100, 1,000 and 10,000
 *   npm run bench:fleet -- --quick # N = 20 and 100 (minutes less)
 *
 * - N clusters in one App synthesized to a folder (each N in a fresh process: time, peak RSS),
 *   against N runs of `helm template` of the real tigera-operator chart with the same values
 *   (a real helm, ../shared/reference/calico/charts/tigera-operator). Target ≤ 0.05× at the larger N,
 *   and time linear in N.
 * - core resolve + render + GitOps layers per second (target ≥ 20,000), the same plus YAML text
 *   (target ≥ 5,000), and one `calico-ebpf synth` process against one `helm template` (target ≤ 1.5×).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  objectToYaml,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  type CalicoEbpfDataplaneProps,
} from '../lib/core/internal';
import { REFERENCE_DIR } from '../test/support/reference';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { k8sTools } = require('../scripts/k8s-tools.js') as { k8sTools: () => { helm: string } };

const quick = process.argv.includes('--quick');
const sizes = quick ? [20, 100] : [100, 1000, 10_000];
const check = (ok: boolean): string => (ok ? 'met' : 'MISSED');
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const repo = join(__dirname, '..');

function timeHelm(helm: string, chart: string, values: string, runs: number): number {
  const start = now();
  for (let i = 0; i < runs; i++)
    execFileSync(helm, ['template', 'tigera-operator', chart, '--namespace', 'tigera-operator', '--kube-version', '1.33.0', '-f', values], {
      stdio: 'pipe',
    });
  return now() - start;
}

function throughput(label: string, props: CalicoEbpfDataplaneProps, withYaml: boolean, seconds = 2): number {
  return throughputOf(label, () => props, withYaml, seconds);
}

function throughputOf(label: string, next: () => CalicoEbpfDataplaneProps, withYaml = true, seconds = 2): number {
  let n = 0;
  const start = now();
  while (now() - start < seconds * 1000) {
    const config = resolveCalicoEbpfDataplane(next());
    const layers = renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
    if (withYaml) for (const l of layers) for (const o of l.objects) objectToYaml(o);
    n++;
  }
  const perSecond = (n * 1000) / (now() - start);
  console.log(`  ${label}: ${Math.round(perSecond)} configs/s`);
  return perSecond;
}

console.log('core throughput (one process, 2 s each)');
const plain = throughput('resolve+render, default props', {}, false);
const sized = throughput('resolve+render, felix.scale k3d-dev', { felix: { scale: 'k3d-dev' } }, false);
throughput(
  'resolve+render, escape hatch checked against the CRD',
  { felix: { additionalSpec: { chainInsertMode: 'Append', routeTableRange: { min: 1, max: 250 } } } },
  false,
);
throughput(
  'resolve+render, kubeadm preset with typed Installation settings',
  {
    distribution: 'kubeadm',
    podCidrs: ['10.20.0.0/16'],
    mtu: 1450,
    nodeAddressAutodetectionV4: { kubernetes: 'NodeInternalIP' },
    calicoNodeResources: { requests: { memory: '512Mi' } },
  },
  false,
);
throughput(
  'resolve+render, EKS preset (ConfigMap, node DNS)',
  { distribution: 'eks', apiServer: { host: 'ABCD.gr7.eu-west-1.eks.amazonaws.com' } },
  false,
);
console.log(`  target >= 20000 configs/s: ${check(plain >= 20_000)} without scale, ${check(sized >= 20_000)} with scale`);
const yamlPlain = throughput('resolve+render+YAML, default props', {}, true);
// A fleet: every config differs (its name is in the GitOps objects), most objects repeat (YamlMemo).
let fleetIndex = 0;
const profiles = ['k3d-dev', 'small', 'medium'] as const;
const yamlFleet = throughputOf('resolve+render+YAML, 1,000 cluster names × 3 profiles', () => {
  fleetIndex++;
  return { clusterName: `c${fleetIndex % 1000}`, felix: { scale: profiles[fleetIndex % 3]! } };
});
console.log(`  target >= 5000 configs/s with YAML: ${check(yamlPlain >= 5_000)} with one config, ${check(yamlFleet >= 5_000)} across a fleet`);

let helm: string | undefined;
try {
  helm = k8sTools().helm;
} catch (e) {
  console.log(`helm comparisons skipped: ${(e as Error).message}`);
}
if (!REFERENCE_DIR) console.log('helm comparisons skipped: ../shared/reference not found');
if (helm && REFERENCE_DIR) {
  const chart = join(REFERENCE_DIR, 'calico', 'charts', 'tigera-operator');
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const values = join(dir, 'values.yaml');
  writeFileSync(values, JSON.stringify(resolveCalicoEbpfDataplane({}).helmValues));
  timeHelm(helm, chart, values, 3); // warm the page cache
  const helmOne = timeHelm(helm, chart, values, 10) / 10;
  const config = join(repo, 'examples', 'k3d', 'cluster.yaml');
  // The CLI as installed: compiled JavaScript (bin/ would otherwise run the sources through tsx).
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'pipe' });
  const median = (f: () => void): number => {
    const times = Array.from({ length: 5 }, () => {
      const s = now();
      f();
      return now() - s;
    }).sort((x, y) => x - y);
    return times[2]!;
  };
  const cli = median(() =>
    execFileSync(process.execPath, [join(repo, 'bin', 'calico-ebpf.js'), 'synth', '--config', config, '--out', join(dir, 'cli')], { stdio: 'pipe' }),
  );
  const nodeAlone = median(() => execFileSync(process.execPath, ['-e', ''], { stdio: 'pipe' }));
  console.log('one configuration (median of 5 processes)');
  console.log(
    `  helm template (real chart): ${helmOne.toFixed(0)} ms; calico-ebpf synth process: ${cli.toFixed(0)} ms; ratio ${(cli / helmOne).toFixed(2)} (target <= 1.5: ${check(cli / helmOne <= 1.5)})`,
  );
  console.log(
    `  of which Node.js starting an empty script: ${nodeAlone.toFixed(0)} ms (${(nodeAlone / helmOne).toFixed(2)}x one helm template by itself)`,
  );

  console.log('fleet: N clusters in one cdk8s App, synthesized to a folder, vs N helm template runs');
  const results: Array<{ n: number; ms: number }> = [];
  const rss: Array<{ n: number; mib: number }> = [];
  for (const n of sizes) {
    const out = join(dir, `fleet-${n}`);
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'fleet-synth.ts'), String(n), out], {
      encoding: 'utf8',
      cwd: repo,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) throw new Error(child.stderr);
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as { ms: number; maxRssKiB: number; files: number };
    rss.push({ n, mib: r.maxRssKiB / 1024 });
    const helmN = n <= 100 ? timeHelm(helm, chart, values, n) : helmOne * n;
    const note = n <= 100 ? 'measured' : `estimated from ${10} runs (${helmOne.toFixed(0)} ms each)`;
    results.push({ n, ms: r.ms });
    console.log(
      `  N=${n}: synth ${r.ms.toFixed(0)} ms (${r.files} files, peak RSS ${(r.maxRssKiB / 1024).toFixed(0)} MiB); helm ${helmN.toFixed(0)} ms (${note}); ratio ${(r.ms / helmN).toFixed(3)}${n === sizes[sizes.length - 1] ? ` (target <= 0.05: ${check(r.ms / helmN <= 0.05)})` : ''}`,
    );
  }
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1]!, results[i]!];
    const [ra, rb] = [rss[i - 1]!, rss[i]!];
    console.log(
      `  time(N=${b.n}) / time(N=${a.n}) = ${(b.ms / a.ms).toFixed(1)} for ${b.n / a.n}x the clusters (linear if close to ${b.n / a.n}); peak RSS ${ra.mib.toFixed(0)} → ${rb.mib.toFixed(0)} MiB (${(((rb.mib - ra.mib) / (b.n - a.n)) * 1024).toFixed(0)} KiB per added cluster)`,
    );
  }
}

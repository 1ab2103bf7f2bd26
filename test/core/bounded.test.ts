/**
 * Bounded work on any input: limits are checked before per-item and pairwise work, the problem
 * list and every echoed value are capped, names follow the API server's rules. What is asserted is
 * the work done (calls counted through spies), never the time: how long these inputs take, and that
 * the trimming of user strings stays linear, is reported by `npm run bench:hostile`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as levenshtein from 'fastest-levenshtein';
import { renderCalicoEbpfDataplane, resolveCalicoEbpfDataplane, type CalicoEbpfDataplaneProps } from '../../lib/core/internal';
import { PROP_KEYS } from '../../lib/core/generated/prop-keys';
import * as cidr from '../../lib/core/validation/cidr';
import { runCli } from '../../lib/cli/main';
import { validationErrorOf } from '../support/errors';

/** Runs `fn` with a spy on `module[name]`; returns the result and the arguments of every call. */
function counting<M extends object, K extends keyof M & string, T>(module: M, name: K, fn: () => T): { value: T; calls: unknown[][] } {
  const spy = jest.spyOn(module, name as never);
  try {
    const value = fn();
    return { value, calls: spy.mock.calls as unknown[][] };
  } finally {
    spy.mockRestore();
  }
}

describe('hostile sizes', () => {
  it('3,000 identical pools: one problem, found before any pairwise check', () => {
    const pools = Array.from({ length: 3000 }, () => ({ cidr: '10.42.0.0/16' }));
    const parsed = counting(cidr, 'parseCidr', () =>
      counting(cidr, 'cidrsOverlap', () => validationErrorOf(() => resolveCalicoEbpfDataplane({ ipPools: pools }))),
    );
    const { value: error, calls: overlapChecks } = parsed.value;
    expect(error.problems.map((p) => p.message)).toEqual(["'ipPools' may hold at most 25 pools (the Installation CRD's limit), got 3000"]);
    // No pool was compared with another, and none of the 3,000 was parsed (the service CIDRs may be).
    expect(overlapChecks).toHaveLength(0);
    expect(parsed.calls.filter(([text]) => text === '10.42.0.0/16')).toHaveLength(0);
    // The spy does see the CIDRs that are parsed (the default service range).
    expect(parsed.calls.length).toBeGreaterThan(0);
  });

  it('25 identical pools (the most allowed) report their overlaps, capped at 50 problems with a count', () => {
    const { value: error, calls } = counting(cidr, 'cidrsOverlap', () =>
      validationErrorOf(() =>
        resolveCalicoEbpfDataplane({ ipPools: Array.from({ length: 25 }, (_, i) => ({ cidr: '10.42.0.0/16', name: `p${i}` })) }),
      ),
    );
    // Within the limit the pools are compared pairwise (the spy of the test above sees these calls).
    expect(calls.length).toBeGreaterThanOrEqual((25 * 24) / 2);
    expect(error.total).toBeGreaterThan(50);
    expect(error.problems).toHaveLength(50);
    expect(error.message).toMatch(new RegExp(`… and ${error.total - 50} more \\(fix these first, then run again\\)$`));
    expect(error.message.length).toBeLessThan(20_000);
  });

  it('100,000 unknown keys: a bounded number of suggestions and a count', () => {
    const props = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key${i}`, i]));
    const { value: error, calls } = counting(levenshtein, 'distance', () =>
      validationErrorOf(() => resolveCalicoEbpfDataplane(props as CalicoEbpfDataplaneProps)),
    );
    expect(error.message).toMatch(/'props' has 99980 more unknown keys/);
    // "Did you mean" is looked up for the 20 keys shown, not for all 100,000: at most 20 × the known props.
    expect(calls.length).toBeLessThanOrEqual(20 * PROP_KEYS.CalicoEbpfDataplaneProps.length);
    expect(calls.length).toBeGreaterThan(0);
  });

  it('a 5 MB string is echoed cut to 120 characters with its length', () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const { value: error, calls } = counting(levenshtein, 'distance', () =>
      validationErrorOf(() => resolveCalicoEbpfDataplane({ distribution: huge as never })),
    );
    expect(error.message).toContain(`got "${'x'.repeat(120)}"… (5242880 characters)`);
    expect(error.message.length).toBeLessThan(2000);
    // No edit distance over the 5 MB string (length × candidate length per candidate).
    expect(calls.filter(([a, b]) => String(a).length > 64 || String(b).length > 64)).toEqual([]);
  });

  it('an object larger than etcd stores (through an escape hatch) is refused', () => {
    const error = validationErrorOf(() =>
      renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ felix: { logFilters: { all: 'x'.repeat(2 * 1024 * 1024) } } })),
    );
    expect(error.message).toMatch(
      /\[OUT_OF_RANGE\] FelixConfiguration "default" would be \d+ bytes, more than the 1572864 bytes etcd stores for one object/,
    );
  });

  it('chart values larger than etcd stores (they travel inside the HelmRelease/HelmChart) are refused', () => {
    const error = validationErrorOf(() =>
      renderCalicoEbpfDataplane(resolveCalicoEbpfDataplane({ helmValues: { podAnnotations: { note: 'x'.repeat(2 * 1024 * 1024) } } })),
    );
    expect(error.message).toMatch(
      /\[OUT_OF_RANGE\] Helm release "tigera-operator" would be \d+ bytes, more than the 1572864 bytes etcd stores for one object/,
    );
  });

  it.each([
    ['serviceCidrs', { serviceCidrs: ['10.43.0.0/16', '10.44.0.0/16', '10.45.0.0/16'] }, /'serviceCidrs' may hold at most 2 items, got 3/],
    [
      'dsrOptOutCIDRs',
      { externalServiceMode: 'DSR', dsrOptOutCIDRs: Array.from({ length: 5000 }, () => '10.0.0.0/8') },
      /'dsrOptOutCIDRs' may hold at most 1024 items, got 5000/,
    ],
    [
      'imagePullSecrets',
      { imagePullSecrets: Array.from({ length: 100 }, (_, i) => `s${i}`) },
      /'imagePullSecrets' may hold at most 64 items, got 100/,
    ],
    [
      'an interface pattern',
      { felix: { dataIfacePattern: 'a'.repeat(5000) } },
      /'felix\.dataIfacePattern' may be at most 1024 characters \(an interface pattern\), got 5000/,
    ],
  ] as const)('limits %s', (_name, props, message) => {
    expect(validationErrorOf(() => resolveCalicoEbpfDataplane(props as CalicoEbpfDataplaneProps)).message).toMatch(message);
  });
});

describe('names the API server accepts', () => {
  it.each([
    [
      'a non-ASCII namespace',
      { namespace: 'kube-sÿstem' },
      /'namespace' must be a namespace name \(a DNS label: lowercase ASCII letters, digits and '-', at most 63 characters\), got "kube-sÿstem"/,
    ],
    ['a 64-character namespace', { namespace: 'a'.repeat(64) }, /'namespace' must be a namespace name/],
    [
      'a non-ASCII Argo CD namespace',
      { gitops: { flavor: 'argocd', argocd: { repoURL: 'https://g/x.git', namespace: 'argö' } } },
      /'gitops\.argocd\.namespace' must be a namespace name .*got "argö"/,
    ],
    [
      'an Argo CD project',
      { gitops: { flavor: 'argocd', argocd: { repoURL: 'https://g/x.git', project: 'Platform Team' } } },
      /'gitops\.argocd\.project' must be a Kubernetes object name/,
    ],
    ['a Flux namespace', { gitops: { flux: { namespace: 'Flux_System' } } }, /'gitops\.flux\.namespace' must be a namespace name/],
    [
      'a Flux source name',
      { gitops: { flux: { sourceRef: { kind: 'GitRepository', name: 'my repo' } } } },
      /'gitops\.flux\.sourceRef\.name' must be a Kubernetes object name/,
    ],
    ['a k3s namespace', { gitops: { flavor: 'k3s', k3s: { namespace: 'kube_system' } } }, /'gitops\.k3s\.namespace' must be a namespace name/],
    [
      'a 300-character pool name',
      { ipPools: [{ cidr: '10.42.0.0/16', name: 'p'.repeat(300) }] },
      /'ipPools\[0\]\.name' must be a Kubernetes object name \(lowercase ASCII letters, digits, '-' and '\.', at most 253 characters\), got "p{120}"… \(300 characters\)/,
    ],
    [
      'a monitor label',
      { observability: { selectorLabels: { 'team name': 'x' } } },
      /'observability\.selectorLabels' label "team name": "x" is not a valid Kubernetes label/,
    ],
  ] as const)('refuses %s', (_name, props, message) => {
    expect(validationErrorOf(() => resolveCalicoEbpfDataplane(props as CalicoEbpfDataplaneProps)).message).toMatch(message);
  });
});

describe('no quadratic regex on user strings', () => {
  const slashes = '/'.repeat(200_000);

  it('trims 200,000 slashes from imagePath and the Argo CD path (their time is in npm run bench:hostile)', () => {
    const config = resolveCalicoEbpfDataplane({
      imagePath: `${slashes}mirror${slashes}`,
      gitops: { flavor: 'argocd', argocd: { repoURL: 'https://g/x.git', path: `./dist${slashes}` } },
    });
    expect(config.images.imagePath).toBe('mirror');
    expect(config.gitops.argocd.path).toBe('dist');
    expect(resolveCalicoEbpfDataplane({ gitops: { flux: { path: './dist///' } } }).gitops.flux.path).toBe('./dist');
    expect(
      validationErrorOf(() => resolveCalicoEbpfDataplane({ gitops: { flux: { path: `./dist${slashes}x` } } })).problems.map((p) => p.path),
    ).toEqual(['gitops.flux.path']);
  });

  it('normalizes one trailing slash of a registry and refuses an empty path segment', () => {
    expect(resolveCalicoEbpfDataplane({ registry: 'registry.example.com///' }).images.registry).toBe('registry.example.com/');
    expect(validationErrorOf(() => resolveCalicoEbpfDataplane({ registry: 'registry.example.com//mirror' })).message).toMatch(
      /'registry' "registry\.example\.com\/\/mirror" has an empty path segment/,
    );
  });
});

describe('YAML config files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yaml-'));
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('merge keys work', () => {
    const path = file(
      'merge.yaml',
      'ipPools:\n  - &v4 { cidr: 10.42.0.0/16, encapsulation: VXLAN, blockSize: 24 }\n  - <<: *v4\n    cidr: fd00:10:42::/56\n    blockSize: 122\nserviceCidrs: [10.43.0.0/16, fd00:10:43::/112]\n',
    );
    const r = runCli(['synth', '--config', path]);
    expect(r.stderr).not.toMatch(/invalid|<</);
    expect(r.stdout).toMatch(/cidr: fd00:10:42::\/56\n\s+encapsulation: VXLAN/);
  });

  it('an alias bomb is refused in one sentence, before it expands', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ].join('\n');
    const r = runCli(['synth', '--config', file('bomb.yaml', bomb)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^calico-ebpf: config file \S+bomb\.yaml is not valid YAML: Excessive alias count/);
  });

  it('a 5 MB config file is refused by its size before parsing', () => {
    const path = file('huge.yaml', `distribution: k3s\n# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    expect(runCli(['synth', '--config', path]).stderr).toMatch(
      /^calico-ebpf: config file \S+huge\.yaml is 5\.0 MiB; a dataplane config is at most 256 KiB\n$/,
    );
  });
});

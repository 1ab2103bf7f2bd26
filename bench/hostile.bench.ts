/**
 * Hostile-input benchmark (not a test): how long the bounded paths of test/core/bounded.test.ts
 * take, and whether trimming user strings stays linear (10× the input should cost about 10× the
 * time, not 100×). Ratios from one run; it asserts nothing.
 *
 *   npm run bench:hostile
 */
import { resolveCalicoEbpfDataplane, type CalicoEbpfDataplaneProps } from '../lib/core/internal';

function ms(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  try {
    fn();
  } catch {
    // The hostile inputs are refused: the refusal is what is timed.
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Best of three, to keep a one-off pause out of a ratio. */
const best = (fn: () => unknown): number => Math.min(ms(fn), ms(fn), ms(fn));

const slashes = (n: number) => () =>
  resolveCalicoEbpfDataplane({
    imagePath: `${'/'.repeat(n)}mirror${'/'.repeat(n)}`,
    gitops: { flavor: 'argocd', argocd: { repoURL: 'https://g/x.git', path: `./dist${'/'.repeat(n)}` } },
  });
best(slashes(1_000)); // warm up: the first resolve loads the validators
const small = best(slashes(20_000));
const large = best(slashes(200_000));
const ratio = large / small;
console.log(`slashes trimmed: 20,000 in ${small.toFixed(1)} ms, 200,000 in ${large.toFixed(1)} ms`);
console.log(`  ratio for 10× the input: ${ratio.toFixed(1)}× (linear ≈ 10, quadratic ≈ 100: ${ratio < 30 ? 'linear' : 'NOT LINEAR'})`);

const rows: [string, () => unknown][] = [
  [
    '3,000 identical pools (refused by count)',
    () => resolveCalicoEbpfDataplane({ ipPools: Array.from({ length: 3000 }, () => ({ cidr: '10.42.0.0/16' })) }),
  ],
  [
    '100,000 unknown keys',
    () => resolveCalicoEbpfDataplane(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key${i}`, i])) as CalicoEbpfDataplaneProps),
  ],
  ['a 5 MB distribution name', () => resolveCalicoEbpfDataplane({ distribution: 'x'.repeat(5 * 1024 * 1024) as never })],
  ['the default config (for scale)', () => resolveCalicoEbpfDataplane({})],
];
for (const [name, fn] of rows) console.log(`${name}: ${best(fn).toFixed(1)} ms`);

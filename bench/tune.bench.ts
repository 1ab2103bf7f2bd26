/**
 * Map-sizing benchmark (not a test): what the calculator saves on a dev cluster and whether it
 * covers a large one. Prints figures and ratios from one run; it asserts nothing.
 *
 *   npm run bench
 */
import { formatMiB, planMapSizes, resolveClusterScale, type MapSizingReport } from '../lib/core/internal';

const mib = formatMiB;
const check = (ok: boolean): string => (ok ? 'met' : 'MISSED');

function minHeadroom(r: MapSizingReport): number {
  const ratios = r.maps.filter((m) => m.source !== 'off' && m.entriesNeeded > 0).map((m) => m.recommended / m.entriesNeeded);
  return Math.min(...ratios);
}

const k3d = planMapSizes(resolveClusterScale('k3d-dev'));
const headroom = minHeadroom(k3d);
console.log('k3d-dev (per node)');
console.log(`  tunable maps: ${mib(k3d.totals.recommendedBytes)} tuned vs ${mib(k3d.totals.defaultBytes)} with Calico defaults`);
console.log(`  ratio tuned/default: ${k3d.totals.ratio.toFixed(3)} (target <= 0.20: ${check(k3d.totals.ratio <= 0.2)})`);
console.log(`  smallest headroom over the need: ${headroom.toFixed(2)}x (target >= 2: ${check(headroom >= 2)})`);
console.log(
  `  whole node incl. ${mib(k3d.fixedBytes)} of fixed maps: ${mib(k3d.wholeNode.recommendedBytes)} tuned vs ${mib(k3d.wholeNode.defaultBytes)} default (ratio ${(k3d.wholeNode.recommendedBytes / k3d.wholeNode.defaultBytes).toFixed(3)})`,
);
console.log(
  `  ${k3d.scale.nodes} k3d nodes on one kernel: ${mib(k3d.scale.nodes * k3d.wholeNode.recommendedBytes)} tuned vs ${mib(k3d.scale.nodes * k3d.wholeNode.defaultBytes)} default`,
);

const large = planMapSizes(resolveClusterScale('large'));
const defaultsShort = large.maps.filter((m) => m.source !== 'off' && m.default < m.entriesNeeded).map((m) => m.field);
console.log('large (5,000 nodes, 20,000 services, 200,000 endpoints; per node)');
console.log(`  maps whose recommendation is below the modeled need: ${large.belowNeed.length} (target 0: ${check(large.belowNeed.length === 0)})`);
console.log(`  maps whose Calico default is below the need: ${defaultsShort.length} (${defaultsShort.join(', ') || 'none'})`);
console.log(
  `  tunable maps: ${mib(large.totals.recommendedBytes)} tuned vs ${mib(large.totals.defaultBytes)} default; whole node ${mib(large.wholeNode.recommendedBytes)}`,
);

const runs = 2_000;
const start = process.hrtime.bigint();
for (let i = 0; i < runs; i++) planMapSizes(resolveClusterScale({ profile: 'medium', nodes: 100 + (i % 50) }));
const perPlanUs = Number(process.hrtime.bigint() - start) / runs / 1_000;
console.log(`calculator: ${perPlanUs.toFixed(1)} µs per plan (${runs} plans in this run)`);

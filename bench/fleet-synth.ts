/**
 * Child process of bench/fleet.bench.ts: writes the layers of N clusters in one cdk8s App into a folder and
 * prints {ms, maxRssKiB, files} as JSON, so each size is measured in a fresh process.
 *
 *   node --import tsx bench/fleet-synth.ts <N> <outdir>
 */
import { readdirSync } from 'node:fs';
import { buildFleet, type ClusterDescription } from '../examples/fleet/main';
import { CalicoEbpfDataplane } from '../lib/cdk8s';

const n = Number(process.argv[2]);
const outdir = process.argv[3]!;
const profiles = ['k3d-dev', 'small', 'medium'] as const;
const clusters: ClusterDescription[] = Array.from({ length: n }, (_, i) => ({
  name: `c${i}`,
  scale: profiles[i % 3]!,
  gitops: i % 2 === 0 ? { flavor: 'flux', flux: { path: './dist' } } : { flavor: 'k3s' },
}));
const start = process.hrtime.bigint();
// What the fleet example does: every cluster's layer folders in one writeLayers call.
CalicoEbpfDataplane.writeLayers(buildFleet(clusters, outdir), outdir);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const files = readdirSync(outdir, { recursive: true }).length;
console.log(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, files }));

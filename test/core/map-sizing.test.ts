/** The map-sizing calculator against hand-computed cases and the figures of bpf-maps.md. */
import {
  ProblemCode,
  SCALE_PROFILES,
  planMapSizes,
  resolveClusterScale,
  resolveFelixBpfTuning,
  roundMapSize,
  type ClusterScale,
  type MapSizingReport,
} from '../../lib/core/internal';
import { arrayMapBytes, lpmEntryBytes } from '../../lib/core/sizing/bpf-memory';
import { modelMapNeeds } from '../../lib/core/sizing/map-needs';
import { validationErrorOf } from '../support/errors';

const MIB = 1024 * 1024;
const row = (r: MapSizingReport, field: string) => {
  const found = r.maps.find((m) => m.field === field);
  if (!found) throw new Error(`no row ${field}`);
  return found;
};

/** A small cluster whose needs are worked out by hand below. */
const HAND: ClusterScale = {
  nodes: 4,
  podsPerNode: 20,
  services: 10,
  portsPerService: 2,
  endpointsPerService: 3,
  loadBalancerServices: 1,
  nodePortServices: 1,
  connectionsPerNode: 1000,
  newConnectionsPerSecond: 10,
  connectionLingerSeconds: 50,
  tcNatShare: 0.5,
  cpusPerNode: 2,
};

describe('memory model against bpf-maps.md', () => {
  it('prices the IPv4 conntrack map at its default size at the measured 86,213,504 B (82.2 MiB)', () => {
    const r = planMapSizes(resolveClusterScale({ nodes: 1, services: 1 }));
    expect(row(r, 'bpfMapSizeConntrack').defaultBytes).toBe(86_213_504);
  });

  it('adds the IPv6 map set (conntrack 118,981,504 B) for IPv6 and dual-stack clusters, and keeps the IPv4 set', () => {
    for (const ipFamilies of ['IPv6', 'DualStack'] as const) {
      const r = planMapSizes(resolveClusterScale({ nodes: 1, services: 1, ipFamilies }));
      expect(row(r, 'bpfMapSizeConntrack').defaultBytes).toBe(86_213_504 + 118_981_504);
    }
  });

  it.each([
    [2, 177],
    [4, 186],
    [8, 205],
    [16, 240],
    [64, 457],
  ])('whole node with every default and empty maps at %i CPUs is %i MiB ± 1 (§5 table, itself rounded)', (cpusPerNode, mib) => {
    // Empty maps: no services, no pods of note; LPM content then rounds away.
    const r = planMapSizes(resolveClusterScale({ nodes: 1, services: 0, podsPerNode: 1, ipSetMembersPerNode: 0, cpusPerNode }));
    const emptyTries = r.maps.filter((m) => m.map.includes('nat_fe') || m.map.includes('routes') || m.map.includes('ip_sets'));
    const content = emptyTries.reduce((a, m) => a + m.defaultBytes, 0);
    expect(Math.abs((r.wholeNode.defaultBytes - content) / MIB - mib)).toBeLessThanOrEqual(1);
  });

  it('puts the IPv6 map set at ≈190 MiB on top (§5)', () => {
    const v4 = planMapSizes(resolveClusterScale({ nodes: 1, services: 0, ipSetMembersPerNode: 0 }));
    const v6 = planMapSizes(resolveClusterScale({ nodes: 1, services: 0, ipSetMembersPerNode: 0, ipFamilies: 'DualStack' }));
    expect(Math.round((v6.wholeNode.defaultBytes - v4.wholeNode.defaultBytes) / MIB)).toBe(190);
  });

  it('charges an IPv4 /32 in routes and ip_sets the measured ≈144 B, and a program array 8 B per slot', () => {
    expect(lpmEntryBytes(8, 8)).toBe(144);
    expect(lpmEntryBytes(20, 4)).toBe(144);
    expect(arrayMapBytes(240_000)).toBe(1_920_312);
  });
});

describe('entries needed (hand-computed)', () => {
  const needs = modelMapNeeds(resolveClusterScale(HAND));

  it('conntrack: (1000 open + 10/s × (50 s + 10 s sweep)) × 1.5 entries = 2400, /0.8 = 3000, + 128 × 2 CPUs', () => {
    expect(needs.mapSizeConntrack.live).toBe(2400);
    expect(needs.mapSizeConntrack.entriesNeeded).toBe(3256);
  });

  it('NAT frontend: 20 service ports + 2 LoadBalancer IPs + (1 NodePort + 1 LB) × 2 ports × (1 host IP + wildcard)', () => {
    expect(needs.mapSizeNATFrontend.entriesNeeded).toBe(20 + 2 + 8);
  });

  it('NAT backend: 30 endpoints × 2 ports; affinity 0 without affinity services', () => {
    expect(needs.mapSizeNATBackend.entriesNeeded).toBe(60);
    expect(needs.mapSizeNATAffinity.entriesNeeded).toBe(0);
  });

  it('routes: 1 pool + 4 blocks + 4 × 2 host/tunnel + 20 local pods + 1 host IP + 2 service CIDRs', () => {
    expect(needs.mapSizeRoute.entriesNeeded).toBe(36);
  });

  it('interfaces, IP sets and the cleanup queue', () => {
    expect(needs.mapSizeIfState.entriesNeeded).toBe(28);
    expect(needs.mapSizeIPSets.entriesNeeded).toBe(80);
    expect(needs.mapSizeConntrackCleanupQueue.entriesNeeded).toBe(1000);
  });
});

describe('recommendations', () => {
  const r = planMapSizes(resolveClusterScale(HAND));

  it('rounds preallocated maps to an eighth of an octave and the others to a power of two', () => {
    expect(roundMapSize(42_500, true)).toBe(45_056);
    expect(roundMapSize(524_288, true)).toBe(524_288);
    expect(roundMapSize(524_289, true)).toBe(589_824);
    expect(roundMapSize(1000, false)).toBe(1024);
  });

  it('applies the floors: conntrack 16,384, other maps 1,024, tries never below Felix default', () => {
    expect(row(r, 'bpfMapSizeConntrack').recommended).toBe(16_384);
    expect(row(r, 'bpfMapSizeNATBackend').recommended).toBe(1_024);
    expect(row(r, 'bpfMapSizeNATAffinity').recommended).toBe(1_024);
    expect(row(r, 'bpfMapSizeConntrackCleanupQueue').recommended).toBe(2_048);
    expect(row(r, 'bpfMapSizeRoute').recommended).toBe(262_144);
    expect(row(r, 'bpfMapSizeIPSets').recommended).toBe(1_048_576);
  });

  it('sizes conntrack from the need once it passes the floor: 2 × 22,274 → 45,056 for k3d-dev', () => {
    const k3d = planMapSizes(resolveClusterScale('k3d-dev'));
    expect(row(k3d, 'bpfMapSizeConntrack').entriesNeeded).toBe(22_274);
    expect(row(k3d, 'bpfMapSizeConntrack').recommended).toBe(45_056);
    expect(row(k3d, 'bpfMapSizeConntrack').recommendedBytes).toBe(896 + 65_536 * 16 + 45_056 * 152);
  });

  it('leaves per-CPU conntrack off and writes every other size', () => {
    expect(row(r, 'bpfMapSizePerCpuConntrack')).toMatchObject({ source: 'off', recommended: 0 });
    expect(Object.keys(r.spec).sort()).toEqual([
      'bpfMapSizeConntrack',
      'bpfMapSizeConntrackCleanupQueue',
      'bpfMapSizeIPSets',
      'bpfMapSizeIfState',
      'bpfMapSizeNATAffinity',
      'bpfMapSizeNATBackend',
      'bpfMapSizeNATFrontend',
      'bpfMapSizeRoute',
    ]);
  });

  it('sums tunable and fixed maps into the whole-node figure', () => {
    expect(r.wholeNode.recommendedBytes).toBe(r.totals.recommendedBytes + r.fixedBytes);
    expect(r.totals.ratio).toBeCloseTo(r.totals.recommendedBytes / r.totals.defaultBytes, 12);
    expect(r.fixedMaps.map((m) => m.pinned)).toContain('cali_v4_srmsg');
  });

  it('k3d-dev: tunable maps take at most a fifth of the default memory with 2× headroom', () => {
    const k3d = planMapSizes(resolveClusterScale('k3d-dev'));
    expect(k3d.totals.ratio).toBeLessThanOrEqual(0.2);
    for (const m of k3d.maps.filter((x) => x.source !== 'off')) expect(m.recommended).toBeGreaterThanOrEqual(2 * m.entriesNeeded);
  });

  it('large: no map below the need, and the defaults that are too small are named', () => {
    const large = planMapSizes(resolveClusterScale('large'));
    expect(large.belowNeed).toEqual([]);
    expect(large.warnings.map((w) => w.message).join('\n')).toMatch(
      /Felix's default is too small at this scale for .*bpfMapSizeConntrack \(needs 2133192, default 512000\)/,
    );
  });
});

describe('warnings', () => {
  const warnings = planMapSizes(resolveClusterScale('k3d-dev'))
    .warnings.map((w) => w.message)
    .join('\n');

  it('says that a conntrack resize restarts Felix and can disrupt connections', () => {
    expect(warnings).toMatch(/bpfMapSizeConntrack restarts Felix, which copies every live entry.*disrupted/);
  });

  it('names every shrunk map with old → new size', () => {
    expect(warnings).toMatch(/shrinking .*bpfMapSizeConntrack \(512000 → 45056\).*Felix fails to start until the size is raised/);
  });

  it('explains the persisted DoubleIfFull size, unless scaling is disabled', () => {
    expect(warnings).toMatch(/keeps the size persisted in \/var\/lib\/calico\/bpf_ct_map_size/);
    const disabled = planMapSizes(resolveClusterScale('k3d-dev'), { conntrackScaling: 'Disabled' })
      .warnings.map((w) => w.message)
      .join('\n');
    expect(disabled).not.toMatch(/bpf_ct_map_size/);
  });

  it('tells the memory calico-node’s cgroup must cover', () => {
    expect(warnings).toMatch(/calico-node's memory cgroup .*about 117\.9 MiB per node/);
  });
});

describe('resize warnings for sizes set by hand', () => {
  it('warns that a conntrack size restarts Felix, names shrunk maps and the DoubleIfFull ratchet', () => {
    const t = resolveFelixBpfTuning({ mapSizeConntrack: 65536, mapSizeRoute: 1_000_000 });
    expect(t.warnings).toHaveLength(3);
    expect(t.warnings[0]?.message).toMatch(
      /^conntrack: a new bpfMapSizeConntrack restarts Felix, which copies every live entry into a new map; live connections can be disrupted/,
    );
    expect(t.warnings[1]?.message).toMatch(/^shrinking bpfMapSizeConntrack \(512000 → 65536\): on a running cluster/);
    expect(t.warnings[2]?.message).toMatch(/^bpfMapSizeConntrackScaling is DoubleIfFull/);
  });

  it('has nothing to say about growing a map or leaving sizes alone', () => {
    expect(resolveFelixBpfTuning({ mapSizeRoute: 1_000_000, mapSizeNATBackend: 524_288 }).warnings).toEqual([]);
    expect(resolveFelixBpfTuning({ logLevel: 'Debug' }).warnings).toEqual([]);
  });

  it('drops the DoubleIfFull caveat when scaling is disabled', () => {
    const t = resolveFelixBpfTuning({ mapSizePerCpuConntrack: 16_384, mapSizeConntrackScaling: 'Disabled' });
    expect(t.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^conntrack: a new bpfMapSizePerCpuConntrack restarts Felix/)]);
  });
});

describe('scale resolution', () => {
  it('starts from a profile and lets explicit fields replace its values', () => {
    const s = resolveClusterScale({ profile: 'large', nodes: 6000 });
    expect(s).toMatchObject({ profile: 'large', nodes: 6000, services: 20_000, endpoints: 200_000 });
    expect(resolveClusterScale({ profile: 'k3d-dev', pods: 300 }).podsPerNode).toBe(100);
  });

  it('documents the large profile with the numbers the issue asks for', () => {
    expect(SCALE_PROFILES.large).toMatchObject({ nodes: 5000, services: 20_000, endpoints: 200_000 });
  });

  it('defaults everything but nodes and services', () => {
    expect(resolveClusterScale({ nodes: 3, services: 10 })).toMatchObject({
      podsPerNode: 110,
      endpoints: 30,
      headroom: 2,
      ipFamilies: 'IPv4',
      ipSetMembersPerNode: 330,
    });
  });

  it('lists every bad field at once, by the path the user wrote', () => {
    const e = validationErrorOf(() =>
      resolveClusterScale({
        nodes: 0,
        services: 2.5,
        pods: 10,
        podsPerNode: 5,
        loadBalancerServices: 9,
        headroom: 'lots',
        ipFamilies: 'ipv4',
        nodez: 1,
      } as never),
    );
    const messages = e.problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        "'scale.nodes' must be from 1 to 100000, got 0",
        "'scale.services' must be a whole number from 0 to 1000000, got 2.5",
        "'scale.pods' and 'scale.podsPerNode' describe the same thing; give only one",
        '\'scale.headroom\' must be a number from 1 to 16, got "lots"',
        'scale.ipFamilies\' must be one of "IPv4", "IPv6", "DualStack", got "ipv4"; did you mean "IPv4"?'.replace(/^/, "'"),
        "'scale.nodez' is not a known setting; did you mean 'nodes'?",
      ]),
    );
    expect(e.problems.map((p) => p.code)).toContain(ProblemCode.CONTRADICTORY_SETTINGS);
  });

  it('requires nodes and services without a profile, and a known profile name', () => {
    expect(validationErrorOf(() => resolveClusterScale({})).problems.map((p) => p.message)).toEqual([
      "'scale.nodes' is required unless 'scale.profile' is set; give the number of nodes (or a profile: k3d-dev, small, medium, large)",
      "'scale.services' is required unless 'scale.profile' is set; give the number of services (or a profile: k3d-dev, small, medium, large)",
    ]);
    expect(validationErrorOf(() => resolveClusterScale('larg' as never)).message).toContain(
      `'scale' must be one of "k3d-dev", "small", "medium", "large", got "larg"; did you mean "large"?`,
    );
  });

  it('counts IP-set members from the policy selectors, or takes the total', () => {
    expect(resolveClusterScale({ nodes: 10, services: 1, podsPerNode: 20, policySelectors: 4 }).ipSetMembersPerNode).toBe(4 * 200);
    expect(resolveClusterScale({ nodes: 10, services: 1, policySelectors: 4, podsPerSelector: 30 }).ipSetMembersPerNode).toBe(120);
    expect(validationErrorOf(() => resolveClusterScale({ nodes: 1, services: 1, policySelectors: 4, ipSetMembersPerNode: 9 })).message).toContain(
      "'scale.policySelectors' and 'scale.ipSetMembersPerNode' describe the same thing; give the selectors or the total, not both",
    );
  });

  it('rejects a pod total that makes an impossible number of pods per node, and a scale that is not an object', () => {
    expect(validationErrorOf(() => resolveClusterScale({ nodes: 3, services: 1, pods: 1_000_000 })).message).toContain(
      "'scale.pods' 1000000 over 3 nodes is 333334 pods per node, more than 2000; check 'scale.pods' (all pods in the cluster) and 'scale.nodes'",
    );
    expect(validationErrorOf(() => resolveFelixBpfTuning({ scale: 5 as never })).message).toContain(
      `'scale' must be a ClusterScale object or one of "k3d-dev", "small", "medium", "large", got 5`,
    );
  });

  it('rejects more LoadBalancer services than services', () => {
    expect(validationErrorOf(() => resolveClusterScale({ nodes: 1, services: 2, loadBalancerServices: 3 })).message).toContain(
      "'scale.loadBalancerServices' is 3, more than the 2 services in 'scale.services'",
    );
  });
});

describe('FelixBpfTuning with scale', () => {
  it('fills every map size from a profile name', () => {
    const t = resolveFelixBpfTuning({ scale: 'k3d-dev' });
    expect(t.spec).toMatchObject({ bpfMapSizeConntrack: 45_056, bpfMapSizeNATBackend: 1_024, bpfMapSizeRoute: 262_144 });
    expect(t.sizing?.totals.ratio).toBeLessThan(0.2);
  });

  it('keeps an explicit size above the need', () => {
    const t = resolveFelixBpfTuning({ scale: 'k3d-dev', mapSizeConntrack: 100_000 });
    expect(t.spec.bpfMapSizeConntrack).toBe(100_000);
    expect(t.sizing?.maps.find((m) => m.prop === 'mapSizeConntrack')?.source).toBe('explicit');
  });

  it('rejects an explicit size below the need and shows the need and the recommendation', () => {
    const e = validationErrorOf(() => resolveFelixBpfTuning({ scale: 'k3d-dev', mapSizeConntrack: 10_000, mapSizeNATBackend: 50 }));
    expect(e.problems.map((p) => [p.code, p.path])).toEqual([
      [ProblemCode.MAP_SIZE_BELOW_NEED, 'mapSizeNATBackend'],
      [ProblemCode.MAP_SIZE_BELOW_NEED, 'mapSizeConntrack'],
    ]);
    expect(e.message).toContain(
      "'mapSizeConntrack' is 10000, below the 22274 entries the scale needs ((2000 open + 50/s × 130 s lingering) connections × 2 entries = 17000",
    );
    expect(e.message).toContain('raise it to at least 22274 (recommended 45056), or remove it to use the recommendation');
  });

  it('reports an invalid explicit size once, not again as below the need', () => {
    const e = validationErrorOf(() => resolveFelixBpfTuning({ scale: 'k3d-dev', mapSizeConntrack: -1 }));
    expect(e.problems.map((p) => p.message)).toEqual(["'mapSizeConntrack' must be from 1 to 134217728, got -1 (entries; Felix default 512000)"]);
  });

  it('checks per-CPU conntrack sizing as size × CPUs', () => {
    const e = validationErrorOf(() => resolveFelixBpfTuning({ scale: 'k3d-dev', mapSizePerCpuConntrack: 1000 }));
    expect(e.problems).toHaveLength(1);
    expect(e.message).toContain("'mapSizePerCpuConntrack' is 1000 × 8 CPUs = 8000 conntrack entries, below the 22274 the scale needs");
    expect(e.message).toContain('raise it to at least 2785');
    const ok = resolveFelixBpfTuning({ scale: 'k3d-dev', mapSizePerCpuConntrack: 8192 });
    expect(ok.spec.bpfMapSizePerCpuConntrack).toBe(8192);
    expect(ok.spec.bpfMapSizeConntrack).toBeUndefined();
  });

  it('caps a size at the limit when the need fits but the headroom does not, and says so', () => {
    const t = resolveFelixBpfTuning({
      scale: { nodes: 1, services: 2000, sessionAffinityServices: 2000, portsPerService: 4, affinityClientsPerService: 5000, headroom: 4 },
    });
    expect(t.spec.bpfMapSizeNATAffinity).toBe(134_217_728);
    expect(t.warnings.map((w) => w.message).join('\n')).toContain(
      'bpfMapSizeNATAffinity is capped at 134217728, the largest size accepted: it holds the 40001024 entries this scale needs but not 4× headroom',
    );
  });

  it('rejects a scale no map size can hold', () => {
    const e = validationErrorOf(() => resolveFelixBpfTuning({ scale: { nodes: 1, services: 1, connectionsPerNode: 100_000_000 } }));
    expect(e.problems[0]?.code).toBe(ProblemCode.SCALE_EXCEEDS_MAP_LIMIT);
    expect(e.message).toContain(
      "'scale' needs 250033524 entries in bpfMapSizeConntrack ((100000000 open + 100/s × 130 s lingering) connections × 2 entries = 200026000",
    );
  });

  it('passes the scaling policy to the warnings', () => {
    const t = resolveFelixBpfTuning({ scale: 'small', mapSizeConntrackScaling: 'Disabled' });
    expect(t.sizing?.warnings.map((w) => w.message).join('\n')).not.toMatch(/DoubleIfFull/);
    expect(t.spec.bpfMapSizeConntrackScaling).toBe('Disabled');
  });
});

/** Properties of the map-sizing calculator over generated cluster scales (fast-check). */
import fc from 'fast-check';
import { MAP_SIZE_FIELDS, SCALE_NUMBER_FIELDS, planMapSizes, resolveClusterScale, type ClusterScale } from '../../lib/core/internal';
import { TUNABLE_MAP_SHAPES, shapeBytes, type TunableMapProp } from '../../lib/core/sizing/map-catalog';

/** Scales in the per-node/per-service form, within sizes real clusters reach. */
const scaleArb: fc.Arbitrary<ClusterScale> = fc
  .record({
    nodes: fc.integer({ min: 1, max: 5_000 }),
    podsPerNode: fc.integer({ min: 1, max: 250 }),
    services: fc.integer({ min: 0, max: 20_000 }),
    portsPerService: fc.double({ min: 1, max: 4, noNaN: true }),
    endpointsPerService: fc.double({ min: 0, max: 20, noNaN: true }),
    loadBalancerShare: fc.double({ min: 0, max: 0.2, noNaN: true }),
    nodePortShare: fc.double({ min: 0, max: 0.2, noNaN: true }),
    affinityShare: fc.double({ min: 0, max: 0.1, noNaN: true }),
    externalIPs: fc.integer({ min: 0, max: 500 }),
    hostIPsPerNode: fc.integer({ min: 1, max: 4 }),
    affinityClientsPerService: fc.integer({ min: 1, max: 5_000 }),
    connectionsPerNode: fc.integer({ min: 0, max: 300_000 }),
    newConnectionsPerSecond: fc.double({ min: 0, max: 5_000, noNaN: true }),
    connectionLingerSeconds: fc.double({ min: 0, max: 600, noNaN: true }),
    tcNatShare: fc.double({ min: 0, max: 1, noNaN: true }),
    ipSets: fc.oneof(
      fc.record({ ipSetMembersPerNode: fc.integer({ min: 0, max: 500_000 }) }),
      fc.record({ policySelectors: fc.integer({ min: 0, max: 50 }), podsPerSelector: fc.integer({ min: 0, max: 10_000 }) }),
    ),
    hostInterfacesPerNode: fc.integer({ min: 1, max: 64 }),
    cpusPerNode: fc.integer({ min: 1, max: 128 }),
    ipFamilies: fc.constantFrom('IPv4', 'IPv6', 'DualStack' as const),
    headroom: fc.double({ min: 1, max: 4, noNaN: true }),
  })
  .map(({ loadBalancerShare, nodePortShare, affinityShare, ipSets, ...s }) => ({
    ...s,
    ...ipSets,
    loadBalancerServices: Math.floor(s.services * loadBalancerShare),
    nodePortServices: Math.floor(s.services * nodePortShare),
    sessionAffinityServices: Math.floor(s.services * affinityShare),
  }));

const GROWABLE = Object.keys(SCALE_NUMBER_FIELDS).filter((f) => f !== 'pods' && f !== 'endpoints') as (keyof typeof SCALE_NUMBER_FIELDS)[];
const bounds = new Map(MAP_SIZE_FIELDS.map((f) => [f.field, f]));

describe('map-sizing properties', () => {
  it('every recommendation is at least need × headroom (or the field maximum), an integer, and within the field bounds', () => {
    fc.assert(
      fc.property(scaleArb, (input) => {
        const scale = resolveClusterScale(input);
        const r = planMapSizes(scale);
        expect(r.belowNeed).toEqual([]);
        for (const m of r.maps.filter((x) => x.source === 'model')) {
          const f = bounds.get(m.field)!;
          expect(Number.isInteger(m.recommended)).toBe(true);
          // The bound wins over the headroom: a capped map still holds the need, and says so.
          if (m.recommended < m.entriesNeeded * scale.headroom) {
            expect(m.recommended).toBe(f.max);
            expect(r.warnings.map((w) => w.message).join('\n')).toContain(`${m.field} is capped at ${f.max}`);
          }
          expect(m.recommended).toBeGreaterThanOrEqual(m.entriesNeeded);
          expect(m.recommended).toBeGreaterThanOrEqual(f.min);
          expect(m.recommended).toBeLessThanOrEqual(f.max);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  it('no recommendation decreases when any scale input grows', () => {
    fc.assert(
      fc.property(scaleArb, fc.constantFrom(...GROWABLE), fc.double({ min: 0.01, max: 3, noNaN: true }), (input, field, factor) => {
        const range = SCALE_NUMBER_FIELDS[field];
        // Grow only what this scale gives: adding e.g. policySelectors beside ipSetMembersPerNode is a contradiction.
        fc.pre((input as Record<string, unknown>)[field] !== undefined);
        const before = (input as Record<string, number>)[field]!;
        let after = before + Math.max(range.integer ? 1 : 0.01, before * factor);
        if (range.integer) after = Math.ceil(after);
        after = Math.min(after, range.max);
        fc.pre(after > before);
        const grown = { ...input, [field]: after };
        const services = grown.services ?? 0;
        fc.pre([grown.loadBalancerServices, grown.nodePortServices, grown.sessionAffinityServices].every((n) => (n ?? 0) <= services));
        const a = planMapSizes(resolveClusterScale(input));
        const b = planMapSizes(resolveClusterScale(grown));
        a.maps.forEach((m, i) => {
          // The per-CPU conntrack row is the conntrack need divided by the CPUs: more CPUs, fewer per CPU.
          if (m.source === 'off') return;
          expect(b.maps[i]!.entriesNeeded).toBeGreaterThanOrEqual(m.entriesNeeded);
          expect(b.maps[i]!.recommended).toBeGreaterThanOrEqual(m.recommended);
        });
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });

  it('memory never decreases when a map grows', () => {
    const props = Object.keys(TUNABLE_MAP_SHAPES) as TunableMapProp[];
    fc.assert(
      fc.property(
        fc.constantFrom(...props),
        fc.constantFrom('IPv4' as const, 'IPv4+IPv6' as const),
        fc.integer({ min: 1, max: 1 << 24 }),
        fc.integer({ min: 0, max: 1 << 24 }),
        fc.integer({ min: 0, max: 1 << 22 }),
        fc.integer({ min: 1, max: 256 }),
        (prop, families, size, extra, live, cpus) => {
          const shape = TUNABLE_MAP_SHAPES[prop];
          expect(shapeBytes(shape, families, size + extra, live, cpus)).toBeGreaterThanOrEqual(shapeBytes(shape, families, size, live, cpus));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('the same scale gives the same report', () => {
    fc.assert(
      fc.property(scaleArb, (input) => {
        expect(JSON.stringify(planMapSizes(resolveClusterScale(input)))).toBe(JSON.stringify(planMapSizes(resolveClusterScale({ ...input }))));
      }),
      { numRuns: 50 },
    );
  });
});

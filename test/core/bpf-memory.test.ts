/** The hash-map memory model against the kernel `memlock` figures measured in bpf-maps.md §2.4. */
import { hashMapBytes, roundUpPowerOfTwo } from '../../lib/core/sizing/bpf-memory';

describe('hashMapBytes', () => {
  it.each([
    ['IPv4 conntrack (LRU 512000, k16 v88)', { kind: 'lru_hash', preallocated: true, keyBytes: 16, valueBytes: 88, maxEntries: 512000 }, 86_213_504],
    [
      'IPv6 conntrack (LRU 512000, k40 v128)',
      { kind: 'lru_hash', preallocated: true, keyBytes: 40, valueBytes: 128, maxEntries: 512000 },
      118_981_504,
    ],
    ['srmsg (LRU 510000, k16 v8)', { kind: 'lru_hash', preallocated: true, keyBytes: 16, valueBytes: 8, maxEntries: 510000 }, 45_109_504],
    ['NAT affinity (LRU 65536, k16 v16)', { kind: 'lru_hash', preallocated: true, keyBytes: 16, valueBytes: 16, maxEntries: 65536 }, 6_292_352],
    ['frags (LRU 10000, k12 v1512)', { kind: 'lru_hash', preallocated: true, keyBytes: 12, valueBytes: 1512, maxEntries: 10000 }, 16_023_040],
    [
      'counters (PERCPU_HASH 20000, k8 v216, 2 CPUs)',
      { kind: 'percpu_hash', preallocated: true, keyBytes: 8, valueBytes: 216, maxEntries: 20000, possibleCpus: 2 },
      10_445_184,
    ],
    [
      'empty ≤v3.30 conntrack (HASH NO_PREALLOC 512000)',
      { kind: 'hash', preallocated: false, keyBytes: 16, valueBytes: 88, maxEntries: 512000 },
      8_389_504,
    ],
  ] as const)('%s matches the measured memlock', (_name, shape, measured) => {
    expect(hashMapBytes(shape)).toBe(measured);
  });

  it('charges NO_PREALLOC maps per live entry (nat_be: 72 B estimate + 8 B list node)', () => {
    const empty = hashMapBytes({ kind: 'hash', preallocated: false, keyBytes: 8, valueBytes: 8, maxEntries: 262144 });
    const full = hashMapBytes({ kind: 'hash', preallocated: false, keyBytes: 8, valueBytes: 8, maxEntries: 262144, liveEntries: 1000 });
    expect(full - empty).toBe(1000 * 72);
  });

  it('doubles the bucket array just above a power of two', () => {
    expect(roundUpPowerOfTwo(524288)).toBe(524288);
    expect(roundUpPowerOfTwo(524289)).toBe(1048576);
  });
});

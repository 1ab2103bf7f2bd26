/**
 * The BPF maps Felix creates on every node (Calico v3.32.1 layouts, bpf-maps.md §1 and §1b):
 * kernel type, whether slots are preallocated, key/value sizes per IP family, and for the maps
 * no setting controls, their fixed size. The sizing calculator prices each of them with the
 * kernel memory model in `bpf-memory.ts`.
 */
import { arrayMapBytes, hashMapBytes, lpmTrieBytes } from './bpf-memory';

/** How the kernel stores a map, which decides what it costs. */
export type MapKind =
  /** LRU_HASH: always preallocated, evicts when full. */
  | 'lru_hash'
  /** HASH created with BPF_F_NO_PREALLOC: buckets up front, elements as they are written. */
  | 'hash_on_demand'
  /** PERCPU_HASH, preallocated, values per possible CPU. */
  | 'percpu_hash'
  /** LPM_TRIE: nothing up front; nodes as prefixes are written. */
  | 'lpm_trie'
  /** PROG_ARRAY and friends: one 8 B slot per entry. */
  | 'array'
  /** PERCPU_ARRAY. */
  | 'percpu_array';

export interface KeyValue {
  readonly key: number;
  readonly value: number;
}

/** One map as the kernel sees it; `v6` absent = IPv4 only, `shared` = one map for both families. */
export interface MapShape {
  /** Pinned name, v4 variant (e.g. `cali_v4_ct4`). */
  readonly pinned: string;
  readonly kind: MapKind;
  readonly v4: KeyValue;
  readonly v6?: KeyValue;
  /** One map serves both families (e.g. `cali_iface4`, the per-CPU counters). */
  readonly shared?: boolean;
}

/** IP families whose map sets exist on a node. Felix always creates the IPv4 set. */
export type MapFamilies = 'IPv4' | 'IPv4+IPv6';

/**
 * Kernel bytes of one map shape on one node, summed over the families present.
 * `live` = entries actually stored (counts for on-demand maps and tries only; capped at max).
 */
export function shapeBytes(shape: MapShape, families: MapFamilies, maxEntries: number, live: number, possibleCpus: number): number {
  const layouts = [shape.v4, ...(families === 'IPv4+IPv6' && shape.v6 && !shape.shared ? [shape.v6] : [])];
  const stored = Math.min(live, maxEntries);
  let total = 0;
  for (const { key, value } of layouts) {
    switch (shape.kind) {
      case 'lru_hash':
        total += hashMapBytes({ kind: 'lru_hash', preallocated: true, keyBytes: key, valueBytes: value, maxEntries });
        break;
      case 'hash_on_demand':
        total += hashMapBytes({ kind: 'hash', preallocated: false, keyBytes: key, valueBytes: value, maxEntries, liveEntries: stored });
        break;
      case 'percpu_hash':
        total += hashMapBytes({ kind: 'percpu_hash', preallocated: true, keyBytes: key, valueBytes: value, maxEntries, possibleCpus });
        break;
      case 'lpm_trie':
        total += lpmTrieBytes(key, value, stored);
        break;
      case 'array':
        total += arrayMapBytes(maxEntries);
        break;
      case 'percpu_array':
        total += arrayMapBytes(maxEntries, value, possibleCpus);
        break;
    }
  }
  return total;
}

/** Maps a `bpfMapSize*` field sizes, keyed by the FelixBpfTuning prop. */
export const TUNABLE_MAP_SHAPES = {
  mapSizeConntrack: { pinned: 'cali_v4_ct4', kind: 'lru_hash', v4: { key: 16, value: 88 }, v6: { key: 40, value: 128 } },
  mapSizeConntrackCleanupQueue: { pinned: 'cali_v4_ccq2', kind: 'hash_on_demand', v4: { key: 16, value: 32 }, v6: { key: 40, value: 56 } },
  mapSizeNATFrontend: { pinned: 'cali_v4_nat_fe3', kind: 'lpm_trie', v4: { key: 16, value: 20 }, v6: { key: 40, value: 20 } },
  mapSizeNATBackend: { pinned: 'cali_v4_nat_be', kind: 'hash_on_demand', v4: { key: 8, value: 8 }, v6: { key: 8, value: 20 } },
  mapSizeNATAffinity: { pinned: 'cali_v4_nat_aff', kind: 'lru_hash', v4: { key: 16, value: 16 }, v6: { key: 40, value: 32 } },
  mapSizeRoute: { pinned: 'cali_v4_routes', kind: 'lpm_trie', v4: { key: 8, value: 8 }, v6: { key: 20, value: 20 } },
  mapSizeIPSets: { pinned: 'cali_v4_ip_sets', kind: 'lpm_trie', v4: { key: 20, value: 4 }, v6: { key: 32, value: 4 } },
  mapSizeIfState: { pinned: 'cali_iface4', kind: 'hash_on_demand', v4: { key: 4, value: 52 }, shared: true },
} as const satisfies Record<string, MapShape>;

export type TunableMapProp = keyof typeof TUNABLE_MAP_SHAPES;

/** A map no setting resizes, with the size Felix gives it and what it is for. */
export interface FixedMap extends MapShape {
  readonly maxEntries: number;
  readonly purpose: string;
}

/**
 * Fixed-size maps (bpf-maps.md §1b; QoS at v3.32.1 sizes). Maglev tables are sized by
 * `bpfMaglev*`, which this library leaves at Felix's defaults (100 × 100 → 50,300 slots).
 * Not counted: the flow-log ring buffer (only with flow export) and the 1-entry `frgtmp`.
 */
export const FIXED_MAPS: readonly FixedMap[] = [
  {
    pinned: 'cali_v4_srmsg',
    kind: 'lru_hash',
    maxEntries: 510000,
    v4: { key: 16, value: 8 },
    v6: { key: 32, value: 20 },
    purpose: 'connect-time LB reverse translation for unconnected UDP',
  },
  {
    pinned: 'cali_v4_ct_nats',
    kind: 'lru_hash',
    maxEntries: 10000,
    v4: { key: 24, value: 8 },
    v6: { key: 32, value: 20 },
    purpose: 'connect-time LB NAT bookkeeping',
  },
  {
    pinned: 'cali_v4_arp2',
    kind: 'lru_hash',
    maxEntries: 10000,
    v4: { key: 8, value: 12 },
    v6: { key: 20, value: 12 },
    purpose: 'next-hop MAC cache',
  },
  { pinned: 'cali_v4_frags3', kind: 'lru_hash', maxEntries: 10000, v4: { key: 12, value: 1512 }, purpose: 'IPv4 fragment reassembly buffers' },
  { pinned: 'cali_v4_frgfwd4', kind: 'lru_hash', maxEntries: 10000, v4: { key: 16, value: 32 }, purpose: 'IPv4 fragment forwarding' },
  {
    pinned: 'cali_v4_mglv2',
    kind: 'hash_on_demand',
    maxEntries: 50300,
    v4: { key: 8, value: 8 },
    v6: { key: 8, value: 20 },
    purpose: 'Maglev lookup tables (bpfMaglev* defaults)',
  },
  {
    pinned: 'cali_v4_fsafes2',
    kind: 'lpm_trie',
    maxEntries: 65536,
    v4: { key: 12, value: 4 },
    v6: { key: 24, value: 4 },
    purpose: 'failsafe ports (a few dozen entries)',
  },
  {
    pinned: 'cali_v4_sprefix',
    kind: 'lpm_trie',
    maxEntries: 1048576,
    v4: { key: 12, value: 4 },
    v6: { key: 24, value: 4 },
    purpose: 'allowed source prefixes',
  },
  {
    pinned: 'cali_counters6',
    kind: 'percpu_hash',
    maxEntries: 20000,
    v4: { key: 8, value: 216 },
    shared: true,
    purpose: 'per-interface packet counters',
  },
  { pinned: 'cali_rule_ctrs2', kind: 'percpu_hash', maxEntries: 10000, v4: { key: 8, value: 8 }, shared: true, purpose: 'per policy-rule counters' },
  { pinned: 'cali_profiling2', kind: 'percpu_hash', maxEntries: 20000, v4: { key: 8, value: 16 }, shared: true, purpose: 'program profiling' },
  { pinned: 'cali_state6', kind: 'percpu_array', maxEntries: 2, v4: { key: 4, value: 512 }, shared: true, purpose: 'per-packet scratch state' },
  { pinned: 'cali_qos2', kind: 'hash_on_demand', maxEntries: 2000, v4: { key: 8, value: 24 }, shared: true, purpose: 'per-interface QoS' },
  {
    pinned: 'cali_qos_conn',
    kind: 'hash_on_demand',
    maxEntries: 2000,
    v4: { key: 8, value: 12 },
    shared: true,
    purpose: 'per-interface connection limits',
  },
  ...['cali_jump_ing2', 'cali_jump_egr2', 'cali_j_nk_ing2', 'cali_j_nk_egr2'].map((pinned): FixedMap => ({
    pinned,
    kind: 'array',
    maxEntries: 240000,
    v4: { key: 4, value: 4 },
    shared: true,
    purpose: 'policy program tail-call table',
  })),
  { pinned: 'cali_progs', kind: 'array', maxEntries: 400, v4: { key: 4, value: 4 }, shared: true, purpose: 'program table' },
  { pinned: 'xdp_cali_progs', kind: 'array', maxEntries: 2400, v4: { key: 4, value: 4 }, shared: true, purpose: 'XDP program table' },
  { pinned: 'cali_ctlb_progs', kind: 'array', maxEntries: 1, v4: { key: 4, value: 4 }, shared: true, purpose: 'connect-time LB program table' },
];

/** Bytes of every fixed map on one node. Tries are counted empty (their content is a few dozen entries). */
export function fixedMapBytes(families: MapFamilies, possibleCpus: number): { readonly pinned: string; readonly bytes: number }[] {
  return FIXED_MAPS.map((m) => ({ pinned: m.pinned, bytes: shapeBytes(m, families, m.maxEntries, 0, possibleCpus) }));
}

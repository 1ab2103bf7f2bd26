/**
 * Kernel memory of a BPF hash-family map, as the kernel accounts it (`memlock` in fdinfo, kernel
 * ≥ 6.4 `htab_map_mem_usage`). Building block of the map-sizing calculator (issue #4).
 *
 * - element = 48 B `struct htab_elem` + key and value each rounded up to 8 B (per-CPU maps keep an
 *   8 B pointer in the element and the values in per-CPU storage);
 * - buckets = 16 B × max_entries rounded up to a power of two, allocated at creation even for
 *   maps created with BPF_F_NO_PREALLOC;
 * - preallocated maps pay every element at creation (a plain, non-LRU, non-per-CPU hash also
 *   gets one spare element per possible CPU); NO_PREALLOC maps pay element + 8 B per live entry;
 * - 896 B for the map structure itself (measured: every hash map in the reference table carries it).
 */

export const HTAB_ELEM_BYTES = 48;
export const HTAB_BUCKET_BYTES = 16;
export const HTAB_MAP_STRUCT_BYTES = 896;

export interface HashMapShape {
  readonly kind: 'hash' | 'lru_hash' | 'percpu_hash';
  /** Whether every slot is allocated at creation (LRU maps always are). */
  readonly preallocated: boolean;
  readonly keyBytes: number;
  readonly valueBytes: number;
  readonly maxEntries: number;
  /** Live entries, for NO_PREALLOC maps. @default 0 */
  readonly liveEntries?: number;
  /** `num_possible_cpus()` on the node. @default 1 */
  readonly possibleCpus?: number;
}

const round8 = (n: number): number => Math.ceil(n / 8) * 8;

/** The smallest power of two ≥ n (n ≥ 1). */
export function roundUpPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Kernel-accounted bytes of one hash-family map. */
export function hashMapBytes(shape: HashMapShape): number {
  const cpus = shape.possibleCpus ?? 1;
  const perCpu = shape.kind === 'percpu_hash';
  const elem = HTAB_ELEM_BYTES + round8(shape.keyBytes) + (perCpu ? 8 : round8(shape.valueBytes));
  const buckets = roundUpPowerOfTwo(shape.maxEntries) * HTAB_BUCKET_BYTES;
  let bytes = HTAB_MAP_STRUCT_BYTES + buckets;
  if (shape.preallocated) {
    const spare = shape.kind === 'hash' ? cpus : 0;
    bytes += elem * (shape.maxEntries + spare);
    if (perCpu) bytes += shape.maxEntries * round8(shape.valueBytes) * cpus;
  } else {
    bytes += (elem + 8) * (shape.liveEntries ?? 0);
  }
  return bytes;
}

/**
 * LPM tries (NAT frontend, routes, IP sets, failsafes, source prefixes). The kernel never
 * preallocates them, so `max_entries` is only a cap: nothing is paid up front and oversizing is
 * free. Each stored prefix costs a leaf node plus, for disjoint prefixes, about one intermediate
 * node; each node is `24 B header + (key − 4) + value` (bpf_mem_alloc layout of current kernels)
 * rounded up to a slab size class, plus ~16 B of allocator overhead per entry. This reproduces the
 * measured ≈144 B per IPv4 /32 of `routes` and `ip_sets` (bpf-maps.md §2.3), where the kernel's own
 * `memlock` estimate (36 B / 44 B) counts leaves only.
 */
export const LPM_NODE_HEADER_BYTES = 24;
const LPM_ALLOCATOR_OVERHEAD_BYTES = 16;
const SLAB_SIZE_CLASSES = [8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096];

/** The kmalloc size class an allocation of `bytes` lands in. */
export function slabSize(bytes: number): number {
  return SLAB_SIZE_CLASSES.find((c) => c >= bytes) ?? roundUpPowerOfTwo(bytes);
}

/** Real memory of one prefix stored in an LPM trie with this key/value layout (key includes the 4 B prefixlen). */
export function lpmEntryBytes(keyBytes: number, valueBytes: number): number {
  const node = LPM_NODE_HEADER_BYTES + (keyBytes - 4) + valueBytes;
  return 2 * slabSize(node) + LPM_ALLOCATOR_OVERHEAD_BYTES;
}

/** Memory of an LPM trie holding `liveEntries` prefixes (none up front). */
export function lpmTrieBytes(keyBytes: number, valueBytes: number, liveEntries: number): number {
  return liveEntries * lpmEntryBytes(keyBytes, valueBytes);
}

/**
 * Array maps: 312 B of map structure plus an 8 B slot per entry (measured: a PROG_ARRAY of 240,000
 * slots is 1,920,312 B). Per-CPU arrays keep a pointer per slot and the values per possible CPU.
 */
export const ARRAY_MAP_STRUCT_BYTES = 312;
export function arrayMapBytes(maxEntries: number, perCpuValueBytes = 0, possibleCpus = 1): number {
  return ARRAY_MAP_STRUCT_BYTES + maxEntries * 8 + maxEntries * round8(perCpuValueBytes) * possibleCpus;
}

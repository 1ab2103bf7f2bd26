/**
 * The map-sizing calculator: cluster scale → a size for every `bpfMapSize*` field → kernel
 * memory per node, for the recommendation and for Felix's defaults, plus the warnings that
 * come with changing map sizes on a live cluster.
 */
import { roundUpPowerOfTwo } from './bpf-memory';
import { IpFamilies, type ResolvedClusterScale } from './cluster-scale';
import { MAP_SIZE_FIELDS, type MapSizeField } from '../felix/felix-fields';
import { TUNABLE_MAP_SHAPES, fixedMapBytes, shapeBytes, type MapFamilies, type TunableMapProp } from './map-catalog';
import { modelMapNeeds } from './map-needs';
import { ConntrackScaling } from '../dataplane/values';
import { WarningCode, warning, type CalicoWarning } from '../validation/warnings';

export type SizeProp = MapSizeField['prop'];

/** One `bpfMapSize*` field: what the scale needs, what to set, and what it costs per node. */
export interface MapSizing {
  /** Pinned map name (IPv4 variant). Empty for `bpfMapSizePerCpuConntrack`, which sizes the conntrack map. */
  readonly map: string;
  readonly prop: SizeProp;
  readonly field: string;
  /** Smallest size that holds the modeled content as intended. */
  readonly entriesNeeded: number;
  /** The size to set: the calculator's, or the value given explicitly. 0 = off (per-CPU conntrack). */
  readonly recommended: number;
  /** Felix's built-in default. */
  readonly default: number;
  /** Kernel memory per node at `recommended` (both families' maps when IPv6 is on). */
  readonly recommendedBytes: number;
  /** Kernel memory per node at Felix's default size with the same content. */
  readonly defaultBytes: number;
  /** Whether the kernel allocates every slot when the map is created. */
  readonly preallocated: boolean;
  /** `model`: computed here; `explicit`: given by the user; `off`: left unset on purpose. */
  readonly source: 'model' | 'explicit' | 'off';
  /** How `entriesNeeded` was computed. */
  readonly basis: string;
}

export interface MapSizingReport {
  readonly scale: ResolvedClusterScale;
  /** One entry per `bpfMapSize*` field, in MAP_SIZE_FIELDS order. */
  readonly maps: readonly MapSizing[];
  /** Over the tunable maps. `ratio` = recommended / default. */
  readonly totals: { readonly recommendedBytes: number; readonly defaultBytes: number; readonly ratio: number };
  /** Maps no setting controls (fixed sizes, per-CPU counters, program arrays). */
  readonly fixedBytes: number;
  readonly fixedMaps: readonly { readonly pinned: string; readonly bytes: number }[];
  /** Everything Felix pins on one node: tunable + fixed. */
  readonly wholeNode: { readonly recommendedBytes: number; readonly defaultBytes: number };
  /** Fields whose size is below the modeled need (explicit values, or a need past the size limit). */
  readonly belowNeed: readonly string[];
  readonly warnings: readonly CalicoWarning[];
  /** FelixConfiguration `spec` fields that apply the sizes. */
  readonly spec: Readonly<Record<string, number>>;
}

export interface PlanOptions {
  /** Sizes given explicitly; they replace the calculator's and are checked against the need. */
  readonly overrides?: Partial<Record<SizeProp, number>>;
  /** The `bpfMapSizeConntrackScaling` in effect. @default DoubleIfFull (Felix's default) */
  readonly conntrackScaling?: ConntrackScaling;
}

/** Smallest size recommended for any map: below this the bucket array costs next to nothing anyway. */
export const MIN_RECOMMENDED_ENTRIES = 1_024;
/** Conntrack also carries the node's own traffic (kubelet, probes, DNS) whatever the plan says. */
export const MIN_RECOMMENDED_CONNTRACK = 16_384;

/**
 * Rounds a size up. Preallocated maps pay per slot, so they go to the next eighth of an octave
 * (≤ 12.5 % over, never past the power of two the bucket array is sized to); everything else
 * pays nothing or only for buckets, which the kernel rounds to a power of two anyway.
 */
export function roundMapSize(entries: number, preallocated: boolean): number {
  if (!preallocated || entries <= 8) return roundUpPowerOfTwo(entries);
  const step = roundUpPowerOfTwo(entries) / 16;
  return Math.ceil(entries / step) * step;
}

const familiesOf = (s: ResolvedClusterScale): MapFamilies => (s.ipFamilies === IpFamilies.IPV4 ? 'IPv4' : 'IPv4+IPv6');
/** Bytes as MiB with one decimal, the unit every memory figure of the calculator is shown in. */
export function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
const mib = formatMiB;

/** Sizes every `bpfMapSize*` field for the scale and prices it. */
export function planMapSizes(scale: ResolvedClusterScale, options: PlanOptions = {}): MapSizingReport {
  const overrides = options.overrides ?? {};
  const needs = modelMapNeeds(scale);
  const families = familiesOf(scale);
  const cpus = scale.cpusPerNode;
  const perCpu = overrides.mapSizePerCpuConntrack ?? 0;

  const maps = MAP_SIZE_FIELDS.map((f): MapSizing => {
    if (f.prop === 'mapSizePerCpuConntrack') {
      const need = Math.ceil(needs.mapSizeConntrack.entriesNeeded / cpus);
      const basis = `conntrack need / ${cpus} CPUs; ${perCpu > 0 ? 'replaces bpfMapSizeConntrack' : 'left off: bpfMapSizeConntrack sizes the map'}`;
      return {
        map: '',
        prop: f.prop,
        field: f.field,
        entriesNeeded: need,
        recommended: perCpu,
        default: f.felixDefault,
        recommendedBytes: 0,
        defaultBytes: 0,
        preallocated: true,
        source: perCpu > 0 ? 'explicit' : 'off',
        basis,
      };
    }
    const prop = f.prop as TunableMapProp;
    const shape = TUNABLE_MAP_SHAPES[prop];
    const need = needs[prop];
    const preallocated = shape.kind === 'lru_hash';
    const floor = prop === 'mapSizeConntrack' ? MIN_RECOMMENDED_CONNTRACK : MIN_RECOMMENDED_ENTRIES;
    // LPM tries cost nothing until written, so a smaller cap saves no memory and only adds risk: never go below Felix's default.
    const lpmFloor = shape.kind === 'lpm_trie' ? f.felixDefault : 0;
    const target = Math.max(floor, lpmFloor, Math.ceil(need.entriesNeeded * scale.headroom));
    let recommended = Math.min(f.max, roundMapSize(target, preallocated));
    let source: MapSizing['source'] = 'model';
    const explicit = prop === 'mapSizeConntrack' && perCpu > 0 ? perCpu * cpus : overrides[prop];
    if (explicit !== undefined) {
      recommended = explicit;
      source = 'explicit';
    }
    return {
      map: shape.pinned,
      prop,
      field: f.field,
      entriesNeeded: need.entriesNeeded,
      recommended,
      default: f.felixDefault,
      recommendedBytes: shapeBytes(shape, families, recommended, need.live, cpus),
      defaultBytes: shapeBytes(shape, families, f.felixDefault, need.live, cpus),
      preallocated,
      source,
      basis: need.basis,
    };
  });

  const recommendedBytes = sum(maps.map((m) => m.recommendedBytes));
  const defaultBytes = sum(maps.map((m) => m.defaultBytes));
  const fixedMaps = fixedMapBytes(families, cpus);
  const fixedBytes = sum(fixedMaps.map((m) => m.bytes));
  const sized = maps.filter((m) => m.source !== 'off');
  const belowNeed = maps.filter((m) => comparesToNeed(m) && m.recommended < m.entriesNeeded).map((m) => m.field);
  const spec: Record<string, number> = {};
  for (const m of sized) {
    if (m.prop === 'mapSizeConntrack' && perCpu > 0) {
      // With per-CPU sizing on, Felix ignores bpfMapSizeConntrack: keep only a value the user wrote.
      if (overrides.mapSizeConntrack !== undefined) spec[m.field] = overrides.mapSizeConntrack;
      continue;
    }
    spec[m.field] = m.recommended;
  }
  const report = {
    scale,
    maps,
    totals: { recommendedBytes, defaultBytes, ratio: defaultBytes === 0 ? 0 : recommendedBytes / defaultBytes },
    fixedBytes,
    fixedMaps,
    wholeNode: { recommendedBytes: recommendedBytes + fixedBytes, defaultBytes: defaultBytes + fixedBytes },
    belowNeed,
    spec,
  };
  return { ...report, warnings: sizingWarnings(report, options.conntrackScaling ?? ConntrackScaling.DOUBLE_IF_FULL) };
}

/**
 * Rows whose size is checked against the need. The per-CPU conntrack row is not: it only sizes the
 * conntrack map (its default 0 means off), whose own row carries the effective size.
 */
function comparesToNeed(m: MapSizing): boolean {
  return m.source !== 'off' && m.prop !== 'mapSizePerCpuConntrack';
}

function sizingWarnings(r: Omit<MapSizingReport, 'warnings'>, scaling: ConntrackScaling): CalicoWarning[] {
  const warnings: CalicoWarning[] = [];
  const ct = r.maps.find((m) => m.prop === 'mapSizeConntrack')!;
  for (const m of r.maps.filter((x) => comparesToNeed(x) && x.recommended < x.entriesNeeded)) {
    warnings.push(
      warning(
        WarningCode.MAP_BELOW_NEED,
        `${m.field} ${m.recommended} is below the ${m.entriesNeeded} entries this scale needs (${m.basis}); the map will fill up`,
      ),
    );
  }
  const tooSmallDefaults = r.maps.filter((m) => comparesToNeed(m) && m.default < m.entriesNeeded);
  if (tooSmallDefaults.length > 0) {
    warnings.push(
      warning(
        WarningCode.DEFAULT_MAPS_TOO_SMALL,
        `Felix's default is too small at this scale for ${tooSmallDefaults.map((m) => `${m.field} (needs ${m.entriesNeeded}, default ${m.default})`).join(', ')}`,
      ),
    );
  }
  const capped = r.maps.filter((m) => m.source === 'model' && m.recommended >= m.entriesNeeded && m.recommended < m.entriesNeeded * r.scale.headroom);
  for (const m of capped) {
    warnings.push(
      warning(
        WarningCode.MAP_SIZE_CAPPED,
        `${m.field} is capped at ${m.recommended}, the largest size accepted: it holds the ${m.entriesNeeded} entries this scale needs but not ${r.scale.headroom}× headroom`,
      ),
    );
  }
  const changes = r.maps.filter((m) => m.source !== 'off').map((m) => ({ field: m.field, size: m.recommended, default: m.default }));
  warnings.push(...resizeWarnings(changes, scaling, { newBytes: ct.recommendedBytes, oldBytes: ct.defaultBytes }));
  warnings.push(
    warning(
      WarningCode.BPF_MAP_MEMORY,
      `BPF maps are charged to calico-node's memory cgroup (kernel 5.11+): about ${mib(r.wholeNode.recommendedBytes)} per node (${mib(r.totals.recommendedBytes)} sized here + ${mib(r.fixedBytes)} fixed), so any memory limit on calico-node must cover that on top of Felix itself`,
    ),
  );
  return warnings;
}

/** A map size that will be written, next to Felix's default. */
export interface MapSizeChange {
  readonly field: string;
  readonly size: number;
  readonly default: number;
}

/**
 * What changing map sizes does on a running cluster, for sizes from a scale or set by hand:
 * a conntrack resize restarts Felix and copies the map, shrinking can leave Felix unable to start,
 * and with DoubleIfFull an auto-grown conntrack map ignores a smaller setting.
 */
export function resizeWarnings(
  changes: readonly MapSizeChange[],
  scaling: ConntrackScaling,
  conntrackBytes?: { readonly newBytes: number; readonly oldBytes: number },
): CalicoWarning[] {
  const warnings: CalicoWarning[] = [];
  const conntrack = changes.filter((c) => (c.field === 'bpfMapSizeConntrack' || c.field === 'bpfMapSizePerCpuConntrack') && c.size !== c.default);
  if (conntrack.length > 0) {
    const memory = conntrackBytes
      ? ` (the new one is ${mib(conntrackBytes.newBytes)}, the old one ${mib(conntrackBytes.oldBytes)} at Felix's default size)`
      : '';
    warnings.push(
      warning(
        WarningCode.CONNTRACK_RESIZE,
        `conntrack: a new ${conntrack.map((c) => c.field).join(' / ')} restarts Felix, which copies every live entry into a new map; live connections can be disrupted, so apply it in a quiet window; during the copy a node holds both maps${memory}`,
      ),
    );
  }
  const shrunk = changes.filter((c) => c.field !== 'bpfMapSizePerCpuConntrack' && c.size < c.default);
  if (shrunk.length > 0) {
    warnings.push(
      warning(
        WarningCode.MAP_SHRINK,
        `shrinking ${shrunk.map((c) => `${c.field} (${c.default} → ${c.size})`).join(', ')}: on a running cluster, a node whose map holds more live entries than the new size cannot copy them and Felix fails to start until the size is raised; check the live counts first (felix_bpf_conntrack_used, calico-node -bpf nat dump / routes dump / ipsets dump)`,
      ),
    );
  }
  if (conntrack.length > 0 && scaling !== ConntrackScaling.DISABLED) {
    warnings.push(
      warning(
        WarningCode.CONNTRACK_SIZE_PERSISTED,
        `bpfMapSizeConntrackScaling is DoubleIfFull: a node whose conntrack map already doubled keeps the size persisted in /var/lib/calico/bpf_ct_map_size, so a smaller conntrack size has no effect there until that file is removed; each doubling preallocates twice the memory`,
      ),
    );
  }
  return warnings;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

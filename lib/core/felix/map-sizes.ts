/** A tuning's BPF map sizes: filled from `scale`, checked against it, and the caveats of resizing. */
import { ConntrackScaling } from '../dataplane/values';
import { collectClusterScale } from '../sizing/cluster-scale';
import { planMapSizes, resizeWarnings, type MapSizingReport } from '../sizing/map-sizing';
import { ProblemCode, type Problems } from '../validation/errors';
import { MAP_SIZE_FIELDS } from './felix-fields';
import type { CalicoWarning } from '../validation/warnings';
import type { FelixBpfTuningProps } from './felix-props';

/** Map sizes set by hand get the same resize caveats as calculated ones. */
export function handSetSizeWarnings(spec: Readonly<Record<string, unknown>>): CalicoWarning[] {
  const changes = MAP_SIZE_FIELDS.filter((m) => typeof spec[m.field] === 'number').map((m) => ({
    field: m.field,
    size: spec[m.field] as number,
    default: m.felixDefault,
  }));
  return resizeWarnings(changes, (spec.bpfMapSizeConntrackScaling as ConntrackScaling | undefined) ?? ConntrackScaling.DOUBLE_IF_FULL);
}

/**
 * Fills the map-size fields the user left unset from the scale. Explicit sizes stay, but one
 * below the modeled need is an error: the map would fill up (Felix then drops service entries or
 * evicts live connections).
 */
export function sizeFromScale(
  props: FelixBpfTuningProps,
  spec: Record<string, unknown>,
  problems: Problems,
  p: (name: string) => string,
): MapSizingReport | undefined {
  const scale = collectClusterScale(props.scale, problems, (f) => p(f ? `scale.${f}` : 'scale'));
  if (scale === undefined) return undefined;
  const overrides = Object.fromEntries(
    MAP_SIZE_FIELDS.filter((m) => typeof spec[m.field] === 'number').map((m) => [m.prop, spec[m.field] as number]),
  );
  const conntrackScaling = spec.bpfMapSizeConntrackScaling as ConntrackScaling | undefined;
  const sizing = planMapSizes(scale, { overrides, ...(conntrackScaling ? { conntrackScaling } : {}) });
  const model = planMapSizes(scale);
  for (const m of sizing.maps) {
    if (!sizing.belowNeed.includes(m.field)) continue;
    const suggestion = model.maps.find((x) => x.prop === m.prop)!.recommended;
    if (m.source === 'model') {
      problems.add(
        ProblemCode.SCALE_EXCEEDS_MAP_LIMIT,
        p('scale'),
        `'${p('scale')}' needs ${m.entriesNeeded} entries in ${m.field} (${m.basis}), more than the ${m.recommended} this library accepts; split the load over more nodes or lower the scale`,
      );
    } else if (m.prop === 'mapSizeConntrack' && (overrides.mapSizePerCpuConntrack ?? 0) > 0) {
      // Felix sizes the map per CPU and ignores bpfMapSizeConntrack, so the per-CPU value is the one to raise.
      const perCpuNeed = Math.ceil(m.entriesNeeded / scale.cpusPerNode);
      problems.add(
        ProblemCode.MAP_SIZE_BELOW_NEED,
        p('mapSizePerCpuConntrack'),
        `'${p('mapSizePerCpuConntrack')}' is ${overrides.mapSizePerCpuConntrack} × ${scale.cpusPerNode} CPUs = ${m.recommended} conntrack entries, below the ${m.entriesNeeded} the scale needs (${m.basis}); raise it to at least ${perCpuNeed}, or remove it to use bpfMapSizeConntrack ${suggestion}`,
      );
    } else {
      problems.add(
        ProblemCode.MAP_SIZE_BELOW_NEED,
        p(m.prop),
        `'${p(m.prop)}' is ${m.recommended}, below the ${m.entriesNeeded} entries the scale needs (${m.basis}); raise it to at least ${m.entriesNeeded} (recommended ${suggestion}), or remove it to use the recommendation`,
      );
    }
  }
  Object.assign(spec, sizing.spec);
  return sizing;
}

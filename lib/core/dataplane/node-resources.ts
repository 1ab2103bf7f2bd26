/** calico-node's container resources: Kubernetes quantities, requests against limits, and the memory the BPF maps need. */
import type { MapSizingReport } from '../sizing/map-sizing';
import { isPlainObject } from '../validation/checks';
import { ProblemCode, show, type Problems } from '../validation/errors';
import type { CalicoEbpfDataplaneProps, ResourceQuantities } from './dataplane-props';
import { WarningCode, warning, type CalicoWarning } from '../validation/warnings';

/** Kubernetes resource quantity (resource.Quantity), e.g. `250m`, `512Mi`, `1.5Gi`. */
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+)?$/;
const FACTORS: Readonly<Record<string, number>> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A quantity in base units (bytes, cores); undefined when malformed. */
export function parseQuantity(q: string): number | undefined {
  const m = QUANTITY.exec(q);
  if (!m) return undefined;
  const suffix = m[3] ?? '';
  const factor = Object.hasOwn(FACTORS, suffix) ? FACTORS[suffix]! : 10 ** Number(suffix.slice(1));
  return Number(m[1]) * factor;
}

export function resolveResources(
  value: CalicoEbpfDataplaneProps['calicoNodeResources'],
  problems: Problems,
): Record<string, Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      'calicoNodeResources',
      `'calicoNodeResources' must be an object { requests, limits }, got ${show(value)}`,
    );
    return undefined;
  }
  const out: Record<string, Record<string, string>> = {};
  for (const kind of ['requests', 'limits'] as const) {
    const q: ResourceQuantities | undefined = value[kind];
    if (q === undefined) continue;
    const at = `calicoNodeResources.${kind}`;
    if (!isPlainObject(q)) {
      problems.add(ProblemCode.INVALID_VALUE, at, `'${at}' must be an object { cpu, memory }, got ${show(q)}`);
      continue;
    }
    const entry: Record<string, string> = {};
    for (const r of ['cpu', 'memory'] as const) {
      const v = q[r];
      if (v === undefined) continue;
      if (typeof v !== 'string' || parseQuantity(v) === undefined) {
        problems.add(
          ProblemCode.INVALID_VALUE,
          `${at}.${r}`,
          `'${at}.${r}' must be a Kubernetes quantity such as ${r === 'cpu' ? '"250m"' : '"512Mi"'}, got ${show(v)}`,
        );
      } else entry[r] = v;
    }
    out[kind] = entry;
  }
  for (const r of ['cpu', 'memory'] as const) {
    const req = out.requests?.[r];
    const lim = out.limits?.[r];
    if (req !== undefined && lim !== undefined && parseQuantity(req)! > parseQuantity(lim)!) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        `calicoNodeResources.requests.${r}`,
        `'calicoNodeResources.requests.${r}' ${show(req)} is more than the limit ${show(lim)}; Kubernetes refuses such a pod`,
      );
    }
  }
  return out;
}

/** Room for Felix, confd and the other calico-node processes beside the BPF maps. */
export const CALICO_NODE_BASE_BYTES = 256 * 2 ** 20;

/**
 * With `felix.scale`, the sizing model knows the BPF map memory of a node; since kernel 5.11 it is
 * charged to calico-node's memory cgroup, so a memory limit below it makes map creation fail.
 */
export function suggestMemory(
  resources: Record<string, Record<string, string>> | undefined,
  sizing: MapSizingReport | undefined,
  problems: Problems,
  warnings: CalicoWarning[],
): void {
  if (!sizing) return;
  const maps = sizing.wholeNode.recommendedBytes;
  const suggestedMiB = Math.ceil((maps + CALICO_NODE_BASE_BYTES) / 2 ** 20);
  const limit = resources?.limits?.memory;
  if (limit !== undefined && parseQuantity(limit)! < maps) {
    problems.add(
      ProblemCode.CONTRADICTORY_SETTINGS,
      'calicoNodeResources.limits.memory',
      `'calicoNodeResources.limits.memory' ${show(limit)} is below the ${Math.ceil(maps / 2 ** 20)}Mi of BPF maps this felix.scale needs per node, which the kernel charges to calico-node's memory cgroup (5.11+); set it to at least ${suggestedMiB}Mi or remove it`,
    );
  }
  if (resources?.requests?.memory === undefined) {
    warnings.push(
      warning(
        WarningCode.NODE_MEMORY_REQUEST,
        `felix.scale: suggested calicoNodeResources.requests.memory "${suggestedMiB}Mi" (${Math.ceil(maps / 2 ** 20)}Mi of BPF maps per node + ${CALICO_NODE_BASE_BYTES / 2 ** 20}Mi for calico-node), so the scheduler reserves what the node will use`,
      ),
    );
  }
}

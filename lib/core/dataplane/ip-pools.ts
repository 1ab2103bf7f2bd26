/** IP pools of the Installation: defaults per family, CIDR and block-size rules, overlap checks. */
import { cidrsOverlap, parseCidr, type ParsedCidr } from '../validation/cidr';
import { checkCidr, checkInteger, checkString, isPlainObject } from '../validation/checks';
import type { IpPoolProps } from './dataplane-props';
import { ProblemCode, Problems, show } from '../validation/errors';
import { checkObjectName } from '../validation/names';
import { Encapsulation } from './values';
import { WarningCode, warning, type CalicoWarning } from '../validation/warnings';

export interface ResolvedIpPool {
  readonly name: string;
  readonly cidr: string;
  readonly encapsulation: Encapsulation;
  readonly natOutgoing: boolean;
  readonly blockSize: number;
  readonly nodeSelector: string;
  /** IP family of the pool. */
  readonly family: 4 | 6;
  /**
   * @internal parsed form (BigInt addresses), for overlap checks. Not enumerable, so the resolved
   * configuration stays JSON-serializable (JSON.stringify throws on BigInt).
   */
  readonly parsed: ParsedCidr;
}

const LINK_LOCAL = {
  4: { text: '169.254.0.0/16', parsed: parseCidr('169.254.0.0/16')! },
  6: { text: 'fe80::/10', parsed: parseCidr('fe80::/10')! },
} as const;

/** The operator accepts at most 25 pools (CRD maxItems). */
const MAX_POOLS = 25;

/** `defaultCidrs`: the platform's pod CIDRs, one default pool each when `pools` is not given. */
export function resolveIpPools(
  pools: readonly IpPoolProps[] | undefined,
  defaultCidrs: readonly string[],
  problems: Problems,
  warnings: CalicoWarning[],
): ResolvedIpPool[] {
  if (pools === undefined && defaultCidrs.length === 0) return [];
  const input = pools ?? defaultCidrs.map((cidr) => ({ cidr }));
  if (!Array.isArray(input) || input.length === 0) {
    problems.add(
      ProblemCode.INVALID_VALUE,
      'ipPools',
      `'ipPools' must list at least one pool, got ${show(pools)}; omit it for the distribution's default pool`,
    );
    return [];
  }
  if (input.length > MAX_POOLS) {
    // Before any per-pool or pairwise work: 3,000 pools would otherwise mean 4.5 million overlap checks.
    problems.add(
      ProblemCode.OUT_OF_RANGE,
      'ipPools',
      `'ipPools' may hold at most ${MAX_POOLS} pools (the Installation CRD's limit), got ${input.length}`,
    );
    return [];
  }
  const resolved: ResolvedIpPool[] = [];
  const firstOfFamily = new Set<number>();
  input.forEach((pool, i) => {
    const path = `ipPools[${i}]`;
    if (!isPlainObject(pool)) {
      problems.add(ProblemCode.INVALID_VALUE, path, `'${path}' must be an object with at least 'cidr', got ${show(pool)}`);
      return;
    }
    const parsed = checkCidr(problems, `${path}.cidr`, pool.cidr, true);
    const encapsulation = pool.encapsulation ?? Encapsulation.VXLAN_CROSS_SUBNET;
    if (pool.nodeSelector !== undefined) checkString(problems, `${path}.nodeSelector`, pool.nodeSelector);
    if (!parsed) return;
    // The 3.33 IPPool CRD refuses these (CEL); the operator would fail to create the pool.
    const linkLocal = LINK_LOCAL[parsed.family];
    if (cidrsOverlap(parsed, linkLocal.parsed)) {
      problems.add(
        ProblemCode.OVERLAPPING_CIDRS,
        `${path}.cidr`,
        `'${path}.cidr' ${show(pool.cidr)} overlaps the IPv${parsed.family} link-local range ${linkLocal.text}, which the IPPool CRD refuses; pick a private range`,
      );
    }
    if (typeof pool.nodeSelector === 'string' && /\bglobal\(\)/.test(pool.nodeSelector)) {
      problems.add(
        ProblemCode.INVALID_VALUE,
        `${path}.nodeSelector`,
        `'${path}.nodeSelector' cannot use global(), which the IPPool CRD refuses in a pool's nodeSelector; use all() or a label selector`,
      );
    }

    const v4 = parsed.family === 4;
    const blockSize = pool.blockSize ?? (v4 ? 26 : 122);
    const [minBlock, maxBlock] = v4 ? [20, 32] : [116, 128];
    const blockOk = checkInteger(problems, `${path}.blockSize`, blockSize, minBlock, maxBlock, ` for an IPv${parsed.family} pool`);
    if (blockOk && blockSize < parsed.prefix) {
      problems.add(
        ProblemCode.OUT_OF_RANGE,
        `${path}.blockSize`,
        `'${path}.blockSize' ${blockSize} is larger than the pool ${show(pool.cidr)} itself; use a block size of at least ${parsed.prefix}`,
      );
    }
    if (!v4 && (encapsulation === Encapsulation.IPIP || encapsulation === Encapsulation.IPIP_CROSS_SUBNET)) {
      problems.add(
        ProblemCode.CONTRADICTORY_SETTINGS,
        `${path}.encapsulation`,
        `'${path}.encapsulation' ${show(encapsulation)} is not allowed on the IPv6 pool ${show(pool.cidr)}; use "VXLAN", "VXLANCrossSubnet" or "None"`,
      );
    }
    if (encapsulation === Encapsulation.IPIP || encapsulation === Encapsulation.IPIP_CROSS_SUBNET) {
      warnings.push(warning(WarningCode.IPIP_PERFORMANCE, `${path}: IPIP performs poorly in eBPF mode; Calico recommends VXLAN or no overlay`));
    }
    let name = pool.name;
    if (name === undefined) {
      name = firstOfFamily.has(parsed.family)
        ? `pool-${pool.cidr
            .replace(/[^0-9a-fA-F]+/g, '-')
            .replace(/-+$/, '')
            .toLowerCase()}`
        : `default-ipv${parsed.family}-ippool`;
    } else {
      checkObjectName(problems, `${path}.name`, name);
    }
    firstOfFamily.add(parsed.family);
    const entry = {
      name,
      cidr: pool.cidr,
      encapsulation,
      natOutgoing: pool.natOutgoing ?? v4,
      blockSize,
      nodeSelector: pool.nodeSelector ?? 'all()',
      family: parsed.family,
    };
    resolved.push(Object.defineProperty(entry, 'parsed', { value: parsed, enumerable: false }) as ResolvedIpPool);
  });
  for (let a = 0; a < resolved.length; a++) {
    for (let b = a + 1; b < resolved.length; b++) {
      const pa = resolved[a]!;
      const pb = resolved[b]!;
      if (cidrsOverlap(pa.parsed, pb.parsed)) {
        problems.add(
          ProblemCode.OVERLAPPING_CIDRS,
          `ipPools[${b}].cidr`,
          `'ipPools[${b}].cidr' ${show(pb.cidr)} overlaps ${show(pa.cidr)} of pool ${show(pa.name)}; pools must be disjoint`,
        );
      }
      if (pa.name === pb.name) {
        problems.add(
          ProblemCode.INVALID_VALUE,
          `ipPools[${b}].name`,
          `'ipPools[${b}].name' ${show(pb.name)} is used by another pool; names must be unique`,
        );
      }
    }
  }
  return resolved;
}

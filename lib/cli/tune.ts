/** `calico-ebpf tune`: cluster scale in, recommended BPF map sizes and their kernel memory out. */
import {
  CalicoApiGroup,
  DEFAULT_CALICO_VERSION,
  ProblemCode,
  Problems,
  SCALE_FIELD_NAMES,
  SCALE_PROFILES,
  TUNABLE_MAP_SHAPES,
  formatMiB,
  planMapSizes,
  renderFelixConfiguration,
  toYaml,
  type MapSizingReport,
} from '../core/internal';
import { collectClusterScale } from '../core/sizing/cluster-scale';
import { htmlReport } from './tune-html';

export const TUNE_FORMATS = ['table', 'yaml', 'json', 'html'] as const;
type Format = (typeof TUNE_FORMATS)[number];

/** `podsPerNode` → `pods-per-node`; an acronym stays one word (`externalIPs` → `external-ips`, `hostIPsPerNode` → `host-ips-per-node`). */
export const kebab = (name: string): string =>
  name
    .replace(/([A-Z]+)s(?=[A-Z]|$)/g, (_, acronym: string) => `${acronym[0]}${acronym.slice(1).toLowerCase()}s`)
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
/** Flag → scale field, from the same list (no inverse case conversion to get wrong). */
const FIELD_OF_FLAG: ReadonlyMap<string, string> = new Map(SCALE_FIELD_NAMES.map((f) => [kebab(f), f]));

/** Flags naming a scale field, e.g. `--profile`, `--pods-per-node`. */
export const SCALE_FLAGS: readonly string[] = [...FIELD_OF_FLAG.keys()];

export const TUNE_HELP = `Usage: calico-ebpf tune [--profile <name>] [--nodes N --services N ...] [--format table|yaml|json]

Recommends a size for every bpfMapSize* FelixConfiguration field from the scale of a
cluster, with the kernel memory each BPF map takes per node, against Felix's defaults.

Options:
  --profile <name>                  start from ${Object.keys(SCALE_PROFILES).join(', ')};
                                    any option below replaces the profile's value
  --nodes N                         nodes in the cluster (required without --profile)
  --services N                      services with a ClusterIP (required without --profile)
  --pods-per-node N | --pods N      pods per node, or in the whole cluster (default 110 per node)
  --ports-per-service X             average ports per service (default 1)
  --endpoints N | --endpoints-per-service X
                                    ready endpoints, total or per service (default 3 per service)
  --load-balancer-services N        services of type LoadBalancer (default 0)
  --external-ips N                  externalIPs over all services (default 0)
  --node-port-services N            services of type NodePort (default 0)
  --host-ips-per-node N             addresses per family on each node (default 1)
  --session-affinity-services N     services with sessionAffinity: ClientIP (default 0)
  --affinity-clients-per-service N  client IPs per affinity service (default 1000)
  --connections-per-node N          connections open at once through a node (default 10000)
  --new-connections-per-second X    new connections per second per node (default 100)
  --connection-linger-seconds X     how long a closed connection stays tracked (default 120)
  --tc-nat-share X                  share of connections NATed per packet, 0..1 (default 1)
  --policy-selectors N              selectors in the rules of the policies on a node (default 1)
  --pods-per-selector N             endpoint IPs a selector matches (default: every pod)
  --ip-set-members-per-node N       or the IP-set members on a node in total
  --host-interfaces-per-node N      host interfaces besides pod veths (default 8)
  --cpus-per-node N                 possible CPUs per node (default 8)
  --ip-families IPv4|IPv6|DualStack (default IPv4)
  --headroom X                      recommended ≥ headroom × need (default 2)
  --format table|yaml|json|html     table (default): sizes, memory, warnings and snippets;
                                    yaml: a FelixConfiguration "default" to apply;
                                    json: the full report for other tools;
                                    html: one self-contained page with a bar chart of the
                                    memory per map (e.g. > sizing.html)
  -h, --help                        show this help

Exit status: 0 on success, 1 when a value is invalid (every problem is listed), 2 on usage errors.
`;

/** Parses the flag values into a scale input; numbers stay strings when malformed so the core names them. */
export function scaleFromFlags(flags: Readonly<Record<string, string | true>>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [flag, value] of Object.entries(flags)) {
    if (flag === 'format' || flag === 'help' || typeof value !== 'string') continue;
    const field = FIELD_OF_FLAG.get(flag) ?? flag;
    const numeric = field !== 'profile' && field !== 'ipFamilies';
    input[field] = numeric && /^\d+(?:[._]\d+)*$/.test(value) ? Number(value.replace(/_/g, '')) : value;
  }
  return input;
}

/** Runs the calculator; throws CalicoValidationError (problems named by flag) on bad values. */
export function runTune(flags: Readonly<Record<string, string | true>>): string {
  const format = (flags.format ?? 'table') as Format;
  const problems = new Problems();
  if (!TUNE_FORMATS.includes(format)) {
    problems.add(ProblemCode.INVALID_VALUE, '--format', `'--format' must be one of ${TUNE_FORMATS.join(', ')}, got ${JSON.stringify(flags.format)}`);
  }
  const input = scaleFromFlags(flags);
  const scale = collectClusterScale(input, problems, (f) => (f ? `--${kebab(f)}` : 'the scale options'));
  problems.throwIfAny();
  const report = planMapSizes(scale!);
  if (format === 'json') return `${JSON.stringify(jsonReport(report), null, 2)}\n`;
  if (format === 'html') return htmlReport(report);
  const felixConfiguration = renderFelixConfiguration({
    resourceName: 'default',
    apiGroup: CalicoApiGroup.CRD_V1,
    calicoVersion: DEFAULT_CALICO_VERSION,
    spec: report.spec,
    warnings: report.warnings,
    acknowledgedWarnings: [],
  });
  if (format === 'yaml') return toYaml([felixConfiguration]);
  return tableReport(report, input);
}

/** The stable JSON shape other tools consume. */
export function jsonReport(r: MapSizingReport): Record<string, unknown> {
  return {
    scale: r.scale,
    maps: r.maps.map((m) => ({
      field: m.field,
      map: m.map,
      entriesNeeded: m.entriesNeeded,
      recommended: m.recommended,
      default: m.default,
      recommendedBytes: m.recommendedBytes,
      defaultBytes: m.defaultBytes,
      preallocated: m.preallocated,
      source: m.source,
      basis: m.basis,
    })),
    totals: r.totals,
    fixedBytes: r.fixedBytes,
    fixedMaps: r.fixedMaps,
    wholeNode: r.wholeNode,
    belowNeed: r.belowNeed,
    warnings: r.warnings,
    felixConfigurationSpec: r.spec,
  };
}

/** What a map costs: every slot at creation, buckets then entries, or entries only. */
const ALLOCATION: Readonly<Record<string, string>> = { lru_hash: 'preallocated', hash_on_demand: 'on demand', lpm_trie: 'per prefix' };

const mib = formatMiB;
const count = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function tableReport(r: MapSizingReport, input: Record<string, unknown>): string {
  const s = r.scale;
  const lines: string[] = [];
  const title = s.profile ? `profile ${s.profile}` : 'custom scale';
  lines.push(
    `Calico eBPF map sizes for ${title}: ${count(s.nodes)} nodes, ${count(s.podsPerNode)} pods/node, ${count(s.services)} services, ` +
      `${count(s.endpoints)} endpoints, ${count(s.connectionsPerNode)} connections/node, ${s.ipFamilies}, ${s.cpusPerNode} CPUs, headroom ${s.headroom}×`,
    '',
  );
  const header = ['Map', 'Field', 'Allocation', 'Needed', 'Recommended', 'Default', 'Memory rec.', 'Memory default'];
  const rows = r.maps.map((m) => [
    m.map || '(sizes conntrack)',
    m.field,
    m.map === '' ? '-' : (ALLOCATION[TUNABLE_MAP_SHAPES[m.prop as keyof typeof TUNABLE_MAP_SHAPES].kind] ?? ''),
    m.source === 'off' ? '-' : count(m.entriesNeeded),
    m.source === 'off' ? 'off (0)' : count(m.recommended),
    count(m.default) + (m.source !== 'off' && m.default < m.entriesNeeded ? ' (too small)' : ''),
    m.source === 'off' ? '-' : mib(m.recommendedBytes),
    m.source === 'off' ? '-' : mib(m.defaultBytes),
  ]);
  rows.push(['', 'tunable maps per node', '', '', '', '', mib(r.totals.recommendedBytes), mib(r.totals.defaultBytes)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  lines.push(
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(0, -1).map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(rows.at(-1)!),
    '',
  );
  lines.push(
    `Tunable maps:  ${mib(r.totals.recommendedBytes)} recommended vs ${mib(r.totals.defaultBytes)} with Felix defaults (ratio ${r.totals.ratio.toFixed(2)})`,
    `Fixed maps:    ${mib(r.fixedBytes)} (no setting controls them; ${s.cpusPerNode} CPUs of per-CPU counters included)`,
    `Whole node:    ${mib(r.wholeNode.recommendedBytes)} recommended vs ${mib(r.wholeNode.defaultBytes)} with defaults`,
  );
  if (s.profile === 'k3d-dev') {
    lines.push(
      `k3d runs every node on the host's kernel: ${s.nodes} nodes × ${mib(r.wholeNode.recommendedBytes)} = ${mib(s.nodes * r.wholeNode.recommendedBytes)} of the host's memory (${mib(s.nodes * r.wholeNode.defaultBytes)} with defaults)`,
    );
  }
  lines.push('', 'Warnings:', ...r.warnings.map((w) => `  - ${w.code} (${w.severity}): ${w.message}`), '');
  lines.push('FelixConfiguration spec fields (FelixConfiguration "default"):', ...Object.entries(r.spec).map(([k, v]) => `  ${k}: ${v}`), '');
  lines.push(
    'FelixBpfTuning props (cdk8s or Pulumi; sizes follow the scale when it changes):',
    `  { scale: ${JSON.stringify(input.profile !== undefined && Object.keys(input).length === 1 ? input.profile : input)} }`,
    '',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * What the CLI and the cdk8s adapter print about warnings, for one configuration or a fleet: each
 * distinct warning once (the clusters it applies to named beside it), highest severity first, then
 * a one-line summary with the counts, what was acknowledged and how to acknowledge, then each
 * note on a default once. A fleet of 20 identical clusters prints its warnings once, not 20 times.
 */
import { bySeverity, WARNING_FACTS, WarningSeverity, type CalicoWarning, type WarningCode } from './warnings';

/** The warnings of one configuration (a cluster of a fleet, or a tuning). */
export interface WarningSource {
  /** Which cluster or construct, when there are several. */
  readonly name?: string;
  /** False for what is not a cluster of its own (a FelixBpfTuning): not counted among the clusters. */
  readonly cluster?: boolean;
  readonly warnings: readonly CalicoWarning[];
  readonly acknowledgedWarnings: readonly WarningCode[];
  /** Defaults worth knowing about (what they change, and the prop that changes them). */
  readonly notes?: readonly string[];
}

/** At most this many cluster names beside one warning; the rest are counted. */
const MAX_NAMES = 5;

/** Beside a warning: which of the `clusters` it concerns (none said when there is one cluster), and any other source by name. */
function where(names: readonly string[], isCluster: (name: string) => boolean, clusters: number): string {
  const own = names.filter(isCluster);
  const others = names.filter((n) => !isCluster(n));
  const list = (items: readonly string[]): string =>
    `${items.slice(0, MAX_NAMES).join(', ')}${items.length > MAX_NAMES ? `, +${items.length - MAX_NAMES} more` : ''}`;
  const parts = [
    ...(clusters > 1 && own.length === clusters ? [`all ${clusters}`] : []),
    ...(clusters > 1 && own.length > 0 && own.length < clusters ? [`${own.length} of ${clusters}: ${list(own)}`] : []),
    ...(others.length > 0 ? [list(others)] : []),
  ];
  return parts.length > 0 ? ` [${parts.join('; ')}]` : '';
}

/** The lines to print (without newlines); none when there is nothing to say. */
export function warningReport(sources: readonly WarningSource[]): string[] {
  const named = sources.map((s, i) => ({ ...s, name: s.name ?? `#${i + 1}` }));
  const clusterNames = new Set(named.filter((s) => s.cluster !== false).map((s) => s.name));
  const clusters = clusterNames.size;
  // The names of each group in a Set too: a warning shared by 10,000 clusters must not cost 10,000² lookups.
  const groups = new Map<string, { warning: CalicoWarning; names: string[]; seen: Set<string> }>();
  for (const s of named) {
    for (const w of s.warnings) {
      const key = `${w.code}\0${w.message}`;
      const group = groups.get(key) ?? { warning: w, names: [], seen: new Set<string>() };
      if (!group.seen.has(s.name)) {
        group.seen.add(s.name);
        group.names.push(s.name);
      }
      groups.set(key, group);
    }
  }
  const ordered = bySeverity([...groups.values()].map((g) => g.warning));
  const lines = ordered.map((w) => {
    const g = groups.get(`${w.code}\0${w.message}`)!;
    return `warning ${w.code} (${w.severity})${where(g.names, (n) => clusterNames.has(n), clusters)}: ${w.message}`;
  });
  const acknowledged = [...new Set(named.flatMap((s) => s.acknowledgedWarnings))].sort();
  const notes = [...new Set(named.flatMap((s) => s.notes ?? []))];
  if (lines.length === 0 && acknowledged.length === 0 && notes.length === 0) return [];

  const count = (severity: WarningSeverity): number => ordered.filter((w) => w.severity === severity).length;
  const bySev = Object.values(WarningSeverity)
    .map((s) => [s, count(s)] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const summary = [
    `${ordered.length} ${ordered.length === 1 ? 'warning' : 'warnings'}${bySev.length ? ` (${bySev.join(', ')})` : ''}${clusters > 1 ? ` across ${clusters} clusters` : ''}`,
    ...(acknowledged.length ? [`acknowledged: ${acknowledged.join(', ')}`] : []),
    ...(ordered.length ? ['once handled, acknowledge a code with acknowledgeWarnings (or --ack CODE)'] : []),
  ];
  return [...lines, `calico-ebpf: ${summary.join('; ')}`, ...notes.map((n) => `note: ${n}`)];
}

/** The table of docs/warnings.md: every code, its severity and what it is about. */
export function warningsMarkdown(): string {
  const rows = Object.entries(WARNING_FACTS).map(([code, f]) => `| \`${code}\` | ${f.severity} | ${f.about.replace(/\|/g, '\\|')} |`);
  return ['| code | severity | what it is about |', '|---|---|---|', ...rows].join('\n');
}

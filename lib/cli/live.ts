/**
 * The live commands: preflight, apply, status, diff, doctor, migrate. Each one connects through
 * the user's kubeconfig, prints a findings table (or `--output json`, the LiveReport shape), and
 * exits 0 when all is well, 1 when it found a problem, 2 on usage errors. Progress goes to stderr.
 */
import {
  LiveCluster,
  LiveError,
  clusterRoleYaml,
  formatFindings,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  runApply,
  runDiff,
  runDoctor,
  runMigrate,
  runPreflight,
  runStatus,
  warningReport,
  type ApplyDetails,
  type CalicoEbpfDataplaneProps,
  type DiffDetails,
  type DoctorDetails,
  type LiveCommand,
  type LiveReport,
  type MigrateDetails,
} from '../core/internal';
import { loadConfigFile, withAcknowledged } from './load-config';

export interface LiveResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const COMMON = `  --config <file>      props file (JSON or YAML, the same one synth reads)
  --kubeconfig <file>  kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)
  --context <name>     kubeconfig context (default: its current-context)
  --output table|json  json prints the report: {command, ok, cluster, findings[], details}
  --ack <CODE>         acknowledge a warning of the config you have handled (repeatable)
  --print-rbac         print the ClusterRole this command needs and exit (no cluster needed)
  -h, --help           show this help`;
const EXIT = 'Exit status: 0 all is well, 1 a problem was found (or the cluster could not be read), 2 usage error.';

export const LIVE_HELP: Readonly<Record<LiveCommand, string>> = {
  preflight: `Usage: calico-ebpf preflight --config <file> [options]

Read-only, before install: can this cluster run the configured Calico eBPF dataplane? Checks the
Kubernetes version and every node's kernel against the Calico release, OS, architecture and
runtime, another CNI, kube-proxy against the kubeProxy prop, node pod CIDRs against the pools, the
distribution the nodes look like, and the API-server address against the kubernetes Service.

Options:
${COMMON}

${EXIT} A blocker is a problem.
`,
  apply: `Usage: calico-ebpf apply --config <file> [--dry-run] [--force] [--timeout <duration>] [options]

Writes: brings Calico up on a cluster no GitOps controller runs on yet. Runs preflight first
(refuses on a blocker unless --force), then server-side applies (field manager calico-ebpf) the
namespace, services-endpoint ConfigMap and, on k3s/RKE2, the operator HelmChart; waits for the
operator's CRDs; applies the custom resources; applies the monitors when their CRDs exist.
Never deletes. A second run changes nothing and says so. Readiness: calico-ebpf status --wait.

Options:
  --dry-run            ask the API server what would change (server-side dry run); writes nothing
  --force              apply even when preflight finds a blocker
  --timeout <d>        how long to wait for the CRDs (default 5m; 90s, 10m, or seconds)
${COMMON}

${EXIT}
`,
  status: `Usage: calico-ebpf status --config <file> [--wait] [--timeout <duration>] [options]

Read-only, after install: TigeraStatus, the Installation (dataplane, variant, MTU), the calico-node
rollout, whether the BPF dataplane is really on (FelixConfiguration bpfEnabled set by the operator,
calico-node rendered with the BPF filesystem), the services-endpoint ConfigMap, kube-proxy next to
Felix's settings.

Options:
  --wait               wait until ready (or the timeout)
  --timeout <d>        how long --wait waits (default 5m)
${COMMON}

${EXIT} Not ready is a problem.
`,
  diff: `Usage: calico-ebpf diff --config <file> [options]

Read-only: the live objects against the rendered ones, field by field, for every object the
library writes. Fields it does not write (server defaults, the operator's own) are not drift.

Options:
${COMMON}

${EXIT} Drift or a missing object is a problem; each drifted field is named.
`,
  doctor: `Usage: calico-ebpf doctor [--config <file>] [--out <file.tar.gz>] [options]

Read-only: one archive for support — Calico and operator objects, TigeraStatus, events, the
calico-node and operator logs, and where pods/exec is allowed the BPF state inside calico-node
(calico-node -bpf conntrack/nat/counters dump, bpftool prog list). Secrets are never read; tokens
and keys are removed. NOT-COLLECTED.txt in the archive says what was left out and why.

Options:
  --out <file>         the archive (default calico-doctor-<time>.tar.gz)
${COMMON}

${EXIT}
`,
  migrate: `Usage: calico-ebpf migrate --config <file> [--apply] [--timeout <duration>] [options]

Moves a cluster on the iptables or nftables dataplane to eBPF in upstream's order: the
services-endpoint ConfigMap and calico-node rolled out with it; kube-proxy handled before the
switch; the FelixConfiguration; the Installation switch; then calico-ebpf apply for the rest.
Prints the plan and what breaks during the switch. Writes only with --apply, one step at a time,
waiting after each step that needs it and stopping at a step on the hosts.

Options:
  --apply              do the API steps (otherwise: print the plan only)
  --timeout <d>        how long each wait waits (default 10m)
${COMMON}

${EXIT}
`,
};

export class LiveUsageError extends Error {}

/** `90`, `90s`, `5m`, `1h` → milliseconds. */
export function parseTimeout(text: string): number {
  const m = /^(\d+)(s|m|h)?$/.exec(text.trim());
  if (!m || Number(m[1]) === 0)
    throw new LiveUsageError(`--timeout ${JSON.stringify(text)} is not a duration; use seconds or a number with s, m or h (90, 90s, 5m)`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 's' | 'm' | 'h'];
}

const FLAGS: Readonly<Record<LiveCommand, readonly string[]>> = {
  preflight: [],
  apply: ['dry-run', 'force', 'timeout'],
  status: ['wait', 'timeout'],
  diff: [],
  doctor: ['out'],
  migrate: ['apply', 'timeout'],
};
const BOOLEAN = ['print-rbac', 'dry-run', 'force', 'wait', 'apply'];

type Flags = Record<string, string | true>;
type ParseFlags = (args: readonly string[], known: readonly string[], booleans: readonly string[]) => Flags;

function details(report: LiveReport<unknown>): string {
  const d = report.details as Record<string, unknown>;
  switch (report.command) {
    case 'apply': {
      const objects = (d as unknown as ApplyDetails).objects;
      return objects
        .map((o) => `  ${o.result.padEnd(10)} ${o.object}${o.fields?.length ? ` (${o.fields.join(', ')})` : ''}${o.reason ? `: ${o.reason}` : ''}`)
        .join('\n');
    }
    case 'diff':
      return (d as unknown as DiffDetails).objects.map((o) => `  ${o.state.padEnd(11)} ${o.object}${o.reason ? `: ${o.reason}` : ''}`).join('\n');
    case 'doctor': {
      const doc = d as unknown as DoctorDetails;
      return `  archive: ${doc.archive} (${doc.files.length} files)${doc.notCollected.length ? `\n  not collected:\n${doc.notCollected.map((n) => `    - ${n}`).join('\n')}` : ''}`;
    }
    case 'migrate': {
      const m = d as unknown as MigrateDetails;
      if (m.steps.length === 0) return '';
      const steps = m.steps
        .map((s, i) => `  ${i + 1}. [${s.kind}${m.applied.includes(s.id) ? ', done' : ''}] ${s.title}\n       ${s.detail}`)
        .join('\n');
      return `Plan (${m.applied.length > 0 ? `${m.applied.length} step${m.applied.length === 1 ? '' : 's'} done` : 'nothing written; run with --apply to do the API steps'}):\n${steps}`;
    }
    default:
      return '';
  }
}

/** The human form: where, the findings, the command's details, one summary line. */
export function formatReport(report: LiveReport<unknown>): string {
  const count = (s: string): number => report.findings.filter((f) => f.severity === s).length;
  const head = `calico-ebpf ${report.command}: ${report.cluster.server}${report.cluster.version ? ` (Kubernetes ${report.cluster.version})` : ''}`;
  const more = details(report);
  const summary = `${report.ok ? 'OK' : 'PROBLEM'}: ${count('ok')} ok, ${count('warning')} warning${count('warning') === 1 ? '' : 's'}, ${count('blocker')} blocker${count('blocker') === 1 ? '' : 's'}`;
  return `${head}\n\n${formatFindings(report.findings)}\n${more ? `\n${more}\n` : ''}\n${summary}\n`;
}

export async function runLiveCommand(
  command: LiveCommand,
  args: readonly string[],
  parseFlags: ParseFlags,
  progress: (line: string) => void,
): Promise<LiveResult> {
  const flags = parseFlags(args, ['config', 'kubeconfig', 'context', 'output', 'print-rbac', 'ack', ...FLAGS[command]], BOOLEAN);
  if (flags.help) return { code: 0, stdout: LIVE_HELP[command], stderr: '' };
  if (flags['print-rbac']) return { code: 0, stdout: clusterRoleYaml(command), stderr: '' };
  const output = flags.output ?? 'table';
  if (output !== 'table' && output !== 'json') throw new LiveUsageError(`--output ${JSON.stringify(output)}: use table or json`);
  const str = (name: string): string | undefined => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  const configPath = str('config');
  if (!configPath && command !== 'doctor') throw new LiveUsageError(`${command} needs --config <file.json|file.yaml> (the props synth reads)`);
  const timeoutMs = str('timeout') ? parseTimeout(str('timeout')!) : undefined;

  const props = configPath ? withAcknowledged(loadConfigFile(configPath), str('ack'), (m) => new LiveUsageError(m)) : undefined;
  const config = props ? resolveCalicoEbpfDataplane(props as CalicoEbpfDataplaneProps) : undefined;
  const warnings = (config ? warningReport([config]) : []).map((line) => `${line}\n`).join('');
  const layers = config ? renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)) : [];
  let report: LiveReport<unknown>;
  try {
    const cluster = await LiveCluster.connect({
      ...(str('kubeconfig') ? { kubeconfig: str('kubeconfig')! } : {}),
      ...(str('context') ? { context: str('context')! } : {}),
    });
    const wait = { ...(timeoutMs !== undefined ? { timeoutMs } : {}), progress };
    switch (command) {
      case 'preflight':
        report = await runPreflight(cluster, config!);
        break;
      case 'apply':
        report = await runApply(cluster, config!, layers, { ...wait, dryRun: flags['dry-run'] === true, force: flags.force === true });
        break;
      case 'status':
        report = await runStatus(cluster, config!, { ...wait, wait: flags.wait === true });
        break;
      case 'diff':
        report = await runDiff(cluster, config!, layers);
        break;
      case 'doctor':
        report = await runDoctor(cluster, str('out') ?? `calico-doctor-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`, config);
        break;
      case 'migrate':
        report = await runMigrate(cluster, config!, { ...wait, apply: flags.apply === true });
        break;
    }
  } catch (e) {
    if (e instanceof LiveError) return { code: 1, stdout: '', stderr: `${warnings}calico-ebpf ${command}: ${e.message}\n` };
    throw e;
  }
  return { code: report.ok ? 0 : 1, stdout: output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report), stderr: warnings };
}

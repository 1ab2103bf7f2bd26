/**
 * `calico-ebpf` command line: synth, tune and upgrade render offline; preflight, apply, status,
 * diff, doctor and migrate talk to a cluster (live.ts; the Kubernetes client loads on first connect). Never prints a stack
 * trace for user errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CalicoValidationError, type LiveCommand } from '../core/internal';
import { LiveUsageError, runLiveCommand } from './live';
import { INIT_HELP, runInit } from './init';
import { SYNTH_HELP, runSynth } from './synth';
import { SCALE_FLAGS, TUNE_HELP, runTune } from './tune';
import { UPGRADE_HELP, runUpgrade } from './upgrade';

const MAIN_HELP = `Usage: calico-ebpf <command> [options]

Commands:
  init    write a commented starter config for a distribution (synth accepts it as is)
  synth   render a Calico eBPF dataplane from a props file (JSON or YAML)
  tune    recommend BPF map sizes for a cluster's scale, with kernel memory per node
  upgrade print the ordered plan to move a cluster between Calico releases

Commands on a live cluster (your kubeconfig; --print-rbac shows the permissions each needs):
  preflight  can the nodes and cluster run this dataplane? (read-only)
  apply      bring Calico up: bootstrap, wait for the CRDs, custom resources (writes, never deletes)
  status     is Calico ready and the BPF dataplane really on? --wait (read-only)
  diff       live against rendered, field by field (read-only)
  doctor     one archive for support, without Secrets (read-only)
  migrate    plan (or --apply) the move from iptables/nftables to eBPF, in upstream's order

Run 'calico-ebpf <command> --help' for the options of a command, 'calico-ebpf --version' for the version.
`;

/** The package version (package.json sits two levels up from both lib/cli and lib-js/cli). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

class UsageError extends Error {}

/**
 * Parses `--name value` / `--name=value` options with Node's own parser (`-h`/`--help` always
 * known); flags listed in `booleans` take no value. Its errors become one usage line that names
 * the option and, for an unknown one, every known option.
 */
export function parseFlags(
  args: readonly string[],
  known: readonly string[],
  booleans: readonly string[] = [],
  repeatable: readonly string[] = ['ack'],
): Record<string, string | true> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = { help: { type: 'boolean', short: 'h' } };
  for (const name of known)
    options[name] = { type: booleans.includes(name) ? 'boolean' : 'string', ...(repeatable.includes(name) ? { multiple: true } : {}) };
  // Node's parser refuses a value that starts with "-" after a space (`--services -3`); pass it
  // joined (`--services=-3`) so the value reaches validation, which says what is wrong with it.
  // Node's parser would read everything after a bare `--` as positionals; there are none here.
  if (args.includes('--')) throw new UsageError(`"--" is not an option; known: ${known.map((k) => `--${k}`).join(', ')}`);
  const takesValue = (a: string): boolean => /^--[a-z-]+$/.test(a) && options[a.slice(2)]?.type === 'string';
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (takesValue(args[i]!) && next !== undefined && /^-[^-]/.test(next)) joined.push(`${args[i]}=${args[++i]}`);
    else joined.push(args[i]!);
  }
  try {
    const values = parseArgs({ args: joined, options, strict: true, allowPositionals: false }).values;
    // A repeatable option given several times (`--ack A --ack B`) reads as one comma-separated list.
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])) as Record<string, string | true>;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // Node names the argument in quotes: "Unknown option '--wait'", "Option '--config <value>' argument missing".
    const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
    const name = /--([a-z-]+)/.exec(quoted)?.[1] ?? quoted; // "-h, --help" names both forms
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(`unknown option ${JSON.stringify(quoted)}; known: ${known.map((k) => `--${k}`).join(', ')}`);
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(options[name]?.type === 'boolean' ? `option --${name} takes no value` : `option --${name} needs a value`);
    }
    throw e;
  }
}

export function runCli(argv: readonly string[]): CliResult {
  const [command, ...rest] = argv;
  try {
    if (command === '--version' || command === '-v' || command === 'version') return { code: 0, stdout: `${packageVersion()}\n`, stderr: '' };
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      return { code: command === undefined ? 2 : 0, stdout: command === undefined ? '' : MAIN_HELP, stderr: command === undefined ? MAIN_HELP : '' };
    }
    if (command === 'synth') {
      const flags = parseFlags(rest, ['config', 'out', 'k3d-config', 'ack']);
      if (flags.help) return { code: 0, stdout: SYNTH_HELP, stderr: '' };
      if (typeof flags.config !== 'string') throw new UsageError('synth needs --config <file.json|file.yaml>');
      const r = runSynth({
        config: flags.config,
        ...(typeof flags.out === 'string' ? { out: flags.out } : {}),
        ...(typeof flags['k3d-config'] === 'string' ? { k3dConfig: flags['k3d-config'] } : {}),
        ...(typeof flags.ack === 'string' ? { ack: flags.ack } : {}),
        usage: (m) => new UsageError(m),
      });
      return { code: 0, ...r };
    }
    if (command === 'init') {
      const flags = parseFlags(rest, ['distribution', 'api-server', 'pod-cidr', 'out']);
      if (flags.help) return { code: 0, stdout: INIT_HELP, stderr: '' };
      const str = (v: string | true | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
      const r = runInit(
        {
          ...(str(flags.distribution) ? { distribution: str(flags.distribution)! } : {}),
          ...(str(flags['api-server']) ? { apiServer: str(flags['api-server'])! } : {}),
          ...(str(flags['pod-cidr']) ? { podCidr: str(flags['pod-cidr'])! } : {}),
          ...(str(flags.out) ? { out: str(flags.out)! } : {}),
        },
        (m) => new UsageError(m),
      );
      return { code: 0, ...r };
    }
    if (command === 'tune') {
      const flags = parseFlags(rest, [...SCALE_FLAGS, 'format']);
      if (flags.help) return { code: 0, stdout: TUNE_HELP, stderr: '' };
      return { code: 0, stdout: runTune(flags), stderr: '' };
    }
    if (command === 'upgrade') {
      const flags = parseFlags(rest, ['from', 'to', 'config', 'tool', 'output']);
      if (flags.help) return { code: 0, stdout: UPGRADE_HELP, stderr: '' };
      if (typeof flags.from !== 'string' || typeof flags.to !== 'string') throw new UsageError('upgrade needs --from <version> and --to <version>');
      const str = (v: string | true | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
      const stdout = runUpgrade(
        {
          from: flags.from,
          to: flags.to,
          ...(str(flags.config) ? { config: str(flags.config)! } : {}),
          ...(str(flags.tool) ? { tool: str(flags.tool)! } : {}),
          ...(str(flags.output) ? { output: str(flags.output)! } : {}),
        },
        (m) => new UsageError(m),
      );
      return { code: 0, stdout, stderr: '' };
    }
    throw new UsageError(`unknown command ${JSON.stringify(command)}\n\n${MAIN_HELP}`);
  } catch (e) {
    if (CalicoValidationError.isCalicoValidationError(e)) return { code: 1, stdout: '', stderr: `${e.message}\n` };
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `calico-ebpf: ${e.message}\n` };
    if (e instanceof Error) return { code: 1, stdout: '', stderr: `calico-ebpf: ${e.message}\n` };
    throw e;
  }
}

const LIVE = new Set(['preflight', 'apply', 'status', 'diff', 'doctor', 'migrate']);

/** Every command; the live ones are async (they talk to a cluster), `progress` gets their wait lines. */
export async function runCliAsync(argv: readonly string[], progress: (line: string) => void = () => undefined): Promise<CliResult> {
  const [command, ...rest] = argv;
  if (command === undefined || !LIVE.has(command)) return runCli(argv);
  try {
    return await runLiveCommand(command as LiveCommand, rest, parseFlags, progress);
  } catch (e) {
    if (e instanceof LiveUsageError) return { code: 2, stdout: '', stderr: `calico-ebpf: ${e.message}\n` };
    if (CalicoValidationError.isCalicoValidationError(e)) return { code: 1, stdout: '', stderr: `${e.message}\n` };
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `calico-ebpf: ${e.message}\n` };
    if (e instanceof Error) return { code: 1, stdout: '', stderr: `calico-ebpf ${command}: ${e.message.split('\n')[0]}\n` };
    throw e;
  }
}

export function main(argv: readonly string[] = process.argv.slice(2)): void {
  void runCliAsync(argv, (line) => process.stderr.write(`${line}\n`)).then((r) => {
    if (r.stdout) process.stdout.write(r.stdout);
    if (r.stderr) process.stderr.write(r.stderr);
    process.exitCode = r.code;
  });
}

if (require.main === module) main();

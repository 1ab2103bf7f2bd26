/** `calico-ebpf tune`: the table, the YAML and JSON outputs, and its errors. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MAP_SIZE_FIELDS, objectToYaml, renderFelixConfiguration, resolveFelixBpfTuning } from '../lib/core/internal';
import { runCli } from '../lib/cli/main';

describe('calico-ebpf tune', () => {
  it('prints the k3d-dev table with one row per bpfMapSize* field, totals and the ratio', () => {
    const r = runCli(['tune', '--profile', 'k3d-dev']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const f of MAP_SIZE_FIELDS) expect(r.stdout).toMatch(new RegExp(`^\\S.*  ${f.field}  `, 'm'));
    expect(r.stdout).toMatch(/^cali_v4_ct4\s+bpfMapSizeConntrack\s+preallocated\s+22,274\s+45,056\s+512,000\s+7\.5 MiB\s+82\.2 MiB$/m);
    expect(r.stdout).toMatch(/^\s+tunable maps per node\s+7\.8 MiB\s+94\.3 MiB$/m);
    expect(r.stdout).toContain('Tunable maps:  7.8 MiB recommended vs 94.3 MiB with Felix defaults (ratio 0.08)');
    expect(r.stdout).toMatch(/Whole node: +117\.9 MiB recommended vs 204\.5 MiB with defaults/);
    expect(r.stdout).toContain("k3d runs every node on the host's kernel: 3 nodes");
    expect(r.stdout).toContain('  bpfMapSizeConntrack: 45056');
    expect(r.stdout).toContain('{ scale: "k3d-dev" }');
    expect(r.stdout).toMatch(/Warnings:\n {2}- CONNTRACK_RESIZE \(medium\): conntrack: a new bpfMapSizeConntrack restarts Felix/);
  });

  it('prints the same k3d-dev report on every run (golden output)', () => {
    const r = runCli(['tune', '--profile', 'k3d-dev']);
    expect(r.stdout).toBe(runCli(['tune', '--profile', 'k3d-dev']).stdout);
    expect(r.stdout).toMatchSnapshot();
  });

  it('marks Felix defaults that are too small for the scale', () => {
    const r = runCli(['tune', '--profile', 'large']);
    expect(r.stdout).toMatch(/bpfMapSizeConntrack\s+preallocated\s+2,133,192\s+4,718,592\s+512,000 \(too small\)/);
  });

  it('--format json prints the documented shape', () => {
    const r = runCli(['tune', '--profile', 'k3d-dev', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      maps: { field: string; entriesNeeded: number; recommended: number; default: number; recommendedBytes: number; defaultBytes: number }[];
      totals: { recommendedBytes: number; defaultBytes: number; ratio: number };
      fixedBytes: number;
      wholeNode: { recommendedBytes: number };
    };
    expect(report.maps.map((m) => m.field)).toEqual(MAP_SIZE_FIELDS.map((f) => f.field));
    for (const m of report.maps) {
      expect(Object.keys(m)).toEqual(
        expect.arrayContaining(['field', 'entriesNeeded', 'recommended', 'default', 'recommendedBytes', 'defaultBytes']),
      );
    }
    expect(report.maps.find((m) => m.field === 'bpfMapSizeConntrack')).toMatchObject({
      entriesNeeded: 22_274,
      recommended: 45_056,
      default: 512_000,
      defaultBytes: 86_213_504,
    });
    const sum = (k: 'recommendedBytes' | 'defaultBytes') => report.maps.reduce((a, m) => a + m[k], 0);
    expect(report.totals.recommendedBytes).toBe(sum('recommendedBytes'));
    expect(report.totals.defaultBytes).toBe(sum('defaultBytes'));
    expect(report.totals.ratio).toBeCloseTo(report.totals.recommendedBytes / report.totals.defaultBytes, 12);
    expect(report.wholeNode.recommendedBytes).toBe(report.totals.recommendedBytes + report.fixedBytes);
  });

  it('--format yaml prints the FelixConfiguration FelixBpfTuning renders for the same scale', () => {
    const r = runCli(['tune', '--nodes', '3', '--services', '10', '--cpus-per-node', '4', '--format', 'yaml']);
    expect(r.code).toBe(0);
    const expected = renderFelixConfiguration(resolveFelixBpfTuning({ scale: { nodes: 3, services: 10, cpusPerNode: 4 } }));
    expect(r.stdout).toBe(objectToYaml(expected));
    expect(parse(r.stdout)).toMatchObject({ kind: 'FelixConfiguration', metadata: { name: 'default' } });
  });

  it('lets flags replace profile values', () => {
    const r = JSON.parse(runCli(['tune', '--profile', 'large', '--nodes', '6_000', '--ip-families', 'DualStack', '--format', 'json']).stdout) as {
      scale: Record<string, unknown>;
    };
    expect(r.scale).toMatchObject({ profile: 'large', nodes: 6000, services: 20000, ipFamilies: 'DualStack' });
  });

  it('names every bad flag in one error, exit 1', () => {
    const r = runCli(['tune', '--nodes', 'abc', '--services', '-3', '--headroom', '0.5', '--tc-nat-share', '2', '--format', 'xml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'invalid Calico eBPF configuration (5 problems):',
        '  - [INVALID_VALUE] \'--format\' must be one of table, yaml, json, html, got "xml"',
        '  - [INVALID_VALUE] \'--nodes\' must be a whole number from 1 to 100000, got "abc"',
        '  - [INVALID_VALUE] \'--services\' must be a whole number from 0 to 1000000, got "-3"',
        "  - [OUT_OF_RANGE] '--tc-nat-share' must be from 0 to 1, got 2",
        "  - [OUT_OF_RANGE] '--headroom' must be from 1 to 16, got 0.5",
        '',
      ].join('\n'),
    );
  });

  it('requires --nodes and --services without a profile', () => {
    const r = runCli(['tune']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("'--nodes' is required unless '--profile' is set");
    expect(r.stderr).toContain("'--services' is required unless '--profile' is set");
  });

  it('rejects an unknown profile with a suggestion and an unknown flag as a usage error', () => {
    expect(runCli(['tune', '--profile', 'mediun']).stderr).toContain(
      `'--profile' must be one of "k3d-dev", "small", "medium", "large", got "mediun"; did you mean "medium"?`,
    );
    const r = runCli(['tune', '--node', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^calico-ebpf: unknown option "--node"; known: --profile, --nodes,/);
  });

  it('--help lists every scale flag', () => {
    const r = runCli(['tune', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--pods-per-node', '--connections-per-node', '--new-connections-per-second', '--ip-families', '--format'])
      expect(r.stdout).toContain(flag);
  });

  it('runs as a program without a stack trace on bad input', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', 'lib', 'cli', 'main.ts'), 'tune', '--nodes', 'x', '--services', '1'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("'--nodes' must be a whole number");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('every documented flag works', () => {
  /** `--flag` tokens of a text (help or README), without the generic ones. */
  const flagsIn = (text: string): string[] => [...new Set([...text.matchAll(/--([a-z][a-z-]*[a-z])/g)].map((m) => m[1]!))];
  const help = runCli(['tune', '--help']).stdout;
  const readme = ['README.md', 'docs/sizing.md'].map((f) => readFileSync(join(__dirname, '..', f), 'utf8')).join('\n');
  const readmeTune = [...readme.matchAll(/calico-ebpf tune[^\n]*/g)].map((m) => m[0]).join('\n');
  const documented = [...new Set([...flagsIn(help), ...flagsIn(readmeTune)])].filter((f) => !['help', 'format'].includes(f));
  const special: Record<string, string> = {
    profile: 'small',
    'ip-families': 'IPv4',
    'tc-nat-share': '0.5',
    headroom: '3',
    'ports-per-service': '2',
    'endpoints-per-service': '4',
    'pods-per-node': '40',
    'cpus-per-node': '16',
    'load-balancer-services': '20',
    'node-port-services': '20',
    'host-ips-per-node': '2',
    'session-affinity-services': '5',
  };
  const value = (flag: string): string => special[flag] ?? '300';

  it('finds the flags in the help (the list is not empty)', () => {
    expect(documented).toEqual(expect.arrayContaining(['profile', 'nodes', 'external-ips', 'host-ips-per-node', 'ip-families']));
  });

  it.each(documented)('--%s is accepted with a value', (flag) => {
    const args = flag === 'profile' ? ['--profile', 'small'] : ['--profile', 'small', `--${flag}`, value(flag)];
    const r = runCli(['tune', ...args, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

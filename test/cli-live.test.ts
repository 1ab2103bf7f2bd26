/**
 * The live commands' command line without a cluster: usage errors exit 2, --print-rbac needs no
 * cluster, and a broken kubeconfig or an unreachable server is one line and exit 1. Those two run
 * the command as a process, as users do: the Kubernetes client is an ES module, which Node loads
 * and jest's module sandbox does not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCliAsync } from '../lib/cli/main';
import { parseTimeout } from '../lib/cli/live';
import { saidBesidesWarnings } from './support/errors';

const dir = mkdtempSync(join(tmpdir(), 'cli-live-'));
const props = join(dir, 'props.yaml');
writeFileSync(props, 'distribution: k3s\nkubeProxy: coexist\n');

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** `calico-ebpf <argv>` from the sources, as a process. */
function cli(argv: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'lib', 'cli', 'main.ts'), ...argv], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function kubeconfig(server: string): string {
  const file = join(dir, `kubeconfig-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server } }],
      users: [{ name: 'u', user: { token: 'not-a-real-token' } }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    }),
  );
  return file;
}

describe('calico-ebpf live commands, without a cluster', () => {
  it('lists them in the main help, each with its own help', async () => {
    const main = await runCliAsync(['--help']);
    for (const c of ['preflight', 'apply', 'status', 'diff', 'doctor', 'migrate']) {
      expect(main.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
      const help = await runCliAsync([c, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: calico-ebpf ${c}`);
      expect(help.stdout).toContain('--print-rbac');
    }
  });

  it('prints the ClusterRole a command needs without touching a cluster', async () => {
    const r = await runCliAsync(['diff', '--print-rbac', '--kubeconfig', '/nonexistent']);
    expect(r.code).toBe(0);
    const role = parse(r.stdout) as { kind: string; metadata: { name: string }; rules: { verbs: string[] }[] };
    expect(role).toMatchObject({ kind: 'ClusterRole', metadata: { name: 'calico-ebpf-diff' } });
    expect(new Set(role.rules.flatMap((x) => x.verbs))).toEqual(new Set(['get', 'list', 'watch']));
  });

  it.each([
    [['preflight'], 'calico-ebpf: preflight needs --config <file.json|file.yaml> (the props synth reads)'],
    [['status', '--config', props, '--output', 'xml'], 'calico-ebpf: --output "xml": use table or json'],
    [
      ['status', '--config', props, '--timeout', 'soon'],
      'calico-ebpf: --timeout "soon" is not a duration; use seconds or a number with s, m or h (90, 90s, 5m)',
    ],
    [
      ['preflight', '--config', props, '--wait'],
      'calico-ebpf: unknown option "--wait"; known: --config, --kubeconfig, --context, --output, --print-rbac, --ack',
    ],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const r = await runCliAsync(argv);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  it('says which kubeconfig is broken, in one line', async () => {
    const r = cli(['preflight', '--config', props, '--kubeconfig', join(dir, 'missing.yaml')]);
    expect(r.code).toBe(1);
    const lines = saidBesidesWarnings(r.stderr);
    expect(lines).toEqual([expect.stringMatching(/^calico-ebpf preflight: cannot read the kubeconfig .*missing\.yaml: ENOENT/)]);
    const context = cli(['status', '--config', props, '--kubeconfig', kubeconfig('https://127.0.0.1:1'), '--context', 'prod']);
    expect(context.stderr).toContain('calico-ebpf status: the kubeconfig has no context "prod"; it has ctx\n');
  });

  it('says the server cannot be reached, in one line, exit 1', async () => {
    const r = cli(['diff', '--config', props, '--kubeconfig', kubeconfig(`https://127.0.0.1:${await closedPort()}`)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = saidBesidesWarnings(r.stderr);
    expect(lines).toEqual([
      'calico-ebpf diff: cannot reach the API server while reading the server version (ECONNREFUSED): check the server address in the kubeconfig and that the cluster is up',
    ]);
  });

  it('reads timeouts as seconds, minutes or hours', () => {
    expect([parseTimeout('90'), parseTimeout('90s'), parseTimeout('5m'), parseTimeout('1h')]).toEqual([90_000, 90_000, 300_000, 3_600_000]);
  });
});

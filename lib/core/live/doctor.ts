/**
 * `doctor` (read-only): one .tar.gz with what support asks for — the Calico and operator objects,
 * TigeraStatus, events, the calico-node and operator logs (BPF lines first), and where pods/exec is
 * allowed the BPF state from inside calico-node (`calico-node -bpf` conntrack, NAT, counters;
 * `bpftool prog list`). Secrets are never read (listing them would need a permission that reads
 * their data); tokens, private keys and bearer credentials are removed from every file. What could not be collected is listed with
 * the reason in NOT-COLLECTED.txt.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ResolvedCalicoEbpfDataplane } from '../dataplane/dataplane';
import { objectToYaml } from '../gitops/yaml-output';
import type { LiveCluster, LiveObject } from './cluster';
import { LiveError } from './cluster';
import { ok, warning, type Finding, type LiveReport } from './findings';
import { runStatus } from './status';

/** Removes credentials from text: JWTs (service-account tokens), bearer tokens, private keys. */
export function redact(text: string): string {
  return text
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '<redacted private key>')
    .replace(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '<redacted token>')
    .replace(/(bearer|token)(["']?\s*[:=]\s*["']?|\s+)[A-Za-z0-9._~+/=-]{16,}/gi, '$1$2<redacted>');
}

/** An object as it goes into the archive: without managedFields (noise, and who wrote what is in events). */
function sanitize(o: LiveObject): LiveObject {
  const { managedFields: _m, ...metadata } = o.metadata;
  return { ...o, metadata } as LiveObject;
}

const BPF_COMMANDS: ReadonlyArray<readonly string[]> = [
  ['calico-node', '-bpf', 'conntrack', 'dump'],
  ['calico-node', '-bpf', 'nat', 'dump'],
  ['calico-node', '-bpf', 'counters', 'dump'],
  ['bpftool', 'prog', 'list'],
];

export interface DoctorDetails {
  readonly archive: string;
  readonly files: readonly string[];
  readonly notCollected: readonly string[];
}

export async function runDoctor(cluster: LiveCluster, out: string, config?: ResolvedCalicoEbpfDataplane): Promise<LiveReport<DoctorDetails>> {
  const files = new Map<string, string>();
  const missing: string[] = [];
  const add = (name: string, text: string): void => void files.set(name, redact(text));
  const attempt = async (what: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      missing.push(`${what}: ${e instanceof LiveError ? e.message : (e as Error).message}`);
    }
  };
  const version = await cluster.version();
  const listInto = async (dir: string, apiVersion: string, kind: string, namespace?: string): Promise<LiveObject[]> => {
    const items = await cluster.list(apiVersion, kind, namespace);
    for (const o of items)
      add(`${dir}/${kind}/${o.metadata.namespace ? `${o.metadata.namespace}_` : ''}${o.metadata.name}.yaml`, objectToYaml(sanitize(o)));
    return items;
  };

  for (const [apiVersion, kind] of [
    ['operator.tigera.io/v1', 'Installation'],
    ['operator.tigera.io/v1', 'TigeraStatus'],
    ['operator.tigera.io/v1', 'APIServer'],
    ['operator.tigera.io/v1', 'Goldmane'],
    ['operator.tigera.io/v1', 'Whisker'],
    ['operator.tigera.io/v1', 'Istio'],
    ['crd.projectcalico.org/v1', 'FelixConfiguration'],
    ['crd.projectcalico.org/v1', 'IPPool'],
    ['crd.projectcalico.org/v1', 'BGPConfiguration'],
    ['v1', 'Node'],
  ] as const) {
    await attempt(`${kind} objects`, async () => void (await listInto('objects', apiVersion, kind)));
  }
  for (const ns of ['calico-system', 'tigera-operator', 'kube-system']) {
    // No Secrets at all: listing them would need a permission that reads their data.
    for (const [apiVersion, kind] of [
      ['apps/v1', 'DaemonSet'],
      ['apps/v1', 'Deployment'],
      ['v1', 'ConfigMap'],
      ['v1', 'Service'],
      ['v1', 'Pod'],
    ] as const) {
      if (ns === 'kube-system' && kind === 'ConfigMap') continue;
      await attempt(`${kind} in ${ns}`, async () => void (await listInto('objects', apiVersion, kind, ns)));
    }
    await attempt(`events in ${ns}`, async () =>
      add(`events/${ns}.yaml`, (await cluster.list('v1', 'Event', ns)).map((e) => objectToYaml(sanitize(e))).join('---\n')),
    );
  }

  const pods = async (ns: string, selector: string): Promise<LiveObject[]> =>
    (await cluster.list('v1', 'Pod', ns, selector)).filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running');
  await attempt('calico-node and operator logs', async () => {
    const nodes = await pods('calico-system', 'k8s-app=calico-node');
    const operators = await pods('tigera-operator', 'name=tigera-operator');
    if (nodes.length === 0) missing.push('calico-node logs: no calico-node pod is running');
    if (operators.length === 0) missing.push('operator log: no tigera-operator pod is running');
    for (const p of nodes) {
      const log = await cluster.logs('calico-system', p.metadata.name, 'calico-node');
      const lines = log.split('\n');
      add(
        `logs/calico-node_${p.metadata.name}.log`,
        [...lines.filter((l) => /bpf/i.test(l)), '--- last 300 lines ---', ...lines.slice(-300)].join('\n'),
      );
    }
    for (const p of operators)
      add(`logs/tigera-operator_${p.metadata.name}.log`, await cluster.logs('tigera-operator', p.metadata.name, 'tigera-operator'));
    if (nodes.length > 0) {
      if (!(await cluster.can('create', 'pods', { namespace: 'calico-system', subresource: 'exec' }))) {
        missing.push('BPF state from inside calico-node: this user may not create pods/exec in calico-system');
      } else {
        for (const p of nodes) {
          for (const cmd of BPF_COMMANDS)
            await attempt(`${cmd.join(' ')} in ${p.metadata.name}`, async () =>
              add(`exec/${p.metadata.name}_${cmd.join('_')}.txt`, await cluster.exec('calico-system', p.metadata.name, 'calico-node', cmd)),
            );
        }
      }
    } else {
      missing.push('BPF state from inside calico-node (calico-node -bpf, bpftool): no calico-node pod is running');
    }
  });

  const findings: Finding[] = [];
  if (config) {
    await attempt('status', async () => {
      const status = await runStatus(cluster, config);
      add('status.json', `${JSON.stringify(status, null, 2)}\n`);
    });
  }
  add(
    'summary.json',
    `${JSON.stringify({ server: cluster.server, kubernetesVersion: version, collectedAt: new Date().toISOString(), ...(config ? { calicoVersion: config.calicoVersion, distribution: config.distribution } : {}) }, null, 2)}\n`,
  );
  add('NOT-COLLECTED.txt', missing.length > 0 ? `${missing.join('\n')}\n` : 'everything was collected\n');
  await writeArchive(out, files);
  findings.push(ok('doctor', out, `${files.size} files`));
  if (missing.length > 0)
    findings.push(
      warning(
        'doctor',
        out,
        `${missing.length} item${missing.length === 1 ? '' : 's'} could not be collected (see NOT-COLLECTED.txt)`,
        'grant the permissions --print-rbac lists, or collect those by hand',
      ),
    );
  return {
    command: 'doctor',
    ok: true,
    cluster: { server: cluster.server, version },
    findings,
    details: { archive: out, files: [...files.keys()].sort(), notCollected: missing },
  };
}

async function writeArchive(out: string, files: ReadonlyMap<string, string>): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tar = require('tar-stream') as typeof import('tar-stream');
  const pack = tar.pack();
  const mtime = new Date();
  for (const [name, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) pack.entry({ name: `calico-doctor/${name}`, mtime, mode: 0o644 }, text);
  pack.finalize();
  await pipeline(pack, createGzip(), createWriteStream(out, { mode: 0o600 }));
}

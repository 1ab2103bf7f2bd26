/**
 * Warnings: a stable code and a severity each, acknowledged by code (prop or `--ack`), reported
 * once per distinct warning across a fleet with one summary line, and the mesh default stated
 * once where it changes behaviour.
 */
import { App } from 'cdk8s';
import { CalicoEbpfDataplane, FelixBpfTuning } from '../../lib/cdk8s';
import { runCli } from '../../lib/cli/main';
import {
  WARNING_FACTS,
  WarningCode,
  resolveCalicoEbpfDataplane,
  resolveFelixBpfTuning,
  warningReport,
  warningsMarkdown,
} from '../../lib/core/internal';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stderrOf, validationErrorOf } from '../support/errors';

const KUBEADM = { distribution: 'kubeadm', podCidrs: ['10.244.0.0/16'] } as const;

describe('warning codes and severities', () => {
  it('each warning carries its code and the severity decided for that code', () => {
    const config = resolveCalicoEbpfDataplane({ kubeProxy: 'replace', externalServiceMode: 'DSR', apiServer: { host: '172.18.0.2', port: 6443 } });
    const byCode = Object.fromEntries(config.warnings.map((w) => [w.code, w.severity]));
    expect(byCode).toMatchObject({
      KUBE_PROXY_MUST_GO_FIRST: 'high',
      DSR_UNDERLAY: 'high',
      KERNEL_REQUIREMENTS: 'high',
      UNTESTED_DISTRIBUTION: 'low',
    });
    expect(config.warnings.find((w) => w.code === 'DSR_UNDERLAY')!.message).toMatch(/^externalServiceMode "DSR": the backend node answers/);
  });

  it('every warning raised carries the severity its code has in the table', () => {
    const codes = new Set<string>(Object.values(WarningCode));
    const raised = [
      resolveCalicoEbpfDataplane({ kubeProxy: 'replace', externalServiceMode: 'DSR', apiServer: { host: '172.18.0.2', port: 6443 } }),
      resolveCalicoEbpfDataplane({ ...KUBEADM, kubeProxy: 'operator-managed', felix: { scale: 'large' }, registry: 'mirror.example.com' }),
      resolveCalicoEbpfDataplane({ serviceMesh: { kind: 'istio', mode: 'ambient' }, crdDelivery: 'helm-release', calicoVersion: 'v3.32.1' }),
    ].flatMap((c) => c.warnings);
    expect(raised.filter((c) => !codes.has(c.code) || c.severity !== WARNING_FACTS[c.code].severity)).toEqual([]);
    expect(new Set(raised.map((c) => c.code)).size).toBeGreaterThanOrEqual(10);
  });

  it("docs/warnings.md's table is the core's, one row per code", () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'warnings.md'), 'utf8');
    const table = doc.slice(
      doc.indexOf('<!-- warning-codes:start -->') + '<!-- warning-codes:start -->'.length,
      doc.indexOf('<!-- warning-codes:end -->'),
    );
    expect(table.trim()).toBe(warningsMarkdown());
    for (const code of Object.values(WarningCode)) expect(table).toContain(`| \`${code}\` |`);
  });
});

describe('acknowledgeWarnings', () => {
  it('leaves the acknowledged codes out of warnings and lists them', () => {
    const plain = resolveCalicoEbpfDataplane({ kubeProxy: 'replace', apiServer: { host: '172.18.0.2', port: 6443 } });
    expect(plain.warnings.map((w) => w.code)).toContain('KUBE_PROXY_MUST_GO_FIRST');
    const acked = resolveCalicoEbpfDataplane({
      kubeProxy: 'replace',
      apiServer: { host: '172.18.0.2', port: 6443 },
      acknowledgeWarnings: ['KUBE_PROXY_MUST_GO_FIRST', 'DSR_UNDERLAY'],
    });
    expect(acked.warnings.map((w) => w.code)).toEqual(plain.warnings.map((w) => w.code).filter((c) => c !== 'KUBE_PROXY_MUST_GO_FIRST'));
    // Only what was raised is listed as acknowledged (DSR_UNDERLAY was not raised).
    expect(acked.acknowledgedWarnings).toEqual(['KUBE_PROXY_MUST_GO_FIRST']);
  });

  it('refuses an unknown code with the nearest one', () => {
    const error = validationErrorOf(() => resolveCalicoEbpfDataplane({ acknowledgeWarnings: ['KERNEL_REQUIRMENTS' as never] }));
    expect(error.problems.map((p) => [p.code, p.path])).toEqual([['INVALID_VALUE', 'acknowledgeWarnings[0]']]);
    expect(error.problems[0]!.message).toMatch(/got "KERNEL_REQUIRMENTS"; did you mean "KERNEL_REQUIREMENTS"\?$/);
  });

  it('a tuning acknowledges its own warnings, standalone or inside the dataplane', () => {
    expect(resolveFelixBpfTuning({ mapSizeConntrack: 65536 }).warnings.map((w) => w.code)).toEqual([
      'CONNTRACK_RESIZE',
      'MAP_SHRINK',
      'CONNTRACK_SIZE_PERSISTED',
    ]);
    const t = resolveFelixBpfTuning({ mapSizeConntrack: 65536, acknowledgeWarnings: ['MAP_SHRINK'] });
    expect([t.warnings.map((w) => w.code), t.acknowledgedWarnings]).toEqual([['CONNTRACK_RESIZE', 'CONNTRACK_SIZE_PERSISTED'], ['MAP_SHRINK']]);
    const dp = resolveCalicoEbpfDataplane({ felix: { mapSizeConntrack: 65536, acknowledgeWarnings: ['MAP_SHRINK'] } });
    expect(dp.warnings.map((w) => w.code)).not.toContain('MAP_SHRINK');
    expect(dp.acknowledgedWarnings).toEqual(['MAP_SHRINK']);
  });
});

describe('the report', () => {
  it('prints the highest severity first, then one summary line', () => {
    const lines = warningReport([resolveCalicoEbpfDataplane({ felix: { scale: 'k3d-dev' } })]);
    const severities = lines.filter((l) => l.startsWith('warning ')).map((l) => /\((high|medium|low)\)/.exec(l)![1]);
    expect(severities).toEqual([...severities].sort((a, b) => ['high', 'medium', 'low'].indexOf(a!) - ['high', 'medium', 'low'].indexOf(b!)));
    expect(lines.at(-1)).toBe(
      `calico-ebpf: ${severities.length} warnings (1 high, 2 medium, 4 low); once handled, acknowledge a code with acknowledgeWarnings (or --ack CODE)`,
    );
  });

  it('prints a warning shared by a fleet once, naming how many clusters it concerns', () => {
    const fleet = Array.from({ length: 20 }, (_, i) =>
      resolveCalicoEbpfDataplane({ clusterName: `c${i}`, ...(i < 3 ? { externalServiceMode: 'DSR' as const } : {}) }),
    );
    const lines = warningReport(fleet.map((c) => ({ name: c.clusterName, ...c })));
    expect(lines.filter((l) => l.startsWith('warning KERNEL_REQUIREMENTS'))).toEqual([
      expect.stringMatching(/^warning KERNEL_REQUIREMENTS \(high\) \[all 20\]: /),
    ]);
    expect(lines.filter((l) => l.startsWith('warning DSR_UNDERLAY'))).toEqual([
      expect.stringMatching(/^warning DSR_UNDERLAY \(high\) \[3 of 20: c0, c1, c2\]: /),
    ]);
    expect(lines.filter((l) => l.startsWith('warning '))).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/^calico-ebpf: 3 warnings \(2 high, 1 low\) across 20 clusters;/);
  });

  it('states the mesh default once where it turns connect-time load balancing off, with the prop that changes it', () => {
    const kubeadm = resolveCalicoEbpfDataplane(KUBEADM);
    expect(kubeadm.notes).toEqual([
      expect.stringMatching(/^serviceMesh defaults to "istio" .*connectTimeLoadBalancing is "Disabled" .*set serviceMesh "none"/),
    ]);
    expect(resolveCalicoEbpfDataplane({ ...KUBEADM, serviceMesh: 'istio' }).notes).toEqual([]);
    expect(resolveCalicoEbpfDataplane({}).notes).toEqual([]);
    const lines = warningReport([kubeadm, kubeadm].map((c, i) => ({ name: `k${i}`, ...c })));
    expect(lines.filter((l) => l.startsWith('note: '))).toHaveLength(1);
  });
});

describe('--ack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ack-'));
  const config = join(dir, 'props.yaml');
  writeFileSync(config, 'distribution: k3s\nexternalServiceMode: DSR\nacknowledgeWarnings: [UNTESTED_DISTRIBUTION]\n');

  it('adds to the file’s acknowledgeWarnings and shows them in the summary', () => {
    const r = runCli(['synth', '--config', config, '--ack', 'DSR_UNDERLAY', '--ack', 'KERNEL_REQUIREMENTS']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('calico-ebpf: 0 warnings; acknowledged: DSR_UNDERLAY, KERNEL_REQUIREMENTS, UNTESTED_DISTRIBUTION\n');
  });

  it('refuses an unknown code as a usage error naming the nearest', () => {
    expect(runCli(['synth', '--config', config, '--ack', 'DSR_UNDERLY'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'calico-ebpf: --ack "DSR_UNDERLY" is not a warning code; did you mean DSR_UNDERLAY? (each warning prints its code: "warning <CODE> (<severity>): …")\n',
    });
  });
});

describe('cdk8s fleet', () => {
  it('prints the whole app’s warnings once, grouped, with one summary', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'fleet-warn-')) });
    for (let i = 0; i < 5; i++) new CalicoEbpfDataplane(app, `c${i}`, { clusterName: `c${i}`, gitops: { layerPrefix: `c${i}` } });
    const writes = stderrOf(() => app.synth());
    expect(writes).toEqual([
      expect.stringMatching(/^warning KERNEL_REQUIREMENTS \(high\) \[all 5\]: /),
      expect.stringMatching(/^warning UNTESTED_DISTRIBUTION \(low\) \[all 5\]: /),
      expect.stringMatching(/^calico-ebpf: 2 warnings \(1 high, 1 low\) across 5 clusters; /),
    ]);
  });
});

describe('cdk8s with a tuning', () => {
  it('does not count a FelixBpfTuning as a cluster, and names it beside its own warnings', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'tuning-warn-')) });
    const calico = new CalicoEbpfDataplane(app, 'calico', {});
    new FelixBpfTuning(calico.resourcesChart, 'agent-0', { nodeName: 'agent-0', mapSizeConntrack: 65536 });
    const writes = stderrOf(() => app.synth());
    expect(writes).toContainEqual(expect.stringMatching(/^warning KERNEL_REQUIREMENTS \(high\): /));
    expect(writes).toContainEqual(
      expect.stringMatching(/^warning MAP_SHRINK \(medium\) \[calico\/resources\/agent-0\]: shrinking bpfMapSizeConntrack/),
    );
    expect(writes.at(-1)).not.toMatch(/across/);
  });
});

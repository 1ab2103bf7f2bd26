/**
 * `examples/pulumi` under the real Pulumi engine and provider, on the local k3s with the real
 * tigera-operator: the promises docs/pulumi.md and docs/lifecycle.md make, checked by what the
 * engine and the cluster really do. `npm run e2e -- pulumi` prints them; test/cluster/engines
 * runs the same and fails on any FAIL.
 *
 * Stand-in: this process plays the kubelet of one node (scripts/cluster/kubelet-stand-in.ts): the
 * operator pod and the chart's pre-delete hook pod run as local processes and are reported as a
 * kubelet reports them, so Helm's wait for the Deployment and the hook are real; no other pod runs
 * (calico-node stays Pending). Charts come from a chart repository on loopback (the
 * `helmRepository` prop), as an air-gapped cluster's mirror.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEvent, Stack } from '@pulumi/pulumi/automation';
import { OPERATOR_PROGRAMS } from '../cluster/components';
import { instancePaths } from '../cluster/instance';
import { KubeletStandIn } from '../cluster/kubelet-stand-in';
import { isAlive, readPid } from '../cluster/processes';
import { helm } from '../cluster/kubectl';
import { runnableCalicoVersion } from '../cluster/operator';
import { OPERATOR_VERSIONS } from '../../lib/core/internal';
import { serveChartRepository, type ChartRepository } from './chart-repository';
import { getObject, liveUid, managers, stuckDeletions, type LiveObject } from './live-object';
import { expectThat, type EnginePromise } from './promises';
import { ensurePulumiBuilt, moduleProgram, openStack, pulumiPaths, type PulumiEngine } from './pulumi';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'pulumi', 'index.ts');

interface Context {
  readonly instance: string;
  readonly kubeconfig: string;
  readonly engine: PulumiEngine;
  readonly charts: ChartRepository;
  readonly standIn: KubeletStandIn;
  stack?: Stack;
}

function get(ctx: Context, args: readonly string[]): LiveObject | undefined {
  return getObject(ctx.kubeconfig, args);
}

function summary(changes: Record<string, number> | undefined): string {
  return Object.entries(changes ?? {})
    .map(([op, n]) => `${op} ${n}`)
    .join(', ');
}

/** The resource operations other than `same` in a change summary. */
function changed(changes: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(changes ?? {}).filter(([op, n]) => op !== 'same' && n > 0));
}

/** A log file's text, or why it could not be read. */
function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    return `(${(e as Error).message})`;
  }
}

function lastLines(text: string, n = 15): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

export function pulumiVersions(): string[] {
  const calico = runnableCalicoVersion().calicoVersion;
  return [
    ensurePulumiBuilt().describe,
    `${OPERATOR_PROGRAMS[OPERATOR_VERSIONS[calico]!]!().describe}, run as the chart's pod (see scripts/cluster/kubelet-stand-in.ts)`,
  ];
}

export function pulumiPromises(instance: string, kubeconfig: string): { promises: EnginePromise[]; cleanup: () => Promise<void> } {
  const calicoVersion = runnableCalicoVersion().calicoVersion;
  let ctx: Context | undefined;
  const c = (): Context => ctx!;
  const stack = (): Stack => c().stack!;
  const outputs: string[] = [];
  const run = { onOutput: (s: string) => outputs.push(s) };
  // The engine's last words, and what the kubelet stand-in did (a destroy waits on pods it runs).
  // A destroy that timed out also says what held the deletion up, and the operator's last words on it.
  const engineFailure = (e: unknown): Error =>
    new Error(
      [
        (e as Error).message.split('\n')[0],
        lastLines(outputs.join('')),
        `stand-in: ${(ctx?.standIn.events ?? []).slice(-8).join('; ')}`,
        ...(/timed out|finalizers/.test(outputs.join(''))
          ? [
              ...stuckDeletions(kubeconfig, ['calico-system', 'tigera-operator']).map((l) => `teardown state: ${l}`),
              `operator log: ${lastLines(readLog(instancePaths(instance).operatorLog), 20)}`,
            ]
          : []),
      ].join('\n'),
    );

  const setConfig = async (key: string, value: string | undefined): Promise<void> => {
    if (value === undefined) await stack().removeConfig(key);
    else await stack().setConfig(key, { value });
  };

  const promises: EnginePromise[] = [
    {
      promise: 'the engine, the provider and a chart repository on loopback are ready; nothing is downloaded',
      prerequisite: true,
      check: async () => {
        const engine = ensurePulumiBuilt();
        const charts = await serveChartRepository(join(pulumiPaths(instance).dir, 'charts'), [{ chart: 'tigera-operator', version: calicoVersion }]);
        const standIn = new KubeletStandIn(instance);
        ctx = { instance, kubeconfig, engine, charts, standIn };
        standIn.start();
        const program = moduleProgram({ main: EXAMPLE });
        ctx.stack = await openStack(instance, engine, { projectName: 'calico-ebpf-example', stackName: 'dev', program });
        await setConfig('calicoVersion', calicoVersion);
        await setConfig('helmRepository', charts.url);
        return [`charts served at ${charts.url}`, `state in ${pulumiPaths(instance).state}`];
      },
    },
    {
      promise: 'pulumi preview plans the component and its children and changes nothing in the cluster',
      prerequisite: true,
      check: async () => {
        const r = await stack()
          .preview({ ...run, diff: false })
          .catch((e: unknown) => {
            throw engineFailure(e);
          });
        expectThat((r.changeSummary.create ?? 0) >= 5, `expected at least 5 creates, got ${summary(r.changeSummary)}`);
        expectThat(get(c(), ['namespace', 'tigera-operator']) === undefined, 'namespace tigera-operator exists after a preview');
        return [`preview: ${summary(r.changeSummary)}`];
      },
    },
    {
      promise: 'pulumi up installs the operator release from the mirror, then FelixConfiguration and Installation default, without AlreadyExists',
      prerequisite: true,
      check: async () => {
        const r = await stack()
          .up(run)
          .catch((e: unknown) => {
            throw engineFailure(e);
          });
        expectThat(r.summary.result === 'succeeded', `up ${r.summary.result}`);
        const releases = JSON.parse(helm(kubeconfig, ['list', '-n', 'tigera-operator', '-o', 'json'])) as {
          name: string;
          status: string;
          chart: string;
        }[];
        expectThat(
          releases.some((x) => x.name === 'tigera-operator' && x.status === 'deployed'),
          `helm list: ${JSON.stringify(releases)}`,
        );
        expectThat(
          c().charts.requests.some((p) => p.endsWith('.tgz')),
          `the chart was not fetched from ${c().charts.url} (requests: ${c().charts.requests.join(', ')})`,
        );
        const installation = get(c(), ['installation', 'default']);
        expectThat(installation?.spec?.calicoNetwork?.linuxDataplane === 'BPF', `Installation default: ${JSON.stringify(installation?.spec)}`);
        const felix = get(c(), ['felixconfiguration', 'default']);
        expectThat(felix !== undefined, 'no FelixConfiguration default');
        return [`up: ${summary(r.summary.resourceChanges)}`, `helm: ${releases.map((x) => `${x.name} ${x.chart} ${x.status}`).join(', ')}`];
      },
    },
    {
      promise: 'the real operator reconciles what Pulumi created: calico-node rendered for BPF; bpfEnabled is left to the operator',
      check: async () => {
        const deadline = Date.now() + 120_000;
        for (;;) {
          const ds = get(c(), ['daemonset', '-n', 'calico-system', 'calico-node']);
          const bpf = (ds?.spec?.template?.spec?.volumes ?? []).some((v) => v.name === 'bpffs');
          if (ds && bpf) break;
          if (Date.now() > deadline) throw new Error(`after 120 s: calico-node ${ds ? 'not rendered for BPF' : 'absent'}`);
          await new Promise((r) => setTimeout(r, 2_000));
        }
        const felix = get(c(), ['felixconfiguration', 'default'])!;
        // The operator sets bpfEnabled when calico-node's rollout looks complete; Pulumi must never own that field.
        const installation = get(c(), ['installation', 'default']);
        const pulumiFields = JSON.stringify((felix.metadata.managedFields ?? []).filter((f) => /pulumi/.test(f.manager)));
        expectThat(pulumiFields !== '[]' && !pulumiFields.includes('f:bpfEnabled'), `Pulumi's fields of FelixConfiguration default: ${pulumiFields}`);
        expectThat(
          /operator/.test(managers(installation).join(', ')),
          `the operator has not written to Installation default (managers: ${managers(installation).join(', ')})`,
        );
        return [
          `managers: Installation ${managers(installation).join(', ')}; FelixConfiguration ${managers(felix).join(', ')}`,
          `bpfEnabled ${JSON.stringify(felix.spec?.bpfEnabled ?? null)}, not a field Pulumi manages`,
          `kubelet stand-in: ${c().standIn.events.join('; ')}`,
        ];
      },
    },
    {
      promise: 'a second pulumi up changes nothing, though the operator has written to the same objects',
      check: async () => {
        const r = await stack()
          .up({ ...run, expectNoChanges: true })
          .catch((e: unknown) => {
            throw engineFailure(e);
          });
        expectThat(Object.keys(changed(r.summary.resourceChanges)).length === 0, `second up: ${summary(r.summary.resourceChanges)}`);
        return [`second up: ${summary(r.summary.resourceChanges)}`];
      },
    },
    {
      promise: 'pulumi refresh, then preview: the diff is empty (what the operator owns is not drift)',
      check: async () => {
        const refreshed = await stack()
          .refresh(run)
          .catch((e: unknown) => {
            throw engineFailure(e);
          });
        const r = await stack()
          .preview({ ...run, diff: true })
          .catch((e: unknown) => {
            throw engineFailure(e);
          });
        expectThat(
          Object.keys(changed(r.changeSummary)).length === 0,
          `preview after refresh: ${summary(r.changeSummary)}\n${lastLines(r.stdout, 40)}`,
        );
        return [`refresh: ${summary(refreshed.summary.resourceChanges)}`, `preview: ${summary(r.changeSummary)}`];
      },
    },
    {
      promise: 'a prop change (scale k3d-dev → medium) updates FelixConfiguration default in place; nothing is replaced',
      check: async () => {
        const before = { installation: get(c(), ['installation', 'default'])?.metadata.uid, felix: get(c(), ['felixconfiguration', 'default']) };
        await setConfig('scale', 'medium');
        const events: EngineEvent[] = [];
        const r = await stack()
          .up({ ...run, onEvent: (e) => events.push(e) })
          .catch((e: unknown) => {
            throw engineFailure(e);
          });
        const ops = changed(r.summary.resourceChanges);
        expectThat(ops.update !== undefined && !ops.replace && !ops.create && !ops.delete, `up: ${summary(r.summary.resourceChanges)}`);
        const updated = events
          .filter((e) => e.resourcePreEvent?.metadata.op === 'update')
          .map((e) => e.resourcePreEvent!.metadata.urn.split('::').pop());
        const after = get(c(), ['felixconfiguration', 'default'])!;
        expectThat(after.metadata.uid === before.felix?.metadata.uid, 'FelixConfiguration default was replaced');
        expectThat(get(c(), ['installation', 'default'])?.metadata.uid === before.installation, 'Installation default was replaced');
        expectThat(
          after.spec?.bpfMapSizeConntrack !== before.felix?.spec?.bpfMapSizeConntrack,
          `bpfMapSizeConntrack stayed ${after.spec?.bpfMapSizeConntrack}`,
        );
        expectThat(
          after.spec?.bpfEnabled === before.felix?.spec?.bpfEnabled,
          `bpfEnabled changed: ${JSON.stringify(before.felix?.spec?.bpfEnabled)} → ${JSON.stringify(after.spec?.bpfEnabled)}`,
        );
        return [
          `up: ${summary(r.summary.resourceChanges)} (${updated.join(', ')})`,
          `bpfMapSizeConntrack ${before.felix?.spec?.bpfMapSizeConntrack} → ${after.spec?.bpfMapSizeConntrack}`,
        ];
      },
    },
    {
      promise:
        'teardown "delete": up records it in place; destroy removes Installation first (operator running), then FelixConfiguration, the release, the namespace; CRDs stay',
      check: async () => {
        await setConfig('teardown', 'delete');
        const up = await stack()
          .up(run)
          .catch((e: unknown) => {
            throw engineFailure(e);
          });
        const ops = changed(up.summary.resourceChanges);
        expectThat(!ops.replace && !ops.create && !ops.delete, `up with teardown delete: ${summary(up.summary.resourceChanges)}`);
        // The operator runs until its release goes (the stand-in stops it with its pod), which the order check below puts after the Installation.
        const operatorPid = readPid(instancePaths(instance).operatorPid);
        expectThat(operatorPid !== undefined && isAlive(operatorPid), 'the operator is not running before the destroy');
        const deleted: string[] = [];
        const r = await stack()
          .destroy({
            ...run,
            onEvent: (e) => (e.resOutputsEvent?.metadata.op === 'delete' ? deleted.push(e.resOutputsEvent.metadata.urn.split('::').pop()!) : 0),
          })
          .catch((e: unknown) => {
            throw engineFailure(e);
          });
        expectThat(r.summary.result === 'succeeded', `destroy ${r.summary.result}`);
        const at = (name: string): number => deleted.indexOf(name);
        expectThat(
          at('calico-installation') >= 0 &&
            at('calico-installation') < at('calico-felix-configuration') &&
            at('calico-felix-configuration') < at('calico-operator') &&
            at('calico-operator') < at('calico-namespace'),
          `delete order: ${deleted.join(' → ')}`,
        );
        // The component CRs too: deleted in the background, so the operator cannot re-create their Deployments under them.
        for (const o of [
          ['installation', 'default'],
          ['felixconfiguration', 'default'],
          ['apiserver', 'default'],
          ['goldmane', 'default'],
          ['whisker', 'default'],
        ])
          expectThat(get(c(), o) === undefined, `${o.join(' ')} still exists after destroy`);
        // Helm 4 lists releases in every status by default: one stuck uninstalling or pending counts as left.
        const left = helm(kubeconfig, ['list', '-A', '-q']).trim();
        expectThat(left === '', `a helm release is left: ${left}`);
        expectThat(get(c(), ['crd', 'installations.operator.tigera.io']) !== undefined, 'the operator CRDs were deleted');
        return [`delete order: ${deleted.join(' → ')}`, `stand-in: ${c().standIn.events.join('; ')}`];
      },
    },
    {
      promise:
        'pulumi destroy with the default teardown "retain" forgets everything and deletes nothing: namespace, release, FelixConfiguration, Installation, CRDs stay',
      check: async () => {
        await setConfig('teardown', undefined);
        const up = await stack()
          .up(run)
          .catch((e: unknown) => {
            throw engineFailure(e);
          });
        const uids = () =>
          [
            ['namespace', 'tigera-operator'],
            ['installation', 'default'],
            ['felixconfiguration', 'default'],
          ].map((o) => liveUid(kubeconfig, o));
        const before = uids();
        const hooksRun = (): number => c().standIn.events.filter((e) => e.startsWith('ran hook pod')).length;
        const hooksBefore = hooksRun();
        expectThat(
          before.every((u) => u !== undefined),
          `up with teardown retain: ${summary(up.summary.resourceChanges)}; missing objects`,
        );
        const r = await stack()
          .destroy(run)
          .catch((e: unknown) => {
            throw engineFailure(e);
          });
        expectThat(r.summary.result === 'succeeded', `destroy ${r.summary.result}`);
        const state = (await stack().exportStack()).deployment as { resources?: unknown[] };
        expectThat((state.resources ?? []).length === 0, `the stack still has ${(state.resources ?? []).length} resources`);
        expectThat(JSON.stringify(uids()) === JSON.stringify(before), `objects changed: ${JSON.stringify(before)} → ${JSON.stringify(uids())}`);
        const releases = helm(kubeconfig, ['list', '-n', 'tigera-operator', '-q']).trim();
        expectThat(releases === 'tigera-operator', `helm releases after destroy: "${releases}"`);
        expectThat(get(c(), ['crd', 'installations.operator.tigera.io']) !== undefined, 'the operator CRDs were deleted');
        // The hook Job deletes itself when it succeeds: count the hook pods the stand-in ran instead.
        expectThat(hooksRun() === hooksBefore, `the pre-delete hook ran: ${c().standIn.events.join('; ')}`);
        return [`up: ${summary(up.summary.resourceChanges)}; destroy: ${summary(r.summary.resourceChanges)}; all objects kept with their uids`];
      },
    },
  ];
  const cleanup = async (): Promise<void> => {
    try {
      await ctx?.standIn.stop();
    } finally {
      await ctx?.charts.close();
    }
  };
  return { promises, cleanup };
}

/**
 * The k3s bootstrap and the hand-over to Flux, as docs/lifecycle.md tells a user to do them, with
 * the real k3s (its deploy controller and helm-controller), the real tigera-operator and Flux's
 * real source-, kustomize- and helm-controller, reading our `calico-ebpf synth` output from a Git
 * repository served on loopback. `npm run e2e -- flux` prints the promises; test/cluster runs it.
 *
 * Stand-in: this process plays the kubelet of one k3s server node
 * (scripts/cluster/kubelet-stand-in.ts): k3s's helm-install Job pod runs the real helm with the
 * values k3s stored, the operator pod runs the real operator, both reported as a kubelet reports
 * them; no other pod runs. Charts come from a chart repository on loopback (`helmRepository`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeletStandIn } from '../cluster/kubelet-stand-in';
import { helm, kubectl } from '../cluster/kubectl';
import { instancePaths } from '../cluster/instance';
import { restartK3s } from '../cluster/k3s';
import { runnableCalicoVersion } from '../cluster/operator';
import { fluxVersions, startFlux, stopFlux } from '../cluster/flux';
import { waitFor } from '../cluster/processes';
import { serveChartRepository, type ChartRepository } from './chart-repository';
import { serveGitRepository, type GitServer } from './git-server';
import { getObject, liveUid, readyCondition, type LiveObject } from './live-object';
import { expectThat, type EnginePromise } from './promises';

const CLI = join(__dirname, '..', '..', 'lib', 'cli', 'main.ts');
const PATH_IN_REPO = 'clusters/dev';

type Props = Record<string, unknown>;

const rootKustomization = (resources: readonly string[]): string =>
  `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: ${JSON.stringify(resources)}\n`;

export function fluxScenarioVersions(): string[] {
  return [`Flux ${fluxVersions().join(', ')} (built from Go modules)`];
}

export function fluxPromises(instance: string, kubeconfig: string): { promises: EnginePromise[]; cleanup: () => Promise<void> } {
  const calicoVersion = runnableCalicoVersion().calicoVersion;
  const dir = join(instancePaths(instance).dir, 'e2e');
  const out = join(dir, 'out');
  const configFile = join(dir, 'calico.json');
  let charts: ChartRepository | undefined;
  let git: GitServer | undefined;
  let standIn: KubeletStandIn | undefined;
  const uids: Record<string, string> = {};

  const get = (args: readonly string[]): LiveObject | undefined => getObject(kubeconfig, args);
  const uid = (args: readonly string[]): string | undefined => liveUid(kubeconfig, args);
  const ready = readyCondition;
  const synth = (props: Props): void => {
    writeFileSync(configFile, JSON.stringify(props, null, 2));
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'synth', '--config', configFile, '--out', out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`calico-ebpf synth: ${r.stderr}`);
  };
  const props = (extra: Props = {}): Props => ({
    distribution: 'k3s',
    calicoVersion,
    helmRepository: charts!.url,
    gitops: { flavor: 'flux', flux: { path: PATH_IN_REPO, interval: '30s' } },
    ...extra,
  });
  const reconcileRoot = (): void => {
    kubectl(kubeconfig, [
      '-n',
      'flux-system',
      'annotate',
      '--overwrite',
      'gitrepository/flux-system',
      `reconcile.fluxcd.io/requestedAt=${Date.now()}`,
    ]);
    kubectl(kubeconfig, [
      '-n',
      'flux-system',
      'annotate',
      '--overwrite',
      'kustomization/flux-system',
      `reconcile.fluxcd.io/requestedAt=${Date.now()}`,
    ]);
  };
  const releaseHistory = (): { revision: number; status: string; description: string }[] =>
    JSON.parse(helm(kubeconfig, ['history', 'tigera-operator', '-n', 'tigera-operator', '-o', 'json']));

  const promises: EnginePromise[] = [
    {
      promise:
        'k3s bootstrap: k3s applies the files, its helm-install Job installs the operator, the operator creates the CRDs, k3s applies Installation default',
      prerequisite: true,
      check: async () => {
        charts = await serveChartRepository(join(dir, 'charts'), [{ chart: 'tigera-operator', version: calicoVersion }]);
        standIn = new KubeletStandIn(instance);
        standIn.start();
        synth(props());
        const files = readdirSync(join(out, 'calico-k3s-manifests'));
        for (const f of files) copyFileSync(join(out, 'calico-k3s-manifests', f), join(instancePaths(instance).manifests, f));
        await waitFor('Installation default and FelixConfiguration default (applied by k3s)', 240_000, () =>
          get(['installation', 'default']) && get(['felixconfiguration', 'default']) ? true : undefined,
        );
        uids.installation = uid(['installation', 'default'])!;
        uids.felix = uid(['felixconfiguration', 'default'])!;
        const history = releaseHistory();
        expectThat(history.length === 1 && history[0]!.status === 'deployed', `helm history: ${JSON.stringify(history)}`);
        return [`files: ${files.join(', ')}`, `kubelet stand-in: ${standIn.events.join('; ')}`];
      },
    },
    {
      promise: 'hand-over: .skip files, and the HelmChart neutralised without its uninstall Job; the release stays deployed',
      prerequisite: true,
      check: async () => {
        for (const f of readdirSync(join(out, 'calico-k3s-manifests'))) writeFileSync(join(instancePaths(instance).manifests, `${f}.skip`), '');
        kubectl(kubeconfig, ['-n', 'kube-system', 'annotate', 'helmchart', 'tigera-operator', 'helmcharts.helm.cattle.io/unmanaged=true']);
        kubectl(kubeconfig, ['-n', 'kube-system', 'delete', 'helmchart', 'tigera-operator', '--wait=false']);
        kubectl(kubeconfig, [
          '-n',
          'kube-system',
          'patch',
          'helmchart',
          'tigera-operator',
          '--type=json',
          '-p',
          '[{"op":"remove","path":"/metadata/finalizers"}]',
        ]);
        await waitFor('the HelmChart to be gone', 30_000, () => (get(['helmchart', '-n', 'kube-system', 'tigera-operator']) ? undefined : true));
        // Give helm-controller time to react (it would create the Job at once).
        await new Promise((r) => setTimeout(r, 10_000));
        expectThat(get(['job', '-n', 'kube-system', 'helm-delete-tigera-operator']) === undefined, 'helm-controller created its uninstall Job');
        expectThat(!standIn!.events.some((e) => e.startsWith('left helm-delete pod')), `an uninstall pod was created: ${standIn!.events.join('; ')}`);
        const history = releaseHistory();
        expectThat(history.at(-1)?.status === 'deployed', `helm history: ${JSON.stringify(history)}`);
        return [`release history: ${history.map((h) => `${h.revision} ${h.status}`).join(', ')}`];
      },
    },
    {
      promise:
        'Flux applies the operator layer, then the resources (dependsOn, wait), and its HelmRelease adopts the k3s release in place: no reinstall, no hook',
      prerequisite: true,
      check: async () => {
        await startFlux(instance);
        git = await serveGitRepository(join(dir, 'git'), 'fleet');
        // The user's cluster Kustomization lists only the calico-flux folder.
        const commit = git.commit('calico', [
          { path: PATH_IN_REPO, from: out },
          { path: 'clusters/root/kustomization.yaml', content: rootKustomization(['../dev/calico-flux']) },
        ]);
        const root = [
          {
            apiVersion: 'source.toolkit.fluxcd.io/v1',
            kind: 'GitRepository',
            metadata: { name: 'flux-system', namespace: 'flux-system' },
            spec: { interval: '30s', url: git.url, ref: { branch: 'main' } },
          },
          {
            apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
            kind: 'Kustomization',
            metadata: { name: 'flux-system', namespace: 'flux-system' },
            spec: { interval: '30s', path: './clusters/root', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
          },
        ];
        kubectl(kubeconfig, ['apply', '-f', '-'], { input: root.map((o) => JSON.stringify(o)).join('\n') });
        const both = await waitFor('Kustomizations calico-operator and calico-resources Ready', 420_000, () => {
          const op = get(['kustomization', '-n', 'flux-system', 'calico-operator']);
          const res = get(['kustomization', '-n', 'flux-system', 'calico-resources']);
          // kustomize-controller patches the conditions before the rest of the status (fluxcd/pkg/runtime
          // patch.Helper), so Ready=True can be seen a moment before lastAppliedRevision: wait for both.
          const applied = (k: LiveObject | undefined): boolean => ready(k)?.status === 'True' && !!k?.status?.lastAppliedRevision;
          return applied(op) && applied(res) ? { op: op!, res: res! } : undefined;
        });
        const at = (k: LiveObject): number => Date.parse(ready(k)!.lastTransitionTime);
        expectThat(
          at(both.res) >= at(both.op),
          `resources Ready at ${ready(both.res)!.lastTransitionTime}, operator at ${ready(both.op)!.lastTransitionTime}`,
        );
        expectThat(
          both.res.status?.lastAppliedRevision?.endsWith(commit) === true,
          `resources applied ${both.res.status?.lastAppliedRevision}, not ${commit}`,
        );
        const history = releaseHistory();
        expectThat(
          history.length === 2 && history[1]!.status === 'deployed' && /upgrade/i.test(history[1]!.description),
          `helm history: ${JSON.stringify(history)}`,
        );
        const hr = get(['helmrelease', '-n', 'tigera-operator', 'tigera-operator']);
        expectThat(ready(hr)?.status === 'True', `HelmRelease: ${JSON.stringify(ready(hr))}`);
        expectThat(uid(['installation', 'default']) === uids.installation, 'Installation default was recreated');
        expectThat(!standIn!.events.some((e) => /hook pod/.test(e)), `a hook ran: ${standIn!.events.join('; ')}`);
        return [
          `helm history: ${history.map((h) => `${h.revision} ${h.status} (${h.description})`).join(', ')}`,
          `Ready: operator ${ready(both.op)!.lastTransitionTime}, resources ${ready(both.res)!.lastTransitionTime}`,
        ];
      },
    },
    {
      promise: 'with the .skip files, a k3s restart leaves Flux alone: no HelmChart comes back, nothing is re-applied over Flux',
      check: async () => {
        // k3s's deploy controller writes as `deploy@<node>`: its entry must keep the time of the bootstrap apply.
        const k3sWrites = (): string =>
          JSON.stringify(
            (get(['felixconfiguration', 'default'])!.metadata.managedFields ?? []).filter((f) => f.manager.startsWith('deploy@')).map((f) => f.time),
          );
        const before = k3sWrites();
        expectThat(before !== '[]', 'no field of FelixConfiguration default is managed by k3s (deploy@…): nothing to compare');
        const ours = readdirSync(join(out, 'calico-k3s-manifests')).map((f) => f.replace(/\..*$/, ''));
        const restarted = Date.now();
        await restartK3s({ name: instance });
        // At start k3s applies every manifest file that is not skipped (its own coredns, rolebindings, …):
        // once it has, a file of ours would have been applied too.
        const applied = (): { name: string; at: number }[] =>
          (
            JSON.parse(
              kubectl(kubeconfig, [
                '-n',
                'kube-system',
                'get',
                'events',
                '--field-selector',
                'involvedObject.kind=Addon,reason=AppliedManifest',
                '-o',
                'json',
              ]),
            ) as {
              items: { involvedObject: { name: string }; lastTimestamp?: string; eventTime?: string; metadata: { creationTimestamp: string } }[];
            }
          ).items
            .map((e) => ({ name: e.involvedObject.name, at: Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp) }))
            .filter((e) => e.at >= restarted - 1_000);
        const others = await waitFor("k3s's start pass over its manifests folder", 120_000, () => {
          const names = applied().map((e) => e.name);
          return names.some((n) => !ours.includes(n)) ? names : undefined;
        });
        await new Promise((r) => setTimeout(r, 5_000));
        const oursApplied = applied().filter((e) => ours.includes(e.name));
        expectThat(oursApplied.length === 0, `k3s applied ${oursApplied.map((e) => e.name).join(', ')} again despite the .skip files`);
        expectThat(get(['helmchart', '-n', 'kube-system', 'tigera-operator']) === undefined, 'k3s re-created HelmChart tigera-operator');
        expectThat(k3sWrites() === before, `k3s applied FelixConfiguration default again: ${before} → ${k3sWrites()}`);
        return [`after the restart k3s applied ${[...new Set(others)].join(', ')} and none of ${ours.join(', ')}`];
      },
    },
    {
      promise: 'deleting the resources Kustomization orphans Installation, FelixConfiguration and the components; Flux re-adopts them',
      check: async () => {
        kubectl(kubeconfig, ['-n', 'flux-system', 'delete', 'kustomization', 'calico-resources', '--timeout=60s'], { timeoutMs: 90_000 });
        for (const [k, o] of [
          ['installation', uids.installation],
          ['felix', uids.felix],
        ] as const)
          expectThat(uid([k === 'felix' ? 'felixconfiguration' : 'installation', 'default']) === o, `${k} was deleted with the Kustomization`);
        for (const kind of ['apiserver', 'goldmane', 'whisker']) expectThat(get([kind, 'default']) !== undefined, `${kind} default was deleted`);
        reconcileRoot();
        await waitFor('Flux to recreate Kustomization calico-resources', 180_000, () =>
          ready(get(['kustomization', '-n', 'flux-system', 'calico-resources']))?.status === 'True' ? true : undefined,
        );
        expectThat(uid(['installation', 'default']) === uids.installation, 'Installation default was recreated');
        return [];
      },
    },
    {
      promise: 'removing Whisker from the config and the repository leaves Whisker default running (prune: disabled); nothing else changes',
      check: async () => {
        const whisker = uid(['whisker', 'default']);
        expectThat(whisker !== undefined, 'there is no Whisker default to begin with');
        synth(props({ components: { whisker: false } }));
        const commit = git!.commit('no whisker', [{ path: PATH_IN_REPO, from: out }]);
        reconcileRoot();
        await waitFor(`calico-resources to apply ${commit.slice(0, 8)}`, 180_000, () => {
          const k = get(['kustomization', '-n', 'flux-system', 'calico-resources']);
          return k?.status?.lastAppliedRevision?.endsWith(commit) && ready(k)?.status === 'True' ? true : undefined;
        });
        const inventory = JSON.stringify(get(['kustomization', '-n', 'flux-system', 'calico-resources'])!.status?.inventory ?? null);
        expectThat(/_Installation/.test(inventory), `the inventory does not list the Installation: ${inventory}`);
        expectThat(!/_Whisker/.test(inventory), `Whisker is still in the inventory: ${inventory}`);
        expectThat(uid(['whisker', 'default']) === whisker, 'Whisker default was pruned');
        expectThat(uid(['installation', 'default']) === uids.installation, 'Installation default was recreated');
        return [];
      },
    },
    {
      promise:
        'removing calico-flux from the cluster Kustomization deletes the Kustomizations and nothing they applied (HelmRelease, release, Installation stay)',
      check: async () => {
        git!.commit('calico out of the cluster', [{ path: 'clusters/root/kustomization.yaml', content: rootKustomization([]) }]);
        reconcileRoot();
        await waitFor('Flux to delete Kustomizations calico-operator and calico-resources', 180_000, () =>
          !get(['kustomization', '-n', 'flux-system', 'calico-operator']) && !get(['kustomization', '-n', 'flux-system', 'calico-resources'])
            ? true
            : undefined,
        );
        expectThat(get(['helmrelease', '-n', 'tigera-operator', 'tigera-operator']) !== undefined, 'the HelmRelease was deleted');
        expectThat(releaseHistory().at(-1)?.status === 'deployed', 'the release is not deployed any more');
        expectThat(uid(['installation', 'default']) === uids.installation, 'Installation default was deleted');
        expectThat(get(['namespace', 'tigera-operator'])?.status?.phase === 'Active', 'the operator namespace is going away');
        return [`kubelet stand-in: ${standIn!.events.join('; ')}`];
      },
    },
  ];
  const cleanup = async (): Promise<void> => {
    try {
      await standIn?.stop();
    } finally {
      await stopFlux(instance);
      await git?.close();
      await charts?.close();
    }
  };
  return { promises, cleanup };
}

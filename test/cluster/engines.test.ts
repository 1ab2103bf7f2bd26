/**
 * The real engines over our output, run as a user runs them: `npm run e2e -- <engine>` as a
 * process, which brings its own k3s and tigera-operator up, drives the engine, prints `ok
 * <promise>` or `FAIL <promise>: <why>` per promise and exits 1 on any FAIL. What each scenario
 * stands in for (no kubelet here) is written at the top of scripts/engines/<engine>-scenario.ts.
 *
 * The promises are listed here, so that a promise dropped from a scenario fails this test too.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { stopFlux } from '../../scripts/cluster/flux';
import { stopK3s } from '../../scripts/cluster/k3s';
import { stopOperator } from '../../scripts/cluster/operator';
import { describeCluster } from './support/cluster';

const E2E = join(__dirname, '..', '..', 'scripts', 'engines', 'e2e.ts');
/** Each run brings up its own k3s and runs a whole engine scenario: minutes, bounded here. */
const E2E_TIMEOUT_MS = 25 * 60_000;

function e2e(engine: string): { code: number | null; lines: string[]; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', E2E, engine], {
    encoding: 'utf8',
    timeout: E2E_TIMEOUT_MS - 30_000,
    maxBuffer: 64 << 20,
  });
  return { code: r.status, lines: r.stdout.split('\n'), stderr: r.stderr };
}

/** The promise lines, `ok …`/`FAIL …`, in order. */
const verdicts = (lines: readonly string[]): string[] => lines.filter((l) => /^(ok|FAIL) /.test(l));

/** Runs one scenario and asserts every promise `ok`, in this order; returns the run for its version lines. */
function expectPromisesKept(engine: string, promises: readonly string[]): ReturnType<typeof e2e> {
  const r = e2e(engine);
  const got = verdicts(r.lines);
  // On failure, the engine's own words are in the report: each FAIL with its `#` lines, and stderr.
  const failures = r.lines.flatMap((l, i) => {
    if (!l.startsWith('FAIL')) return [];
    const evidence = r.lines.slice(i + 1).findIndex((next) => !next.startsWith('  # '));
    return [[l, ...r.lines.slice(i + 1, evidence < 0 ? undefined : i + 1 + evidence)].join('\n')];
  });
  expect({ failures, stderr: failures.length ? r.stderr.slice(-4000) : '' }).toEqual({ failures: [], stderr: '' });
  expect(got).toEqual(promises.map((p) => `ok ${p}`));
  expect(r.code).toBe(0);
  return r;
}

describeCluster('real engines (Pulumi, Flux) over the real control plane', () => {
  // Each run stops what it started, also when its timeout sends it SIGTERM; this is the net under
  // that, by pid file, for a run killed harder.
  afterAll(async () => {
    for (const instance of ['e2e-pulumi', 'e2e-pulumi-eks', 'e2e-flux']) {
      await stopFlux(instance);
      await stopOperator(instance);
      await stopK3s(instance);
    }
  });

  it(
    'npm run pulumi -- <args> runs the CLI built from its Go module',
    () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'scripts', 'engines', 'pulumi-cli.ts'), 'version'], {
        encoding: 'utf8',
        env: { ...process.env, CLUSTER_INSTANCE: 'engines-cli' },
        timeout: 20 * 60_000,
      });
      rmSync(join(__dirname, '..', '..', '.tools', 'run', 'engines-cli'), { recursive: true, force: true });
      expect({ code: r.status, stdout: r.stdout.trim() }).toEqual({ code: 0, stdout: 'v3.248.0' });
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'pulumi: preview, up, a no-op up, refresh, an in-place update and both teardowns do what docs/pulumi.md says',
    () => {
      const r = expectPromisesKept('pulumi', [
        'the engine, the provider and a chart repository on loopback are ready; nothing is downloaded',
        'pulumi preview plans the component and its children and changes nothing in the cluster',
        'pulumi up installs the operator release from the mirror, then FelixConfiguration and Installation default, without AlreadyExists',
        'the real operator reconciles what Pulumi created: calico-node rendered for BPF; bpfEnabled is left to the operator',
        'a second pulumi up changes nothing, though the operator has written to the same objects',
        'pulumi refresh, then preview: the diff is empty (what the operator owns is not drift)',
        'a prop change (scale k3d-dev → medium) updates FelixConfiguration default in place; nothing is replaced',
        'teardown "delete": up records it in place; destroy removes Installation first (operator running), then FelixConfiguration, the release, the namespace; CRDs stay',
        'pulumi destroy with the default teardown "retain" forgets everything and deletes nothing: namespace, release, FelixConfiguration, Installation, CRDs stay',
      ]);
      expect(r.lines[0]).toMatch(/^# k3s v1\.35\.1\+k3s-/);
      expect(r.lines.slice(0, 4).join('\n')).toMatch(/# pulumi v3\.248\.0, pulumi-kubernetes provider 4\.0\.0-20260115033456-f47bc2d6f199/);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'pulumi-eks: the EKS example, its cluster from a stack reference, gets the endpoint to the operator and calico-node',
    () => {
      expectPromisesKept('pulumi-eks', [
        'a cluster stack exports kubeconfig and endpoint; the EKS example reads them through a StackReference',
        'pulumi up writes the services-endpoint ConfigMap from the Output host (port 443) before it installs the operator release',
        "the operator runs with the node's resolver (dnsPolicy Default) and renders the endpoint into calico-node",
        'a second pulumi up changes nothing (the Output host is stable)',
      ]);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'flux: the k3s bootstrap, the hand-over and what Flux then does with our output match docs/lifecycle.md',
    () => {
      const r = expectPromisesKept('flux', [
        'k3s bootstrap: k3s applies the files, its helm-install Job installs the operator, the operator creates the CRDs, k3s applies Installation default',
        'hand-over: .skip files, and the HelmChart neutralised without its uninstall Job; the release stays deployed',
        'Flux applies the operator layer, then the resources (dependsOn, wait), and its HelmRelease adopts the k3s release in place: no reinstall, no hook',
        'with the .skip files, a k3s restart leaves Flux alone: no HelmChart comes back, nothing is re-applied over Flux',
        'deleting the resources Kustomization orphans Installation, FelixConfiguration and the components; Flux re-adopts them',
        'removing Whisker from the config and the repository leaves Whisker default running (prune: disabled); nothing else changes',
        'removing calico-flux from the cluster Kustomization deletes the Kustomizations and nothing they applied (HelmRelease, release, Installation stay)',
      ]);
      expect(r.lines.slice(0, 3).join('\n')).toMatch(/# Flux source-controller v1\.9\.3 .*kustomize-controller v1\.9\.6 .*helm-controller v1\.6\.2/);
    },
    E2E_TIMEOUT_MS,
  );
});

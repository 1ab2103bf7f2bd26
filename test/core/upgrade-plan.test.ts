/**
 * The upgrade plan: supported directions only, and per flavour the order that keeps a cluster up —
 * images and kernels checked, CRDs before the operator, the operator before new-only settings.
 */
import {
  formatUpgradePlan,
  renderCalicoEbpfDataplane,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  upgradePlan,
  type UpgradeTool,
} from '../../lib/core/internal';
import { runCli } from '../../lib/cli/main';
import { validationErrorOf } from '../support/errors';
import { ARGO_REPO } from '../support/matrix';

const index = (titles: string[], title: string): number => {
  const i = titles.indexOf(title);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
};

describe('upgradePlan', () => {
  it.each(['flux', 'argocd', 'k3s', 'pulumi', 'none'] as UpgradeTool[])(
    '3.32 → 3.33 with %s: CRDs, then the operator, then the rollout, then the new settings',
    (tool) => {
      const plan = upgradePlan('v3.32.1', 'v3.33.1', { tool, registry: 'registry.example.com' });
      const titles = plan.steps.map((s) => s.title);
      const crds = index(titles, 'Apply the new CRDs first, server-side');
      const operator = index(titles, 'Upgrade the operator');
      expect(index(titles, 'Mirror the new images')).toBeLessThan(crds);
      expect(index(titles, "Check every node's kernel")).toBeLessThan(crds);
      expect(crds).toBeLessThan(operator);
      expect(operator).toBeLessThan(index(titles, 'Wait for the rollout'));
      expect(index(titles, 'Wait for the rollout')).toBeLessThan(index(titles, 'Adopt the new settings'));
      // The step names the tool's own mechanism.
      const how = plan.steps[operator]!.detail;
      expect(how).toMatch(
        {
          flux: /operator Kustomization upgrades the HelmRelease/,
          argocd: /operator Application \(wave -1\)/,
          k3s: /k3s-1-operator\.yaml into the manifests folder/,
          pulumi: /pulumi up/,
          none: /run the helm command on top of <prefix>-helm\/tigera-operator\.values\.yaml \(helm upgrade --install with the chart, --version v3\.33\.1/,
        }[tool],
      );
      expect(plan.steps.find((s) => s.title === 'Mirror the new images')!.detail).toMatch(
        /calico\/\{calico,node,third-party-cni-plugins,whisker\}:v3\.33\.1 \(3\.33 runs most components from the one calico\/calico image/,
      );
    },
  );

  it('a patch upgrade has no kernel or new-settings steps', () => {
    const titles = upgradePlan('v3.32.1', 'v3.32.4').steps.map((s) => s.title);
    expect(titles).toEqual(['Read the release notes', 'Apply the new CRDs first, server-side', 'Upgrade the operator', 'Wait for the rollout']);
  });

  it('with a CRD release on 3.32, first stops delivering the CRDs as a release (the 3.33 chart cannot be one)', () => {
    const titles = upgradePlan('v3.32.4', 'v3.33.1', { crdDelivery: 'helm-release' }).steps.map((s) => s.title);
    expect(index(titles, 'Stop delivering the CRDs as a Helm release (still on the old release)')).toBeLessThan(
      index(titles, 'Apply the new CRDs first, server-side'),
    );
  });

  it.each([
    ['v3.33.1', 'v3.32.4', /is a downgrade, which Calico does not support .* first set felix\.attachType "TCX"/],
    ['v3.32.1', 'v3.32.1', /both are the same release; nothing to do/],
    ['v3.31.7', 'v3.33.1', /"v3\.31\.7" is not a release this library knows/],
    ['v3.32.4', 'v3.32.0', /is a downgrade/],
  ])('%s → %s is refused with the reason', (from, to, message) => {
    const error = validationErrorOf(() => upgradePlan(from, to));
    expect(error.problems.map((p) => p.code)).toEqual(['UNSUPPORTED_VERSION']);
    expect(error.message).toMatch(message);
  });

  it('prefers v3.33.1 when the target is v3.33.0', () => {
    expect(formatUpgradePlan(upgradePlan('v3.32.4', 'v3.33.0'))).toMatch(
      /Prefer v3\.33\.1: operator v1\.44\.0 \(Calico v3\.33\.0\) can overwrite or remove FelixConfiguration settings/,
    );
  });
});

describe('the output orders an upgrade by itself, in every flavour', () => {
  // On 3.33 the operator brings the CRDs (a CRD release cannot hold them): the operator layer comes
  // before the custom resources; on 3.32 with a CRD release, that release comes before the operator.
  it.each([
    ['flux', { gitops: { flavor: 'flux' } }],
    ['argocd', { gitops: { flavor: 'argocd', argocd: ARGO_REPO('k3s') } }],
    ['k3s', { gitops: { flavor: 'k3s' } }],
  ] as const)('%s: 3.32.4 → 3.33.1 keeps operator before resources', (_name, props) => {
    for (const calicoVersion of ['v3.32.4', 'v3.33.1']) {
      const config = resolveCalicoEbpfDataplane({ ...props, calicoVersion });
      const layers = renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
      const operatorLayer = layers.findIndex((l) =>
        l.objects.some((o) => (o.kind === 'HelmRelease' || o.kind === 'HelmChart') && JSON.stringify(o).includes(calicoVersion)),
      );
      const resources = layers.findIndex((l) => l.role === 'resources');
      expect(operatorLayer).toBeGreaterThanOrEqual(0);
      expect(operatorLayer).toBeLessThan(resources);
    }
    const old = resolveCalicoEbpfDataplane({ ...props, calicoVersion: 'v3.32.4', crdDelivery: 'helm-release' });
    const releases = renderCalicoEbpfDataplane(old).helmReleases;
    expect(releases.map((r) => r.role)).toEqual(['crds', 'operator']);
    expect(releases[1]!.dependsOn).toEqual(['calico-crds']);
  });
});

describe('calico-ebpf upgrade', () => {
  it("prints the plan for the config's flavour, and JSON on request", () => {
    const text = runCli(['upgrade', '--from', 'v3.32.1', '--to', 'v3.33.1', '--config', 'examples/k3d/cluster.yaml']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Upgrade v3\.32\.1 → v3\.33\.1 \(k3s\):\n {2}1\. \[check\] Read the release notes/);
    const json = runCli(['upgrade', '--from', 'v3.32.1', '--to', 'v3.33.1', '--tool', 'pulumi', '--output', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ from: 'v3.32.1', to: 'v3.33.1', tool: 'pulumi' });
  });

  it('refuses a downgrade with exit 1 and a bad option with exit 2', () => {
    const down = runCli(['upgrade', '--from', 'v3.33.1', '--to', 'v3.32.4']);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/\[UNSUPPORTED_VERSION\] upgrade "v3\.33\.1" → "v3\.32\.4" is a downgrade/);
    const bad = runCli(['upgrade', '--from', 'v3.32.1', '--to', 'v3.33.1', '--tool', 'helm']);
    expect(bad).toMatchObject({ code: 2, stderr: 'calico-ebpf: --tool must be one of flux, argocd, k3s, pulumi, none, got "helm"\n' });
    expect(runCli(['upgrade', '--from', 'v3.32.1'])).toMatchObject({
      code: 2,
      stderr: 'calico-ebpf: upgrade needs --from <version> and --to <version>\n',
    });
  });
});

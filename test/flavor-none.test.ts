/**
 * gitops.flavor "none": plain manifests in apply order and the chart values for `helm install`,
 * for a first CNI brought up by hand — checked with the real helm against the real chart
 * (../shared/reference, Calico v3.32.1): the values file it writes is one `helm template -f` takes,
 * and renders the same operator Deployment as the HelmRelease's values.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { runCli } from '../lib/cli/main';
import { helmValuesFiles, lifecycleTable, renderCalicoEbpfDataplane, renderGitOpsLayers, resolveCalicoEbpfDataplane } from '../lib/core/internal';
import { validationErrorOf } from './support/errors';
import { toolsOrSkip } from './support/k8s-tools';
import { describeWithReference } from './support/reference';

const KUBEADM = { distribution: 'kubeadm', podCidrs: ['10.244.0.0/16'], gitops: { flavor: 'none' } } as const;

describe('gitops.flavor "none"', () => {
  it('writes the namespace, then the custom resources, without any GitOps object or annotation', () => {
    const config = resolveCalicoEbpfDataplane({
      ...KUBEADM,
      serviceMesh: { kind: 'istio', provider: 'calico', mode: 'ambient' },
      calicoVersion: 'v3.32.1',
    });
    const layers = renderGitOpsLayers(config, renderCalicoEbpfDataplane(config));
    expect(layers.map((l) => [l.role, l.objects.map((o) => o.kind)])).toEqual([
      ['operator', ['Namespace']],
      // Calico's Istio follows the Installation in the same folder (no tool orders it).
      ['resources', ['FelixConfiguration', 'Installation', 'APIServer', 'Goldmane', 'Whisker', 'Istio']],
    ]);
    const annotations = layers.flatMap((l) => l.objects.flatMap((o) => Object.keys(o.metadata.annotations ?? {})));
    expect(annotations).toEqual([]);
  });

  it('its lifecycle table says who applies each folder: you, in order; removing a file deletes nothing', () => {
    const config = resolveCalicoEbpfDataplane(KUBEADM);
    const rows = lifecycleTable(renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)));
    expect(rows.map((r) => [r.object, r.appliedBy])).toEqual([
      ['Namespace/tigera-operator', 'you, first (kubectl apply), then helm install with the values file'],
      ...['FelixConfiguration/default', 'Installation/default', 'APIServer/default', 'Goldmane/default', 'Whisker/default'].map((o) => [
        o,
        'you, once the operator runs (kubectl apply --server-side)',
      ]),
    ]);
    expect(new Set(rows.map((r) => r.onRemove))).toEqual(
      new Set(['file removed: nothing (no tool applies or deletes it; kubectl delete it by hand)']),
    );
  });

  it('is refused where k3s’s helm-controller already installs from plain files', () => {
    expect(
      validationErrorOf(() => resolveCalicoEbpfDataplane({ gitops: { flavor: 'none' } })).problems.map((p) => [p.code, p.path, p.message]),
    ).toEqual([
      [
        'PLATFORM_CONFLICT',
        'gitops.flavor',
        `'gitops.flavor' "none" cannot be used on distribution "k3s": its helm-controller already applies plain manifests and installs the chart (the bootstrap files every flavor writes there); use "k3s" for no GitOps tool, or "flux" or "argocd"`,
      ],
    ]);
  });

  it('synth --out writes the values file with its helm command, and prints the steps that use it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'none-'));
    const props = join(dir, 'props.json');
    writeFileSync(props, JSON.stringify(KUBEADM));
    const out = join(dir, 'out');
    const r = runCli(['synth', '--config', props, '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.calico-ebpf-synth.json', 'calico-helm', 'calico-operator', 'calico-resources']);
    const text = readFileSync(join(out, 'calico-helm', 'tigera-operator.values.yaml'), 'utf8');
    expect(text.split('\n').slice(0, 2)).toEqual([
      '# Values of the tigera-operator chart for Calico v3.33.1, written by calico-ebpf; from the output folder:',
      '#   helm upgrade --install tigera-operator tigera-operator --repo https://docs.tigera.io/calico/charts --version v3.33.1 --namespace tigera-operator -f calico-helm/tigera-operator.values.yaml',
    ]);
    expect(parse(text)).toEqual(resolveCalicoEbpfDataplane(KUBEADM).helmValues);
    expect(r.stdout).toContain(
      `helm upgrade --install tigera-operator tigera-operator --repo https://docs.tigera.io/calico/charts --version v3.33.1 --namespace tigera-operator -f ${out}/calico-helm/tigera-operator.values.yaml`,
    );
    expect(r.stdout).toContain('helm uninstall tigera-operator --namespace tigera-operator');
    expect(r.stdout).not.toMatch(/Hand over to (Flux|Argo CD)/);
    // The first line says what the output is, as a cdk8s fleet says it per cluster.
    expect(r.stdout.split('\n')[0]).toMatch(
      /^calico: Calico v3\.33\.1 on kubeadm, kubeProxy operator-managed, mesh istio, none → calico-\*\/ \(2 layers, 6 objects\); 2 warnings \(2 high\)$/,
    );
  });

  it('writes the values files only with no GitOps tool (a Flux or Argo CD tree holds Kubernetes objects only)', () => {
    const valuesOf = (props: Parameters<typeof resolveCalicoEbpfDataplane>[0]) => {
      const config = resolveCalicoEbpfDataplane(props);
      return helmValuesFiles(config, renderCalicoEbpfDataplane(config));
    };
    expect(valuesOf({ ...KUBEADM, gitops: { flavor: 'flux' } })).toBeUndefined();
    expect(valuesOf({ ...KUBEADM, crdDelivery: 'helm-release', calicoVersion: 'v3.32.1' })?.files.map((f) => f.path)).toEqual([
      'calico-crds.values.yaml',
      'tigera-operator.values.yaml',
    ]);
    expect(valuesOf({})).toBeUndefined();
    // An OCI repository is one chart reference (helm has no --repo for OCI).
    expect(valuesOf({ ...KUBEADM, helmRepository: 'oci://registry.example.com/charts' })!.files[0]!.content).toContain(
      'helm upgrade --install tigera-operator oci://registry.example.com/charts/tigera-operator --version v3.33.1',
    );
  });
});

describeWithReference('the values file through the real chart', (referenceDir) => {
  const tools = toolsOrSkip();
  const maybe = tools ? it : it.skip;
  maybe('helm template -f <values file> renders the operator exactly as the HelmRelease values do', () => {
    const props = { ...KUBEADM, calicoVersion: 'v3.32.1', registry: 'registry.example.com', helmRepository: 'https://charts.example.com' } as const;
    const config = resolveCalicoEbpfDataplane(props);
    const folder = helmValuesFiles(config, renderCalicoEbpfDataplane(config))!;
    const dir = mkdtempSync(join(tmpdir(), 'none-helm-'));
    const file = join(dir, 'values.yaml');
    writeFileSync(file, folder.files.find((f) => f.path === 'tigera-operator.values.yaml')!.content);
    const chart = join(referenceDir, 'calico', 'charts', 'tigera-operator');
    const render = (args: string[]) =>
      parseAllDocuments(
        execFileSync(tools!.helm, [
          'template',
          'tigera-operator',
          chart,
          '--namespace',
          'tigera-operator',
          '--kube-version',
          '1.33.0',
          ...args,
        ]).toString(),
      )
        .map((d) => d.toJS() as { kind: string })
        .filter(Boolean);
    const fromFile = render(['-f', file]);
    writeFileSync(join(dir, 'release.json'), JSON.stringify(config.helmValues));
    expect(fromFile).toEqual(render(['-f', join(dir, 'release.json')]));
    expect(fromFile.map((o) => o.kind)).toContain('Deployment');
    expect(fromFile.map((o) => o.kind)).not.toContain('Installation');
  });
});

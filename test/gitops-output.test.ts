/**
 * GitOps output a user can apply as is: every folder is a kustomize root that a real
 * `kubectl kustomize` builds into exactly the layer's objects; the cdk8s layer charts live in the
 * construct and `app.synth()` treats them like any chart, while the folders the Flux/Argo CD
 * paths reference come from the explicit `CalicoEbpfDataplane.writeLayers`; the writer (CLI and
 * cdk8s) cleans up only what it wrote.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { CalicoEbpfDataplane, FelixBpfTuning } from '../lib/cdk8s';
import { runCli } from '../lib/cli/main';
import { OUTPUT_MANIFEST } from '../lib/core/gitops/layer-folders';
import { renderCalicoEbpfDataplane, renderGitOpsLayers, resolveCalicoEbpfDataplane, type CalicoEbpfDataplaneProps } from '../lib/core/internal';
import { toolsOrSkip } from './support/k8s-tools';
import { saidBesidesWarnings } from './support/errors';
import { ARGO_REPO } from './support/matrix';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'gitops-out-'));

function synthCdk8s(props: CalicoEbpfDataplaneProps): string {
  const outdir = tmp();
  const app = new App();
  new CalicoEbpfDataplane(app, 'calico', props);
  CalicoEbpfDataplane.writeLayers(app, outdir);
  return outdir;
}

const CASES: Array<[string, CalicoEbpfDataplaneProps]> = [
  ['flux', { gitops: { flavor: 'flux' }, apiServer: { host: '172.18.0.2' }, k3d: { name: 'dev' } }],
  ['argocd', { gitops: { flavor: 'argocd', argocd: ARGO_REPO('k3s') } }],
  ['argocd helm-source', { distribution: 'kubeadm', podCidrs: ['10.10.0.0/16'], gitops: { flavor: 'argocd', argocd: ARGO_REPO('kubeadm') } }],
  ['k3s', { gitops: { flavor: 'k3s' }, crdDelivery: 'helm-release', calicoVersion: 'v3.32.4' }],
  [
    'rke2 flux (helm-controller bootstrap + Flux)',
    { distribution: 'rke2', kubeProxy: 'replace', apiServer: { host: '10.0.10.5' }, gitops: { flavor: 'flux' } },
  ],
  [
    'openshift flux (namespace labels, ConfigMap on 6443)',
    { distribution: 'openshift', apiServer: { host: 'api-int.ocp.example.com' }, gitops: { flavor: 'flux' } },
  ],
  [
    'eks argocd helm-source',
    {
      distribution: 'eks',
      cni: 'AmazonVPC',
      apiServer: { host: 'ABCD.gr7.eu-west-1.eks.amazonaws.com' },
      gitops: { flavor: 'argocd', argocd: ARGO_REPO('eks') },
    },
  ],
];

describe('kubectl kustomize accepts every output folder', () => {
  const tools = toolsOrSkip();
  const maybe = tools ? it : it.skip;

  maybe.each(CASES)('%s', (_name, props) => {
    const out = synthCdk8s(props);
    // The k3s manifests and the Helm values are no kustomize folders (k3s and helm read them).
    const folders = readdirSync(out).filter((d) => !d.endsWith('-helm') && !d.endsWith('-k3s-manifests') && d !== OUTPUT_MANIFEST);
    expect(folders.length).toBeGreaterThan(1);
    for (const folder of folders) {
      const dir = join(out, folder);
      const yamlFiles = readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml'));
      const built = execFileSync(tools!.kubectl, ['kustomize', dir], { encoding: 'utf8' });
      const kinds = parseAllDocuments(built).map((d) => `${(d.toJS() as { kind: string }).kind}`);
      // kustomize builds exactly the layer's files, nothing more, nothing less.
      expect(kinds.sort()).toEqual(yamlFiles.map((f) => f.split('.')[0]!).sort());
      // Folders k3s reads use the extension-less name, which k3s does not apply as a manifest.
      const k3sRead = folder.includes('-k3s-') || folder.endsWith('-resources');
      expect(existsSync(join(dir, k3sRead ? 'Kustomization' : 'kustomization.yaml'))).toBe(true);
    }
  });

  maybe('a user object added to the resources chart is listed too', () => {
    const outdir = tmp();
    const app = new App();
    const calico = new CalicoEbpfDataplane(app, 'calico', {});
    new FelixBpfTuning(calico.resourcesChart, 'n1', { nodeName: 'n1' });
    CalicoEbpfDataplane.writeLayers(app, outdir);
    const built = execFileSync(tools!.kubectl, ['kustomize', join(outdir, 'calico-resources')], { encoding: 'utf8' });
    expect(built).toContain('name: node.n1');
    // k3s applies it too: the k3s file of the resources layer carries it.
    expect(readFileSync(join(outdir, 'calico-k3s-manifests', 'calico-resources.yaml'), 'utf8')).toContain('name: node.n1');
  });
});

describe('cdk8s: the layer charts live in the construct; the GitOps folders are an explicit step', () => {
  const fileNames = (dir: string): string[] => readdirSync(dir).sort();

  it('app.synth() writes the layer charts like any nested chart, in the default output type, and nothing else', () => {
    const outdir = tmp();
    const app = new App({ outdir });
    new CalicoEbpfDataplane(app, 'calico', { gitops: { flavor: 'flux' } });
    app.synth();
    // cdk8s names nested charts after their path (calico/<role>) plus a hash of it: stable across runs.
    expect(fileNames(outdir)).toEqual([
      expect.stringMatching(/^calico-flux-[0-9a-f]{8}\.k8s\.yaml$/),
      expect.stringMatching(/^calico-k3s-namespace-[0-9a-f]{8}\.k8s\.yaml$/),
      expect.stringMatching(/^calico-k3s-operator-[0-9a-f]{8}\.k8s\.yaml$/),
      expect.stringMatching(/^calico-operator-[0-9a-f]{8}\.k8s\.yaml$/),
      expect.stringMatching(/^calico-resources-[0-9a-f]{8}\.k8s\.yaml$/),
    ]);
    const again = tmp();
    const app2 = new App({ outdir: again });
    new CalicoEbpfDataplane(app2, 'calico', { gitops: { flavor: 'flux' } });
    app2.synth();
    expect(fileNames(again)).toEqual(fileNames(outdir));
  });

  it('adding Calico leaves the rest of the App as it was: its charts, their file names, App.synth itself', () => {
    const userApp = (withCalico: boolean): { app: App; outdir: string } => {
      const outdir = tmp();
      const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
      const apps = new Chart(app, 'apps');
      new ApiObject(apps, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
      if (withCalico) new CalicoEbpfDataplane(app, 'calico', {});
      return { app, outdir };
    };
    const before = userApp(false);
    before.app.synth();
    const after = userApp(true);
    expect(Object.prototype.hasOwnProperty.call(after.app, 'synth')).toBe(false);
    after.app.synth();
    expect(fileNames(join(after.outdir, 'apps'))).toEqual(fileNames(join(before.outdir, 'apps')));
    expect(fileNames(after.outdir).filter((f) => !f.startsWith('calico-'))).toEqual(['apps']);
    // No kustomization and no k3s folder appear among cdk8s's own output.
    expect(fileNames(after.outdir).some((f) => f.endsWith('-k3s-manifests'))).toBe(false);
  });

  it('writeLayers writes the folders the GitOps objects reference, whatever the App output type or chart dependencies', () => {
    const app = new App({ outdir: tmp() });
    const calico = new CalicoEbpfDataplane(app, 'calico', { gitops: { flavor: 'flux', flux: { path: './clusters/dev' } } });
    const other = new Chart(app, 'apps');
    other.addDependency(calico.resourcesChart);
    const out = tmp();
    CalicoEbpfDataplane.writeLayers(app, out);
    const kustomizations = readdirSync(join(out, 'calico-flux'))
      .filter((f) => f.startsWith('Kustomization.'))
      .map((f) => parseAllDocuments(readFileSync(join(out, 'calico-flux', f), 'utf8'))[0]!.toJS() as { spec: { path: string } });
    expect(kustomizations.map((k) => k.spec.path).sort()).toEqual(['./clusters/dev/calico-operator', './clusters/dev/calico-resources']);
    // The resources folder is also read by k3s, so its kustomization has the extension-less name.
    for (const k of kustomizations)
      expect(readdirSync(join(out, k.spec.path.replace('./clusters/dev/', '')))).toContainEqual(
        expect.stringMatching(/^(kustomization\.yaml|Kustomization)$/),
      );
  });

  it('writeLayers on a scope without a dataplane says so', () => {
    const app = new App();
    new Chart(app, 'apps');
    expect(() => CalicoEbpfDataplane.writeLayers(app, tmp())).toThrow('the app: no CalicoEbpfDataplane to write');
  });

  it('the k3s flavor: one file per layer in the k3s manifests folder, with the objects of each chart', () => {
    const outdir = tmp();
    const app = new App();
    new CalicoEbpfDataplane(app, 'calico', { gitops: { flavor: 'k3s' } });
    CalicoEbpfDataplane.writeLayers(app, outdir);
    expect(readdirSync(join(outdir, 'calico-k3s-manifests')).sort()).toEqual([
      'calico-k3s-0-namespace.yaml',
      'calico-k3s-1-operator.yaml',
      'calico-resources.yaml',
    ]);
  });
});

describe('calico-ebpf synth --out owns only what it wrote', () => {
  it('removes the layer folders a new configuration no longer writes and leaves other files alone', () => {
    const out = tmp();
    const flux = join(out, 'flux.yaml');
    const argo = join(out, 'argo.yaml');
    writeFileSync(flux, 'gitops:\n  flavor: flux\n');
    writeFileSync(argo, 'gitops:\n  flavor: argocd\n  argocd:\n    repoURL: https://git.example.com/p.git\n');
    mkdirSync(join(out, 'mine'));
    writeFileSync(join(out, 'mine', 'notes.md'), 'keep me');
    const dist = join(out, 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'README.md'), 'user file');
    mkdirSync(join(dist, 'calico-unrelated'));
    expect(runCli(['synth', '--config', flux, '--out', dist]).code).toBe(0);
    expect(existsSync(join(dist, 'calico-flux'))).toBe(true);
    const r = runCli(['synth', '--config', argo, '--out', dist]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `removed ${join(dist, 'calico-flux')}/, ${join(dist, 'calico-operator')}/ (written by an earlier run, no longer part of this configuration)`,
    );
    expect(existsSync(join(dist, 'calico-flux'))).toBe(false);
    expect(existsSync(join(dist, 'calico-argocd'))).toBe(true);
    // Never touched: files and folders it did not write, even ones named like its own.
    expect(readFileSync(join(dist, 'README.md'), 'utf8')).toBe('user file');
    expect(existsSync(join(dist, 'calico-unrelated'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dist, OUTPUT_MANIFEST), 'utf8')).layers).toEqual([
      'calico-k3s-0-namespace',
      'calico-k3s-1-operator',
      'calico-argocd-root',
      'calico-argocd',
      'calico-resources',
      'calico-k3s-manifests',
    ]);
  });

  it('keeps a file the user added to one of its layer folders, across runs and when the layer goes away', () => {
    const out = tmp();
    const flux = join(out, 'flux.yaml');
    const argo = join(out, 'argo.yaml');
    writeFileSync(flux, 'gitops:\n  flavor: flux\n');
    writeFileSync(argo, 'gitops:\n  flavor: argocd\n  argocd:\n    repoURL: https://git.example.com/p.git\n');
    const dist = join(out, 'dist');
    expect(runCli(['synth', '--config', flux, '--out', dist]).code).toBe(0);
    writeFileSync(join(dist, 'calico-resources', 'my-policy.yaml'), 'kind: GlobalNetworkPolicy\n');
    writeFileSync(join(dist, 'calico-flux', 'NOTES.md'), 'ours, not theirs');
    // Again with the same config: the file stays, the run says so, and our files are rewritten.
    const again = runCli(['synth', '--config', flux, '--out', dist]);
    expect(again.stdout).toContain(
      `kept ${join(dist, 'calico-flux', 'NOTES.md')}, ${join(dist, 'calico-resources', 'my-policy.yaml')} (not written by calico-ebpf`,
    );
    expect(readFileSync(join(dist, 'calico-resources', 'my-policy.yaml'), 'utf8')).toBe('kind: GlobalNetworkPolicy\n');
    expect(existsSync(join(dist, 'calico-resources', 'Installation.default.k8s.yaml'))).toBe(true);
    // Switching to Argo CD: our files of calico-flux go, the folder stays for the user's file.
    const r = runCli(['synth', '--config', argo, '--out', dist]);
    expect(r.stdout).toContain(`removed ${join(dist, 'calico-operator')}/ (written by an earlier run`);
    expect(readdirSync(join(dist, 'calico-flux'))).toEqual(['NOTES.md']);
  });

  it('never overwrites a file of the user that has the name of one it is about to write', () => {
    const dist = tmp();
    const cfg = join(dist, '..', `k3s-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(cfg, 'gitops:\n  flavor: k3s\n');
    mkdirSync(join(dist, 'calico-resources'));
    writeFileSync(join(dist, 'calico-resources', 'Installation.default.k8s.yaml'), 'USER DATA');
    const r = runCli(['synth', '--config', cfg, '--out', dist]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `calico-ebpf: --out ${dist}: ${join(dist, 'calico-resources', 'Installation.default.k8s.yaml')} exists but calico-ebpf did not write it; move it away or write to another folder (nothing was written)`,
    );
    expect(readFileSync(join(dist, 'calico-resources', 'Installation.default.k8s.yaml'), 'utf8')).toBe('USER DATA');
    expect(existsSync(join(dist, OUTPUT_MANIFEST))).toBe(false);
  });

  it('refuses an --out that is a file, in one line', () => {
    const file = join(tmp(), 'not-a-folder');
    writeFileSync(file, 'x');
    const r = runCli(['synth', '--config', join(__dirname, 'fixtures', 'example.json'), '--out', file]);
    expect({ code: r.code, stderr: saidBesidesWarnings(r.stderr) }).toEqual({
      code: 1,
      stderr: [`calico-ebpf: --out ${file} is a file, not a folder: give a folder (it is created if missing)`],
    });
  });

  it('ignores a manifest entry that is not a plain folder name', () => {
    const dist = tmp();
    writeFileSync(join(dist, OUTPUT_MANIFEST), JSON.stringify({ layers: ['../escape', '/etc'] }));
    const cfg = join(dist, 'c.yaml');
    writeFileSync(cfg, 'gitops:\n  flavor: k3s\n');
    expect(runCli(['synth', '--config', cfg, '--out', join(dist)]).stdout).not.toContain('removed');
  });
});

describe('gitops.k3s.namespace', () => {
  const bootstrapNamespaces = (props: CalicoEbpfDataplaneProps): unknown[] => {
    const config = resolveCalicoEbpfDataplane(props);
    return renderGitOpsLayers(config, renderCalicoEbpfDataplane(config))
      .find((l) => l.role === 'k3s-namespace')!
      .objects.map((o) => ({ name: o.metadata.name, labels: o.metadata.labels }));
  };

  it('is created, before the HelmChart, when it is neither kube-system nor the operator namespace', () => {
    expect(bootstrapNamespaces({ gitops: { flavor: 'k3s', k3s: { namespace: 'calico-bootstrap' } } })).toEqual([
      expect.objectContaining({ name: 'tigera-operator' }),
      { name: 'calico-bootstrap', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
    ]);
  });

  it('refuses a namespace that belongs to Kubernetes, Calico or a GitOps tool, which the bootstrap would take over', () => {
    expect(() => resolveCalicoEbpfDataplane({ gitops: { flavor: 'k3s', k3s: { namespace: 'argocd' } } })).toThrow(
      `'gitops.k3s.namespace' "argocd" belongs to Kubernetes, Calico or a GitOps tool: the k3s bootstrap creates a namespace it names (privileged, for the helm-install Job) and would take it over; use "kube-system" (the default), the operator namespace, or a namespace of its own`,
    );
  });

  it('is not created when it already exists: kube-system, or the operator namespace', () => {
    expect(bootstrapNamespaces({ gitops: { flavor: 'k3s' } })).toEqual([expect.objectContaining({ name: 'tigera-operator' })]);
    expect(bootstrapNamespaces({ gitops: { flavor: 'k3s', k3s: { namespace: 'tigera-operator' } } })).toEqual([
      expect.objectContaining({ name: 'tigera-operator' }),
    ]);
  });
});

/**
 * The packed tarball in fresh consumer projects, one per toolchain style users have:
 * - `cdk8s init typescript-app` (CommonJS, TypeScript 5.9 `module: CommonJS` = node10 resolution, ts-node), then `cdk8s synth`;
 * - `pulumi new kubernetes-typescript` (CommonJS, `moduleResolution: node`, ts-node), run under the
 *   SDK's mocks (stands in for `pulumi up`: no Pulumi CLI or cluster here);
 * - TypeScript node16 (CommonJS), nodenext (ESM) and bundler resolution, type-checked;
 * - plain `.cjs` and `.mjs` JavaScript, run;
 * - the `calico-ebpf` binary of the installed package.
 * Installs from the npm registry (the same one `npm ci` uses), preferring its local cache.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');
const FIXTURES = join(REPO, 'test', 'fixtures', 'consumers');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };
const dev = (name: string): string => `${name}@${pkg.devDependencies[name]}`;

let root: string;

function run(cmd: string, args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, maxBuffer: 32 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function npmInstall(cwd: string, packages: string[] = []): void {
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...packages], { cwd, stdio: 'pipe' });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'consumers-'));
  // What a user installs: the tarball `npm pack` makes (prepack builds lib-js).
  execFileSync('npm', ['pack', '--silent', '--pack-destination', root], { cwd: REPO, stdio: 'pipe' });
  const tarball = readdirSync(root).find((f) => f.endsWith('.tgz'))!;
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'consumers', private: true }));
  npmInstall(root, [
    join(root, tarball),
    dev('cdk8s'),
    dev('constructs'),
    dev('cdk8s-cli'),
    dev('@pulumi/pulumi'),
    dev('@pulumi/kubernetes'),
    dev('typescript'),
    dev('@types/node'),
  ]);
  cpSync(FIXTURES, root, { recursive: true });
  // The two templates pin their own TypeScript (5.9) and ts-node: each project gets its own copy.
  npmInstall(join(root, 'cdk8s-app'));
  npmInstall(join(root, 'pulumi-program'));
}, 600_000);

describe('the packed package in consumer projects', () => {
  it('ships the built entry points, the typesVersions fallback, LICENSE and CHANGELOG, and no source', () => {
    const installed = join(root, 'node_modules', 'calico-ebpf-constructs');
    for (const f of [
      'lib-js/core/index.js',
      'lib-js/cdk8s/index.d.ts',
      'lib-js/pulumi/index.js',
      'LICENSE',
      'CHANGELOG.md',
      'README.md',
      'bin/calico-ebpf.js',
    ])
      expect(existsSync(join(installed, f))).toBe(true);
    expect(existsSync(join(installed, 'lib', 'core'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.scripts.prepare).toBeUndefined();
    expect(manifest.peerDependencies).not.toHaveProperty('cdk8s-plus-28');
  });

  it.each(['cdk8s-app', 'pulumi-program'])('%s (template-shaped, node10 resolution) type-checks with its own TypeScript', (project) => {
    const dir = join(root, project);
    const r = run(join(dir, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', dir], dir);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each(['node16-cjs', 'nodenext-esm', 'bundler'])('%s type-checks', (project) => {
    const dir = join(root, project);
    const r = run(join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', dir], dir);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('cdk8s synth in the cdk8s-app writes its charts (default output type), the layer folders, and prints the warnings', () => {
    const dir = join(root, 'cdk8s-app');
    const r = run(join(root, 'node_modules', '.bin', 'cdk8s'), ['synth'], dir);
    expect(r.status).toBe(0);
    // cdk8s synth pipes the app's stdout and passes its stderr through, where the warnings go.
    expect(r.stderr).toContain('calico api group crd.projectcalico.org/v1');
    for (const f of [
      'calico-resources/Installation.default.k8s.yaml',
      'calico-resources/FelixConfiguration.node.k3d-dev-agent-0.k8s.yaml',
      'calico-k3s-1-operator/HelmChart.tigera-operator.k8s.yaml',
    ]) {
      expect(existsSync(join(dir, 'gitops', f))).toBe(true);
    }
    // The k3d config beside the GitOps folder, not in it.
    expect(existsSync(join(dir, 'k3d-dev.yaml'))).toBe(true);
    // cdk8s's own output: one file per chart, the layer charts named after their path in the construct.
    expect(readdirSync(join(dir, 'dist'))).toContainEqual(expect.stringMatching(/^calico-resources-[0-9a-f]{8}\.k8s\.yaml$/));
    expect(r.stderr).toContain('warning UNTESTED_DISTRIBUTION (low): k3s and k3d are not among the distributions Calico lists as tested for eBPF');
  });

  it('the pulumi-program runs under mocks and registers the dataplane', () => {
    const dir = join(root, 'pulumi-program');
    const r = run(join(dir, 'node_modules', '.bin', 'ts-node'), ['run-with-mocks.ts'], dir);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { installation: string; registered: string[] };
    expect(out.installation).toBe('default');
    expect(out.registered).toEqual(
      expect.arrayContaining([
        'calico-ebpf:index:CalicoEbpfDataplane calico',
        'kubernetes:helm.sh/v3:Release calico-operator',
        'kubernetes:operator.tigera.io/v1:Installation calico-installation',
        'kubernetes:crd.projectcalico.org/v1:FelixConfiguration agent-0-felix-configuration',
      ]),
    );
  });

  it.each(['index.cjs', 'index.mjs'])('plain JavaScript %s loads every entry point', (file) => {
    const r = run(process.execPath, [file], join(root, 'plain-js'));
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ distribution: 'k3s', layers: 5, pulumi: 'function' });
  });

  it('the installed calico-ebpf binary prints its version and synthesizes', () => {
    const bin = join(root, 'node_modules', '.bin', 'calico-ebpf');
    expect(run(bin, ['--version'], root).stdout).toBe(`${pkg.version}\n`);
    const r = run(bin, ['synth', '--config', join(REPO, 'examples', 'k3d', 'cluster.yaml'), '--out', join(root, 'k3d-out')], root);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('k3d cluster create --config');
  });

  it('a live command of the installed binary loads the official client (an ES module) from the CommonJS build', () => {
    // Port 1 on loopback: nothing listens, so the client's request fails the way an unreachable cluster does.
    const kubeconfig = join(root, 'kubeconfig.yaml');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: x}}]\ncontexts: [{name: ctx, context: {cluster: c, user: u}}]\ncurrent-context: ctx\n',
    );
    const r = run(
      join(root, 'node_modules', '.bin', 'calico-ebpf'),
      ['status', '--config', join(REPO, 'examples', 'k3d', 'cluster.yaml'), '--kubeconfig', kubeconfig],
      root,
    );
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l !== '' && !/^(warning [A-Z_]+ \(|calico-ebpf: \d+ warnings?\b|note: )/.test(l))).toEqual([
      'calico-ebpf status: cannot reach the API server while reading the server version (ECONNREFUSED): check the server address in the kubeconfig and that the cluster is up',
    ]);
    expect(existsSync(join(root, 'node_modules', 'calico-ebpf-constructs', 'docs', 'live.md'))).toBe(true);
  });
});

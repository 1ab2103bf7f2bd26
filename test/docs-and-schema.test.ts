/**
 * Generated artefacts stay true: the config-file JSON Schema equals what the generator makes from
 * the props type (and accepts the examples, refuses a misspelt key), and the API reference builds
 * from the JSDoc with typedoc's validation (broken links fail).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { SCHEMA_PATH, configSchema } from '../scripts/generate-config-schema';

const REPO = join(__dirname, '..');

describe('config file JSON Schema', () => {
  const committed = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(committed);

  it('is what the generator makes from CalicoEbpfDataplaneProps (run npm run generate after changing the props)', () => {
    expect(committed).toEqual(configSchema());
  }, 60_000);

  it.each([
    ['examples/k3d/cluster.yaml', parse(readFileSync(join(REPO, 'examples', 'k3d', 'cluster.yaml'), 'utf8'))],
    ...readdirSync(join(REPO, 'examples', 'distributions')).map(
      (f) => [`examples/distributions/${f}`, parse(readFileSync(join(REPO, 'examples', 'distributions', f), 'utf8'))] as [string, unknown],
    ),
    ['test/fixtures/example.json', JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'example.json'), 'utf8'))],
    [
      'a fleet cluster',
      {
        clusterName: 'medium',
        crdDelivery: 'operator',
        teardown: 'retain',
        gitops: { flavor: 'argocd', argocd: { repoURL: 'https://git.example.com/p.git', operatorSource: 'helmchart' } },
        felix: { scale: { profile: 'medium', nodes: 150 }, kubeProxyMinSyncPeriod: '1500ms' },
      },
    ],
  ])('accepts %s', (_name, doc) => {
    expect(validate(doc)).toBe(true);
  });

  it('refuses a misspelt key and a wrong enum, naming them', () => {
    expect(validate({ distribuion: 'k3s', kubeProxy: 'replaced' })).toBe(false);
    const messages = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
    expect(messages).toMatch(/must NOT have additional properties {"additionalProperty":"distribuion"}/);
    expect(messages).toMatch(/\/kubeProxy must be equal to one of the allowed values/);
  });

  it('is shipped in the package and referenced from the k3d example', () => {
    expect(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).files).toContain('schema');
    expect(readFileSync(join(REPO, 'examples', 'k3d', 'cluster.yaml'), 'utf8')).toContain(
      '# yaml-language-server: $schema=../../schema/calico-ebpf-config.schema.json',
    );
  });
});

describe('API reference', () => {
  it('builds from the JSDoc with typedoc, warnings as errors', () => {
    const out = mkdtempSync(join(tmpdir(), 'apidocs-'));
    const r = execFileSync(process.execPath, [join(REPO, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(r).toMatch(/html generated at/);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('calico-ebpf-constructs');
  }, 120_000);
});

/**
 * Regenerates the compact validation schemas from ../shared/reference (descriptions stripped,
 * shaped for ajv the way the API server validates):
 * - lib/core/generated/crd-schemas-<line>.ts — Calico and operator kinds of each release line
 *   (`calico/` is v3.32.1, `calico-v3.33/` the release-v3.33 branch; shipped: the core checks
 *   escape hatches against the schemas of the chosen version at synth time);
 * - test/fixtures/schemas/gitops-schemas.json — Flux, Argo CD, k3s, Prometheus-operator kinds and
 *   k3d's config schema (tests only), so the conformance suite runs in a clone without ../shared.
 *
 * Shaping: `x-kubernetes-int-or-string` becomes integer-or-string; Go's inline `(?i)` is kept as
 * a `(?i)` prefix (the validator compiles those case-insensitively); properties without
 * `x-kubernetes-preserve-unknown-fields` get `additionalProperties: false`, because the API server
 * would prune an unknown field silently. CEL rules are kept (`x-kubernetes-validations`).
 *
 *   npm run generate
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Schema = Record<string, unknown>;

/** Reference folder of each release line. */
export const LINE_FOLDERS: Readonly<Record<string, string>> = { 'v3.32': 'calico', 'v3.33': 'calico-v3.33' };

/** The Calico and operator CRD files of a line's reference folder. */
export function calicoCrds(folder: string): string[] {
  return [
    `${folder}/operator.tigera.io_installations.yaml`,
    `${folder}/operator.tigera.io_apiservers.yaml`,
    `${folder}/operator.tigera.io_goldmanes.yaml`,
    `${folder}/operator.tigera.io_whiskers.yaml`,
    `${folder}/charts/crd.projectcalico.org.v1/templates/operator.tigera.io_istios.yaml`,
    `${folder}/crd.projectcalico.org_felixconfigurations.yaml`,
    `${folder}/projectcalico.org_felixconfigurations.yaml`,
  ];
}
export const CALICO_CRDS = calicoCrds('calico');
export const GITOPS_CRDS = [
  'gitops/helm.toolkit.fluxcd.io_helmreleases.yaml',
  'gitops/source.toolkit.fluxcd.io_helmrepositories.yaml',
  'gitops/kustomize.toolkit.fluxcd.io_kustomizations.yaml',
  'gitops/application-crd.yaml',
  'gitops/helm.cattle.io_helmcharts.yaml',
  'gitops/monitoring.coreos.com_podmonitors.yaml',
  'gitops/monitoring.coreos.com_servicemonitors.yaml',
  'gitops/monitoring.coreos.com_prometheusrules.yaml',
];

/** The shaping described above, applied to one schema node and its children. */
export function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (typeof node !== 'object' || node === null) return node;
  const src = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'description' || k === 'example') continue;
    out[k] = shape(v);
  }
  if (src['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (typeof src.pattern === 'string' && src.pattern.startsWith('^(?i)')) out.pattern = `(?i)${src.pattern.replace('^(?i)', '^')}`;
  if (src.properties && src['x-kubernetes-preserve-unknown-fields'] !== true && src.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}

/** `<group>/<version>:<Kind>` → shaped schema, for every served version of the CRD files. */
export function crdSchemas(referenceDir: string, files: readonly string[]): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const f of files) {
    const crd = parse(readFileSync(join(referenceDir, f), 'utf8'));
    for (const v of crd.spec.versions as Array<{ name: string; served: boolean; schema: { openAPIV3Schema: Schema } }>) {
      if (!v.served) continue;
      const schema = shape(v.schema.openAPIV3Schema) as Schema;
      // The API server fills metadata itself; the checks only need it to be an object.
      if (schema.properties) (schema.properties as Schema).metadata = { type: 'object' };
      out[`${crd.spec.group}/${v.name}:${crd.spec.names.kind}`] = schema;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** JSON type of a default value in the chart's values.yaml. */
function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v === 'number' ? 'number' : typeof v;
}

/** `.Values.a` and `.Values.a.b` paths the chart's templates read. */
function templateValuePaths(chartDir: string): string[][] {
  const paths = new Set<string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        for (const m of readFileSync(path, 'utf8').matchAll(/\.Values\.([A-Za-z0-9_]+)(?:\.([A-Za-z0-9_]+))?/g))
          paths.add(m[2] ? `${m[1]}.${m[2]}` : m[1]!);
    }
  };
  walk(join(chartDir, 'templates'));
  return [...paths].sort().map((p) => p.split('.'));
}

/**
 * A schema of the tigera-operator chart's values (the chart ships none): each top-level key with
 * the type of its default in values.yaml, plus the keys the templates read that values.yaml lacks
 * (`dnsPolicy`, `dnsConfig`, `tigeraOperator.env`, 3.33's `tigeraOperator.imagePullPolicy`);
 * objects whose keys are fixed (tigeraOperator, calicoctl) list them. Maps the user fills
 * (nodeSelector, resources, …) stay open.
 */
export function chartValuesSchema(referenceDir: string, folder = 'calico'): Schema {
  const chartDir = join(referenceDir, folder, 'charts', 'tigera-operator');
  const values = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
  const read = templateValuePaths(chartDir);
  const properties: Record<string, Schema> = {};
  for (const [k, v] of Object.entries(values)) {
    const t = typeOf(v);
    properties[k] = t === 'null' ? {} : { type: t === 'number' ? 'number' : t };
  }
  properties.dnsPolicy = { type: 'string', enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] };
  properties.dnsConfig = { type: 'object' };
  const fixed = (key: string, extra: Record<string, Schema> = {}): Schema => {
    const obj = values[key] as Record<string, unknown>;
    // Sub-keys the templates read without a default in values.yaml are strings (image policies, tags).
    const unlisted = read
      .filter((p) => p[0] === key && p[1] !== undefined && !(p[1] in obj) && !(p[1] in extra))
      .map((p) => [p[1]!, { type: 'string' }]);
    return {
      type: 'object',
      additionalProperties: false,
      properties: { ...Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, { type: typeOf(v) }])), ...Object.fromEntries(unlisted), ...extra },
    };
  };
  properties.tigeraOperator = fixed('tigeraOperator', { env: { type: 'array', items: { type: 'object', required: ['name'] } } });
  if (properties.tigeraOperator.properties && (properties.tigeraOperator.properties as Schema).imagePullPolicy) {
    (properties.tigeraOperator.properties as Schema).imagePullPolicy = { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] };
  }
  properties.calicoctl = fixed('calicoctl');
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

const LINE_SOURCES: Readonly<Record<string, string>> = {
  'v3.32': 'Calico v3.32.1, operator v1.42.3',
  'v3.33': 'Calico release-v3.33 at 6609dea5, operator release-v1.44',
};

export function generatedCrdModule(schemas: Record<string, Schema>, line = 'v3.32'): string {
  return `/* Generated by scripts/generate-schemas.ts from ../shared/reference (${LINE_SOURCES[line]}); do not edit. */
/** Compact OpenAPI schemas of the Calico and operator kinds the library writes (${line} line), by \`group/version:Kind\`. */
export const CRD_SCHEMAS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = ${JSON.stringify(schemas)};
`;
}

export function gitopsFixture(referenceDir: string): string {
  const k3d = JSON.parse(readFileSync(join(referenceDir, 'k3d', 'config-v1alpha5.schema.json'), 'utf8')) as Schema;
  delete k3d.$schema;
  return `${JSON.stringify({ ...crdSchemas(referenceDir, GITOPS_CRDS), 'k3d.io/v1alpha5:Simple': k3d })}\n`;
}

/** What lib/core/generated/crd-schemas-<line>.ts holds: the Calico/operator kinds and the chart's values. */
export function allCoreSchemas(referenceDir: string, line = 'v3.32'): Record<string, Schema> {
  const folder = LINE_FOLDERS[line]!;
  return { ...crdSchemas(referenceDir, calicoCrds(folder)), 'tigera-operator:values': chartValuesSchema(referenceDir, folder) };
}

export const crdModulePath = (line: string): string => join(__dirname, '..', 'lib', 'core', 'generated', `crd-schemas-${line}.ts`);
export const GITOPS_FIXTURE_PATH = join(__dirname, '..', 'test', 'fixtures', 'schemas', 'gitops-schemas.json');

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { REFERENCE_DIR } = require('../test/support/reference') as { REFERENCE_DIR?: string };
  if (!REFERENCE_DIR) throw new Error('../shared/reference is missing; set CALICO_REFERENCE_DIR');
  for (const line of Object.keys(LINE_FOLDERS)) writeFileSync(crdModulePath(line), generatedCrdModule(allCoreSchemas(REFERENCE_DIR, line), line));
  mkdirSync(join(GITOPS_FIXTURE_PATH, '..'), { recursive: true });
  writeFileSync(GITOPS_FIXTURE_PATH, gitopsFixture(REFERENCE_DIR));
  console.log(`wrote ${Object.keys(LINE_FOLDERS).map(crdModulePath).join(', ')} and ${GITOPS_FIXTURE_PATH}`);
}

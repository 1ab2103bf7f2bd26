/**
 * Regenerates the compact validation schemas from ../shared/reference (descriptions stripped,
 * shaped for ajv the way the API server validates):
 * - lib/core/generated/crd-schemas.ts — Calico and operator kinds (shipped: the core checks escape
 *   hatches against them at synth time);
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
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Schema = Record<string, unknown>;

export const CALICO_CRDS = [
  'calico/operator.tigera.io_installations.yaml',
  'calico/operator.tigera.io_apiservers.yaml',
  'calico/operator.tigera.io_goldmanes.yaml',
  'calico/operator.tigera.io_whiskers.yaml',
  'calico/charts/crd.projectcalico.org.v1/templates/operator.tigera.io_istios.yaml',
  'calico/crd.projectcalico.org_felixconfigurations.yaml',
  'calico/projectcalico.org_felixconfigurations.yaml',
];
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
  if (src.properties && src['x-kubernetes-preserve-unknown-fields'] !== true && src.additionalProperties === undefined) out.additionalProperties = false;
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

/**
 * A schema of the tigera-operator chart's values (the chart ships none): each top-level key with
 * the type of its default in values.yaml, plus the keys the templates read that values.yaml lacks
 * (`dnsPolicy`, `dnsConfig`, `tigeraOperator.env`); objects whose keys are fixed (tigeraOperator,
 * calicoctl) list them. Maps the user fills (nodeSelector, resources, …) stay open.
 */
export function chartValuesSchema(referenceDir: string): Schema {
  const values = parse(readFileSync(join(referenceDir, 'calico', 'charts', 'tigera-operator', 'values.yaml'), 'utf8')) as Record<string, unknown>;
  const properties: Record<string, Schema> = {};
  for (const [k, v] of Object.entries(values)) {
    const t = typeOf(v);
    properties[k] = t === 'null' ? {} : { type: t === 'number' ? 'number' : t };
  }
  properties.dnsPolicy = { type: 'string', enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] };
  properties.dnsConfig = { type: 'object' };
  const fixed = (obj: Record<string, unknown>, extra: Record<string, Schema> = {}): Schema => ({
    type: 'object',
    additionalProperties: false,
    properties: { ...Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, { type: typeOf(v) }])), ...extra },
  });
  properties.tigeraOperator = fixed(values.tigeraOperator as Record<string, unknown>, { env: { type: 'array', items: { type: 'object', required: ['name'] } } });
  properties.calicoctl = fixed(values.calicoctl as Record<string, unknown>);
  return { type: 'object', additionalProperties: false, properties: Object.fromEntries(Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : 1))) };
}

export function generatedCrdModule(schemas: Record<string, Schema>): string {
  return `/* Generated by scripts/generate-schemas.ts from ../shared/reference (Calico v3.32.1, operator v1.42.3); do not edit. */
/** Compact OpenAPI schemas of the Calico and operator kinds the library writes, by \`group/version:Kind\`. */
export const CRD_SCHEMAS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = ${JSON.stringify(schemas)};
`;
}

export function gitopsFixture(referenceDir: string): string {
  const k3d = JSON.parse(readFileSync(join(referenceDir, 'k3d', 'config-v1alpha5.schema.json'), 'utf8')) as Schema;
  delete k3d.$schema;
  return `${JSON.stringify({ ...crdSchemas(referenceDir, GITOPS_CRDS), 'k3d.io/v1alpha5:Simple': k3d })}\n`;
}

/** What lib/core/generated/crd-schemas.ts holds: the Calico/operator kinds and the chart's values. */
export function allCoreSchemas(referenceDir: string): Record<string, Schema> {
  return { ...crdSchemas(referenceDir, CALICO_CRDS), 'tigera-operator:values': chartValuesSchema(referenceDir) };
}

export const CRD_MODULE_PATH = join(__dirname, '..', 'lib', 'core', 'generated', 'crd-schemas.ts');
export const GITOPS_FIXTURE_PATH = join(__dirname, '..', 'test', 'fixtures', 'schemas', 'gitops-schemas.json');

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { REFERENCE_DIR } = require('../test/support/reference') as { REFERENCE_DIR?: string };
  if (!REFERENCE_DIR) throw new Error('../shared/reference is missing; set CALICO_REFERENCE_DIR');
  writeFileSync(CRD_MODULE_PATH, generatedCrdModule(allCoreSchemas(REFERENCE_DIR)));
  mkdirSync(join(GITOPS_FIXTURE_PATH, '..'), { recursive: true });
  writeFileSync(GITOPS_FIXTURE_PATH, gitopsFixture(REFERENCE_DIR));
  console.log(`wrote ${CRD_MODULE_PATH} and ${GITOPS_FIXTURE_PATH}`);
}

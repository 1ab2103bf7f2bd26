/**
 * Validates rendered objects against the upstream CRD OpenAPI schemas with ajv, made to behave
 * like the API server where it matters:
 * - `(?i)` Go inline flags: stripped, the pattern compiled case-insensitively;
 * - `x-kubernetes-int-or-string`: integer or string;
 * - unknown fields: flagged (`additionalProperties: false`) wherever properties are listed and
 *   unknown fields are not preserved, because the API server would prune them silently;
 * - `cidr` format: checked.
 * CEL rules (`x-kubernetes-validations`) are not evaluated here.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseCidr } from '../../lib/core/validation/cidr';
import { CRD_SCHEMAS } from '../../lib/core/generated/crd-schemas';

const GITOPS_FIXTURE = join(__dirname, '..', 'fixtures', 'schemas', 'gitops-schemas.json');

type Schema = Record<string, unknown>;

function transform(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(transform);
  if (typeof node !== 'object' || node === null) return node;
  const src = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'description') continue;
    out[k] = transform(v);
  }
  if (src['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (typeof src.pattern === 'string' && src.pattern.startsWith('^(?i)')) {
    out.pattern = `(?i)${src.pattern.replace('^(?i)', '^')}`;
  }
  if (src.properties && src['x-kubernetes-preserve-unknown-fields'] !== true && src.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

export class CrdValidator {
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv: Ajv;

  public constructor(private readonly referenceDir: string) {
    this.ajv = new Ajv({
      strict: false,
      strictTypes: false,
      allErrors: true,
      // Our transformed "(?i)..." patterns become case-insensitive JS regexes.
      code: {
        regExp: ((pattern: string, flags: string) => {
          const ci = pattern.startsWith('(?i)');
          return new RegExp(ci ? pattern.slice(4) : pattern, ci ? `${flags}i` : flags);
        }) as never,
      },
    });
    addFormats(this.ajv);
    this.ajv.addFormat('cidr', { type: 'string', validate: (s: string) => parseCidr(s) !== undefined });
  }

  /** A validator with every upstream schema the output is checked against (CRDs and k3d's config). */
  public static forReference(referenceDir: string): CrdValidator {
    const validator = new CrdValidator(referenceDir);
    for (const f of CRD_FILES) validator.load(f);
    validator.loadJsonSchema('k3d/config-v1alpha5.schema.json', 'k3d.io/v1alpha5', 'Simple');
    return validator;
  }

  /**
   * The same schemas from the project's generated copies (lib/core/generated/crd-schemas.ts and
   * test/fixtures/schemas/gitops-schemas.json), so the suite runs in a clone without ../shared.
   */
  public static fromGenerated(): CrdValidator {
    const validator = new CrdValidator('');
    const all = { ...CRD_SCHEMAS, ...(JSON.parse(readFileSync(GITOPS_FIXTURE, 'utf8')) as Record<string, Schema>) };
    for (const [key, schema] of Object.entries(all)) validator.validators.set(key, validator.ajv.compile(schema));
    return validator;
  }

  /** Registers a CRD file (path relative to the reference dir). */
  public load(relPath: string): void {
    const crd = parse(readFileSync(join(this.referenceDir, relPath), 'utf8'));
    const group = crd.spec.group as string;
    for (const v of crd.spec.versions as Array<{ name: string; served: boolean; schema: { openAPIV3Schema: Schema } }>) {
      if (!v.served) continue;
      const schema = transform(v.schema.openAPIV3Schema) as Schema;
      // The API server fills metadata itself; validate only that it is an object.
      if (schema.properties) (schema.properties as Schema).metadata = { type: 'object' };
      this.validators.set(`${group}/${v.name}:${crd.spec.names.kind}`, this.ajv.compile(schema));
    }
  }

  /** Registers a plain JSON Schema (e.g. k3d's config schema) for an apiVersion/kind. */
  public loadJsonSchema(relPath: string, apiVersion: string, kind: string): void {
    const schema = JSON.parse(readFileSync(join(this.referenceDir, relPath), 'utf8')) as Schema;
    delete schema.$schema;
    this.validators.set(`${apiVersion}:${kind}`, this.ajv.compile(schema));
  }

  public has(obj: { apiVersion: string; kind: string }): boolean {
    return this.validators.has(`${obj.apiVersion}:${obj.kind}`);
  }

  /** Error strings for `obj`; empty when valid. Throws when no schema is registered for its kind. */
  public errors(obj: { apiVersion: string; kind: string; metadata?: { name?: string } }): string[] {
    const v = this.validators.get(`${obj.apiVersion}:${obj.kind}`);
    if (!v) throw new Error(`no CRD schema loaded for ${obj.apiVersion} ${obj.kind}`);
    const valid: boolean = v(obj as unknown);
    if (valid) return [];
    return (v.errors ?? []).map((e) => `${obj.kind}/${obj.metadata?.name}: ${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  }
}

export const CRD_FILES = [
  'calico/operator.tigera.io_installations.yaml',
  'calico/operator.tigera.io_apiservers.yaml',
  'calico/operator.tigera.io_goldmanes.yaml',
  'calico/operator.tigera.io_whiskers.yaml',
  'calico/charts/crd.projectcalico.org.v1/templates/operator.tigera.io_istios.yaml',
  'calico/crd.projectcalico.org_felixconfigurations.yaml',
  'calico/projectcalico.org_felixconfigurations.yaml',
  'gitops/helm.toolkit.fluxcd.io_helmreleases.yaml',
  'gitops/source.toolkit.fluxcd.io_helmrepositories.yaml',
  'gitops/kustomize.toolkit.fluxcd.io_kustomizations.yaml',
  'gitops/application-crd.yaml',
  'gitops/helm.cattle.io_helmcharts.yaml',
  'gitops/monitoring.coreos.com_podmonitors.yaml',
  'gitops/monitoring.coreos.com_servicemonitors.yaml',
  'gitops/monitoring.coreos.com_prometheusrules.yaml',
];

/**
 * Validates rendered objects against the upstream schemas the project carries — the CRDs of the
 * Calico/operator kinds (lib/core/generated/crd-schemas.ts), the GitOps and Prometheus-operator
 * CRDs and k3d's config schema (test/fixtures/schemas/gitops-schemas.json) — all generated from
 * ../shared/reference by scripts/generate-schemas.ts, with ajv set up the way the core uses it
 * (Go's `(?i)` patterns, int-or-string, unknown fields flagged because the API server would prune
 * them silently). CEL rules are checked separately (lib/core/validation/cel.ts).
 */
import type { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CALICO_VERSION, lineOf, type CalicoLine } from '../../lib/core/internal';
import { compileSchema, crdSchema } from '../../lib/core/validation/schemas';

const GITOPS_FIXTURE = join(__dirname, '..', 'fixtures', 'schemas', 'gitops-schemas.json');
const CALICO_KINDS = [
  'crd.projectcalico.org/v1:FelixConfiguration',
  'projectcalico.org/v3:FelixConfiguration',
  'operator.tigera.io/v1:Installation',
  'operator.tigera.io/v1:APIServer',
  'operator.tigera.io/v1:Goldmane',
  'operator.tigera.io/v1:Whisker',
  'operator.tigera.io/v1:Istio',
];

export class CrdValidator {
  /** Every kind the output contains, from the project's generated schemas of a release line (no ../shared needed). */
  public static fromGenerated(line: CalicoLine = lineOf(DEFAULT_CALICO_VERSION)!): CrdValidator {
    const calico = Object.fromEntries(CALICO_KINDS.map((k) => [k, crdSchema(line, k)]).filter(([, v]) => v !== undefined));
    const all = { ...calico, ...(JSON.parse(readFileSync(GITOPS_FIXTURE, 'utf8')) as Record<string, Record<string, unknown>>) };
    const validator = new CrdValidator();
    for (const [key, schema] of Object.entries(all)) {
      if (key.includes(':') && !key.startsWith('tigera-operator:')) validator.validators.set(key, compileSchema(schema as Record<string, unknown>));
    }
    return validator;
  }

  private readonly validators = new Map<string, ValidateFunction>();

  public has(obj: { apiVersion: string; kind: string }): boolean {
    return this.validators.has(`${obj.apiVersion}:${obj.kind}`);
  }

  /** Error strings for `obj`; empty when valid. Throws when no schema is registered for its kind. */
  public errors(obj: { apiVersion: string; kind: string; metadata?: { name?: string } }): string[] {
    const v = this.validators.get(`${obj.apiVersion}:${obj.kind}`);
    if (!v) throw new Error(`no schema loaded for ${obj.apiVersion} ${obj.kind}`);
    if (v(obj as unknown)) return [];
    return (v.errors ?? []).map(
      (e) =>
        `${obj.kind}/${obj.metadata?.name}: ${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    );
  }
}

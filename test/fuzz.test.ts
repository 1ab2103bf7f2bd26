/**
 * Fuzzing the dataplane props (fast-check): every prop, with valid values, near-miss values, wrong
 * types, unknown keys, huge and empty inputs. Properties:
 * - resolve + render + GitOps layers either return objects the upstream schemas accept, or throw
 *   exactly one CalicoValidationError — never another exception, never a partial result;
 * - the output is deterministic (same props, same YAML).
 * The slowest case is printed, not asserted (no timing assertions in tests; bench/ reports times).
 *
 *   FUZZ_RUNS=10000 npx jest test/fuzz    # npm run fuzz
 */
import fc from 'fast-check';
import {
  CalicoValidationError,
  objectToYaml,
  renderCalicoEbpfDataplane,
  renderFelixConfiguration,
  renderGitOpsLayers,
  resolveCalicoEbpfDataplane,
  resolveFelixBpfTuning,
  type KubeObject,
} from '../lib/core/internal';
import { felix, props } from './support/arbitraries';
import { CrdValidator } from './support/crd-validator';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

function synthesizeTuning(input: unknown): KubeObject {
  return renderFelixConfiguration(resolveFelixBpfTuning(input as never));
}

function synthesize(input: unknown): KubeObject[] {
  const config = resolveCalicoEbpfDataplane(input as never);
  return renderGitOpsLayers(config, renderCalicoEbpfDataplane(config)).flatMap((l) => l.objects);
}

const validator = CrdValidator.fromGenerated();

describe(`fuzzed dataplane props (${RUNS} runs)`, () => {
  it('give schema-valid objects or exactly one CalicoValidationError, deterministically', () => {
    let valid = 0;
    let refused = 0;
    let slowestMs = 0;
    fc.assert(
      fc.property(props, (input) => {
        const start = Date.now();
        let objects: KubeObject[] | undefined;
        try {
          objects = synthesize(input);
        } catch (e) {
          // The only acceptable failure, with at least one problem and a bounded message.
          if (!CalicoValidationError.isCalicoValidationError(e)) throw e;
          refused++;
          expect(e.problems.length).toBeGreaterThan(0);
          expect(e.message.length).toBeLessThan(50_000);
        }
        slowestMs = Math.max(slowestMs, Date.now() - start);
        if (!objects) return;
        valid++;
        for (const obj of objects) {
          expect(typeof obj.metadata.name).toBe('string');
          if (validator.has(obj)) expect([obj.kind, validator.errors(obj)]).toEqual([obj.kind, []]);
        }
        // Deterministic: the same props give the same YAML.
        expect(synthesize(input).map(objectToYaml)).toEqual(objects.map(objectToYaml));
      }),
      { numRuns: RUNS },
    );
    // Both branches are exercised: the generators are not all-junk or all-valid.
    console.log(
      `fuzz: ${valid} valid configurations rendered and schema-checked, ${refused} refused with one CalicoValidationError; slowest case ${slowestMs} ms`,
    );
    expect(valid).toBeGreaterThan(RUNS / 20);
    expect(refused).toBeGreaterThan(RUNS / 20);
  });

  it('standalone FelixBpfTuning props give a schema-valid FelixConfiguration or exactly one CalicoValidationError', () => {
    fc.assert(
      fc.property(felix, (input) => {
        let obj: KubeObject | undefined;
        try {
          obj = synthesizeTuning(input);
        } catch (e) {
          if (!CalicoValidationError.isCalicoValidationError(e)) throw e;
          return;
        }
        expect(validator.errors(obj)).toEqual([]);
        expect(objectToYaml(synthesizeTuning(input))).toBe(objectToYaml(obj));
      }),
      { numRuns: RUNS },
    );
  });
});

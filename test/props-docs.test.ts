/**
 * Every optional prop says what leaving it out means: an `@default` JSDoc tag on each optional
 * member of the props interfaces (nested structs included), as aws-cdk and cdk8s-plus document
 * theirs. The API reference and the config schema's editor hovers show it.
 */
import { join } from 'node:path';
import * as ts from 'typescript';

const REPO = join(__dirname, '..');
const PROPS_FILES = [
  'lib/core/dataplane/dataplane-props.ts',
  'lib/core/dataplane/dataplane-structs.ts',
  'lib/core/dataplane/installation-props.ts',
  'lib/core/gitops/gitops-props.ts',
  'lib/core/felix/felix-props.ts',
  'lib/core/meshes/mesh-props.ts',
  'lib/core/observability/observability-props.ts',
  'lib/core/sizing/cluster-scale.ts',
].map((f) => join(REPO, f));

describe('props documentation', () => {
  const program = ts.createProgram(PROPS_FILES, { target: ts.ScriptTarget.ES2022, strict: true });
  program.getTypeChecker(); // binds the files, which sets the parent links JSDoc lookups need

  /** `Interface.member` of every optional member of the exported props interfaces (not the resolved views). */
  const optionalMembers = (withDefault: boolean): string[] =>
    PROPS_FILES.flatMap((file) =>
      program
        .getSourceFile(file)!
        .statements.filter(ts.isInterfaceDeclaration)
        .filter((i) => i.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) && !i.name.text.startsWith('Resolved'))
        .flatMap((i) =>
          i.members
            .filter(ts.isPropertySignature)
            .filter((m) => m.questionToken !== undefined)
            .filter((m) => ts.getJSDocTags(m).some((t) => t.tagName.text === 'default') === withDefault)
            .map((m) => `${i.name.text}.${m.name.getText()}`),
        ),
    );

  it('finds the props (the check is not empty)', () => {
    expect(optionalMembers(true).length).toBeGreaterThan(150);
    expect(optionalMembers(true)).toEqual(
      expect.arrayContaining(['CalicoEbpfDataplaneProps.kubeProxy', 'FelixBpfTuningProps.scale', 'Toleration.operator']),
    );
  });

  it('has @default on every optional prop, nested structs included', () => {
    expect(optionalMembers(false)).toEqual([]);
  });
});

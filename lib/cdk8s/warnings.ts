import type { Construct } from 'constructs';

/**
 * @internal Prints a construct's warnings to stderr once, when the app synthesizes (cdk8s validates
 * every construct during `app.synth()`), so a plain cdk8s app shows them without any code of its own.
 */
export function printWarningsAtSynth(scope: Construct, warnings: () => readonly string[]): void {
  let printed = false;
  scope.node.addValidation({
    validate: () => {
      if (!printed) {
        printed = true;
        for (const w of warnings()) process.stderr.write(`warning: ${scope.node.path}: ${w}\n`);
      }
      return [];
    },
  });
}

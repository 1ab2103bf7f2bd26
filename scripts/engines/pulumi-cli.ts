/**
 * npm run pulumi -- <args>   the real Pulumi CLI (built from its Go module) against the local control plane
 *
 * State in a file backend under `.tools/run/<instance>/pulumi/` (git-ignored), the kubernetes
 * provider on PATH, KUBECONFIG of the instance (`dev`, or CLUSTER_INSTANCE; `npm run cluster:up`
 * starts it). Every command runs in the project folder the Automation API wrote.
 *
 * `preview`, `up`, `refresh` and `destroy` need a program: the Node language host is not served by
 * the Go module proxy (see scripts/engines/pulumi.ts), so these run the program given by
 * `--program FILE` (default examples/pulumi/index.ts) through the Automation API, on `--stack NAME`
 * (default dev), and print the engine's own output. Everything else goes to the CLI as is:
 * `npm run pulumi -- stack export`, `npm run pulumi -- config set scale medium`, …
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { moduleProgram, ensurePulumiBuilt, openStack, pulumiEnv, pulumiPaths, skipReleaseAwait } from './pulumi';

const PROGRAM_COMMANDS = new Set(['preview', 'up', 'update', 'refresh', 'destroy']);

async function main(argv: readonly string[]): Promise<number> {
  const instance = process.env.CLUSTER_INSTANCE ?? 'dev';
  const engine = ensurePulumiBuilt();
  const env = pulumiEnv(instance, engine);
  const [command] = argv;
  if (!command || !PROGRAM_COMMANDS.has(command)) {
    const r = spawnSync(engine.cli, argv, { cwd: pulumiPaths(instance).work, env: { ...process.env, ...env }, stdio: 'inherit' });
    return r.status ?? 1;
  }
  const { values } = parseArgs({
    args: argv.slice(1),
    options: {
      stack: { type: 'string', short: 's', default: 'dev' },
      program: { type: 'string', default: 'examples/pulumi/index.ts' },
      yes: { type: 'boolean', short: 'y' },
      diff: { type: 'boolean' },
    },
  });
  const stack = await openStack(instance, engine, {
    projectName: 'calico-ebpf-example',
    stackName: values.stack!,
    // No pod becomes ready on this control plane: the release does not wait for one.
    program: moduleProgram({ main: values.program!, transforms: [skipReleaseAwait] }),
  });
  const onOutput = (s: string): void => void process.stdout.write(s);
  const common = { onOutput, ...(values.diff ? { diff: true } : {}) };
  if (command === 'preview') await stack.preview(common);
  else if (command === 'refresh') await stack.refresh({ onOutput });
  else if (command === 'destroy') await stack.destroy({ onOutput });
  else await stack.up(common);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`error: ${e.message.split('\n').slice(0, 20).join('\n')}`);
    process.exit(1);
  },
);

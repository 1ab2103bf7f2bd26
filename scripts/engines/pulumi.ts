/**
 * The real Pulumi engine over a local control plane: the CLI and the kubernetes provider built from
 * their Go modules (scripts/cluster/engine-components.ts), a file backend and a Pulumi home in the
 * instance's git-ignored folder, the provider found on PATH (an "ambient" plugin, so nothing is
 * downloaded), and the program given to the engine by `@pulumi/pulumi`'s Automation API.
 *
 * Why the Automation API: the Node language host `pulumi-language-nodejs` is a nested module the
 * Go module proxy does not serve, so `pulumi up` from a shell cannot start a Node program here.
 * The Automation API serves the program to the same CLI from this process (`pulumi up
 * --client=127.0.0.1:<port>`, its inline-program path); the engine, the provider, the state and the
 * cluster are the ones `pulumi up` uses. What this leaves untested is the language host's own part:
 * compiling the project's TypeScript with its tsconfig and installing its dependencies.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LocalWorkspace, PulumiCommand, type Stack } from '@pulumi/pulumi/automation';
import * as pulumi from '@pulumi/pulumi';
import { PULUMI_KUBERNETES_VERSION, PULUMI_VERSION, pulumiKubernetesProgram, pulumiProgram } from '../cluster/engine-components';
import { ensureBuilt } from '../cluster/go-build';
import { instancePaths } from '../cluster/instance';

export interface PulumiEngine {
  readonly cli: string;
  readonly provider: string;
  /** The versions, first line of what `npm run e2e -- pulumi` prints. */
  readonly describe: string;
}

export function ensurePulumiBuilt(): PulumiEngine {
  const cli = ensureBuilt(pulumiProgram()).path;
  const provider = ensureBuilt(pulumiKubernetesProgram()).path;
  return {
    cli,
    provider,
    describe: `pulumi ${PULUMI_VERSION}, pulumi-kubernetes provider ${PULUMI_KUBERNETES_VERSION} (both built from Go modules)`,
  };
}

export function pulumiPaths(instance: string) {
  const dir = join(instancePaths(instance).dir, 'pulumi');
  return { dir, home: join(dir, 'home'), state: join(dir, 'state'), work: join(dir, 'project') };
}

/** The environment of every pulumi command here: local state, no downloads, this cluster. */
export function pulumiEnv(instance: string, engine: PulumiEngine): Record<string, string> {
  const paths = pulumiPaths(instance);
  for (const d of [paths.home, paths.state, paths.work]) mkdirSync(d, { recursive: true });
  return {
    PULUMI_HOME: paths.home,
    PULUMI_BACKEND_URL: `file://${paths.state}`,
    // The passphrase secrets provider with a fixed, non-secret passphrase: the state is throwaway.
    PULUMI_CONFIG_PASSPHRASE: 'local-control-plane',
    PATH: [dirname(engine.provider), dirname(engine.cli), process.env.PATH ?? ''].join(':'),
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    // A plugin that is not on PATH fails the command instead of being downloaded.
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
    KUBECONFIG: instancePaths(instance).kubeconfig,
  };
}

export interface ProgramOptions {
  /** A module whose top level declares the resources (an example's index.ts). */
  readonly main: string;
  /**
   * Stack transforms registered before the module runs: Pulumi's own way to change resources a
   * component creates (used here to tell the Helm release not to wait for pods that cannot run).
   */
  readonly transforms?: readonly pulumi.ResourceTransform[];
}

/** The program as the Automation API wants it: the module loaded afresh for every operation. */
export function moduleProgram(opts: ProgramOptions): () => Promise<Record<string, unknown>> {
  const main = require.resolve(resolve(opts.main));
  return async () => {
    for (const t of opts.transforms ?? []) pulumi.runtime.registerResourceTransform(t);
    delete require.cache[main];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(main) as Record<string, unknown>;
  };
}

/**
 * Tells each Helm release not to wait for its workloads to become ready: none can here (no
 * kubelet). A stack transform, so the component under test is unchanged; users with a slow first
 * image pull have the same knob.
 */
export const skipReleaseAwait: pulumi.ResourceTransform = (a) =>
  a.type === 'kubernetes:helm.sh/v3:Release' ? { props: { ...a.props, skipAwait: true }, opts: a.opts } : undefined;

export async function openStack(
  instance: string,
  engine: PulumiEngine,
  opts: { projectName: string; stackName: string; program: () => Promise<Record<string, unknown>> },
): Promise<Stack> {
  const env = pulumiEnv(instance, engine);
  const pulumiCommand = await PulumiCommand.get({ root: dirname(dirname(engine.cli)) });
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: opts.projectName, stackName: opts.stackName, program: opts.program },
    {
      workDir: pulumiPaths(instance).work,
      pulumiHome: env.PULUMI_HOME,
      envVars: env,
      pulumiCommand,
      projectSettings: { name: opts.projectName, runtime: 'nodejs', backend: { url: env.PULUMI_BACKEND_URL } },
    },
  );
  return stack;
}

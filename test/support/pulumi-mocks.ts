/**
 * Pulumi mocks: import this first in a Pulumi test file, so setMocks runs before any resource is
 * created. Every registration (and every warning logged) is recorded for assertions.
 */
import * as pulumi from '@pulumi/pulumi';

export const registered: pulumi.runtime.MockResourceArgs[] = [];

/** What a `pulumi.StackReference` reads in tests (the other stack's outputs). */
export const stackOutputs: Record<string, unknown> = {};

pulumi.runtime.setMocks(
  {
    newResource(args) {
      registered.push(args);
      if (args.type === 'pulumi:pulumi:StackReference') return { id: args.name, state: { name: args.name, outputs: stackOutputs } };
      const state =
        args.type === 'kubernetes:helm.sh/v3:Release' ? { ...args.inputs, status: { status: 'deployed', name: args.inputs.name } } : args.inputs;
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      return args.inputs;
    },
  },
  'project',
  'stack',
  false,
);

/** Messages passed to `pulumi.log.warn`, with the resource they were attached to (kept off the test output). */
export const warned: { message: string; resource: pulumi.Resource | undefined }[] = [];
pulumi.log.warn = (message: string, resource?: pulumi.Resource): Promise<void> => {
  warned.push({ message, resource });
  return Promise.resolve();
};

export function resetRegistrations(): void {
  registered.length = 0;
  warned.length = 0;
}

/** Resolves an Output in a test (mocks resolve them asynchronously). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Waits until every resource created so far is registered with the mock monitor. */
export async function settle(resources: pulumi.Resource[]): Promise<void> {
  await Promise.all(resources.map((r) => valueOf(r.urn)));
}

import * as pulumi from '@pulumi/pulumi';
import { CalicoValidationError } from '../core/internal';

/** Runs a core resolver; its validation error becomes a ResourceError attached to the component. */
export function resolveFor<T>(resource: pulumi.Resource, resolve: () => T): T {
  try {
    return resolve();
  } catch (e) {
    if (CalicoValidationError.isCalicoValidationError(e)) throw new pulumi.ResourceError(e.message, resource);
    throw e;
  }
}

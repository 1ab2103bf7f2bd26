import { CalicoValidationError } from '../../lib/core/internal';

/** Runs `fn`, which must throw a CalicoValidationError, and returns it (fails the test otherwise). */
export function validationErrorOf(fn: () => unknown): CalicoValidationError {
  try {
    fn();
  } catch (e) {
    if (CalicoValidationError.isCalicoValidationError(e)) return e;
    throw e;
  }
  throw new Error('expected a CalicoValidationError');
}

import { isJwtKitError, type JwtKitError } from '../../src/errors';

/** The JwtKitError that `fn` throws; fails the test if it returns or throws anything else. */
export function thrownBy(fn: () => unknown): JwtKitError {
  try {
    fn();
  } catch (error) {
    if (isJwtKitError(error)) return error;
    throw error;
  }
  throw new Error('expected a JwtKitError');
}

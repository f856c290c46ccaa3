import { JwtKitError, isJwtKitError } from '../errors';

/**
 * Runs a user hook. A `JwtKitError` it throws is an answer (a decode hook may reject a token); any other
 * error is the server's fault and becomes `HANDLER_FAILED`: logged, never shown, and never a pass.
 */
export async function callHook<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw hookFailure(name, error);
  }
}

/** The error a hook's throw becomes: its own `JwtKitError`, or `HANDLER_FAILED` naming the hook for the log. */
export function hookFailure(name: string, error: unknown): JwtKitError {
  if (isJwtKitError(error)) return error;
  // The description names the hook for the server log; clients of a 5xx never see it.
  return new JwtKitError('HANDLER_FAILED', `The ${name} hook threw`, { cause: error });
}

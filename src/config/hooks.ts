import { JwtKitError, isJwtKitError } from '../errors';

/**
 * Runs a user hook. A `JwtKitError` it throws is an answer (a decode hook may reject a token); any other
 * error is the server's fault and becomes `HANDLER_FAILED`: logged, never shown, and never a pass.
 */
export async function callHook<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  // An async function turns callHookNow's synchronous throw into a rejection: one translation, two shapes.
  return callHookNow(name, run);
}

/**
 * As `callHook`, without a promise when the hook answers synchronously: the hook's value itself, or a
 * synchronous throw of the translated error. A promise (or any thenable) comes back as a promise whose rejection
 * is translated the same way. For hot paths (the guard's identity hook), where a promise per call is a real cost.
 */
export function callHookNow<T>(name: string, run: () => T | PromiseLike<T>): T | Promise<T> {
  let result: T | PromiseLike<T>;
  try {
    result = run();
  } catch (error) {
    throw hookFailure(name, error);
  }
  if (!isThenable(result)) return result;
  return Promise.resolve(result).then(undefined, (error: unknown) => {
    throw hookFailure(name, error);
  });
}

/** Whether `value` is a promise or any thenable, as `await` would treat it. */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** The error a hook's throw becomes: its own `JwtKitError`, or `HANDLER_FAILED` naming the hook for the log. */
export function hookFailure(name: string, error: unknown): JwtKitError {
  if (isJwtKitError(error)) return error;
  // The description names the hook for the server log; clients of a 5xx never see it.
  return new JwtKitError('HANDLER_FAILED', `The ${name} hook threw`, { cause: error });
}

/**
 * The one place where jsonwebtoken's (and its jwa layer's) errors become jwt-kit errors. The original stays as
 * `cause` for the server log; the client sees a fixed description that reveals nothing of the configuration.
 * No error message is ever matched: what went wrong is known from where it was thrown.
 */
import { JwtKitError } from '../errors';

/**
 * A signature that cannot even be checked (an ES256 signature of the wrong length is a TypeError in
 * ecdsa-sig-formatter, an HMAC of the wrong length a RangeError) is a bad signature: 401, fail closed.
 */
export function translateSignatureError(error: unknown): JwtKitError {
  return new JwtKitError('TOKEN_BAD_SIGNATURE', undefined, { cause: error });
}

/**
 * Translates a failure to sign. The config's keys were checked at start-up, so this is the server's fault:
 * a 500 whose description stays in the log. jsonwebtoken's messages name key sizes and curves, never keys.
 */
export function translateSignError(error: unknown, algorithm: string): JwtKitError {
  const reason = error instanceof Error ? error.message : String(error);
  return new JwtKitError('CONFIG_INVALID', `cannot sign ${algorithm} tokens: ${reason}`, { cause: error });
}

/**
 * The one place where jsonwebtoken's errors become jwt-kit errors. The original stays as `cause` for the
 * server log; the client sees a fixed description that reveals nothing of the configuration.
 */
import jwt from 'jsonwebtoken';
import { JwtKitError, type ErrorCode } from '../errors';

const BY_MESSAGE: Array<[RegExp, ErrorCode, string?]> = [
  [/^invalid signature$/, 'TOKEN_BAD_SIGNATURE'],
  [/^invalid algorithm$/, 'TOKEN_ALGORITHM_NOT_ALLOWED'],
  [/^jwt signature is required$|"none"/, 'TOKEN_ALGORITHM_NOT_ALLOWED', 'Unsigned tokens (alg "none") are not accepted'],
  [/^jwt malformed$|^invalid token$|^jwt must be/, 'TOKEN_MALFORMED'],
];

/**
 * Translates an error thrown by jsonwebtoken's verify. Its dependencies throw plain errors for some forged
 * signatures (an ES256 signature of the wrong length is a TypeError in ecdsa-sig-formatter): a signature that
 * cannot even be checked is a bad signature, answered 401 (fail closed), never a 500.
 */
export function translateJwtError(error: unknown): JwtKitError {
  if (error instanceof jwt.TokenExpiredError) return new JwtKitError('TOKEN_EXPIRED', undefined, { cause: error });
  if (error instanceof jwt.NotBeforeError) return new JwtKitError('TOKEN_NOT_YET_VALID', undefined, { cause: error });
  if (error instanceof jwt.JsonWebTokenError) {
    const match = BY_MESSAGE.find(([pattern]) => pattern.test(error.message));
    return new JwtKitError(match?.[1] ?? 'TOKEN_MALFORMED', match?.[2], { cause: error });
  }
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

/**
 * The one place where the errors of signing and signature checks (node:crypto's) become jwt-kit errors. The
 * original stays as `cause` for the server log; the client sees a fixed description that reveals nothing of the configuration.
 * No error message is ever matched: what went wrong is known from where it was thrown.
 */
import { JwtKitError } from '../errors';

/**
 * A signature that cannot even be checked (node:crypto throws for an ECDSA signature of a length no key of the
 * curve makes, or a key it cannot use) is a bad signature: 401, fail closed.
 */
export function translateSignatureError(error: unknown): JwtKitError {
  return new JwtKitError('TOKEN_BAD_SIGNATURE', undefined, { cause: error });
}

/**
 * Translates a failure to sign. The config's keys were checked at start-up, so this is the server's fault:
 * a 500 whose description stays in the log. node:crypto's messages name key sizes and curves, never keys.
 */
export function translateSignError(error: unknown, algorithm: string): JwtKitError {
  const reason = error instanceof Error ? error.message : String(error);
  return new JwtKitError('CONFIG_INVALID', `cannot sign ${algorithm} tokens: ${reason}`, { cause: error });
}

/**
 * Translates a failed fetch of an issuer's JWKS (src/token/remote-key-set.ts, the only place that fetches) into
 * `JWKS_UNAVAILABLE`. The description names the URL and the reason, for the server log and the CLI; a client
 * gets the code's fixed text (a 503 never shows its detail). Node's fetch reports a refused connection as a
 * TypeError whose `cause` carries the system error code, a timeout as a `TimeoutError` DOMException.
 */
export function translateFetchError(error: unknown, url: string): JwtKitError {
  if (error instanceof JwtKitError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const cause = (error as { cause?: unknown } | null)?.cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  let reason: string;
  if (name === 'TimeoutError' || name === 'AbortError') reason = 'it did not answer in time';
  else if (typeof code === 'string') reason = REASONS[code] ?? code;
  // undici says "fetch failed" and puts the reason in the cause ("bad port", "redirect", ...).
  else if (cause instanceof Error) reason = cause.message;
  else reason = error instanceof Error ? error.message : String(error);
  return new JwtKitError('JWKS_UNAVAILABLE', `the JWKS at ${url} could not be fetched: ${reason}`, { cause: error });
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection closed',
};

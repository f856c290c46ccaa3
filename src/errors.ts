/**
 * The one error type of jwt-kit and the closed table of its codes.
 *
 * Every failure a client, a token or a config can cause is a `JwtKitError` whose `code` is one of
 * {@link ERROR_CODES}. The table fixes, per code, the HTTP status, the Flask-JWT style title and the CLI
 * exit code, so the HTTP layer and the CLI never invent their own. The error follows the http-errors
 * contract (`status`, `expose`, `headers`) that Koa understands, so a 5xx never leaks its message.
 */

/** Exit codes of the `jwt-kit` CLI, documented in the README. */
export const EXIT = {
  ok: 0,
  /** A token or a credential failed. */
  failure: 1,
  /** Wrong usage: an unknown option, a missing argument. */
  usage: 2,
  /** The config is missing, cannot be loaded or is invalid. */
  config: 3,
  /** Anything else: a bug, a port in use, a file that cannot be written. */
  internal: 4,
} as const;

interface CodeSpec {
  status: number;
  title: string;
  /** The description used when the thrower gives none. */
  description: string;
  exitCode: number;
}

const auth = (title: string, description: string, status = 401): CodeSpec => ({
  status,
  title,
  description,
  exitCode: EXIT.failure,
});
const config = (description: string): CodeSpec => ({
  status: 500,
  title: 'Configuration Error',
  description,
  exitCode: EXIT.config,
});

/** The closed table: code -> HTTP status, title, default description, CLI exit code. */
export const ERROR_CODES = {
  // The request carries no token at all.
  TOKEN_MISSING: auth('Authorization Required', 'Request does not contain an access token'),
  // The Authorization header is there but not `<prefix> <token>`.
  HEADER_UNSUPPORTED_TYPE: auth('Invalid JWT header', 'Unsupported authorization type'),
  HEADER_TOKEN_MISSING: auth('Invalid JWT header', 'Token missing'),
  HEADER_TOKEN_SPACES: auth('Invalid JWT header', 'Token contains spaces'),
  // The header or token is longer than `maxTokenBytes`: refused before it is parsed or decoded.
  TOKEN_TOO_LARGE: auth('Invalid token', 'The token is too large'),
  // The token is there but cannot be trusted.
  TOKEN_MALFORMED: auth('Invalid token', 'Token is malformed'),
  TOKEN_BAD_SIGNATURE: auth('Invalid token', 'Signature verification failed'),
  TOKEN_ALGORITHM_NOT_ALLOWED: auth('Invalid token', 'The token algorithm is not allowed'),
  TOKEN_EXPIRED: auth('Invalid token', 'Signature has expired'),
  TOKEN_NOT_YET_VALID: auth('Invalid token', 'The token is not yet valid (nbf)'),
  TOKEN_ISSUED_IN_FUTURE: auth('Invalid token', 'The token is not yet valid (iat)'),
  TOKEN_CLAIM_MISSING: auth('Invalid token', 'Token is missing a required claim'),
  TOKEN_CLAIM_INVALID: auth('Invalid token', 'Token has an invalid claim'),
  TOKEN_AUDIENCE_INVALID: auth('Invalid token', 'Invalid audience'),
  TOKEN_ISSUER_INVALID: auth('Invalid token', 'Invalid issuer'),
  TOKEN_CRIT_UNSUPPORTED: auth('Invalid token', 'The token has critical header parameters that are not supported'),
  // The token names a key (kid) that is not in the key set: retired, or never ours.
  TOKEN_KEY_UNKNOWN: auth('Invalid token', 'The token was signed with an unknown key'),
  // The token is valid, but was revoked (the isRevoked hook or the store said so).
  TOKEN_REVOKED: auth('Invalid token', 'The token has been revoked'),
  // An access token where a refresh token belongs, or the other way round.
  TOKEN_TYPE_INVALID: auth('Invalid token', 'The token is of the wrong type here'),
  // A guard that asks for a fresh token (one made by a login, not by a refresh).
  TOKEN_NOT_FRESH: auth('Invalid token', 'This action needs a fresh token: log in again'),
  // A refresh token presented a second time: its whole family is revoked.
  REFRESH_TOKEN_REUSED: auth('Invalid token', 'The refresh token was already used; the session is revoked'),
  // The login session reached its absolute lifetime (refresh.sessionLifetime).
  SESSION_EXPIRED: auth('Invalid token', 'The session has expired: log in again'),
  // The refresh route's body.
  REFRESH_BODY_INVALID: auth('Bad Request', 'The request body must be a JSON object with the refresh token', 400),
  // The token is fine but names nobody.
  USER_NOT_FOUND: auth('Invalid JWT', 'User does not exist'),
  // The token is good, but this route wants more of it (a guard's scopes, roles or allow predicate): 403, with
  // RFC 6750 section 3.1's insufficient_scope challenge.
  INSUFFICIENT_SCOPE: auth('Forbidden', 'The token lacks a scope this route requires', 403),
  INSUFFICIENT_ROLE: auth('Forbidden', 'The token has none of the roles this route allows', 403),
  FORBIDDEN: auth('Forbidden', 'This route is not allowed to this user', 403),
  // A token from the cookie, on a state-changing request without the CSRF header that matches it.
  CSRF_FAILED: auth('Forbidden', 'The CSRF token is missing or wrong', 403),
  // The login endpoint.
  INVALID_CREDENTIALS: auth('Bad Request', 'Invalid credentials'),
  LOGIN_BODY_INVALID: auth('Bad Request', 'The request body must be a JSON object', 400),
  // The body is a JSON object, but not one with the two configured fields as non-empty strings.
  LOGIN_FIELDS_INVALID: auth('Bad Request', 'The request body must hold the username and password fields as non-empty strings', 400),
  // A username or password over the cap (login.ts FIELD_LIMIT_BYTES), refused before it reaches a hash.
  LOGIN_FIELD_TOO_LONG: auth('Bad Request', 'The username or password is too long', 400),
  LOGIN_UNSUPPORTED_MEDIA_TYPE: auth('Unsupported Media Type', 'The request body must be application/json', 415),
  LOGIN_BODY_TOO_LARGE: auth('Payload Too Large', 'The request body is too large', 413),
  // Too many failed logins for this username or from this address (loginThrottle): even the right password is
  // refused until the window ends; Retry-After says when.
  LOGIN_THROTTLED: auth('Too Many Requests', 'Too many failed logins: try again later', 429),
  USER_ID_MISSING: auth('Invalid user', 'The authenticated user has no id to put in a token', 422),
  // The config, found at start-up (or by `jwt-kit config check`).
  CONFIG_NOT_FOUND: config('No jwt-kit config was found'),
  CONFIG_LOAD_FAILED: config('The config could not be loaded'),
  CONFIG_INVALID: config('The config is invalid'),
  // The CLI was called wrongly in a way commander cannot see (an environment variable, a file's content).
  USAGE_INVALID: { status: 400, title: 'Bad Request', description: 'Wrong usage', exitCode: EXIT.usage },
  // The CLI met an environment it cannot work in.
  LISTEN_FAILED: { status: 500, title: 'Internal Server Error', description: 'The server could not listen', exitCode: EXIT.internal },
  // `jwt-kit init` found files in the way and was not told to overwrite them (--force); nothing was written.
  SCAFFOLD_CONFLICT: { status: 409, title: 'Conflict', description: 'Files already exist', exitCode: EXIT.failure },
  SCAFFOLD_WRITE_FAILED: { status: 500, title: 'Internal Server Error', description: 'A file could not be written', exitCode: EXIT.internal },
  // The revocation / use-once store (Redis) cannot be reached: fail closed, never let a possibly revoked token through.
  STORE_UNAVAILABLE: { status: 503, title: 'Service Unavailable', description: 'The token store is unavailable', exitCode: EXIT.internal },
  // A resource server (remoteJwks) could not get the issuer's keys and has none in cache: try again later.
  // Never a 500 and never a pass; the reason (the URL, refused, timed out) goes to the server log only.
  JWKS_UNAVAILABLE: { status: 503, title: 'Service Unavailable', description: "The issuer's signing keys (JWKS) cannot be fetched right now", exitCode: EXIT.internal },
  // A hook broke its contract at run time: the server's fault, never shown to the client.
  HANDLER_FAILED: { status: 500, title: 'Internal Server Error', description: 'A handler failed', exitCode: EXIT.internal },
} as const satisfies Record<string, CodeSpec>;

/** A stable error code: the `code` field of every JSON error and of every `JwtKitError`. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The JSON body of every HTTP error jwt-kit sends. */
export interface ErrorBody {
  status_code: number;
  error: string;
  description: string;
  code: ErrorCode | string;
}

/**
 * The base error of jwt-kit.
 *
 * @example
 * ```ts
 * try {
 *   await kit.tokens.verify(token);
 * } catch (err) {
 *   if (err instanceof JwtKitError && err.code === 'TOKEN_EXPIRED') console.log('log in again');
 * }
 * ```
 */
export class JwtKitError extends Error {
  override readonly name = 'JwtKitError';
  readonly code: ErrorCode;
  /** HTTP status, as http-errors names it. */
  readonly status: number;
  readonly title: string;
  readonly description: string;
  readonly exitCode: number;
  /** Whether the description may be sent to a client: false for every 5xx. */
  readonly expose: boolean;
  /** Headers to send along, e.g. `WWW-Authenticate`. */
  headers: Record<string, string>;
  /** Every problem, one a line, where there can be several (an invalid config). */
  readonly details: readonly string[];
  /** What the problems are in, where that is a file (`jwtauth.config.ts`). */
  readonly source?: string;

  constructor(
    code: ErrorCode,
    description?: string,
    options: { cause?: unknown; headers?: Record<string, string>; details?: readonly string[]; source?: string } = {},
  ) {
    const spec: CodeSpec = ERROR_CODES[code];
    const text = description ?? spec.description;
    super(text, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = spec.status;
    this.title = spec.title;
    this.description = text;
    this.exitCode = spec.exitCode;
    this.expose = spec.status < 500;
    this.headers = { ...options.headers };
    this.details = options.details ?? [];
    this.source = options.source;
  }

  /** The JSON body sent over HTTP; a 5xx keeps its detail to the server log. */
  toJSON(): ErrorBody {
    return {
      status_code: this.status,
      error: this.title,
      // A 5xx keeps its detail for the server log; the client gets the code's fixed description.
      description: this.expose ? this.description : (ERROR_CODES[this.code] as CodeSpec).description,
      code: this.code,
    };
  }
}

/**
 * True for a `JwtKitError`, also one made by another copy of this package.
 *
 * @example
 * ```ts
 * kit.verifyRequest(ctx).catch((err) => (isJwtKitError(err) ? err.code : 'unexpected'));
 * ```
 */
export function isJwtKitError(value: unknown): value is JwtKitError {
  return value instanceof JwtKitError || (value instanceof Error && value.name === 'JwtKitError' && 'code' in value);
}

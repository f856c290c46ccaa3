/**
 * Writes an auth failure as the JSON answer every client of jwt-kit can rely on:
 * `{ status_code, error, description, code }`. Anything that is not a `JwtKitError` is a server fault:
 * it is handed to Koa's `error` event for logging and answered with a bare 500 that reveals nothing.
 * Every 401 carries a `WWW-Authenticate` challenge (RFC 9110 section 15.5.2, RFC 6750 section 3), and so does
 * the 403 of a guard's scopes, roles or predicate (RFC 6750 section 3.1, `insufficient_scope`).
 */
import type { Context } from 'koa';
import { ERROR_CODES, JwtKitError, isJwtKitError, type ErrorCode } from '../errors';
import type { HookContext, ResolvedConfig } from '../config/types';

export interface RenderOptions {
  /** Realm of the WWW-Authenticate challenge of every 401. */
  realm: string;
  /** Scheme named in WWW-Authenticate. */
  scheme: string;
  errorHook?: ResolvedConfig['handlers']['error'];
}

/** How a kit's config answers failures; `realm` overrides the config's (a guard's own realm). */
export function renderOptions<TUser>(config: ResolvedConfig<TUser>, realm?: string): RenderOptions {
  return { realm: realm ?? config.realm, scheme: config.headerPrefix, errorHook: config.handlers.error };
}

export function challengeHeader(scheme: string, realm: string): string {
  // RFC 7235 quoted-string: escape backslashes and quotes so a realm cannot break the header.
  return `${scheme || 'Bearer'} realm="${realm.replace(/[\\"]/g, '\\$&')}"`;
}

/** The 403s of a guard whose token is good but not enough: RFC 6750's "higher privileges than provided". */
const INSUFFICIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['INSUFFICIENT_SCOPE', 'INSUFFICIENT_ROLE', 'FORBIDDEN']);

/**
 * The RFC 6750 section 3.1 error of a 401 or 403, by code. No error attribute when the request carried no bearer
 * token at all (no header, or another scheme such as Basic) or at the login route: section 3.1 says a request
 * without authentication information gets none. A header in our scheme that is not `<scheme> <token>` is a
 * malformed request; anything wrong with a token that was presented is `invalid_token`.
 */
function bearerError(code: ErrorCode): 'invalid_token' | 'invalid_request' | 'insufficient_scope' | undefined {
  if (INSUFFICIENT.has(code)) return 'insufficient_scope';
  if (code === 'HEADER_TOKEN_MISSING' || code === 'HEADER_TOKEN_SPACES') return 'invalid_request';
  if ((code.startsWith('TOKEN_') && code !== 'TOKEN_MISSING') || code === 'USER_NOT_FOUND') return 'invalid_token';
  return undefined;
}

/**
 * The challenge of a 401 answered with `code`. The `error_description` is the code's fixed text from the error
 * table, never the thrower's (a decode hook's or a library's), and keeps to the characters RFC 6750 allows in
 * it (%x20-21 / %x23-5B / %x5D-7E: no quote, no backslash), so it can never break the header.
 */
export function challengeFor(code: ErrorCode, options: Pick<RenderOptions, 'scheme' | 'realm'>, scopes?: readonly string[]): string {
  const base = challengeHeader(options.scheme, options.realm);
  const error = bearerError(code);
  if (!error) return base;
  const description = ERROR_CODES[code].description.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '');
  // The scopes the route needs (section 3: scope-tokens, which guards check when they are built).
  const scope = scopes && scopes.length > 0 ? `, scope="${scopes.join(' ')}"` : '';
  return `${base}, error="${error}", error_description="${description}"${scope}`;
}

// The failure each request was answered with, for the sample server's log line (its code, never its text).
const answered = new WeakMap<object, JwtKitError>();

/** The `JwtKitError` that `renderError` answered this request with, if any. */
export function failureOf(ctx: object): JwtKitError | undefined {
  return answered.get(ctx);
}

/** Answers the request with `error`. Returns nothing; the response is set on `ctx`. */
export async function renderError(ctx: Context, error: unknown, options: RenderOptions): Promise<void> {
  let failure: JwtKitError;
  if (isJwtKitError(error)) {
    failure = error;
  } else {
    failure = new JwtKitError('HANDLER_FAILED', undefined, { cause: error });
  }
  if (failure.status >= 500) ctx.app.emit('error', error, ctx);
  answered.set(ctx, failure);
  if (failure.status === 401) failure.headers['WWW-Authenticate'] = challengeFor(failure.code, options);
  // A guard's 403 brings its challenge (with the scopes it needs); one thrown by a route's own code gets the plain one.
  if (INSUFFICIENT.has(failure.code)) failure.headers['WWW-Authenticate'] ??= challengeFor(failure.code, options);
  ctx.status = failure.status;
  ctx.set(failure.headers);
  ctx.body = failure.toJSON();
  if (!options.errorHook) return;
  try {
    const custom = await options.errorHook(failure, ctx as HookContext);
    if (custom !== undefined) ctx.body = custom;
  } catch (hookError) {
    // A broken error hook must not turn an auth failure into a crash: keep the default answer, log the fault.
    ctx.app.emit('error', hookError, ctx);
  }
}

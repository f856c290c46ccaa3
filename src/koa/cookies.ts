/**
 * The auth cookies of browser apps: the token in an HttpOnly cookie, and its CSRF value in a readable one that
 * the page's script copies into a header (the double-submit pattern). Written by hand rather than through Koa's
 * `ctx.cookies`: its Secure check throws on plain http behind a proxy Koa was not told about, and it counts
 * Max-Age on the system clock, where the cookie must live exactly as long as the token (the injected clock).
 *
 * The login route sets them, a logout route clears them (`kit.clearAuthCookies(ctx)`), a refresh route sets
 * them again.
 */
import type { Context } from 'koa';
import { JwtKitError } from '../errors';
import type { JwtPayload, ResolvedConfig } from '../config/types';
import type { Clock } from '../token/service';
import { CSRF_CLAIM } from './csrf';

export interface AuthCookies {
  /** True while `tokenLocations` has `cookie`: the login route then sets the cookies. */
  readonly enabled: boolean;
  /**
   * Sets the token cookie and, while CSRF protection is on, the CSRF cookie, both with a Max-Age of the
   * token's remaining lifetime (`exp` in `claims`; session cookies when it has none).
   */
  set(ctx: Context, token: string, claims: JwtPayload): void;
  /** Expires both cookies (same Path, Domain, Secure and SameSite, which the browser needs to match them). */
  clear(ctx: Context): void;
  /** The token cookie of the request, or undefined when it has none (or an empty one). */
  read(ctx: Context): string | undefined;
}

// RFC 6265 section 4.1.1 cookie-octet: what a cookie value may hold without quoting. A JWT always fits.
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;

export function createAuthCookies<TUser>(config: ResolvedConfig<TUser>, now: Clock): AuthCookies {
  const options = config.cookie;
  const attributes = (httpOnly: boolean, maxAge: number | undefined): string =>
    [
      `Path=${options.path}`,
      ...(maxAge !== undefined ? [`Max-Age=${maxAge}`] : []),
      // Max-Age 0 alone clears the cookie in every current browser; Expires in the past says it to older ones too.
      ...(maxAge === 0 ? ['Expires=Thu, 01 Jan 1970 00:00:00 GMT'] : []),
      ...(options.domain !== undefined ? [`Domain=${options.domain}`] : []),
      ...(options.secure ? ['Secure'] : []),
      ...(httpOnly ? ['HttpOnly'] : []),
      `SameSite=${options.sameSite}`,
    ].join('; ');

  const set = (ctx: Context, token: string, claims: JwtPayload): void => {
    if (!COOKIE_OCTETS.test(token)) throw new JwtKitError('HANDLER_FAILED', 'The token holds characters a cookie cannot carry');
    const maxAge = typeof claims.exp === 'number' ? Math.max(0, Math.floor(claims.exp - now())) : undefined;
    putCookie(ctx, options.name, `${options.name}=${token}; ${attributes(true, maxAge)}`);
    if (!options.csrf) return;
    const csrf = claims[CSRF_CLAIM];
    if (typeof csrf !== 'string' || !COOKIE_OCTETS.test(csrf)) throw new JwtKitError('HANDLER_FAILED', 'The token has no CSRF value to set');
    // Readable on purpose (no HttpOnly): the page's script copies it into the CSRF header.
    putCookie(ctx, options.csrfCookieName, `${options.csrfCookieName}=${csrf}; ${attributes(false, maxAge)}`);
  };

  const clear = (ctx: Context): void => {
    putCookie(ctx, options.name, `${options.name}=; ${attributes(true, 0)}`);
    putCookie(ctx, options.csrfCookieName, `${options.csrfCookieName}=; ${attributes(false, 0)}`);
  };

  // Never a signed read: with app.keys set, ctx.cookies.get would otherwise look for a `.sig` cookie and find none.
  const read = (ctx: Context): string | undefined => ctx.cookies.get(options.name, { signed: false }) || undefined;

  return { enabled: config.tokenLocations.includes('cookie'), set, clear, read };
}

/** Adds a Set-Cookie line, replacing one for the same cookie set earlier in this response. */
function putCookie(ctx: Context, name: string, line: string): void {
  const existing = ctx.response.get('Set-Cookie') as string | string[] | undefined;
  const lines = (Array.isArray(existing) ? existing : existing ? [existing] : []).filter((old) => !old.startsWith(`${name}=`));
  ctx.set('Set-Cookie', [...lines, line]);
}

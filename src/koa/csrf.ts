/**
 * CSRF protection of cookie-carried tokens: the double-submit pattern, bound to the token.
 *
 * A browser sends cookies with a forged cross-site request, but a page of another origin can neither read the
 * CSRF cookie nor set a custom header without the API's CORS consent. So a state-changing request whose token
 * came from the cookie must also carry the CSRF value in a header (`cookie.csrfHeaderName`).
 *
 * The value the header is checked against is the token's own `csrf` claim (random, set when the token is
 * issued), not the CSRF cookie: a plain double-submit that compares header to cookie is beaten by a sibling
 * subdomain planting a CSRF cookie of its choosing (cookie tossing, OWASP CSRF Cheat Sheet, "Signed Double-Submit
 * Cookie"). Here a planted cookie is worthless: it cannot match a value signed into the victim's HttpOnly
 * token. A claim rather than an HMAC of the jti: a server that only holds the public key (a resource server,
 * a retired key still verifying) can check it too, and it needs no second secret. Flask-JWT-Extended does the same.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { JwtKitError } from '../errors';
import type { JwtPayload, ResolvedCookieOptions } from '../config/types';

/** The claim that holds the CSRF value of a token issued while cookies are on. */
export const CSRF_CLAIM = 'csrf';

/** Methods that change nothing (RFC 9110 section 9.2.1), so a forged one gains an attacker nothing. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A new CSRF value: 32 random bytes, base64url. */
export const newCsrfValue = (): string => randomBytes(32).toString('base64url');

/** Throws `CSRF_FAILED` unless a state-changing request carries the token's CSRF value in the CSRF header. */
export function checkCsrf(ctx: Pick<Context, 'method' | 'get'>, payload: JwtPayload, options: ResolvedCookieOptions): void {
  if (!options.csrf || SAFE_METHODS.has(ctx.method)) return;
  const expected = payload[CSRF_CLAIM];
  if (typeof expected !== 'string' || expected === '') {
    throw new JwtKitError('CSRF_FAILED', 'The token carries no CSRF value: log in again');
  }
  const given = ctx.get(options.csrfHeaderName);
  if (given === '') throw new JwtKitError('CSRF_FAILED', `The ${options.csrfHeaderName} header is missing`);
  if (!sameSecret(given, expected)) throw new JwtKitError('CSRF_FAILED');
}

// Constant time whatever the lengths: compares digests, which timingSafeEqual needs of equal length.
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

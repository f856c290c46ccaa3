/**
 * Who is this request? Token from the `getToken` hook or the configured locations (./locate), payload through
 * the decode hook or the token service, the CSRF check for a cookie-carried token, user through the identity
 * hook. Used by the guards and by `kit.verifyRequest` alike.
 */
import type { Context } from 'koa';
import { JwtKitError } from '../errors';
import { callHook } from '../config/hooks';
import type { JwtPayload, ResolvedConfig } from '../config/types';
import type { TokenService } from '../token/service';
import { checkCsrf } from './csrf';
import type { LocateToken } from './locate';
import type { AuthState } from './state';

export type Identify<TUser> = (ctx: Context) => Promise<AuthState<TUser>>;

export function createIdentify<TUser>(config: ResolvedConfig<TUser>, tokens: TokenService, locate: LocateToken): Identify<TUser> {
  const { decode, identity } = config.handlers;
  if (!identity) throw new TypeError('createIdentify needs handlers.identity');

  const decodePayload = async (token: string): Promise<JwtPayload> => {
    if (!decode) return tokens.verify(token);
    const payload = await callHook('decode', () => decode(token, { verify: tokens.verify }));
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw new JwtKitError('TOKEN_MALFORMED', 'The token payload is not a JSON object');
    }
    return payload;
  };

  return async (ctx) => {
    const { token, location } = await locate(ctx);
    // A URL carrying a token must not travel on in the Referer of whatever the answer links to.
    if (location === 'query') ctx.set('Referrer-Policy', 'no-referrer');
    const payload = await decodePayload(token);
    // After verification (a bad token is a 401, whatever its CSRF header) and before the identity hook, so a
    // forged request costs no user lookup.
    if (location === 'cookie') checkCsrf(ctx, payload, config.cookie);
    const user = await callHook('identity', () => identity(payload));
    if (isNoUser(user)) throw new JwtKitError('USER_NOT_FOUND');
    return { user, jwt: { token, payload, location } };
  };
}

/**
 * Whether a hook's answer means "nobody": null and undefined as in Flask-JWT, and every other falsy value,
 * so that `(p) => p.user_id === 1 && user` cannot let a `false` user through. Login and guards agree on it.
 */
export function isNoUser<T>(user: T | null | undefined): user is null | undefined {
  return !user;
}

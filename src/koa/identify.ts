/**
 * Who is this request? Token from the `getToken` hook or the configured locations (./locate), payload through
 * the decode hook or the token service, the CSRF check for a cookie-carried token, user through the identity
 * hook. Used by the guards and by `kit.verifyRequest` alike.
 */
import type { Context } from 'koa';
import { JwtKitError } from '../errors';
import { callHook, callHookNow, isThenable } from '../config/hooks';
import type { JwtPayload, ResolvedConfig } from '../config/types';
import type { TokenService } from '../token/service';
import { checkCsrf } from './csrf';
import type { LocatedToken, LocateToken } from './locate';
import type { AuthState } from './state';
import { isJsonObject } from '../config/json-object';

/**
 * Identifies a request: the state itself (or a synchronous throw) when every step answered synchronously (the
 * token from a header or cookie, our own verify, an identity hook that returns a user), a promise otherwise.
 * Callers `await` it; the guards use the value directly and so settle no promise on the common path.
 */
export type Identify<TUser> = (ctx: Context) => AuthState<TUser> | Promise<AuthState<TUser>>;

export function createIdentify<TUser>(config: ResolvedConfig<TUser>, tokens: TokenService, locate: LocateToken): Identify<TUser> {
  const { decode, identity } = config.handlers;
  if (!identity) throw new TypeError('createIdentify needs handlers.identity');

  const decodePayload = (token: string): JwtPayload | Promise<JwtPayload> => {
    if (!decode) return tokens.verifyNow(token);
    return callHook('decode', () => decode(token, { verify: tokens.verify })).then((payload) => {
      if (!isJsonObject(payload)) {
        throw new JwtKitError('TOKEN_MALFORMED', 'The token payload is not a JSON object');
      }
      return payload;
    });
  };

  // Each step goes on at once when the one before answered synchronously, and after it otherwise; no closure
  // or promise is made on the synchronous path.
  const withUser = (token: string, payload: JwtPayload, location: LocatedToken['location'], user: TUser | null | undefined): AuthState<TUser> => {
    if (isNoUser(user)) throw new JwtKitError('USER_NOT_FOUND');
    return { user, jwt: { token, payload, location } };
  };
  const withPayload = (ctx: Context, token: string, location: LocatedToken['location'], payload: JwtPayload) => {
    // After verification (a bad token is a 401, whatever its CSRF header) and before the identity hook, so a
    // forged request costs no user lookup.
    if (location === 'cookie') checkCsrf(ctx, payload, config.cookie);
    const user = callHookNow('identity', () => identity(payload));
    return isThenable(user) ? user.then((found) => withUser(token, payload, location, found)) : withUser(token, payload, location, user);
  };
  const withToken = (ctx: Context, { token, location }: LocatedToken): AuthState<TUser> | Promise<AuthState<TUser>> => {
    // A URL carrying a token must not travel on in the Referer of whatever the answer links to.
    if (location === 'query') ctx.set('Referrer-Policy', 'no-referrer');
    const payload = decodePayload(token);
    return isThenable(payload) ? payload.then((verified) => withPayload(ctx, token, location, verified)) : withPayload(ctx, token, location, payload);
  };

  return (ctx) => {
    const located = locate(ctx);
    return isThenable(located) ? located.then((found) => withToken(ctx, found)) : withToken(ctx, located);
  };
}

/**
 * Whether a hook's answer means "nobody": null and undefined as in Flask-JWT, and every other falsy value,
 * so that `(p) => p.user_id === 1 && user` cannot let a `false` user through. Login and guards agree on it.
 */
export function isNoUser<T>(user: T | null | undefined): user is null | undefined {
  return !user;
}

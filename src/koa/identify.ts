/**
 * Who is this request? Token from the header, payload through the decode hook or the token service, user
 * through the identity hook. Used by the guards and by `kit.verifyRequest` alike.
 */
import type { Context } from 'koa';
import { JwtKitError } from '../errors';
import { callHook } from '../config/hooks';
import type { JwtPayload, ResolvedConfig } from '../config/types';
import type { TokenService } from '../token/service';
import { extractToken } from './extract';
import { maxHeaderBytes, refuseOversized } from './token-size';
import type { AuthState } from './state';

export type Identify<TUser> = (ctx: Context) => Promise<AuthState<TUser>>;

export function createIdentify<TUser>(config: ResolvedConfig<TUser>, tokens: TokenService): Identify<TUser> {
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

  const headerCap = maxHeaderBytes(config.maxTokenBytes, config.headerPrefix);

  return async (ctx) => {
    const header = ctx.get(config.headerName);
    refuseOversized(header, headerCap);
    const token = extractToken(header, config.headerPrefix);
    const payload = await decodePayload(token);
    const user = await callHook('identity', () => identity(payload));
    if (isNoUser(user)) throw new JwtKitError('USER_NOT_FOUND');
    return { user, jwt: { token, payload } };
  };
}

/**
 * Whether a hook's answer means "nobody": null and undefined as in Flask-JWT, and every other falsy value,
 * so that `(p) => p.user_id === 1 && user` cannot let a `false` user through. Login and guards agree on it.
 */
export function isNoUser<T>(user: T | null | undefined): user is null | undefined {
  return !user;
}

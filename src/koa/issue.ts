/**
 * The token a user gets at login: claims from the payload hook (or Flask-JWT's default `{ user_id }`), the
 * standard claims filled in, signed by the encode hook or the current key. Custom login flows call it through
 * `kit.issueToken(user)`.
 */
import { JwtKitError } from '../errors';
import { callHook } from '../config/hooks';
import type { JwtPayload, ResolvedConfig } from '../config/types';
import { findBadTimeClaim } from '../token/claims';
import type { TokenService } from '../token/service';

/** Per-call choices of `kit.issueToken(user, options)`. */
export interface IssueOptions {
  /** Claims laid over the payload hook's (and over the standard ones: an `exp` given here is kept). */
  claims?: JwtPayload;
}

export type IssueToken<TUser> = (user: TUser, options?: IssueOptions) => Promise<string>;

/** The claims a user's tokens carry: the payload hook's, or Flask-JWT's default `{ user_id }`. */
export type UserClaims<TUser> = (user: TUser) => Promise<JwtPayload>;

export function createUserClaims<TUser>(config: ResolvedConfig<TUser>): UserClaims<TUser> {
  const { payload: payloadHook } = config.handlers;
  return async (user) => {
    const claims = payloadHook ? await callHook('payload', () => payloadHook(user)) : defaultClaims(user);
    if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
      throw new JwtKitError('HANDLER_FAILED', 'The payload hook must return an object of claims');
    }
    return claims;
  };
}

/** Signs an access token: the standard claims filled in, then the encode hook or the current key. */
export type EncodeAccess = (claims: JwtPayload) => Promise<string>;

export function createEncodeAccess(config: ResolvedConfig<unknown>, tokens: TokenService): EncodeAccess {
  const { encode } = config.handlers;
  return async (claims) => {
    const full = tokens.withStandardClaims(claims);
    const bad = findBadTimeClaim(full);
    if (bad) throw new JwtKitError('HANDLER_FAILED', `The payload hook set "${bad}" to something other than a number`);
    const token = encode ? await callHook('encode', () => encode(full, { sign: tokens.sign })) : tokens.sign(full);
    if (typeof token !== 'string' || token === '') throw new JwtKitError('HANDLER_FAILED', 'The encode hook must return a token string');
    return token;
  };
}

export function createIssueToken<TUser>(userClaims: UserClaims<TUser>, encodeAccess: EncodeAccess): IssueToken<TUser> {
  return async (user, options = {}) => encodeAccess({ ...(await userClaims(user)), ...options.claims });
}

// Flask-JWT's default payload: the user's id as `user_id`; the time claims and jti are added after.
function defaultClaims(user: unknown): JwtPayload {
  const id = (user as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' && typeof id !== 'number') throw new JwtKitError('USER_ID_MISSING');
  return { user_id: id };
}

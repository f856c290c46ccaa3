/**
 * The token a user gets at login: claims from the payload hook (or Flask-JWT's default `{ user_id }`), the
 * per-call claims and lifetime of `kit.issueToken(user, { claims, expiresIn })`, the standard claims filled in,
 * the CSRF claim while cookies are on, signed by the encode hook or the current key.
 */
import { JwtKitError } from '../errors';
import { callHook } from '../config/hooks';
import { durationSeconds } from '../config/duration';
import type { Duration, JwtPayload, ResolvedConfig } from '../config/types';
import { findBadTimeClaim } from '../token/claims';
import type { TokenService } from '../token/service';
import { CSRF_CLAIM, newCsrfValue } from './csrf';
import { isJsonObject } from '../config/json-object';

/** Per-call options of `kit.issueToken`. */
export interface IssueOptions<TClaims extends object = JwtPayload> {
  /** This token's lifetime instead of `expirationDelta`: seconds or a duration such as `"15m"`. */
  expiresIn?: Duration;
  /** Claims added to (and over) the payload hook's, for this token only. */
  claims?: Partial<TClaims> & JwtPayload;
}

/** A token and the claims signed into it (the cookies need its `exp` and CSRF value). */
export interface IssuedToken {
  token: string;
  claims: JwtPayload;
}

export type IssueToken<TUser> = (user: TUser, options?: IssueOptions) => Promise<IssuedToken>;

/** The claims a user's tokens carry: the payload hook's, or Flask-JWT's default `{ user_id }`. */
export type UserClaims<TUser> = (user: TUser) => Promise<JwtPayload>;

/** Signs an access token from claims: the standard claims filled in (`lifetime` instead of `expirationDelta`). */
export type EncodeAccess = (claims: JwtPayload, lifetime?: number) => Promise<IssuedToken>;

export function createUserClaims<TUser>(config: ResolvedConfig<TUser>): UserClaims<TUser> {
  const { payload: payloadHook } = config.handlers;
  return async (user) => {
    const claims = payloadHook ? await callHook('payload', () => payloadHook(user)) : defaultClaims(user);
    if (!isJsonObject(claims)) throw new JwtKitError('HANDLER_FAILED', 'The payload hook must return an object of claims');
    return claims;
  };
}

export function createEncodeAccess(config: ResolvedConfig<unknown>, tokens: TokenService): EncodeAccess {
  const { encode } = config.handlers;
  const csrf = config.tokenLocations.includes('cookie') && config.cookie.csrf;
  return async (claims, lifetime) => {
    const full = tokens.withStandardClaims(claims);
    if (lifetime !== undefined && typeof full.iat === 'number') full.exp = full.iat + lifetime;
    // Always the kit's own random value: a claim of that name from the hook or the caller could be known to others.
    if (csrf) full[CSRF_CLAIM] = newCsrfValue();
    const bad = findBadTimeClaim(full);
    if (bad) throw new JwtKitError('HANDLER_FAILED', `The claims set "${bad}" to something other than a number (payload hook or issueToken claims)`);
    const token = encode ? await callHook('encode', () => encode(full, { sign: tokens.sign })) : tokens.sign(full);
    if (typeof token !== 'string' || token === '') throw new JwtKitError('HANDLER_FAILED', 'The encode hook must return a token string');
    return { token, claims: full };
  };
}

export function createIssueToken<TUser>(userClaims: UserClaims<TUser>, encodeAccess: EncodeAccess): IssueToken<TUser> {
  return async (user, options = {}) => {
    // Misuse by the calling code is a TypeError, as jose throws it: a programming error, not a token problem.
    const lifetime = options.expiresIn === undefined ? undefined : durationSeconds(options.expiresIn);
    if (lifetime !== undefined && lifetime < 1) throw new TypeError('issueToken({ expiresIn }) must be at least 1 second');
    if (options.expiresIn !== undefined && lifetime === undefined) {
      throw new TypeError(`issueToken({ expiresIn }) must be whole seconds or a duration such as "15m": ${JSON.stringify(options.expiresIn)}`);
    }
    if (options.claims !== undefined && !isJsonObject(options.claims)) throw new TypeError('issueToken({ claims }) must be an object of claims');
    if (lifetime !== undefined && options.claims?.exp !== undefined) throw new TypeError('issueToken: give expiresIn or claims.exp, not both');
    return encodeAccess({ ...(await userClaims(user)), ...options.claims }, lifetime);
  };
}

// Flask-JWT's default payload: the user's id as `user_id`; the time claims and jti are added after.
function defaultClaims(user: unknown): JwtPayload {
  const id = (user as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' && typeof id !== 'number') throw new JwtKitError('USER_ID_MISSING');
  return { user_id: id };
}

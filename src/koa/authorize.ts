/**
 * What a scoped guard asks of a good token beyond being good: OAuth scopes, roles, or a predicate of the app's.
 * Each failure is a 403 with its own code and RFC 6750 section 3.1's `insufficient_scope` challenge; a bad or
 * missing token stays a 401 (it never reaches this point).
 */
import type { Context } from 'koa';
import { JwtKitError, type ErrorCode } from '../errors';
import { callHook } from '../config/hooks';
import type { JwtPayload } from '../config/types';
import { challengeFor, type RenderOptions } from './render';
import type { AuthState } from './state';

export interface AuthorizeRules<TUser = unknown, TClaims extends object = JwtPayload> {
  /** OAuth scopes the token must all carry, in its `scope` claim (space-separated) or its `scp` list. */
  scopes?: readonly string[];
  /** Roles of which the token must carry at least one, in the `rolesClaim` claim (a list, or one string). */
  roles?: readonly string[];
  /**
   * The app's own rule, given the verified payload, the user and the request (for its params): only `true` lets
   * the request through (a forgotten `return` refuses).
   */
  allow?: (payload: JwtPayload & TClaims, user: TUser, ctx: Context) => boolean | Promise<boolean>;
}

export type Authorize<TUser> = (state: AuthState<TUser>, ctx: Context) => Promise<void>;

// RFC 6750 section 3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), so it can go in the challenge as it is.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** True when the guard options ask for anything beyond a good token. */
export function hasRules(rules: AuthorizeRules<never, never>): boolean {
  return rules.scopes !== undefined || rules.roles !== undefined || rules.allow !== undefined;
}

/**
 * Checks the rules once, when the guard is built (a misuse is a `TypeError` at start-up, never a request's
 * 500), and returns the check each request runs.
 */
export function createAuthorize<TUser>(rules: AuthorizeRules<TUser>, rolesClaim: string, render: RenderOptions): Authorize<TUser> {
  const { scopes, roles, allow } = rules;
  if (scopes !== undefined && (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === 'string' && SCOPE_TOKEN.test(s)))) {
    throw new TypeError('guard({ scopes }) must be a non-empty list of scope names (printable ASCII, no spaces, quotes or backslashes)');
  }
  if (roles !== undefined && (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => typeof r === 'string' && r !== ''))) {
    throw new TypeError('guard({ roles }) must be a non-empty list of role names: an empty list would let nobody in');
  }
  if (allow !== undefined && typeof allow !== 'function') throw new TypeError('guard({ allow }) must be a function (payload, user, ctx) => boolean');

  const refuse = (code: ErrorCode, needed?: readonly string[]): JwtKitError =>
    new JwtKitError(code, undefined, { headers: { 'WWW-Authenticate': challengeFor(code, render, needed) } });

  return async ({ user, jwt: { payload } }, ctx) => {
    if (scopes) {
      const granted = grantedScopes(payload);
      if (!scopes.every((scope) => granted.has(scope))) throw refuse('INSUFFICIENT_SCOPE', scopes);
    }
    if (roles) {
      const held = heldRoles(payload, rolesClaim);
      if (!roles.some((role) => held.has(role))) throw refuse('INSUFFICIENT_ROLE');
    }
    if (allow && (await callHook('allow', () => allow(payload, user, ctx))) !== true) throw refuse('FORBIDDEN');
  };
}

/** A claim the payload holds itself: never one inherited from Object.prototype (`constructor`, `toString`). */
function ownClaim(payload: JwtPayload, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(payload, name) ? payload[name] : undefined;
}

/** The scopes of RFC 8693 section 4.2's `scope` claim (space-separated) and of an `scp` claim (a list, or a string). */
function grantedScopes(payload: JwtPayload): Set<string> {
  const granted = new Set<string>();
  for (const claim of [ownClaim(payload, 'scope'), ownClaim(payload, 'scp')]) {
    const names = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
    for (const name of names) if (typeof name === 'string' && name !== '') granted.add(name);
  }
  return granted;
}

/** The roles of the roles claim: a list of strings, or one string naming one role. */
function heldRoles(payload: JwtPayload, claimName: string): Set<string> {
  const claim = ownClaim(payload, claimName);
  const names = typeof claim === 'string' ? [claim] : Array.isArray(claim) ? claim : [];
  return new Set(names.filter((name): name is string => typeof name === 'string' && name !== ''));
}

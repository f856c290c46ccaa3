/**
 * The login route (Flask-JWT's `POST /auth`) and the issuing of a token for a user, which custom login flows
 * can call on their own through `kit.issueToken(user)`.
 */
import type { Context, Middleware } from 'koa';
import { JwtKitError } from '../errors';
import type { HookContext, JwtPayload, ResolvedConfig } from '../config/types';
import { findBadTimeClaim } from '../token/claims';
import type { TokenService } from '../token/service';
import { readJsonObject } from './body';
import { hook, isNoUser } from './identify';
import { renderError, renderOptions } from './render';

export type IssueToken<TUser> = (user: TUser) => Promise<string>;

export function createIssueToken<TUser>(config: ResolvedConfig<TUser>, tokens: TokenService): IssueToken<TUser> {
  const { payload: payloadHook, encode } = config.handlers;
  return async (user) => {
    const claims = payloadHook ? await hook('payload', () => payloadHook(user)) : defaultClaims(user);
    if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
      throw new JwtKitError('HANDLER_FAILED', 'The payload hook must return an object of claims');
    }
    const full = tokens.withStandardClaims(claims);
    const bad = findBadTimeClaim(full);
    if (bad) throw new JwtKitError('HANDLER_FAILED', `The payload hook set "${bad}" to something other than a number`);
    const token = encode ? await hook('encode', () => encode(full, { sign: tokens.sign })) : tokens.sign(full);
    if (typeof token !== 'string' || token === '') throw new JwtKitError('HANDLER_FAILED', 'The encode hook must return a token string');
    return token;
  };
}

// Flask-JWT's default payload: the user's id as `user_id`; the time claims and jti are added after.
function defaultClaims(user: unknown): JwtPayload {
  const id = (user as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' && typeof id !== 'number') throw new JwtKitError('USER_ID_MISSING');
  return { user_id: id };
}

export function createLoginRoute<TUser>(config: ResolvedConfig<TUser>, issueToken: IssueToken<TUser>): Middleware {
  const { authenticate, authResponse } = config.handlers;
  if (!authenticate) throw new TypeError('createLoginRoute needs handlers.authenticate');
  const render = renderOptions(config);

  const login = async (ctx: Context): Promise<void> => {
    const body = await readJsonObject(ctx);
    const username = body[config.usernameField];
    const password = body[config.passwordField];
    if (typeof username !== 'string' || typeof password !== 'string' || username === '' || password === '') {
      throw new JwtKitError('INVALID_CREDENTIALS');
    }
    const user = await hook('authenticate', () => authenticate(username, password));
    if (isNoUser(user)) throw new JwtKitError('INVALID_CREDENTIALS');
    const token = await issueToken(user);
    ctx.status = 200;
    const custom = authResponse ? await hook('authResponse', () => authResponse(token, user, ctx as HookContext)) : undefined;
    // undefined (and null) mean "the default": a login must never answer 204 without a token.
    ctx.body = custom === undefined || custom === null ? { token } : custom;
  };

  return async (ctx) => {
    try {
      await login(ctx);
    } catch (error) {
      await renderError(ctx, error, render);
    }
  };
}

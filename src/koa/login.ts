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

/**
 * The longest username or password (UTF-8 bytes) the login route hands to `authenticate`. Longer ones are
 * refused with LOGIN_FIELD_TOO_LONG before any hash runs: a megabyte "password" costs a slow KDF real time
 * (OWASP Authentication Cheat Sheet, "Implement Proper Password Strength Controls"), and bcrypt ignores
 * everything after 72 bytes anyway. 1024 leaves room for long passphrases.
 */
export const FIELD_LIMIT_BYTES = 1024;

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

/**
 * The body's own `name` field. Never one inherited through the prototype: an app's body parser that merges
 * `__proto__` (prototype pollution) must not be able to hand a username or password to `authenticate`.
 */
function ownField(body: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
}

export function createLoginRoute<TUser>(config: ResolvedConfig<TUser>, issueToken: IssueToken<TUser>): Middleware {
  const { authenticate, authResponse } = config.handlers;
  if (!authenticate) throw new TypeError('createLoginRoute needs handlers.authenticate');
  const render = renderOptions(config);

  const fields = `${JSON.stringify(config.usernameField)} and ${JSON.stringify(config.passwordField)}`;

  const login = async (ctx: Context): Promise<void> => {
    // RFC 6749 section 5.1: a response that carries a token must not be kept by any cache (a shared proxy, the
    // browser's back button). Set first, so every answer of this route has them, whatever the body holds.
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Pragma', 'no-cache');
    const body = await readJsonObject(ctx);
    const username = ownField(body, config.usernameField);
    const password = ownField(body, config.passwordField);
    // A body of the wrong shape is the client's mistake, not a wrong password: say which fields are expected.
    if (typeof username !== 'string' || typeof password !== 'string' || username === '' || password === '') {
      throw new JwtKitError('LOGIN_FIELDS_INVALID', `The request body must be a JSON object with the fields ${fields} as non-empty strings`);
    }
    if (Buffer.byteLength(username) > FIELD_LIMIT_BYTES || Buffer.byteLength(password) > FIELD_LIMIT_BYTES) {
      throw new JwtKitError('LOGIN_FIELD_TOO_LONG', `The fields ${fields} may hold at most ${FIELD_LIMIT_BYTES} bytes each`);
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

/**
 * The guards, one factory per kind: `requiredGuard` (Flask-JWT's `@jwt_required()`), `optionalGuard` (a request
 * without a token passes as anonymous; a bad token still fails) and `scopedGuard` (a required guard that also
 * checks scopes, roles or a predicate: 403 when they fail). `kit.guard(options)` picks the required or the scoped
 * one from its options; every kind can be skipped on public paths with `.unless()` (koa-unless's convention).
 */
import type { Context, Middleware, Next } from 'koa';
import { JwtKitError } from '../errors';
import { isThenable } from '../config/hooks';
import type { JwtPayload, ResolvedConfig } from '../config/types';
import { createAuthorize, type AuthorizeRules } from './authorize';
import type { Identify } from './identify';
import { renderError, renderOptions, type RenderOptions } from './render';
import type { AuthState, OptionalAuthState } from './state';
import { unless, type UnlessOptions } from './unless';

export interface OptionalGuardOptions {
  /** Realm of this route's WWW-Authenticate challenge. Default: the config's `realm`. */
  realm?: string;
  /** Skip the guard on these paths or methods, as `guard.unless(conditions)` does. */
  unless?: UnlessOptions;
}

export interface GuardOptions<TUser = unknown, TClaims extends object = JwtPayload> extends OptionalGuardOptions, AuthorizeRules<TUser, TClaims> {
  /**
   * Require a fresh token: one made by a login, not by a refresh (for "change password" routes). Otherwise 401
   * `TOKEN_NOT_FRESH`. While refresh tokens are off every token comes from a login, so every token is fresh.
   */
  fresh?: boolean;
}

/** A guard middleware, with koa-unless's `.unless()`: a skipped request passes with no user. */
export interface Guard<TState, TSkipped = TState> extends Middleware<TState> {
  unless(conditions: UnlessOptions): Middleware<TSkipped>;
}

/** What every guard is built from. */
export interface GuardParts<TUser> {
  config: ResolvedConfig<TUser>;
  identify: Identify<TUser>;
}

// A CORS preflight carries no credentials by design (Fetch standard, CORS-preflight request): never block it,
// but never hand it to the protected handler either (that would serve the route to anyone who sends OPTIONS
// with two headers). CORS middleware in front (kit.middleware() when cors is on) answers it before this point;
// one that reaches the guard is ended here with an empty 204.
const isPreflight = (ctx: { method: string; get(name: string): string }): boolean =>
  ctx.method === 'OPTIONS' && ctx.get('Origin') !== '' && ctx.get('Access-Control-Request-Method') !== '';

/** The render options of a guard, its realm checked now, at start-up: one the header cannot carry would make every 401 a 500. */
function guardRender<TUser>(config: ResolvedConfig<TUser>, realm: string | undefined): RenderOptions {
  if (realm !== undefined && !/^[ -~]+$/.test(realm)) {
    throw new TypeError(`guard({ realm }) must be printable ASCII, as the WWW-Authenticate header allows: ${JSON.stringify(realm)}`);
  }
  return renderOptions(config, realm);
}

/**
 * The middleware of a guard: preflights ended, `admit` run, its failure rendered, the route run on success.
 * `admit` answers synchronously where it can (a valid token, our own verify, a synchronous identity hook): then
 * the route runs at once, with no promise of the guard's own in between.
 */
function guardMiddleware<TState>(render: RenderOptions, admit: (ctx: Context) => void | Promise<void>): Middleware<TState> {
  return (ctx, next: Next) => {
    if (isPreflight(ctx)) {
      ctx.status = 204;
      return undefined;
    }
    let admitted: void | Promise<void>;
    try {
      admitted = admit(ctx as unknown as Context);
    } catch (error) {
      return renderError(ctx as unknown as Context, error, render);
    }
    if (admitted === undefined) return next();
    return admitted.then(next, (error: unknown) => renderError(ctx as unknown as Context, error, render));
  };
}

const setState = (ctx: Context, { user, jwt }: AuthState<unknown>): void => {
  ctx.state.user = user;
  ctx.state.jwt = jwt;
};

/** Identifies the request and sets its state: synchronously when `identify` answered so. */
const admitWith =
  <TUser>(identify: Identify<TUser>) =>
  (ctx: Context): void | Promise<void> => {
    const state = identify(ctx);
    if (!isThenable(state)) return setState(ctx, state);
    return state.then((found) => setState(ctx, found));
  };

/** Identifies the request, and refuses a token from a refresh where the guard asks for a fresh one. */
function identifyFor<TUser>({ config, identify }: GuardParts<TUser>, options: { fresh?: boolean }): Identify<TUser> {
  if (options.fresh !== true || !config.refresh.enabled) return identify;
  return async (ctx) => {
    const state = await identify(ctx);
    if (state.jwt.payload.fresh !== true) throw new JwtKitError('TOKEN_NOT_FRESH');
    return state;
  };
}

/** 401 unless the request carries a valid token for a known user. */
export function requiredGuard<TUser>(parts: GuardParts<TUser>, options: GuardOptions<TUser> = {}): Middleware<AuthState<TUser>> {
  const identify = identifyFor(parts, options);
  return guardMiddleware(guardRender(parts.config, options.realm), admitWith(identify));
}

/** Lets a request without any token through with no user; a token that fails still answers 401. */
export function optionalGuard<TUser>({ config, identify }: GuardParts<TUser>, options: OptionalGuardOptions = {}): Middleware<OptionalAuthState<TUser>> {
  const anonymous = (error: unknown): void => {
    if ((error as { code?: string }).code !== 'TOKEN_MISSING') throw error;
  };
  return guardMiddleware(guardRender(config, options.realm), (ctx) => {
    let state: ReturnType<Identify<TUser>>;
    try {
      state = identify(ctx);
    } catch (error) {
      return anonymous(error);
    }
    if (!isThenable(state)) return setState(ctx, state);
    return state.then((found) => setState(ctx, found), anonymous);
  });
}

/** A required guard that also checks the token's scopes, roles or the `allow` predicate: 403 when they fail. */
export function scopedGuard<TUser>(parts: GuardParts<TUser>, options: GuardOptions<TUser>): Middleware<AuthState<TUser>> {
  const { config } = parts;
  const identify = identifyFor(parts, options);
  const render = guardRender(config, options.realm);
  const authorize = createAuthorize(options, config.rolesClaim, render);
  return guardMiddleware(render, async (ctx) => {
    const state = await identify(ctx);
    setState(ctx, state);
    await authorize(state, ctx);
  });
}

/** Gives a guard its `.unless()`, and applies the `unless` option when given. */
export function withUnless<TState, TSkipped>(middleware: Middleware<TState>, conditions?: UnlessOptions): Guard<TState, TSkipped> {
  const guard = (conditions ? unless<TState, TState>(middleware, conditions) : middleware) as Guard<TState, TSkipped>;
  guard.unless = (more) => unless<TState, TSkipped>(guard, more);
  return guard;
}

/**
 * The kit: everything a config drives, assembled once. Validation, key preparation and hook checks all happen
 * in `createKit`, so a request never meets a half-valid config.
 */
import Router from '@koa/router';
import compose from 'koa-compose';
import type { Context, Middleware } from 'koa';
import { basename } from 'node:path';
import { JwtKitError, isJwtKitError } from '../errors';
import { resolveConfig, type ResolveOptions } from '../config/resolve';
import { invalid } from '../config/validate';
import { missingHandlers, missingSigningKey } from '../config/requirements';
import type { JwtKitConfig, ResolvedConfig } from '../config/types';
import { createTokenService, systemClock, type Clock, type TokenService } from '../token/service';
import { createCors } from './cors';
import { createGuard, type GuardOptions } from './guard';
import { createIdentify, isNoUser } from './identify';
import { createIssueToken } from './issue';
import { jwksRoute } from './jwks';
import { loginRoute } from './login';
import type { RouteModule } from './routes';
import { renderError, renderOptions } from './render';
import type { AuthState, OptionalAuthState } from './state';

/** The routes a kit may serve, each a module of its own (src/koa/<name>.ts); each decides from the config. */
const ROUTE_MODULES: RouteModule[] = [loginRoute, jwksRoute];

export interface KitOptions extends Omit<ResolveOptions, 'forKit'> {
  /** The clock, in seconds since the epoch. Tests set it; default the system clock. */
  now?: Clock;
}

export interface Kit<TUser> {
  /** The resolved config: defaults filled, durations in seconds. */
  readonly config: ResolvedConfig<TUser>;
  /** Issue and verify tokens by hand. */
  readonly tokens: TokenService;
  /** The router of the login route, which is named `authEndpoint`: `kit.router.url('jwt')` is `/auth`. */
  readonly router: Router;
  /** Everything in one: JSON errors for `verifyRequest`, CORS when enabled, the login route. */
  middleware(): Middleware;
  /** The login route alone (and 405 for other methods on its path), for apps that mount pieces by hand. */
  routes(): Middleware;
  /** Flask-JWT's `jwt_required()`: 401 JSON unless the request carries a valid token for a known user. */
  guard(options?: GuardOptions): Middleware<AuthState<TUser>>;
  /** Lets a request without a token through with no user; a bad token still fails. */
  optionalGuard(options?: GuardOptions): Middleware<OptionalAuthState<TUser>>;
  /** Flask-JWT's `verify_jwt()`: verifies the request by hand, sets `ctx.state.user`, returns the user. */
  verifyRequest(ctx: Context): Promise<TUser>;
  /** The token the login route would issue for `user`, for custom login flows. */
  issueToken(user: TUser): Promise<string>;
  /** The current user of a guarded request, typed. Throws `USER_NOT_FOUND` if no guard has set one. */
  currentUser(ctx: { state: unknown }): TUser;
}

/**
 * Builds a kit from a config object. Throws `CONFIG_INVALID` with every problem listed.
 *
 * @example
 * ```ts
 * const kit = createKit(config);
 * app.use(kit.middleware());
 * router.get('/protected', kit.guard(), (ctx) => { ctx.body = `Hello ${ctx.state.user.name}`; });
 * ```
 */
export function createKit<TUser>(config: JwtKitConfig<TUser> | ResolvedConfig<TUser>, options: KitOptions = {}): Kit<TUser> {
  // A config object is checked in one pass, kit requirements included; an already resolved one (from
  // loadConfig or resolveConfig) still has to meet the kit's requirements.
  const resolved = isResolved<TUser>(config) ? checkRequirements(config) : resolveConfig<TUser>(config, { ...options, forKit: true });
  const tokens = createTokenService(resolved, options.now ?? systemClock);
  const identify = createIdentify(resolved, tokens);
  const issueToken = createIssueToken(resolved, tokens);
  const render = renderOptions(resolved);

  const router = new Router();
  const context = { config: resolved, tokens, identify, issueToken };
  for (const route of ROUTE_MODULES.map((module) => module(context))) {
    if (route) router[route.method](route.name, route.path, route.handle);
  }
  const routes = compose([router.routes(), router.allowedMethods()]) as Middleware;

  // Renders a JwtKitError thrown downstream (by verifyRequest in a route) as JSON; other errors pass on.
  const errorBoundary: Middleware = async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!isJwtKitError(error)) throw error;
      await renderError(ctx, error, render);
    }
  };
  const all = compose([errorBoundary, ...(resolved.cors.enabled ? [createCors(resolved.cors)] : []), routes]) as Middleware;

  return {
    config: resolved,
    tokens,
    router,
    middleware: () => all,
    routes: () => routes,
    guard: (guardOptions) => createGuard(resolved, identify, false, guardOptions),
    optionalGuard: (guardOptions) => createGuard(resolved, identify, true, guardOptions),
    verifyRequest: async (ctx) => {
      const { user, jwt } = await identify(ctx);
      Object.assign(ctx.state as object, { user, jwt });
      return user;
    },
    issueToken,
    currentUser: (ctx) => {
      const user = (ctx.state as Partial<AuthState<TUser>>).user;
      if (isNoUser(user)) throw new JwtKitError('USER_NOT_FOUND');
      return user;
    },
  };
}

function isResolved<TUser>(config: object): config is ResolvedConfig<TUser> {
  const { keys, remoteJwks } = config as ResolvedConfig;
  // A resolved resource server has no keys of its own, and its remoteJwks durations are numbers already.
  const remote = keys?.length === 0 && typeof remoteJwks?.cooldown === 'number';
  return Array.isArray(keys) && (typeof keys[0]?.verifying === 'object' || remote);
}

function checkRequirements<TUser>(config: ResolvedConfig<TUser>): ResolvedConfig<TUser> {
  const problems = [...missingHandlers(config), ...missingSigningKey(config)];
  if (problems.length > 0) throw invalid(config.filepath ? basename(config.filepath) : 'config', problems);
  return config;
}

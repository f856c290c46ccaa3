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
import { profileProblems } from '../config/requirements';
import type { JwtKitConfig, JwtPayload, ResolvedConfig } from '../config/types';
import { createTokenService, systemClock, type Clock, type TokenService } from '../token/service';
import { hasRules } from './authorize';
import { createAuthCookies } from './cookies';
import { createCors } from './cors';
import { optionalGuard, requiredGuard, scopedGuard, withUnless, type Guard, type GuardOptions, type OptionalGuardOptions } from './guard';
import { createIdentify, isNoUser } from './identify';
import { createEncodeAccess, createIssueToken, createUserClaims, type IssueOptions } from './issue';
import { createSessions, type Sessions } from '../lifecycle/sessions';
import { createRefreshTokenService } from '../lifecycle/refresh-tokens';
import { createRevocationCheck } from '../lifecycle/revocation';
import { createLoginThrottle } from '../lifecycle/throttle';
import { createStore } from '../store/create';
import type { TokenStore } from '../store/types';
import { logoutRoute } from './logout';
import { refreshRoute } from './refresh';
import { createLocateToken } from './locate';
import { createRouteFilter } from './route-filter';
import { jwksRoute } from './jwks';
import { loginRoute } from './login';
import type { RouteModule } from './routes';
import { renderError, renderOptions } from './render';
import type { AuthState, OptionalAuthState } from './state';
import type { UnlessOptions } from './unless';

/** The routes a kit may serve, each a module of its own (src/koa/<name>.ts); each decides from the config. */
const ROUTE_MODULES: RouteModule[] = [loginRoute, refreshRoute, logoutRoute, jwksRoute];

export interface KitOptions extends Omit<ResolveOptions, 'profile'> {
  /** The clock, in seconds since the epoch. Tests set it; default the system clock. */
  now?: Clock;
  /** Told about each store connection error (a Redis store reconnects by itself); for the server log. */
  onStoreError?: (error: Error) => void;
}

/**
 * A kit. `TClaims` types the custom claims of its tokens (`ctx.state.jwt.payload.role`): a promise your payload
 * hook keeps, not something the kit checks at run time.
 */
export interface Kit<TUser, TClaims extends object = JwtPayload> {
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
  /**
   * Flask-JWT's `jwt_required()`: 401 JSON unless the request carries a valid token for a known user. With
   * `scopes`, `roles` or `allow`, also 403 unless the token grants them. `.unless({ path, method })` skips it on
   * public paths (koa-unless's convention).
   *
   * @example
   * ```ts
   * router.post('/orders', kit.guard({ scopes: ['orders:write'] }), handler);
   * router.get('/admin', kit.guard({ roles: ['admin'] }), handler);
   * app.use(kit.guard().unless({ path: ['/health', /^\/public\//] }));
   * ```
   */
  guard(options: GuardOptions<TUser, TClaims> & { unless: UnlessOptions }): Guard<OptionalAuthState<TUser, TClaims>>;
  guard(options?: GuardOptions<TUser, TClaims>): Guard<AuthState<TUser, TClaims>, OptionalAuthState<TUser, TClaims>>;
  /** Lets a request without a token through with no user; a bad token still fails. */
  optionalGuard(options?: OptionalGuardOptions): Guard<OptionalAuthState<TUser, TClaims>>;
  /** Flask-JWT's `verify_jwt()`: verifies the request by hand, sets `ctx.state.user`, returns the user. */
  verifyRequest(ctx: Context): Promise<TUser>;
  /**
   * The token the login route would issue for `user`, for custom login flows; `expiresIn` and `claims` change
   * this token only.
   *
   * @example
   * ```ts
   * const token = await kit.issueToken(user, { expiresIn: '10m', claims: { scope: 'orders:read' } });
   * ```
   */
  issueToken(user: TUser, options?: IssueOptions<TClaims>): Promise<string>;
  /**
   * The current user of a guarded request, typed. Throws `USER_NOT_FOUND` (a 401 through `kit.middleware()`)
   * where no user was set: a route without a guard, an optional guard's anonymous request, a path skipped by
   * `.unless()`. Use `userOrNull` there.
   */
  currentUser(ctx: { state: unknown }): TUser;
  /** The current user, or null where there is none (optional guards, `.unless()` paths, unguarded routes). */
  userOrNull(ctx: { state: unknown }): TUser | null;
  /**
   * Sets the auth cookies for `token` (a token this kit issued): the HttpOnly token cookie and the readable CSRF
   * cookie. For custom login and refresh routes; needs `cookie` among `tokenLocations`.
   */
  setAuthCookies(ctx: Context, token: string): void;
  /**
   * Expires the auth cookies, for a logout route. Clears only the browser's copy: the token itself stays valid
   * until it expires unless it is also revoked (`handlers.isRevoked`).
   *
   * @example
   * ```ts
   * router.post('/logout', kit.guard(), (ctx) => { kit.clearAuthCookies(ctx); ctx.status = 204; });
   * ```
   */
  clearAuthCookies(ctx: Context): void;
  /** Revokes one token (access or refresh) until it expires; its signature must be ours. */
  revokeToken(token: string): Promise<void>;
  /** Revokes every token of a login session: the refresh family named by a token's `fam` claim. */
  revokeFamily(family: string): Promise<void>;
  /** Revokes every token of a user issued until now ("log out everywhere", a deleted account). */
  revokeUser(user: string | number): Promise<void>;
  /**
   * The store of revocations, used refresh tokens and login counters; undefined while revocation, refresh and
   * login throttling are all off (or throttling has no login route to guard).
   */
  readonly store?: TokenStore;
  /** Sessions: `login(user)` for custom login flows that want the refresh token too. */
  readonly sessions: Sessions<TUser>;
  /** Releases the store (a Redis connection); call it when the app stops. */
  close(): Promise<void>;
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
export function createKit<TUser, TClaims extends object = JwtPayload>(
  config: JwtKitConfig<TUser> | ResolvedConfig<TUser>,
  options: KitOptions = {},
): Kit<TUser, TClaims> {
  // A config object is checked in one pass, kit requirements included; an already resolved one (from
  // loadConfig or resolveConfig) still has to meet the kit's requirements.
  const resolved = isResolved<TUser>(config) ? checkRequirements(config) : resolveConfig<TUser>(config, { ...options, profile: 'kit' });
  const now = options.now ?? systemClock;
  // The store exists only where something needs it: revocation, refresh tokens, or login throttling (on by
  // default, so most kits make one). Guarded requests touch it only while revocation is on; throttling only
  // at the login route.
  const lifecycle = resolved.revocation || resolved.refresh.enabled;
  const throttling = resolved.loginThrottle.enabled && resolved.authPath !== null;
  const store = lifecycle || throttling ? createStore(resolved.store, { env: options.env, now, onError: options.onStoreError }) : undefined;
  const isRevoked = createRevocationCheck(resolved.revocation ? store : undefined, resolved.handlers.isRevoked);
  const tokens = createTokenService({ ...resolved, tokenType: 'access', handlers: { isRevoked } }, now);
  // Refresh tokens are always our own (a resource server with remoteJwks has none): their own keys and lifetime.
  const refreshTokens = resolved.refresh.enabled ? createRefreshTokenService(resolved as ResolvedConfig<unknown>, now) : tokens;
  const cookies = createAuthCookies(resolved, now);
  const identify = createIdentify(resolved, tokens, createLocateToken(resolved, cookies));
  const userClaims = createUserClaims(resolved);
  const encodeAccess = createEncodeAccess(resolved as ResolvedConfig<unknown>, tokens);
  const issueToken = createIssueToken(userClaims, encodeAccess);
  // Revocation by hand needs revocation on: a store made for throttling alone is never asked about tokens.
  const sessions = createSessions({ config: resolved, tokens, refreshTokens, encodeAccess, userClaims, store: lifecycle ? store : undefined, now });
  const throttle =
    throttling && store ? createLoginThrottle({ options: resolved.loginThrottle, store, signingKey: resolved.keys.find((key) => key.current)?.signing }) : undefined;
  const render = renderOptions(resolved);
  const parts = { config: resolved, identify };

  const router = new Router();
  const context = { config: resolved, tokens, identify, issueToken, cookies, sessions, throttle };
  for (const route of ROUTE_MODULES.map((module) => module(context))) {
    if (route) router[route.method](route.name, route.path, route.handle);
  }
  const routed = compose([router.routes(), router.allowedMethods()]) as Middleware;
  // A request for none of the kit's paths (most of them) goes straight on, past the router (./route-filter).
  const mayRoute = createRouteFilter(router);
  const routes: Middleware = (ctx, next) => (mayRoute(ctx) ? routed(ctx, next) : next());

  // kit.middleware() runs in front of every request of the app, so it is one function rather than a compose of
  // three: CORS when enabled, the routes, and an error boundary that renders a JwtKitError thrown downstream (by
  // verifyRequest or currentUser in an app's route) as JSON; other errors pass on to Koa. One promise reaction
  // per request, and no other.
  const cors = resolved.cors.enabled ? createCors(resolved.cors) : undefined;
  const inner: Middleware = cors ? (ctx, next) => cors(ctx, () => routes(ctx, next)) : routes;
  const all: Middleware = (ctx, next) => {
    let downstream: Promise<unknown>;
    try {
      // Promise.resolve returns a promise as it is: it only wraps a `next` that answered with a plain value.
      downstream = Promise.resolve(inner(ctx, next ?? nothingNext));
    } catch (error) {
      downstream = Promise.reject(error);
    }
    return downstream.then(undefined, (error: unknown) => {
      if (!isJwtKitError(error)) throw error;
      return renderError(ctx, error, render);
    });
  };

  return {
    config: resolved,
    tokens,
    router,
    middleware: () => all,
    routes: () => routes,
    // One factory per kind of guard: the options say which (scopes, roles or allow make it a scoped one).
    guard: ((guardOptions: GuardOptions<TUser> = {}) =>
      withUnless(hasRules(guardOptions) ? scopedGuard(parts, guardOptions) : requiredGuard(parts, guardOptions), guardOptions.unless)) as Kit<
      TUser,
      TClaims
    >['guard'],
    optionalGuard: (guardOptions = {}) =>
      withUnless(optionalGuard(parts, guardOptions), guardOptions.unless) as unknown as Guard<OptionalAuthState<TUser, TClaims>>,
    verifyRequest: async (ctx) => {
      const { user, jwt } = await identify(ctx);
      Object.assign(ctx.state as object, { user, jwt });
      return user;
    },
    issueToken: async (user, issueOptions) => (await issueToken(user, issueOptions)).token,
    revokeToken: sessions.revokeToken,
    revokeFamily: sessions.revokeFamily,
    revokeUser: sessions.revokeUser,
    store,
    sessions,
    close: async () => store?.close(),
    currentUser: (ctx) => {
      const user = userOf(ctx);
      if (isNoUser(user)) throw new JwtKitError('USER_NOT_FOUND');
      return user;
    },
    userOrNull: (ctx) => userOf(ctx) ?? null,
    setAuthCookies: (ctx, token) => {
      if (!cookies.enabled) throw new TypeError('setAuthCookies needs "cookie" among the config\'s tokenLocations');
      cookies.set(ctx, token, tokens.decodeUnverified(token).payload);
    },
    clearAuthCookies: (ctx) => cookies.clear(ctx),
  };

  function userOf(ctx: { state: unknown }): TUser | undefined {
    const user = (ctx.state as Partial<AuthState<TUser>> | undefined)?.user;
    return isNoUser(user) ? undefined : user;
  }
}

/** The `next` of a caller that gives none (koa-compose, used here before, made up the same). */
const nothingNext = (): Promise<void> => Promise.resolve();

function isResolved<TUser>(config: object): config is ResolvedConfig<TUser> {
  const { keys, remoteJwks } = config as ResolvedConfig;
  // A resolved resource server has no keys of its own, and its remoteJwks durations are numbers already.
  const remote = keys?.length === 0 && typeof remoteJwks?.cooldown === 'number';
  return Array.isArray(keys) && (typeof keys[0]?.verifying === 'object' || remote);
}

function checkRequirements<TUser>(config: ResolvedConfig<TUser>): ResolvedConfig<TUser> {
  const problems = profileProblems(config as ResolvedConfig<unknown>, 'kit');
  if (problems.length > 0) throw invalid(config.filepath ? basename(config.filepath) : 'config', problems);
  return config;
}

/**
 * The routes a kit serves (login, refresh, logout; JWKS as it lands), one module each. A module is a
 * function of what the kit prepared once, returning its route, or undefined when the config turns it off;
 * `createKit` registers every module of its list on one router, so a new route is a new file and one entry.
 */
import type { Context, Middleware } from 'koa';
import type { ResolvedConfig } from '../config/types';
import type { TokenService } from '../token/service';
import type { AuthCookies } from './cookies';
import type { Identify } from './identify';
import type { IssueToken } from './issue';
import type { Sessions, TokenPair } from '../lifecycle/sessions';
import type { LoginThrottle } from '../lifecycle/throttle';
import { CSRF_CLAIM } from './csrf';
import { renderError, renderOptions } from './render';

/** Everything the kit prepared once, handed to each route module. */
export interface RouteContext<TUser> {
  config: ResolvedConfig<TUser>;
  tokens: TokenService;
  identify: Identify<TUser>;
  /** Issues a token for a user: the token and the claims signed into it. */
  issueToken: IssueToken<TUser>;
  /** The auth cookies: `set` after issuing a token (when `enabled`), `clear` at logout. */
  cookies: AuthCookies;
  /** Login sessions: login, refresh with rotation, logout, revocation. */
  sessions: Sessions<TUser>;
  /** Failed-login counting, while `loginThrottle.enabled`. */
  throttle?: LoginThrottle;
}

/** One route: registered as `router[method](name, path, handle)`. */
export interface KitRoute {
  name: string;
  method: 'get' | 'post';
  path: string;
  handle: Middleware;
}

export type RouteModule = <TUser>(context: RouteContext<TUser>) => KitRoute | undefined;

/** A route handler whose every failure is answered as the kit's JSON error (and a 500 for a fault). */
export function jsonRoute<TUser>(config: ResolvedConfig<TUser>, handler: (ctx: Context) => Promise<void>): Middleware {
  const render = renderOptions(config);
  return async (ctx) => {
    try {
      await handler(ctx);
    } catch (error) {
      await renderError(ctx, error, render);
    }
  };
}

/**
 * RFC 6749 section 5.1: a response that carries a token must not be kept by any cache (a shared proxy, the
 * browser's back button). Set first, so every answer of a token route has them, whatever the body holds.
 */
export function noStore(ctx: Context): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
}

/**
 * The default body of a login or a refresh: the token (unless the cookie alone carries it: in a cookie-only
 * app, script never holds the token the HttpOnly cookie keeps from it), the refresh token under its configured
 * field, and the CSRF value while cookies need one (no secret from the page: it is in a readable cookie too,
 * and a page of another origin than the API cannot read the API's cookies).
 */
export function tokenBody(config: Pick<ResolvedConfig, 'refresh' | 'tokenLocations' | 'cookie'>, pair: TokenPair): Record<string, unknown> {
  const cookies = config.tokenLocations.includes('cookie');
  const tokenInBody = !cookies || config.tokenLocations.some((location) => location !== 'cookie');
  return {
    ...(tokenInBody && { token: pair.token }),
    ...(pair.refreshToken !== undefined && { [config.refresh.field]: pair.refreshToken }),
    ...(cookies && config.cookie.csrf && { csrfToken: pair.claims[CSRF_CLAIM] }),
  };
}

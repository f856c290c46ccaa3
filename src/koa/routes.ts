/**
 * The routes a kit serves (login, refresh, logout; JWKS as it lands), one module each. A module is a
 * function of what the kit prepared once, returning its route, or undefined when the config turns it off;
 * `createKit` registers every module of its list on one router, so a new route is a new file and one entry.
 */
import type { Context, Middleware } from 'koa';
import type { ResolvedConfig } from '../config/types';
import type { TokenPair } from '../lifecycle/sessions';
import type { TokenService } from '../token/service';
import type { Identify } from './identify';
import type { IssueToken } from './issue';
import type { Sessions } from '../lifecycle/sessions';
import { renderError, renderOptions } from './render';

/** Everything the kit prepared once, handed to each route module. */
export interface RouteContext<TUser> {
  config: ResolvedConfig<TUser>;
  tokens: TokenService;
  identify: Identify<TUser>;
  issueToken: IssueToken<TUser>;
  sessions: Sessions<TUser>;
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

/** The default body of a login or a refresh: `{ token }`, and the refresh token under its configured field. */
export function tokenBody(config: Pick<ResolvedConfig, 'refresh'>, pair: TokenPair): Record<string, string> {
  return pair.refreshToken === undefined ? { token: pair.token } : { token: pair.token, [config.refresh.field]: pair.refreshToken };
}

/**
 * The routes a kit serves (login today; refresh, logout and JWKS as they land), one module each. A module is a
 * function of what the kit prepared once, returning its route, or undefined when the config turns it off;
 * `createKit` registers every module of its list on one router, so a new route is a new file and one entry.
 */
import type { Context, Middleware } from 'koa';
import type { ResolvedConfig } from '../config/types';
import type { TokenService } from '../token/service';
import type { AuthCookies } from './cookies';
import type { Identify } from './identify';
import type { IssueToken } from './issue';
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

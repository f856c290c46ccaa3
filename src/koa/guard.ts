/**
 * The guard middleware: Flask-JWT's `@jwt_required()`, plus an optional variant that lets a request without
 * a token through as anonymous (a bad token still fails).
 */
import type { Middleware } from 'koa';
import { JwtKitError } from '../errors';
import type { ResolvedConfig } from '../config/types';
import type { Identify } from './identify';
import { renderError, renderOptions } from './render';
import type { AuthState, OptionalAuthState } from './state';

export interface GuardOptions {
  /** Realm of this route's WWW-Authenticate challenge. Default: the config's `realm`. */
  realm?: string;
  /**
   * Require a fresh token: one made by a login, not by a refresh (for "change password" routes). Otherwise 401
   * `TOKEN_NOT_FRESH`. While refresh tokens are off every token comes from a login, so every token is fresh.
   */
  fresh?: boolean;
}

// A CORS preflight carries no credentials by design (Fetch standard, CORS-preflight request): never block it,
// but never hand it to the protected handler either (that would serve the route to anyone who sends OPTIONS
// with two headers). CORS middleware in front (kit.middleware() when cors is on) answers it before this point;
// one that reaches the guard is ended here with an empty 204.
const isPreflight = (ctx: { method: string; get(name: string): string }): boolean =>
  ctx.method === 'OPTIONS' && ctx.get('Origin') !== '' && ctx.get('Access-Control-Request-Method') !== '';

export function createGuard<TUser>(
  config: ResolvedConfig<TUser>,
  identify: Identify<TUser>,
  optional: boolean,
  options: GuardOptions = {},
): Middleware<AuthState<TUser>> & Middleware<OptionalAuthState<TUser>> {
  // Checked now, at start-up: a realm the header cannot carry would turn every 401 into a 500.
  if (options.realm !== undefined && !/^[ -~]+$/.test(options.realm)) {
    throw new TypeError(`guard({ realm }) must be printable ASCII, as the WWW-Authenticate header allows: ${JSON.stringify(options.realm)}`);
  }
  const render = renderOptions(config, options.realm);
  const needsFresh = options.fresh === true && config.refresh.enabled;
  return async (ctx, next) => {
    if (isPreflight(ctx)) {
      ctx.status = 204;
      return;
    }
    try {
      const { user, jwt } = await identify(ctx);
      if (needsFresh && jwt.payload.fresh !== true) throw new JwtKitError('TOKEN_NOT_FRESH');
      ctx.state.user = user;
      ctx.state.jwt = jwt;
    } catch (error) {
      const anonymous = optional && (error as { code?: string }).code === 'TOKEN_MISSING';
      if (!anonymous) return renderError(ctx, error, render);
    }
    return next();
  };
}

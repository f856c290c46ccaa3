/**
 * The refresh route: `POST /auth/refresh` with `{ "refresh_token": "..." }` answers a new pair. Each refresh
 * token works once; presenting a used one revokes its whole session (src/lifecycle/sessions.ts).
 */
import type { Context } from 'koa';
import { JwtKitError } from '../errors';
import { readJsonObject } from './body';
import { refuseOversized } from './token-size';
import { jsonRoute, noStore, tokenBody, type KitRoute, type RouteContext } from './routes';

export function refreshRoute<TUser>({ config, sessions, cookies }: RouteContext<TUser>): KitRoute | undefined {
  const { refresh } = config;
  if (!refresh.enabled) return undefined;

  const handle = async (ctx: Context): Promise<void> => {
    noStore(ctx);
    const body = await readJsonObject(ctx);
    const refreshToken = Object.prototype.hasOwnProperty.call(body, refresh.field) ? body[refresh.field] : undefined;
    if (typeof refreshToken !== 'string' || refreshToken === '') {
      throw new JwtKitError('REFRESH_BODY_INVALID', `The request body must be a JSON object with the field ${JSON.stringify(refresh.field)}`);
    }
    // The body may be 16 KiB: the token in it gets the cap of a token in a header, before anything parses it.
    refuseOversized(refreshToken, config.maxTokenBytes);
    const pair = await sessions.refresh(refreshToken);
    if (cookies.enabled) cookies.set(ctx, pair.token, pair.claims);
    ctx.status = 200;
    ctx.body = tokenBody(config, pair);
  };

  return { name: 'refresh', method: 'post', path: refresh.path, handle: jsonRoute(config, handle) };
}

/**
 * The logout route: `POST /auth/logout` with the access token in the usual header revokes it (by jti, until
 * it expires) and its refresh family, clears the auth cookies, then answers 204. A token that is already bad or revoked gets the
 * guard's 401.
 */
import type { Context } from 'koa';
import { jsonRoute, type KitRoute, type RouteContext } from './routes';

export function logoutRoute<TUser>({ config, identify, sessions, cookies }: RouteContext<TUser>): KitRoute | undefined {
  if (!config.logout.enabled) return undefined;

  const handle = async (ctx: Context): Promise<void> => {
    const { jwt } = await identify(ctx);
    await sessions.logout(jwt.payload);
    if (cookies.enabled) cookies.clear(ctx);
    ctx.status = 204;
  };

  return { name: 'logout', method: 'post', path: config.logout.path, handle: jsonRoute(config, handle) };
}

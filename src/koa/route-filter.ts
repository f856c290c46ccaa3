/**
 * A cheap test that runs before @koa/router on every request through `kit.middleware()`: is the request's path
 * one of the kit's routes at all? Most requests are for the app's own routes, and for them the router's regexp
 * matching, its context fields and `allowedMethods`' promise were paid on every guarded request for nothing.
 *
 * Conservative by construction: it only says "not ours" for a path that no route of the router can match. While
 * every route path is plain (no parameter, wildcard or group: the kit's own are), a route matches its path up to
 * letter case (`sensitive: false`) and trailing slashes (`strict: false`), so those are compared that way. A
 * route path that is not plain, a prefix, a host or a `routerPath` option turns the test off: every request then
 * goes to the router, as before. Routes added to `kit.router` later are seen (the stack is re-read when its
 * length or prefix changes).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';

const PLAIN_PATH = /^\/[A-Za-z0-9\-._~%/]*$/;

const normalise = (path: string): string => {
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === 47) end -= 1;
  return (end === path.length ? path : path.slice(0, end)).toLowerCase();
};

export function createRouteFilter(router: Router): (ctx: Context) => boolean {
  let seenLength = -1;
  let seenPrefix: unknown;
  // undefined: the test is off, every request goes to the router.
  let paths: Set<string> | undefined;

  const reread = (): void => {
    const { prefix, host, routerPath } = router.opts as { prefix?: string; host?: unknown; routerPath?: string };
    seenLength = router.stack.length;
    seenPrefix = prefix;
    const plain = !prefix && !host && !routerPath && router.stack.every((layer) => typeof layer.path === 'string' && PLAIN_PATH.test(layer.path));
    paths = plain ? new Set(router.stack.map((layer) => normalise(layer.path as string))) : undefined;
  };

  return (ctx) => {
    if (router.stack.length !== seenLength || router.opts.prefix !== seenPrefix) reread();
    if (paths === undefined) return true;
    const path = (ctx as { newRouterPath?: string }).newRouterPath || ctx.path || (ctx as { routerPath?: string }).routerPath || '';
    return paths.has(normalise(path));
  };
}

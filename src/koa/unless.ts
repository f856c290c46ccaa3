/**
 * koa-unless's convention for public paths, which koa-jwt users know: `guard.unless({ path, method })` skips
 * the guard when any condition matches. Paths are compared with the request's raw path (no query string), as
 * koa-unless does: exactly for a string, by `test` for a RegExp.
 */
import type { Middleware, ParameterizedContext } from 'koa';

/** A path: exact string, RegExp, or either restricted to some methods. */
export type UnlessPath = string | RegExp | { url: string | RegExp; methods?: readonly string[] };

export interface UnlessOptions {
  /** Paths the guard skips: one or a list. */
  path?: UnlessPath | readonly UnlessPath[];
  /** Methods the guard skips on every path: one or a list (`'OPTIONS'`, `['GET', 'HEAD']`). */
  method?: string | readonly string[];
  /** Your own condition: true skips the guard. */
  custom?: (ctx: ParameterizedContext) => boolean;
  /** Match `ctx.originalUrl` (default, as koa-unless) rather than `ctx.url`, which a mounting middleware may have shortened. */
  useOriginalUrl?: boolean;
}

const list = <T>(value: T | readonly T[] | undefined): readonly T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value as T]);

/** Whether a request matches the conditions (any one of them). Checked once, at start-up, for misuse. */
export function createUnlessMatcher(options: UnlessOptions): (ctx: ParameterizedContext) => boolean {
  const paths = list(options.path);
  const methods = new Set(list(options.method).map((method) => method.toUpperCase()));
  for (const path of paths) {
    const url = typeof path === 'object' && !(path instanceof RegExp) ? path.url : path;
    if (typeof url !== 'string' && !(url instanceof RegExp)) throw new TypeError('unless({ path }) takes strings, RegExps or { url, methods }');
  }
  const { custom, useOriginalUrl = true } = options;
  // A global or sticky RegExp keeps a lastIndex between calls, which would make every other test fail.
  const test = (pattern: RegExp, value: string) => {
    pattern.lastIndex = 0;
    return pattern.test(value);
  };
  const matches = (pattern: string | RegExp, value: string) => (typeof pattern === 'string' ? pattern === value : test(pattern, value));

  return (ctx) => {
    if (methods.has(ctx.method)) return true;
    const url = (useOriginalUrl ? ctx.originalUrl : ctx.url) ?? '';
    const pathname = url.split('?', 1)[0] ?? '';
    for (const path of paths) {
      if (typeof path === 'string' || path instanceof RegExp) {
        if (matches(path, pathname)) return true;
      } else if (matches(path.url, pathname) && (!path.methods || path.methods.some((m) => m.toUpperCase() === ctx.method))) {
        return true;
      }
    }
    return custom ? custom(ctx) === true : false;
  };
}

/** The middleware, skipped (straight to `next`) where the conditions match. */
export function unless<TState, TSkipped>(middleware: Middleware<TState>, options: UnlessOptions): Middleware<TSkipped> {
  const skip = createUnlessMatcher(options);
  return (ctx, next) => (skip(ctx as ParameterizedContext) ? next() : (middleware as unknown as Middleware<TSkipped>)(ctx, next));
}

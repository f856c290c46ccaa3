import cors from '@koa/cors';
import type { Middleware } from 'koa';
import type { ResolvedConfig } from '../config/types';

/**
 * CORS through @koa/cors, from the config's `cors` block. With a list of origins, a request from any other
 * origin gets no CORS headers at all, which the browser reads as a refusal.
 */
export function createCors(options: ResolvedConfig['cors']): Middleware {
  const { origins } = options;
  return cors({
    origin: origins === '*' ? '*' : (ctx) => (origins.includes(ctx.get('Origin')) ? ctx.get('Origin') : ''),
    credentials: options.credentials,
    maxAge: options.maxAge,
    // Browsers may only read the challenge of a 401 if it is exposed.
    exposeHeaders: ['WWW-Authenticate'],
    allowHeaders: undefined,
  });
}

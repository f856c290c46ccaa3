/**
 * The sample server of `jwt-kit serve`: a Koa app with the kit mounted, `GET /protected` (the Flask-JWT
 * quickstart's route) and `GET /me` (the current user, without anything that looks like a password).
 */
import Koa from 'koa';
import Router from '@koa/router';
import type { Kit } from './kit';
import type { AuthState } from './state';

export interface SampleAppOptions {
  /** Receives one line per request: method, path, status, milliseconds. */
  log?: (line: string) => void;
}

// Keys never sent back by /me, whatever the identity hook returns.
const PRIVATE_KEY = /pass(word)?|secret|hash|salt/i;

export function createSampleApp<TUser>(kit: Kit<TUser>, options: SampleAppOptions = {}): Koa {
  const app = new Koa();
  // Koa logs unhandled errors to stderr by default; a handler failure is already answered with a JSON 500.
  app.silent = true;
  if (options.log) {
    const log = options.log;
    app.use(async (ctx, next) => {
      const started = process.hrtime.bigint();
      try {
        await next();
      } finally {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        log(`${ctx.method} ${ctx.path} ${ctx.status} ${ms.toFixed(1)}ms`);
      }
    });
  }
  app.use(kit.middleware());
  const router = new Router<AuthState<TUser>>();
  router.get('/protected', kit.guard(), (ctx) => {
    ctx.body = 'Success!';
  });
  router.get('/me', kit.guard(), (ctx) => {
    ctx.body = withoutSecrets(ctx.state.user);
  });
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

function withoutSecrets(user: unknown): unknown {
  if (user === null || typeof user !== 'object') return user;
  return Object.fromEntries(Object.entries(user).filter(([key]) => !PRIVATE_KEY.test(key)));
}

/**
 * The sample server of `jwt-kit serve`: a Koa app with the kit mounted, `GET /protected` (the Flask-JWT
 * quickstart's route) and `GET /me` (the current user, without anything that looks like a password).
 *
 * Every request gets an id, sent back as `X-Request-Id` and written in its log line, so a client's report of a
 * failure can be found in the log. A log line holds the method, the path (never the query string), the status,
 * the time, the failure's code and the id: never a header, a body, a token, a password or a secret.
 */
import { randomBytes } from 'node:crypto';
import Koa from 'koa';
import Router from '@koa/router';
import type { Kit } from './kit';
import { playgroundMiddleware, type PlaygroundOptions } from './playground';
import { failureOf } from './render';
import type { AuthState } from './state';
import type { ResolvedConfig } from '../config/types';

export interface SampleAppOptions {
  /** Receives one line per request: method, path, status, milliseconds, the failure's code if any, the request id. */
  log?: (line: string) => void;
  /** Receives server faults (a hook that threw) and the request they broke: the client got a bare JSON 500. */
  logError?: (error: unknown, request: { method: string; path: string; id: string }) => void;
  /** Serves the playground page at `/` (and `/playground.json`, `/playground/*`). Off unless given. */
  playground?: PlaygroundOptions;
}

/** The response header that carries the request id. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

// Ids are made here, never taken from the client: a client's X-Request-Id could carry anything into the log.
const requestIds = new WeakMap<object, string>();
const newRequestId = (): string => randomBytes(8).toString('hex');

// Keys never sent back by /me, at any depth, whatever the identity hook returns: anything that names a password,
// a hash, a salt, a secret, a digest, a token or a key (hashedPassword, password_digest, apiKey, pwd...).
// Broad on purpose: hiding a harmless field costs less than showing a credential. `passport` stays.
const PRIVATE_KEY = /pass(word|wd|phrase)|^pass$|pwd|hash|salt|secret|digest|token|api_?key|private_?key|credential/i;

export function createSampleApp<TUser>(kit: Kit<TUser>, options: SampleAppOptions = {}): Koa {
  const app = new Koa();
  // Koa logs unhandled errors to stderr by default; a handler failure is already answered with a JSON 500.
  app.silent = true;
  const { logError } = options;
  if (logError) {
    app.on('error', (error: unknown, ctx?: { method: string; path: string }) =>
      logError(error, ctx ? { method: ctx.method, path: ctx.path, id: requestIds.get(ctx) ?? '-' } : { method: '-', path: '-', id: '-' }),
    );
  }
  app.use(async (ctx, next) => {
    const id = newRequestId();
    requestIds.set(ctx, id);
    ctx.set(REQUEST_ID_HEADER, id);
    await next();
  });
  if (options.log) {
    const log = options.log;
    app.use(async (ctx, next) => {
      const started = process.hrtime.bigint();
      let status = 500;
      try {
        await next();
        status = ctx.status;
      } catch (error) {
        // Koa answers a thrown error only after this middleware is done, so ctx.status still holds its 404
        // default here: log the status Koa will send (error.status or statusCode, else 500).
        const { status: given, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
        const code = given ?? statusCode;
        status = typeof code === 'number' && code >= 400 && code <= 599 ? code : 500;
        throw error;
      } finally {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        // The code of the failure jwt-kit answered with: its stable name, never its description or its cause.
        const code = failureOf(ctx)?.code;
        log(`${ctx.method} ${ctx.path} ${status} ${ms.toFixed(1)}ms${code ? ` ${code}` : ''} id=${requestIds.get(ctx) ?? '-'}`);
      }
    });
  }
  if (options.playground) app.use(playgroundMiddleware(kit.config as ResolvedConfig<unknown>, options.playground));
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

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !PRIVATE_KEY.test(key))
      .map(([key, inner]) => [key, withoutSecrets(inner)]),
  );
}

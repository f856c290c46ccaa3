/**
 * A Koa app with a kit mounted the way the README shows it, for the HTTP tests: `app.use(kit.middleware())`,
 * then a router with guarded routes. Users are Flask-JWT's quickstart users.
 */
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { createKit, type AuthState, type JwtKitConfig, type Kit, type KitOptions, type OptionalAuthState } from '../../src';

export interface User {
  id: number;
  username: string;
  password: string;
}

export const USERS: User[] = [
  { id: 1, username: 'joe', password: 'pass' },
  { id: 2, username: 'ann', password: 'word' },
];

/** 64 bytes: the floor of HS512, the longest (RFC 7518 section 3.2). */
export const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789-ABCD';

/** A fixed instant (seconds), 2023-11-14T22:13:20Z. */
export const T = 1_700_000_000;

export const authenticate = (username: string, password: string): User | null =>
  USERS.find((u) => u.username === username && u.password === password) ?? null;

export const identity = (payload: { [claim: string]: unknown }): User | null =>
  USERS.find((u) => u.id === payload.user_id) ?? null;

export function baseConfig(overrides: JwtKitConfig<User> = {}): JwtKitConfig<User> {
  const { handlers, ...rest } = overrides;
  return { secret: SECRET, ...rest, handlers: { authenticate, identity, ...handlers } };
}

export interface TestApp {
  kit: Kit<User>;
  app: Koa;
  http: ReturnType<typeof request>;
  /** Errors Koa was told about (the 5xx faults); listening also keeps Koa from printing them. */
  errors: unknown[];
  /** Sets the injected clock. */
  setNow(seconds: number): void;
}

/**
 * Routes: GET /protected (guard), GET /admin (guard, realm Admin), GET /optional (optional guard),
 * GET /manual (kit.verifyRequest by hand), GET /open (no guard).
 */
export function makeApp(config: JwtKitConfig<User> = baseConfig(), options: KitOptions = {}): TestApp {
  let now = T;
  const kit = createKit<User>(config, { now: () => now, ...options });
  const app = new Koa();
  const errors: unknown[] = [];
  app.on('error', (error: unknown) => errors.push(error));
  app.use(kit.middleware());
  const router = new Router<AuthState<User>>();
  router.get('/protected', kit.guard(), (ctx) => {
    ctx.body = { hello: ctx.state.user.username, user_id: ctx.state.jwt.payload.user_id };
  });
  router.get('/admin', kit.guard({ realm: 'Admin' }), (ctx) => {
    ctx.body = { admin: ctx.state.user.username };
  });
  const optional = new Router<OptionalAuthState<User>>();
  optional.get('/optional', kit.optionalGuard(), (ctx) => {
    ctx.body = { user: ctx.state.user?.username ?? null };
  });
  router.get('/manual', async (ctx) => {
    const user = await kit.verifyRequest(ctx);
    ctx.body = { manual: user.username, same: ctx.state.user === user };
  });
  router.get('/open', (ctx) => {
    ctx.body = { open: true };
  });
  app.use(router.routes()).use(router.allowedMethods());
  app.use(optional.routes()).use(optional.allowedMethods());
  return { kit, app, http: request(app.callback()), errors, setNow: (seconds) => void (now = seconds) };
}

/** Logs in through POST /auth and returns the token. */
export async function login(http: TestApp['http'], body: object = { username: 'joe', password: 'pass' }, path = '/auth'): Promise<string> {
  const res = await http.post(path).send(body);
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { token: string }).token;
}

/** The JSON error body every failure must have. */
export function errorBody(status: number, error: string, description: string, code: string): object {
  return { status_code: status, error, description, code };
}

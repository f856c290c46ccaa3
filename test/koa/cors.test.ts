/**
 * CORS (Flask-JWT's JWT_CORS_ENABLED / JWT_CORS_ORIGINS) through @koa/cors, and the rule that a preflight
 * is never blocked by the guard.
 */
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { createKit, type AuthState } from '../../src';
import { baseConfig, login, makeApp, T, type User } from '../helpers/app';

const ORIGIN = 'https://app.example.com';

const preflight = (http: ReturnType<typeof request>, path: string, origin = ORIGIN) =>
  http
    .options(path)
    .set('Origin', origin)
    .set('Access-Control-Request-Method', 'GET')
    .set('Access-Control-Request-Headers', 'authorization');

const corsHeaders = (headers: Record<string, string>): string[] =>
  Object.keys(headers).filter((name) => name.startsWith('access-control-'));

describe('CORS disabled (the default)', () => {
  it('adds no Access-Control headers', async () => {
    const { http, kit } = makeApp();
    expect(kit.config.cors).toEqual({ enabled: false, origins: '*', credentials: false, maxAge: undefined });
    const token = await login(http);
    const res = await http.get('/protected').set('Origin', ORIGIN).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(corsHeaders(res.headers)).toEqual([]);
    const auth = await http.post('/auth').set('Origin', ORIGIN).send({ username: 'joe', password: 'pass' });
    expect(corsHeaders(auth.headers)).toEqual([]);
  });

  it('does not answer a preflight with CORS headers', async () => {
    const { http } = makeApp();
    const res = await preflight(http, '/auth');
    expect(res.status).not.toBe(401);
    expect(corsHeaders(res.headers)).toEqual([]);
  });
});

describe('CORS enabled with "*"', () => {
  const app = () => makeApp(baseConfig({ cors: { enabled: true } }));

  it('allows any origin on a guarded route and on its 401, exposing the challenge', async () => {
    const { http } = app();
    const token = await login(http);
    const ok = await http.get('/protected').set('Origin', ORIGIN).set('Authorization', `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('*');
    const denied = await http.get('/protected').set('Origin', 'https://other.example');
    expect(denied.status).toBe(401);
    expect(denied.headers['access-control-allow-origin']).toBe('*');
    expect(denied.headers['access-control-expose-headers']).toBe('WWW-Authenticate');
    expect(denied.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('answers the login route cross-origin', async () => {
    const { http } = app();
    const res = await http.post('/auth').set('Origin', ORIGIN).send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('answers a preflight on a guarded route with 204, not 401', async () => {
    const { http } = app();
    const res = await preflight(http, '/protected');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-headers']).toBe('authorization');
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('renders the error of kit.verifyRequest with the CORS headers kept', async () => {
    const { http } = app();
    const res = await http.get('/manual').set('Origin', ORIGIN);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_MISSING');
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('sends Access-Control-Max-Age on a preflight when maxAge is set', async () => {
    const { http } = makeApp(baseConfig({ cors: { enabled: true, maxAge: '10m' } }));
    const res = await preflight(http, '/protected');
    expect(res.headers['access-control-max-age']).toBe('600');
  });
});

describe('CORS enabled with a list of origins', () => {
  const app = () =>
    makeApp(baseConfig({ cors: { enabled: true, origins: [ORIGIN, 'http://localhost:5173'], credentials: true } }));

  it('echoes an allowed origin, with credentials and Vary: Origin', async () => {
    const { http } = app();
    const res = await http.get('/protected').set('Origin', 'http://localhost:5173');
    expect(res.status).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(res.headers.vary).toMatch(/Origin/);
  });

  it('gives any other origin no CORS headers', async () => {
    const { http } = app();
    const token = await login(http);
    const res = await http.get('/protected').set('Origin', 'https://evil.example').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(corsHeaders(res.headers)).toEqual([]);
  });

  it('gives a request without Origin no CORS headers', async () => {
    const { http } = app();
    const res = await http.get('/open');
    expect(corsHeaders(res.headers)).toEqual([]);
  });

  it('answers a preflight from an allowed origin and not one from another', async () => {
    const { http } = app();
    const ok = await preflight(http, '/protected');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
    const other = await preflight(http, '/protected', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.status).not.toBe(401);
  });

  it('refuses credentials with origins "*" at start-up', () => {
    expect(() => createKit(baseConfig({ cors: { enabled: true, credentials: true } }))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }) as unknown as Error,
    );
  });
});

describe('a preflight that reaches the guard itself', () => {
  // No CORS middleware in front: the guard is the first to see the OPTIONS request.
  function guardFirst() {
    const kit = createKit<User>(baseConfig(), { now: () => T });
    const app = new Koa();
    app.silent = true;
    const seen: string[] = [];
    app.use(kit.guard());
    app.use((ctx) => {
      seen.push(ctx.method);
      ctx.body = { secret: 'for users only', user: (ctx.state as Partial<AuthState<User>>).user?.username ?? null };
    });
    return { http: request(app.callback()), seen, kit };
  }

  it('is not blocked with a 401', async () => {
    const { http } = guardFirst();
    const res = await preflight(http, '/anything');
    expect(res.status).toBeLessThan(300);
    expect(res.headers['www-authenticate']).toBeUndefined();
  });

  it('does not run the protected handler without a user (no auth bypass by OPTIONS)', async () => {
    const { http, seen } = guardFirst();
    const res = await preflight(http, '/anything');
    expect(res.text).not.toContain('for users only');
    expect(seen).toEqual([]);
  });

  it('a plain OPTIONS (no Access-Control-Request-Method) is guarded like any request', async () => {
    const { http } = guardFirst();
    const res = await http.options('/anything').set('Origin', ORIGIN);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_MISSING');
  });

  it('a router-mounted guard leaves preflights to the router', async () => {
    const kit = createKit<User>(baseConfig(), { now: () => T });
    const app = new Koa();
    const router = new Router<AuthState<User>>();
    router.get('/protected', kit.guard(), (ctx) => {
      ctx.body = 'Success!';
    });
    app.use(kit.middleware()).use(router.routes()).use(router.allowedMethods());
    const res = await preflight(request(app.callback()), '/protected');
    expect(res.status).toBe(200);
    expect(res.headers.allow).toContain('GET');
    expect(res.text).not.toContain('Success!');
  });
});

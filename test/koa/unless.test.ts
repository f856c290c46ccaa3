/**
 * koa-jwt's conveniences through HTTP: `guard().unless({ path, method })` and the `unless` option (koa-unless's
 * convention), `kit.userOrNull` beside `kit.currentUser`, and per-call `expiresIn` and `claims`.
 */
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { createKit, type UnlessOptions } from '../../src';
import { baseConfig, T, USERS, type User } from '../helpers/app';
import { readPayload } from '../helpers/forge';

const joe = USERS[0] as User;

/** An app guarded as a whole by `app.use(guard)`, as koa-jwt apps are, with routes that say who they saw. */
function guardedApp(which: 'method' | 'option', conditions: UnlessOptions) {
  const kit = createKit<User>(baseConfig(), { now: () => T });
  const app = new Koa();
  app.use(kit.middleware());
  app.use(which === 'method' ? kit.guard().unless(conditions) : kit.guard({ unless: conditions }));
  app.use((ctx) => {
    ctx.body = { path: ctx.path, user: kit.userOrNull(ctx)?.username ?? null };
  });
  return { kit, http: request(app.callback()) };
}

describe.each(['method', 'option'] as const)('unless, as the %s', (which) => {
  it('skips string paths exactly, and guards everything else', async () => {
    const { http } = guardedApp(which, { path: ['/health', '/login'] });
    expect((await http.get('/health')).body).toEqual({ path: '/health', user: null });
    expect((await http.get('/health?verbose=1')).status).toBe(200);
    for (const path of ['/health/', '/healthz', '/HEALTH', '/private']) {
      const res = await http.get(path);
      expect([path, res.status, res.body.code]).toEqual([path, 401, 'TOKEN_MISSING']);
    }
  });

  it('skips RegExp paths, a global RegExp every time', async () => {
    const { http } = guardedApp(which, { path: /^\/public\//g });
    expect((await http.get('/public/a')).status).toBe(200);
    expect((await http.get('/public/b')).status).toBe(200);
    expect((await http.get('/publicity')).status).toBe(401);
  });

  it('skips methods on every path, and paths for some methods only', async () => {
    const { http } = guardedApp(which, { method: ['HEAD'], path: [{ url: '/articles', methods: ['GET'] }] });
    expect((await http.head('/anything')).status).toBe(200);
    expect((await http.get('/articles')).status).toBe(200);
    expect((await http.post('/articles')).status).toBe(401);
  });

  it('a skipped path still sees no user even with a token, and a guarded one sees it', async () => {
    const { http, kit } = guardedApp(which, { path: '/health' });
    const token = await kit.issueToken(joe);
    expect((await http.get('/health').set('Authorization', `Bearer ${token}`)).body.user).toBeNull();
    expect((await http.get('/orders').set('Authorization', `Bearer ${token}`)).body).toEqual({ path: '/orders', user: 'joe' });
  });

  it('custom conditions skip too, but only when they return true', async () => {
    const { http } = guardedApp(which, { custom: (ctx) => ctx.get('X-Internal') === 'yes' });
    expect((await http.get('/x').set('X-Internal', 'yes')).status).toBe(200);
    expect((await http.get('/x').set('X-Internal', 'no')).status).toBe(401);
  });
});

describe('unless on the other kinds of guard', () => {
  it('a scoped guard is skipped on its public paths and still checks scopes elsewhere', async () => {
    const kit = createKit<User>(baseConfig(), { now: () => T });
    const app = new Koa();
    app.use(kit.middleware()).use(kit.guard({ scopes: ['api'] }).unless({ path: '/open' }));
    app.use((ctx) => void (ctx.body = 'ok'));
    const http = request(app.callback());
    expect((await http.get('/open')).status).toBe(200);
    expect((await http.get('/closed').set('Authorization', `Bearer ${await kit.issueToken(joe)}`)).status).toBe(403);
    expect((await http.get('/closed').set('Authorization', `Bearer ${await kit.issueToken(joe, { claims: { scope: 'api' } })}`)).status).toBe(200);
  });

  it('refuses a path that is neither a string nor a RegExp, when built', () => {
    const kit = createKit<User>(baseConfig());
    expect(() => kit.guard().unless({ path: [42 as never] })).toThrow(TypeError);
  });
});

describe('currentUser and userOrNull', () => {
  it('currentUser throws on a route without a user (a 401 through kit.middleware), userOrNull answers null', async () => {
    const kit = createKit<User>(baseConfig(), { now: () => T });
    const app = new Koa();
    const router = new Router();
    router.get('/strict', (ctx) => void (ctx.body = kit.currentUser(ctx).username));
    router.get('/lenient', kit.optionalGuard(), (ctx) => void (ctx.body = { user: kit.userOrNull(ctx)?.username ?? null }));
    app.use(kit.middleware()).use(router.routes());
    const http = request(app.callback());
    const strict = await http.get('/strict');
    expect(strict.status).toBe(401);
    expect(strict.body.code).toBe('USER_NOT_FOUND');
    expect((await http.get('/lenient')).body).toEqual({ user: null });
    expect((await http.get('/lenient').set('Authorization', `Bearer ${await kit.issueToken(joe)}`)).body).toEqual({ user: 'joe' });
  });
});

describe('kit.issueToken(user, { expiresIn, claims })', () => {
  const kit = createKit<User>(baseConfig({ handlers: { payload: (user) => ({ user_id: user.id, role: 'member' }) } }), { now: () => T });

  it('sets this token lifetime, as seconds or a duration, and leaves the default alone', async () => {
    expect(readPayload(await kit.issueToken(joe, { expiresIn: 60 })).exp).toBe(T + 60);
    expect(readPayload(await kit.issueToken(joe, { expiresIn: '2h' })).exp).toBe(T + 7200);
    expect(readPayload(await kit.issueToken(joe)).exp).toBe(T + 300);
  });

  it('adds claims over the payload hook, keeping the standard claims', async () => {
    const payload = readPayload(await kit.issueToken(joe, { claims: { role: 'admin', scope: 'orders:write' } }));
    expect(payload).toMatchObject({ user_id: 1, role: 'admin', scope: 'orders:write', iat: T, exp: T + 300 });
    expect(typeof payload.jti).toBe('string');
  });

  it('a token issued with a short lifetime is refused once it is over, through HTTP', async () => {
    let now = T;
    const timed = createKit<User>(baseConfig(), { now: () => now });
    const app = new Koa();
    app.use(timed.middleware()).use(timed.guard()).use((ctx) => void (ctx.body = 'ok'));
    const http = request(app.callback());
    const token = await timed.issueToken(joe, { expiresIn: 10 });
    expect((await http.get('/').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    now = T + 11;
    const res = await http.get('/').set('Authorization', `Bearer ${token}`);
    expect([res.status, res.body.code]).toEqual([401, 'TOKEN_EXPIRED']);
  });

  it('refuses misuse with a TypeError', async () => {
    await expect(kit.issueToken(joe, { expiresIn: 0 })).rejects.toThrow(TypeError);
    await expect(kit.issueToken(joe, { expiresIn: 'ten minutes' as never })).rejects.toThrow(TypeError);
    await expect(kit.issueToken(joe, { claims: [] as never })).rejects.toThrow(TypeError);
    await expect(kit.issueToken(joe, { expiresIn: 60, claims: { exp: T + 5 } })).rejects.toThrow(/not both/);
  });

  it('never lets a caller choose the CSRF value of a cookie token', async () => {
    const cookies = createKit<User>(baseConfig({ tokenLocations: ['cookie'] }), { now: () => T });
    const payload = readPayload(await cookies.issueToken(joe, { claims: { csrf: 'known' } }));
    expect(payload.csrf).not.toBe('known');
    expect(payload.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

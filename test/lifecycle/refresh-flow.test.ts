/**
 * The token lifecycle through HTTP, against the memory store and a real redis-server: the refresh flow,
 * reuse detection, concurrent refreshes, access/refresh confusion, freshness, logout, revoke-all for a user,
 * and the absolute session lifetime. The clock is injected: no sleeps.
 */
import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { createKit, type AuthState, type JwtKitConfig, type Kit, type StoreConfig } from '../../src';
import { authenticate, identity, SECRET, T, type User } from '../helpers/app';
import { readPayload } from '../helpers/forge';
import { testRedis } from '../helpers/redis';

let redis: { url: string; close(): Promise<void> };
const kits: Array<Kit<User>> = [];
beforeAll(async () => {
  redis = await testRedis();
});
afterEach(async () => {
  await Promise.all(kits.splice(0).map((kit) => kit.close()));
});
afterAll(async () => redis?.close());

interface Server {
  kit: Kit<User>;
  http: ReturnType<typeof request>;
  setNow(seconds: number): void;
}

function server(store: () => StoreConfig, extra: JwtKitConfig<User> = {}): Server {
  let now = T;
  const kit = createKit<User>(
    { secret: SECRET, refresh: { enabled: true }, logout: { enabled: true }, store: store(), ...extra, handlers: { authenticate, identity } },
    { now: () => now },
  );
  kits.push(kit);
  const app = new Koa();
  app.use(kit.middleware());
  const router = new Router<AuthState<User>>();
  router.get('/protected', kit.guard(), (ctx) => {
    ctx.body = { hello: ctx.state.user.username };
  });
  router.post('/password', kit.guard({ fresh: true }), (ctx) => {
    ctx.body = { changed: true };
  });
  app.use(router.routes());
  return { kit, http: request(app.callback()), setNow: (seconds) => void (now = seconds) };
}

const stores: Array<[string, () => StoreConfig]> = [
  ['memory', () => ({ type: 'memory' })],
  ['redis', () => ({ type: 'redis', url: redis.url, keyPrefix: `test:${randomUUID()}:` })],
];

const logIn = async (s: Server) => {
  const res = await s.http.post('/auth').send({ username: 'joe', password: 'pass' });
  expect(res.status).toBe(200);
  return res.body as { token: string; refresh_token: string };
};
const refresh = (s: Server, token: string) => s.http.post('/auth/refresh').send({ refresh_token: token });
const get = (s: Server, token: string) => s.http.get('/protected').set('Authorization', `Bearer ${token}`);

describe.each(stores)('%s store', (_name, store) => {
  it('login answers a pair; the refresh route trades a refresh token for a new pair; both access tokens work', async () => {
    const s = server(store);
    const first = await logIn(s);
    expect(Object.keys(first).sort()).toEqual(['refresh_token', 'token']);
    expect(readPayload(first.token)).toMatchObject({ type: 'access', fresh: true, user_id: 1 });
    expect(readPayload(first.refresh_token)).toMatchObject({ type: 'refresh', user_id: 1, auth_time: T, exp: T + 14 * 86_400 });
    expect(readPayload(first.refresh_token).fam).toBe(readPayload(first.token).fam);

    s.setNow(T + 600); // the access token (5 minutes) has expired
    expect((await get(s, first.token)).body.code).toBe('TOKEN_EXPIRED');
    const res = await refresh(s, first.refresh_token);
    expect([res.status, res.headers['cache-control']]).toEqual([200, 'no-store']);
    const second = res.body as { token: string; refresh_token: string };
    expect(readPayload(second.token)).toMatchObject({ type: 'access', fresh: false, fam: readPayload(first.token).fam, iat: T + 600 });
    expect((await get(s, second.token)).status).toBe(200);
  });

  it('a used refresh token presented again revokes the whole family', async () => {
    const s = server(store);
    const first = await logIn(s);
    const second = (await refresh(s, first.refresh_token)).body as { token: string; refresh_token: string };
    expect((await get(s, second.token)).status).toBe(200);

    const replay = await refresh(s, first.refresh_token);
    expect([replay.status, replay.body.code]).toEqual([401, 'REFRESH_TOKEN_REUSED']);
    // Every token of the family is dead now: the thief's and the user's.
    expect((await get(s, second.token)).body.code).toBe('TOKEN_REVOKED');
    expect((await get(s, first.token)).body.code).toBe('TOKEN_REVOKED');
    expect((await refresh(s, second.refresh_token)).body.code).toBe('TOKEN_REVOKED');
    // Another login is another family, untouched.
    expect((await get(s, (await logIn(s)).token)).status).toBe(200);
  });

  it('20 concurrent refreshes of one token: exactly one succeeds', async () => {
    const s = server(store);
    const { refresh_token } = await logIn(s);
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(s, refresh_token)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    // The first loser detects the reuse and revokes the family; later ones may find it revoked already.
    const losers = results.filter((r) => r.status === 401).map((r) => r.body.code as string);
    expect(losers).toHaveLength(19);
    expect(losers).toContain('REFRESH_TOKEN_REUSED');
    expect(losers.filter((code) => code !== 'REFRESH_TOKEN_REUSED' && code !== 'TOKEN_REVOKED')).toEqual([]);
  });

  it('access and refresh tokens are not interchangeable, both ways', async () => {
    const s = server(store);
    const pair = await logIn(s);
    const asAccess = await get(s, pair.refresh_token);
    expect([asAccess.status, asAccess.body.code]).toEqual([401, 'TOKEN_TYPE_INVALID']);
    const asRefresh = await refresh(s, pair.token);
    expect([asRefresh.status, asRefresh.body.code]).toEqual([401, 'TOKEN_TYPE_INVALID']);
  });

  it('a fresh-only route takes a login token and refuses a refreshed one', async () => {
    const s = server(store);
    const pair = await logIn(s);
    expect((await s.http.post('/password').set('Authorization', `Bearer ${pair.token}`)).status).toBe(200);
    const refreshed = (await refresh(s, pair.refresh_token)).body as { token: string };
    const res = await s.http.post('/password').set('Authorization', `Bearer ${refreshed.token}`);
    expect([res.status, res.body.code]).toEqual([401, 'TOKEN_NOT_FRESH']);
    expect((await get(s, refreshed.token)).status).toBe(200);
  });

  it('logout revokes the access token and its refresh family, and answers 204', async () => {
    const s = server(store);
    const pair = await logIn(s);
    const other = await logIn(s);
    const out = await s.http.post('/auth/logout').set('Authorization', `Bearer ${pair.token}`);
    expect(out.status).toBe(204);
    expect((await get(s, pair.token)).body.code).toBe('TOKEN_REVOKED');
    expect((await refresh(s, pair.refresh_token)).body.code).toBe('TOKEN_REVOKED');
    expect((await get(s, other.token)).status).toBe(200);
    expect((await s.http.post('/auth/logout')).status).toBe(401);
  });

  it('revokeUser logs a user out everywhere; tokens issued later work', async () => {
    const s = server(store);
    const a = await logIn(s);
    const b = await logIn(s);
    await s.kit.revokeUser(1);
    for (const token of [a.token, b.token]) expect((await get(s, token)).body.code).toBe('TOKEN_REVOKED');
    expect((await refresh(s, a.refresh_token)).body.code).toBe('TOKEN_REVOKED');
    s.setNow(T + 1);
    expect((await get(s, (await logIn(s)).token)).status).toBe(200);
  });

  it('revokeToken and revokeFamily revoke what they name', async () => {
    const s = server(store);
    const a = await logIn(s);
    const b = await logIn(s);
    await s.kit.revokeToken(a.token);
    expect((await get(s, a.token)).body.code).toBe('TOKEN_REVOKED');
    expect((await refresh(s, a.refresh_token)).status).toBe(200); // the session lives on: only that token died
    await s.kit.revokeFamily(readPayload(b.token).fam as string);
    expect((await get(s, b.token)).body.code).toBe('TOKEN_REVOKED');
    await expect(s.kit.revokeToken(`${a.token.slice(0, -2)}AA`)).rejects.toMatchObject({ code: 'TOKEN_BAD_SIGNATURE' });
  });

  it('the absolute session lifetime caps a family however often it is refreshed', async () => {
    const s = server(store, { refresh: { enabled: true, sessionLifetime: '1h' } });
    let pair = await logIn(s);
    expect(readPayload(pair.refresh_token).exp).toBe(T + 3600);
    for (const minutes of [20, 40]) {
      s.setNow(T + minutes * 60);
      pair = (await refresh(s, pair.refresh_token)).body as typeof pair;
      expect(readPayload(pair.refresh_token).exp).toBe(T + 3600);
    }
    s.setNow(T + 3600);
    const res = await refresh(s, pair.refresh_token);
    expect([res.status, res.body.code]).toEqual([401, 'SESSION_EXPIRED']);
  });
});

describe('the refresh route', () => {
  it('names its field when the body lacks it', async () => {
    const s = server(() => ({ type: 'memory' }), { refresh: { enabled: true, field: 'rt' } });
    const res = await s.http.post('/auth/refresh').send({ refresh_token: 'x' });
    expect([res.status, res.body.code, res.body.description]).toEqual([400, 'REFRESH_BODY_INVALID', 'The request body must be a JSON object with the field "rt"']);
  });

  // The body may hold 16 KiB; the token in it is capped as a header's is, before anything parses it.
  it('refuses a refresh token over maxTokenBytes with TOKEN_TOO_LARGE, a token nested thousands deep included', async () => {
    const s = server(() => ({ type: 'memory' }), { refresh: { enabled: true }, maxTokenBytes: 512 });
    const res = await s.http.post('/auth/refresh').send({ refresh_token: 'a'.repeat(513) });
    expect([res.status, res.body.code]).toEqual([401, 'TOKEN_TOO_LARGE']);
    const deep = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(`{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`).toString('base64url')}.c2ln`;
    const big = server(() => ({ type: 'memory' }), { refresh: { enabled: true }, maxTokenBytes: 16_384 });
    const nested = await big.http.post('/auth/refresh').send({ refresh_token: deep });
    expect([nested.status, nested.body.code]).toEqual([401, 'TOKEN_BAD_SIGNATURE']);
  });

  it('is absent while refresh is off, and login answers { token } alone', async () => {
    const s = server(() => ({ type: 'memory' }), { refresh: { enabled: false } });
    expect((await s.http.post('/auth/refresh').send({ refresh_token: 'x' })).status).toBe(404);
    expect(Object.keys((await logIn(s)) as object)).toEqual(['token']);
  });
});

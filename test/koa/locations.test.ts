/**
 * Where a token is looked for: the getToken hook first, then tokenLocations in order (header, cookie, query).
 * Query-parameter tokens are refused unless configured. All through HTTP.
 */
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { createKit, type JwtKitConfig } from '../../src';
import { baseConfig, T, USERS, type User } from '../helpers/app';

function locationsApp(overrides: JwtKitConfig<User> = {}) {
  const kit = createKit<User>(baseConfig(overrides), { now: () => T });
  const app = new Koa();
  const errors: unknown[] = [];
  app.on('error', (error: unknown) => errors.push(error));
  const router = new Router();
  router.get('/me', kit.guard(), (ctx) => {
    ctx.body = { user: ctx.state.user.username, location: ctx.state.jwt.location };
  });
  app.use(kit.middleware()).use(router.routes());
  return { kit, http: request(app.callback()), errors };
}

const tokenOf = (user: User) => createKit<User>(baseConfig(), { now: () => T }).issueToken(user);
const joe = USERS[0] as User;
const ann = USERS[1] as User;

describe('query-parameter tokens', () => {
  it('are refused (as no token at all) unless tokenLocations has query', async () => {
    const { http } = locationsApp();
    const res = await http.get(`/me?access_token=${await tokenOf(joe)}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_MISSING');
  });

  it('are read from access_token when configured, and the answer tells the browser to send no Referer', async () => {
    const { http } = locationsApp({ tokenLocations: ['header', 'query'] });
    const res = await http.get(`/me?access_token=${await tokenOf(joe)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: 'joe', location: 'query' });
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('are read from the parameter named by queryParameter, and no other', async () => {
    const { http } = locationsApp({ tokenLocations: ['query'], queryParameter: 'jwt' });
    const token = await tokenOf(joe);
    expect((await http.get(`/me?jwt=${token}`)).status).toBe(200);
    expect((await http.get(`/me?access_token=${token}`)).status).toBe(401);
  });

  it('a parameter given twice is refused, not guessed at', async () => {
    const { http } = locationsApp({ tokenLocations: ['query'] });
    const token = await tokenOf(joe);
    const res = await http.get(`/me?access_token=${token}&access_token=${token}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_MALFORMED');
  });

  it('a header token gets no Referrer-Policy', async () => {
    const { http } = locationsApp({ tokenLocations: ['header', 'query'] });
    const res = await http.get('/me').set('Authorization', `Bearer ${await tokenOf(joe)}`);
    expect(res.status).toBe(200);
    expect(res.headers['referrer-policy']).toBeUndefined();
  });
});

describe('the order of tokenLocations', () => {
  it('the first location that holds a token wins', async () => {
    const [joeToken, annToken] = [await tokenOf(joe), await tokenOf(ann)];
    const cookieFirst = locationsApp({ tokenLocations: ['cookie', 'header'] });
    const both = (req: request.Test) => req.set('Cookie', `access_token=${joeToken}`).set('Authorization', `Bearer ${annToken}`);
    expect((await both(cookieFirst.http.get('/me'))).body).toEqual({ user: 'joe', location: 'cookie' });
    const headerFirst = locationsApp({ tokenLocations: ['header', 'cookie'] });
    expect((await both(headerFirst.http.get('/me'))).body).toEqual({ user: 'ann', location: 'header' });
  });

  it('a malformed header in our scheme is answered as such, not replaced by the cookie', async () => {
    const { http } = locationsApp({ tokenLocations: ['header', 'cookie'] });
    const res = await http.get('/me').set('Authorization', 'Bearer').set('Cookie', `access_token=${await tokenOf(joe)}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('HEADER_TOKEN_MISSING');
  });

  it('a header in another scheme (Basic, from a staging password) lets the cookie through', async () => {
    const { http } = locationsApp({ tokenLocations: ['header', 'cookie'] });
    const res = await http.get('/me').set('Authorization', 'Basic c3RhZ2U6c3RhZ2U=').set('Cookie', `access_token=${await tokenOf(joe)}`);
    expect(res.body).toEqual({ user: 'joe', location: 'cookie' });
  });

  it('a header in another scheme and nothing else is still HEADER_UNSUPPORTED_TYPE', async () => {
    const { http } = locationsApp({ tokenLocations: ['header', 'cookie'] });
    const res = await http.get('/me').set('Authorization', 'Basic c3RhZ2U6c3RhZ2U=');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('HEADER_UNSUPPORTED_TYPE');
  });
});

describe('the getToken hook', () => {
  it('is asked first, and its token is used', async () => {
    const annToken = await tokenOf(ann);
    const { http } = locationsApp({ handlers: { getToken: (ctx) => ctx.get('X-Session') || null } });
    const res = await http.get('/me').set('X-Session', annToken).set('Authorization', `Bearer ${await tokenOf(joe)}`);
    expect(res.body).toEqual({ user: 'ann', location: 'getToken' });
  });

  it('null or undefined falls through to the configured locations; it may be async', async () => {
    const { http } = locationsApp({ handlers: { getToken: async () => undefined } });
    const res = await http.get('/me').set('Authorization', `Bearer ${await tokenOf(joe)}`);
    expect(res.body).toEqual({ user: 'joe', location: 'header' });
    expect((await http.get('/me')).body.code).toBe('TOKEN_MISSING');
  });

  it('a token that fails is a 401 like any other', async () => {
    const { http } = locationsApp({ handlers: { getToken: () => 'not.a.token' } });
    const res = await http.get('/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_MALFORMED');
  });

  it('a hook that throws or returns something else is a 500 HANDLER_FAILED, never a pass', async () => {
    const throwing = locationsApp({
      handlers: {
        getToken: () => {
          throw new Error('boom');
        },
      },
    });
    expect((await throwing.http.get('/me').set('Authorization', `Bearer ${await tokenOf(joe)}`)).status).toBe(500);
    const wrongType = locationsApp({ handlers: { getToken: (() => 42) as never } });
    const res = await wrongType.http.get('/me');
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('HANDLER_FAILED');
  });
});

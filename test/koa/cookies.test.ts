/**
 * Browser apps: the login route sets the token in an HttpOnly cookie and a CSRF value in a readable one; a
 * cookie-carried token needs the CSRF header on state-changing requests, checked against the value signed into
 * the token; a logout clears both cookies. All through HTTP.
 */
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { createKit, type JwtKitConfig } from '../../src';
import { baseConfig, errorBody, T, USERS, type User } from '../helpers/app';
import { readPayload } from '../helpers/forge';

function cookieApp(overrides: JwtKitConfig<User> = {}, setup?: (app: Koa) => void) {
  let now = T;
  const kit = createKit<User>(baseConfig({ tokenLocations: ['cookie'], ...overrides }), { now: () => now });
  const app = new Koa();
  setup?.(app);
  const errors: unknown[] = [];
  app.on('error', (error: unknown) => errors.push(error));
  const router = new Router();
  router.get('/me', kit.guard(), (ctx) => {
    ctx.body = { user: ctx.state.user.username, location: ctx.state.jwt.location };
  });
  for (const method of ['post', 'put', 'patch', 'delete'] as const) {
    router[method]('/orders', kit.guard(), (ctx) => {
      ctx.body = { changed: ctx.state.user.username };
    });
  }
  router.post('/logout', kit.guard(), (ctx) => {
    kit.clearAuthCookies(ctx);
    ctx.status = 204;
  });
  app.use(kit.middleware()).use(router.routes());
  return { kit, http: request(app.callback()), errors, setNow: (seconds: number) => void (now = seconds) };
}

/** Logs joe in and returns the Set-Cookie lines, the cookies by name and the login body. */
async function cookieLogin(http: ReturnType<typeof request>) {
  const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
  expect(res.status).toBe(200);
  const lines = (res.headers['set-cookie'] ?? []) as unknown as string[];
  const cookies = Object.fromEntries(lines.map((line) => line.split(';')[0]!.split('=') as [string, string]));
  return { lines, cookies, body: res.body as Record<string, unknown>, cookieHeader: lines.map((line) => line.split(';')[0]).join('; ') };
}

const CSRF_FAILED = (description: string) => errorBody(403, 'Forbidden', description, 'CSRF_FAILED');

describe('login with cookies', () => {
  it('sets an HttpOnly, Secure, SameSite=Lax token cookie and a readable CSRF cookie, both living as long as the token', async () => {
    const { http } = cookieApp();
    const { lines, cookies, body } = await cookieLogin(http);
    const token = cookies.access_token!;
    const csrf = cookies.csrf_token!;
    expect(lines).toEqual([
      `access_token=${token}; Path=/; Max-Age=300; Secure; HttpOnly; SameSite=Lax`,
      `csrf_token=${csrf}; Path=/; Max-Age=300; Secure; SameSite=Lax`,
    ]);
    const payload = readPayload(token);
    expect(payload.exp).toBe(T + 300);
    // The CSRF value is the one signed into the token, and long enough not to be guessed.
    expect(payload.csrf).toBe(csrf);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // A cookie-only app keeps the token out of script's reach: the body has the CSRF value only.
    expect(body).toEqual({ csrfToken: csrf });
  });

  it('gives each login its own CSRF value', async () => {
    const { http } = cookieApp();
    const first = await cookieLogin(http);
    const second = await cookieLogin(http);
    expect(first.cookies.csrf_token).not.toBe(second.cookies.csrf_token);
  });

  it('takes the cookie options: names, Secure off for local http, SameSite, Path, Domain, and the lifetime', async () => {
    const { http } = cookieApp({
      expirationDelta: '15m',
      cookie: { name: 'sid', csrfCookieName: 'xsrf', secure: false, sameSite: 'Strict', path: '/api', domain: 'example.com' },
    });
    const { lines, cookies } = await cookieLogin(http);
    expect(lines).toEqual([
      `sid=${cookies.sid}; Path=/api; Max-Age=900; Domain=example.com; HttpOnly; SameSite=Strict`,
      `xsrf=${cookies.xsrf}; Path=/api; Max-Age=900; Domain=example.com; SameSite=Strict`,
    ]);
  });

  it('also puts the token in the body when a header may carry it too', async () => {
    const { http } = cookieApp({ tokenLocations: ['header', 'cookie'] });
    const { cookies, body } = await cookieLogin(http);
    expect(body).toEqual({ token: cookies.access_token, csrfToken: cookies.csrf_token });
  });

  it('sets no cookie while tokenLocations has no cookie (the default)', async () => {
    const { http } = cookieApp({ tokenLocations: ['header'] });
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(Object.keys(res.body as object)).toEqual(['token']);
  });
});

describe('a token from the cookie', () => {
  it('is accepted on GET without any CSRF header', async () => {
    const { http } = cookieApp();
    const { cookieHeader } = await cookieLogin(http);
    const res = await http.get('/me').set('Cookie', cookieHeader);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: 'joe', location: 'cookie' });
  });

  it.each(['post', 'put', 'patch', 'delete'] as const)('needs the CSRF header on %s, and passes with it', async (method) => {
    const { http } = cookieApp();
    const { cookieHeader, cookies } = await cookieLogin(http);
    const refused = await http[method]('/orders').set('Cookie', cookieHeader);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual(CSRF_FAILED('The X-CSRF-Token header is missing'));
    // A 403 for CSRF is no token problem: no challenge.
    expect(refused.headers['www-authenticate']).toBeUndefined();
    const passed = await http[method]('/orders').set('Cookie', cookieHeader).set('x-csrf-token', cookies.csrf_token!);
    expect(passed.status).toBe(200);
    expect(passed.body).toEqual({ changed: 'joe' });
  });

  it('is refused with a wrong CSRF value', async () => {
    const { http } = cookieApp();
    const { cookieHeader, cookies } = await cookieLogin(http);
    const wrong = `${cookies.csrf_token!.slice(0, -1)}${cookies.csrf_token!.endsWith('A') ? 'B' : 'A'}`;
    for (const value of [wrong, 'x', cookies.access_token!]) {
      const res = await http.post('/orders').set('Cookie', cookieHeader).set('X-CSRF-Token', value);
      expect(res.status).toBe(403);
      expect(res.body).toEqual(CSRF_FAILED('The CSRF token is missing or wrong'));
    }
  });

  it('is refused when a CSRF cookie planted by a sibling subdomain and the header agree, but not with the token', async () => {
    const { http } = cookieApp();
    const { cookies } = await cookieLogin(http);
    const planted = 'planted-by-evil-example-com';
    const res = await http
      .post('/orders')
      .set('Cookie', `access_token=${cookies.access_token}; csrf_token=${planted}`)
      .set('X-CSRF-Token', planted);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_FAILED');
  });

  it("is refused on POST when the token carries no CSRF value (one issued for the header, put in a cookie)", async () => {
    const header = cookieApp({ tokenLocations: ['header'] });
    const token = await header.kit.issueToken(USERS[0] as User);
    const { http } = cookieApp();
    const res = await http.post('/orders').set('Cookie', `access_token=${token}`).set('X-CSRF-Token', 'anything');
    expect(res.status).toBe(403);
    expect(res.body).toEqual(CSRF_FAILED('The token carries no CSRF value: log in again'));
  });

  it('checks the token before the CSRF header: an expired cookie is a 401', async () => {
    const { http, setNow } = cookieApp();
    const { cookieHeader } = await cookieLogin(http);
    setNow(T + 301);
    const res = await http.post('/orders').set('Cookie', cookieHeader);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_EXPIRED');
  });

  it('reads a custom CSRF header name', async () => {
    const { http } = cookieApp({ cookie: { csrfHeaderName: 'X-XSRF-Token' } });
    const { cookieHeader, cookies } = await cookieLogin(http);
    expect((await http.post('/orders').set('Cookie', cookieHeader).set('X-CSRF-Token', cookies.csrf_token!)).status).toBe(403);
    expect((await http.post('/orders').set('Cookie', cookieHeader).set('X-XSRF-Token', cookies.csrf_token!)).status).toBe(200);
  });

  it('needs no CSRF header when cookie.csrf is false, and then no CSRF cookie is set', async () => {
    const { http } = cookieApp({ cookie: { csrf: false } });
    const { lines, cookieHeader, body } = await cookieLogin(http);
    expect(lines).toHaveLength(1);
    expect(body).toEqual({});
    expect((await http.post('/orders').set('Cookie', cookieHeader)).status).toBe(200);
  });

  it('needs no CSRF header when the token came from the Authorization header', async () => {
    const { http } = cookieApp({ tokenLocations: ['header', 'cookie'] });
    const { body } = await cookieLogin(http);
    const res = await http.post('/orders').set('Authorization', `Bearer ${body.token as string}`);
    expect(res.status).toBe(200);
  });

  it('is read even when the app signs its own cookies (app.keys)', async () => {
    const { http } = cookieApp({}, (app) => void (app.keys = ['app-cookie-signing-key']));
    const { cookieHeader } = await cookieLogin(http);
    expect((await http.get('/me').set('Cookie', cookieHeader)).status).toBe(200);
  });

  it('is ignored while tokenLocations has no cookie', async () => {
    const { http } = cookieApp({ tokenLocations: ['header'] });
    const token = await cookieApp().kit.issueToken(USERS[0] as User);
    const res = await http.get('/me').set('Cookie', `access_token=${token}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_MISSING');
  });
});

describe('clearing the cookies (logout)', () => {
  it('expires both cookies with the attributes they were set with', async () => {
    const { http } = cookieApp({ cookie: { path: '/', domain: 'example.com' } });
    const { cookieHeader, cookies } = await cookieLogin(http);
    const res = await http.post('/logout').set('Cookie', cookieHeader).set('X-CSRF-Token', cookies.csrf_token!);
    expect(res.status).toBe(204);
    expect(res.headers['set-cookie']).toEqual([
      'access_token=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Domain=example.com; Secure; HttpOnly; SameSite=Lax',
      'csrf_token=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Domain=example.com; Secure; SameSite=Lax',
    ]);
  });

  it('a logout POST is itself CSRF-checked', async () => {
    const { http } = cookieApp();
    const { cookieHeader } = await cookieLogin(http);
    const res = await http.post('/logout').set('Cookie', cookieHeader);
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('kit.setAuthCookies, for custom login and refresh routes', () => {
  it('sets the cookies of a token issued with its own lifetime, Max-Age following it', async () => {
    const { kit } = cookieApp();
    const app = new Koa();
    app.use(async (ctx) => {
      kit.setAuthCookies(ctx, await kit.issueToken(USERS[0] as User, { expiresIn: '2h' }));
      ctx.status = 204;
    });
    const res = await request(app.callback()).post('/custom-login');
    const lines = res.headers['set-cookie'] as unknown as string[];
    expect(lines.map((line) => line.split('; ').slice(1).join('; '))).toEqual([
      'Path=/; Max-Age=7200; Secure; HttpOnly; SameSite=Lax',
      'Path=/; Max-Age=7200; Secure; SameSite=Lax',
    ]);
  });

  it('refuses to set cookies the kit would never read', () => {
    const { kit } = cookieApp({ tokenLocations: ['header'] });
    expect(() => kit.setAuthCookies({} as never, 'a.b.c')).toThrow(/tokenLocations/);
  });
});

describe('cookie settings a browser would refuse stop start-up', () => {
  const problems = (cookie: JwtKitConfig['cookie']) => {
    try {
      createKit(baseConfig({ tokenLocations: ['cookie'], cookie }));
    } catch (error) {
      return (error as { code: string; details: string[] }).details;
    }
    throw new Error('expected a config error');
  };

  it('SameSite=None without Secure', () => {
    expect(problems({ sameSite: 'None', secure: false })).toEqual(['/cookie/sameSite "None" needs /cookie/secure true: browsers drop such cookies']);
  });

  it('a __Host- name without Secure, with a Path other than / or with a Domain', () => {
    expect(problems({ name: '__Host-token', secure: false })).toEqual(['/cookie/name starts with __Host-, which needs /cookie/secure true']);
    expect(problems({ name: '__Host-token', path: '/api' })).toEqual(['/cookie/name starts with __Host-, which needs /cookie/path "/" and no /cookie/domain']);
    expect(problems({ csrfCookieName: '__Secure-csrf', secure: false })).toEqual(['/cookie/csrfCookieName starts with __Secure-, which needs /cookie/secure true']);
  });

  it('one name for both cookies, and names or paths a Set-Cookie line cannot carry', () => {
    expect(problems({ name: 'same', csrfCookieName: 'same' })).toEqual(['/cookie/csrfCookieName must differ from /cookie/name']);
    expect(problems({ name: 'a;b', path: '/x; Domain=evil.com' })).toEqual([
      "/cookie/name must be a cookie name: letters, digits or !#$%&'*+.^_`|~-",
      '/cookie/path must start with "/" and hold no spaces, semicolons or control characters',
    ]);
  });
});

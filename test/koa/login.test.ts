/**
 * The login route (Flask-JWT's POST /auth) through HTTP: credentials, field names, paths, bodies that must
 * never become a 500, and the payload / encode / authResponse hooks.
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import Koa from 'koa';
import supertest from 'supertest';
import { baseConfig, errorBody, login, makeApp, SECRET, T, type User } from '../helpers/app';
import { readHeader, readPayload } from '../helpers/forge';
import { LIMIT_BYTES } from '../../src/koa/body';
import { FIELD_LIMIT_BYTES } from '../../src/koa/login';

const INVALID_CREDENTIALS = errorBody(401, 'Bad Request', 'Invalid credentials', 'INVALID_CREDENTIALS');
const FIELDS_INVALID = (fields = '"username" and "password"') =>
  errorBody(400, 'Bad Request', `The request body must be a JSON object with the fields ${fields} as non-empty strings`, 'LOGIN_FIELDS_INVALID');

describe('POST /auth', () => {
  it('returns a token for valid credentials, with the default claims from the injected clock', async () => {
    const { http } = makeApp();
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(Object.keys(res.body)).toEqual(['token']);
    const token = res.body.token as string;
    expect(readHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const payload = readPayload(token);
    expect(payload).toEqual({ user_id: 1, iat: T, nbf: T, exp: T + 300, jti: expect.any(String) });
    // Signed with the configured secret, checked by an independent verifier.
    expect(jwt.verify(token, SECRET, { algorithms: ['HS256'], clockTimestamp: T })).toMatchObject({ user_id: 1 });
  });

  it('gives every token its own jti', async () => {
    const { http } = makeApp();
    const a = readPayload(await login(http)).jti;
    const b = readPayload(await login(http)).jti;
    expect(a).not.toBe(b);
  });

  it('honours expirationDelta and notBeforeDelta given as durations', async () => {
    const { http } = makeApp(baseConfig({ expirationDelta: '15m', notBeforeDelta: '1m' }));
    const payload = readPayload(await login(http));
    expect(payload.exp).toBe(T + 900);
    expect(payload.nbf).toBe(T + 60);
    expect(payload.iat).toBe(T);
  });

  it('uses custom username and password field names', async () => {
    const { http } = makeApp(baseConfig({ usernameField: 'email', passwordField: 'secret_word' }));
    const ok = await http.post('/auth').send({ email: 'joe', secret_word: 'pass' });
    expect(ok.status).toBe(200);
    expect(readPayload(ok.body.token).user_id).toBe(1);
    // The default names no longer count, and the answer names the ones that do (not "Invalid credentials").
    const old = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(old.status).toBe(400);
    expect(old.body).toEqual(FIELDS_INVALID('"email" and "secret_word"'));
  });

  it.each([
    ['a wrong password', { username: 'joe', password: 'nope' }],
    ['an unknown user', { username: 'bob', password: 'pass' }],
  ])('answers %s with Bad Request / Invalid credentials, a 401 with a challenge and no error code', async (_name, body) => {
    const { http } = makeApp();
    const res = await http.post('/auth').send(body);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(INVALID_CREDENTIALS);
    // RFC 9110 section 15.5.2: every 401 has a challenge. The realm the token is for; no error attribute, since
    // the request carried no bearer token (RFC 6750 section 3.1); and never Basic, which would make a browser prompt.
    expect(res.headers['www-authenticate']).toBe('Bearer realm="Login Required"');
  });

  it.each([
    ['a missing password', { username: 'joe' }],
    ['a missing username', { password: 'pass' }],
    ['an empty password', { username: 'joe', password: '' }],
    ['an empty username', { username: '', password: 'pass' }],
    ['a username that is not a string', { username: 1, password: 'pass' }],
    ['a username that is an object', { username: { $ne: null }, password: 'pass' }],
    ['a password that is an array', { username: 'joe', password: ['pass'] }],
    ['a password that is null', { username: 'joe', password: null }],
    ['an empty object', {}],
  ])('answers %s with 400 LOGIN_FIELDS_INVALID naming the expected fields', async (_name, body) => {
    const { http } = makeApp();
    const res = await http.post('/auth').send(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(FIELDS_INVALID());
  });

  it(`refuses a username or password over ${FIELD_LIMIT_BYTES} bytes before authenticate sees it`, async () => {
    expect(FIELD_LIMIT_BYTES).toBe(1024);
    const seen: number[] = [];
    const { http } = makeApp(baseConfig({ handlers: { authenticate: (u, p) => (seen.push(u.length + p.length), null) } }));
    const tooLong = errorBody(400, 'Bad Request', 'The fields "username" and "password" may hold at most 1024 bytes each', 'LOGIN_FIELD_TOO_LONG');
    const long = await http.post('/auth').send({ username: 'joe', password: 'p'.repeat(FIELD_LIMIT_BYTES + 1) });
    expect([long.status, long.body]).toEqual([400, tooLong]);
    // Bytes, not characters: 342 three-byte characters are 1026 bytes.
    const wide = await http.post('/auth').send({ username: '\u20ac'.repeat(342), password: 'pass' });
    expect([wide.status, wide.body]).toEqual([400, tooLong]);
    expect(seen).toEqual([]);
    // At the cap exactly, authenticate decides.
    const atCap = await http.post('/auth').send({ username: 'joe', password: 'p'.repeat(FIELD_LIMIT_BYTES) });
    expect([atCap.status, atCap.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect(seen).toEqual([3 + FIELD_LIMIT_BYTES]);
  });

  it('marks every answer of the login route Cache-Control: no-store and Pragma: no-cache (RFC 6749 section 5.1)', async () => {
    const { http } = makeApp();
    const ok = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.headers.pragma).toBe('no-cache');
    const denied = await http.post('/auth').send({ username: 'joe', password: 'nope' });
    expect([denied.status, denied.headers['cache-control'], denied.headers.pragma]).toEqual([401, 'no-store', 'no-cache']);
  });

  it('keeps no-store on a custom authResponse body too', async () => {
    const { http } = makeApp(baseConfig({ handlers: { authResponse: (token) => ({ access_token: token }) } }));
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect([res.status, res.headers['cache-control'], res.headers.pragma]).toEqual([200, 'no-store', 'no-cache']);
  });

  it('treats false from authenticate as no user', async () => {
    const { http } = makeApp(baseConfig({ handlers: { authenticate: () => false as unknown as null } }));
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('awaits an async authenticate hook', async () => {
    const { http } = makeApp(
      baseConfig({ handlers: { authenticate: async (u, p) => (u === 'ann' && p === 'word' ? { id: 2, username: 'ann', password: '' } : null) } }),
    );
    const res = await http.post('/auth').send({ username: 'ann', password: 'word' });
    expect(res.status).toBe(200);
    expect(readPayload(res.body.token).user_id).toBe(2);
  });

  it('serves a custom login path, and the default one is gone', async () => {
    const { http } = makeApp(baseConfig({ authPath: '/api/login' }));
    expect((await http.post('/api/login').send({ username: 'joe', password: 'pass' })).status).toBe(200);
    expect((await http.post('/auth').send({ username: 'joe', password: 'pass' })).status).toBe(404);
  });

  it('has no login route when authPath is null (and then needs no authenticate hook)', async () => {
    const { http } = makeApp({ secret: SECRET, authPath: null, handlers: { identity: () => null } });
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(404);
  });

  it('answers GET on the login path with 405 and Allow: POST', async () => {
    const { http } = makeApp();
    const res = await http.get('/auth');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });

  it('names the route after authEndpoint, so its URL can be generated (Flask url_for)', () => {
    expect(makeApp().kit.router.url('jwt')).toBe('/auth');
    const { kit } = makeApp(baseConfig({ authEndpoint: 'login', authPath: '/api/session' }));
    expect(kit.router.url('login')).toBe('/api/session');
    expect(kit.router.route('jwt')).toBe(false);
  });
});

describe('login bodies a client can send: always a 4xx JSON, never a 500', () => {
  const post = () => makeApp().http.post('/auth');

  it('refuses a JSON array with LOGIN_BODY_INVALID', async () => {
    const res = await post().set('Content-Type', 'application/json').send('["joe","pass"]');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errorBody(400, 'Bad Request', 'The request body must be a JSON object', 'LOGIN_BODY_INVALID'));
  });

  it.each(['null', '"joe"', '42', 'true'])('refuses the JSON scalar %s with LOGIN_BODY_INVALID', async (text) => {
    const res = await post().set('Content-Type', 'application/json').send(text);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LOGIN_BODY_INVALID');
  });

  it('refuses a form body with 415 LOGIN_UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await post().type('form').send('username=joe&password=pass');
    expect(res.status).toBe(415);
    expect(res.body).toEqual(
      errorBody(415, 'Unsupported Media Type', 'The request body must be application/json', 'LOGIN_UNSUPPORTED_MEDIA_TYPE'),
    );
  });

  it('refuses a text/plain body holding JSON with 415', async () => {
    const res = await post().set('Content-Type', 'text/plain').send('{"username":"joe","password":"pass"}');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('LOGIN_UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts a +json media type and a charset parameter', async () => {
    const body = JSON.stringify({ username: 'joe', password: 'pass' });
    expect((await post().set('Content-Type', 'application/vnd.api+json').send(body)).status).toBe(200);
    expect((await post().set('Content-Type', 'application/json; charset=utf-8').send(body)).status).toBe(200);
  });

  it('refuses broken JSON with LOGIN_BODY_INVALID and does not echo the parser message', async () => {
    const res = await post().set('Content-Type', 'application/json').send('{"username": "joe",');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errorBody(400, 'Bad Request', 'The request body is not valid JSON', 'LOGIN_BODY_INVALID'));
  });

  it('refuses an empty body with LOGIN_BODY_INVALID', async () => {
    const res = await post().set('Content-Type', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errorBody(400, 'Bad Request', 'The request body must be a JSON object', 'LOGIN_BODY_INVALID'));
  });

  it('refuses a body over 16 KiB with 413 LOGIN_BODY_TOO_LARGE', async () => {
    expect(LIMIT_BYTES).toBe(16 * 1024);
    const big = JSON.stringify({ username: 'joe', password: 'pass', pad: 'x'.repeat(LIMIT_BYTES) });
    const res = await post().set('Content-Type', 'application/json').send(big);
    expect(res.status).toBe(413);
    expect(res.body).toEqual(errorBody(413, 'Payload Too Large', 'The request body is too large', 'LOGIN_BODY_TOO_LARGE'));
  });

  it('refuses a chunked body (no Content-Length) once it passes 16 KiB', async () => {
    const { app } = makeApp();
    const server = app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const res = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          { port, method: 'POST', path: '/auth', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode, body }));
          },
        );
        req.on('error', reject);
        req.write('{"username":"joe","password":"pass","pad":"');
        for (let i = 0; i < 20; i += 1) req.write('x'.repeat(1024));
        req.end('"}');
      });
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toEqual(
        errorBody(413, 'Payload Too Large', 'The request body is too large', 'LOGIN_BODY_TOO_LARGE'),
      );
    } finally {
      server.close();
    }
  });

  it('treats a client that hangs up mid-body as its own fault: no server error is reported', async () => {
    const { app, errors } = makeApp();
    const server = app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('POST /auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user');
          setTimeout(() => socket.destroy(), 50);
        });
        socket.on('close', () => resolve());
        socket.on('error', reject);
      });
      // Give the server a moment to notice the hang-up and finish the request.
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      server.close();
    }
    // Koa itself reports the broken socket (HPE_INVALID_EOF_STATE, headerSent); the login route adds no fault
    // of its own: before, the cut body surfaced as a 500 HANDLER_FAILED with the reason 'aborted'.
    expect(errors.filter((error) => (error as { code?: string }).code !== 'HPE_INVALID_EOF_STATE')).toEqual([]);
  });

  it('accepts a body of exactly 16 KiB', async () => {
    const base = JSON.stringify({ username: 'joe', password: 'pass', pad: '' });
    const exact = JSON.stringify({ username: 'joe', password: 'pass', pad: 'x'.repeat(LIMIT_BYTES - base.length) });
    expect(Buffer.byteLength(exact)).toBe(LIMIT_BYTES);
    const res = await post().set('Content-Type', 'application/json').send(exact);
    expect(res.status).toBe(200);
  });

  it('refuses a user without an id with 422 USER_ID_MISSING', async () => {
    const { http } = makeApp(baseConfig({ handlers: { authenticate: () => ({ name: 'joe' }) as unknown as User } }));
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(
      errorBody(422, 'Invalid user', 'The authenticated user has no id to put in a token', 'USER_ID_MISSING'),
    );
  });

  it('accepts a string id', async () => {
    const { http } = makeApp(baseConfig({ handlers: { authenticate: () => ({ id: 'u-1' }) as unknown as User } }));
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(200);
    expect(readPayload(res.body.token).user_id).toBe('u-1');
  });
});

describe('server faults at login: 500 JSON HANDLER_FAILED, nothing leaked', () => {
  const HANDLER_FAILED = errorBody(500, 'Internal Server Error', 'A handler failed', 'HANDLER_FAILED');

  it('answers an authenticate hook that throws with HANDLER_FAILED and reports the cause to Koa', async () => {
    const { http, errors } = makeApp(
      baseConfig({ handlers: { authenticate: () => { throw new Error('db password is hunter2'); } } }),
    );
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual(HANDLER_FAILED);
    expect(res.text).not.toContain('hunter2');
    expect(errors).toHaveLength(1);
  });

  it('answers an async authenticate hook that rejects the same way', async () => {
    const { http } = makeApp(baseConfig({ handlers: { authenticate: async () => Promise.reject(new Error('boom')) } }));
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual(HANDLER_FAILED);
  });

  it('answers a payload hook that sets exp to a string with HANDLER_FAILED, without the detail', async () => {
    const { http } = makeApp(baseConfig({ handlers: { payload: (user) => ({ user_id: user.id, exp: 'tomorrow' as unknown as number }) } }));
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual(HANDLER_FAILED);
    expect(res.text).not.toContain('exp');
  });

  it('answers a payload hook that returns no object with HANDLER_FAILED', async () => {
    const { http } = makeApp(baseConfig({ handlers: { payload: () => null as unknown as { user_id: number } } }));
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual(HANDLER_FAILED);
  });

  it('answers an encode hook that returns no string with HANDLER_FAILED', async () => {
    const { http } = makeApp(baseConfig({ handlers: { encode: () => 42 as unknown as string } }));
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual(HANDLER_FAILED);
  });
});

describe('login hooks', () => {
  it('payload (sync): adds claims; the kit still fills iat, nbf, exp and jti', async () => {
    const { http } = makeApp(baseConfig({ handlers: { payload: (user) => ({ user_id: user.id, role: 'admin' }) } }));
    const payload = readPayload(await login(http));
    expect(payload).toEqual({ user_id: 1, role: 'admin', iat: T, nbf: T, exp: T + 300, jti: expect.any(String) });
  });

  it('payload (async): a hook that drops exp still yields a token with exp', async () => {
    const { http } = makeApp(baseConfig({ handlers: { payload: async (user) => ({ sub: String(user.id) }) } }));
    const token = await login(http);
    const payload = readPayload(token);
    expect(payload.sub).toBe('1');
    expect(payload.user_id).toBeUndefined();
    expect(payload.exp).toBe(T + 300);
  });

  it('payload: a hook that sets exp to undefined still yields a token with exp', async () => {
    const { http } = makeApp(
      baseConfig({ handlers: { payload: (user) => ({ user_id: user.id, exp: undefined, iat: undefined }) } }),
    );
    const payload = readPayload(await login(http));
    expect(payload.exp).toBe(T + 300);
    expect(payload.iat).toBe(T);
  });

  it('payload: a hook that sets its own exp keeps it', async () => {
    const { http } = makeApp(baseConfig({ handlers: { payload: (user) => ({ user_id: user.id, exp: T + 42 }) } }));
    expect(readPayload(await login(http)).exp).toBe(T + 42);
  });

  it('a token from a custom payload hook passes the guard', async () => {
    const { http } = makeApp(
      baseConfig({
        handlers: {
          payload: (user) => ({ uid: user.id }),
          identity: (payload) => ({ id: Number(payload.uid), username: `uid-${String(payload.uid)}`, password: '' }),
        },
      }),
    );
    const token = await login(http);
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.hello).toBe('uid-1');
  });

  it('encode (sync): replaces signing; `sign` gives the default', async () => {
    const seen: unknown[] = [];
    const { http } = makeApp(
      baseConfig({
        handlers: {
          encode: (payload, { sign }) => {
            seen.push(payload);
            return `${sign(payload)}`;
          },
        },
      }),
    );
    const token = await login(http);
    expect(seen).toEqual([{ user_id: 1, iat: T, nbf: T, exp: T + 300, jti: expect.any(String) }]);
    expect((await http.get('/protected').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  it('encode (async): its token is what the client gets', async () => {
    const { http } = makeApp(baseConfig({ handlers: { encode: async () => 'custom.token.value' } }));
    expect(await login(http)).toBe('custom.token.value');
  });

  it('encode: a hand-rolled HS256 signature is accepted by the default verifier', async () => {
    const { http } = makeApp(
      baseConfig({
        handlers: {
          encode: (payload) => {
            const input = `${Buffer.from('{"alg":"HS256","typ":"JWT","kid":"k1"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
            return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
          },
        },
      }),
    );
    const token = await login(http);
    expect(readHeader(token).kid).toBe('k1');
    expect((await http.get('/protected').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  it('authResponse (sync): shapes the login answer', async () => {
    const { http } = makeApp(
      baseConfig({ handlers: { authResponse: (token, user) => ({ access_token: token, user: user.username }) } }),
    );
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ access_token: expect.stringMatching(/^ey/), user: 'joe' });
  });

  it('authResponse (async): may use ctx', async () => {
    const { http } = makeApp(
      baseConfig({
        handlers: {
          authResponse: async (token, _user, ctx) => {
            ctx.set('X-Login', 'yes');
            return { jwt: token };
          },
        },
      }),
    );
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(200);
    expect(res.headers['x-login']).toBe('yes');
    expect(Object.keys(res.body)).toEqual(['jwt']);
  });

  it.each([undefined, null])('authResponse returning %p keeps the default { token } answer', async (nothing) => {
    const { http } = makeApp(baseConfig({ handlers: { authResponse: () => nothing } }));
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['token']);
  });

  it.each([false, 0, ''])('treats a falsy authenticate answer (%p) as invalid credentials', async (nobody) => {
    const { http } = makeApp(baseConfig({ handlers: { authenticate: () => nobody as unknown as User } }));
    const res = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.body).toEqual(INVALID_CREDENTIALS);
  });

  it('refuses a JSON body declared in another charset than UTF-8 with 415', async () => {
    const { http } = makeApp();
    const latin1 = Buffer.from('{"username":"jos\u00e9","password":"pass"}', 'latin1');
    const res = await http.post('/auth').set('Content-Type', 'application/json; charset=iso-8859-1').send(latin1);
    expect(res.status).toBe(415);
    expect(res.body).toEqual(errorBody(415, 'Unsupported Media Type', 'The request body must be UTF-8 JSON', 'LOGIN_UNSUPPORTED_MEDIA_TYPE'));
    const utf8 = await http.post('/auth').set('Content-Type', 'application/json; charset=UTF-8').send('{"username":"joe","password":"pass"}');
    expect(utf8.status).toBe(200);
  });

  it('kit.issueToken gives the token the login route would', async () => {
    const { kit, http } = makeApp();
    const token = await kit.issueToken({ id: 2, username: 'ann', password: 'word' });
    expect(readPayload(token)).toMatchObject({ user_id: 2, iat: T, exp: T + 300 });
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.body.hello).toBe('ann');
  });
});

describe('login bodies with __proto__ and constructor keys change nothing', () => {
  it('reads no username or password through the prototype an app body parser may have set', async () => {
    // An app's own body parser ran first (kit.middleware() then uses ctx.request.body as it is) and merged
    // `__proto__`, as vulnerable deep-merge parsers do: the credentials sit on the prototype, not on the body.
    const { kit } = makeApp();
    const app = new Koa();
    app.use(async (ctx, next) => {
      (ctx.request as { body?: unknown }).body = Object.create({ username: 'joe', password: 'pass' }) as object;
      await next();
    });
    app.use(kit.middleware());
    const res = await supertest(app.callback()).post('/auth').send({});
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LOGIN_FIELDS_INVALID');
  });

  it.each([
    ['__proto__ holding the credentials', '{"__proto__": {"username": "joe", "password": "pass"}}', 400, 'LOGIN_FIELDS_INVALID'],
    ['constructor.prototype holding the credentials', '{"constructor": {"prototype": {"username": "joe", "password": "pass"}}}', 400, 'LOGIN_FIELDS_INVALID'],
    ['__proto__ beside a wrong password', '{"username": "joe", "password": "nope", "__proto__": {"password": "pass"}}', 401, 'INVALID_CREDENTIALS'],
    ['__proto__ beside good credentials', '{"username": "joe", "password": "pass", "__proto__": {"isAdmin": true}}', 200, undefined],
    ['constructor beside good credentials', '{"username": "joe", "password": "pass", "constructor": {"prototype": {"isAdmin": true}}}', 200, undefined],
  ])('%s: %s', async (_name, text, status, code) => {
    const { http } = makeApp();
    const res = await http.post('/auth').set('Content-Type', 'application/json').send(text);
    expect([res.status, res.body.code]).toEqual([status, code]);
    // Nothing leaked into the prototypes of this process.
    expect(({} as { isAdmin?: unknown; username?: unknown }).isAdmin).toBeUndefined();
    expect(({} as { username?: unknown }).username).toBeUndefined();
  });
});

/**
 * The guard (Flask-JWT's jwt_required), the optional guard and kit.verifyRequest (verify_jwt), through HTTP:
 * header parsing, realms, the identity / decode / error hooks, custom header name and prefix.
 */
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { createKit, JwtKitError, type AuthState } from '../../src';
import { baseConfig, errorBody, login, makeApp, SECRET, T, USERS, type User } from '../helpers/app';
import { forge, tamperSignature } from '../helpers/forge';

const MISSING = errorBody(401, 'Authorization Required', 'Request does not contain an access token', 'TOKEN_MISSING');
const CHALLENGE = 'Bearer realm="Login Required"';

describe('guard: a valid token', () => {
  it('reaches the route, which sees its user on ctx.state.user', async () => {
    const { http } = makeApp();
    const token = await login(http);
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ hello: 'joe', user_id: 1 });
  });

  it('is found under a lower-case header name and a lower-case scheme', async () => {
    const { http } = makeApp();
    const token = await login(http);
    const res = await http.get('/protected').set('authorization', `bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.hello).toBe('joe');
  });

  it('is found with an upper-case scheme and extra spaces around it', async () => {
    const { http } = makeApp();
    const token = await login(http);
    const res = await http.get('/protected').set('Authorization', `  BEARER   ${token}  `);
    expect(res.status).toBe(200);
  });

  it('keeps each user apart', async () => {
    const { http } = makeApp();
    const token = await login(http, { username: 'ann', password: 'word' });
    expect((await http.get('/protected').set('Authorization', `Bearer ${token}`)).body.hello).toBe('ann');
  });

  it('kit.currentUser reads the user a guard set, typed', async () => {
    const kit = createKit<User>(baseConfig(), { now: () => T });
    const app = new Koa();
    const router = new Router<AuthState<User>>();
    router.get('/me', kit.guard(), (ctx) => {
      const user: User = kit.currentUser(ctx);
      ctx.body = { id: user.id };
    });
    app.use(kit.middleware()).use(router.routes());
    const http = request(app.callback());
    const token = await kit.issueToken(USERS[0] as User);
    expect((await http.get('/me').set('Authorization', `Bearer ${token}`)).body).toEqual({ id: 1 });
  });

  it('kit.currentUser throws USER_NOT_FOUND where no guard ran', () => {
    const kit = createKit<User>(baseConfig(), { now: () => T });
    expect(() => kit.currentUser({ state: {} })).toThrow(expect.objectContaining({ code: 'USER_NOT_FOUND' }) as unknown as Error);
  });
});

describe('guard: no token', () => {
  it('answers Authorization Required with the WWW-Authenticate realm', async () => {
    const { http } = makeApp();
    const res = await http.get('/protected');
    expect(res.status).toBe(401);
    expect(res.type).toBe('application/json');
    expect(res.body).toEqual(MISSING);
    expect(res.headers['www-authenticate']).toBe(CHALLENGE);
  });

  it('names the per-route realm in the challenge', async () => {
    const { http } = makeApp();
    const res = await http.get('/admin');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(MISSING);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="Admin"');
  });

  it('names the configured realm, escaping quotes', async () => {
    const { http } = makeApp(baseConfig({ realm: 'The "inner" zone' }));
    const res = await http.get('/protected');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="The \\"inner\\" zone"');
  });

  it.each([['an empty header', ''], ['a whitespace-only header', '   '], ['a tab', '\t']])(
    'treats %s as no token: the same 401, not a 500',
    async (_name, value) => {
      const { http } = makeApp();
      const res = await http.get('/protected').set('Authorization', value);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(MISSING);
      expect(res.headers['www-authenticate']).toBe(CHALLENGE);
    },
  );

  it('leaves unguarded routes alone', async () => {
    const { http } = makeApp();
    expect((await http.get('/open')).status).toBe(200);
  });
});

describe('guard: a malformed header', () => {
  // RFC 6750 section 3.1: another scheme carries no bearer token (no error attribute); our scheme without a
  // single token is a malformed request (invalid_request).
  it.each([
    ['Bogus xxx', 'Unsupported authorization type', 'HEADER_UNSUPPORTED_TYPE', CHALLENGE],
    ['Basic am9lOnBhc3M=', 'Unsupported authorization type', 'HEADER_UNSUPPORTED_TYPE', CHALLENGE],
    ['Bearer', 'Token missing', 'HEADER_TOKEN_MISSING', `${CHALLENGE}, error="invalid_request", error_description="Token missing"`],
    ['Bearer   ', 'Token missing', 'HEADER_TOKEN_MISSING', `${CHALLENGE}, error="invalid_request", error_description="Token missing"`],
    ['Bearer a b', 'Token contains spaces', 'HEADER_TOKEN_SPACES', `${CHALLENGE}, error="invalid_request", error_description="Token contains spaces"`],
  ])('answers "%s" with Invalid JWT header / %s and a challenge', async (value, description, code, challenge) => {
    const { http } = makeApp();
    const res = await http.get('/protected').set('Authorization', value);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(errorBody(401, 'Invalid JWT header', description, code));
    expect(res.headers['www-authenticate']).toBe(challenge);
  });
});

describe('guard: a bad token', () => {
  it('answers a tampered signature with Invalid token / TOKEN_BAD_SIGNATURE', async () => {
    const { http } = makeApp();
    const token = tamperSignature(await login(http));
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(errorBody(401, 'Invalid token', 'Signature verification failed', 'TOKEN_BAD_SIGNATURE'));
  });

  it('answers a token signed with another secret with TOKEN_BAD_SIGNATURE', async () => {
    const { http } = makeApp();
    const token = forge({ user_id: 1, iat: T, nbf: T, exp: T + 60 }, 'another-secret-of-enough-length-0123456789');
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.body.code).toBe('TOKEN_BAD_SIGNATURE');
  });

  it('answers an expired token with Invalid token / TOKEN_EXPIRED', async () => {
    const { http, setNow } = makeApp();
    const token = await login(http);
    setNow(T + 300);
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(errorBody(401, 'Invalid token', 'Signature has expired', 'TOKEN_EXPIRED'));
  });

  // RFC 6750 section 3 and RFC 9110 section 15.5.2: every 401 carries a challenge; a presented token that fails
  // is invalid_token, with the code's fixed description (never library text), and the route's own realm.
  it('challenges an expired, a badly signed and a malformed token with error="invalid_token"', async () => {
    const { http, setNow } = makeApp();
    const token = await login(http);
    const bad = await http.get('/protected').set('Authorization', `Bearer ${tamperSignature(token)}`);
    expect(bad.headers['www-authenticate']).toBe(
      'Bearer realm="Login Required", error="invalid_token", error_description="Signature verification failed"',
    );
    const malformed = await http.get('/admin').set('Authorization', 'Bearer not-a-jwt');
    expect(malformed.headers['www-authenticate']).toBe('Bearer realm="Admin", error="invalid_token", error_description="Token is malformed"');
    setNow(T + 300);
    const expired = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(expired.status).toBe(401);
    expect(expired.headers['www-authenticate']).toBe('Bearer realm="Login Required", error="invalid_token", error_description="Signature has expired"');
  });

  it('never puts a thrower\'s own text in error_description: a decode hook\'s description with quotes stays in the body', async () => {
    const { http } = makeApp(
      baseConfig({ handlers: { decode: () => Promise.reject(new JwtKitError('TOKEN_CLAIM_MISSING', 'Token is missing the "sub" \\ claim')) } }),
    );
    const res = await http.get('/protected').set('Authorization', 'Bearer x.y.z');
    expect(res.status).toBe(401);
    expect(res.body.description).toBe('Token is missing the "sub" \\ claim');
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="Login Required", error="invalid_token", error_description="Token is missing a required claim"',
    );
  });

  it('challenges a token naming nobody with invalid_token too', async () => {
    const { http } = makeApp();
    const res = await http.get('/protected').set('Authorization', `Bearer ${forge({ user_id: 99, iat: T, nbf: T, exp: T + 60 }, SECRET)}`);
    expect(res.body.code).toBe('USER_NOT_FOUND');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="Login Required", error="invalid_token", error_description="User does not exist"');
  });

  it.each(['not-a-jwt', 'a.b', 'a.b.c', '....'])('answers the garbage "%s" with TOKEN_MALFORMED', async (token) => {
    const { http } = makeApp();
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ status_code: 401, error: 'Invalid token', code: 'TOKEN_MALFORMED' });
  });
});

describe('identity hook', () => {
  it('answers a token naming nobody with Invalid JWT / User does not exist', async () => {
    const { http } = makeApp();
    const token = forge({ user_id: 99, iat: T, nbf: T, exp: T + 60 }, SECRET);
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(errorBody(401, 'Invalid JWT', 'User does not exist', 'USER_NOT_FOUND'));
  });

  it('awaits an async hook that finds no user', async () => {
    const { http } = makeApp(baseConfig({ handlers: { identity: async () => undefined } }));
    const token = await login(http);
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.body).toEqual(errorBody(401, 'Invalid JWT', 'User does not exist', 'USER_NOT_FOUND'));
  });

  it.each([false, 0, ''])('treats a falsy answer (%p) as no user, never as a user', async (nobody) => {
    const { http } = makeApp(baseConfig({ handlers: { identity: () => nobody as unknown as User } }));
    const token = await login(http);
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.body).toEqual(errorBody(401, 'Invalid JWT', 'User does not exist', 'USER_NOT_FOUND'));
  });

  it('gets the verified payload and its user reaches the route', async () => {
    const seen: unknown[] = [];
    const { http } = makeApp(
      baseConfig({
        handlers: {
          identity: async (payload) => {
            seen.push(payload);
            return { id: 7, username: 'from-hook', password: '' };
          },
        },
      }),
    );
    const token = await login(http);
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.body.hello).toBe('from-hook');
    expect(seen).toEqual([expect.objectContaining({ user_id: 1, exp: T + 300 })]);
  });

  it('answers a hook that throws with a 500 HANDLER_FAILED, detail hidden', async () => {
    const { http, errors } = makeApp(baseConfig({ handlers: { identity: () => { throw new Error('db down at 10.0.0.5'); } } }));
    const token = await login(http);
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(500);
    expect(res.body).toEqual(errorBody(500, 'Internal Server Error', 'A handler failed', 'HANDLER_FAILED'));
    expect(res.text).not.toContain('10.0.0.5');
    expect(errors).toHaveLength(1);
  });

  it('lets a hook answer with a JwtKitError of its own', async () => {
    const { http } = makeApp(
      baseConfig({ handlers: { identity: () => { throw new JwtKitError('TOKEN_CLAIM_INVALID', 'Account locked'); } } }),
    );
    const token = await login(http);
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(errorBody(401, 'Invalid token', 'Account locked', 'TOKEN_CLAIM_INVALID'));
  });
});

describe('decode hook', () => {
  it('(sync) replaces verification; its payload goes to identity', async () => {
    const { http } = makeApp(baseConfig({ handlers: { decode: (token) => ({ user_id: token === 'magic' ? 2 : 0 }) } }));
    const res = await http.get('/protected').set('Authorization', 'Bearer magic');
    expect(res.status).toBe(200);
    expect(res.body.hello).toBe('ann');
  });

  it('(async) may call the default verify and add to it', async () => {
    const { http } = makeApp(
      baseConfig({ handlers: { decode: async (token, { verify }) => ({ ...(await verify(token)), user_id: 2 }) } }),
    );
    const token = await login(http);
    expect((await http.get('/protected').set('Authorization', `Bearer ${token}`)).body.hello).toBe('ann');
    const bad = await http.get('/protected').set('Authorization', `Bearer ${tamperSignature(token)}`);
    expect(bad.body.code).toBe('TOKEN_BAD_SIGNATURE');
  });

  it('answers a hook that returns no object with TOKEN_MALFORMED', async () => {
    const { http } = makeApp(baseConfig({ handlers: { decode: () => 'nope' as unknown as { user_id: number } } }));
    const res = await http.get('/protected').set('Authorization', 'Bearer x');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(errorBody(401, 'Invalid token', 'The token payload is not a JSON object', 'TOKEN_MALFORMED'));
  });
});

describe('error hook', () => {
  it('(sync) replaces the body; status and challenge stay', async () => {
    const { http } = makeApp(baseConfig({ handlers: { error: (err) => ({ message: err.description, kind: err.code }) } }));
    const res = await http.get('/protected');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Request does not contain an access token', kind: 'TOKEN_MISSING' });
    expect(res.headers['www-authenticate']).toBe(CHALLENGE);
  });

  it('(async) may set the status through ctx, and applies at login too', async () => {
    const { http } = makeApp(
      baseConfig({
        handlers: {
          error: async (err, ctx) => {
            ctx.status = 403;
            return { oops: err.title };
          },
        },
      }),
    );
    const res = await http.post('/auth').send({ username: 'joe', password: 'bad' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ oops: 'Bad Request' });
  });

  it('returning undefined keeps the default body', async () => {
    const { http } = makeApp(baseConfig({ handlers: { error: () => undefined } }));
    const res = await http.get('/protected').set('Authorization', 'Bogus xxx');
    expect(res.body).toEqual(errorBody(401, 'Invalid JWT header', 'Unsupported authorization type', 'HEADER_UNSUPPORTED_TYPE'));
  });

  it('a hook that throws keeps the default answer', async () => {
    const { http, errors } = makeApp(baseConfig({ handlers: { error: () => { throw new Error('broken hook'); } } }));
    const res = await http.get('/protected');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(MISSING);
    expect(errors).toHaveLength(1);
  });
});

describe('header name and prefix', () => {
  it('a custom prefix works and the old one is refused', async () => {
    const { http } = makeApp(baseConfig({ headerPrefix: 'JWT' }));
    const token = await login(http);
    expect((await http.get('/protected').set('Authorization', `JWT ${token}`)).status).toBe(200);
    expect((await http.get('/protected').set('Authorization', `jwt ${token}`)).status).toBe(200);
    const old = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(old.status).toBe(401);
    expect(old.body).toEqual(errorBody(401, 'Invalid JWT header', 'Unsupported authorization type', 'HEADER_UNSUPPORTED_TYPE'));
    const none = await http.get('/protected');
    expect(none.headers['www-authenticate']).toBe('JWT realm="Login Required"');
  });

  it('an empty prefix takes the bare token', async () => {
    const { http } = makeApp(baseConfig({ headerPrefix: '' }));
    const token = await login(http);
    expect((await http.get('/protected').set('Authorization', token)).status).toBe(200);
    const spaced = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(spaced.body).toEqual(errorBody(401, 'Invalid JWT header', 'Token contains spaces', 'HEADER_TOKEN_SPACES'));
    expect((await http.get('/protected')).headers['www-authenticate']).toBe('Bearer realm="Login Required"');
  });

  it('a custom header name is read (case-insensitively) and Authorization is then ignored', async () => {
    const { http } = makeApp(baseConfig({ headerName: 'X-Access-Token' }));
    const token = await login(http);
    expect((await http.get('/protected').set('x-access-token', `Bearer ${token}`)).status).toBe(200);
    const res = await http.get('/protected').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(MISSING);
  });
});

describe('optional guard', () => {
  it('lets a request without a token through with no user', async () => {
    const { http } = makeApp();
    const res = await http.get('/optional');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: null });
  });

  it('sets the user of a valid token', async () => {
    const { http } = makeApp();
    const token = await login(http);
    expect((await http.get('/optional').set('Authorization', `Bearer ${token}`)).body).toEqual({ user: 'joe' });
  });

  it.each([
    ['a tampered token', (t: string) => `Bearer ${tamperSignature(t)}`, 'TOKEN_BAD_SIGNATURE'],
    ['a wrong scheme', () => 'Bogus xxx', 'HEADER_UNSUPPORTED_TYPE'],
    ['a bare scheme', () => 'Bearer', 'HEADER_TOKEN_MISSING'],
  ])('still fails on %s', async (_name, header, code) => {
    const { http } = makeApp();
    const token = await login(http);
    const res = await http.get('/optional').set('Authorization', header(token));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(code);
  });

  it('still fails on an expired token', async () => {
    const { http, setNow } = makeApp();
    const token = await login(http);
    setNow(T + 1000);
    const res = await http.get('/optional').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_EXPIRED');
  });

  it('still fails on a token whose user is gone', async () => {
    const { http } = makeApp();
    const res = await http.get('/optional').set('Authorization', `Bearer ${forge({ user_id: 404, iat: T, nbf: T, exp: T + 9 }, SECRET)}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('USER_NOT_FOUND');
  });
});

describe('kit.verifyRequest inside a route', () => {
  it('returns the user and sets ctx.state.user', async () => {
    const { http } = makeApp();
    const token = await login(http);
    const res = await http.get('/manual').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ manual: 'joe', same: true });
  });

  it('throws an error that kit.middleware renders as JSON, with the challenge', async () => {
    const { http } = makeApp();
    const res = await http.get('/manual');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(MISSING);
    expect(res.headers['www-authenticate']).toBe(CHALLENGE);
  });

  it('renders a bad token as JSON too', async () => {
    const { http } = makeApp();
    const res = await http.get('/manual').set('Authorization', 'Bearer a b');
    expect(res.status).toBe(401);
    expect(res.body).toEqual(errorBody(401, 'Invalid JWT header', 'Token contains spaces', 'HEADER_TOKEN_SPACES'));
  });

  it('passes other errors of the route on to Koa', async () => {
    const kit = createKit<User>(baseConfig(), { now: () => T });
    const app = new Koa();
    app.silent = true;
    app.use(kit.middleware());
    app.use(() => {
      throw new Error('route bug');
    });
    const res = await request(app.callback()).get('/anything');
    expect(res.status).toBe(500);
    expect(res.text).toBe('Internal Server Error');
  });
});

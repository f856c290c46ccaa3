/**
 * createKit at start-up (the secret floor, missing hooks, config errors) and a sweep over every failure a
 * client can cause, checking that no answer is a 500 and none echoes the secret, the audience or the issuer.
 */
import { createKit, MIN_SECRET_BYTES } from '../../src';
import { thrownBy } from '../helpers/thrown';
import { authenticate, baseConfig, identity, login, makeApp, SECRET, T } from '../helpers/app';
import { forge, forgeRaw, forgeUnsigned, tamperSignature } from '../helpers/forge';

const startupError = thrownBy;

describe('the HMAC secret floor', () => {
  const WEAK = 'short-secret-31-bytes-long-abcd';

  it('stops createKit on a secret under 32 bytes with CONFIG_INVALID, without echoing it', () => {
    expect(MIN_SECRET_BYTES).toBe(32);
    expect(Buffer.byteLength(WEAK)).toBe(31);
    const error = startupError(() => createKit({ secret: WEAK, handlers: { authenticate, identity } }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.status).toBe(500);
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain('31 bytes');
    expect(error.message).toContain('dangerouslyAllowWeakSecret');
    expect(error.message).not.toContain(WEAK);
    expect(error.details.join('\n')).not.toContain(WEAK);
    expect(JSON.stringify(error.toJSON())).not.toContain(WEAK);
  });

  it('does the same for a weak secret from the environment', () => {
    const error = startupError(() =>
      createKit({ secretEnv: 'JWT_TEST_SECRET', handlers: { authenticate, identity } }, { env: { JWT_TEST_SECRET: WEAK } }),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).not.toContain(WEAK);
  });

  it('accepts exactly 32 bytes', () => {
    expect(() => createKit({ secret: 'x'.repeat(32), handlers: { authenticate, identity } })).not.toThrow();
  });

  it('allows a weak secret with dangerouslyAllowWeakSecret, and it works', async () => {
    const app = makeApp(baseConfig({ secret: 'dev', dangerouslyAllowWeakSecret: true }));
    const token = await login(app.http);
    expect((await app.http.get('/protected').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });

  it('reads the secret from secretEnv', async () => {
    const app = makeApp({ secretEnv: 'JWT_TEST_SECRET', handlers: { authenticate, identity } }, { env: { JWT_TEST_SECRET: SECRET } });
    const token = await login(app.http);
    // The same secret signs the same way as an inline one.
    expect((await app.http.get('/protected').set('Authorization', `Bearer ${forge({ user_id: 2, iat: T, nbf: T, exp: T + 5 }, SECRET)}`)).status).toBe(200);
    expect(token.split('.')).toHaveLength(3);
  });
});

describe('createKit start-up checks', () => {
  it('needs an identity hook', () => {
    const error = startupError(() => createKit({ secret: SECRET, handlers: { authenticate } }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('/handlers/identity');
  });

  it('needs an authenticate hook while the login route is on', () => {
    const error = startupError(() => createKit({ secret: SECRET, handlers: { identity } }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('/handlers/authenticate');
  });

  it('refuses a realm or scheme the WWW-Authenticate header cannot carry, at start-up', () => {
    const error = startupError(() =>
      createKit({ secret: SECRET, realm: 'Connexion requise \u2014 zone', headerPrefix: 'B\u00e9arer', handlers: { authenticate, identity } }),
    );
    expect(error.details).toEqual([
      '/realm must be printable ASCII (it goes into the WWW-Authenticate header)',
      "/headerPrefix must be one word of letters, digits or !#$%&'*+.^_`|~- (an HTTP auth scheme), or empty",
    ]);
    const kit = createKit({ secret: SECRET, handlers: { authenticate, identity } });
    expect(() => kit.guard({ realm: 'Zone\nX-Injected: 1' })).toThrow(TypeError);
    expect(() => kit.guard({ realm: 'Admin area' })).not.toThrow();
  });

  it('lists schema, value, key and hook problems together, in one error', () => {
    const error = startupError(() =>
      createKit({ secretEnv: 'NOPE_SECRET_FOR_TEST', expirationDelta: 0, leeway: '5 minutes', handlers: {}, bogus: 1 } as never, { env: {} }),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect([...error.details].sort()).toEqual(
      [
        '/bogus is not a known option',
        '/expirationDelta must be >= 1',
        '/leeway must be whole seconds or a duration such as "30s", "5m", "12h", "7d"',
        '/secretEnv names the environment variable NOPE_SECRET_FOR_TEST, which is not set',
        '/handlers/identity is required: (payload) -> user or null',
        '/handlers/authenticate is required while the login route is on (set /authPath to null to turn it off)',
      ].sort(),
    );
  });

  it('reports a cors block of the wrong type as a problem, not a crash', () => {
    const error = startupError(() => createKit({ secret: SECRET, cors: null, handlers: { authenticate, identity } } as never));
    expect([error.code, error.details]).toEqual(['CONFIG_INVALID', ['/cors must be object']]);
  });

  it('an unknown key beside cors spoils no other check: both problems come in one error', () => {
    const error = startupError(() =>
      createKit({ secret: SECRET, 'cors x': 1, cors: { enabled: true, credentials: true }, handlers: { authenticate, identity } } as never),
    );
    expect([...error.details].sort()).toEqual(
      ['/cors x is not a known option (did you mean /cors?)', '/cors/credentials cannot be true while /cors/origins is "*": list the allowed origins'].sort(),
    );
  });

  it('lists every problem in one error', () => {
    const error = startupError(() =>
      createKit({ secret: SECRET, leeway: -1, realm: '', handlers: {} } as never),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.details.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses an unknown option', () => {
    const error = startupError(() => createKit({ ...baseConfig(), exiprationDelta: 5 } as never));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('/exiprationDelta');
  });

  it('fills the Flask-JWT defaults', () => {
    const { config } = createKit(baseConfig());
    expect(config).toMatchObject({
      algorithm: 'HS256',
      realm: 'Login Required',
      authPath: '/auth',
      authEndpoint: 'jwt',
      usernameField: 'username',
      passwordField: 'password',
      headerName: 'Authorization',
      headerPrefix: 'Bearer',
      maxTokenBytes: 8192,
      verify: true,
      verifyExpiration: true,
      leeway: 0,
      expirationDelta: 300,
      notBeforeDelta: 0,
      requiredClaims: ['exp', 'iat', 'nbf'],
      cors: { enabled: false, origins: '*', credentials: false },
    });
  });

  it('accepts an already resolved config', async () => {
    const first = createKit(baseConfig());
    const again = createKit(first.config, { now: () => T });
    expect((await again.tokens.verify(first.tokens.sign({ user_id: 1, iat: T, nbf: T, exp: T + 9 }))).user_id).toBe(1);
  });
});

describe('no client can cause a 500, and no answer leaks configuration', () => {
  const AUD = 'urn:aud:private-audience-7f3a';
  const ISS = 'urn:iss:private-issuer-9c1b';

  it('sweeps the failure modes', async () => {
    const app = makeApp(baseConfig({ audience: AUD, issuer: ISS }));
    const good = { user_id: 1, iat: T, nbf: T, exp: T + 60, aud: AUD, iss: ISS };
    const valid = await login(app.http);
    const headers = [
      '',
      ' ',
      'Bogus xxx',
      'Bearer',
      'Bearer a b',
      `Bearer ${tamperSignature(valid)}`,
      `Bearer ${forge({ ...good, aud: 'x' }, SECRET)}`,
      `Bearer ${forge({ ...good, iss: 'x' }, SECRET)}`,
      `Bearer ${forge({ ...good, exp: T }, SECRET)}`,
      `Bearer ${forge({ ...good, nbf: T + 99 }, SECRET)}`,
      `Bearer ${forge({ ...good, iat: T + 99 }, SECRET)}`,
      `Bearer ${forge({ ...good, user_id: 42 }, SECRET)}`,
      `Bearer ${forge(good, SECRET, { alg: 'HS512' })}`,
      `Bearer ${forge(good, SECRET, { header: { crit: ['b64'] } })}`,
      `Bearer ${forge(good, 'x'.repeat(40))}`,
      `Bearer ${forgeUnsigned(good)}`,
      `Bearer ${forgeRaw('null', SECRET)}`,
      `Bearer ${forgeRaw('null', 'wrong')}`,
      `Bearer ${forgeRaw('"x"', SECRET)}`,
      `Bearer ${forgeRaw('{"exp":1e999}', SECRET)}`,
      `Bearer ${forgeRaw('{broken', SECRET)}`,
      'Bearer ...',
      'Bearer e30.e30.e30',
      'Bearer %%%.%%%.%%%',
    ];
    const bodies: string[] = [];
    for (const header of headers) {
      for (const path of ['/protected', '/optional', '/manual']) {
        const res = await app.http.get(path).set('Authorization', header);
        if (path === '/optional' && header.trim() === '') {
          expect(res.status).toBe(200);
          continue;
        }
        expect({ header, path, status: res.status }).toEqual({ header, path, status: 401 });
        expect(Object.keys(res.body).sort()).toEqual(['code', 'description', 'error', 'status_code']);
        bodies.push(res.text);
      }
    }
    const logins = [
      app.http.post('/auth').send({ username: 'joe', password: 'nope' }),
      app.http.post('/auth').send([SECRET]),
      app.http.post('/auth').type('form').send('a=b'),
      app.http.post('/auth').set('Content-Type', 'application/json').send('{'),
    ];
    for (const pending of logins) {
      const res = await pending;
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      bodies.push(res.text);
    }
    const all = bodies.join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(AUD);
    expect(all).not.toContain(ISS);
    expect(app.errors).toEqual([]);
  });
});

describe('kit.middleware() called by hand', () => {
  // Koa always passes `next`; code that calls the middleware itself may not. koa-compose (which built it
  // before) made up a `next` that does nothing, and so does the middleware now.
  it.each([false, true])('goes on without a next (cors %s)', async (cors) => {
    const Koa = (await import('koa')).default;
    const request = (await import('supertest')).default;
    const kit = createKit(baseConfig({ cors: { enabled: cors } }));
    const app = new Koa();
    app.use(async (ctx) => {
      await (kit.middleware() as (ctx: unknown) => Promise<unknown>)(ctx);
      ctx.body = { after: true };
    });
    const res = await request(app.callback()).get('/somewhere-else');
    expect([res.status, res.body]).toEqual([200, { after: true }]);
  });
});

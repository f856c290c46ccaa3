/**
 * The claim rules of src/token/claims.ts, through HTTP with an injected clock: exp, nbf and iat at their
 * boundaries with and without leeway, required claims, claim types, audience and issuer.
 */
import { baseConfig, errorBody, login, makeApp, SECRET, T } from '../helpers/app';
import { forge, forgeRaw, readPayload } from '../helpers/forge';
import type { JwtKitConfig } from '../../src';
import type { User } from '../helpers/app';

const get = (app: ReturnType<typeof makeApp>, token: string) => app.http.get('/protected').set('Authorization', `Bearer ${token}`);

const EXPIRED = errorBody(401, 'Invalid token', 'Signature has expired', 'TOKEN_EXPIRED');
const NOT_YET = errorBody(401, 'Invalid token', 'The token is not yet valid (nbf)', 'TOKEN_NOT_YET_VALID');
const FUTURE_IAT = errorBody(401, 'Invalid token', 'The token is not yet valid (iat)', 'TOKEN_ISSUED_IN_FUTURE');

/** A kit whose clock the test moves, and a token issued at T by its login route. */
async function issued(config: JwtKitConfig<User> = baseConfig()) {
  const app = makeApp(config);
  const token = await login(app.http);
  return { ...app, token };
}

describe('exp', () => {
  it('is valid one second before exp and expired exactly at exp (no leeway)', async () => {
    const app = await issued(baseConfig({ expirationDelta: 60 }));
    app.setNow(T + 59);
    expect((await get(app, app.token)).status).toBe(200);
    app.setNow(T + 60);
    const res = await get(app, app.token);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(EXPIRED);
  });

  it('refuses a token whose exp is now or one second ago', async () => {
    const app = makeApp();
    for (const exp of [T, T - 1]) {
      const res = await get(app, forge({ user_id: 1, iat: T - 10, nbf: T - 10, exp }, SECRET));
      expect(res.body).toEqual(EXPIRED);
    }
    expect((await get(app, forge({ user_id: 1, iat: T - 10, nbf: T - 10, exp: T + 1 }, SECRET))).status).toBe(200);
  });

  it('with leeway 10, accepts 9 seconds past exp and refuses 10', async () => {
    const app = await issued(baseConfig({ expirationDelta: 60, leeway: 10 }));
    app.setNow(T + 60 + 9);
    expect((await get(app, app.token)).status).toBe(200);
    app.setNow(T + 60 + 10);
    expect((await get(app, app.token)).body).toEqual(EXPIRED);
  });

  it('accepts a leeway given as a duration string', async () => {
    const app = await issued(baseConfig({ expirationDelta: 60, leeway: '1m' }));
    expect(app.kit.config.leeway).toBe(60);
    app.setNow(T + 119);
    expect((await get(app, app.token)).status).toBe(200);
    app.setNow(T + 120);
    expect((await get(app, app.token)).body.code).toBe('TOKEN_EXPIRED');
  });

  it('is not checked when verifyExpiration is false', async () => {
    const app = await issued(baseConfig({ verifyExpiration: false }));
    app.setNow(T + 10 * 365 * 86_400);
    expect((await get(app, app.token)).status).toBe(200);
  });
});

describe('nbf', () => {
  it('with notBeforeDelta 60, refuses the token until iat + 60', async () => {
    const app = await issued(baseConfig({ notBeforeDelta: 60 }));
    expect(readPayload(app.token)).toMatchObject({ iat: T, nbf: T + 60, exp: T + 300 });
    const early = await get(app, app.token);
    expect(early.status).toBe(401);
    expect(early.body).toEqual(NOT_YET);
    app.setNow(T + 59);
    expect((await get(app, app.token)).body).toEqual(NOT_YET);
    app.setNow(T + 60);
    expect((await get(app, app.token)).status).toBe(200);
  });

  it('with leeway 10, accepts 10 seconds before nbf and refuses 11', async () => {
    const app = await issued(baseConfig({ notBeforeDelta: 60, leeway: 10 }));
    app.setNow(T + 50);
    expect((await get(app, app.token)).status).toBe(200);
    app.setNow(T + 49);
    expect((await get(app, app.token)).body).toEqual(NOT_YET);
  });

  it('is checked even when verifyExpiration is false', async () => {
    const app = await issued(baseConfig({ notBeforeDelta: 60, verifyExpiration: false }));
    expect((await get(app, app.token)).body).toEqual(NOT_YET);
  });
});

describe('iat', () => {
  it('refuses an iat in the future beyond the leeway', async () => {
    const app = makeApp(baseConfig({ leeway: 5 }));
    const at = (iat: number) => forge({ user_id: 1, iat, nbf: T, exp: T + 60 }, SECRET);
    expect((await get(app, at(T + 5))).status).toBe(200);
    const res = await get(app, at(T + 6));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(FUTURE_IAT);
  });

  it('refuses an iat one second ahead without leeway', async () => {
    const app = makeApp();
    expect((await get(app, forge({ user_id: 1, iat: T + 1, nbf: T, exp: T + 60 }, SECRET))).body).toEqual(FUTURE_IAT);
  });
});

describe('required claims', () => {
  const MISSING = (name: string) => errorBody(401, 'Invalid token', `Token is missing the "${name}" claim`, 'TOKEN_CLAIM_MISSING');

  it('refuses a token without exp while expiration is verified', async () => {
    const app = makeApp(baseConfig({ requiredClaims: [] }));
    const res = await get(app, forge({ user_id: 1, iat: T, nbf: T }, SECRET));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(MISSING('exp'));
  });

  it('accepts a token without exp when verifyExpiration is false and requiredClaims excludes exp', async () => {
    const app = makeApp(baseConfig({ verifyExpiration: false, requiredClaims: ['iat'] }));
    expect((await get(app, forge({ user_id: 1, iat: T }, SECRET))).status).toBe(200);
    // iat is still required.
    expect((await get(app, forge({ user_id: 1 }, SECRET))).body).toEqual(MISSING('iat'));
  });

  it('by default requires iat and nbf too', async () => {
    const app = makeApp();
    expect((await get(app, forge({ user_id: 1, nbf: T, exp: T + 60 }, SECRET))).body).toEqual(MISSING('iat'));
    expect((await get(app, forge({ user_id: 1, iat: T, exp: T + 60 }, SECRET))).body).toEqual(MISSING('nbf'));
  });

  it('requires a custom claim when listed', async () => {
    const app = makeApp(baseConfig({ requiredClaims: ['exp', 'sub'] }));
    expect((await get(app, forge({ user_id: 1, exp: T + 60 }, SECRET))).body).toEqual(MISSING('sub'));
    expect((await get(app, forge({ user_id: 1, exp: T + 60, sub: '1' }, SECRET))).status).toBe(200);
  });
});

describe('time claims must be finite numbers', () => {
  const INVALID = (name: string) => errorBody(401, 'Invalid token', `The "${name}" claim must be a number`, 'TOKEN_CLAIM_INVALID');
  const good = { user_id: 1, iat: T, nbf: T, exp: T + 60 };

  it.each([
    ['exp', '"9999999999"'],
    ['exp', 'null'],
    ['exp', '1e999'],
    ['exp', '-1e999'],
    ['exp', '[1]'],
    ['nbf', '"0"'],
    ['nbf', '1e999'],
    ['iat', 'true'],
    ['iat', '-1e999'],
  ])('refuses %s = %s', async (name, json) => {
    const app = makeApp();
    // Raw JSON text, since JSON.stringify cannot write 1e999.
    const body = JSON.stringify(good).replace(new RegExp(`"${name}":\\d+`), `"${name}":${json}`);
    expect(body).toContain(`"${name}":${json}`);
    const res = await get(app, forgeRaw(body, SECRET));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(INVALID(name));
  });

  it('refuses a non-number exp even when expiration is not verified', async () => {
    const app = makeApp(baseConfig({ verifyExpiration: false }));
    const res = await get(app, forgeRaw(JSON.stringify({ ...good, exp: 'never' }), SECRET));
    expect(res.body).toEqual(INVALID('exp'));
  });
});

describe('audience and issuer', () => {
  const AUD = 'https://api.example.com';
  const ISS = 'https://issuer.example.com';

  it('puts aud and iss into issued tokens and accepts them', async () => {
    const app = await issued(baseConfig({ audience: AUD, issuer: ISS }));
    expect(readPayload(app.token)).toMatchObject({ aud: AUD, iss: ISS });
    expect((await get(app, app.token)).status).toBe(200);
  });

  it('accepts a token whose aud list contains one of the expected audiences', async () => {
    const app = makeApp(baseConfig({ audience: ['a', AUD] }));
    expect((await get(app, forge({ user_id: 1, iat: T, nbf: T, exp: T + 60, aud: ['x', AUD] }, SECRET))).status).toBe(200);
  });

  it.each([
    ['another audience', { aud: 'https://other.example.com' }],
    ['no audience', {}],
    ['a non-string audience', { aud: [1] }],
  ])('refuses %s with TOKEN_AUDIENCE_INVALID, naming neither audience', async (_name, extra) => {
    const app = makeApp(baseConfig({ audience: AUD }));
    const res = await get(app, forge({ user_id: 1, iat: T, nbf: T, exp: T + 60, ...extra }, SECRET));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(errorBody(401, 'Invalid token', 'Invalid audience', 'TOKEN_AUDIENCE_INVALID'));
    expect(res.text).not.toContain('example.com');
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example.com' }],
    ['no issuer', {}],
  ])('refuses %s with TOKEN_ISSUER_INVALID, naming neither issuer', async (_name, extra) => {
    const app = makeApp(baseConfig({ issuer: ISS }));
    const res = await get(app, forge({ user_id: 1, iat: T, nbf: T, exp: T + 60, ...extra }, SECRET));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(errorBody(401, 'Invalid token', 'Invalid issuer', 'TOKEN_ISSUER_INVALID'));
    expect(res.text).not.toContain('example.com');
  });
});

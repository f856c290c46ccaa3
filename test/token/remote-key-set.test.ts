/**
 * Verifying with an issuer's JWKS (src/token/remote-key-set.ts) through a kit, against a real loopback HTTP
 * issuer that counts its requests. The clock is the kit's injected one, so cache ages and cooldowns move
 * without sleeping: every count below is exact.
 */
import type { JwtKitConfig, RemoteJwksOptions } from '../../src';
import { identity, makeApp, T, type TestApp, type User } from '../helpers/app';
import { ecKey, rsaKey, signWith, startIssuer, type Issuer, type TestKey } from '../helpers/jwks-issuer';

const claims = { user_id: 1, iat: T, nbf: T, exp: T + 3600, iss: 'https://issuer.test', aud: 'api' };
const k1 = ecKey('k1');
const k2 = ecKey('k2');
const stranger = ecKey('k1'); // same kid as k1, another key

let issuer: Issuer;
afterEach(async () => issuer?.close());

function resourceServer(remote: Partial<RemoteJwksOptions> = {}): TestApp {
  const config: JwtKitConfig<User> = {
    remoteJwks: { url: issuer.url, algorithms: ['ES256'], ...remote },
    issuer: 'https://issuer.test',
    audience: 'api',
    authPath: null,
    handlers: { identity },
  };
  return makeApp(config);
}
const jwks = (...keys: TestKey[]) => ({ keys: keys.map((key) => key.jwk) });
const get = (app: TestApp, token: string) => app.http.get('/protected').set('Authorization', `Bearer ${token}`);
const answer = async (app: TestApp, token: string) => {
  const res = await get(app, token);
  return [res.status, res.body?.code ?? 'ok'];
};

describe('a resource server verifying with an issuer JWKS', () => {
  it('fetches the set once, then verifies from the cache; a key of another issuer with the same kid fails', async () => {
    issuer = await startIssuer(jwks(k1, k2));
    const app = resourceServer();
    expect(await answer(app, signWith(k1, claims))).toEqual([200, 'ok']);
    expect(await answer(app, signWith(k2, claims))).toEqual([200, 'ok']);
    expect(await answer(app, signWith(stranger, claims))).toEqual([401, 'TOKEN_BAD_SIGNATURE']);
    expect(issuer.requests).toBe(1);
    expect(app.kit.tokens.remoteKeys?.fetches).toBe(1);
  });

  it('still checks issuer and audience', async () => {
    issuer = await startIssuer(jwks(k1));
    const app = resourceServer();
    expect(await answer(app, signWith(k1, { ...claims, iss: 'https://evil.test' }))).toEqual([401, 'TOKEN_ISSUER_INVALID']);
    expect(await answer(app, signWith(k1, { ...claims, aud: 'other' }))).toEqual([401, 'TOKEN_AUDIENCE_INVALID']);
  });

  it('a flood of unknown kids costs the issuer one request per cooldown', async () => {
    issuer = await startIssuer(jwks(k1));
    const app = resourceServer({ cooldown: 30 });
    expect(await answer(app, signWith(k1, claims))).toEqual([200, 'ok']);
    const flood = Array.from({ length: 200 }, (_, i) => signWith(k2, claims, 'ES256', `random-${i}`));
    const answers = await Promise.all(flood.map((token) => answer(app, token)));
    expect(new Set(answers.map((a) => a.join(' ')))).toEqual(new Set(['401 TOKEN_KEY_UNKNOWN']));
    // The first fetch started at T: the cooldown has not passed, so the flood fetched nothing.
    expect(issuer.requests).toBe(1);
    app.setNow(T + 30);
    const more = await Promise.all(flood.map((token) => answer(app, token)));
    expect(new Set(more.map((a) => a.join(' ')))).toEqual(new Set(['401 TOKEN_KEY_UNKNOWN']));
    expect(issuer.requests).toBe(2);
  });

  it('picks up a key the issuer adds (rotation) on the first token that names it, once the cooldown allows', async () => {
    issuer = await startIssuer(jwks(k1));
    const app = resourceServer({ cooldown: 10 });
    expect(await answer(app, signWith(k1, claims))).toEqual([200, 'ok']);
    issuer.answer({ body: jwks(k2, k1) });
    // Within the cooldown, an unknown kid is refused without asking the issuer.
    expect(await answer(app, signWith(k2, claims))).toEqual([401, 'TOKEN_KEY_UNKNOWN']);
    app.setNow(T + 10);
    expect(await answer(app, signWith(k2, claims))).toEqual([200, 'ok']);
    expect(await answer(app, signWith(k1, claims))).toEqual([200, 'ok']);
    expect(issuer.requests).toBe(2);
  });

  it("keeps the set for the issuer's max-age, within minCacheAge and maxCacheAge", async () => {
    issuer = await startIssuer(jwks(k1));
    issuer.answer({ body: jwks(k1), headers: { 'cache-control': 'public, max-age=120' } });
    const app = resourceServer({ cooldown: 1, minCacheAge: 60, maxCacheAge: 600 });
    await get(app, signWith(k1, claims));
    app.setNow(T + 119);
    await get(app, signWith(k1, claims));
    expect(issuer.requests).toBe(1);
    app.setNow(T + 120);
    // Expired: the cached key still answers this request, and a fetch starts beside it.
    expect(await answer(app, signWith(k1, claims))).toEqual([200, 'ok']);
    await app.kit.tokens.remoteKeys?.refresh(); // joins the fetch in flight
    expect(issuer.requests).toBe(2);

    issuer.answer({ body: jwks(k1), headers: { 'cache-control': 'no-store' } });
    app.setNow(T + 240); // the set fetched at T + 120 was good until T + 240
    await get(app, signWith(k1, claims));
    await app.kit.tokens.remoteKeys?.refresh();
    expect(issuer.requests).toBe(3);
    app.setNow(T + 299); // no-store is held for minCacheAge (60 s)
    await get(app, signWith(k1, claims));
    expect(issuer.requests).toBe(3);
  });

  it('keeps verifying from the cache while the issuer is down, and refuses unknown kids with 503 then', async () => {
    issuer = await startIssuer(jwks(k1));
    const app = resourceServer({ cooldown: 5, maxCacheAge: 60 });
    expect(await answer(app, signWith(k1, claims))).toEqual([200, 'ok']);
    await issuer.close();
    app.setNow(T + 600); // long past maxCacheAge: the stale set serves, the refresh beside it fails
    expect(await answer(app, signWith(k1, claims))).toEqual([200, 'ok']);
    // A new kid during the outage may be a real new key: "try later", not "bad token".
    app.setNow(T + 700);
    const res = await get(app, signWith(k2, claims));
    expect([res.status, res.body.code]).toEqual([503, 'JWKS_UNAVAILABLE']);
    expect(res.headers['retry-after']).toBe('5');
    expect(await answer(app, signWith(k1, claims))).toEqual([200, 'ok']);
  });

  it('answers 503 JWKS_UNAVAILABLE (never 500, never a pass) when the issuer cannot be reached and nothing is cached', async () => {
    issuer = await startIssuer(jwks(k1));
    await issuer.close(); // its port is now closed: connection refused
    const app = resourceServer({ cooldown: 30 });
    const res = await get(app, signWith(k1, claims));
    expect([res.status, res.body]).toEqual([
      503,
      { status_code: 503, error: 'Service Unavailable', description: "The issuer's signing keys (JWKS) cannot be fetched right now", code: 'JWKS_UNAVAILABLE' },
    ]);
    expect(res.headers['retry-after']).toBe('30');
    expect(JSON.stringify(res.body)).not.toContain('127.0.0.1');
    // Logged for the operator, with the reason.
    expect(String((app.errors[0] as Error).message)).toMatch(/could not be fetched: connection refused/);
    // Within the cooldown, no new attempt.
    await get(app, signWith(k1, claims));
    expect(app.kit.tokens.remoteKeys?.fetches).toBe(1);
  });

  it.each([
    ['answers 500', { status: 500, body: 'oops' }],
    ['is not JSON', { body: '<html>' }],
    ['is not a key set', { body: { keys: 'none' } }],
  ])('answers 503 when the issuer %s', async (_name, next) => {
    issuer = await startIssuer(jwks(k1));
    issuer.answer(next);
    const app = resourceServer();
    expect(await answer(app, signWith(k1, claims))).toEqual([503, 'JWKS_UNAVAILABLE']);
  });
});

describe('only the configured algorithms, whatever the token or the JWK says', () => {
  it('refuses a token of another algorithm before any fetch', async () => {
    issuer = await startIssuer(jwks(k1));
    const app = resourceServer();
    const hs = signWith({ ...k1, privateKey: Buffer.alloc(32, 1) as never }, claims, 'HS256');
    expect(await answer(app, hs)).toEqual([401, 'TOKEN_ALGORITHM_NOT_ALLOWED']);
    expect(issuer.requests).toBe(0);
  });

  it('ignores an HMAC JWK, a JWK of another alg, an encryption key and a JWK with private members', async () => {
    const rsa = rsaKey('r1', { alg: 'RS256' });
    const encryption = ecKey('enc', { use: 'enc' });
    const leaked = ecKey('priv');
    const leakedJwk = { ...leaked.jwk, d: leaked.privateKey.export({ format: 'jwk' }).d };
    const secret = Buffer.alloc(32, 7);
    issuer = await startIssuer({
      keys: [{ kty: 'oct', kid: 'h1', k: secret.toString('base64url'), alg: 'HS256' }, rsa.jwk, encryption.jwk, leakedJwk, k1.jwk],
    });
    const app = resourceServer({ algorithms: ['ES256', 'PS256'] });
    // An HS256 token naming the oct key: HS256 is not configured.
    const hs = signWith({ kid: 'h1', privateKey: secret as never, jwk: {} }, claims, 'HS256');
    expect(await answer(app, hs)).toEqual([401, 'TOKEN_ALGORITHM_NOT_ALLOWED']);
    // An ES256 header naming the oct key: no usable key has that kid.
    expect(await answer(app, signWith(k1, claims, 'ES256', 'h1'))).toEqual([401, 'TOKEN_KEY_UNKNOWN']);
    // The RSA JWK says RS256: PS256 is configured, but the JWK's alg narrows it to RS256, which is not.
    expect(await answer(app, signWith(rsa, claims, 'PS256'))).toEqual([401, 'TOKEN_KEY_UNKNOWN']);
    expect(await answer(app, signWith(encryption, claims))).toEqual([401, 'TOKEN_KEY_UNKNOWN']);
    expect(await answer(app, signWith(leaked, claims))).toEqual([401, 'TOKEN_KEY_UNKNOWN']);
    expect(await answer(app, signWith(k1, claims))).toEqual([200, 'ok']);
  });

  it('uses an RSA JWK without alg for each configured algorithm it fits', async () => {
    const rsa = rsaKey('r2');
    issuer = await startIssuer(jwks(rsa));
    const app = resourceServer({ algorithms: ['RS256', 'PS256'] });
    expect(await answer(app, signWith(rsa, claims, 'RS256'))).toEqual([200, 'ok']);
    expect(await answer(app, signWith(rsa, claims, 'PS256'))).toEqual([200, 'ok']);
    expect(await answer(app, signWith(rsa, claims, 'RS512'))).toEqual([401, 'TOKEN_ALGORITHM_NOT_ALLOWED']);
  });

  it('checks a token without a kid with the only key of its algorithm, and with none when several fit', async () => {
    issuer = await startIssuer(jwks(k1));
    const one = resourceServer();
    expect(await answer(one, signWith(k1, claims, 'ES256', null))).toEqual([200, 'ok']);
    await issuer.close();
    issuer = await startIssuer(jwks(k1, k2));
    const two = resourceServer();
    expect(await answer(two, signWith(k1, claims, 'ES256', null))).toEqual([401, 'TOKEN_KEY_UNKNOWN']);
  });
});

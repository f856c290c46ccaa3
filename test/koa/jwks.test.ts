/**
 * The JWKS endpoint (src/koa/jwks.ts) over HTTP, and the start-up checks of the jwks and remoteJwks options:
 * what is published is checked member by member against the configured keys, and nothing private ever is.
 */
import { createPublicKey, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createKit, resolveConfig, type JwtKitConfig, type KeyConfig } from '../../src';
import { jwkThumbprint } from '../../src/config/jwk';
import { findRisks } from '../../src/config/risks';
import { authenticate, identity, login, makeApp, T, type User } from '../helpers/app';
import { readHeader } from '../helpers/forge';
import { thrownBy as thrown } from '../helpers/thrown';

const pem = (key: KeyObject) => key.export({ format: 'pem', type: 'pkcs8' }) as string;
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const oldEc = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pssOptions = { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 };
const pss = generateKeyPairSync('rsa-pss', pssOptions as { modulusLength: number });
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const PATH = '/.well-known/jwks.json';

const keys: KeyConfig[] = [
  { kid: 'ec-new', algorithm: 'ES256', status: 'current', privateKey: pem(ec.privateKey) },
  { kid: 'ec-old', algorithm: 'ES256', status: 'verify', publicKey: oldEc.publicKey.export({ format: 'pem', type: 'spki' }) as string },
  { kid: 'rsa', algorithm: 'RS256', status: 'verify', privateKey: pem(rsa.privateKey) },
  { kid: 'pss', algorithm: 'PS256', status: 'verify', privateKey: pem(pss.privateKey) },
];
const config = (more: JwtKitConfig<User> = {}): JwtKitConfig<User> => ({ keys, jwks: { path: PATH }, handlers: { authenticate, identity }, ...more });

type Jwk = Record<string, string>;

describe('GET /.well-known/jwks.json', () => {
  it('publishes every listed key (the retired ones too) with kid, alg and use, and only public members', async () => {
    const app = makeApp(config());
    const res = await app.http.get(PATH);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const published = (res.body as { keys: Jwk[] }).keys;
    expect(published.map((key) => [key.kid, key.alg, key.use, key.kty])).toEqual([
      ['ec-new', 'ES256', 'sig', 'EC'],
      ['ec-old', 'ES256', 'sig', 'EC'],
      ['rsa', 'RS256', 'sig', 'RSA'],
      ['pss', 'PS256', 'sig', 'RSA'],
    ]);
    for (const key of published) for (const member of PRIVATE_MEMBERS) expect([key.kid, member, key[member]]).toEqual([key.kid, member, undefined]);
    // Each published key is the configured key: same public members as Node's own export of it.
    const expected = (key: KeyObject) => key.export({ format: 'jwk' }) as Jwk;
    const { kid: _a, alg: _b, use: _c, ...ecMembers } = published[0]!;
    expect(ecMembers).toEqual(expected(ec.publicKey));
    expect(published[1]).toMatchObject(expected(oldEc.publicKey));
    expect(published[2]).toMatchObject(expected(rsa.publicKey));
    expect(Object.keys(published[2]!).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    // The RSA-PSS key (which Node cannot export as a JWK) is published as its plain RSA n and e.
    const pssKey = createPublicKey({ key: published[3] as never, format: 'jwk' });
    expect(Object.keys(published[3]!).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(pssKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const signed = jwt.sign({ a: 1 }, pss.privateKey, { algorithm: 'PS256' });
    expect(jwt.verify(signed, pssKey, { algorithms: ['PS256'] })).toMatchObject({ a: 1 });
    expect(() => jwt.verify(jwt.sign({ a: 1 }, rsa.privateKey, { algorithm: 'PS256' }), pssKey, { algorithms: ['PS256'] })).toThrow();
  });

  it('publishes the key that verifies the tokens the kit issues', async () => {
    const app = makeApp(config());
    const token = await login(app.http);
    const published = ((await app.http.get(PATH)).body as { keys: Jwk[] }).keys;
    const { kid } = readHeader(token);
    const jwk = published.find((key) => key.kid === kid)!;
    const [header, payload, signature] = token.split('.');
    const verifier = createVerify('SHA256').update(`${header}.${payload}`);
    expect(verifier.verify({ key: createPublicKey({ key: jwk as never, format: 'jwk' }), dsaEncoding: 'ieee-p1363' }, Buffer.from(signature!, 'base64url'))).toBe(true);
  });

  it('sends the configured max-age, answers HEAD, and is off (404) unless a path is set', async () => {
    const app = makeApp(config({ jwks: { path: '/keys', maxAge: '1h' } }));
    expect((await app.http.get('/keys')).headers['cache-control']).toBe('public, max-age=3600');
    expect((await app.http.head('/keys')).status).toBe(200);
    expect((await app.http.get(PATH)).status).toBe(404);
    expect((await makeApp(config({ jwks: {} })).http.get(PATH)).status).toBe(404);
  });

  it('gives a key without a kid its RFC 7638 thumbprint, in the JWKS and in the tokens it signs', async () => {
    const app = makeApp({ algorithm: 'ES256', privateKey: pem(ec.privateKey), jwks: { path: PATH }, handlers: { authenticate, identity } });
    const thumbprint = jwkThumbprint(ec.publicKey);
    expect(((await app.http.get(PATH)).body as { keys: Jwk[] }).keys.map((key) => key.kid)).toEqual([thumbprint]);
    expect(readHeader(await login(app.http)).kid).toBe(thumbprint);
  });
});

describe('a single key published under its thumbprint', () => {
  // jwks.path gives a key without a kid its RFC 7638 thumbprint, for the JWKS: the kit signs with it, and still
  // verifies whatever kid a token carries, as a single key without a kid always did. The signature decides.
  const single = createKit<User>({ algorithm: 'ES256', privateKey: pem(ec.privateKey), jwks: { path: PATH }, handlers: { authenticate, identity } });
  const signed = (kid: string, key: KeyObject) => jwt.sign({ user_id: 1, nbf: Math.floor(Date.now() / 1000) }, pem(key), { algorithm: 'ES256', keyid: kid, expiresIn: 60 });

  it('signs with the thumbprint as kid', () => {
    expect(readHeader(single.tokens.issue({ user_id: 1 })).kid).toBe(jwkThumbprint(ec.publicKey));
  });

  it('verifies a token of its own key whatever kid it names; another key is a bad signature, not an unknown kid', async () => {
    expect((await single.tokens.verify(signed('2026-12', ec.privateKey))).user_id).toBe(1);
    await expect(single.tokens.verify(signed('2026-12', oldEc.privateKey))).rejects.toMatchObject({ code: 'TOKEN_BAD_SIGNATURE' });
  });
});

describe('jwkThumbprint', () => {
  it('matches the example of RFC 7638 section 3.1', () => {
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    const key = createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' });
    expect(jwkThumbprint(key)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });
});

describe('start-up checks', () => {
  const problems = (value: unknown, options = {}) => thrown(() => resolveConfig(value, options));

  it('refuses the JWKS endpoint with an HMAC key: a shared secret is never published', () => {
    const error = problems({ secret: 'x'.repeat(32), jwks: { path: PATH } });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.description).toContain('/jwks/path: the JWKS endpoint publishes public keys, and /secret: the secret is a HS256 shared secret');
    expect(error.description).not.toContain('x'.repeat(32));
    const mixed = problems({ keys: [...keys.slice(0, 1), { kid: 'h', algorithm: 'HS256', secret: 'y'.repeat(32) }], jwks: { path: PATH } });
    expect(mixed.description).toContain('/keys/1/secret: the secret is a HS256 shared secret, which must never be published');
  });

  it('refuses remoteJwks beside local keys, over plain http to another host, with a login route, or with jwks.path', () => {
    const remote = { url: 'https://issuer.test/jwks', algorithms: ['ES256'] };
    expect(problems({ remoteJwks: remote, secret: 'x'.repeat(32) }).description).toContain('/secret and /remoteJwks are both set');
    expect(problems({ remoteJwks: { ...remote, url: 'http://issuer.test/jwks' } }).description).toContain('/remoteJwks/url must be https');
    expect(problems({ remoteJwks: { ...remote, url: 'ftp://x' } }).description).toContain('/remoteJwks/url must be an https:// URL');
    expect(problems({ remoteJwks: { ...remote, algorithms: ['HS256'] } }).description).toContain('/remoteJwks/algorithms/0 must be one of RS256');
    expect(problems({ remoteJwks: { ...remote, minCacheAge: '2h' } }).description).toContain('/remoteJwks/minCacheAge must not be longer than /remoteJwks/maxCacheAge');
    expect(problems({ remoteJwks: remote, jwks: { path: PATH } }).description).toContain('with /remoteJwks it has none');
    expect(problems({ remoteJwks: remote, handlers: { identity, authenticate } }, { profile: 'kit' }).description).toContain(
      '/authPath: the login route issues tokens, and with /remoteJwks this server has no key to sign them: set /authPath to null',
    );
  });

  it('takes http to loopback, resolves durations, and builds a kit that verifies only (issuing is a clear error)', async () => {
    const resolved = resolveConfig({ remoteJwks: { url: 'http://127.0.0.1:9/jwks', algorithms: ['ES256', 'RS256'], maxCacheAge: '1h' } });
    expect([resolved.keys, resolved.algorithm, resolved.remoteJwks]).toEqual([
      [],
      'ES256',
      { url: 'http://127.0.0.1:9/jwks', algorithms: ['ES256', 'RS256'], minCacheAge: 60, maxCacheAge: 3600, cooldown: 30, timeout: 5 },
    ]);
    const kit = createKit<User>({ ...resolved, authPath: null, handlers: { identity } });
    expect(kit.tokens.keySet).toBeUndefined();
    expect(thrown(() => kit.tokens.issue({ user_id: 1, iat: T })).description).toContain("this server verifies with an issuer's keys (remoteJwks)");
    // A report reads the cache only, and says when there is nothing in it.
    const report = kit.tokens.inspect(jwt.sign({ a: 1 }, ec.privateKey, { algorithm: 'ES256' }));
    expect(report.problems[0]?.code).toBe('JWKS_UNAVAILABLE');
  });

  it('warns (config check, serve, loadKit) when a resource server checks no issuer or no audience', () => {
    const remote = { url: 'https://issuer.test/jwks', algorithms: ['ES256'] };
    expect(findRisks(resolveConfig({ remoteJwks: remote }), {})).toEqual([
      '/remoteJwks is set without /issuer: any token signed with these keys is accepted, whoever says they issued it',
      '/remoteJwks is set without /audience: a token the issuer made for another service is accepted here too',
    ]);
    expect(findRisks(resolveConfig({ remoteJwks: remote, issuer: 'https://issuer.test', audience: 'api' }), {})).toEqual([]);
  });
});

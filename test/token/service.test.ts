/**
 * The security floor of the token service, through HTTP: only the configured algorithm, never `none`, no
 * RS/HS confusion, no `crit`, payloads that are JSON objects only, `verify: false`, and RS256 / ES256 keys
 * generated here.
 */
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { createKit, isJwtKitError, type JwtKitConfig } from '../../src';
import { thrownBy } from '../helpers/thrown';
import { authenticate, baseConfig, errorBody, identity, login, makeApp, SECRET, T, type User } from '../helpers/app';
import { b64url, forge, forgeRaw, hmacSign, forgeRs256, forgeUnsigned, readHeader, readPayload, tamperSignature } from '../helpers/forge';

const claims = { user_id: 1, iat: T, nbf: T, exp: T + 60 };
const get = (app: ReturnType<typeof makeApp>, token: string) => app.http.get('/protected').set('Authorization', `Bearer ${token}`);
const NOT_ALLOWED = errorBody(401, 'Invalid token', 'The token algorithm is not allowed', 'TOKEN_ALGORITHM_NOT_ALLOWED');
const UNSIGNED = errorBody(401, 'Invalid token', 'Unsigned tokens (alg "none") are not accepted', 'TOKEN_ALGORITHM_NOT_ALLOWED');

const rsa = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const ec = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

function keyed(extra: JwtKitConfig<User>): JwtKitConfig<User> {
  const { secret: _omit, ...rest } = baseConfig(extra);
  return rest;
}

describe('only the configured algorithm', () => {
  it('accepts a hand-made HS256 token with the secret', async () => {
    expect((await get(makeApp(), forge(claims, SECRET))).status).toBe(200);
  });

  it.each(['HS384', 'HS512'] as const)('refuses an %s token signed with the same secret under HS256', async (alg) => {
    const res = await get(makeApp(), forge(claims, SECRET, { alg }));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NOT_ALLOWED);
  });

  it('refuses an HS256 token under HS512 with the same secret', async () => {
    const app = makeApp(baseConfig({ algorithm: 'HS512' }));
    const ours = await login(app.http);
    expect(readHeader(ours).alg).toBe('HS512');
    expect((await get(app, ours)).status).toBe(200);
    expect((await get(app, forge(claims, SECRET))).body).toEqual(NOT_ALLOWED);
  });

  it('refuses an alg "none" token', async () => {
    const res = await get(makeApp(), forgeUnsigned(claims));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(UNSIGNED);
  });

  it('refuses an alg "none" token that carries a valid HS256 signature anyway', async () => {
    const header = b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const real = forge(claims, SECRET);
    const [, payload, signature] = real.split('.');
    const res = await get(makeApp(), `${header}.${payload}.${signature}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_ALGORITHM_NOT_ALLOWED');
  });

  it('refuses a header whose alg is not HS256 but is HMAC-signed as HS256 (alg is not trusted)', async () => {
    const res = await get(makeApp(), forge(claims, SECRET, { header: { alg: 'NONE' } }));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_ALGORITHM_NOT_ALLOWED');
  });

  it('refuses, under RS256, an HS256 token signed with the public key PEM as the secret (key confusion)', async () => {
    const app = makeApp(keyed({ algorithm: 'RS256', publicKey: rsa.publicKey, privateKey: rsa.privateKey }));
    const res = await get(app, forge(claims, rsa.publicKey));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(NOT_ALLOWED);
  });

  it('refuses a token with a crit header', async () => {
    const res = await get(makeApp(), forge(claims, SECRET, { header: { crit: ['exp'], exp: T } }));
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      errorBody(401, 'Invalid token', 'The token has critical header parameters that are not supported', 'TOKEN_CRIT_UNSUPPORTED'),
    );
  });

  it('refuses a crit header even with verify false', async () => {
    const app = makeApp(baseConfig({ verify: false }));
    expect((await get(app, forge(claims, SECRET, { header: { crit: [] } }))).body.code).toBe('TOKEN_CRIT_UNSUPPORTED');
  });
});

describe("the service's own header segments, read without decoding", () => {
  const kit = createKit(baseConfig());

  it('gives each verify its own copy of the header: a change to one is not seen by the next', async () => {
    const token = kit.tokens.issue({ user_id: 1 });
    const first = await kit.tokens.verifyToken(token);
    expect(first.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    first.header.alg = 'none';
    first.header.injected = true;
    expect((await kit.tokens.verifyToken(token)).header).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('still reads a header of other spelling (members reordered) in full, and checks it as any other', async () => {
    const input = `${b64url('{"typ":"JWT","alg":"HS256"}')}.${b64url(JSON.stringify(claims))}`;
    const reordered = `${input}.${hmacSign(input, SECRET, 'HS256')}`;
    expect((await get(makeApp(), reordered)).status).toBe(200);
    const withCrit = forge(claims, SECRET, { header: { alg: 'HS256', typ: 'JWT', crit: [] } });
    expect((await get(makeApp(), withCrit)).body.code).toBe('TOKEN_CRIT_UNSUPPORTED');
  });
});

describe('payloads that are not JSON objects', () => {
  const NOT_OBJECT = errorBody(401, 'Invalid token', 'Malformed token: the payload is not a JSON object', 'TOKEN_MALFORMED');

  it.each(['"hello"', '[1,2,3]', '42', 'null', 'true'])('refuses the payload %s', async (raw) => {
    const res = await get(makeApp(), forgeRaw(raw, SECRET));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_MALFORMED');
    expect(res.body.error).toBe('Invalid token');
  });

  it('refuses an array payload with the not-an-object description', async () => {
    const res = await get(makeApp(), forgeRaw(JSON.stringify([claims]), SECRET));
    expect(res.body).toEqual(NOT_OBJECT);
  });

  it('refuses a JSON string that itself holds an object (no double decoding)', async () => {
    const res = await get(makeApp(), forgeRaw(JSON.stringify(JSON.stringify(claims)), SECRET));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_MALFORMED');
  });

  it('refuses a payload that is not JSON at all', async () => {
    const res = await get(makeApp(), forgeRaw('{not json', SECRET));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_MALFORMED');
  });

  it('refuses a header that is not JSON', async () => {
    const token = `${b64url('{oops')}.${b64url(JSON.stringify(claims))}.sig`;
    const res = await get(makeApp(), token);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_MALFORMED');
  });
});

describe('verify: false', () => {
  it('accepts a token with a wrong signature', async () => {
    const app = makeApp(baseConfig({ verify: false }));
    const token = tamperSignature(forge(claims, SECRET));
    const res = await get(app, token);
    expect(res.status).toBe(200);
    expect(res.body.hello).toBe('joe');
  });

  it('still refuses an expired token', async () => {
    const app = makeApp(baseConfig({ verify: false }));
    const res = await get(app, tamperSignature(forge({ ...claims, exp: T - 1 }, SECRET)));
    expect(res.body).toEqual(errorBody(401, 'Invalid token', 'Signature has expired', 'TOKEN_EXPIRED'));
  });

  it('still refuses a payload that is not an object', async () => {
    const app = makeApp(baseConfig({ verify: false }));
    expect((await get(app, forgeRaw('[1]', 'x'))).body.code).toBe('TOKEN_MALFORMED');
  });
});

describe('RS256 and ES256 with keys made here', () => {
  it('RS256: the login route signs with the private key; an independent verifier accepts it', async () => {
    const app = makeApp(keyed({ algorithm: 'RS256', privateKey: rsa.privateKey, publicKey: rsa.publicKey }));
    const token = await login(app.http);
    expect(readHeader(token).alg).toBe('RS256');
    expect(jwt.verify(token, rsa.publicKey, { algorithms: ['RS256'], clockTimestamp: T })).toMatchObject({ user_id: 1 });
    expect((await get(app, token)).status).toBe(200);
    expect((await get(app, tamperSignature(token))).body.code).toBe('TOKEN_BAD_SIGNATURE');
  });

  it('RS256: accepts a token signed by node:crypto; refuses one signed by another key', async () => {
    const app = makeApp(keyed({ algorithm: 'RS256', privateKey: rsa.privateKey }));
    expect((await get(app, forgeRs256(claims, rsa.privateKey))).status).toBe(200);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const res = await get(app, forgeRs256(claims, other.privateKey));
    expect(res.body).toEqual(errorBody(401, 'Invalid token', 'Signature verification failed', 'TOKEN_BAD_SIGNATURE'));
  });

  it('ES256: issues and verifies, refusing an RS256 token', async () => {
    const app = makeApp(keyed({ algorithm: 'ES256', privateKey: ec.privateKey, publicKey: ec.publicKey }));
    const token = await login(app.http);
    expect(readHeader(token).alg).toBe('ES256');
    expect(readPayload(token).user_id).toBe(1);
    expect(jwt.verify(token, ec.publicKey, { algorithms: ['ES256'], clockTimestamp: T })).toMatchObject({ user_id: 1 });
    expect((await get(app, token)).status).toBe(200);
    expect((await get(app, forgeRs256(claims, rsa.privateKey))).body).toEqual(NOT_ALLOWED);
  });

  it('a publicKey-only config verifies, but cannot issue', async () => {
    const kit = createKit<User>(
      { algorithm: 'RS256', publicKey: rsa.publicKey, authPath: null, handlers: { identity } },
      { now: () => T },
    );
    await expect(kit.tokens.verify(forgeRs256(claims, rsa.privateKey))).resolves.toMatchObject({ user_id: 1 });
    let thrown: unknown;
    try {
      kit.tokens.issue({ user_id: 1 });
    } catch (error) {
      thrown = error;
    }
    expect(isJwtKitError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'CONFIG_INVALID', status: 500 });
    await expect(kit.issueToken({ id: 1, username: 'joe', password: '' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('a publicKey-only config with the login route on stops start-up: the route could never issue', () => {
    const error = thrownBy(() => createKit<User>({ algorithm: 'RS256', publicKey: rsa.publicKey, handlers: { authenticate, identity } }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.details).toEqual([
      '/authPath: the login route issues tokens, and RS256 signs them with a private key: set /privateKeyFile, or set /authPath to null for a server that only verifies',
    ]);
  });

  it('answers a forged ES256 signature of the wrong length with 401, not a 500', async () => {
    const app = makeApp(keyed({ algorithm: 'ES256', privateKey: ec.privateKey }), { now: () => T });
    const good = await app.kit.issueToken({ id: 1, username: 'joe', password: 'pass' });
    const [header, payload] = good.split('.');
    for (const signature of ['AAAA', 'A'.repeat(200), 'A'.repeat(86)]) {
      const res = await get(app, `${header}.${payload}.${signature}`);
      expect([res.status, res.body.code]).toEqual([401, 'TOKEN_BAD_SIGNATURE']);
    }
    expect(app.errors).toEqual([]);
  });

  it('refuses, at start-up, an RSA-PSS key without set parameters, saying how to make one that works', () => {
    const open = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const error = thrownBy(() => createKit(keyed({ algorithm: 'PS256', privateKey: open })));
    expect(error.details).toEqual([
      '/privateKey: PS256 cannot use an RSA-PSS key without set parameters: make one restricted to SHA-256 (openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_pss_keygen_md:sha256 -pkeyopt rsa_pss_keygen_mgf1_md:sha256), or use a plain RSA key',
    ]);
  });

  it('refuses, at start-up, an RSA-PSS key restricted to another hash than the algorithm', async () => {
    // hashAlgorithm / mgf1HashAlgorithm are Node's current names; @types/node 20 knows only the older ones.
    const options = { modulusLength: 2048, hashAlgorithm: 'sha512', mgf1HashAlgorithm: 'sha512', saltLength: 64 };
    const pair = generateKeyPairSync('rsa-pss', options as { modulusLength: number });
    const pss = { privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
    const error = thrownBy(() => createKit(keyed({ algorithm: 'PS256', privateKey: pss.privateKey })));
    expect(error.details).toEqual([
      '/privateKey: PS256 needs an RSA-PSS key restricted to SHA-256 (hash, MGF1, salt up to 32 bytes), but the key uses sha512',
    ]);
    const kit = createKit(keyed({ algorithm: 'PS512', privateKey: pss.privateKey }));
    await expect(kit.tokens.verify(kit.tokens.issue({ user_id: 1 }))).resolves.toMatchObject({ user_id: 1 });
  });

  it('a publicKey-only config guards routes over HTTP', async () => {
    const app = makeApp({ algorithm: 'RS256', publicKey: rsa.publicKey, authPath: null, handlers: { identity } });
    expect((await get(app, forgeRs256(claims, rsa.privateKey))).status).toBe(200);
    expect((await app.http.post('/auth').send({ username: 'joe', password: 'pass' })).status).toBe(404);
  });

  it('refuses, at start-up, a key of the wrong type for the algorithm', () => {
    expect(() => createKit(keyed({ algorithm: 'ES256', privateKey: rsa.privateKey }))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }) as unknown as Error,
    );
  });

  it.each([
    ['ES256', 'ec', { namedCurve: 'secp384r1' }, 'ES256 needs a key on the prime256v1 curve, but the key is on secp384r1'],
    ['ES512', 'ec', { namedCurve: 'secp256k1' }, 'ES512 needs a key on the secp521r1 curve, but the key is on secp256k1'],
    ['RS256', 'rsa', { modulusLength: 1024 }, 'RS256 needs an RSA key of at least 2048 bits, but the key has 1024'],
    ['PS256', 'rsa', { modulusLength: 1024 }, 'PS256 needs an RSA key of at least 2048 bits, but the key has 1024'],
  ] as const)('refuses, at start-up, a %s key jsonwebtoken would refuse on every request (%s %j)', (algorithm, type, options, problem) => {
    const pair = generateKeyPairSync(type as 'ec', { ...(options as { namedCurve: string }), privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const error = thrownBy(() => createKit(keyed({ algorithm, privateKey: pair.privateKey })));
    expect([error.code, error.details]).toEqual(['CONFIG_INVALID', [`/privateKey: ${problem}`]]);
  });

  it('accepts each ES algorithm with the key on its own curve', async () => {
    for (const [algorithm, namedCurve] of [['ES256', 'prime256v1'], ['ES384', 'secp384r1'], ['ES512', 'secp521r1']] as const) {
      const pair = generateKeyPairSync('ec', { namedCurve, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      const kit = createKit(keyed({ algorithm, privateKey: pair.privateKey }));
      await expect(kit.tokens.verify(kit.tokens.issue({ user_id: 1 }))).resolves.toMatchObject({ user_id: 1 });
    }
  });

  it('refuses, at start-up, a broken PEM without echoing it', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nnot-a-key-QUJD\n-----END PRIVATE KEY-----';
    let thrown: unknown;
    try {
      createKit(keyed({ algorithm: 'RS256', privateKey: pem }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((thrown as Error).message).not.toContain('not-a-key');
  });
});

describe('claim names that shadow Object.prototype', () => {
  it('signs and verifies them as plain claims (jsonwebtoken alone would crash on "constructor")', async () => {
    const kit = createKit(baseConfig(), { now: () => T });
    const token = kit.tokens.issue({ constructor: 1, toString: 'x', valueOf: true });
    const payload = await kit.tokens.verify(token);
    expect([payload.constructor, payload.toString, payload.valueOf]).toEqual([1, 'x', true]);
  });
});

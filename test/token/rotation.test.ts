/**
 * Key sets over HTTP (src/token/key-set.ts): picking the key by kid, rotation as the README describes it, and
 * a key never checking another algorithm's token.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { JwtKitConfig, KeyConfig } from '../../src';
import { authenticate, identity, login, makeApp, SECRET, T, type User } from '../helpers/app';
import { forge, readHeader } from '../helpers/forge';

const handlers = { authenticate, identity };
const claims = { user_id: 1, iat: T, nbf: T, exp: T + 60 };
const hex = (n: number) => `hex:${Buffer.alloc(32, n).toString('hex')}`;
const bytes = (n: number) => Buffer.alloc(32, n);
const withKeys = (keys: KeyConfig[]): JwtKitConfig<User> => ({ keys, handlers });
const get = (app: ReturnType<typeof makeApp>, token: string) => app.http.get('/protected').set('Authorization', `Bearer ${token}`);

describe('rotation, step by step', () => {
  const oldKey: KeyConfig = { kid: 'k1', secret: hex(1) };
  const newKey: KeyConfig = { kid: 'k2', secret: hex(2) };

  it('a token of the old key verifies while the key is listed, and fails once it is removed; new tokens carry the new kid', async () => {
    const before = makeApp(withKeys([{ ...oldKey, status: 'current' }]));
    const oldToken = await login(before.http);
    expect(readHeader(oldToken).kid).toBe('k1');

    // Step 2: the new key signs, the old one verifies only.
    const during = makeApp(withKeys([{ ...newKey, status: 'current' }, { ...oldKey, status: 'verify' }]));
    const newToken = await login(during.http);
    expect(readHeader(newToken)).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'k2' });
    expect((await get(during, oldToken)).status).toBe(200);
    expect((await get(during, newToken)).status).toBe(200);

    // Step 3: the old key is removed.
    const after = makeApp(withKeys([{ ...newKey, status: 'current' }]));
    expect((await get(after, newToken)).status).toBe(200);
    const refused = await get(after, oldToken);
    expect([refused.status, refused.body.code, refused.body.description]).toEqual([401, 'TOKEN_KEY_UNKNOWN', 'The token was signed with an unknown key']);
  });

  it('refuses a kid that names no configured key', async () => {
    const app = makeApp(withKeys([{ ...newKey, status: 'current' }, oldKey]));
    expect((await get(app, forge(claims, bytes(2), { header: { kid: 'k9' } }))).body.code).toBe('TOKEN_KEY_UNKNOWN');
    expect((await get(app, forge(claims, bytes(2), { header: { kid: 7 } }))).body.code).toBe('TOKEN_KEY_UNKNOWN');
  });

  it('checks a token without a kid against the current key only', async () => {
    const app = makeApp(withKeys([{ ...newKey, status: 'current' }, oldKey]));
    expect((await get(app, forge(claims, bytes(2)))).status).toBe(200);
    expect((await get(app, forge(claims, bytes(1)))).body.code).toBe('TOKEN_BAD_SIGNATURE');
  });

  it('checks a token with a kid against that key only', async () => {
    const app = makeApp(withKeys([{ ...newKey, status: 'current' }, oldKey]));
    expect((await get(app, forge(claims, bytes(1), { header: { kid: 'k1' } }))).status).toBe(200);
    expect((await get(app, forge(claims, bytes(1), { header: { kid: 'k2' } }))).body.code).toBe('TOKEN_BAD_SIGNATURE');
  });
});

describe('a single key without a kid keeps the classic behaviour', () => {
  it('verifies tokens whatever kid they carry, and issues tokens without one', async () => {
    const app = makeApp({ secret: SECRET, handlers });
    expect(readHeader(await login(app.http)).kid).toBeUndefined();
    expect((await get(app, forge(claims, SECRET, { header: { kid: 'set-by-another-library' } }))).status).toBe(200);
  });

  it('a single key with a kid writes it and refuses other kids', async () => {
    const app = makeApp({ secret: SECRET, kid: 'main', handlers });
    expect(readHeader(await login(app.http)).kid).toBe('main');
    expect((await get(app, forge(claims, SECRET, { header: { kid: 'main' } }))).status).toBe(200);
    expect((await get(app, forge(claims, SECRET, { header: { kid: 'other' } }))).body.code).toBe('TOKEN_KEY_UNKNOWN');
  });
});

describe('a key verifies its own algorithm only', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const app = () =>
    makeApp(withKeys([
      { kid: 'ec', algorithm: 'ES256', status: 'current', privateKey: ec.privateKey },
      { kid: 'hs', algorithm: 'HS256', secret: hex(5) },
    ]));

  it('an HS512 token naming the HS256 key is refused, though the secret is right', async () => {
    const res = await get(app(), forge(claims, bytes(5), { alg: 'HS512', header: { kid: 'hs' } }));
    expect([res.status, res.body.code]).toEqual([401, 'TOKEN_ALGORITHM_NOT_ALLOWED']);
  });

  it('an HS256 token naming the ES256 key, signed with its public key as a secret, is refused (key confusion)', async () => {
    const res = await get(app(), forge(claims, ec.publicKey, { header: { kid: 'ec' } }));
    expect([res.status, res.body.code]).toEqual([401, 'TOKEN_ALGORITHM_NOT_ALLOWED']);
  });

  it('each key checks its own tokens', async () => {
    const test = app();
    expect((await get(test, await login(test.http))).status).toBe(200);
    expect((await get(test, forge(claims, bytes(5), { header: { kid: 'hs' } }))).status).toBe(200);
  });
});

describe('no key is ever taken from the token', () => {
  it.each(['jwk', 'jku', 'x5u', 'x5c'])('a token signed with its own %s header key is a bad signature', async (name) => {
    const attacker = Buffer.alloc(32, 9);
    const value = name === 'jwk' ? { kty: 'oct', k: attacker.toString('base64url') } : name === 'x5c' ? ['MIIB'] : 'https://attacker.example/keys';
    const res = await get(makeApp({ secret: SECRET, handlers }), forge(claims, attacker, { header: { [name]: value } }));
    expect([res.status, res.body.code]).toEqual([401, 'TOKEN_BAD_SIGNATURE']);
  });
});

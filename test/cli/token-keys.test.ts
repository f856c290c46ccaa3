/**
 * The token CLI with the key forms of the token core: the RFC test vectors through a JWK config, raw-bytes
 * secret files, key lists with kids, and every problem of a token reported at once.
 */
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { jwkThumbprint } from '../../src/config/jwk';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hsToken, parts, project, removeProjects, run, SECRET } from './token-helpers';

afterAll(removeProjects);

// RFC 7515 Appendix A.1: the HMAC key as a JWK, and the RFC 7519 section 3.1 example token signed with it.
const RFC_JWK = { kty: 'oct', k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow' };
const RFC_TOKEN =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('the RFC 7519 section 3.1 token with the RFC 7515 A.1 key', () => {
  it('its signature verifies: the only problems are its claims (expired in 2011, no iat, no nbf)', async () => {
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ jwk: RFC_JWK, authPath: null }) });
    const result = await run(dir, ['token', 'verify', '--json', RFC_TOKEN]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as { errors: string[]; payload: object };
    expect(report.payload).toEqual({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
    expect(report.errors).toEqual([
      'missing the required "iat" claim',
      'missing the required "nbf" claim',
      expect.stringMatching(/^expired .* ago at 2011-03-22T18:43:00Z$/),
    ]);
  });

  it('with no required claims, it fails on exp and on nothing else', async () => {
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ jwk: RFC_JWK, requiredClaims: [], authPath: null }) });
    const result = await run(dir, ['token', 'verify', RFC_TOKEN]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^jwt-kit: invalid token: expired .* ago at 2011-03-22T18:43:00Z\n$/);
  });

  it('a changed key is a bad signature', async () => {
    const k = Buffer.from(RFC_JWK.k, 'base64url');
    k[0]! ^= 1;
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ jwk: { kty: 'oct', k: k.toString('base64url') }, requiredClaims: [], authPath: null }) });
    const result = await run(dir, ['token', 'verify', RFC_TOKEN]);
    expect(result.err).toMatch(/bad signature/);
  });
});

describe('--secret-file reads raw bytes, as the server\'s secretFile does', () => {
  it('a binary key issues tokens that a config with that secretFile verifies, and the other way round', async () => {
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ algorithm: 'HS512', secretFile: 'hs512.key', authPath: null }) });
    const key = randomBytes(64);
    writeFileSync(join(dir, 'hs512.key'), key);
    const issued = await run(dir, ['token', 'issue', '--secret-file', 'hs512.key', '--claim', 'user_id=1']);
    expect([issued.code, issued.err]).toEqual([0, '']);
    const token = issued.out.trim();
    expect(parts(token).header.alg).toBe('HS512');
    // Verified through the config (its secretFile), without the flag.
    const verified = await run(dir, ['token', 'verify', token]);
    expect([verified.code, JSON.parse(verified.out).user_id]).toEqual([0, 1]);
  });

  it('an HS512 secret file of 48 bytes is refused, naming the byte count', async () => {
    const dir = project();
    writeFileSync(join(dir, 'short.key'), randomBytes(48));
    const result = await run(dir, ['token', 'issue', '--alg', 'HS512', '--secret-file', 'short.key', '--claim', 'a=1']);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/^jwt-kit: the secret in short.key is 48 bytes, fewer than 64: HS512 needs at least 64/);
  });

  it('JWT_SECRET may carry bytes as hex:', async () => {
    const key = randomBytes(32);
    const dir = project();
    const issued = await run(dir, ['token', 'issue', '--claim', 'a=1'], { env: { JWT_SECRET: `hex:${key.toString('hex')}` } });
    writeFileSync(join(dir, 'k.bin'), key);
    const verified = await run(dir, ['token', 'verify', '--secret-file', 'k.bin', issued.out.trim()]);
    expect(verified.code).toBe(0);
  });
});

describe('key lists in the CLI', () => {
  const hex = (n: number) => `hex:${Buffer.alloc(32, n).toString('hex')}`;
  const config = JSON.stringify({ keys: [{ kid: 'new', status: 'current', secret: hex(2) }, { kid: 'old', secret: hex(1) }], authPath: null });

  it('issue signs with the current key and names its kid; verify picks the key by kid', async () => {
    const dir = project({ 'jwtauth.config.json': config });
    const issued = await run(dir, ['token', 'issue', '--claim', 'a=1']);
    expect(parts(issued.out.trim()).header.kid).toBe('new');
    const verified = await run(dir, ['token', 'verify', issued.out.trim()]);
    expect(verified.err).toMatch(/valid HS256 token \(key from jwtauth.config.json's key list, kid "new", expires in/);
    const unknown = await run(dir, ['token', 'verify', hsToken({ exp: 4102444800, iat: 1, nbf: 1 }, SECRET, 'HS256', { kid: 'gone' })]);
    expect(unknown.err).toBe('jwt-kit: invalid token: unknown key: no key from jwtauth.config.json\'s key list has the token\'s kid "gone" (kids "new", "old")\n');
  });
});

describe('--key-file in a project that publishes its keys (jwks.path)', () => {
  // The flag's key has no kid; jwks.path gives it its thumbprint, which must not make it refuse the token's kid.
  it('verifies a token of the config\'s kid "2026-12" with that key\'s public half', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const dir = project({
      'jwtauth.config.json': JSON.stringify({
        algorithm: 'ES256',
        keys: [{ kid: '2026-12', status: 'current', privateKeyFile: 'keys/2026-12.pem', publicKeyFile: 'keys/2026-12.pub.pem' }],
        jwks: { path: '/.well-known/jwks.json' },
        authPath: null,
      }),
      'keys/2026-12.pem': pair.privateKey,
      'keys/2026-12.pub.pem': pair.publicKey,
    });
    const issued = await run(dir, ['token', 'issue', '--claim', 'user_id=1']);
    expect(parts(issued.out.trim()).header.kid).toBe('2026-12');
    const verified = await run(dir, ['token', 'verify', '--key-file', 'keys/2026-12.pub.pem', issued.out.trim()]);
    expect([verified.code, JSON.parse(verified.out).user_id]).toEqual([0, 1]);
    // Issuing with the flag's key signs as the server would with that key alone: its thumbprint as kid.
    const byFlag = await run(dir, ['token', 'issue', '--key-file', 'keys/2026-12.pem', '--claim', 'user_id=1']);
    expect(parts(byFlag.out.trim()).header.kid).toBe(jwkThumbprint(createPublicKey(pair.publicKey)));
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    writeFileSync(join(dir, 'other.pub.pem'), other.publicKey);
    const wrongKey = await run(dir, ['token', 'verify', '--key-file', 'other.pub.pem', issued.out.trim()]);
    expect([wrongKey.code, wrongKey.err]).toEqual([1, expect.stringMatching(/bad signature/)]);
    // A secret from a flag is not the config's published key: an HS token of another service verifies here.
    writeFileSync(join(dir, 'hs.key'), SECRET);
    const hs = await run(dir, ['token', 'verify', '--secret-file', 'hs.key', '--alg', 'HS256', hsToken({ user_id: 2, iat: 1, nbf: 1, exp: 4102444800 }, SECRET)]);
    expect([hs.code, JSON.parse(hs.out).user_id]).toEqual([0, 2]);
  });
});

describe('--key-file in a resource server project (remoteJwks)', () => {
  it("checks with the flag's key instead of the issuer's, and issues with it", async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const dir = project({
      'jwtauth.config.json': JSON.stringify({ algorithm: 'ES256', remoteJwks: { url: 'https://issuer.test/jwks', algorithms: ['ES256'] }, authPath: null }),
      'k.pem': pair.privateKey,
      'k.pub.pem': pair.publicKey,
    });
    const issued = await run(dir, ['token', 'issue', '--key-file', 'k.pem', '--claim', 'user_id=3']);
    expect(issued.code).toBe(0);
    const verified = await run(dir, ['token', 'verify', '--key-file', 'k.pub.pem', issued.out.trim()]);
    expect([verified.code, JSON.parse(verified.out).user_id]).toEqual([0, 3]);
  });
});

describe('token verify lists every problem at once', () => {
  it('a token with four problems: bad signature, expired, wrong audience, wrong issuer', async () => {
    const dir = project({
      'jwtauth.config.json': JSON.stringify({ secretEnv: 'APP_SECRET', audience: 'api', issuer: 'me', authPath: null }),
    });
    const token = hsToken({ iat: 1_600_000_000, nbf: 1_600_000_000, exp: 1_600_000_060, aud: 'web', iss: 'them' }, 'x'.repeat(64));
    const result = await run(dir, ['token', 'verify', token], { env: { APP_SECRET: SECRET } });
    expect(result.code).toBe(1);
    const lines = result.err.split('\n');
    expect(lines[0]).toBe('jwt-kit: invalid token, 4 problems:');
    expect(lines.slice(1, 5)).toEqual([
      '  - bad signature: the token was not signed with the key from APP_SECRET in the environment, or it was changed after signing',
      expect.stringMatching(/^ {2}- expired .* ago at 2020-09-13T12:27:40Z$/),
      '  - wrong audience: the token has aud "web", expected "api"',
      '  - wrong issuer: the token has iss "them", expected "me"',
    ]);
  });
});

/**
 * `jwt-kit keys generate | jwks` and the token commands' `--kid` and `--jwks`, run in-process through runCli
 * against real files and a real loopback HTTP issuer.
 */
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run';
import { jwkThumbprint } from '../../src/config/jwk';
import { makeProject, removeProjects } from '../helpers/project';
import { startIssuer, type Issuer } from '../helpers/jwks-issuer';
import { readHeader } from '../helpers/forge';
import { ioDouble } from './io-double';

afterAll(removeProjects);
let issuer: Issuer | undefined;
afterEach(async () => {
  await issuer?.close();
  issuer = undefined;
});

const mode = (path: string) => statSync(path).mode & 0o777;
async function run(cwd: string, args: string[]) {
  const io = ioDouble(cwd);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

describe('keys generate', () => {
  it('writes an ES256 pair with mode 0600, names the thumbprint kid, and prints the config lines', async () => {
    const cwd = makeProject();
    const { code, out } = await run(cwd, ['keys', 'generate', '--alg', 'ES256']);
    expect(code).toBe(0);
    const privatePath = join(cwd, 'keys', 'es256.pem');
    expect([mode(privatePath), mode(join(cwd, 'keys', 'es256.pub.pem'))]).toEqual([0o600, 0o600]);
    const privateKey = createPrivateKey(readFileSync(privatePath));
    expect(privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(createPublicKey(readFileSync(join(cwd, 'keys', 'es256.pub.pem'))).export({ format: 'jwk' })).toEqual(createPublicKey(privateKey).export({ format: 'jwk' }));
    const kid = jwkThumbprint(privateKey);
    expect(out).toContain('wrote keys/es256.pem (ES256 private key, mode 0600)');
    expect(out).toContain(`{ kid: '${kid}', algorithm: 'ES256', status: 'current', privateKeyFile: 'keys/es256.pem' }`);
    expect(out).toContain("jwks: { path: '/.well-known/jwks.json' }");
  });

  it('writes an HS512 secret of 64 random bytes (its floor) with mode 0600, and RS384 a 3072-bit key', async () => {
    const cwd = makeProject();
    expect((await run(cwd, ['keys', 'generate', '--alg', 'HS512', '--kid', 'h1', '--out', 'secrets'])).code).toBe(0);
    const secret = join(cwd, 'secrets', 'h1.key');
    expect([readFileSync(secret).length, mode(secret)]).toEqual([64, 0o600]);
    expect((await run(cwd, ['keys', 'generate', '--alg', 'RS384', '--kid', 'r'])).code).toBe(0);
    expect(createPrivateKey(readFileSync(join(cwd, 'keys', 'r.pem'))).asymmetricKeyDetails?.modulusLength).toBe(3072);
  });

  it('never overwrites without --force (nothing is written), and with --force writes a new key at 0600', async () => {
    const cwd = makeProject({ 'keys/k.pub.pem': 'keep me\n' });
    const refused = await run(cwd, ['keys', 'generate', '--alg', 'ES256', '--kid', 'k']);
    expect([refused.code, refused.err]).toEqual([1, 'jwt-kit: keys/k.pub.pem already exists: nothing was written (pass --force to overwrite)\n']);
    expect(readFileSync(join(cwd, 'keys', 'k.pub.pem'), 'utf8')).toBe('keep me\n');
    expect(() => statSync(join(cwd, 'keys', 'k.pem'))).toThrow();

    expect((await run(cwd, ['keys', 'generate', '--alg', 'ES256', '--kid', 'k', '--force'])).code).toBe(0);
    expect(readFileSync(join(cwd, 'keys', 'k.pub.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(mode(join(cwd, 'keys', 'k.pub.pem'))).toBe(0o600);
  });

  it('treats a link in a target place as a file in the way, and --force replaces the link, not its target', async () => {
    const cwd = makeProject({ 'elsewhere.txt': 'not a key\n', 'keys/.keep': '' });
    symlinkSync(join(cwd, 'elsewhere.txt'), join(cwd, 'keys', 'hs256.key'));
    expect((await run(cwd, ['keys', 'generate', '--alg', 'HS256'])).code).toBe(1);
    expect((await run(cwd, ['keys', 'generate', '--alg', 'HS256', '--force'])).code).toBe(0);
    expect(readFileSync(join(cwd, 'elsewhere.txt'), 'utf8')).toBe('not a key\n');
    expect(readFileSync(join(cwd, 'keys', 'hs256.key')).length).toBe(32);
  });

  it('writes a .gitignore beside the keys that real git obeys: private keys and secrets ignored, public keys not', async () => {
    const cwd = makeProject();
    expect(spawnSync('git', ['init', '-q'], { cwd }).status).toBe(0);
    const { code, out } = await run(cwd, ['keys', 'generate', '--alg', 'ES256', '--kid', 'k1']);
    expect(code).toBe(0);
    expect(out).toContain('wrote keys/.gitignore (git ignores the private keys and secrets of this folder, not the public keys)');
    expect((await run(cwd, ['keys', 'generate', '--alg', 'HS256', '--kid', 'h1'])).out).not.toContain('.gitignore');
    const ignored = (path: string) => spawnSync('git', ['check-ignore', '-q', path], { cwd }).status === 0;
    expect([ignored('keys/k1.pem'), ignored('keys/h1.key'), ignored('keys/k1.pub.pem'), ignored('keys/tls/cert.pem')]).toEqual([true, true, false, false]);
    // A kid ending in .pub names no file: its private key must not look like a public one to the .gitignore.
    const dotPub = await run(cwd, ['keys', 'generate', '--alg', 'ES384', '--kid', '2026.pub']);
    expect(dotPub.out).toContain("{ kid: '2026.pub', algorithm: 'ES384', status: 'current', privateKeyFile: 'keys/es384.pem' }");
    expect(ignored('keys/es384.pem')).toBe(true);
  });

  it('leaves a .gitignore of the folder as it is, and warns when it does not ignore the new private key', async () => {
    const cwd = makeProject({ 'keys/.gitignore': '# mine\n' });
    const { code, err } = await run(cwd, ['keys', 'generate', '--alg', 'ES256', '--kid', 'k2']);
    expect(code).toBe(0);
    expect(readFileSync(join(cwd, 'keys', '.gitignore'), 'utf8')).toBe('# mine\n');
    expect(err).toBe('jwt-kit: WARNING: keys/.gitignore exists and does not itself ignore k2.pem: make sure git ignores it\n');
    writeFileSync(join(cwd, 'keys', '.gitignore'), '*.pem\n');
    expect((await run(cwd, ['keys', 'generate', '--alg', 'ES256', '--kid', 'k3'])).err).toBe('');
  });

  it('needs --alg (exit 2)', async () => {
    expect((await run(makeProject(), ['keys', 'generate'])).code).toBe(2);
  });
});

describe('keys jwks', () => {
  it("prints the config's public keys (the retired one too) and nothing private", async () => {
    const cwd = makeProject();
    await run(cwd, ['keys', 'generate', '--alg', 'ES256', '--kid', 'new']);
    await run(cwd, ['keys', 'generate', '--alg', 'RS256', '--kid', 'old']);
    writeFileSync(
      join(cwd, 'jwtauth.config.json'),
      JSON.stringify({
        keys: [
          { kid: 'new', algorithm: 'ES256', status: 'current', privateKeyFile: 'keys/new.pem' },
          { kid: 'old', algorithm: 'RS256', status: 'verify', publicKeyFile: 'keys/old.pub.pem' },
        ],
      }),
    );
    const { code, out } = await run(cwd, ['keys', 'jwks']);
    expect(code).toBe(0);
    const { keys } = JSON.parse(out) as { keys: Array<Record<string, string>> };
    expect(keys.map((key) => [key.kid, key.alg, key.use])).toEqual([
      ['new', 'ES256', 'sig'],
      ['old', 'RS256', 'sig'],
    ]);
    expect(keys[0]).toMatchObject(createPublicKey(readFileSync(join(cwd, 'keys', 'new.pub.pem'))).export({ format: 'jwk' }));
    expect(keys[1]).toMatchObject(createPublicKey(readFileSync(join(cwd, 'keys', 'old.pub.pem'))).export({ format: 'jwk' }));
    for (const key of keys) for (const member of PRIVATE_MEMBERS) expect(key[member]).toBeUndefined();
  });

  it('refuses an HMAC key set (exit 3) without printing the secret', async () => {
    const secret = 'a-secret-of-thirty-two-bytes-or-more!';
    const cwd = makeProject({ 'jwtauth.config.json': JSON.stringify({ secret }) });
    const { code, out, err } = await run(cwd, ['keys', 'jwks']);
    expect([code, out]).toEqual([3, '']);
    expect(err).toContain('is a HS256 shared secret: a JWKS holds public keys only');
    expect(err).not.toContain(secret);
  });
});

describe('token issue --kid and token verify --jwks / --kid', () => {
  async function project() {
    const cwd = makeProject();
    await run(cwd, ['keys', 'generate', '--alg', 'ES256', '--kid', 'k1']);
    await run(cwd, ['keys', 'generate', '--alg', 'ES256', '--kid', 'k2']);
    writeFileSync(
      join(cwd, 'jwtauth.config.json'),
      JSON.stringify({
        audience: 'api',
        keys: [
          { kid: 'k2', algorithm: 'ES256', status: 'current', privateKeyFile: 'keys/k2.pem' },
          { kid: 'k1', algorithm: 'ES256', status: 'verify', privateKeyFile: 'keys/k1.pem' },
        ],
      }),
    );
    writeFileSync(join(cwd, 'jwks.json'), (await run(cwd, ['keys', 'jwks'])).out);
    return cwd;
  }

  it('token issue signs with the key --kid names; an unknown kid is a usage error', async () => {
    const cwd = await project();
    const current = (await run(cwd, ['token', 'issue', '--claim', 'user_id=1'])).out.trim();
    const old = (await run(cwd, ['token', 'issue', '--kid', 'k1', '--claim', 'user_id=1'])).out.trim();
    expect([readHeader(current).kid, readHeader(old).kid]).toEqual(['k2', 'k1']);
    const unknown = await run(cwd, ['token', 'issue', '--kid', 'k9']);
    expect([unknown.code, unknown.err]).toEqual([2, 'jwt-kit: --kid "k9" names none of the keys of the config jwtauth.config.json (kids "k2", "k1")\n']);
  });

  it('token verify --jwks FILE checks with the JWKS for --alg only, with the config rules; --kid narrows to one key', async () => {
    const cwd = await project();
    const token = (await run(cwd, ['token', 'issue', '--kid', 'k1', '--claim', 'user_id=1'])).out.trim();
    const valid = await run(cwd, ['token', 'verify', '--jwks', 'jwks.json', '--alg', 'ES256', token]);
    expect([valid.code, valid.err]).toEqual([0, expect.stringContaining('valid ES256 token (key from --jwks jwks.json, kid "k1"')]);
    // The config's audience applies.
    const otherAud = (await run(cwd, ['token', 'issue', '--aud', 'web', '--claim', 'user_id=1'])).out.trim();
    expect((await run(cwd, ['token', 'verify', '--jwks', 'jwks.json', '--alg', 'ES256', otherAud])).code).toBe(1);
    // The JWKS alone never decides the algorithm.
    const noAlg = await run(makeProject({ 'jwks.json': readFileSync(join(cwd, 'jwks.json'), 'utf8') }), ['token', 'verify', '--jwks', 'jwks.json', token]);
    expect([noAlg.code, noAlg.err]).toEqual([2, expect.stringContaining('--jwks needs the algorithms to accept: pass --alg')]);
    expect((await run(cwd, ['token', 'verify', '--jwks', 'jwks.json', '--alg', 'ES384', token])).code).toBe(1);
    const wrongKid = await run(cwd, ['token', 'verify', '--jwks', 'jwks.json', '--alg', 'ES256', '--kid', 'k2', token]);
    expect([wrongKid.code, wrongKid.err]).toEqual([1, 'jwt-kit: invalid token: unknown key: The token names kid "k1", not "k2"\n']);
    // Against the config's own keys, --kid narrows the same way.
    expect((await run(cwd, ['token', 'verify', '--kid', 'k1', token])).code).toBe(0);
    expect((await run(cwd, ['token', 'verify', '--kid', 'k2', token])).code).toBe(1);
  });

  it('token verify --jwks URL fetches the set once; an unreachable URL exits 4 with JWKS_UNAVAILABLE', async () => {
    const cwd = await project();
    issuer = await startIssuer(JSON.parse(readFileSync(join(cwd, 'jwks.json'), 'utf8')));
    const token = (await run(cwd, ['token', 'issue', '--claim', 'user_id=1'])).out.trim();
    const valid = await run(cwd, ['token', 'verify', '--jwks', issuer.url, '--alg', 'ES256', token]);
    expect([valid.code, issuer.requests]).toEqual([0, 1]);
    const url = issuer.url;
    await issuer.close();
    issuer = undefined;
    const down = await run(cwd, ['token', 'verify', '--jwks', url, '--alg', 'ES256', token]);
    expect([down.code, down.err]).toEqual([4, `jwt-kit: the JWKS at ${url} could not be fetched: connection refused\n`]);
  });
});

/**
 * `jwt-kit token issue | decode | verify`, driven in-process through runCli with an IO double: every option,
 * every key source, every exit code. Tokens to decode and verify are made by hand with node:crypto.
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import {
  EXP_ISO,
  hmacValid,
  hsToken,
  IAT,
  IAT_ISO,
  now,
  OTHER_SECRET,
  parts,
  pemKeys,
  project,
  removeProjects,
  rs256Valid,
  run,
  SECRET,
  tamper,
  unsignedToken,
} from './token-helpers';

afterEach(removeProjects);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ESC = '\u001b[';

/** A project holding the secret in secret.txt, written as `echo` writes it (with a trailing newline). */
const withSecretFile = (files: Record<string, string> = {}) => project({ 'secret.txt': `${SECRET}\n`, ...files });

/** stdout of a successful issue: the token alone. */
async function issue(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await run(cwd, ['token', 'issue', ...args], { env });
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  expect(result.out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  return result.out.trim();
}

describe('token issue', () => {
  test('prints the token alone, signed with the --secret-file secret (trailing newline dropped), 15m by default', async () => {
    const dir = withSecretFile();
    const token = await issue(dir, ['--secret-file', 'secret.txt', '--claim', 'user_id=1']);
    expect(hmacValid(token, SECRET, 'HS256')).toBe(true);
    const { header, payload } = parts(token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload.user_id).toBe(1);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.exp).toBe((payload.iat as number) + 900);
    expect(Math.abs((payload.iat as number) - now())).toBeLessThanOrEqual(2);
    expect(payload.jti).toMatch(UUID);
  });

  test('--claim values are JSON when they parse, text otherwise; the first = splits', async () => {
    const dir = withSecretFile();
    const token = await issue(dir, [
      '--secret-file', 'secret.txt',
      '--claim', 'n=42', '--claim', 'admin=true', '--claim', 'roles=["a","b"]', '--claim', 'obj={"k":null}',
      '--claim', 'name=joe', '--claim', 'zip=007', '--claim', 'empty=', '--claim', 'eq=a=b', '--claim', 'quoted="42"',
    ]);
    expect(parts(token).payload).toMatchObject({
      n: 42, admin: true, roles: ['a', 'b'], obj: { k: null }, name: 'joe', zip: '007', empty: '', eq: 'a=b', quoted: '42',
    });
  });

  test('claim names inherited from Object.prototype are signed as plain own claims', async () => {
    const dir = withSecretFile({ 'proto.json': '{"__proto__": {"admin": true}}' });
    const cases: Array<[string[], string, unknown]> = [
      [['--claim', 'constructor=1'], 'constructor', 1],
      [['--claim', 'toString=x'], 'toString', 'x'],
      [['--claim', '__proto__={"admin":true}'], '__proto__', { admin: true }],
      [['--payload', '@proto.json'], '__proto__', { admin: true }],
    ];
    for (const [args, name, value] of cases) {
      const token = await issue(dir, ['--secret-file', 'secret.txt', ...args]);
      const { payload } = parts(token) as { payload: Record<string, unknown> };
      expect(Object.getOwnPropertyDescriptor(payload, name)?.value).toEqual(value);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    }
  });

  test('--payload JSON and @file; --claim overrides it and --sub / --aud / --iss override both', async () => {
    const dir = withSecretFile({ 'claims.json': '{"user_id": 7, "sub": "from-file", "role": "admin"}' });
    const fromFile = await issue(dir, ['--secret-file', 'secret.txt', '--payload', '@claims.json']);
    expect(parts(fromFile).payload).toMatchObject({ user_id: 7, sub: 'from-file', role: 'admin' });

    const inline = await issue(dir, [
      '--secret-file', 'secret.txt', '--payload', '{"user_id": 7, "role": "admin", "sub": "x"}',
      '--claim', 'role=user', '--claim', 'sub=y', '--sub', 'joe', '--aud', 'api', '--iss', 'https://auth.example.com',
    ]);
    expect(parts(inline).payload).toMatchObject({ user_id: 7, role: 'user', sub: 'joe', aud: 'api', iss: 'https://auth.example.com' });
  });

  test('--sub is always text; --aud repeated gives a list', async () => {
    const dir = withSecretFile();
    const token = await issue(dir, ['--secret-file', 'secret.txt', '--sub', '42', '--aud', 'api', '--aud', 'admin']);
    expect(parts(token).payload).toMatchObject({ sub: '42', aud: ['api', 'admin'] });
  });

  test('--exp sets the lifetime', async () => {
    const dir = withSecretFile();
    for (const [flag, seconds] of [['90', 90], ['30s', 30], ['15m', 900], ['2h', 7200], ['7d', 604_800]] as const) {
      const { payload } = parts(await issue(dir, ['--secret-file', 'secret.txt', '--exp', flag]));
      expect((payload.exp as number) - (payload.iat as number)).toBe(seconds);
    }
  });

  test('--no-exp issues a token without exp, and says so on stderr', async () => {
    const dir = withSecretFile();
    const result = await run(dir, ['token', 'issue', '--secret-file', 'secret.txt', '--no-exp']);
    expect(result.code).toBe(0);
    expect(parts(result.out.trim()).payload.exp).toBeUndefined();
    expect(result.err).toMatch(/never expires/);
  });

  test('an exp claim of your own is kept, unless --exp or --no-exp says otherwise (then it is a usage error)', async () => {
    const dir = withSecretFile();
    const token = await issue(dir, ['--secret-file', 'secret.txt', '--claim', `exp=${IAT + 300}`]);
    expect(parts(token).payload.exp).toBe(IAT + 300);
    for (const flag of [['--exp', '5m'], ['--no-exp']]) {
      const result = await run(dir, ['token', 'issue', '--secret-file', 'secret.txt', '--claim', 'exp=1', ...flag]);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/conflicts with the exp claim/);
      expect(result.out).toBe('');
    }
  });

  test.each(['HS256', 'HS384', 'HS512'] as const)('--alg %s', async (alg) => {
    const dir = withSecretFile();
    const token = await issue(dir, ['--secret-file', 'secret.txt', '--alg', alg]);
    expect(parts(token).header.alg).toBe(alg);
    expect(hmacValid(token, SECRET, alg)).toBe(true);
  });

  test('JWT_SECRET is the key when no file is given; --secret-file wins over it', async () => {
    const dir = withSecretFile();
    const fromEnv = await issue(dir, [], { JWT_SECRET: OTHER_SECRET });
    expect(hmacValid(fromEnv, OTHER_SECRET, 'HS256')).toBe(true);
    const fromFile = await issue(dir, ['--secret-file', 'secret.txt'], { JWT_SECRET: OTHER_SECRET });
    expect(hmacValid(fromFile, SECRET, 'HS256')).toBe(true);
  });

  test('a config in the working directory gives key, lifetime, audience and issuer (its .env read)', async () => {
    const dir = project({
      'jwtauth.config.json': JSON.stringify({ secretEnv: 'APP_SECRET', algorithm: 'HS384', expirationDelta: '2m', audience: 'api', issuer: 'me' }),
      '.env': `APP_SECRET=${SECRET}\n`,
    });
    const token = await issue(dir, ['--claim', 'user_id=1']);
    const { header, payload } = parts(token);
    expect(header.alg).toBe('HS384');
    expect(hmacValid(token, SECRET, 'HS384')).toBe(true);
    expect(payload).toMatchObject({ user_id: 1, aud: 'api', iss: 'me' });
    expect((payload.exp as number) - (payload.iat as number)).toBe(120);
  });

  test('the config\'s default lifetime is its own (300 s), not the 15m of a config-less issue', async () => {
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ secretEnv: 'APP_SECRET' }), '.env': `APP_SECRET=${SECRET}\n` });
    const { payload } = parts(await issue(dir, []));
    expect((payload.exp as number) - (payload.iat as number)).toBe(300);
  });

  test('the config is found from a subfolder, and --config names one elsewhere', async () => {
    const dir = project({
      'jwtauth.config.js': `module.exports = { secret: ${JSON.stringify(SECRET)}, expirationDelta: 60 };\n`,
      'src/deep/.keep': '',
      'auth/custom.json': JSON.stringify({ secret: OTHER_SECRET }),
    });
    const found = await issue(join(dir, 'src', 'deep'), []);
    expect(hmacValid(found, SECRET, 'HS256')).toBe(true);
    expect(parts(found).payload.exp).toBe((parts(found).payload.iat as number) + 60);
    const named = await issue(dir, ['--config', 'auth/custom.json']);
    expect(hmacValid(named, OTHER_SECRET, 'HS256')).toBe(true);
  });

  test('the config\'s own key wins over a stray JWT_SECRET, as on the server; JWT_SECRET serves a config without a key', async () => {
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ secret: SECRET, expirationDelta: 60 }) });
    const token = await issue(dir, [], { JWT_SECRET: OTHER_SECRET });
    expect(hmacValid(token, SECRET, 'HS256')).toBe(true);
    expect(parts(token).payload.exp).toBe((parts(token).payload.iat as number) + 60);
    const keyless = project({ 'jwtauth.config.json': JSON.stringify({ expirationDelta: 60, authPath: null }) });
    expect(hmacValid(await issue(keyless, [], { JWT_SECRET: OTHER_SECRET }), OTHER_SECRET, 'HS256')).toBe(true);
  });

  test('--key-file with an RSA private key signs RS256 (told from the key); an EC key ES256', async () => {
    const { rsaPrivate, rsaPublic, ecPrivate } = pemKeys();
    const dir = project({ 'rsa.pem': rsaPrivate, 'ec.pem': ecPrivate });
    const rs = await issue(dir, ['--key-file', 'rsa.pem', '--claim', 'user_id=1']);
    expect(parts(rs).header.alg).toBe('RS256');
    expect(rs256Valid(rs, rsaPublic)).toBe(true);
    const rs512 = await issue(dir, ['--key-file', 'rsa.pem', '--alg', 'RS512']);
    expect(parts(rs512).header.alg).toBe('RS512');
    expect(parts(await issue(dir, ['--key-file', 'ec.pem'])).header.alg).toBe('ES256');
  });

  test('--key-file picks the algorithm from the key even beside a config that names another', async () => {
    const { rsaPrivate, rsaPublic } = pemKeys();
    const dir = project({ 'rsa.pem': rsaPrivate, 'rsa-public.pem': rsaPublic, 'jwtauth.config.json': '{"algorithm": "HS256", "secretEnv": "JWT_SECRET"}' });
    const token = await issue(dir, ['--key-file', 'rsa.pem', '--claim', 'user_id=1'], { JWT_SECRET: SECRET });
    expect(parts(token).header.alg).toBe('RS256');
    const checked = await run(dir, ['token', 'verify', '--key-file', 'rsa-public.pem', token], { env: { JWT_SECRET: SECRET } });
    expect(checked.code).toBe(0);
  });

  test("--key-file keeps the config's algorithm where the key fits it, as the server signs", async () => {
    const { rsaPrivate, rsaPublic } = pemKeys();
    const dir = project({ 'rsa.pem': rsaPrivate, 'rsa-public.pem': rsaPublic, 'jwtauth.config.json': '{"algorithm": "RS512", "privateKeyFile": "rsa.pem"}' });
    const fromConfig = await issue(dir, ['--claim', 'user_id=1']);
    expect(parts(fromConfig).header.alg).toBe('RS512');
    const fromFlag = await issue(dir, ['--key-file', 'rsa.pem', '--claim', 'user_id=1']);
    expect(parts(fromFlag).header.alg).toBe('RS512');
    expect((await run(dir, ['token', 'verify', '--key-file', 'rsa-public.pem', fromConfig])).code).toBe(0);
  });

  test('an RSA key under 2048 bits fits no algorithm, so no --alg is suggested', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const result = await run(project({ 'small.pem': small }), ['token', 'issue', '--key-file', 'small.pem']);
    expect(result.code).toBe(2);
    expect(result.err).toBe('jwt-kit: --key-file small.pem: RS256 needs an RSA key of at least 2048 bits, but the key has 1024\n');
  });

  test('a public key alone cannot issue: the message says what to pass', async () => {
    const { rsaPublic } = pemKeys();
    const dir = project({ 'rsa-public.pem': rsaPublic, 'jwtauth.config.json': '{"algorithm": "RS256", "publicKeyFile": "rsa-public.pem", "authPath": null}' });
    const result = await run(dir, ['token', 'issue']);
    expect(result.code).toBe(3);
    expect(result.err).toBe(
      'jwt-kit: jwtauth.config.json: rsa-public.pem (/publicKeyFile of jwtauth.config.json) is a public key, which verifies RS256 tokens but cannot sign them: give the private key (privateKeyFile, or --key-file PRIVATE.pem)\n',
    );
  });

  test('--claim keeps an integer past 2^53 as text, and --payload never quotes its file in an error', async () => {
    const dir = withSecretFile({ 'bad.json': '{"secret": TOPSECRET-in-a-payload}' });
    const token = await issue(dir, ['--secret-file', 'secret.txt', '--claim', 'big=12345678901234567890', '--claim', 'small=42']);
    expect(parts(token).payload).toMatchObject({ big: '12345678901234567890', small: 42 });
    const bad = await run(dir, ['token', 'issue', '--secret-file', 'secret.txt', '--payload', '@bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('jwt-kit: --payload is not valid JSON (Unexpected token (not valid JSON))\n');
  });

  test('a short secret is refused as the runtime refuses it (exit 3) and never echoed', async () => {
    const dir = project({ 'weak.txt': 'hunter2\n' });
    for (const [args, env] of [[['--secret-file', 'weak.txt'], {}], [[], { JWT_SECRET: 'hunter2' }]] as const) {
      const result = await run(dir, ['token', 'issue', ...args], { env });
      expect(result.code).toBe(3);
      expect(result.err).toMatch(/is 7 bytes, fewer than 32.*--allow-weak-secret/);
      expect(result.err).not.toContain('hunter2');
      expect(result.out).toBe('');
    }
  });

  test('--allow-weak-secret lets a short secret through, loudly', async () => {
    const dir = project({ 'weak.txt': 'hunter2\n' });
    const result = await run(dir, ['token', 'issue', '--secret-file', 'weak.txt', '--allow-weak-secret']);
    expect(result.code).toBe(0);
    expect(hmacValid(result.out.trim(), 'hunter2', 'HS256')).toBe(true);
    expect(result.err).toMatch(/WARNING: --allow-weak-secret: .* 7 bytes/);
    expect(result.err).not.toContain('hunter2');
  });

  test('a config with a short secret is refused too, unless --allow-weak-secret', async () => {
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ secret: 'hunter2' }) });
    const refused = await run(dir, ['token', 'issue']);
    expect(refused.code).toBe(3);
    expect(refused.err).not.toContain('hunter2');
    const allowed = await run(dir, ['token', 'issue', '--allow-weak-secret']);
    expect(allowed.code).toBe(0);
    expect(hmacValid(allowed.out.trim(), 'hunter2', 'HS256')).toBe(true);
  });

  test('no key anywhere: exit 3 with the ways to give one', async () => {
    const result = await run(project(), ['token', 'issue']);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/No key for HS256: pass --secret-file FILE .* set JWT_SECRET/);
  });

  test.each([
    [['--claim', 'user_id'], /--claim user_id: expected key=value/],
    [['--claim', '=1'], /--claim =1: expected key=value/],
    [['--payload', '{"user_id": 1'], /--payload is not valid JSON/],
    [['--payload', '[1, 2]'], /--payload must be a JSON object/],
    [['--payload', '"text"'], /--payload must be a JSON object/],
    [['--payload', '@missing.json'], /--payload @missing.json: cannot read the file/],
    [['--claim', 'exp=soon'], /the "exp" claim must be a number/],
    [['--payload', '{"nbf": "later"}'], /the "nbf" claim must be a number/],
    [['--exp', 'soon'], /option '--exp <duration>' argument 'soon' is invalid/],
    [['--exp', '0'], /--exp must be at least 1s/],
    [['--alg', 'HS999'], /Allowed choices are HS256/],
    [['--secret-file', 'nope.txt'], /--secret-file nope.txt: no such file/],
    [['--secret-file', 'empty.txt'], /--secret-file empty.txt is empty/],
    [['--secret-file', 'secret.txt', '--key-file', 'rsa.pem'], /--secret-file and --key-file are both given/],
    [['--secret-file', 'secret.txt', '--alg', 'RS256'], /--secret-file is for HS256, HS384 and HS512; RS256 \(from --alg\) needs --key-file/],
    [['--key-file', 'rsa.pem', '--alg', 'HS256'], /--key-file is for RS\*, PS\* and ES\* algorithms; HS256 \(from --alg\)/],
    [['--key-file', 'rsa-public.pem'], /rsa-public.pem is a public key: issuing needs the private key/],
    [['--key-file', 'secret.txt'], /--key-file secret.txt is not a PEM private or public key/],
    [['--key-file', 'ec.pem', '--alg', 'RS256'], /--key-file ec.pem: RS256 needs rsa keys, but the key is ec; this key fits ES256: pass --alg ES256/],
    [['--exp', '1h', '--no-exp'], /--exp and --no-exp are both given: keep one/],
    [['--no-exp', '--exp', '1h'], /--exp and --no-exp are both given: keep one/],
    [['--bogus'], /unknown option '--bogus'/],
  ])('usage error %j: exit 2, one line, nothing on stdout', async (args, message) => {
    const { rsaPrivate, rsaPublic, ecPrivate } = pemKeys();
    const dir = withSecretFile({ 'empty.txt': '\n', 'rsa.pem': rsaPrivate, 'rsa-public.pem': rsaPublic, 'ec.pem': ecPrivate });
    const result = await run(dir, ['token', 'issue', ...args], { env: { JWT_SECRET: SECRET } });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err.split('\n')[0]).toMatch(message);
    expect(result.out).toBe('');
    expect(result.err).not.toContain(SECRET);
  });

  test('a bad config is exit 3, even with a key given by flag', async () => {
    const dir = withSecretFile({ 'jwtauth.config.json': JSON.stringify({ algorithm: 'XX256' }) });
    const result = await run(dir, ['token', 'issue', '--secret-file', 'secret.txt']);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/algorithm must be one of/);
    const missing = await run(dir, ['token', 'issue', '--secret-file', 'secret.txt', '--config', 'nope.json']);
    expect(missing.code).toBe(3);
    expect(missing.err).toMatch(/No config file at nope.json/);
  });
});

describe('token decode', () => {
  const fixed = hsToken({ user_id: 1, iat: IAT, nbf: IAT, exp: IAT + 300 });

  test('shows header, payload and the time claims as dates, with a NOT verified banner on stderr', async () => {
    const result = await run(project(), ['token', 'decode', fixed]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Header\n{\n  "alg": "HS256",\n  "typ": "JWT"\n}\n');
    expect(result.out).toContain('Payload\n{\n  "user_id": 1,\n  "iat": 1700000000,\n  "nbf": 1700000000,\n  "exp": 1700000300\n}\n');
    expect(result.out).toMatch(new RegExp(`iat  ${IAT_ISO}  issued \\d+d( \\d+[hms])? ago`));
    expect(result.out).toMatch(new RegExp(`nbf  ${IAT_ISO}  valid since \\d+d( \\d+[hms])? ago`));
    expect(result.out).toMatch(new RegExp(`exp  ${EXP_ISO}  expired \\d+d( \\d+[hms])? ago`));
    expect(result.err).toMatch(/signature NOT verified/);
    expect(result.out).not.toContain(ESC);
  });

  test('a token still valid: "expires in"', async () => {
    const t = now();
    const result = await run(project(), ['token', 'decode', hsToken({ iat: t, exp: t + 3 * 3600, nbf: t + 600 })]);
    expect(result.out).toMatch(/expires in (3h|2h 59m)\n/);
    expect(result.out).toMatch(/nbf {2}\S+Z {2}valid in (10m|9m 59s)\n/);
  });

  test('a number too large for a double is shown as such, never rewritten to null', async () => {
    const raw = (text: string) => Buffer.from(text).toString('base64url');
    const token = `${raw('{"alg":"HS256","typ":"JWT"}')}.${raw('{"user_id":1,"exp":1e400}')}.c2ln`;
    const human = await run(project(), ['token', 'decode', token]);
    expect(human.out).toContain('"exp": "<number out of range: Infinity>"');
    expect(human.out).not.toContain('null');
    const json = await run(project(), ['token', 'decode', '--json', token]);
    expect(JSON.parse(json.out).payload).toEqual({ user_id: 1, exp: '<number out of range: Infinity>' });
  });

  test('a time claim that is not a number is shown as such', async () => {
    const result = await run(project(), ['token', 'decode', hsToken({ exp: 'soon' })]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('exp  "soon" is not a time');
  });

  test('--json prints {header, payload} only, and still warns on stderr', async () => {
    const result = await run(project(), ['token', 'decode', '--json', fixed]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({
      header: { alg: 'HS256', typ: 'JWT' },
      payload: { user_id: 1, iat: IAT, nbf: IAT, exp: IAT + 300 },
    });
    expect(result.err).toMatch(/signature NOT verified/);
  });

  test('reads stdin with -, and when piped with no argument; whitespace and a Bearer prefix are dropped', async () => {
    for (const [args, stdin] of [[['-'], `${fixed}\n`], [[], `  Bearer ${fixed}\n`]] as const) {
      const result = await run(project(), ['token', 'decode', '--json', ...args], { stdin });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.out).payload.user_id).toBe(1);
    }
  });

  test('no argument on a terminal, or an empty stdin: usage error', async () => {
    const tty = await run(project(), ['token', 'decode']);
    expect(tty.code).toBe(2);
    expect(tty.err).toMatch(/No token: pass it as an argument, pipe it in, or use -/);
    const empty = await run(project(), ['token', 'decode', '-'], { stdin: '\n' });
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/stdin was empty/);
  });

  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  test.each([
    ['abc.def', /expected 3 base64url segments .* found 2/],
    ['a.b.c.d.e', /it has 5 segments, so it is an encrypted JWE; jwt-kit reads signed JWS tokens/],
    [`${b64('{"alg":"HS256"}')}.${b64('{}')}.si*g`, /the signature is not base64url/],
    [`h%d.${b64('{}')}.sig`, /the header is not base64url/],
    [`${b64('not json')}.${b64('{}')}.sig`, /the header is not JSON/],
    [`${b64('[1]')}.${b64('{}')}.sig`, /the header is not a JSON object/],
    [`${b64('{"alg":"HS256"}')}.${b64('{"a":')}.sig`, /the payload is not JSON/],
    [`${b64('{"alg":"HS256"}')}.${b64('"text"')}.sig`, /the payload is not a JSON object/],
    [`${b64('{"alg":"HS256"}')}..sig`, /the payload is empty/],
  ])('malformed %s: exit 1, one line', async (token, reason) => {
    const result = await run(project(), ['token', 'decode', token]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`^jwt-kit: Malformed token: ${reason.source}\n$`));
    expect(result.out).toBe('');
  });

  test('colour on a terminal only, never with NO_COLOR', async () => {
    const coloured = await run(project(), ['token', 'decode', fixed], { tty: true });
    expect(coloured.out).toContain(`${ESC}36m"alg"${ESC}0m:`);
    expect(coloured.out).toContain(`${ESC}33m1700000000${ESC}0m`);
    expect(coloured.err).toContain(ESC);
    const plain = await run(project(), ['token', 'decode', fixed], { tty: true, env: { NO_COLOR: '1' } });
    expect(plain.out).not.toContain(ESC);
    expect(plain.err).not.toContain(ESC);
    const json = await run(project(), ['token', 'decode', '--json', fixed], { tty: true });
    expect(JSON.parse(json.out).payload.exp).toBe(IAT + 300);
  });

  test('needs no key and no config: a broken config next to it is not even read', async () => {
    const dir = project({ 'jwtauth.config.json': '{ broken' });
    const result = await run(dir, ['token', 'decode', '--json', fixed]);
    expect(result.code).toBe(0);
  });
});

describe('token verify', () => {
  const fresh = (extra: Record<string, unknown> = {}) => {
    const t = now();
    return { user_id: 1, iat: t, nbf: t, exp: t + 600, ...extra };
  };
  const verify = (cwd: string, args: string[], options: Parameters<typeof run>[2] = {}) => run(cwd, ['token', 'verify', ...args], options);

  test('a valid token: exit 0, the payload as JSON on stdout', async () => {
    const payload = fresh();
    const result = await verify(withSecretFile(), ['--secret-file', 'secret.txt', hsToken(payload)]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual(payload);
    expect(result.err).toMatch(/valid HS256 token \(key from --secret-file secret.txt, expires in (10m|9m 59s)\)/);
  });

  test.each(['HS256', 'HS384', 'HS512'] as const)('%s with --alg and JWT_SECRET', async (alg) => {
    const result = await verify(project(), ['--alg', alg, hsToken(fresh(), OTHER_SECRET, alg)], { env: { JWT_SECRET: OTHER_SECRET } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).user_id).toBe(1);
  });

  test('reads the token from stdin with - and when piped', async () => {
    const token = hsToken(fresh());
    for (const [args, stdin] of [[['-'], token], [[], `${token}\n`]] as const) {
      const result = await verify(withSecretFile(), ['--secret-file', 'secret.txt', ...args], { stdin });
      expect(result.code).toBe(0);
    }
  });

  test('expired: exit 1, saying when', async () => {
    const result = await verify(withSecretFile(), ['--secret-file', 'secret.txt', hsToken({ iat: IAT, nbf: IAT, exp: IAT + 300 })]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`^jwt-kit: invalid token: expired \\d+d( \\d+[hms])? ago at ${EXP_ISO}\n$`));
    expect(result.out).toBe('');
  });

  test('--leeway accepts a token expired within it', async () => {
    const t = now();
    const token = hsToken({ iat: t - 100, nbf: t - 100, exp: t - 10 });
    expect((await verify(withSecretFile(), ['--secret-file', 'secret.txt', token])).code).toBe(1);
    const within = await verify(withSecretFile(), ['--secret-file', 'secret.txt', '--leeway', '1m', token]);
    expect(within.code).toBe(0);
    const short = await verify(withSecretFile(), ['--secret-file', 'secret.txt', '--leeway', '5', token]);
    expect(short.err).toMatch(/expired \d+s ago at .* \(leeway 5s\)/);
  });

  test('tampered: bad signature, naming where the key came from but never the key', async () => {
    const result = await verify(withSecretFile(), ['--secret-file', 'secret.txt', tamper(hsToken(fresh()))]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'jwt-kit: invalid token: bad signature: the token was not signed with the key from --secret-file secret.txt, or it was changed after signing\n',
    );
  });

  test('signed with another key: bad signature; the secret is never printed', async () => {
    const result = await verify(project(), [hsToken(fresh(), OTHER_SECRET)], { env: { JWT_SECRET: SECRET } });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/bad signature: .* key from JWT_SECRET/);
    expect(result.err + result.out).not.toContain(SECRET);
    expect(result.err + result.out).not.toContain(OTHER_SECRET);
  });

  test('every reason: a bad signature AND an expiry AND a wrong audience and issuer', async () => {
    const token = hsToken({ iat: IAT, nbf: IAT, exp: IAT + 300, aud: 'web' }, OTHER_SECRET);
    const result = await verify(withSecretFile(), ['--secret-file', 'secret.txt', '--aud', 'api', '--iss', 'me', token]);
    expect(result.code).toBe(1);
    const lines = result.err.trimEnd().split('\n');
    expect(lines[0]).toBe('jwt-kit: invalid token, 4 problems:');
    expect(lines[1]).toMatch(/^ {2}- bad signature: /);
    expect(lines[2]).toMatch(new RegExp(`^  - expired .* ago at ${EXP_ISO}$`));
    expect(lines[3]).toBe('  - wrong audience: the token has aud "web", expected "api"');
    expect(lines[4]).toBe('  - wrong issuer: the token has no iss claim, expected "me"');
  });

  test('wrong algorithm: names the token\'s and the expected one', async () => {
    const result = await verify(withSecretFile(), ['--secret-file', 'secret.txt', hsToken(fresh(), SECRET, 'HS512')]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('jwt-kit: invalid token: wrong algorithm: the token is signed with "HS512", expected HS256 (from the default)\n');
    const viaAlg = await verify(withSecretFile(), ['--secret-file', 'secret.txt', '--alg', 'HS384', hsToken(fresh())]);
    expect(viaAlg.err).toMatch(/signed with "HS256", expected HS384 \(from --alg\)/);
  });

  test('an unsigned token (alg none) is refused', async () => {
    const result = await verify(withSecretFile(), ['--secret-file', 'secret.txt', unsignedToken(fresh())]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/unsigned token \(alg "none"/);
  });

  test('not yet valid, issued in the future, missing and non-numeric claims', async () => {
    const t = now();
    const dir = withSecretFile();
    const future = await verify(dir, ['--secret-file', 'secret.txt', hsToken({ iat: t + 3600, nbf: t + 3600, exp: t + 7200 })]);
    expect(future.code).toBe(1);
    expect(future.err).toMatch(/2 problems:\n {2}- not valid yet: nbf is in (1h|59m 59s) at \S+Z\n {2}- issued in the future: iat is in/);
    const missing = await verify(dir, ['--secret-file', 'secret.txt', hsToken({ user_id: 1 })]);
    expect(missing.err).toBe(
      'jwt-kit: invalid token, 3 problems:\n  - missing the required "exp" claim\n  - missing the required "iat" claim\n  - missing the required "nbf" claim\n',
    );
    const text = await verify(dir, ['--secret-file', 'secret.txt', hsToken({ ...fresh(), exp: 'soon' })]);
    expect(text.err).toBe('jwt-kit: invalid token: the "exp" claim must be a number (seconds since 1970), not "soon"\n');
  });

  test('--aud accepts any of several; --iss must match', async () => {
    const token = hsToken(fresh({ aud: ['web', 'api'], iss: 'me' }));
    expect((await verify(withSecretFile(), ['--secret-file', 'secret.txt', '--aud', 'x', '--aud', 'api', '--iss', 'me', token])).code).toBe(0);
    const wrong = await verify(withSecretFile(), ['--secret-file', 'secret.txt', '--aud', 'x', '--aud', 'y', token]);
    expect(wrong.err).toMatch(/wrong audience: the token has aud \["web","api"\], expected one of "x", "y"/);
  });

  test('the config gives key and rules (algorithm, audience, issuer, required claims, leeway); flags override', async () => {
    const dir = project({
      'jwtauth.config.json': JSON.stringify({
        secretEnv: 'APP_SECRET', algorithm: 'HS512', audience: 'api', issuer: 'me', requiredClaims: ['exp', 'user_id'], leeway: 30,
      }),
      '.env': `APP_SECRET=${SECRET}\n`,
    });
    const good = hsToken(fresh({ aud: 'api', iss: 'me' }), SECRET, 'HS512');
    const ok = await verify(dir, [good]);
    expect(ok.code).toBe(0);
    expect(ok.err).toMatch(/key from APP_SECRET in \.env beside jwtauth\.config\.json/);

    const t = now();
    const lacking = hsToken({ exp: t - 10, aud: 'web', iss: 'me' }, SECRET, 'HS512');
    const bad = await verify(dir, [lacking]);
    expect(bad.err).toBe('jwt-kit: invalid token, 2 problems:\n  - missing the required "user_id" claim\n  - wrong audience: the token has aud "web", expected "api"\n');
    expect((await verify(dir, ['--aud', 'web', '--leeway', '0', hsToken({ user_id: 1, exp: t - 10, aud: 'web', iss: 'me' }, SECRET, 'HS512')])).err).toMatch(
      /^jwt-kit: invalid token: expired/,
    );
    const wrongAlg = await verify(dir, [hsToken(fresh({ aud: 'api', iss: 'me' }))]);
    expect(wrongAlg.err).toMatch(/expected HS512 \(from the config jwtauth.config.json\)/);
  });

  test('a config that turns verification off is reported, and the signature is checked anyway', async () => {
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ secret: SECRET, verify: false }) });
    const result = await verify(dir, [tamper(hsToken(fresh()))]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/sets verify: false; the signature is checked anyway/);
    expect(result.err).toMatch(/bad signature/);
  });

  test('RS256: --key-file with the public key (or the private one); an HS256 token made with the public key is refused', async () => {
    const { rsaPrivate, rsaPublic } = pemKeys();
    const dir = project({ 'private.pem': rsaPrivate, 'public.pem': rsaPublic });
    const token = await issue(dir, ['--key-file', 'private.pem', '--claim', 'user_id=1']);
    for (const file of ['public.pem', 'private.pem']) {
      const result = await verify(dir, ['--key-file', file, token]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.out).user_id).toBe(1);
    }
    // The classic confusion: the public key text used as an HMAC secret.
    const confused = hsToken(fresh(), rsaPublic);
    const refused = await verify(dir, ['--key-file', 'public.pem', '--alg', 'RS256', confused]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/wrong algorithm: the token is signed with "HS256", expected RS256 \(from --alg\)/);
  });

  test('--json: {valid, header, payload} or {valid: false, ..., errors}', async () => {
    const payload = fresh();
    const ok = await verify(withSecretFile(), ['--secret-file', 'secret.txt', '--json', hsToken(payload)]);
    expect(JSON.parse(ok.out)).toEqual({ valid: true, header: { alg: 'HS256', typ: 'JWT' }, payload, errors: [] });
    const bad = await verify(withSecretFile(), ['--secret-file', 'secret.txt', '--json', tamper(hsToken(payload))]);
    expect(bad.code).toBe(1);
    const body = JSON.parse(bad.out);
    expect(body.valid).toBe(false);
    expect(body.errors).toEqual([expect.stringMatching(/^bad signature/)]);
  });

  test('--json answers a malformed token with JSON too', async () => {
    const result = await verify(withSecretFile(), ['--secret-file', 'secret.txt', '--json', 'abc.def']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toEqual({
      valid: false,
      header: null,
      payload: null,
      errors: ['Malformed token: expected 3 base64url segments separated by dots (header.payload.signature), found 2'],
    });
  });

  test('a token accepted only thanks to the leeway says so', async () => {
    const t = now();
    const result = await verify(withSecretFile(), ['--secret-file', 'secret.txt', '--leeway', '60s', hsToken({ iat: t - 100, nbf: t - 100, exp: t - 20 })]);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/expired (20|21|22)s ago, within the 60s leeway\)\n$/);
  });

  test('an expired token accepted because the config does not check expiry says so', async () => {
    const t = now();
    const dir = withSecretFile({ 'jwtauth.config.json': '{"verifyExpiration": false, "secretEnv": "JWT_SECRET"}' });
    const result = await verify(dir, ['--secret-file', 'secret.txt', hsToken({ iat: t - 100, nbf: t - 100, exp: t - 50 })]);
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/expired (50|51|52)s ago, but the config does not check expiry\)\n$/);
  });

  test('a malformed token: exit 1, one line', async () => {
    const result = await verify(withSecretFile(), ['--secret-file', 'secret.txt', 'not-a-token']);
    expect(result.code).toBe(1);
    expect(result.err).toBe('jwt-kit: Malformed token: expected 3 base64url segments separated by dots (header.payload.signature), found 1\n');
  });

  test('usage errors exit 2; config errors exit 3; a weak secret is refused unless allowed', async () => {
    const dir = withSecretFile({ 'weak.txt': 'short' });
    const token = hsToken(fresh());
    expect((await verify(dir, ['--leeway', 'a while', token])).code).toBe(2);
    expect((await verify(dir, ['--secret-file', 'secret.txt', '--unknown', token])).code).toBe(2);
    expect((await verify(dir, [])).code).toBe(2);
    const noKey = await verify(dir, [token]);
    expect(noKey.code).toBe(3);
    const badConfig = await verify(project({ 'jwtauth.config.json': '{"leeway": "forever"}' }), ['--secret-file', 'x', token]);
    expect(badConfig.code).toBe(3);
    expect(badConfig.err).toMatch(/leeway must be whole seconds or a duration/);
    const weak = await verify(dir, ['--secret-file', 'weak.txt', hsToken(fresh(), 'short')]);
    expect(weak.code).toBe(3);
    expect(weak.err).not.toContain('short\n');
    const allowed = await verify(dir, ['--secret-file', 'weak.txt', '--allow-weak-secret', hsToken(fresh(), 'short')]);
    expect(allowed.code).toBe(0);
    expect(allowed.err).toMatch(/WARNING: --allow-weak-secret/);
  });
});

describe('help', () => {
  test.each([[['token']], [['token', 'issue']], [['token', 'decode']], [['token', 'verify']]])('%j --help shows examples', async (command) => {
    const result = await run(project(), [...command, '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Examples:\n {2}\$ (TOKEN=\$\(jwt-kit|jwt-kit token|echo)/);
  });

  // A run registers only the subcommand it names (src/cli/lazy-commands.ts); help and mistakes still see them all.
  test('token --help lists every subcommand, and a mistyped one gets a suggestion', async () => {
    const help = await run(project(), ['token', '--help']);
    expect(help.out.match(/^ {2}(issue|decode|verify|revoke) /gm)).toEqual(['  issue ', '  decode ', '  verify ', '  revoke ']);
    const typo = await run(project(), ['token', 'deocde', 'x']);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/unknown command 'deocde'\n\(Did you mean decode\?\)/);
    const keysTypo = await run(project(), ['keys', 'genrate']);
    expect(keysTypo.code).toBe(2);
    expect(keysTypo.err).toMatch(/\(Did you mean generate\?\)/);
  });

  test('issue and verify explain the key sources; none offers a --secret flag', async () => {
    for (const command of ['issue', 'verify']) {
      const result = await run(project(), ['token', command, '--help']);
      expect(result.out).toMatch(/--secret-file FILE {3}an HMAC secret/);
      expect(result.out).toMatch(/--allow-weak-secret/);
      expect(result.out).not.toMatch(/--secret </);
    }
  });
});


/**
 * The token commands as a user runs them: the built bin (`node bin/jwt-kit.js`), spawned with a clean
 * environment. Needs dist/: `npx tsc -p tsconfig.build.json && node scripts/esm-entry.js`.
 * Also the cold-start guard: `token decode` and `token issue` must not load Koa, jiti or cosmiconfig.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { EXP_ISO, hmacValid, hsToken, IAT, now, OTHER_SECRET, parts, project, removeProjects, SECRET, tamper, type Hs } from './token-helpers';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'jwt-kit.js');

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json && node scripts/esm-entry.js` first');
  }
});
afterEach(removeProjects);

interface Result {
  code: number | null;
  out: string;
  err: string;
}

/** `node bin/jwt-kit.js ...args` in `cwd`, with only PATH and `env` in its environment; `input` is piped in. */
function cli(cwd: string, args: string[], options: { env?: Record<string, string>; input?: string } = {}): Result {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const ALGS: Hs[] = ['HS256', 'HS384', 'HS512'];

describe('round trips: issue -> decode -> verify', () => {
  test.each(ALGS)('%s with a secret file', (alg) => {
    const dir = project({ 'secret.txt': `${SECRET}\n` });
    const key = ['--secret-file', 'secret.txt'];
    const issued = cli(dir, ['token', 'issue', ...key, '--alg', alg, '--claim', 'user_id=1', '--sub', 'joe', '--exp', '5m']);
    expect(issued.code).toBe(0);
    expect(issued.err).toBe('');
    const token = issued.out.trim();
    expect(issued.out).toBe(`${token}\n`);
    expect(hmacValid(token, SECRET, alg)).toBe(true);

    const decoded = cli(dir, ['token', 'decode', '--json', token]);
    expect(decoded.code).toBe(0);
    const { header, payload } = JSON.parse(decoded.out);
    expect(header).toEqual({ alg, typ: 'JWT' });
    expect(payload).toMatchObject({ user_id: 1, sub: 'joe' });
    expect(payload.exp - payload.iat).toBe(300);
    expect(decoded.err).toMatch(/signature NOT verified/);

    const verified = cli(dir, ['token', 'verify', ...key, '--alg', alg, token]);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out)).toEqual(payload);
  });

  test.each(ALGS)('%s with JWT_SECRET, the token piped through stdin', (alg) => {
    const dir = project();
    const env = { JWT_SECRET: SECRET };
    const issued = cli(dir, ['token', 'issue', '--alg', alg, '--payload', '{"user_id": 2, "roles": ["admin"]}'], { env });
    expect(issued.code).toBe(0);
    const decoded = cli(dir, ['token', 'decode', '--json'], { input: issued.out });
    expect(JSON.parse(decoded.out).payload).toMatchObject({ user_id: 2, roles: ['admin'] });
    const verified = cli(dir, ['token', 'verify', '--alg', alg, '-'], { env, input: issued.out });
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out)).toMatchObject({ user_id: 2, roles: ['admin'] });
  });
});

describe('verify failures: exit 1 and the reason', () => {
  const dir = () => project({ 'secret.txt': `${SECRET}\n`, 'other.txt': `${OTHER_SECRET}\n` });
  const fresh = () => ({ user_id: 1, iat: now(), nbf: now(), exp: now() + 600 });

  test('expired', () => {
    const result = cli(dir(), ['token', 'verify', '--secret-file', 'secret.txt', hsToken({ iat: IAT, nbf: IAT, exp: IAT + 300 })]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`^jwt-kit: invalid token: expired \\d+d( \\d+[hms])? ago at ${EXP_ISO}\n$`));
    expect(result.out).toBe('');
  });

  test('tampered', () => {
    const result = cli(dir(), ['token', 'verify', '--secret-file', 'secret.txt', tamper(hsToken(fresh()))]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^jwt-kit: invalid token: bad signature: /);
  });

  test('wrong key, and the secret never printed', () => {
    const result = cli(dir(), ['token', 'verify', '--secret-file', 'other.txt', hsToken(fresh())]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/bad signature: the token was not signed with the key from --secret-file other.txt/);
    expect(result.out + result.err).not.toContain(SECRET);
    expect(result.out + result.err).not.toContain(OTHER_SECRET);
  });

  test('wrong algorithm', () => {
    const result = cli(dir(), ['token', 'verify', '--secret-file', 'secret.txt', hsToken(fresh(), SECRET, 'HS384')]);
    expect(result.code).toBe(1);
    expect(result.err).toBe('jwt-kit: invalid token: wrong algorithm: the token is signed with "HS384", expected HS256 (from the default)\n');
  });

  test('tampered and expired: both reasons', () => {
    const result = cli(dir(), ['token', 'verify', '--secret-file', 'secret.txt', tamper(hsToken({ iat: IAT, nbf: IAT, exp: IAT + 300 }))]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/invalid token, 2 problems:\n {2}- bad signature: .*\n {2}- expired .* at 2023-11-14T22:18:20Z\n$/);
  });

  test('malformed', () => {
    const result = cli(dir(), ['token', 'verify', '--secret-file', 'secret.txt', 'abc']);
    expect(result.code).toBe(1);
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('exit codes 2 and 3', () => {
  test.each([
    [['token', 'issue', '--claim', 'nokey'], /expected key=value/],
    [['token', 'issue', '--payload', '{oops'], /--payload is not valid JSON/],
    [['token', 'issue', '--payload', '[]'], /--payload must be a JSON object/],
    [['token', 'verify', '--nope', 'x.y.z'], /unknown option '--nope'/],
    [['token', 'decode', 'a.b.c', 'extra'], /too many arguments/],
  ])('%j: exit 2', (args, message) => {
    const result = cli(project(), args, { env: { JWT_SECRET: SECRET } });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
  });

  test('a bad config: exit 3', () => {
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ algorithm: 'HS256', expirationDelta: 'forever', secretEnv: 'JWT_SECRET' }) });
    for (const args of [['token', 'issue'], ['token', 'verify', hsToken({})]]) {
      const result = cli(dir, args, { env: { JWT_SECRET: SECRET } });
      expect(result.code).toBe(3);
      expect(result.err).toMatch(/jwtauth.config.json: \/expirationDelta must be whole seconds or a duration/);
    }
  });
});

describe('a config in the working directory supplies the key', () => {
  const check = (dir: string, alg: Hs = 'HS256', env: Record<string, string> = {}) => {
    const issued = cli(dir, ['token', 'issue', '--claim', 'user_id=1'], { env });
    expect(issued.err).toBe('');
    expect(issued.code).toBe(0);
    const token = issued.out.trim();
    expect(parts(token).header.alg).toBe(alg);
    expect(hmacValid(token, SECRET, alg)).toBe(true);
    const verified = cli(dir, ['token', 'verify', token], { env });
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.out).user_id).toBe(1);
    return parts(token).payload;
  };

  test('jwtauth.config.json with its secret in .env', () => {
    const dir = project({
      'jwtauth.config.json': JSON.stringify({ secretEnv: 'APP_SECRET', algorithm: 'HS512', expirationDelta: '10m' }),
      '.env': `APP_SECRET=${SECRET}\n`,
    });
    const payload = check(dir, 'HS512');
    expect((payload.exp as number) - (payload.iat as number)).toBe(600);
  });

  test('jwtauth.config.js', () => {
    const dir = project({ 'jwtauth.config.js': `module.exports = { secretEnv: 'APP_SECRET', issuer: 'me' };\n` });
    expect(check(dir, 'HS256', { APP_SECRET: SECRET }).iss).toBe('me');
  });

  test('jwtauth.config.ts', () => {
    const dir = project({
      'jwtauth.config.ts': [
        "const algorithm: 'HS384' = 'HS384';",
        "export default { secretEnv: 'APP_SECRET', algorithm, audience: 'api' };",
        '',
      ].join('\n'),
      '.env': `APP_SECRET=${SECRET}\n`,
    });
    expect(check(dir, 'HS384').aud).toBe('api');
  });
});

describe('cold start', () => {
  // Runs the CLI in one process and lists the packages it loaded.
  const loadedPackages = (cwd: string, args: string[], env: Record<string, string> = {}): string[] => {
    const script = [
      `const { runCli } = require(${JSON.stringify(join(ROOT, 'dist', 'cli', 'run.js'))});`,
      `runCli(${JSON.stringify(args)}).then((code) => {`,
      "  const names = Object.keys(require.cache).filter((p) => p.includes('node_modules')).map((p) => p.split(/node_modules[\\\\/]/).pop().split(/[\\\\/]/)[0]);",
      '  process.stderr.write(`\\n@@${code} ${[...new Set(names)].join(",")}\\n`);',
      '});',
    ].join('\n');
    const result = spawnSync(process.execPath, ['-e', script], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    const line = /@@(\d+) (.*)\n/.exec(result.stderr);
    expect(line?.[1]).toBe('0');
    return (line?.[2] ?? '').split(',').filter(Boolean);
  };

  test('token decode loads commander only: no koa, jiti, cosmiconfig, ajv or jsonwebtoken', () => {
    const packages = loadedPackages(project(), ['token', 'decode', hsToken({ user_id: 1 })]);
    expect(packages).toEqual(['commander']);
  });

  test('token issue without a config loads commander and the precompiled schema\'s ajv helpers only: no jsonwebtoken, koa, jiti or cosmiconfig', () => {
    const packages = loadedPackages(project(), ['token', 'issue', '--claim', 'user_id=1'], { JWT_SECRET: SECRET });
    // ajv's runtime helpers (ajv/dist/runtime/equal uses fast-deep-equal); signing is node:crypto's.
    expect([...packages].sort()).toEqual(['ajv', 'commander', 'fast-deep-equal']);
  });

  test("token issue beside a .ts config that imports 'jwt-kit/config' loads no koa", () => {
    // The project reaches this package as a user's does: node_modules/jwt-kit.
    const dir = project({
      'jwtauth.config.ts': "import { defineConfig } from 'jwt-kit/config';\nexport default defineConfig({ secretEnv: 'JWT_SECRET' });\n",
    });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'jwt-kit'), 'dir');
    const packages = loadedPackages(dir, ['token', 'issue', '--claim', 'user_id=1'], { JWT_SECRET: SECRET });
    expect(packages).toContain('jiti'); // it did load the .ts config
    for (const heavy of ['koa', '@koa', 'koa-compose']) expect(packages).not.toContain(heavy);
  });

  test('token issue with a .json config loads no koa and no jiti', () => {
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ secretEnv: 'JWT_SECRET' }) });
    const packages = loadedPackages(dir, ['token', 'issue'], { JWT_SECRET: SECRET });
    for (const heavy of ['koa', '@koa', 'jiti']) expect(packages).not.toContain(heavy);
  });
});

/**
 * One pipeline, one answer: `token issue`, `token verify` and a kit (loadKit) run against the same config and
 * environment agree on the key, and report the same source for it. The table covers the first-hour mistake
 * of issue 7: a config with its own `secretEnv` and a stray `JWT_SECRET` in the shell.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKit } from '../../src';
import { authenticate, identity } from '../helpers/app';
import { project, removeProjects, run } from '../cli/token-helpers';

afterAll(removeProjects);

const A = 'the-config-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ';
const B = 'a-stray-jwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHI';
const C = 'the-real-environment-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG';
const BIN = randomBytes(64);

interface Case {
  name: string;
  config: Record<string, unknown>;
  dotenv?: string;
  env: Record<string, string>;
  files?: Record<string, Buffer>;
  /** What every one of them must report. */
  source: string;
}

const cases: Case[] = [
  { name: 'secretEnv with a stray JWT_SECRET', config: { secretEnv: 'MY_SECRET' }, env: { MY_SECRET: A, JWT_SECRET: B }, source: 'MY_SECRET in the environment' },
  { name: 'secretEnv from the .env, a stray JWT_SECRET', config: { secretEnv: 'MY_SECRET' }, dotenv: `MY_SECRET=${A}\n`, env: { JWT_SECRET: B }, source: 'MY_SECRET in .env beside jwtauth.config.json' },
  { name: 'the real environment over the .env', config: { secretEnv: 'MY_SECRET' }, dotenv: `MY_SECRET=${A}\n`, env: { MY_SECRET: C }, source: 'MY_SECRET in the environment' },
  { name: 'a raw-bytes secret file', config: { algorithm: 'HS512', secretFile: 'k.bin' }, files: { 'k.bin': BIN }, env: { JWT_SECRET: B }, source: 'k.bin (/secretFile of jwtauth.config.json)' },
  { name: 'an inline secret', config: { secret: A }, env: { JWT_SECRET: B }, source: '/secret in jwtauth.config.json' },
];

describe.each(cases)('$name', ({ config, dotenv, env, files, source }) => {
  const dir = project({ 'jwtauth.config.json': JSON.stringify(config), ...(dotenv && { '.env': dotenv }) });
  for (const [name, bytes] of Object.entries(files ?? {})) writeFileSync(join(dir, name), bytes);

  it('token issue signs with the key the server verifies, and token verify and the kit name the same source', async () => {
    const issued = await run(dir, ['token', 'issue', '--claim', 'user_id=1'], { env });
    expect([issued.code, issued.err]).toEqual([0, '']);
    const token = issued.out.trim();

    const verified = await run(dir, ['token', 'verify', token], { env });
    expect(verified.code).toBe(0);
    expect(verified.err).toContain(`(key from ${source},`);

    const kit = await loadKit({ cwd: dir, env, handlers: { authenticate, identity }, onWarning: () => undefined });
    expect(kit.config.keys[0]!.from).toBe(source);
    await expect(kit.tokens.verify(token)).resolves.toMatchObject({ user_id: 1 });
    // And the other way round: the kit's token verifies in the CLI.
    const back = await run(dir, ['token', 'verify', kit.tokens.issue({ user_id: 2 })], { env });
    expect(back.code).toBe(0);
  });
});

describe('the CLI says when its choices differ from the server', () => {
  it('--alg beside the config\'s own algorithm: a warning that the server will refuse the tokens', async () => {
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ secretEnv: 'MY_SECRET' }) });
    const issued = await run(dir, ['token', 'issue', '--alg', 'HS384', '--claim', 'a=1'], { env: { MY_SECRET: A } });
    expect(issued.code).toBe(0);
    expect(issued.err).toBe("jwt-kit: --alg HS384 differs from the config's algorithm HS256: the server of jwtauth.config.json verifies HS256 only and will refuse these tokens\n");
  });

  it('--alg of another family than the config\'s key names the option the config uses', async () => {
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ secretEnv: 'MY_SECRET' }) });
    const token = (await run(dir, ['token', 'issue', '--claim', 'a=1'], { env: { MY_SECRET: A } })).out.trim();
    const result = await run(dir, ['token', 'verify', '--alg', 'RS256', token], { env: { MY_SECRET: A } });
    expect([result.code, result.err]).toEqual([
      2,
      'jwt-kit: --alg RS256 does not fit the key of the config jwtauth.config.json: /secretEnv holds an HMAC secret (HS*); pass --key-file FILE, or --alg HS256\n',
    ]);
  });
});

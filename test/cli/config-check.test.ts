/**
 * `jwt-kit config check`: in-process through runCli with an IO double, and through the built bin for the ES
 * module configs that jest's VM cannot import.
 */
import { join } from 'node:path';
import { runCli } from '../../src/cli/run';
import { makeProject, removeProjects } from '../helpers/project';
import { assertBuilt, ioDouble, killSpawned, REPO_ROOT, spawnCli } from './io-double';

const SECRET = 'check-secret-0123456789-abcdefghijklmnopqrstu'; // 45 bytes
const HANDLERS = 'handlers: { authenticate: () => null, identity: () => null }';

afterAll(removeProjects);
afterEach(killSpawned);

const project = (files: Record<string, string>): string => makeProject(files, { prefix: 'jwt-kit-check-' });

/** A .cjs config with both required handlers and the secret from CHECK_SECRET, plus `options`. */
function cjsConfig(options: Record<string, unknown> = {}): string {
  return `module.exports = { secretEnv: 'CHECK_SECRET', ...${JSON.stringify(options)}, ${HANDLERS} };\n`;
}

interface Report {
  valid: boolean;
  file: string | null;
  errors: string[];
  warnings: string[];
}

async function check(cwd: string, args: string[] = [], env: Record<string, string | undefined> = { CHECK_SECRET: SECRET }) {
  const io = ioDouble(cwd, env);
  const code = await runCli(['config', 'check', ...args], io);
  return { code, out: io.out(), err: io.err(), env: io.env };
}

async function checkJson(cwd: string, args: string[] = [], env?: Record<string, string | undefined>): Promise<{ code: number; report: Report }> {
  const { code, out } = await check(cwd, ['--json', ...args], env);
  return { code, report: JSON.parse(out) as Report };
}

describe('JWTKIT_CONFIG names the config for a command started elsewhere', () => {
  it('is read from the CLI environment: the named file is checked, from a folder with no config', async () => {
    const dir = project({ 'deploy/auth.cjs': cjsConfig() });
    const elsewhere = project({});
    const { code, out } = await check(elsewhere, [], { CHECK_SECRET: SECRET, JWTKIT_CONFIG: join(dir, 'deploy', 'auth.cjs') });
    expect([code, out]).toEqual([0, `ok ${join(dir, 'deploy', 'auth.cjs')} is valid\n`]);
  });

  it('--config wins over it', async () => {
    const dir = project({ 'a.cjs': cjsConfig(), 'b.cjs': cjsConfig() });
    const { out } = await check(dir, ['--config', 'b.cjs'], { CHECK_SECRET: SECRET, JWTKIT_CONFIG: 'a.cjs' });
    expect(out).toBe(`ok ${join(dir, 'b.cjs')} is valid\n`);
  });

  it('naming a file that is not there is exit 3 saying where the name came from, never a search', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig() });
    const { code, out } = await check(dir, [], { CHECK_SECRET: SECRET, JWTKIT_CONFIG: 'gone/auth.cjs' });
    expect(code).toBe(3);
    expect(out).toContain('No config file at gone/auth.cjs (from JWTKIT_CONFIG)');
  });
});

describe('a valid config', () => {
  it('exit 0 and "is valid", naming the file', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig() });
    const { code, out, err } = await check(dir);
    expect(code).toBe(0);
    expect(out).toBe(`ok ${join(dir, 'jwtauth.config.cjs')} is valid\n`);
    expect(err).toBe('');
  });

  it('a .ts config with .ts handlers', async () => {
    const dir = project({
      'jwtauth.config.ts': [
        "import { authenticate, identity } from './handlers';",
        "export default { secretEnv: 'CHECK_SECRET', expirationDelta: '15m', handlers: { authenticate, identity } };",
        '',
      ].join('\n'),
      'handlers.ts': [
        'interface U { id: number }',
        'export const authenticate = (u: string, p: string): U | null => (u === p ? { id: 1 } : null);',
        'export const identity = (payload: { user_id?: unknown }): U | null => (payload.user_id === 1 ? { id: 1 } : null);',
        '',
      ].join('\n'),
    });
    const { code, report } = await checkJson(dir);
    expect({ code, report }).toEqual({ code: 0, report: { valid: true, file: join(dir, 'jwtauth.config.ts'), errors: [], warnings: [] } });
  });

  it('the .env beside the config provides the secret (the real environment wins)', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig(), '.env': `CHECK_SECRET=${SECRET}\n` });
    expect((await check(dir, [], {})).code).toBe(0);
    // A short secret in the environment wins over the good one in .env: the check fails.
    const { code, report } = await checkJson(dir, [], { CHECK_SECRET: 'too-short' });
    expect(code).toBe(3);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toContain('9 bytes, fewer than 32');
    expect(JSON.stringify(report)).not.toContain('too-short');
  });

  it('searches from a sub-directory upward', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig(), 'src/deep/.keep': '' });
    const { code, report } = await checkJson(join(dir, 'src', 'deep'));
    expect([code, report.file]).toEqual([0, join(dir, 'jwtauth.config.cjs')]);
  });

  it('--config names the file, relative to the working directory', async () => {
    const dir = project({ 'auth/settings.cjs': cjsConfig({ realm: 'x' }) });
    const { code, report } = await checkJson(dir, ['--config', 'auth/settings.cjs']);
    expect([code, report.file]).toEqual([0, join(dir, 'auth', 'settings.cjs')]);
  });

  it('a JSON config cannot hold handlers: their absence is a warning, not an error', async () => {
    const dir = project({ 'jwtauth.config.json': JSON.stringify({ secretEnv: 'CHECK_SECRET' }) });
    const { code, report } = await checkJson(dir);
    expect(code).toBe(0);
    expect(report.valid).toBe(true);
    expect(report.warnings).toEqual([
      '/handlers/identity is required: (payload) -> user or null: give it in code, loadKit({ handlers })',
      '/handlers/authenticate is required while the login route is on (set /authPath to null to turn it off): give it in code, loadKit({ handlers })',
    ]);
  });
});

describe('an invalid config', () => {
  const MANY = {
    expirationDelt: 600,
    algorithm: 'HS257',
    expirationDelta: 0,
    cors: { enabled: true, origins: ['ftp://files.example.com'] },
  };
  const PROBLEMS = [
    '/expirationDelt is not a known option (did you mean /expirationDelta?)',
    '/algorithm must be one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512',
    '/expirationDelta must be >= 1',
    '/cors/origins/0 must be an origin such as "https://app.example.com"',
  ];

  it('exit 3 and every problem listed', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig(MANY) });
    const { code, out } = await check(dir);
    expect(code).toBe(3);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(`error ${join(dir, 'jwtauth.config.cjs')} is invalid`);
    expect(lines.slice(1).sort()).toEqual(PROBLEMS.map((p) => `  error   ${p}`).sort());
  });

  it('--json lists them too', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig(MANY) });
    const { code, report } = await checkJson(dir);
    expect(code).toBe(3);
    expect(Object.keys(report)).toEqual(['valid', 'file', 'errors', 'warnings']);
    expect(report.valid).toBe(false);
    expect(report.file).toBe(join(dir, 'jwtauth.config.cjs'));
    expect([...report.errors].sort()).toEqual([...PROBLEMS].sort());
    expect(report.warnings).toEqual([]);
  });

  it('a code config without an identity handler is an error', async () => {
    const dir = project({ 'jwtauth.config.cjs': "module.exports = { secretEnv: 'CHECK_SECRET', authPath: null };\n" });
    const { code, report } = await checkJson(dir);
    expect(code).toBe(3);
    expect(report.errors).toEqual(['/handlers/identity is required: (payload) -> user or null']);
  });

  it('a missing secret variable is an error naming it', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig() });
    const { code, report } = await checkJson(dir, [], {});
    expect(code).toBe(3);
    expect(report.errors).toEqual(['/secretEnv names the environment variable CHECK_SECRET, which is not set']);
  });

  it('a file that does not load: exit 3 and the file named', async () => {
    const dir = project({ 'jwtauth.config.ts': 'export default { secret: \n' });
    const { code, report } = await checkJson(dir);
    expect(code).toBe(3);
    expect(report.valid).toBe(false);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(/^jwtauth\.config\.ts could not be loaded: /);
  });
});

describe('warnings for risky settings (valid, exit 0)', () => {
  it('a careful config has none', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig({ cors: { enabled: true, origins: ['https://app.example.com'] } }) });
    const { code, report } = await checkJson(dir);
    expect([code, report.warnings]).toEqual([0, []]);
  });

  it.each([
    ['verify false', { verify: false }, '/verify is false: tokens are accepted without checking their signature'],
    ['verifyExpiration false', { verifyExpiration: false }, '/verifyExpiration is false: tokens never expire'],
    ['a long lifetime', { expirationDelta: '2h' }, /^\/expirationDelta is 2h: /],
    ['a large leeway', { leeway: '5m' }, /^\/leeway is 5m: /],
    ['CORS with any origin', { cors: { enabled: true } }, '/cors/origins is "*": any web page may call this API from a browser'],
    ['tokens in the query', { tokenLocations: ['header', 'query'] }, /^\/tokenLocations has query: tokens in URLs \(\?access_token=\) end up in access logs/],
    ['cookies without CSRF', { tokenLocations: ['cookie'], cookie: { csrf: false } }, /^\/cookie\/csrf is false: /],
    ['login throttling off', { loginThrottle: { enabled: false } }, '/loginThrottle/enabled is false: nothing limits password guessing at the login route'],
    [
      'login throttling open while Redis is down',
      { store: { type: 'redis', url: 'redis://127.0.0.1:6379' }, loginThrottle: { onStoreUnavailable: 'open' } },
      '/loginThrottle/onStoreUnavailable is "open": while Redis is unreachable, nothing limits password guessing',
    ],
  ] as const)('%s', async (_name, options, warning) => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig(options) });
    const { code, report } = await checkJson(dir);
    expect(code).toBe(0);
    expect(report.valid).toBe(true);
    expect(report.warnings).toHaveLength(1);
    if (typeof warning === 'string') expect(report.warnings[0]).toBe(warning);
    else expect(report.warnings[0]).toMatch(warning);
  });

  it('HS512 with a 48-byte secret is an error naming the byte count (RFC 7518 section 3.2: 64 bytes)', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig({ algorithm: 'HS512' }) });
    const { code, report } = await checkJson(dir, [], { CHECK_SECRET: 'x'.repeat(48) });
    expect(code).toBe(3);
    expect(report.errors).toEqual([expect.stringMatching(/^\/secretEnv: the secret in CHECK_SECRET is 48 bytes, fewer than 64: HS512 needs at least 64 /)]);
  });

  it('HS512 with a 32-byte secret allowed on purpose is a warning', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig({ algorithm: 'HS512', dangerouslyAllowWeakSecret: true }) });
    const { code, report } = await checkJson(dir, [], { CHECK_SECRET: '0123456789abcdef0123456789abcdef' });
    expect(code).toBe(0);
    expect(report.warnings).toEqual(['/secretEnv: the secret in CHECK_SECRET is 32 bytes; HS512 wants at least 64 (RFC 7518 section 3.2)']);
  });

  it('HS384 with a 48-byte secret has no warning', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig({ algorithm: 'HS384' }) });
    const { report } = await checkJson(dir, [], { CHECK_SECRET: 'x'.repeat(48) });
    expect(report.warnings).toEqual([]);
  });

  it('an inline secret', async () => {
    const dir = project({ 'jwtauth.config.cjs': `module.exports = { secret: '${SECRET}', ${HANDLERS} };\n` });
    const { code, report } = await checkJson(dir);
    expect(code).toBe(0);
    expect(report.warnings).toEqual(['/secret is written in the config file: move it to an environment variable and name it in /secretEnv']);
    expect(JSON.stringify(report)).not.toContain(SECRET);
  });

  it('a weak secret allowed on purpose', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig({ dangerouslyAllowWeakSecret: true }) });
    const { report } = await checkJson(dir, [], { CHECK_SECRET: 'sixteen-bytes-16' });
    expect(report.warnings).toEqual(['/secretEnv: the secret in CHECK_SECRET is 16 bytes; HS256 wants at least 32 (RFC 7518 section 3.2)']);
  });

  it('the text report shows warnings after the verdict', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig({ verify: false }) });
    const { code, out } = await check(dir);
    expect(code).toBe(0);
    expect(out).toBe(
      `ok ${join(dir, 'jwtauth.config.cjs')} is valid\n  warning /verify is false: tokens are accepted without checking their signature\n`,
    );
  });
});

describe('configs that cannot hold hooks', () => {
  it('an extension-less rc file (YAML) is data, like JSON: missing hooks are warnings', async () => {
    const dir = project({ '.jwtauthrc': 'secretEnv: CHECK_SECRET\nrealm: From YAML\n' });
    const { code, report } = await checkJson(dir, ['--config', '.jwtauthrc']);
    expect([code, report.valid, report.errors]).toEqual([0, true, []]);
    expect(report.warnings[0]).toMatch(/^\/handlers\/identity is required.*: give it in code, loadKit\(\{ handlers \}\)$/);
  });
});

describe('no config, wrong usage', () => {
  it('no config found: exit 3', async () => {
    const dir = project({});
    const { code, out } = await check(dir);
    expect(code).toBe(3);
    expect(out.split('\n')[0]).toBe('error no config found');
    expect(out).toContain('npx jwt-kit init');
  });

  it('no config found, --json: valid false, file null', async () => {
    const dir = project({});
    const { code, report } = await checkJson(dir);
    expect(code).toBe(3);
    expect(report.valid).toBe(false);
    expect(report.file).toBeNull();
    expect(report.errors).toHaveLength(1);
    expect(report.warnings).toEqual([]);
  });

  it('--config missing.ts: exit 3, naming it', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig() });
    const { code, report } = await checkJson(dir, ['--config', 'missing.ts']);
    expect(code).toBe(3);
    expect(report.errors).toEqual(['No config file at missing.ts']);
  });

  it('an unknown option: exit 2', async () => {
    const dir = project({ 'jwtauth.config.cjs': cjsConfig() });
    const { code, out, err } = await check(dir, ['--strict']);
    expect(code).toBe(2);
    expect(err).toContain("unknown option '--strict'");
    expect(out).toBe('');
  });

  it('--help: exit 0 with examples on stdout', async () => {
    const { code, out } = await check(project({}), ['--help']);
    expect(code).toBe(0);
    expect(out).toContain('jwt-kit config check --config');
  });
});

describe('through the built bin (ES module configs)', () => {
  beforeAll(assertBuilt);

  it('.mjs', async () => {
    const dir = project({ 'jwtauth.config.mjs': `export default { secretEnv: 'CHECK_SECRET', realm: 'mjs', ${HANDLERS} };\n` });
    const run = spawnCli(['config', 'check', '--json'], { cwd: dir, env: { CHECK_SECRET: SECRET } });
    expect(await run.exited).toBe(0);
    expect(JSON.parse(run.out())).toEqual({ valid: true, file: join(dir, 'jwtauth.config.mjs'), errors: [], warnings: [] });
  });

  it('--config x.mjs', async () => {
    const dir = project({ 'x.mjs': `export default { secretEnv: 'CHECK_SECRET', verify: false, ${HANDLERS} };\n` });
    const run = spawnCli(['config', 'check', '--config', 'x.mjs'], { cwd: dir, env: { CHECK_SECRET: SECRET } });
    expect(await run.exited).toBe(0);
    expect(run.out()).toContain(`ok ${join(dir, 'x.mjs')} is valid`);
    expect(run.out()).toContain('/verify is false');
  });

  it('.js in a "type": "module" package', async () => {
    const dir = project({
      'package.json': '{ "name": "esm-fixture", "type": "module" }\n',
      'jwtauth.config.js': `export default { secretEnv: 'CHECK_SECRET', expirationDelta: 0, ${HANDLERS} };\n`,
    });
    const run = spawnCli(['config', 'check', '--json'], { cwd: dir, env: { CHECK_SECRET: SECRET } });
    expect(await run.exited).toBe(3);
    expect((JSON.parse(run.out()) as Report).errors).toEqual(['/expirationDelta must be >= 1']);
  });

  it(".ts that imports jwt-kit's sources, which import Node built-ins (no jest VM in the way)", async () => {
    const dir = project({
      'jwtauth.config.ts': [
        `import { defineConfig } from '${join(REPO_ROOT, 'src', 'index').split('\\').join('/')}';`,
        "import { randomUUID } from 'node:crypto';",
        'const id: string = randomUUID();',
        `export default defineConfig({ secretEnv: 'CHECK_SECRET', realm: id, ${HANDLERS} });`,
        '',
      ].join('\n'),
    });
    const run = spawnCli(['config', 'check'], { cwd: dir, env: { CHECK_SECRET: SECRET } });
    expect(await run.exited).toBe(0);
    expect(run.out()).toBe(`ok ${join(dir, 'jwtauth.config.ts')} is valid\n`);
  });
});

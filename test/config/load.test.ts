/**
 * Finding and loading the config with cosmiconfig: every file kind, the upward search and where it stops, an
 * explicit path, and the errors for a missing or broken file. Fixture projects are temp folders (each with a
 * package.json, where the search stops) or test/fixtures/configs/ts-project.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findConfig, loadConfig, JwtKitError, EXIT } from '../../src/index';
import { CONFIG_FILES } from '../../src/config/files';
import { loadFailureReason } from '../../src/config/load';
import { REPO_ROOT, SECRET, removeTempProjects, tempProject, tsConfigProject } from './temp-project';

afterAll(removeTempProjects);

/** The JwtKitError that `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<JwtKitError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JwtKitError);
  return error as JwtKitError;
}

const jsonConfig = (realm: string) => `${JSON.stringify({ secret: SECRET, realm })}\n`;

describe('the search', () => {
  it('finds jwtauth.config.ts from a nested sub-directory upward', async () => {
    const project = tsConfigProject();
    project.write({ 'src/routes/deep/.keep': '' });
    const resolved = await loadConfig({ cwd: project.path('src', 'routes', 'deep'), env: { TEMP_PROJECT_SECRET: SECRET } });
    expect(resolved.filepath).toBe(project.path('jwtauth.config.ts'));
    expect(resolved.keys[0]!.verifying.export().toString()).toBe(SECRET);
  });

  it('stops at the nearest package.json', async () => {
    const project = tempProject({ 'jwtauth.config.json': jsonConfig('outer'), 'packages/app/package.json': '{ "name": "app" }', 'packages/app/src/.keep': '' });
    const error = await rejection(findConfig({ cwd: project.path('packages', 'app', 'src') }));
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(error.exitCode).toBe(EXIT.config);
    expect(error.message).toContain(project.path('packages', 'app', 'src'));
    // From the outer package it is found.
    expect((await findConfig({ cwd: project.dir })).filepath).toBe(project.path('jwtauth.config.json'));
  });

  it('a config in a nearer folder wins over one further up', async () => {
    const project = tempProject({ 'jwtauth.config.json': jsonConfig('outer'), 'sub/jwtauth.config.json': jsonConfig('inner') });
    expect((await loadConfig({ cwd: project.path('sub') })).realm).toBe('inner');
  });

  it('in one folder, jwtauth.config.ts comes before .js, .cjs and .json', async () => {
    const project = tsConfigProject("  realm: 'from ts',");
    project.write({
      'jwtauth.config.js': `module.exports = ${JSON.stringify({ secret: SECRET, realm: 'from js' })};\n`,
      'jwtauth.config.cjs': `module.exports = ${JSON.stringify({ secret: SECRET, realm: 'from cjs' })};\n`,
      'jwtauth.config.json': jsonConfig('from json'),
    });
    const resolved = await loadConfig({ cwd: project.dir, env: { TEMP_PROJECT_SECRET: SECRET } });
    expect(resolved.realm).toBe('from ts');
    expect(CONFIG_FILES[0]).toBe('jwtauth.config.ts');
  });

  it('nothing found is CONFIG_NOT_FOUND, with a hint to run init', async () => {
    const project = tempProject();
    const error = await rejection(findConfig({ cwd: project.dir }));
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(error.message).toContain('npx jwt-kit init');
  });

  it('a package.json without a jwtauth key is not a config', async () => {
    const project = tempProject({ 'package.json': '{ "name": "x", "jwt": { "secret": "no" } }' });
    expect((await rejection(findConfig({ cwd: project.dir }))).code).toBe('CONFIG_NOT_FOUND');
  });
});

describe('file kinds', () => {
  it('.ts that imports a .ts handler file (TypeScript-only syntax, transpiled by jiti)', async () => {
    const dir = join(REPO_ROOT, 'test', 'fixtures', 'configs', 'ts-project');
    const resolved = await loadConfig<{ id: number; username: string }>({ cwd: dir, env: { TS_PROJECT_SECRET: SECRET } });
    expect(resolved.filepath).toBe(join(dir, 'jwtauth.config.ts'));
    expect(resolved.realm).toBe('TS Project');
    expect(resolved.expirationDelta).toBe(900);
    expect(resolved.handlers.authenticate!('ada', 'lovelace')).toEqual({ id: 7, username: 'ada' });
    expect(resolved.handlers.authenticate!('ada', 'wrong')).toBeNull();
    await expect(resolved.handlers.identity!({ user_id: 7 })).resolves.toEqual({ id: 7, username: 'ada' });
  });

  it('.ts in a temp project, handlers from a .ts file with an interface', async () => {
    const project = tsConfigProject("  expirationDelta: '2h',");
    const resolved = await loadConfig({ cwd: project.dir, env: { TEMP_PROJECT_SECRET: SECRET } });
    expect(resolved.expirationDelta).toBe(7200);
    expect(resolved.handlers.authenticate!('ann', 'secret-pw')).toEqual({ id: 3, username: 'ann' });
  });

  it('.ts with fresh: true reads a config edited between two loads anew', async () => {
    const project = tempProject({ 'jwtauth.config.ts': `export default { secret: '${SECRET}', realm: 'one' as string };\n` });
    expect((await loadConfig({ cwd: project.dir, fresh: true })).realm).toBe('one');
    project.write({ 'jwtauth.config.ts': `export default { secret: '${SECRET}', realm: 'two' as string };\n` });
    expect((await loadConfig({ cwd: project.dir, fresh: true })).realm).toBe('two');
  });

  it('.ts handler modules load once: two loads share them, as the app that imports them does', () => {
    // Spawned: jest's module registry stands between jiti and Node's module cache.
    const project = tempProject({
      'users.ts': 'export const loads: number = ((globalThis as { loads?: number }).loads = ((globalThis as { loads?: number }).loads ?? 0) + 1);\nexport const identity = (p: { user_id?: unknown }) => p;\n',
      'jwtauth.config.ts': `import { identity } from './users';\nexport default { secret: '${SECRET}', authPath: null, handlers: { identity } };\n`,
    });
    const script = [
      `const { loadConfig } = require(${JSON.stringify(join(REPO_ROOT, 'dist', 'config', 'load.js'))});`,
      '(async () => {',
      `  const a = await loadConfig({ cwd: ${JSON.stringify(project.dir)} });`,
      `  const b = await loadConfig({ cwd: ${JSON.stringify(project.dir)} });`,
      '  console.log(JSON.stringify({ same: a.handlers.identity === b.handlers.identity, loads: globalThis.loads }));',
      '})();',
    ].join('\n');
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ same: true, loads: 1 });
  });

  it(".ts that imports defineConfig from 'jwt-kit' (the package's self-reference, resolved to dist/)", async () => {
    // Self-reference works only inside the package, so this project sits in the repository root. It resolves
    // through package.json "exports", i.e. to the build in dist/.
    const dir = mkdtempSync(join(REPO_ROOT, '.tmp-load-test-'));
    try {
      writeFileSync(
        join(dir, 'jwtauth.config.ts'),
        [
          "import { defineConfig } from 'jwt-kit';",
          `export default defineConfig({ secret: '${SECRET}', realm: 'self-reference', handlers: { identity: () => null } });`,
          '',
        ].join('\n'),
      );
      const resolved = await loadConfig({ cwd: dir });
      expect(resolved.realm).toBe('self-reference');
      expect(typeof resolved.handlers.identity).toBe('function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('.json', async () => {
    const project = tempProject({ 'jwtauth.config.json': jsonConfig('json realm') });
    const resolved = await loadConfig({ cwd: project.dir });
    expect([resolved.realm, resolved.filepath]).toEqual(['json realm', project.path('jwtauth.config.json')]);
  });

  it('.cjs', async () => {
    const project = tempProject({
      'jwtauth.config.cjs': `module.exports = { secret: '${SECRET}', expirationDelta: '1d', handlers: { identity: (p) => ({ id: p.user_id }) } };\n`,
    });
    const resolved = await loadConfig({ cwd: project.dir });
    expect(resolved.expirationDelta).toBe(86_400);
    expect(resolved.handlers.identity!({ user_id: 5 })).toEqual({ id: 5 });
  });

  it('.js (CommonJS package)', async () => {
    const project = tempProject({ 'jwtauth.config.js': `module.exports = { secret: '${SECRET}', realm: 'js realm' };\n` });
    expect((await loadConfig({ cwd: project.dir })).realm).toBe('js realm');
  });

  it('a jwtauth key in package.json', async () => {
    const project = tempProject({
      'package.json': JSON.stringify({ name: 'with-key', jwtauth: { secretEnv: 'PKG_SECRET', leeway: '10s' } }),
      'lib/.keep': '',
    });
    const resolved = await loadConfig({ cwd: project.path('lib'), env: { PKG_SECRET: SECRET } });
    expect([resolved.filepath, resolved.leeway]).toEqual([project.path('package.json'), 10]);
  });

  it('an invalid jwtauth key in package.json names package.json', async () => {
    const project = tempProject({ 'package.json': JSON.stringify({ name: 'bad-key', jwtauth: { secret: SECRET, realmm: 'x' } }) });
    const error = await rejection(loadConfig({ cwd: project.dir }));
    expect(error.message).toBe('package.json: /realmm is not a known option (did you mean /realm?)');
  });
});

describe('an explicit configPath', () => {
  it('is loaded instead of searching, relative to cwd', async () => {
    const project = tempProject({ 'jwtauth.config.json': jsonConfig('searched'), 'config/auth.json': jsonConfig('explicit') });
    const resolved = await loadConfig({ cwd: project.dir, configPath: 'config/auth.json' });
    expect([resolved.realm, resolved.filepath]).toEqual(['explicit', project.path('config', 'auth.json')]);
  });

  it('may be absolute, and may be a .ts file of any name', async () => {
    const project = tempProject({ 'auth/settings.ts': `const realm: string = 'absolute';\nexport default { secret: '${SECRET}', realm };\n` });
    expect((await loadConfig({ configPath: project.path('auth', 'settings.ts') })).realm).toBe('absolute');
  });

  it('that does not exist is CONFIG_NOT_FOUND naming it', async () => {
    const project = tempProject({ 'jwtauth.config.json': jsonConfig('not this one') });
    const error = await rejection(findConfig({ cwd: project.dir, configPath: 'missing.ts' }));
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(error.exitCode).toBe(EXIT.config);
    expect(error.message).toContain('missing.ts');
  });
});

describe('naming the file: JWTKIT_CONFIG and a URL configPath', () => {
  it('JWTKIT_CONFIG (relative to cwd) is loaded from a folder where the search would find nothing', async () => {
    const project = tempProject({ 'deploy/auth.json': jsonConfig('from env') });
    const resolved = await loadConfig({ cwd: project.dir, env: { JWTKIT_CONFIG: 'deploy/auth.json' } });
    expect([resolved.realm, resolved.filepath]).toEqual(['from env', project.path('deploy', 'auth.json')]);
  });

  it('JWTKIT_CONFIG wins over the search, and configPath wins over JWTKIT_CONFIG', async () => {
    const project = tempProject({ 'jwtauth.config.json': jsonConfig('searched'), 'env.json': jsonConfig('env'), 'given.json': jsonConfig('given') });
    const env = { JWTKIT_CONFIG: project.path('env.json') };
    expect((await loadConfig({ cwd: project.dir, env })).realm).toBe('env');
    expect((await loadConfig({ cwd: project.dir, env, configPath: 'given.json' })).realm).toBe('given');
    expect((await loadConfig({ cwd: project.dir, env: { JWTKIT_CONFIG: '' } })).realm).toBe('searched');
  });

  it('JWTKIT_CONFIG naming a missing file is CONFIG_NOT_FOUND saying so, not a search', async () => {
    const project = tempProject({ 'jwtauth.config.json': jsonConfig('not this one') });
    const error = await rejection(findConfig({ cwd: project.dir, env: { JWTKIT_CONFIG: 'nope.ts' } }));
    expect([error.code, error.message]).toEqual(['CONFIG_NOT_FOUND', 'No config file at nope.ts (from JWTKIT_CONFIG)']);
  });

  it('configPath may be a file: URL (as from new URL(..., import.meta.url)) or a file: URL string', async () => {
    const project = tempProject({ 'auth.json': jsonConfig('by url') });
    const url = pathToFileURL(project.path('auth.json'));
    expect((await loadConfig({ configPath: url })).realm).toBe('by url');
    expect((await loadConfig({ configPath: url.href })).filepath).toBe(project.path('auth.json'));
  });

  it('a URL that is not file: is a TypeError naming the protocol', async () => {
    await expect(findConfig({ configPath: new URL('https://example.com/jwtauth.config.json') })).rejects.toThrow(
      new TypeError('configPath must be a path or a file: URL, not a https: URL'),
    );
  });

  it('nothing found says how to name the file for a process started elsewhere', async () => {
    const project = tempProject();
    const error = await rejection(findConfig({ cwd: project.dir, env: {} }));
    expect(error.message).toBe(
      `No jwt-kit config in ${project.dir} or its parents up to the project root: run \`npx jwt-kit init\` to make one, ` +
        'or name the file with JWTKIT_CONFIG=path/to/jwtauth.config.ts (or the configPath option, or --config)',
    );
  });
});

describe('broken files', () => {
  it('a .ts syntax error is CONFIG_LOAD_FAILED naming the file (explicit path)', async () => {
    const project = tempProject({ 'jwtauth.config.ts': 'export default { secret: "x", \n' });
    const error = await rejection(findConfig({ cwd: project.dir, configPath: 'jwtauth.config.ts' }));
    expect(error.code).toBe('CONFIG_LOAD_FAILED');
    expect(error.exitCode).toBe(EXIT.config);
    expect(error.message).toMatch(/^jwtauth\.config\.ts could not be loaded: /);
    expect(error.cause).toBeDefined();
  });

  it('a .ts syntax error found by the search also names the file', async () => {
    const project = tempProject({ 'jwtauth.config.ts': 'export default { secret: "x", \n' });
    const error = await rejection(findConfig({ cwd: project.dir }));
    expect(error.code).toBe('CONFIG_LOAD_FAILED');
    expect(error.message).toMatch(/^jwtauth\.config\.ts could not be loaded: /);
  });

  it('broken JSON is CONFIG_LOAD_FAILED naming the file', async () => {
    const project = tempProject({ 'jwtauth.config.json': '{ "secret": ' });
    const error = await rejection(findConfig({ cwd: project.dir }));
    expect(error.code).toBe('CONFIG_LOAD_FAILED');
    expect(error.message).toMatch(/^jwtauth\.config\.json could not be loaded: /);
  });

  it('never quotes the broken file: an inline secret stays out of the message', async () => {
    const inline = 'TOPSECRET-0123456789-abcdefghijklmnop';
    for (const files of <Array<Record<string, string>>>[
      { 'jwtauth.config.json': `{"secret": "${inline}",\n}\n` },
      { 'jwtauth.config.ts': `export default { secret: "${inline}" +\n` },
      // V8 quotes the input around an unexpected token: `..."secret": TOPSECRET-0"... is not valid JSON`.
      { 'jwtauth.config.json': `{"secret": ${inline}}\n` },
    ]) {
      const project = tempProject(files);
      const error = await rejection(findConfig({ cwd: project.dir }));
      expect(error.code).toBe('CONFIG_LOAD_FAILED');
      expect(error.message).not.toContain('TOPSECRET');
      expect(error.message.split('\n')).toHaveLength(1);
    }
  });

  it('reads coloured code frames (CI=true, FORCE_COLOR) without quoting them', () => {
    const frame = '\u001b[0m\u001b[90m  1 |\u001b[39m {\u001b[32m"secret"\u001b[39m: \u001b[32m"TOPSECRET"\u001b[39m,\u001b[0m';
    const error = new Error(`JSON Error in /x/jwtauth.config.json:\n\n${frame}\n\u001b[0m\u001b[31m> 2 |\u001b[39m }\u001b[0m\n\nExpected double-quoted property name in JSON at position 9 while parsing '{"secret": "TOPSECRET",'`);
    expect(loadFailureReason(error)).toBe('Expected double-quoted property name in JSON at position 9');
  });

  it.each([
    ['jwtauth.config.json', 'null\n'],
    ['jwtauth.config.cjs', ''],
  ])('an empty config (%s) is CONFIG_INVALID saying so, not "no config found"', async (name, text) => {
    const project = tempProject({ [name]: text });
    const error = await rejection(findConfig({ cwd: project.dir }));
    expect([error.code, error.message]).toEqual([
      'CONFIG_INVALID',
      `${name}: the config is empty: it must export an object (export default defineConfig({ ... }))`,
    ]);
  });

  it('stops at a package.yaml as the search does: a config above it is out of reach, not "empty"', async () => {
    const outer = tempProject({ 'jwtauth.config.json': JSON.stringify({ secret: SECRET }) }, { packageJson: false });
    outer.write({ 'proj/package.yaml': 'name: proj\n' });
    const error = await rejection(findConfig({ cwd: outer.path('proj') }));
    expect(error.code).toBe('CONFIG_NOT_FOUND');
  });

  it('--config package.json without a jwtauth key says so', async () => {
    const project = tempProject({});
    const error = await rejection(findConfig({ cwd: project.dir, configPath: 'package.json' }));
    expect([error.code, error.message]).toEqual(['CONFIG_NOT_FOUND', 'No jwt-kit config in package.json: it has no "jwtauth" key']);
  });

  it('a broken package.json is CONFIG_LOAD_FAILED naming it, not a crash', async () => {
    const project = tempProject({}, { packageJson: false });
    project.write({ 'package.json': '{"jwtauth": {"secret": "TOPSECRET-in-package-json"},\n}\n' });
    const error = await rejection(findConfig({ cwd: project.dir }));
    expect(error.code).toBe('CONFIG_LOAD_FAILED');
    expect(error.message).toMatch(/^package\.json could not be loaded: /);
    expect(error.message).not.toContain('TOPSECRET');
  });

  it('a .ts handler file that throws while loading is CONFIG_LOAD_FAILED with its message', async () => {
    const project = tempProject({
      'jwtauth.config.ts': "import './boom';\nexport default {};\n",
      'boom.ts': "throw new Error('database is down');\n",
    });
    const error = await rejection(findConfig({ cwd: project.dir }));
    expect(error.code).toBe('CONFIG_LOAD_FAILED');
    // The place is the `throw` of boom.ts, line 1 (jiti keeps lines, not columns, of what it transpiles).
    expect(error.message).toBe('jwtauth.config.ts could not be loaded: boom.ts:1: database is down');
  });

  describe('the place of the mistake: file:line:column, relative to the config, and never the source text', () => {
    it('a syntax error in an imported handler file names that file (jiti counts columns from 0, editors from 1)', async () => {
      const project = tempProject({
        'jwtauth.config.ts': "import { authenticate } from './auth/handlers';\nexport default { secret: 'TOPSECRET-inline-0123456789abcdef', handlers: { authenticate } };\n",
        // Line 2: the missing comma sits before `password`, the 34th character.
        'auth/handlers.ts': "export function authenticate(username: string, password: string) {\n  return { id: 1, name: username password: 'TOPSECRET-in-handler' };\n}\n",
      });
      const error = await rejection(findConfig({ cwd: project.dir }));
      expect(error.code).toBe('CONFIG_LOAD_FAILED');
      expect(error.message).toMatch(/^jwtauth\.config\.ts could not be loaded: auth\/handlers\.ts:2:34: ParseError: Unexpected token, expected ","/);
      expect(error.message).not.toContain('TOPSECRET');
      expect(error.message.split('\n')).toHaveLength(1);
    });

    it('a syntax error in the .ts config itself', async () => {
      const project = tempProject({ 'jwtauth.config.ts': "export default {\n  secret: 'TOPSECRET-0123456789abcdef0123456789' +\n};\n" });
      const error = await rejection(findConfig({ cwd: project.dir }));
      expect(error.message).toMatch(/^jwtauth\.config\.ts could not be loaded: jwtauth\.config\.ts:3:1: ParseError: Unexpected token/);
      expect(error.message).not.toContain('TOPSECRET');
    });

    it('a TypeError while an imported file runs names the file and line of the failing expression', async () => {
      const project = tempProject({
        'jwtauth.config.ts': "import { pool } from './lib/db';\nexport default { secret: 'x', pool };\n",
        'lib/db.ts': 'const settings: any = undefined;\nexport const pool = settings.host;\n',
      });
      const error = await rejection(findConfig({ cwd: project.dir }));
      expect(error.message).toMatch(/^jwtauth\.config\.ts could not be loaded: lib\/db\.ts:2: TypeError: Cannot read properties of undefined \(reading 'host'\)$/);
    });

    it('a .cjs config with a syntax error: V8 gives the line, and its code frame is left out', () => {
      // Spawned: under jest, cosmiconfig's require goes through jest's module registry, whose SyntaxError differs.
      const project = tempProject({ 'jwtauth.config.cjs': 'module.exports = {\n  secret: "TOPSECRET-0123456789abcdef0123456789" +;\n};\n' });
      const script = [
        `const { findConfig } = require(${JSON.stringify(join(REPO_ROOT, 'dist', 'config', 'load.js'))});`,
        `findConfig({ cwd: ${JSON.stringify(project.dir)} }).catch((error) => console.log(error.message));`,
      ].join('\n');
      const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      expect(out).toBe("jwtauth.config.cjs could not be loaded: jwtauth.config.cjs:2: SyntaxError: Unexpected token ';'\n");
    });

    it('a JSON config: the position V8 gives, as line and column', async () => {
      // The trailing comma of line 2 leaves `}` where a property name is expected: line 2, column 15.
      const project = tempProject({ 'jwtauth.config.json': '{"secret": "TOPSECRET-0123456789-abcdefghijklmnop",\n"realm": "x",}\n' });
      const error = await rejection(findConfig({ cwd: project.dir }));
      expect(error.message).toMatch(/^jwtauth\.config\.json could not be loaded: jwtauth\.config\.json:2:14: /);
      expect(error.message).not.toContain('TOPSECRET');
    });
  });

  it('a config with problems names its file and lists every problem', async () => {
    const dir = join(REPO_ROOT, 'test', 'fixtures', 'configs', 'invalid-ts');
    const error = await rejection(loadConfig({ cwd: dir, env: { INVALID_TS_SECRET: SECRET } }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message.startsWith('jwtauth.config.ts: ')).toBe(true);
    expect([...error.details].sort()).toEqual(
      [
        '/expirationDelt is not a known option (did you mean /expirationDelta?)',
        '/algorithm must be one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512',
        '/expirationDelta must be >= 1',
        '/leeway must be whole seconds or a duration such as "30s", "5m", "12h", "7d"',
        '/cors/origins/0 must be an origin such as "https://app.example.com"',
      ].sort(),
    );
    expect(error.message).toBe(`jwtauth.config.ts: ${error.details.join('; ')}`);
  });
});

describe('ES module configs in-process', () => {
  // cosmiconfig loads .mjs (and .js in a "type": "module" package) with a dynamic import(), which jest's VM
  // refuses without --experimental-vm-modules; test/cli/config-check.test.ts covers them through the built bin.
  it('.mjs either loads or fails as CONFIG_LOAD_FAILED naming the file, never as something else', async () => {
    const project = tempProject({ 'jwtauth.config.mjs': `export default { secret: '${SECRET}', realm: 'mjs' };\n` });
    const outcome = await loadConfig({ cwd: project.dir }).then(
      (resolved) => resolved.realm,
      (error: unknown) => error,
    );
    if (typeof outcome === 'string') expect(outcome).toBe('mjs');
    else expect([(outcome as JwtKitError).code, (outcome as JwtKitError).message.split(':')[0]]).toEqual(['CONFIG_LOAD_FAILED', 'jwtauth.config.mjs could not be loaded']);
  });
});

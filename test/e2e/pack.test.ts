/**
 * The package as a user meets it: `npm pack` once, then for Koa 3 and for Koa 2 (a peer dependency: the app's
 * own Koa is the one jwt-kit uses) install the tarball with that Koa into a fresh project, `npx jwt-kit init`,
 * type-check the README's server, `npx jwt-kit serve`, log in as joe and reach /protected; then `init` again
 * refuses and changes nothing. Needs the npm registry (or its cache) for the dependencies: the slowest suite.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { removeTempDirs, snapshot, tempDir } from '../scaffold/tree';
import { demoLoginReachesProtected } from '../helpers/demo-flow';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

// The children get a clean environment: no npm_* variables of an outer `npm test` (which would point npm at
// this repo), no JWT_SECRET or PORT to mask what the scaffold wrote.
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && !['JWT_SECRET', 'PORT', 'NODE_OPTIONS'].includes(name)),
);
env.NO_COLOR = '1';

jest.setTimeout(180_000);

// Each supported Koa major with its matching types; @koa/router accepts both.
const KOA_VERSIONS: Array<[string, string[]]> = [
  ['Koa 3', ['koa@3', '@types/koa@3']],
  ['Koa 2', ['koa@2', '@types/koa@2']],
];

let tarball: string;
let server: ChildProcess | undefined;

/** dist/ built from the current src/ (without deleting it first: others may be using it). */
async function ensureBuilt(): Promise<void> {
  const stale = (dir: string): boolean =>
    readdirSync(join(ROOT, 'src', dir), { withFileTypes: true }).some((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return stale(path);
      if (!entry.name.endsWith('.ts')) return false;
      const built = join(ROOT, 'dist', path.replace(/\.ts$/, '.js'));
      return !existsSync(built) || statSync(built).mtimeMs < statSync(join(ROOT, 'src', path)).mtimeMs;
    });
  if (!stale('') && existsSync(join(ROOT, 'dist', 'index.mjs'))) return;
  await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
  await run(process.execPath, [join(ROOT, 'scripts', 'esm-entry.js')], { cwd: ROOT });
}

async function jwtKit(project: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(NPX, ['--no', 'jwt-kit', ...args], { cwd: project, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Stops the server and everything npx started for it: the process group, by its leader's id. */
async function stopServer(): Promise<void> {
  const child = server;
  server = undefined;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (process.platform === 'win32') child.kill(signal);
      else process.kill(-(child.pid as number), signal);
    } catch {
      // Already gone.
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

beforeAll(async () => {
  await ensureBuilt();
  const packDir = tempDir('jwt-kit-pack-');
  const { stdout } = await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], { cwd: ROOT, env });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!packed) throw new Error('npm pack reported nothing');
  const files = packed.files.map((file) => file.path);
  // The templates ship under their stored names; a literal .env or .gitignore would be dropped or leak.
  expect(files).toEqual(expect.arrayContaining(['templates/jwtauth.config.ts', 'templates/auth/handlers.ts', 'templates/_env', 'templates/_gitignore']));
  // The playground page of `jwt-kit serve` is read from playground/ beside dist/.
  expect(files).toEqual(expect.arrayContaining(['playground/index.html', 'playground/app.js', 'playground/app.css']));
  expect(files.filter((path) => /(^|\/)\.(env|gitignore)$/.test(path))).toEqual([]);
  tarball = join(packDir, packed.filename);
}, 120_000);

afterAll(async () => {
  await stopServer();
  removeTempDirs();
});

describe.each(KOA_VERSIONS)('the packed package in a fresh project with %s', (koaName, koaPackages) => {
  let project: string;

  beforeAll(async () => {
    project = tempDir('jwt-kit-app-');
    await run(NPM, ['init', '-y'], { cwd: project, env });
    await run(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...koaPackages, '@koa/router'], { cwd: project, env });
  }, 240_000);

  it('uses the project\'s own Koa: koa is a peer, with no second copy under jwt-kit', () => {
    const koa = JSON.parse(readFileSync(join(project, 'node_modules', 'koa', 'package.json'), 'utf8')) as { version: string };
    expect(`Koa ${koa.version.split('.')[0]}`).toBe(koaName);
    expect(existsSync(join(project, 'node_modules', 'jwt-kit', 'node_modules', 'koa'))).toBe(false);
  });

  it('npx jwt-kit init scaffolds the project', async () => {
    const result = await jwtKit(project, 'init');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('create    jwtauth.config.ts');
    // jwt-kit and koa are in package.json already: no install step suggested.
    expect(result.stdout).toContain('Next steps:\n  npx jwt-kit serve');
    for (const path of ['jwtauth.config.ts', 'auth/handlers.ts', '.env', '.gitignore']) expect(existsSync(join(project, path))).toBe(true);
  });

  it("the scaffolded config and the README's server type-check against the installed package", async () => {
    // The README's example: the user type of the handlers reaches ctx.state.user with no cast.
    writeFileSync(
      join(project, 'server.ts'),
      [
        "import Koa from 'koa';",
        "import Router from '@koa/router';",
        "import { loadKit } from 'jwt-kit';",
        "import type { User } from './auth/handlers.js';",
        'export async function main(): Promise<void> {',
        '  const kit = await loadKit<User>();',
        '  const app = new Koa();',
        '  const router = new Router();',
        "  router.get('/protected', kit.guard(), (ctx) => { const name: string = ctx.state.user.username; ctx.body = name; });",
        "  router.get('/feed', kit.optionalGuard(), (ctx) => { ctx.body = ctx.state.user ? 'yours' : 'everyone'; });",
        '  app.use(kit.middleware()).use(router.routes());',
        '}',
        '',
      ].join('\n'),
    );
    // This repo's TypeScript and @types/node; jwt-kit's types, and the Koa types they use, come from the project.
    // No --skipLibCheck: the package's own .d.ts files must compile with what it installs.
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--esModuleInterop', '--target', 'ES2022', '--module', 'commonjs', '--moduleResolution', 'node10'];
    args.push('--types', 'node', '--typeRoots', relative(project, join(ROOT, 'node_modules', '@types')), 'jwtauth.config.ts', 'server.ts');
    await expect(run(process.execPath, [tsc, ...args], { cwd: project, env })).resolves.toMatchObject({ stdout: '' });
  });

  it('npx jwt-kit serve logs joe in and lets him reach /protected', async () => {
    const child = spawn(NPX, ['--no', 'jwt-kit', 'serve', '--port', '0'], { cwd: project, env, detached: process.platform !== 'win32' });
    server = child;
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no URL within 60 s:\n${output}`)), 60_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1] as string);
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited with ${code}:\n${output}`));
      });
    });
    try {
      expect(output).toContain(`config ${join(project, 'jwtauth.config.ts')}`);
      await demoLoginReachesProtected(url);

      const anonymous = await fetch(`${url}/protected`);
      expect(anonymous.status).toBe(401);
    } finally {
      await stopServer();
    }
  });

  it('init again refuses, exits non-zero and changes nothing', async () => {
    const before = snapshot(project);
    const result = await jwtKit(project, 'init');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('3 files are in the way; nothing was written:');
    expect(result.stderr).toContain('jwtauth.config.ts: already exists');
    expect(snapshot(project)).toEqual(before);
  });
});

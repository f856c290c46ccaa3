/**
 * The README's quickstart as a new user runs it in a fresh clone: `npm install && npm start`. The clone is the
 * repository's files as they stand (tracked and new, what `git clone` of this work would hold), and its
 * node_modules a hard-linked copy of ours, so `npm install --offline` only links and builds. The server the
 * command starts answers /protected after a login as joe, and a SIGTERM to the npm process the user started
 * stops it and frees the port: npm's `sh -c` dies without passing the signal on, so serve watches npm itself.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { removeTempDirs, tempDir } from '../scaffold/tree';
import { demoLoginReachesProtected } from '../helpers/demo-flow';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// No npm_* variables of an outer `npm test` (they would point npm at this repository), no JWT_SECRET or PORT.
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && !['JWT_SECRET', 'PORT', 'NODE_OPTIONS', 'JWTKIT_CONFIG'].includes(name)),
);
env.NO_COLOR = '1';

let started: ChildProcess | undefined;

afterAll(() => {
  // Whatever of the group the test started is still there (a server left behind when the test failed), by the
  // leader's id: npm may be gone while the server it started lives on.
  if (started?.pid && process.platform !== 'win32') {
    try {
      process.kill(-started.pid, 'SIGKILL');
    } catch {
      // Nothing left.
    }
  }
  removeTempDirs();
});

/** A fresh clone of the work as it stands: every tracked or new (not ignored) file, and our node_modules hard-linked. */
function cloneRepository(): string {
  const clone = tempDir('jwt-kit-clone-');
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    try {
      copyFileSync(join(ROOT, file), join(clone, file));
    } catch (error) {
      // A file deleted in the work tree but not yet from the index is not in the clone either.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  execFileSync('cp', ['-al', join(ROOT, 'node_modules'), join(clone, 'node_modules')]);
  return clone;
}

/** Resolves once nothing listens on `port`: a server of ours can take it. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

it('`npm install && npm start` in a fresh clone serves the demo; SIGTERM to npm frees the port', async () => {
  const clone = cloneRepository();
  await run(NPM, ['install', '--offline', '--no-audit', '--no-fund'], { cwd: clone, env });

  const child = spawn(NPM, ['start', '--', '--port', '0'], { cwd: clone, env, detached: process.platform !== 'win32' });
  started = child;
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  // The clone's own build runs, not a copy from npx's cache.
  expect(output).toContain('> node bin/jwt-kit.js serve');

  await demoLoginReachesProtected(url);

  // What a process manager or `kill` does: the signal goes to npm alone, not to its group.
  process.kill(child.pid as number, 'SIGTERM');
  await exited;
  const port = Number(new URL(url).port);
  let free = await portIsFree(port);
  // The server notices npm is gone within a check or two; give it ten before calling it a leak.
  for (let i = 0; i < 20 && !free; i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    free = await portIsFree(port);
  }
  expect(free).toBe(true);
}, 240_000);

/**
 * `jwt-kit serve` and its playground, in-process: on in the demo with its URL first, off with a config unless
 * it says `playground: true`, and `--open` handing the URL to the system's opener (a stand-in xdg-open on PATH:
 * the test machine has no desktop) or printing a note where there is none.
 */
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { runCli } from '../../src/cli/run';
import { browserLauncher } from '../../src/cli/open-browser';
import { makeProject, removeProjects } from '../helpers/project';
import { ioDouble } from './io-double';

const SECRET = 'serve-playground-secret-0123456789-abcdefghijklmnop';
const URL_LINE = /^jwt-kit serve: listening on (http:\/\/127\.0\.0\.1:\d+)$/m;
const PLAYGROUND_LINE = /^jwt-kit serve: playground at (http:\/\/127\.0\.0\.1:\d+\/) \(open it in a browser\)$/;

afterAll(removeProjects);

async function serveInProcess(args: string[], env: Record<string, string | undefined>, cwd: string) {
  const controller = new AbortController();
  const io = ioDouble(cwd, env, controller.signal);
  const done = runCli(['serve', '--port', '0', ...args], io);
  const started = Date.now();
  while (!URL_LINE.test(io.out())) {
    const early = await Promise.race([done, new Promise((resolve) => setTimeout(() => resolve(undefined), 20))]);
    if (early !== undefined) throw new Error(`serve ended with ${String(early)}: ${io.err()}`);
    if (Date.now() - started > 10_000) throw new Error(`serve did not start: ${io.err()}`);
  }
  const stop = async () => {
    controller.abort();
    expect(await done).toBe(0);
  };
  return { io, url: URL_LINE.exec(io.out())![1]!, stop };
}

/** Waits until `read()` matches `pattern` (output written by a child process arrives when it exits). */
async function until(read: () => string, pattern: RegExp): Promise<void> {
  const started = Date.now();
  while (!pattern.test(read())) {
    if (Date.now() - started > 10_000) throw new Error(`never matched ${pattern}: ${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const jsonConfig = (config: object) =>
  makeProject({ 'jwtauth.config.json': JSON.stringify({ secretEnv: 'JWT_SECRET', ...config }) }, { prefix: 'jwt-kit-serve-playground-' });

describe('serve and the playground', () => {
  it('the demo serves it, and prints its URL first', async () => {
    const { io, url, stop } = await serveInProcess([], { JWT_SECRET: SECRET }, makeProject());
    expect(io.out().split('\n')[0]).toBe(`jwt-kit serve: playground at ${url}/ (open it in a browser)`);
    const page = await request(url).get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>jwt-kit playground</title>');
    expect((await request(url).get('/playground.json')).body.demoUser).toEqual({ username: 'joe', password: 'pass' });
    await stop();
  });

  it('a config without playground: true does not serve it, nor print its URL', async () => {
    const { io, url, stop } = await serveInProcess([], { JWT_SECRET: SECRET }, jsonConfig({}));
    expect(io.out()).not.toContain('playground');
    expect((await request(url).get('/')).status).toBe(404);
    expect((await request(url).get('/playground.json')).status).toBe(404);
    await stop();
  });

  it('playground: true in a config serves it, with the config\'s names', async () => {
    const { io, url, stop } = await serveInProcess([], { JWT_SECRET: SECRET }, jsonConfig({ playground: true, authPath: '/login', headerPrefix: 'JWT' }));
    expect(io.out().split('\n')[0]).toMatch(PLAYGROUND_LINE);
    const description = (await request(url).get('/playground.json')).body as { login: { path: string }; header: { prefix: string } };
    expect([description.login.path, description.header.prefix]).toEqual(['/login', 'JWT']);
    await stop();
  });

  it('--open serves it whatever the config says and hands its URL to xdg-open', async () => {
    const bin = makeProject({ 'xdg-open': '#!/bin/sh\nprintf "%s" "$1" > "$(dirname "$0")/opened.txt"\n' }, { packageJson: false });
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const env = { JWT_SECRET: SECRET, PATH: `${bin}:/usr/bin:/bin`, DISPLAY: ':0' };
    const { io, url, stop } = await serveInProcess(['--open'], env, jsonConfig({}));
    expect(io.out().split('\n')[0]).toBe(`jwt-kit serve: playground at ${url}/ (open it in a browser)`);
    await until(io.err, /opened the playground in your browser \(xdg-open\)/);
    expect(readFileSync(join(bin, 'opened.txt'), 'utf8')).toBe(`${url}/`);
    expect((await request(url).get('/')).status).toBe(200);
    await stop();
  });

  it('--open with no graphical session: a note, and the server runs on', async () => {
    const { io, url, stop } = await serveInProcess(['--open'], { JWT_SECRET: SECRET, PATH: '/usr/bin:/bin' }, makeProject());
    if (process.platform === 'linux') {
      await until(io.err, /--open: /);
      expect(io.err()).toContain(`jwt-kit serve: --open: no graphical session here (DISPLAY and WAYLAND_DISPLAY are unset); open ${url}/ yourself\n`);
    }
    expect((await request(url).get('/')).status).toBe(200);
    await stop();
  });

  it('--open with an opener that is not installed: a note, not a failure', async () => {
    const { io, stop } = await serveInProcess(['--open'], { JWT_SECRET: SECRET, PATH: makeProject(), DISPLAY: ':0' }, makeProject());
    if (process.platform === 'linux') {
      await until(io.err, /--open: /);
      expect(io.err()).toMatch(/^jwt-kit serve: --open: xdg-open is not installed; open http:\/\/127\.0\.0\.1:\d+\/ yourself$/m);
    }
    await stop();
  });
});

describe('browserLauncher', () => {
  const url = 'http://127.0.0.1:3000/';
  it('picks open on macOS, start on Windows, xdg-open elsewhere with a display', () => {
    expect(browserLauncher(url, 'darwin', {})).toEqual({ command: 'open', args: [url] });
    expect(browserLauncher(url, 'win32', {})).toEqual({ command: 'cmd', args: ['/d', '/s', '/c', `start "" "${url}"`], windowsVerbatimArguments: true });
    expect(browserLauncher(url, 'linux', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserLauncher(url, 'freebsd', { DISPLAY: ':0' })).toEqual({ command: 'xdg-open', args: [url] });
  });

  it('on Linux without DISPLAY or WAYLAND_DISPLAY: the reason, no command', () => {
    expect(browserLauncher(url, 'linux', {})).toEqual({ reason: 'no graphical session here (DISPLAY and WAYLAND_DISPLAY are unset)' });
  });
});

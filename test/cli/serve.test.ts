/**
 * `jwt-kit serve`: the built bin spawned in a temp folder (signals, ports, the environment, the output), and
 * in-process through runCli with an AbortSignal to stop it.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { runCli } from '../../src/cli/run';
import { makeProject, removeProjects } from '../helpers/project';
import { createSampleApp } from '../../src/koa/app';
import { createKit } from '../../src/koa/kit';
import { assertBuilt, ioDouble, killSpawned, REPO_ROOT, spawnCli, type Spawned } from './io-double';

const SECRET = 'serve-secret-0123456789-abcdefghijklmnopqrstuvwxyz'; // 50 bytes
const URL_LINE = /^jwt-kit serve: listening on (http:\/\/127\.0\.0\.1:(\d+))$/m;
const LOG_LINE = (method: string, path: string, status: number) =>
  new RegExp(`^${method} ${path.replace(/[/]/g, '\\/')} ${status} \\d+(\\.\\d+)?ms( [A-Z_]+)? id=[0-9a-f]{16}$`, 'm');

afterAll(removeProjects);
afterEach(killSpawned);

const folder = (files: Record<string, string> = {}): string => makeProject(files, { prefix: 'jwt-kit-serve-' });

/** A .cjs config whose secret is JWT_SECRET, with `hooks` (source lines) as its handlers, after `preamble`. */
const cjsConfig = (hooks: string[], preamble: string[] = []): string =>
  [...preamble, 'module.exports = {', "  secretEnv: 'JWT_SECRET',", '  handlers: {', ...hooks.map((line) => `    ${line}`), '  },', '};', ''].join('\n');

async function login(url: string, username = 'joe', password = 'pass'): Promise<string> {
  const res = await request(url).post('/auth').send({ username, password });
  expect(res.status).toBe(200);
  return (res.body as { token: string }).token;
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startBin(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ run: Spawned; url: string; port: number }> {
  const run = spawnCli(['serve', ...args], { cwd, env });
  const match = await run.waitFor(URL_LINE);
  return { run, url: match[1]!, port: Number(match[2]) };
}

describe('the built bin', () => {
  beforeAll(assertBuilt);

  it('with no config runs the demo: URL line, login joe / pass, /protected, /me, a log line per request', async () => {
    const cwd = folder();
    const { run, url } = await startBin(['--port', '0'], cwd);
    await run.waitFor(/curl -s .*\/me/);
    expect(run.out()).toContain(`curl -s -X POST ${url}/auth`);
    expect(run.err()).toContain('no config found, running the demo (user joe, password pass)');

    const token = await login(url);
    const protectedRes = await request(url).get('/protected').set('Authorization', `Bearer ${token}`);
    expect([protectedRes.status, protectedRes.text]).toEqual([200, 'Success!']);
    const me = await request(url).get('/me').set('Authorization', `Bearer ${token}`);
    expect(me.status).toBe(200);
    expect(me.text).toBe('{"id":1,"username":"joe"}');
    const denied = await request(url).get('/protected');
    expect(denied.status).toBe(401);
    const wrong = await request(url).post('/auth').send({ username: 'joe', password: 'wrong' });
    expect(wrong.status).toBe(401);

    await run.waitFor(LOG_LINE('POST', '/auth', 401));
    for (const line of [LOG_LINE('POST', '/auth', 200), LOG_LINE('GET', '/protected', 200), LOG_LINE('GET', '/me', 200), LOG_LINE('GET', '/protected', 401)]) {
      expect(run.out()).toMatch(line);
    }
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('warns about a random secret when JWT_SECRET is unset', async () => {
    const { run } = await startBin(['--port', '0'], folder());
    expect(run.err()).toContain('warning: JWT_SECRET is not set; using a random secret for this run only');
  });

  it('uses JWT_SECRET when set, without the warning and without printing it', async () => {
    const { run, url } = await startBin(['--port', '0'], folder(), { JWT_SECRET: SECRET });
    expect(run.err()).not.toContain('warning');
    const token = await login(url);
    expect((jwt.verify(token, SECRET, { algorithms: ['HS256'] }) as { user_id: number }).user_id).toBe(1);
    expect(run.out() + run.err()).not.toContain(SECRET);
  });

  it('a JWT_SECRET shorter than 32 bytes: exit 3, naming the variable, not the secret', async () => {
    const run = spawnCli(['serve', '--port', '0'], { cwd: folder(), env: { JWT_SECRET: 'short-secret' } });
    expect(await run.exited).toBe(3);
    expect(run.err()).toContain('JWT_SECRET');
    expect(run.err()).toContain('12 bytes, fewer than 32');
    expect(run.err()).not.toContain('short-secret');
    expect(run.out()).not.toMatch(URL_LINE);
  });

  it('honours the PORT environment variable', async () => {
    const port = await freePort();
    const { url } = await startBin([], folder(), { PORT: String(port) });
    expect(url).toBe(`http://127.0.0.1:${port}`);
  });

  it('--port wins over PORT', async () => {
    const port = await freePort();
    const { port: used } = await startBin(['--port', String(port)], folder(), { PORT: '1' });
    expect(used).toBe(port);
  });

  it('a PORT that is not a port: exit 2', async () => {
    const run = spawnCli(['serve'], { cwd: folder(), env: { PORT: 'eighty' } });
    expect(await run.exited).toBe(2);
    expect(run.err()).toContain('PORT=eighty is not a port number');
  });

  it('an IPv6 host it cannot listen on is named in brackets, one line, exit 4', async () => {
    // ::2 is no address of this machine, so the listen fails whether or not it has IPv6.
    const run = spawnCli(['serve', '--host', '::2', '--port', '4321'], { cwd: folder(), env: { JWT_SECRET: SECRET } });
    expect(await run.exited).toBe(4);
    const errorLines = run.err().split('\n').filter((line) => line.startsWith('jwt-kit: '));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/^jwt-kit: cannot listen on \[::2\]:4321: /);
  });

  it('a port in use: a one-line error, no stack trace, exit 4', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as AddressInfo;
      const run = spawnCli(['serve', '--port', String(port)], { cwd: folder(), env: { JWT_SECRET: SECRET } });
      expect(await run.exited).toBe(4);
      const errorLines = run.err().split('\n').filter((line) => line.startsWith('jwt-kit: '));
      expect(errorLines).toEqual([`jwt-kit: cannot listen on 127.0.0.1:${port}: port ${port} is already in use`]);
      expect(run.err()).not.toMatch(/^\s+at /m);
      expect(run.out()).not.toMatch(URL_LINE);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s: a clean exit 0 with "stopped", even with a keep-alive connection open', async (signal) => {
    const { run, url } = await startBin(['--port', '0'], folder(), { JWT_SECRET: SECRET });
    const res = await fetch(`${url}/protected`, { headers: { Connection: 'keep-alive' } });
    expect(res.status).toBe(401);
    run.child.kill(signal);
    expect(await run.exited).toBe(0);
    expect(run.err()).toMatch(/^jwt-kit serve: stopped$/m);
  });

  it('uses the config in the working directory, with the .env beside it providing JWT_SECRET', async () => {
    const cwd = folder({
      'jwtauth.config.ts': [
        "import { authenticate, identity } from './users';",
        "export default { secretEnv: 'JWT_SECRET', authPath: '/login', realm: 'Cwd Config', handlers: { authenticate, identity } };",
        '',
      ].join('\n'),
      'users.ts': [
        'interface Row { id: number; username: string; password: string; passwordHash: string; role: string }',
        "const rows: Row[] = [{ id: 9, username: 'zoe', password: 'pw9', passwordHash: 'h', role: 'admin' }];",
        'export const authenticate = (u: string, p: string): Row | null => rows.find((r) => r.username === u && r.password === p) ?? null;',
        'export const identity = (payload: { user_id?: unknown }): Row | null => rows.find((r) => r.id === payload.user_id) ?? null;',
        '',
      ].join('\n'),
      '.env': `JWT_SECRET=${SECRET}\n`,
      'src/.keep': '',
    });
    const { run, url } = await startBin(['--port', '0'], join(cwd, 'src'));
    await run.waitFor(/curl -s .*\/me/);
    expect(run.err()).toContain(`jwt-kit serve: config ${join(cwd, 'jwtauth.config.ts')}`);
    expect(run.err()).not.toContain('demo');
    expect(run.err()).not.toContain('warning');
    expect(run.out()).toContain(`curl -s -X POST ${url}/login`);

    expect((await request(url).post('/auth').send({ username: 'joe', password: 'pass' })).status).toBe(404);
    const res = await request(url).post('/login').send({ username: 'zoe', password: 'pw9' });
    expect(res.status).toBe(200);
    const token = (res.body as { token: string }).token;
    expect((jwt.verify(token, SECRET, { algorithms: ['HS256'] }) as { user_id: number }).user_id).toBe(9);
    const me = await request(url).get('/me').set('Authorization', `Bearer ${token}`);
    expect(me.body).toEqual({ id: 9, username: 'zoe', role: 'admin' });
    const none = await request(url).get('/protected');
    expect(none.headers['www-authenticate']).toBe('Bearer realm="Cwd Config"');
  });

  it('--config missing.ts: exit 3', async () => {
    const run = spawnCli(['serve', '--port', '0', '--config', 'missing.ts'], { cwd: folder(), env: { JWT_SECRET: SECRET } });
    expect(await run.exited).toBe(3);
    expect(run.err()).toBe('jwt-kit: No config file at missing.ts\n');
  });

  it('a .json config, which holds no hooks, runs with the demo user', async () => {
    const cwd = folder({ 'jwtauth.config.json': JSON.stringify({ secretEnv: 'JWT_SECRET', realm: 'Json Realm' }) });
    const { run, url } = await startBin(['--port', '0'], cwd, { JWT_SECRET: SECRET });
    expect(run.err()).toContain('the config holds no hooks; serving the demo user (joe, password pass)');
    const token = await login(url);
    expect((await request(url).get('/protected').set('Authorization', `Bearer ${token}`)).text).toBe('Success!');
    expect((await request(url).get('/protected')).headers['www-authenticate']).toBe('Bearer realm="Json Realm"');
  });

  it('a config it cannot read is exit 3, never the demo with its known password', async () => {
    const cwd = folder();
    mkdirSync(join(cwd, 'jwtauth.config.json')); // unreadable as a file (EISDIR), like a file without read permission
    const run = spawnCli(['serve', '--port', '0'], { cwd, env: { JWT_SECRET: SECRET } });
    expect(await run.exited).toBe(3);
    expect(run.err()).toBe('jwt-kit: jwtauth.config.json could not be loaded: it is not a file\n');
    expect(run.out()).not.toMatch(URL_LINE);
  });

  it('a .env it cannot read is exit 3 naming it, not an unexpected error', async () => {
    const cwd = folder({ 'jwtauth.config.json': JSON.stringify({ secretEnv: 'JWT_SECRET' }) });
    mkdirSync(join(cwd, '.env'));
    const run = spawnCli(['serve', '--port', '0'], { cwd, env: { JWT_SECRET: SECRET } });
    expect(await run.exited).toBe(3);
    expect(run.err()).toBe('jwt-kit: .env beside the config could not be read: EISDIR\n');
  });

  it('an invalid config: exit 3 with every problem', async () => {
    const cwd = folder({ 'jwtauth.config.json': JSON.stringify({ secret: SECRET, expirationDelt: 1, leeway: '5x' }) });
    const run = spawnCli(['serve', '--port', '0'], { cwd });
    expect(await run.exited).toBe(3);
    expect(run.err().split('\n')[0]).toBe('jwt-kit: jwtauth.config.json: 2 problems');
    expect(run.err()).toContain('/expirationDelt is not a known option');
    expect(run.err()).toContain('/leeway must be whole seconds');
    expect(run.out()).not.toMatch(URL_LINE);
  });
});

describe('in-process, stopped through io.signal', () => {
  async function serveInProcess(args: string[], env: Record<string, string | undefined>, cwd = folder()) {
    const controller = new AbortController();
    const io = ioDouble(cwd, env, controller.signal);
    const done = runCli(['serve', ...args], io);
    const started = Date.now();
    while (!URL_LINE.test(io.out())) {
      const early = await Promise.race([done, new Promise((resolve) => setTimeout(() => resolve(undefined), 20))]);
      if (early !== undefined) throw new Error(`serve ended with ${String(early)}: ${io.err()}`);
      if (Date.now() - started > 10_000) throw new Error(`serve did not start: ${io.err()}`);
    }
    const url = URL_LINE.exec(io.out())![1]!;
    return { io, url, done, stop: () => controller.abort() };
  }

  it('serves the demo and stops with exit 0', async () => {
    const { io, url, done, stop } = await serveInProcess(['--port', '0'], { JWT_SECRET: SECRET });
    const token = await login(url);
    expect((await request(url).get('/protected').set('Authorization', `Bearer ${token}`)).text).toBe('Success!');
    expect((await request(url).get('/me').set('Authorization', `bearer ${token}`)).body).toEqual({ id: 1, username: 'joe' });
    stop();
    expect(await done).toBe(0);
    expect(io.err()).toMatch(/jwt-kit serve: stopped\n$/);
    expect(io.out()).toMatch(LOG_LINE('GET', '/me', 200));
    // The server is gone.
    await expect(fetch(`${url}/protected`)).rejects.toThrow();
  });

  it('a stop lets a request in flight finish before the server goes', async () => {
    const cwd = folder({
      'jwtauth.config.cjs': cjsConfig([
        'authenticate: async (u, p) => {',
        '  await new Promise((resolve) => setTimeout(resolve, 400));',
        "  return u === 'joe' && p === 'pass' ? { id: 1 } : null;",
        '},',
        'identity: (payload) => ({ id: payload.user_id }),',
      ]),
    });
    const { io, url, done, stop } = await serveInProcess(['--port', '0'], { JWT_SECRET: SECRET }, cwd);
    const slowLogin = request(url).post('/auth').send({ username: 'joe', password: 'pass' }).then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 100));
    stop();
    const res = await slowLogin;
    expect(res.status).toBe(200);
    expect(typeof res.body.token).toBe('string');
    expect(await done).toBe(0);
    expect(io.err()).toContain('jwt-kit serve: stopping: finishing requests in flight');
    await expect(fetch(`${url}/protected`)).rejects.toThrow();
  });

  it('a hook that throws: the client gets a bare 500, the operator the request, the hook and the stack', async () => {
    const cwd = folder({
      'jwtauth.config.cjs': cjsConfig(["authenticate: () => ({ id: 1 }),", "identity: () => { throw new Error('identity exploded'); },"]),
    });
    const { io, url, done, stop } = await serveInProcess(['--port', '0'], { JWT_SECRET: SECRET }, cwd);
    const token = await login(url);
    const res = await request(url).get('/protected').set('Authorization', `Bearer ${token}`);
    stop();
    expect(await done).toBe(0);
    expect([res.status, res.body]).toEqual([
      500,
      { status_code: 500, error: 'Internal Server Error', description: 'A handler failed', code: 'HANDLER_FAILED' },
    ]);
    const id = res.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(io.err()).toContain(`jwt-kit serve: error in GET /protected id=${id}: HANDLER_FAILED The identity hook threw: Error: identity exploded\n      at `);
    expect(io.out()).toMatch(new RegExp(`^GET /protected 500 [\\d.]+ms HANDLER_FAILED id=${id}$`, 'm'));
  });

  it('logs failures with their code and request id, and never the token, the password or the secret', async () => {
    const PASSWORD = 'Tr0ub4dor-and-3-PW';
    const GUESS = 'wrong-GUESS-71';
    const cwd = folder({
      'jwtauth.config.cjs': cjsConfig([
        `authenticate: (u, p) => (u === 'joe' && p === '${PASSWORD}' ? { id: 1, username: 'joe' } : null),`,
        'identity: (payload) => (payload.user_id === 1 ? { id: 1, username: \'joe\' } : null),',
      ]),
    });
    const { io, url, done, stop } = await serveInProcess(['--port', '0'], { JWT_SECRET: SECRET }, cwd);
    const token = await login(url, 'joe', PASSWORD);
    const forged = jwt.sign({ user_id: 1 }, 'an-attacker-secret-0123456789-abcdefghij');
    const responses = [
      await request(url).post('/auth').send({ username: 'joe', password: GUESS }),
      await request(url).get('/protected').set('Authorization', `Bearer ${token}`),
      await request(url).get('/protected').set('Authorization', `Bearer ${forged}`),
      await request(url).get(`/protected?access_token=${token}`),
      await request(url).get('/me').set('Authorization', `Bearer ${token}`),
    ];
    stop();
    expect(await done).toBe(0);
    const output = io.out() + io.err();
    for (const secret of [PASSWORD, GUESS, token, forged, SECRET, token.split('.')[2]!, forged.split('.')[2]!]) {
      expect(output).not.toContain(secret);
    }
    const [wrong, ok, bad, query] = responses.map((res) => res.headers['x-request-id'] as string);
    expect(io.out()).toMatch(new RegExp(`^POST /auth 401 [\\d.]+ms INVALID_CREDENTIALS id=${wrong}$`, 'm'));
    expect(io.out()).toMatch(new RegExp(`^GET /protected 200 [\\d.]+ms id=${ok}$`, 'm'));
    expect(io.out()).toMatch(new RegExp(`^GET /protected 401 [\\d.]+ms TOKEN_BAD_SIGNATURE id=${bad}$`, 'm'));
    expect(io.out()).toMatch(new RegExp(`^GET /protected 401 [\\d.]+ms TOKEN_MISSING id=${query}$`, 'm'));
  });

  it('prints the risk warnings of config check at start-up; verify: false is a DANGER outside development', async () => {
    const risky = () => folder({ 'jwtauth.config.cjs': cjsConfig(["authenticate: () => null,", 'identity: () => null,']).replace("  secretEnv: 'JWT_SECRET',", "  secretEnv: 'JWT_SECRET',\n  verify: false,\n  leeway: 120,") });
    const production = await serveInProcess(['--port', '0'], { JWT_SECRET: SECRET }, risky());
    production.stop();
    expect(await production.done).toBe(0);
    expect(production.io.err()).toContain(
      'jwt-kit serve: warning: DANGER: /verify is false: tokens are accepted without checking their signature, so anyone can forge a token for any user; NODE_ENV is unset, not "development" or "test": never run this in production\n',
    );
    expect(production.io.err()).toContain('jwt-kit serve: warning: /leeway is 2m: expired tokens are accepted that much longer\n');
    const development = await serveInProcess(['--port', '0'], { JWT_SECRET: SECRET, NODE_ENV: 'development' }, risky());
    development.stop();
    expect(await development.done).toBe(0);
    expect(development.io.err()).toContain('jwt-kit serve: warning: /verify is false: tokens are accepted without checking their signature\n');
    expect(development.io.err()).not.toContain('DANGER');
  });

  it('PORT from the io env', async () => {
    const port = await freePort();
    const { url, done, stop } = await serveInProcess([], { JWT_SECRET: SECRET, PORT: String(port) });
    expect(url).toBe(`http://127.0.0.1:${port}`);
    stop();
    expect(await done).toBe(0);
  });

  it('a random secret and its warning when JWT_SECRET is unset; an empty one counts as unset', async () => {
    const { io, done, stop } = await serveInProcess(['--port', '0'], { JWT_SECRET: '' });
    expect(io.err()).toContain('warning: JWT_SECRET is not set');
    stop();
    expect(await done).toBe(0);
  });

  it('a signal aborted before listening stops it at once', async () => {
    const controller = new AbortController();
    controller.abort();
    const io = ioDouble(folder(), { JWT_SECRET: SECRET }, controller.signal);
    expect(await runCli(['serve', '--port', '0'], io)).toBe(0);
    expect(io.err()).toContain('stopped');
  });

  it('an unknown option: exit 2', async () => {
    const io = ioDouble(folder(), {});
    expect(await runCli(['serve', '--prot', '80'], io)).toBe(2);
    expect(io.err()).toContain("unknown option '--prot'");
  });

  it('--port out of range: exit 2', async () => {
    const io = ioDouble(folder(), {});
    expect(await runCli(['serve', '--port', '70000'], io)).toBe(2);
  });

  it('a config in the working directory with its .env; /me never shows a password', async () => {
    const cwd = folder({
      'jwtauth.config.cjs': cjsConfig(
        [
          'authenticate: (u, p) => rows.find((r) => r.username === u && r.password === p) ?? null,',
          'identity: (payload) => rows.find((r) => r.id === payload.user_id) ?? null,',
        ],
        ["const rows = [{ id: 4, username: 'kim', password: 'pw', salt: 's', nickname: 'K' }];"],
      ),
      '.env': `JWT_SECRET=${SECRET}\n`,
    });
    const { io, url, done, stop } = await serveInProcess(['--port', '0'], {}, cwd);
    // The .env is read for the config, not written into the environment.
    expect(io.env.JWT_SECRET).toBeUndefined();
    const token = await login(url, 'kim', 'pw');
    const me = await request(url).get('/me').set('Authorization', `Bearer ${token}`);
    expect(me.body).toEqual({ id: 4, username: 'kim', nickname: 'K' });
    stop();
    expect(await done).toBe(0);
  });
});

describe('the sample app (src/koa/app.ts)', () => {
  it('logs the status that was really sent when a later middleware throws', async () => {
    const lines: string[] = [];
    const kit = createKit({
      secret: SECRET,
      handlers: { authenticate: () => null, identity: () => null },
    });
    const app = createSampleApp(kit, { log: (line) => lines.push(line) });
    app.use(() => {
      throw new Error('boom');
    });
    const res = await request(app.callback()).get('/boom');
    expect(res.status).toBe(500);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^GET \/boom 500 \d+(\.\d+)?ms id=[0-9a-f]{16}$/);
  });

  it('logs 404 for an unknown path and 405 for a wrong method on the login route', async () => {
    const lines: string[] = [];
    const kit = createKit({ secret: SECRET, handlers: { authenticate: () => null, identity: () => null } });
    const app = createSampleApp(kit, { log: (line) => lines.push(line) });
    expect((await request(app.callback()).get('/nope')).status).toBe(404);
    expect((await request(app.callback()).get('/auth')).status).toBe(405);
    expect(lines.map((l) => l.replace(/ [\d.]+ms id=[0-9a-f]{16}$/, ''))).toEqual(['GET /nope 404', 'GET /auth 405']);
  });

  it('logs each failure with its code and the request id the client got in X-Request-Id', async () => {
    const lines: string[] = [];
    const kit = createKit({ secret: SECRET, handlers: { authenticate: () => null, identity: () => null } });
    const http = request(createSampleApp(kit, { log: (line) => lines.push(line) }).callback());
    const denied = await http.get('/protected').set('Authorization', 'Bearer not-a-jwt');
    const wrong = await http.post('/auth').send({ username: 'joe', password: 'nope' });
    const ids = [denied, wrong].map((res) => res.headers['x-request-id'] as string);
    expect(ids[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect(lines.map((l) => l.replace(/ [\d.]+ms /, ' '))).toEqual([
      `GET /protected 401 TOKEN_MALFORMED id=${ids[0]}`,
      `POST /auth 401 INVALID_CREDENTIALS id=${ids[1]}`,
    ]);
  });

  it('makes its own request id, never echoing the client\'s', async () => {
    const kit = createKit({ secret: SECRET, handlers: { authenticate: () => null, identity: () => null } });
    const res = await request(createSampleApp(kit).callback()).get('/protected').set('X-Request-Id', 'eyJhbGciOi.client.chosen');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{16}$/);
  });
});

void REPO_ROOT;

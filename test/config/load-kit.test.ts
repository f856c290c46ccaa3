/**
 * `loadKit()` end to end: a .ts config (with .ts handlers) in a temp project -> a kit -> a Koa app -> login,
 * a guarded route, the current user.
 */
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import jwt from 'jsonwebtoken';
import { loadKit, JwtKitError, type AuthState } from '../../src/index';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT, SECRET, removeTempProjects, tempProject, tsConfigProject } from './temp-project';

afterAll(removeTempProjects);

interface Person {
  id: number;
  username: string;
}

async function appFromProject(extra = '', now?: () => number) {
  const project = tsConfigProject(extra);
  // Risk warnings (a 2h lifetime in one test) are collected, not printed: their own tests are below.
  const kit = await loadKit<Person>({ cwd: project.path(), env: { TEMP_PROJECT_SECRET: SECRET }, now, onWarning: () => undefined });
  const app = new Koa();
  app.use(kit.middleware());
  const router = new Router<AuthState<Person>>();
  router.get('/protected', kit.guard(), (ctx) => {
    ctx.body = `Hello ${ctx.state.user.username} (${ctx.state.user.id})`;
  });
  app.use(router.routes());
  return { app, kit, project };
}

describe('loadKit with a .ts config', () => {
  it('logs in with the .ts handlers and reaches a guarded route with the token', async () => {
    const { app } = await appFromProject();
    const server = app.callback();
    const login = await request(server).post('/auth').send({ username: 'ann', password: 'secret-pw' });
    expect(login.status).toBe(200);
    expect(Object.keys(login.body as object)).toEqual(['token']);
    const token = (login.body as { token: string }).token;
    const payload = jwt.verify(token, SECRET, { algorithms: ['HS256'] }) as Record<string, number>;
    expect(payload.user_id).toBe(3);
    expect(payload.exp! - payload.iat!).toBe(300);

    const ok = await request(server).get('/protected').set('Authorization', `Bearer ${token}`);
    expect([ok.status, ok.text]).toEqual([200, 'Hello ann (3)']);
  });

  it('wrong credentials get Bad Request / Invalid credentials', async () => {
    const { app } = await appFromProject();
    const res = await request(app.callback()).post('/auth').send({ username: 'ann', password: 'nope' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ status_code: 401, error: 'Bad Request', description: 'Invalid credentials', code: 'INVALID_CREDENTIALS' });
  });

  it('no token gets Authorization Required with the configured realm', async () => {
    const { app } = await appFromProject("  realm: 'Temp Realm',");
    const res = await request(app.callback()).get('/protected');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="Temp Realm"');
    expect((res.body as { error: string }).error).toBe('Authorization Required');
  });

  it('options of the file take effect: login path, field names, lifetime', async () => {
    const { app } = await appFromProject("  authPath: '/login', usernameField: 'email', expirationDelta: '2h',", () => 1_700_000_000);
    const server = app.callback();
    expect((await request(server).post('/auth').send({ username: 'ann', password: 'secret-pw' })).status).toBe(404);
    const login = await request(server).post('/login').send({ email: 'ann', password: 'secret-pw' });
    expect(login.status).toBe(200);
    const payload = jwt.decode((login.body as { token: string }).token) as Record<string, number>;
    expect([payload.iat, payload.exp]).toEqual([1_700_000_000, 1_700_007_200]);
  });

  it('a missing secret variable stops loadKit with CONFIG_INVALID naming the file', async () => {
    const project = tsConfigProject();
    const error = await loadKit({ cwd: project.dir, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JwtKitError);
    expect((error as JwtKitError).message).toBe(
      'jwtauth.config.ts: /secretEnv names the environment variable TEMP_PROJECT_SECRET, which is not set',
    );
  });

  it('a config without an identity handler is refused at start-up, naming the file', async () => {
    const project = tsConfigProject();
    project.write({ 'jwtauth.config.ts': `export default { secret: '${SECRET}' };\n` });
    const error = await loadKit({ cwd: project.dir }).catch((e: unknown) => e);
    expect((error as JwtKitError).code).toBe('CONFIG_INVALID');
    expect((error as JwtKitError).details).toEqual([
      '/handlers/identity is required: (payload) -> user or null',
      '/handlers/authenticate is required while the login route is on (set /authPath to null to turn it off)',
    ]);
    expect((error as JwtKitError).message.startsWith('jwtauth.config.ts: ')).toBe(true);
  });
  it('reads the secret from the .env beside the config, without touching process.env', async () => {
    const project = tsConfigProject();
    project.write({ '.env': `TEMP_PROJECT_SECRET=${SECRET}\n` });
    const kit = await loadKit<Person>({ cwd: project.dir, env: {} });
    const token = kit.tokens.issue({ user_id: 3 });
    expect(jwt.verify(token, SECRET, { algorithms: ['HS256'] })).toMatchObject({ user_id: 3 });
    expect(process.env.TEMP_PROJECT_SECRET).toBeUndefined();
  });

  it('lets the real environment win over .env, and envFile: false ignore it', async () => {
    const project = tsConfigProject();
    project.write({ '.env': 'TEMP_PROJECT_SECRET=a-different-secret-from-the-dotenv-file-0123\n' });
    const kit = await loadKit<Person>({ cwd: project.dir, env: { TEMP_PROJECT_SECRET: SECRET } });
    expect(jwt.verify(kit.tokens.issue({ user_id: 3 }), SECRET, { algorithms: ['HS256'] })).toMatchObject({ user_id: 3 });
    const error = await loadKit({ cwd: project.dir, env: {}, envFile: false }).catch((e: unknown) => e);
    expect((error as JwtKitError).code).toBe('CONFIG_INVALID');
    // An empty variable counts as unset: the file's value is used.
    const withEmpty = await loadKit<Person>({ cwd: project.dir, env: { TEMP_PROJECT_SECRET: '' } });
    expect(jwt.verify(withEmpty.tokens.issue({ user_id: 3 }), 'a-different-secret-from-the-dotenv-file-0123', { algorithms: ['HS256'] })).toMatchObject({
      user_id: 3,
    });
  });
  it('gives a .json config its hooks from code: loadKit({ handlers })', async () => {
    const project = tempProject({ 'jwtauth.config.json': JSON.stringify({ secretEnv: 'TEMP_PROJECT_SECRET', realm: 'From JSON' }) });
    const people = [{ id: 5, username: 'bo' }];
    const kit = await loadKit<Person>({
      cwd: project.dir,
      env: { TEMP_PROJECT_SECRET: SECRET },
      handlers: {
        authenticate: (username, password) => (username === 'bo' && password === 'pw' ? people[0] ?? null : null),
        identity: (payload) => people.find((p) => p.id === payload.user_id) ?? null,
      },
    });
    expect(kit.config.realm).toBe('From JSON');
    const app = new Koa();
    app.use(kit.middleware());
    const login = await request(app.callback()).post('/auth').send({ username: 'bo', password: 'pw' });
    expect(login.status).toBe(200);
    const missing = await loadKit({ cwd: project.dir, env: { TEMP_PROJECT_SECRET: SECRET } }).catch((e: unknown) => e);
    expect((missing as JwtKitError).details).toEqual([
      '/handlers/identity is required: (payload) -> user or null',
      '/handlers/authenticate is required while the login route is on (set /authPath to null to turn it off)',
    ]);
  });
});

describe('loadKit warns about risky settings at start-up, as `config check` does', () => {
  const load = (extra: string, env: Record<string, string> = {}, onWarning?: (message: string) => void) =>
    loadKit<Person>({ cwd: tsConfigProject(extra).path(), env: { TEMP_PROJECT_SECRET: SECRET, ...env }, onWarning });

  it('verify: false outside NODE_ENV development or test is a DANGER warning', async () => {
    const seen: string[] = [];
    await load('  verify: false,', {}, (message) => seen.push(message));
    expect(seen).toEqual([
      'DANGER: /verify is false: tokens are accepted without checking their signature, so anyone can forge a token for any user; ' +
        'NODE_ENV is unset, not "development" or "test": never run this in production',
    ]);
    const production: string[] = [];
    await load('  verify: false,', { NODE_ENV: 'production' }, (message) => production.push(message));
    expect(production[0]).toMatch(/^DANGER: .*NODE_ENV is "production", not "development" or "test"/);
  });

  it('verify: false in an explicit development mode is the plain warning of config check', async () => {
    const seen: string[] = [];
    await load('  verify: false,', { NODE_ENV: 'development' }, (message) => seen.push(message));
    expect(seen).toEqual(['/verify is false: tokens are accepted without checking their signature']);
  });

  it('names each risk, never the secret', async () => {
    const seen: string[] = [];
    await load("  expirationDelta: '2h',\n  leeway: 120,", {}, (message) => seen.push(message));
    expect(seen).toEqual([
      '/expirationDelta is 2h: a stolen token stays usable that long; access tokens usually live minutes',
      '/leeway is 2m: expired tokens are accepted that much longer',
    ]);
    expect(seen.join('\n')).not.toContain(SECRET);
  });

  it('a config without risks warns about nothing', async () => {
    const seen: string[] = [];
    await load('', {}, (message) => seen.push(message));
    expect(seen).toEqual([]);
  });

  it('by default prints a process warning of type JwtKitRiskWarning, code JWTKIT_RISK (a real Node process)', () => {
    // Jest's sandboxed `process` does not see the real process's warning events: run the built package instead.
    const project = tsConfigProject('  verifyExpiration: false,');
    const script = `require(${JSON.stringify(join(REPO_ROOT, 'dist', 'index.js'))}).loadKit({ cwd: process.argv[1] }).then(() => console.log('built'))`;
    const run = spawnSync(process.execPath, ['-e', script, project.path()], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', TEMP_PROJECT_SECRET: SECRET },
    });
    expect(run.stdout).toBe('built\n');
    expect(run.stderr).toMatch(/^\(node:\d+\) \[JWTKIT_RISK\] JwtKitRiskWarning: \/verifyExpiration is false: tokens never expire$/m);
  });
});

describe('loadKit in a process started from another folder (systemd, PM2)', () => {
  it('JWTKIT_CONFIG names the config; its handlers and .env-free secretEnv work as from the project', async () => {
    const project = tsConfigProject();
    const elsewhere = tempProject();
    const kit = await loadKit<Person>({ cwd: elsewhere.dir, env: { JWTKIT_CONFIG: project.path('jwtauth.config.ts'), TEMP_PROJECT_SECRET: SECRET } });
    expect(kit.config.filepath).toBe(project.path('jwtauth.config.ts'));
    const app = new Koa().use(kit.middleware());
    const login = await request(app.callback()).post('/auth').send({ username: 'ann', password: 'secret-pw' });
    expect(login.status).toBe(200);
  });

  it('without it, the error says how to name the file', async () => {
    const elsewhere = tempProject();
    await expect(loadKit({ cwd: elsewhere.dir, env: {} })).rejects.toThrow(/JWTKIT_CONFIG=path\/to\/jwtauth\.config\.ts \(or the configPath option/);
  });
});

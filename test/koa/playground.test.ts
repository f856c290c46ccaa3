/**
 * The playground's serving module (src/koa/playground.ts) over HTTP: the three files and /playground.json with
 * their security headers, the description in the config's own terms, and never a secret; and the library
 * itself (createKit, kit.middleware) never serving any of it. The page's behaviour is test/e2e/playground.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Koa from 'koa';
import request from 'supertest';
import { createKit } from '../../src/koa/kit';
import { createSampleApp } from '../../src/koa/app';
import { PLAYGROUND_CSP, PLAYGROUND_DIR } from '../../src/koa/playground';
import { baseConfig, SECRET } from '../helpers/app';

const PAGE_PATHS = ['/', '/playground/app.js', '/playground/app.css', '/playground.json'];

describe('the playground of the sample app', () => {
  const kit = createKit(baseConfig({ refresh: { enabled: true }, logout: { enabled: true } }));
  const http = request(createSampleApp(kit, { playground: { demoUser: { username: 'joe', password: 'pass' } } }).callback());

  it.each([
    ['/', 'text/html; charset=utf-8', 'index.html'],
    ['/playground/app.js', 'text/javascript; charset=utf-8', 'app.js'],
    ['/playground/app.css', 'text/css; charset=utf-8', 'app.css'],
  ])('serves %s as %s, the file playground/%s, with a strict CSP', async (path, type, file) => {
    const res = await http.get(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.text).toBe(readFileSync(join(PLAYGROUND_DIR, file), 'utf8'));
    expect(res.headers['content-security-policy']).toBe(PLAYGROUND_CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('the CSP allows this origin\'s script and style only: no inline code, no other origin, no framing', () => {
    const directives = Object.fromEntries(PLAYGROUND_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toMatchObject({ 'default-src': "'none'", 'script-src': "'self'", 'style-src': "'self'", 'connect-src': "'self'", 'frame-ancestors': "'none'" });
    expect(PLAYGROUND_CSP).not.toMatch(/unsafe|https?:|\*/);
  });

  it('the page loads its script and style from /playground/ and nothing from elsewhere', () => {
    const html = readFileSync(join(PLAYGROUND_DIR, 'index.html'), 'utf8');
    expect([...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag)).toEqual(['<script src="/playground/app.js" defer>']);
    expect([...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)].map(([tag]) => tag)).toEqual(['<link rel="stylesheet" href="/playground/app.css">']);
    expect(html).not.toMatch(/\sstyle=|https?:\/\//);
  });

  it('/playground.json describes the defaults: paths, field names, header, refresh and logout', async () => {
    const res = await http.get('/playground.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBe(PLAYGROUND_CSP);
    expect(res.body).toEqual({
      login: { path: '/auth', usernameField: 'username', passwordField: 'password' },
      demoUser: { username: 'joe', password: 'pass' },
      transport: 'header',
      header: { name: 'Authorization', prefix: 'Bearer' },
      cookie: null,
      queryParameter: 'access_token',
      refresh: { path: '/auth/refresh', field: 'refresh_token', expirationDelta: 1_209_600 },
      logout: { path: '/auth/logout' },
      routes: [
        { method: 'GET', path: '/protected' },
        { method: 'GET', path: '/me' },
      ],
      algorithm: 'HS256',
      expirationDelta: 300,
      leeway: 0,
    });
  });

  it('/playground.json follows a custom config: names, header, cookie mode, routes off; no demo user unless given', async () => {
    const custom = createKit(
      baseConfig({
        authPath: '/api/login',
        usernameField: 'email',
        passwordField: 'pw',
        headerName: 'X-Auth-Token',
        headerPrefix: 'JWT',
        tokenLocations: ['header', 'cookie'],
        cookie: { name: 'sid', csrfCookieName: 'xsrf', csrfHeaderName: 'X-XSRF-Token' },
        expirationDelta: '2m',
      }),
    );
    const res = await request(createSampleApp(custom, { playground: {} }).callback()).get('/playground.json');
    expect(res.body).toMatchObject({
      login: { path: '/api/login', usernameField: 'email', passwordField: 'pw' },
      demoUser: null,
      transport: 'cookie',
      header: { name: 'X-Auth-Token', prefix: 'JWT' },
      cookie: { name: 'sid', csrf: true, csrfCookieName: 'xsrf', csrfHeaderName: 'X-XSRF-Token' },
      refresh: null,
      logout: null,
      expirationDelta: 120,
    });
    const noLogin = createKit(baseConfig({ authPath: null }));
    expect((await request(createSampleApp(noLogin, { playground: {} }).callback()).get('/playground.json')).body.login).toBeNull();
  });

  it('never holds a key or a secret', async () => {
    for (const path of PAGE_PATHS) {
      const res = await http.get(path);
      expect([path, res.text.includes(SECRET)]).toEqual([path, false]);
    }
    expect(Object.keys((await http.get('/playground.json')).body as object).join(' ')).not.toMatch(/key|secret/i);
  });

  it('answers GET and HEAD only: a POST to / passes on to the app (404)', async () => {
    expect((await http.head('/')).status).toBe(200);
    expect((await http.post('/').send({})).status).toBe(404);
    expect((await http.get('/playground/other.js')).status).toBe(404);
  });

  it('leaves the kit\'s routes and guard alone', async () => {
    const login = await http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(login.status).toBe(200);
    const res = await http.get('/protected').set('Authorization', `Bearer ${(login.body as { token: string }).token}`);
    expect([res.status, res.text, res.headers['content-security-policy']]).toEqual([200, 'Success!', undefined]);
  });
});

describe('the library never serves the playground', () => {
  it.each(PAGE_PATHS)('createKit with playground: true, mounted as the README shows: %s is 404', async (path) => {
    const kit = createKit(baseConfig({ playground: true }));
    expect(kit.config.playground).toBe(true);
    const app = new Koa();
    app.use(kit.middleware());
    expect((await request(app.callback()).get(path)).status).toBe(404);
  });

  it('the sample app without the playground option: / is 404', async () => {
    const kit = createKit(baseConfig({ playground: true }));
    expect((await request(createSampleApp(kit).callback()).get('/')).status).toBe(404);
  });
});

/**
 * kit.middleware() looks at the path before it runs the router (src/koa/route-filter.ts): the kit's routes must
 * still be found everywhere the router would find them, routes added to kit.router later included.
 */
import Koa from 'koa';
import request from 'supertest';
import { createKit } from '../../src';
import { baseConfig, makeApp, type User } from '../helpers/app';

const JOE = { username: 'joe', password: 'pass' };

describe('kit.middleware() and the router', () => {
  it.each(['/auth', '/AUTH', '/auth/', '/Auth/'])('serves the login route at %s, as @koa/router matches it', async (path) => {
    const res = await makeApp().http.post(path).send(JOE);
    expect(res.status).toBe(200);
    expect(typeof res.body.token).toBe('string');
  });

  it('still answers 405 with Allow on the login path, and leaves other paths to the app', async () => {
    const { http } = makeApp();
    const wrong = await http.get('/auth');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect((await http.get('/open')).body).toEqual({ open: true });
    expect((await http.get('/nope')).status).toBe(404);
  });

  it('serves routes added to kit.router after the kit was built, and follows a prefix set later', async () => {
    const kit = createKit<User>(baseConfig());
    const app = new Koa().use(kit.middleware());
    const http = request(app.callback());
    kit.router.get('/whoami/:id', (ctx) => {
      ctx.body = { id: ctx.params.id };
    });
    expect((await http.get('/whoami/7')).body).toEqual({ id: '7' });
    kit.router.prefix('/api');
    expect((await http.post('/api/auth').send(JOE)).status).toBe(200);
    expect((await http.post('/auth').send(JOE)).status).toBe(404);
  });
});

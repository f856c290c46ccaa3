/**
 * Type-level tests: ts-jest type-checks this file, so a wrong inference fails the suite. The runtime
 * assertions only make sure the code paths exist; the point is that none of it needs a cast.
 */
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { createKit, defineConfig } from '../../src';

interface User {
  id: number;
  name: string;
}

const users: User[] = [{ id: 7, name: 'Ada' }];

const config = defineConfig({
  secret: 'a-test-secret-that-is-32-bytes-long!!',
  handlers: {
    authenticate: (username: string) => users.find((u) => u.name === username) ?? null,
    identity: async (payload) => users.find((u) => u.id === payload.user_id) ?? null,
  },
});

describe('the user type flows from the handlers to the routes', () => {
  it('types ctx.state.user from the identity hook, without casts', async () => {
    const kit = createKit(config);
    const app = new Koa();
    // No generic on the router: the state type comes from the guard.
    const router = new Router();
    router.get('/name', kit.guard(), (ctx) => {
      const name: string = ctx.state.user.name;
      // @ts-expect-error: User has no `email`
      void ctx.state.user.email;
      ctx.body = { name, viaAccessor: kit.currentUser(ctx).name };
    });
    app.use(kit.middleware()).use(router.routes());

    const login = await request(app.callback()).post('/auth').send({ username: 'Ada', password: 'x' });
    const res = await request(app.callback()).get('/name').set('Authorization', `Bearer ${login.body.token}`);
    expect(res.body).toEqual({ name: 'Ada', viaAccessor: 'Ada' });
  });

  it('infers the user type in defineConfig so hooks see it', () => {
    defineConfig({
      secret: 'a-test-secret-that-is-32-bytes-long!!',
      handlers: {
        identity: (): User | null => users[0] ?? null,
        payload: (user) => ({ user_id: user.id, name: user.name }),
        // @ts-expect-error: an unknown hook name is refused
        identify: () => null,
      },
    });
    // @ts-expect-error: algorithms are a closed list
    defineConfig({ algorithm: 'HS999' });
    // @ts-expect-error: a duration is seconds or digits with a unit
    defineConfig({ expirationDelta: 'five minutes' });
    // @ts-expect-error: whole numbers only, as the schema says
    defineConfig({ expirationDelta: '1.5h' });
    defineConfig({ expirationDelta: '90m', leeway: 30, notBeforeDelta: '0' });
  });
});

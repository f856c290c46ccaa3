/**
 * Type-level tests of typed custom claims: `createKit<User, Claims>` types `ctx.state.jwt.payload`, the `allow`
 * predicate and `issueToken`'s claims. ts-jest and `npm run typecheck` both type-check this file, so a wrong
 * inference (or a `@ts-expect-error` that stops erroring) fails.
 */
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { createKit, defineConfig } from '../../src';

interface User {
  id: number;
  name: string;
}

interface Claims {
  role: 'admin' | 'member';
  tenant: string;
}

const users: User[] = [{ id: 7, name: 'Ada' }];

const config = defineConfig<User>({
  secret: 'a-test-secret-that-is-32-bytes-long!!',
  handlers: {
    authenticate: (username: string) => users.find((u) => u.name === username) ?? null,
    identity: (payload) => users.find((u) => u.id === payload.user_id) ?? null,
    payload: (user) => ({ user_id: user.id, role: 'member', tenant: 'acme' }),
  },
});

describe('custom claims are typed from createKit<User, Claims>', () => {
  it('types ctx.state.jwt.payload, the allow predicate and issueToken claims, without casts', async () => {
    const kit = createKit<User, Claims>(config);
    const app = new Koa();
    const router = new Router();
    router.get(
      '/tenant',
      kit.guard({ allow: (payload, user) => payload.role === 'admin' || user.name === 'Ada' }),
      (ctx) => {
        const role: 'admin' | 'member' = ctx.state.jwt.payload.role;
        const tenant: string = ctx.state.jwt.payload.tenant;
        // Registered claims keep their types.
        const exp: number | undefined = ctx.state.jwt.payload.exp;
        // @ts-expect-error: role is a string union, not a number
        const wrong: number = ctx.state.jwt.payload.role;
        void wrong;
        ctx.body = { role, tenant, exp: typeof exp };
      },
    );
    router.get('/optional', kit.optionalGuard(), (ctx) => {
      // An optional guard may leave no token: jwt is possibly undefined (a type check only, never run).
      // @ts-expect-error: ctx.state.jwt may be undefined
      const unchecked = () => ctx.state.jwt.payload;
      void unchecked;
      const user: User | null = kit.userOrNull(ctx);
      ctx.body = { role: ctx.state.jwt?.payload.role ?? null, user: user?.name ?? null };
    });
    app.use(kit.middleware()).use(router.routes());

    // @ts-expect-error: role must be one of the declared values
    await expect(kit.issueToken(users[0]!, { claims: { role: 'root' } })).resolves.toEqual(expect.any(String));
    const token = await kit.issueToken(users[0]!, { expiresIn: '10m', claims: { role: 'admin' } });
    const http = request(app.callback());
    const res = await http.get('/tenant').set('Authorization', `Bearer ${token}`);
    expect(res.body).toEqual({ role: 'admin', tenant: 'acme', exp: 'number' });
    expect((await http.get('/optional')).body).toEqual({ role: null, user: null });
  });

  it('a guard skipped by unless types its state as optional', () => {
    const kit = createKit<User, Claims>(config);
    const router = new Router();
    router.get('/maybe', kit.guard().unless({ path: '/maybe' }), (ctx) => {
      // @ts-expect-error: a skipped request has no user
      void ctx.state.user.name;
      void ctx.state.user?.name;
    });
    router.get('/also', kit.guard({ unless: { method: 'GET' } }), (ctx) => {
      // @ts-expect-error: the unless option makes the user optional as well
      void ctx.state.jwt.payload.role;
      void ctx.state.jwt?.payload.role;
    });
    expect(router.stack).toHaveLength(2);
  });
});

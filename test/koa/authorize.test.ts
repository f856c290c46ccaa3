/**
 * Scoped guards through HTTP: scopes, roles and the allow predicate answer 403 with their own codes and RFC 6750
 * section 3.1's insufficient_scope challenge, while a bad or missing token stays a 401.
 */
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { createKit, type GuardOptions, type JwtPayload } from '../../src';
import { baseConfig, errorBody, T, USERS, type User } from '../helpers/app';
import { tamperSignature } from '../helpers/forge';

const joe = USERS[0] as User;
const ann = USERS[1] as User;

/** A kit whose tokens carry the claims given per call, and routes guarded in each way. */
function scopedApp(options: { rolesClaim?: string; allow?: GuardOptions<User>['allow'] } = {}) {
  const kit = createKit<User>(baseConfig(options.rolesClaim ? { rolesClaim: options.rolesClaim } : {}), { now: () => T });
  const app = new Koa();
  const errors: unknown[] = [];
  app.on('error', (error: unknown) => errors.push(error));
  const router = new Router();
  router.post('/orders', kit.guard({ scopes: ['orders:write'] }), (ctx) => {
    ctx.body = { ordered: ctx.state.user.username };
  });
  router.get('/reports', kit.guard({ scopes: ['reports:read', 'reports:export'], realm: 'Reports' }), (ctx) => {
    ctx.body = { reports: true };
  });
  router.get('/admin', kit.guard({ roles: ['admin', 'owner'] }), (ctx) => {
    ctx.body = { admin: ctx.state.user.username };
  });
  router.get('/own', kit.guard({ allow: options.allow ?? ((payload, user) => payload.user_id === 1 && user.username === 'joe') }), (ctx) => {
    ctx.body = { own: true };
  });
  app.use(kit.middleware()).use(router.routes());
  const http = request(app.callback());
  const bearer = async (user: User, claims: JwtPayload = {}) => `Bearer ${await kit.issueToken(user, { claims })}`;
  return { kit, http, bearer, errors };
}

const SCOPE_BODY = errorBody(403, 'Forbidden', 'The token lacks a scope this route requires', 'INSUFFICIENT_SCOPE');

describe('guard({ scopes })', () => {
  it('lets a token with the scope in its space-separated scope claim through', async () => {
    const { http, bearer } = scopedApp();
    const res = await http.post('/orders').set('Authorization', await bearer(joe, { scope: 'orders:read orders:write' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ordered: 'joe' });
  });

  it('takes an scp list as well', async () => {
    const { http, bearer } = scopedApp();
    expect((await http.post('/orders').set('Authorization', await bearer(joe, { scp: ['orders:write'] }))).status).toBe(200);
  });

  it('answers 403 INSUFFICIENT_SCOPE with the RFC 6750 challenge naming the scope needed', async () => {
    const { http, bearer } = scopedApp();
    const res = await http.post('/orders').set('Authorization', await bearer(joe, { scope: 'orders:read' }));
    expect(res.status).toBe(403);
    expect(res.body).toEqual(SCOPE_BODY);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="Login Required", error="insufficient_scope", error_description="The token lacks a scope this route requires", scope="orders:write"',
    );
  });

  it('needs every listed scope, and names them all in the route realm', async () => {
    const { http, bearer } = scopedApp();
    const one = await http.get('/reports').set('Authorization', await bearer(joe, { scope: 'reports:read' }));
    expect(one.status).toBe(403);
    expect(one.headers['www-authenticate']).toBe(
      'Bearer realm="Reports", error="insufficient_scope", error_description="The token lacks a scope this route requires", scope="reports:read reports:export"',
    );
    const both = await http.get('/reports').set('Authorization', await bearer(joe, { scope: 'reports:export reports:read' }));
    expect(both.status).toBe(200);
  });

  it('does not match part of a scope, nor a scope claim of the wrong type', async () => {
    const { http, bearer } = scopedApp();
    for (const claims of [{ scope: 'orders:writer' }, { scope: 'orders' }, { scope: 'orders:write,x' }, { scope: 42 }, {}]) {
      const res = await http.post('/orders').set('Authorization', await bearer(joe, claims));
      expect([JSON.stringify(claims), res.status, res.body.code]).toEqual([JSON.stringify(claims), 403, 'INSUFFICIENT_SCOPE']);
    }
  });

  it('stays 401 for a missing or a bad token, whatever the scopes', async () => {
    const { http, bearer } = scopedApp();
    const missing = await http.post('/orders');
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('TOKEN_MISSING');
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="Login Required"');
    const token = tamperSignature(await bearer(joe, { scope: 'orders:write' }));
    const bad = await http.post('/orders').set('Authorization', token);
    expect(bad.status).toBe(401);
    expect(bad.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('refuses scope names the challenge cannot carry, when the guard is built', () => {
    const kit = createKit<User>(baseConfig());
    expect(() => kit.guard({ scopes: ['orders write'] })).toThrow(TypeError);
    expect(() => kit.guard({ scopes: ['say"hi'] })).toThrow(TypeError);
    expect(() => kit.guard({ scopes: [] })).toThrow(TypeError);
  });
});

describe('guard({ roles })', () => {
  it('lets a token with one of the roles through', async () => {
    const { http, bearer } = scopedApp();
    expect((await http.get('/admin').set('Authorization', await bearer(joe, { roles: ['user', 'owner'] }))).status).toBe(200);
    expect((await http.get('/admin').set('Authorization', await bearer(joe, { roles: 'admin' }))).status).toBe(200);
  });

  it('answers 403 INSUFFICIENT_ROLE with an insufficient_scope challenge and no scope attribute', async () => {
    const { http, bearer } = scopedApp();
    const res = await http.get('/admin').set('Authorization', await bearer(joe, { roles: ['user'] }));
    expect(res.status).toBe(403);
    expect(res.body).toEqual(errorBody(403, 'Forbidden', 'The token has none of the roles this route allows', 'INSUFFICIENT_ROLE'));
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="Login Required", error="insufficient_scope", error_description="The token has none of the roles this route allows"',
    );
  });

  it('reads the claim named by rolesClaim, and only that one', async () => {
    const { http, bearer } = scopedApp({ rolesClaim: 'https://example.com/roles' });
    expect((await http.get('/admin').set('Authorization', await bearer(joe, { 'https://example.com/roles': ['admin'] }))).status).toBe(200);
    expect((await http.get('/admin').set('Authorization', await bearer(joe, { roles: ['admin'] }))).status).toBe(403);
  });

  it('never takes a role from Object.prototype', async () => {
    const { http, bearer } = scopedApp({ rolesClaim: 'constructor' });
    expect((await http.get('/admin').set('Authorization', await bearer(joe))).status).toBe(403);
  });

  it('refuses an empty role list when the guard is built: it would let nobody in', () => {
    expect(() => createKit<User>(baseConfig()).guard({ roles: [] })).toThrow(/nobody/);
  });
});

describe('guard({ allow })', () => {
  it('passes when the predicate returns true, given the payload and the user', async () => {
    const { http, bearer } = scopedApp();
    expect((await http.get('/own').set('Authorization', await bearer(joe))).status).toBe(200);
  });

  it('answers 403 FORBIDDEN when it returns false', async () => {
    const { http, bearer } = scopedApp();
    const res = await http.get('/own').set('Authorization', await bearer(ann));
    expect(res.status).toBe(403);
    expect(res.body).toEqual(errorBody(403, 'Forbidden', 'This route is not allowed to this user', 'FORBIDDEN'));
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="Login Required", error="insufficient_scope", error_description="This route is not allowed to this user"',
    );
  });

  it('may be async; only true lets through (a truthy value or a forgotten return refuses)', async () => {
    const answers: unknown[] = [true, 1, 'yes', undefined];
    let next = 0;
    const { http, bearer } = scopedApp({ allow: async () => answers[next++] as boolean });
    const statuses = [];
    for (let i = 0; i < answers.length; i++) statuses.push((await http.get('/own').set('Authorization', await bearer(joe))).status);
    expect(statuses).toEqual([200, 403, 403, 403]);
  });

  it('a predicate that throws is a 500 HANDLER_FAILED, never a pass', async () => {
    const { http, bearer, errors } = scopedApp({
      allow: () => {
        throw new Error('database down');
      },
    });
    const res = await http.get('/own').set('Authorization', await bearer(joe));
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('HANDLER_FAILED');
    expect(JSON.stringify(res.body)).not.toContain('database');
    expect(errors).toHaveLength(1);
  });

  it('is given the request, for per-resource rules', async () => {
    const { http, bearer } = scopedApp({ allow: (payload, _user, ctx) => ctx.get('X-Owner') === String(payload.user_id) });
    expect((await http.get('/own').set('Authorization', await bearer(joe)).set('X-Owner', '1')).status).toBe(200);
    expect((await http.get('/own').set('Authorization', await bearer(joe)).set('X-Owner', '2')).status).toBe(403);
  });

  it('a missing token is still 401, and the predicate never runs', async () => {
    let ran = false;
    const { http } = scopedApp({
      allow: () => {
        ran = true;
        return true;
      },
    });
    expect((await http.get('/own')).status).toBe(401);
    expect(ran).toBe(false);
  });
});

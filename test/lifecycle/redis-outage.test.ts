/**
 * Redis stopped mid-test: the guard fails closed with 503 STORE_UNAVAILABLE (never a pass, never a 500, never a
 * hang), and recovers by itself when Redis is back, without the kit being rebuilt.
 */
import Koa from 'koa';
import Router from '@koa/router';
import request from 'supertest';
import { createKit, type AuthState, type Kit } from '../../src';
import { authenticate, identity, SECRET, type User } from '../helpers/app';
import { startRedisServer, type RedisServer } from '../helpers/redis';

let redis: RedisServer;
let kit: Kit<User>;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await kit?.close();
  await redis?.close();
});

it('503 while Redis is down, 200 again once it is back', async () => {
  kit = createKit<User>({ secret: SECRET, logout: { enabled: true }, refresh: { enabled: true }, store: { type: 'redis', url: redis.url, timeoutMs: 300 }, handlers: { authenticate, identity } });
  const app = new Koa();
  const errors: unknown[] = [];
  app.on('error', (error) => errors.push(error));
  app.use(kit.middleware());
  const router = new Router<AuthState<User>>();
  router.get('/protected', kit.guard(), (ctx) => {
    ctx.body = 'ok';
  });
  app.use(router.routes());
  const http = request(app.callback());
  const pair = (await http.post('/auth').send({ username: 'joe', password: 'pass' })).body as { token: string; refresh_token: string };
  const get = () => http.get('/protected').set('Authorization', `Bearer ${pair.token}`);
  expect((await get()).status).toBe(200);

  await redis.stop();
  const started = Date.now();
  const down = await Promise.all([get(), get(), get()]);
  const elapsed = Date.now() - started;
  for (const res of down) {
    expect([res.status, res.body.code, res.body.description]).toEqual([503, 'STORE_UNAVAILABLE', expect.any(String)]);
    expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|redis:/);
  }
  expect(elapsed).toBeLessThan(5000); // bounded by timeoutMs, not a hang (a loose bound: this is not a benchmark)
  const refresh = await http.post('/auth/refresh').send({ refresh_token: pair.refresh_token });
  expect([refresh.status, refresh.body.code]).toEqual([503, 'STORE_UNAVAILABLE']);

  await redis.restart();
  // ioredis reconnects at most a second apart: poll, bounded.
  let status = 0;
  for (let i = 0; i < 40 && status !== 200; i += 1) {
    status = (await get()).status;
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(status).toBe(200);
});

/**
 * Login throttling on a real redis-server: two kits (two app instances) on one Redis share the count, Redis holds
 * no username, and with Redis down the login answers as configured: 503 STORE_UNAVAILABLE by default (closed:
 * never an unthrottled pass, never a 500), unthrottled with `onStoreUnavailable: 'open'`.
 */
import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import request from 'supertest';
import Redis from 'ioredis';
import { createKit, type JwtKitConfig, type Kit } from '../../src';
import { authenticate, identity, SECRET, type User } from '../helpers/app';
import { startRedisServer, testRedis, type RedisServer } from '../helpers/redis';

const kits: Kit<User>[] = [];
afterEach(async () => {
  await Promise.all(kits.splice(0).map((kit) => kit.close()));
});

/** Waits (bounded) until the kit's store answers again after a restart, so it is closed while connected. */
async function reconnected(kit: Kit<User>): Promise<void> {
  for (let i = 0; i < 40; i += 1) {
    if (await kit.store!.hit(`probe:${randomUUID()}`, 1).then(() => true, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the store did not reconnect within 10 s');
}

function instance(config: JwtKitConfig<User>) {
  const kit = createKit<User>({ secret: SECRET, ...config, handlers: { authenticate, identity } });
  kits.push(kit);
  const app = new Koa();
  const errors: unknown[] = [];
  app.on('error', (error: unknown) => errors.push(error));
  app.use(kit.middleware());
  const http = request(app.callback());
  return { kit, errors, attempt: (username: string, password: string) => http.post('/auth').send({ username, password }) };
}

describe('on a shared Redis', () => {
  let redis: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    redis = await testRedis();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('two instances share the count: failures at one are counted at the other, and Redis holds no username', async () => {
    const keyPrefix = `throttle:${randomUUID()}:`;
    const store = { type: 'redis' as const, url: redis.url, keyPrefix };
    const a = instance({ store });
    const b = instance({ store });
    for (let i = 0; i < 3; i += 1) expect((await a.attempt('joe', `a-${i}`)).status).toBe(401);
    for (let i = 0; i < 2; i += 1) expect((await b.attempt('JOE', `b-${i}`)).status).toBe(401);
    // The sixth failure in all, at either instance, is cut off; the right password too, at both.
    const cut = await a.attempt('joe', 'pass');
    expect([cut.status, cut.body.code]).toEqual([429, 'LOGIN_THROTTLED']);
    const retryAfter = Number(cut.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(890);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect((await b.attempt('joe', 'pass')).status).toBe(429);
    // Another user is not throttled (the address has 7 of its 20).
    expect((await b.attempt('ann', 'word')).status).toBe(200);

    const client = new Redis(redis.url);
    try {
      const keys = (await client.keys(`${keyPrefix}*`)).map((key) => key.slice(keyPrefix.length)).sort();
      expect(keys).toEqual([expect.stringMatching(/^hit:login:addr:127\.0\.0\.1$/), expect.stringMatching(/^hit:login:user:[A-Za-z0-9_-]{43}$/)]);
      expect(keys.join(' ')).not.toMatch(/joe|ann/i);
      // Every counter ends with its window.
      for (const key of keys) expect(await client.ttl(`${keyPrefix}${key}`)).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});

describe('with Redis down', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('answers 503 STORE_UNAVAILABLE by default (closed), to the right password too, and never lets one through', async () => {
    const down = instance({ store: { type: 'redis', url: redis.url, keyPrefix: `down:${randomUUID()}:`, timeoutMs: 300 } });
    expect((await down.attempt('joe', 'pass')).status).toBe(200);
    await redis.stop();
    try {
      for (const password of ['pass', 'wrong']) {
        const res = await down.attempt('joe', password);
        expect([res.status, res.body.code, res.body.token]).toEqual([503, 'STORE_UNAVAILABLE', undefined]);
        expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|redis:/);
      }
      // The outage reaches the server log (Koa's error event), as every 5xx does.
      expect(down.errors.length).toBe(2);
    } finally {
      await redis.restart();
    }
    // Back by itself: the count starts afresh (nothing was persisted) and the right password logs in.
    await reconnected(down.kit);
    expect((await down.attempt('joe', 'pass')).status).toBe(200);
  });

  it("lets logins through unthrottled with onStoreUnavailable: 'open'", async () => {
    const open = instance({
      store: { type: 'redis', url: redis.url, keyPrefix: `open:${randomUUID()}:`, timeoutMs: 300 },
      loginThrottle: { onStoreUnavailable: 'open' },
    });
    expect((await open.attempt('joe', 'wrong')).status).toBe(401);
    await redis.stop();
    try {
      // Far past both limits: nothing counts while the store is away.
      for (let i = 0; i < 25; i += 1) expect((await open.attempt('joe', `wrong-${i}`)).status).toBe(401);
      const right = await open.attempt('joe', 'pass');
      expect(right.status).toBe(200);
      expect(typeof right.body.token).toBe('string');
      expect(open.errors).toEqual([]);
    } finally {
      await redis.restart();
    }
    await reconnected(open.kit);
  });
});

/**
 * The Redis store's own promises, against a real redis-server: every key it writes gets the TTL it should
 * (so Redis never grows without bound), keys expire for real (one short expiry of 1 s), and the key prefix
 * keeps apps apart.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createRedisStore } from '../../src/store/redis';
import type { TokenStore } from '../../src/store/types';
import { testRedis } from '../helpers/redis';

let redis: { url: string; close(): Promise<void> };
let raw: Redis;
let prefix: string;
let store: TokenStore;
// The store's clock, frozen at a real time so TTLs are exact: Redis counts them from its own (real) clock.
const T0 = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  redis = await testRedis();
  raw = new Redis(redis.url);
});
beforeEach(() => {
  prefix = `test:${randomUUID()}:`;
  store = createRedisStore({ url: redis.url, keyPrefix: prefix, now: () => T0 });
});
afterEach(() => store.close());
afterAll(async () => {
  raw?.disconnect();
  await redis?.close();
});

const ttlOf = (key: string) => raw.ttl(`${prefix}${key}`);
const keysOf = (): Promise<string[]> => raw.keys(`${prefix}*`);

describe('redis store keys and TTLs', () => {
  it('gives every key it writes the TTL of what it stands for', async () => {
    await store.revokeToken('j', T0 + 300);
    await store.revokeFamily('f', T0 + 86_400);
    await store.revokeUser('42', T0, 3600);
    await store.useOnce('r', 1209600);
    await store.hit('login:joe', 60);
    const ttls = {
      jti: await ttlOf('jti:j'),
      family: await ttlOf('family:f'),
      user: await ttlOf('user:42'),
      once: await ttlOf('once:r'),
      hit: await ttlOf('hit:login:joe'),
    };
    // TTL counts down in whole seconds: within one second of the asked value.
    expect(ttls.jti).toBeGreaterThanOrEqual(299);
    expect(ttls.jti).toBeLessThanOrEqual(300);
    expect(ttls.family).toBeGreaterThanOrEqual(86_399);
    expect(ttls.family).toBeLessThanOrEqual(86_400);
    expect(ttls.user).toBeGreaterThanOrEqual(3599);
    expect(ttls.user).toBeLessThanOrEqual(3600);
    expect(ttls.once).toBeGreaterThanOrEqual(1209599);
    expect(ttls.once).toBeLessThanOrEqual(1209600);
    expect(ttls.hit).toBeGreaterThanOrEqual(59);
    expect(ttls.hit).toBeLessThanOrEqual(60);
  });

  it('leaves no key without a TTL', async () => {
    await store.revokeToken('j', T0 + 300);
    await store.revokeUser('42', T0, 3600);
    await store.revokeUser('42', T0 + 5, 60);
    await store.useOnce('r', 60);
    await store.useOnce('r', 60);
    for (let i = 0; i < 3; i += 1) await store.hit('k', 60);
    const keys = await keysOf();
    expect(keys.sort()).toEqual(['hit:k', 'jti:j', 'once:r', 'user:42'].map((k) => `${prefix}${k}`));
    for (const key of keys) expect(await raw.ttl(key)).toBeGreaterThan(0);
  });

  it('keeps the longer TTL when a user is revoked again with a shorter one', async () => {
    await store.revokeUser('42', T0, 3600);
    await store.revokeUser('42', T0 + 5, 60);
    expect(await ttlOf('user:42')).toBeGreaterThanOrEqual(3599);
    expect(await raw.get(`${prefix}user:42`)).toBe(String(T0 + 5));
  });

  it('writes nothing for a token that has already expired', async () => {
    await store.revokeToken('old', T0 - 1);
    expect(await keysOf()).toEqual([]);
  });

  it('keeps two prefixes apart', async () => {
    const other = createRedisStore({ url: redis.url, keyPrefix: `test:${randomUUID()}:`, now: () => T0 });
    await store.revokeToken('j', T0 + 60);
    await expect(other.isRevoked({ jti: 'j' })).resolves.toBe(false);
    await expect(other.useOnce('r', 60)).resolves.toBe(true);
    await expect(store.useOnce('r', 60)).resolves.toBe(true);
    await other.close();
  });
});

describe('redis store real expiry', () => {
  it('forgets a revocation, a use-once mark and a window after 1 s', async () => {
    const live = createRedisStore({ url: redis.url, keyPrefix: `test:${randomUUID()}:` });
    const now = Date.now() / 1000;
    await live.revokeToken('j', now + 1);
    await expect(live.useOnce('r', 1)).resolves.toBe(true);
    await expect(live.hit('k', 1)).resolves.toEqual({ count: 1, resetInSeconds: 1 });
    await expect(live.isRevoked({ jti: 'j' })).resolves.toBe(true);
    // Poll, rather than sleep a fixed time: the keys go 1 s after they were set (at most 2 s for the jti,
    // whose TTL is rounded up to a whole second).
    const deadline = Date.now() + 3000;
    let revoked = true;
    while (revoked && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      revoked = await live.isRevoked({ jti: 'j' });
    }
    expect(revoked).toBe(false);
    await expect(live.useOnce('r', 1)).resolves.toBe(true);
    await expect(live.hit('k', 1)).resolves.toMatchObject({ count: 1 });
    await live.close();
  });
});

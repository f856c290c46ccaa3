/**
 * One table of store behaviours, run against the memory store and against a real redis-server: revocation
 * by token, family and user; atomic use-once under concurrency; fixed-window counting. Expiry, which each
 * store proves its own way, is in memory.test.ts and redis.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { createMemoryStore } from '../../src/store/memory';
import { createRedisStore } from '../../src/store/redis';
import type { TokenStore } from '../../src/store/types';
import { testRedis } from '../helpers/redis';

const T0 = 1_800_000_000;
let redis: { url: string; close(): Promise<void> };
const open: TokenStore[] = [];

beforeAll(async () => {
  redis = await testRedis();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  await redis?.close();
});

// Both stores see the same fixed clock; a fresh key prefix keeps Redis tests apart on a shared server.
const kinds: Array<[string, () => TokenStore]> = [
  ['memory', () => createMemoryStore({ now: () => T0 })],
  ['redis', () => createRedisStore({ url: redis.url, keyPrefix: `test:${randomUUID()}:`, now: () => T0 })],
];

describe.each(kinds)('%s store', (_kind, make) => {
  let store: TokenStore;
  beforeEach(() => {
    store = make();
    open.push(store);
  });

  it('knows nothing revoked at first, and answers an empty question without asking', async () => {
    await expect(store.isRevoked({})).resolves.toBe(false);
    await expect(store.isRevoked({ jti: 'a', family: 'f', user: 'u', iat: T0 })).resolves.toBe(false);
  });

  it('revokes one token by jti, and only that one', async () => {
    await store.revokeToken('jti-1', T0 + 300);
    await expect(store.isRevoked({ jti: 'jti-1' })).resolves.toBe(true);
    await expect(store.isRevoked({ jti: 'jti-1', family: 'f', user: 'u', iat: T0 })).resolves.toBe(true);
    await expect(store.isRevoked({ jti: 'jti-2', family: 'f', user: 'u', iat: T0 })).resolves.toBe(false);
  });

  it('revokes a whole refresh family', async () => {
    await store.revokeFamily('fam-1', T0 + 3600);
    await expect(store.isRevoked({ jti: 'any', family: 'fam-1' })).resolves.toBe(true);
    await expect(store.isRevoked({ jti: 'any', family: 'fam-2' })).resolves.toBe(false);
  });

  it("revokes a user's tokens issued at or before a time, not later ones", async () => {
    await store.revokeUser('42', T0, 3600);
    await expect(store.isRevoked({ jti: 'x', user: '42', iat: T0 - 60 })).resolves.toBe(true);
    await expect(store.isRevoked({ jti: 'x', user: '42', iat: T0 })).resolves.toBe(true);
    await expect(store.isRevoked({ jti: 'x', user: '42', iat: T0 + 1 })).resolves.toBe(false);
    await expect(store.isRevoked({ jti: 'x', user: '43', iat: T0 - 60 })).resolves.toBe(false);
  });

  it('counts a token of a revoked user without iat as revoked (fail closed)', async () => {
    await store.revokeUser('42', T0, 3600);
    await expect(store.isRevoked({ user: '42' })).resolves.toBe(true);
  });

  it('keeps the later "revoked before" time when a user is revoked twice', async () => {
    await store.revokeUser('42', T0 + 10, 3600);
    await store.revokeUser('42', T0, 3600);
    await expect(store.isRevoked({ user: '42', iat: T0 + 5 })).resolves.toBe(true);
    await store.revokeUser('42', T0 + 20, 3600);
    await expect(store.isRevoked({ user: '42', iat: T0 + 15 })).resolves.toBe(true);
    await expect(store.isRevoked({ user: '42', iat: T0 + 21 })).resolves.toBe(false);
  });

  it('remembers nothing for a token that has already expired', async () => {
    await store.revokeToken('old', T0);
    await store.revokeFamily('old-family', T0 - 1);
    await expect(store.isRevoked({ jti: 'old', family: 'old-family' })).resolves.toBe(false);
  });

  it('lets exactly one of 20 concurrent useOnce calls on one id win', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => store.useOnce('refresh-1', 60)));
    expect(results.filter(Boolean)).toHaveLength(1);
    await expect(store.useOnce('refresh-1', 60)).resolves.toBe(false);
    await expect(store.useOnce('refresh-2', 60)).resolves.toBe(true);
  });

  it('counts hits in a fixed window, per key', async () => {
    await expect(store.hit('login:joe', 60)).resolves.toEqual({ count: 1, resetInSeconds: 60 });
    await expect(store.hit('login:joe', 60)).resolves.toMatchObject({ count: 2 });
    const third = await store.hit('login:joe', 60);
    expect(third.count).toBe(3);
    expect(third.resetInSeconds).toBeGreaterThan(0);
    expect(third.resetInSeconds).toBeLessThanOrEqual(60);
    await expect(store.hit('login:ann', 60)).resolves.toEqual({ count: 1, resetInSeconds: 60 });
  });

  it('takes a hit back within its window, keeping the window, and takes nothing from an unknown key', async () => {
    await store.hit('login:joe', 60);
    await store.hit('login:joe', 60);
    await store.undoHit('login:joe');
    await expect(store.hit('login:joe', 60)).resolves.toEqual({ count: 2, resetInSeconds: 60 });
    await store.undoHit('login:joe');
    await store.undoHit('login:joe');
    await store.undoHit('login:joe');
    await expect(store.hit('login:joe', 60)).resolves.toMatchObject({ count: 1 });
    await store.undoHit('never-hit');
    await expect(store.hit('never-hit', 60)).resolves.toMatchObject({ count: 1 });
  });

  it('counts 20 concurrent hits exactly', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => store.hit('burst', 60)));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('rejects misuse with a TypeError, not a store error', async () => {
    await expect(store.revokeToken('', T0 + 60)).rejects.toThrow(TypeError);
    await expect(store.revokeToken('j', Number.NaN)).rejects.toThrow(TypeError);
    await expect(store.revokeUser('u', T0, 0)).rejects.toThrow(TypeError);
    await expect(store.useOnce('id', -1)).rejects.toThrow(TypeError);
    await expect(store.hit('k', 0)).rejects.toThrow(TypeError);
  });
});

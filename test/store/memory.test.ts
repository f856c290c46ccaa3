/**
 * The memory store's own promises: entries expire by the injected clock (no sleeps), the bound drops the
 * oldest entry first, and expired entries are swept, on demand and by the periodic timer.
 */
import { createMemoryStore, type MemoryStore } from '../../src/store/memory';

const T0 = 1_800_000_000;

describe('memory store expiry (injected clock)', () => {
  let clock: number;
  let store: MemoryStore;
  beforeEach(() => {
    clock = T0;
    store = createMemoryStore({ now: () => clock });
  });
  afterEach(() => store.close());

  it('forgets a revoked token at its "until" time, not a moment before', async () => {
    await store.revokeToken('j', T0 + 300);
    await store.revokeFamily('f', T0 + 600);
    clock = T0 + 299.9;
    await expect(store.isRevoked({ jti: 'j' })).resolves.toBe(true);
    clock = T0 + 300;
    await expect(store.isRevoked({ jti: 'j' })).resolves.toBe(false);
    await expect(store.isRevoked({ family: 'f' })).resolves.toBe(true);
    clock = T0 + 600;
    await expect(store.isRevoked({ family: 'f' })).resolves.toBe(false);
  });

  it('forgets a user revocation after its TTL', async () => {
    await store.revokeUser('42', T0, 3600);
    clock = T0 + 3599;
    await expect(store.isRevoked({ user: '42', iat: T0 })).resolves.toBe(true);
    clock = T0 + 3600;
    await expect(store.isRevoked({ user: '42', iat: T0 })).resolves.toBe(false);
  });

  it('lets an id be used again once its use-once mark expires', async () => {
    await expect(store.useOnce('r', 30)).resolves.toBe(true);
    clock = T0 + 29;
    await expect(store.useOnce('r', 30)).resolves.toBe(false);
    clock = T0 + 30;
    await expect(store.useOnce('r', 30)).resolves.toBe(true);
  });

  it('starts a new window once the old one ends, and says when it ends', async () => {
    await store.hit('k', 60);
    clock = T0 + 45;
    await expect(store.hit('k', 60)).resolves.toEqual({ count: 2, resetInSeconds: 15 });
    clock = T0 + 60;
    await expect(store.hit('k', 60)).resolves.toEqual({ count: 1, resetInSeconds: 60 });
  });

  it('sweeps expired entries on demand', async () => {
    await store.revokeToken('short', T0 + 10);
    await store.revokeToken('long', T0 + 100);
    await store.useOnce('once', 10);
    expect(store.size).toBe(3);
    clock = T0 + 10;
    expect(store.sweep()).toBe(2);
    expect(store.size).toBe(1);
    await expect(store.isRevoked({ jti: 'long' })).resolves.toBe(true);
  });
});

describe('memory store bound', () => {
  it('drops the oldest entry first once maxEntries is reached', async () => {
    const store = createMemoryStore({ maxEntries: 3, now: () => T0 });
    await store.revokeToken('a', T0 + 60);
    await store.revokeToken('b', T0 + 60);
    await store.revokeToken('c', T0 + 60);
    await store.revokeToken('d', T0 + 60);
    expect(store.size).toBe(3);
    await expect(store.isRevoked({ jti: 'a' })).resolves.toBe(false);
    for (const jti of ['b', 'c', 'd']) await expect(store.isRevoked({ jti })).resolves.toBe(true);
    await store.close();
  });

  it('counts a rewritten counter as new, so a busy counter outlives idle ones', async () => {
    const store = createMemoryStore({ maxEntries: 2, now: () => T0 });
    await store.hit('busy', 60);
    await store.hit('idle', 60);
    await store.hit('busy', 60);
    await store.hit('newer', 60);
    await expect(store.hit('idle', 60)).resolves.toMatchObject({ count: 1 });
    await expect(store.hit('newer', 60)).resolves.toMatchObject({ count: 2 });
    await store.close();
  });

  it('keeps counters under a bound of their own: a flood of counters (made-up usernames) never drops a revocation', async () => {
    const store = createMemoryStore({ maxEntries: 2, now: () => T0 });
    await store.revokeToken('a', T0 + 60);
    await store.useOnce('r', 60);
    for (let i = 0; i < 50; i += 1) await store.hit(`login:user:${i}`, 60);
    expect(store.size).toBe(4);
    await expect(store.isRevoked({ jti: 'a' })).resolves.toBe(true);
    await expect(store.useOnce('r', 60)).resolves.toBe(false);
    await expect(store.hit('login:user:49', 60)).resolves.toMatchObject({ count: 2 });
    await expect(store.hit('login:user:0', 60)).resolves.toMatchObject({ count: 1 });
    await store.close();
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => createMemoryStore({ maxEntries: 0 })).toThrow(TypeError);
    expect(() => createMemoryStore({ maxEntries: 1.5 })).toThrow(TypeError);
  });
});

describe('memory store sweep timer', () => {
  afterEach(() => jest.useRealTimers());

  it('sweeps every sweepIntervalSeconds, and close() stops the timer', async () => {
    jest.useFakeTimers();
    let clock = T0;
    const store = createMemoryStore({ now: () => clock, sweepIntervalSeconds: 5 });
    await store.revokeToken('j', T0 + 1);
    clock = T0 + 2;
    expect(store.size).toBe(1);
    jest.advanceTimersByTime(5000);
    expect(store.size).toBe(0);
    await store.close();
    expect(jest.getTimerCount()).toBe(0);
  });
});

/**
 * Redis goes away: the store fails closed and fast (every operation rejects with STORE_UNAVAILABLE, within
 * the store's timeoutMs plus scheduling; asserted here under 1.5 s for timeoutMs 300), never hangs and never
 * answers "not revoked"; when Redis comes back on the same port, the same store object works again.
 * Each test starts its own redis-server so it can stop it.
 */
import { createServer, type Server } from 'node:net';
import { isJwtKitError, type JwtKitError } from '../../src/errors';
import { createRedisStore } from '../../src/store/redis';
import type { TokenStore } from '../../src/store/types';
import { startRedisServer, type RedisServer } from '../helpers/redis';

const TIMEOUT_MS = 300;
const BOUND_MS = 1500;

/** Runs `operation`, expecting STORE_UNAVAILABLE within the bound; returns the error. */
async function expectUnavailable(operation: () => Promise<unknown>): Promise<JwtKitError> {
  const started = Date.now();
  const outcome = await operation().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const elapsed = Date.now() - started;
  expect(outcome).not.toHaveProperty('value');
  const error = (outcome as { error: unknown }).error;
  expect(isJwtKitError(error) && error.code).toBe('STORE_UNAVAILABLE');
  expect(elapsed).toBeLessThan(BOUND_MS);
  return error as JwtKitError;
}

async function waitUntilWorking(store: TokenStore): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      await store.isRevoked({ jti: 'probe' });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('redis store outage', () => {
  let server: RedisServer;
  let store: TokenStore;
  beforeEach(async () => {
    server = await startRedisServer();
    store = createRedisStore({ url: server.url, keyPrefix: 'outage:', timeoutMs: TIMEOUT_MS });
    // On a busy machine the first connection may take longer than the short bound this suite uses.
    await waitUntilWorking(store);
  });
  afterEach(async () => {
    await store.close();
    await server.close();
  });

  it('rejects every operation with STORE_UNAVAILABLE while Redis is down, then recovers without a rebuild', async () => {
    const now = Date.now() / 1000;
    await store.revokeToken('j', now + 60);
    await expect(store.isRevoked({ jti: 'j' })).resolves.toBe(true);

    await server.stop();
    const errors = [
      await expectUnavailable(() => store.isRevoked({ jti: 'j', family: 'f', user: 'u', iat: now })),
      await expectUnavailable(() => store.isRevoked({ jti: 'never-revoked' })),
      await expectUnavailable(() => store.revokeToken('k', now + 60)),
      await expectUnavailable(() => store.revokeFamily('f', now + 60)),
      await expectUnavailable(() => store.revokeUser('u', now, 60)),
      await expectUnavailable(() => store.useOnce('r', 60)),
      await expectUnavailable(() => store.hit('k', 60)),
    ];
    // A 503 whose client-facing description stays the fixed one.
    expect(errors[0]?.toJSON()).toEqual({
      status_code: 503,
      error: 'Service Unavailable',
      description: 'The token store is unavailable',
      code: 'STORE_UNAVAILABLE',
    });
    // 20 guarded requests at once during the outage: all rejected, none waits for Redis.
    const burst = await Promise.allSettled(Array.from({ length: 20 }, () => store.isRevoked({ jti: 'x' })));
    expect(burst.map((r) => r.status)).toEqual(Array(20).fill('rejected'));

    await server.restart();
    await waitUntilWorking(store);
    // Nothing was persisted: the restarted server is empty, and the same store object writes and reads it.
    await store.revokeToken('k', Date.now() / 1000 + 60);
    await expect(store.isRevoked({ jti: 'k' })).resolves.toBe(true);
    await expect(store.useOnce('r', 60)).resolves.toBe(true);
    await expect(store.useOnce('r', 60)).resolves.toBe(false);
  });
});

describe('redis store that never reached Redis', () => {
  it('rejects with STORE_UNAVAILABLE within the bound, keeping the library error as cause', async () => {
    const server = await startRedisServer();
    const port = server.port;
    await server.close();
    const store = createRedisStore({ url: `redis://127.0.0.1:${port}`, timeoutMs: TIMEOUT_MS });
    const error = await expectUnavailable(() => store.isRevoked({ jti: 'j' }));
    expect(error.status).toBe(503);
    expect(error.exitCode).toBe(4);
    await expectUnavailable(() => store.useOnce('r', 60));
    await store.close();
  });

  it('rejects within the bound when the server accepts the connection but never answers', async () => {
    // A listener that takes connections and stays silent: what a hung Redis or a black-holed network looks like.
    const sockets: Array<{ destroy(): void }> = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const store = createRedisStore({ url: `redis://127.0.0.1:${port}`, timeoutMs: TIMEOUT_MS });
    await expectUnavailable(() => store.isRevoked({ jti: 'j' }));
    await expectUnavailable(() => store.hit('k', 60));
    await store.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });
});

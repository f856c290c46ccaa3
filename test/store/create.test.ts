/**
 * createStore: options checked once (every problem in one CONFIG_INVALID, no URL echoed), the URL from the
 * environment by default, and ioredis loaded only for a Redis store (checked on the build in dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isJwtKitError } from '../../src/errors';
import { createStore, type StoreConfig } from '../../src/store/create';
import { testRedis } from '../helpers/redis';

const ROOT = join(__dirname, '..', '..');

function problemsOf(config: unknown, env: Record<string, string> = {}): readonly string[] {
  try {
    const store = createStore(config as StoreConfig, { env });
    void store.close();
  } catch (error) {
    if (isJwtKitError(error) && error.code === 'CONFIG_INVALID') return error.details;
    throw error;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('createStore options', () => {
  it('makes a memory store from { type: "memory" }', async () => {
    const store = createStore({ type: 'memory', maxEntries: 10 });
    await store.revokeToken('j', Date.now() / 1000 + 60);
    await expect(store.isRevoked({ jti: 'j' })).resolves.toBe(true);
    await store.close();
  });

  it('refuses an unknown type, an unknown option and a bad bound', () => {
    expect(problemsOf({ type: 'postgres' })).toEqual(['store.type must be "memory" or "redis"']);
    expect(problemsOf(null)).toEqual(['store.type must be "memory" or "redis"']);
    expect(problemsOf({ type: 'memory', maxEntries: -1, url: 'redis://x' })).toEqual([
      'store.url is not an option of a memory store',
      'store.maxEntries must be a positive integer',
    ]);
  });

  it('asks for a URL, naming the environment variable it looked in', () => {
    expect(problemsOf({ type: 'redis' })).toEqual([
      'a Redis store needs store.url, the REDIS_URL environment variable, store.sentinels or store.cluster',
    ]);
    expect(problemsOf({ type: 'redis', urlEnv: 'SESSIONS_REDIS' }, { REDIS_URL: 'redis://127.0.0.1' })).toEqual([
      'a Redis store needs store.url, the SESSIONS_REDIS environment variable, store.sentinels or store.cluster',
    ]);
  });

  it('never echoes a bad URL, which may hold a password', () => {
    const secret = 'http://admin:hunter2@cache:6379';
    const problems = problemsOf({ type: 'redis', url: secret });
    expect(problems).toEqual(['store.url must be a redis:// or rediss:// URL']);
    expect(problemsOf({ type: 'redis' }, { REDIS_URL: secret })).toEqual([
      'the REDIS_URL environment variable must be a redis:// or rediss:// URL',
    ]);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it('reports every Sentinel and Cluster problem at once', () => {
    expect(
      problemsOf({ type: 'redis', sentinels: [{ host: 'a', port: 26379 }], cluster: [{ host: '', port: 70000 }], timeoutMs: 0, keyPrefix: 3 }),
    ).toEqual([
      'store.cluster must be a non-empty list of { host, port }',
      'store.name (the Sentinel master name) is required with store.sentinels',
      'store.keyPrefix must be a string',
      'store.timeoutMs must be a positive integer of milliseconds',
    ]);
    expect(problemsOf({ type: 'redis', sentinels: [{ host: 'a', port: 1 }], cluster: [{ host: 'b', port: 2 }], name: 'm' })).toEqual([
      'store.sentinels and store.cluster cannot both be given',
    ]);
    expect(problemsOf({ type: 'redis', url: 'redis://127.0.0.1', name: 'mymaster' })).toEqual(['store.name is only used with store.sentinels']);
    expect(problemsOf({ type: 'redis', sentinels: [], name: 'm' })).toContain('store.sentinels must be a non-empty list of { host, port }');
  });
});

describe('createStore with Redis', () => {
  let redis: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    redis = await testRedis();
  });
  afterAll(() => redis?.close());

  it('takes the URL from REDIS_URL by default, or from the variable urlEnv names', async () => {
    const prefix = `test:${process.pid}:${Date.now()}:`;
    const byDefault = createStore({ type: 'redis', keyPrefix: prefix }, { env: { REDIS_URL: redis.url } });
    const named = createStore({ type: 'redis', urlEnv: 'SESSIONS', keyPrefix: prefix }, { env: { SESSIONS: redis.url } });
    await byDefault.revokeFamily('f', Date.now() / 1000 + 60);
    await expect(named.isRevoked({ family: 'f' })).resolves.toBe(true);
    await Promise.all([byDefault.close(), named.close()]);
  });
});

describe('lazy ioredis', () => {
  const create = join(ROOT, 'dist', 'store', 'create.js');
  beforeAll(() => {
    if (!existsSync(create)) throw new Error('dist/ is missing: run `npm run build` first');
  });

  const run = (source: string) => spawnSync(process.execPath, ['-e', source], { encoding: 'utf8', timeout: 10_000 });
  const loaded = "Object.keys(require.cache).some((p) => p.includes('/node_modules/ioredis/'))";

  it('is not loaded for a memory store, whose sweep timer does not keep the process alive', () => {
    // The store is not closed: the process must still exit on its own.
    const result = run(`const { createStore } = require(${JSON.stringify(create)}); createStore({ type: 'memory' }); console.log(${loaded});`);
    expect(result.error).toBeUndefined();
    expect([result.status, result.stdout.trim()]).toEqual([0, 'false']);
  });

  it('is loaded when a Redis store is made', () => {
    const result = run(
      `const { createStore } = require(${JSON.stringify(create)});` +
        `const store = createStore({ type: 'redis', url: 'redis://127.0.0.1:1' }); console.log(${loaded}); store.close();`,
    );
    expect([result.status, result.stdout.trim()]).toEqual([0, 'true']);
  });
});

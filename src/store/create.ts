/**
 * The store factory: a plain options object (as the config will hold it) checked once, then a memory or a
 * Redis store. ioredis is required only here, only for a Redis store, so nothing else ever loads it.
 */
import { JwtKitError } from '../errors';
import { createMemoryStore } from './memory';
import type { RedisNode, RedisStoreConfig, StoreConfig } from '../config/types';
import type { RedisStoreOptions } from './redis';

export type { MemoryStoreConfig, RedisStoreConfig, StoreConfig } from '../config/types';
import type { StoreClock, TokenStore } from './types';



/** What the running program, not the config, brings to a store. */
export interface StoreContext {
  /** Where `urlEnv` is looked up. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** The clock in epoch seconds. */
  now?: StoreClock;
  /** Told about Redis connection errors (the store reconnects on its own). */
  onError?: (error: Error) => void;
}

const KNOWN = {
  memory: ['type', 'maxEntries'],
  redis: ['type', 'url', 'urlEnv', 'keyPrefix', 'sentinels', 'name', 'cluster', 'timeoutMs'],
} as const;

/**
 * Makes the store that `config` names. Every problem with the options is reported at once, as one
 * CONFIG_INVALID (exit code 3), before any connection is tried; a URL is never echoed (it may hold a password).
 *
 * @example
 * ```ts
 * const store = createStore({ type: 'redis', urlEnv: 'REDIS_URL', keyPrefix: 'shop:' });
 * ```
 */
export function createStore(config: StoreConfig, context: StoreContext = {}): TokenStore {
  const problems: string[] = [];
  const type = (config as { type?: unknown } | null)?.type;
  if (type !== 'memory' && type !== 'redis') {
    throw invalid(['store.type must be "memory" or "redis"']);
  }
  for (const name of Object.keys(config)) {
    if (!(KNOWN[type] as readonly string[]).includes(name)) problems.push(`store.${name} is not an option of a ${type} store`);
  }
  if (config.type === 'memory') {
    if (config.maxEntries !== undefined && !(Number.isInteger(config.maxEntries) && config.maxEntries > 0)) {
      problems.push('store.maxEntries must be a positive integer');
    }
    if (problems.length > 0) throw invalid(problems);
    return createMemoryStore({ maxEntries: config.maxEntries, now: context.now });
  }
  const options = redisOptions(config, context.env ?? process.env, problems);
  if (problems.length > 0) throw invalid(problems);
  // Lazy: only a Redis store loads ioredis.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createRedisStore } = require('./redis') as typeof import('./redis');
  return createRedisStore({ ...options, now: context.now, onError: context.onError });
}

function invalid(problems: string[]): JwtKitError {
  return new JwtKitError('CONFIG_INVALID', `Invalid store options: ${problems.join('; ')}`, { details: problems });
}

function redisOptions(config: RedisStoreConfig, env: Record<string, string | undefined>, problems: string[]): RedisStoreOptions {
  const urlEnv = config.urlEnv ?? 'REDIS_URL';
  if (typeof urlEnv !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(urlEnv)) problems.push('store.urlEnv must be an environment variable name');
  const fromEnv = typeof urlEnv === 'string' ? env[urlEnv] : undefined;
  const url = config.url ?? (fromEnv === '' ? undefined : fromEnv);
  const where = config.url !== undefined ? 'store.url' : `the ${urlEnv} environment variable`;
  if (url !== undefined && !isRedisUrl(url)) problems.push(`${where} must be a redis:// or rediss:// URL`);

  const sentinels = nodes('sentinels', config.sentinels, problems);
  const cluster = nodes('cluster', config.cluster, problems);
  if (sentinels && cluster) problems.push('store.sentinels and store.cluster cannot both be given');
  if (sentinels && (typeof config.name !== 'string' || config.name === '')) problems.push('store.name (the Sentinel master name) is required with store.sentinels');
  if (!sentinels && config.name !== undefined) problems.push('store.name is only used with store.sentinels');
  if (!sentinels && !cluster && url === undefined) {
    problems.push(`a Redis store needs store.url, the ${urlEnv} environment variable, store.sentinels or store.cluster`);
  }
  if (config.keyPrefix !== undefined && typeof config.keyPrefix !== 'string') problems.push('store.keyPrefix must be a string');
  if (config.timeoutMs !== undefined && !(Number.isInteger(config.timeoutMs) && config.timeoutMs > 0)) {
    problems.push('store.timeoutMs must be a positive integer of milliseconds');
  }
  return { url, sentinels, name: config.name, cluster, keyPrefix: config.keyPrefix, timeoutMs: config.timeoutMs };
}

function isRedisUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function nodes(name: string, value: unknown, problems: string[]): RedisNode[] | undefined {
  if (value === undefined) return undefined;
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (node: unknown) =>
        typeof node === 'object' &&
        node !== null &&
        typeof (node as RedisNode).host === 'string' &&
        (node as RedisNode).host !== '' &&
        Number.isInteger((node as RedisNode).port) &&
        (node as RedisNode).port > 0 &&
        (node as RedisNode).port < 65536,
    );
  if (!valid) {
    problems.push(`store.${name} must be a non-empty list of { host, port }`);
    return undefined;
  }
  return (value as RedisNode[]).map(({ host, port }) => ({ host, port }));
}

/**
 * The Redis store, shared by every instance of an app: the only ioredis user, loaded only when a Redis store
 * is made (create.ts requires this file lazily), so the token CLI and memory-store apps never load ioredis.
 *
 * Every key has a TTL (revocations end with their tokens, use-once marks with theirs, counters with their
 * window), so Redis never grows without bound. Keys: `<prefix>jti:<jti>`, `<prefix>family:<id>`,
 * `<prefix>user:<id>` (holding the "revoked before" time), `<prefix>once:<id>`, `<prefix>hit:<key>`.
 *
 * Fails closed and fast: when Redis is unreachable, every operation rejects with STORE_UNAVAILABLE within
 * `timeoutMs` (it never hangs and never answers "not revoked"), and the same store works again once Redis
 * is back, since ioredis keeps reconnecting (retryStrategy).
 */
import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { JwtKitError, isJwtKitError } from '../errors';
import { checkId, checkSeconds, checkTime, revokedByUser } from './rules';
import { storeSystemClock, type HitResult, type RevocationQuery, type StoreClock, type TokenStore } from './types';

import type { RedisNode } from '../config/types';

export type { RedisNode };

/** Options of {@link createRedisStore}; create.ts checks them, this file trusts them. */
export interface RedisStoreOptions {
  /**
   * `redis://[[user]:password@]host[:port][/db]` or `rediss://` (TLS). With `sentinels` or `cluster` it is
   * optional and gives only the credentials (and, with Sentinel, the db).
   */
  url?: string;
  /** Sentinels to ask for the master named `name` (ioredis's Sentinel support). */
  sentinels?: RedisNode[];
  /** The Sentinel master name. */
  name?: string;
  /** Cluster seed nodes (ioredis's Cluster support). */
  cluster?: RedisNode[];
  /** Prepended to every key, so apps can share a Redis. Default `jwtkit:`. */
  keyPrefix?: string;
  /** The bound on every operation and on each connection attempt, in milliseconds. Default 1000. */
  timeoutMs?: number;
  /** The clock in epoch seconds, used to turn "until" times into TTLs. */
  now?: StoreClock;
  /** Told about every connection error (ioredis reconnects on its own); for a server log. */
  onError?: (error: Error) => void;
}

export const DEFAULT_KEY_PREFIX = 'jwtkit:';
export const DEFAULT_TIMEOUT_MS = 1000;

// Read-modify-write steps that must be atomic run as Lua scripts: one round trip, no interleaving.
const SCRIPTS = {
  // Fixed window: INCR, and an expiry set by the window's first hit (or repaired if a key lost its TTL).
  jwtkitHit: `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
  ttl = tonumber(ARGV[1])
  redis.call('EXPIRE', KEYS[1], ttl)
end
return {count, ttl}`,
  // Takes a hit back: DECR keeps the key's TTL (the window's end); the last hit deletes the key.
  jwtkitUndoHit: `
local count = tonumber(redis.call('GET', KEYS[1]))
if not count then return 0 end
if count <= 1 then
  redis.call('DEL', KEYS[1])
  return 0
end
return redis.call('DECR', KEYS[1])`,
  // "Revoked before": a later time wins, and the entry lives as long as either call asked.
  jwtkitRevokeUser: `
local before = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]))
if current and current > before then before = current end
local left = redis.call('TTL', KEYS[1])
if left > ttl then ttl = left end
redis.call('SET', KEYS[1], tostring(before), 'EX', ttl)
return 1`,
} as const;

type Client = Redis | Cluster;
interface Scripts {
  jwtkitHit(key: string, windowSeconds: number): Promise<[number, number]>;
  jwtkitRevokeUser(key: string, before: string, ttlSeconds: number): Promise<number>;
  jwtkitUndoHit(key: string): Promise<number>;
}

/** The one place library errors become ours: STORE_UNAVAILABLE, the original kept as `cause`. */
function unavailable(error: unknown, context?: string): JwtKitError {
  if (isJwtKitError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new JwtKitError('STORE_UNAVAILABLE', `Redis store: ${context ?? reason}`, { cause: error });
}

// Reconnect soon, then every second: recovery within about a second of Redis coming back.
const retryDelay = (attempt: number): number => Math.min(attempt * 100, 1000);

function connect(options: RedisStoreOptions, timeoutMs: number): Client {
  // No offline queue: a command sent while disconnected fails at once instead of waiting to be replayed
  // later (a late SET NX would burn a refresh token whose caller already got an error). No resending of
  // commands in flight when a connection drops, for the same reason. commandTimeout bounds a connection
  // that is open but silent.
  const common: RedisOptions = {
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    retryStrategy: retryDelay,
  };
  if (options.cluster) {
    const credentials = options.url ? credentialsOf(options.url) : {};
    const clusterOptions: ClusterOptions = {
      // The Cluster keeps ioredis's offline queues: its own ready check (CLUSTER INFO) and slot discovery
      // are queued while it connects, and fail without them. Our commands still never wait in them: `ready()`
      // below sends only while the Cluster is ready, and commandTimeout bounds each call.
      enableOfflineQueue: true,
      clusterRetryStrategy: retryDelay,
      redisOptions: { ...common, enableOfflineQueue: true, ...credentials },
    };
    return new Cluster(options.cluster, clusterOptions);
  }
  if (options.sentinels) {
    const sentinel: RedisOptions = { ...common, sentinels: options.sentinels, name: options.name, sentinelRetryStrategy: retryDelay };
    // The URL, if any, gives the credentials and db; the sentinels give the host.
    return options.url ? new Redis(options.url, sentinel) : new Redis(sentinel);
  }
  return new Redis(options.url as string, common);
}

/** Credentials of a Cluster from a URL (ioredis's Cluster takes no URL of its own). */
function credentialsOf(url: string): RedisOptions {
  const parsed = new URL(url);
  const credentials: RedisOptions = {};
  if (parsed.username) credentials.username = decodeURIComponent(parsed.username);
  if (parsed.password) credentials.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === 'rediss:') credentials.tls = {};
  return credentials;
}

/**
 * Makes a Redis store and starts connecting. Operations wait for the first connection (up to `timeoutMs`);
 * after that, while Redis is away, they reject at once.
 *
 * @example
 * ```ts
 * const store = createRedisStore({ url: process.env.REDIS_URL, keyPrefix: 'myapp:' });
 * await store.revokeUser('42', Math.floor(Date.now() / 1000), 14 * 86400);
 * ```
 */
export function createRedisStore(options: RedisStoreOptions): TokenStore {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? storeSystemClock;
  const client = connect(options, timeoutMs);
  for (const [name, lua] of Object.entries(SCRIPTS)) client.defineCommand(name, { numberOfKeys: 1, lua });
  const scripts = client as unknown as Scripts;
  // A Cluster runs a multi-key command only when every key hashes to one slot: a hash tag keeps the keys
  // that isRevoked reads together in one MGET on one shard.
  const prefix = options.cluster ? `{${options.keyPrefix ?? DEFAULT_KEY_PREFIX}}` : (options.keyPrefix ?? DEFAULT_KEY_PREFIX);
  const key = (kind: string, id: string): string => `${prefix}${kind}:${id}`;

  let lastError: Error | undefined;
  let closed = false;
  const onError = (error: Error): void => {
    lastError = error;
    options.onError?.(error);
  };
  // Without a listener ioredis prints every reconnection error; the caller decides what to log.
  client.on('error', onError);
  if (client instanceof Cluster) client.on('node error', onError);

  let connecting: Promise<void> | undefined;
  const waitForConnection = (): Promise<void> =>
    (connecting ??= new Promise<void>((resolve, reject) => {
      const settle = (error?: JwtKitError): void => {
        clearTimeout(timer);
        client.off('ready', onReady);
        client.off('close', onClose);
        connecting = undefined;
        if (error) reject(error);
        else resolve();
      };
      const onReady = (): void => settle();
      const onClose = (): void => settle(unavailable(lastError, `the connection failed${lastError ? `: ${lastError.message}` : ''}`));
      const timer = setTimeout(() => settle(unavailable(lastError, `no connection within ${timeoutMs} ms`)), timeoutMs);
      timer.unref();
      client.once('ready', onReady);
      client.once('close', onClose);
    }));
  const ready = (): Promise<void> => {
    if (closed) return Promise.reject(unavailable(undefined, 'the store is closed'));
    switch (client.status) {
      case 'ready':
        return Promise.resolve();
      // A connection attempt is under way: worth waiting for, within the bound.
      case 'wait':
      case 'connecting':
      case 'connect':
        return waitForConnection();
      // Between attempts (or closed): fail now rather than make every request wait for Redis.
      default:
        return Promise.reject(unavailable(lastError, `Redis is not connected (${client.status})${lastError ? `: ${lastError.message}` : ''}`));
    }
  };
  const run = async <T>(operation: () => Promise<T>): Promise<T> => {
    try {
      await ready();
      return await operation();
    } catch (error) {
      throw unavailable(error);
    }
  };
  const ttlUntil = (until: number): number => Math.ceil(until - now());

  return {
    async isRevoked({ jti, family, user, iat }: RevocationQuery): Promise<boolean> {
      const keys: string[] = [];
      if (jti !== undefined) keys.push(key('jti', jti));
      if (family !== undefined) keys.push(key('family', family));
      if (user !== undefined) keys.push(key('user', user));
      if (keys.length === 0) return false;
      // One command for the three questions.
      const values = await run(() => client.mget(...keys));
      let at = 0;
      if (jti !== undefined && values[at++] !== null) return true;
      if (family !== undefined && values[at++] !== null) return true;
      const before = user === undefined ? null : values[at];
      return revokedByUser(before === null || before === undefined ? undefined : Number(before), iat);
    },
    async revokeToken(jti: string, untilEpochSeconds: number): Promise<void> {
      const name = key('jti', checkId('jti', jti));
      const ttl = ttlUntil(checkTime('untilEpochSeconds', untilEpochSeconds));
      // A token past its end cannot pass verification anyway: nothing to remember.
      if (ttl > 0) await run(() => client.set(name, '1', 'EX', ttl));
    },
    async revokeFamily(family: string, untilEpochSeconds: number): Promise<void> {
      const name = key('family', checkId('family', family));
      const ttl = ttlUntil(checkTime('untilEpochSeconds', untilEpochSeconds));
      if (ttl > 0) await run(() => client.set(name, '1', 'EX', ttl));
    },
    async revokeUser(user: string, beforeEpochSeconds: number, ttlSeconds: number): Promise<void> {
      const name = key('user', checkId('user', user));
      const before = checkTime('beforeEpochSeconds', beforeEpochSeconds);
      const ttl = checkSeconds('ttlSeconds', ttlSeconds);
      await run(() => scripts.jwtkitRevokeUser(name, String(before), ttl));
    },
    async useOnce(id: string, ttlSeconds: number): Promise<boolean> {
      const name = key('once', checkId('id', id));
      const ttl = checkSeconds('ttlSeconds', ttlSeconds);
      // SET NX is atomic in Redis: of any number of concurrent callers, exactly one gets OK.
      return (await run(() => client.set(name, '1', 'EX', ttl, 'NX'))) === 'OK';
    },
    async hit(counter: string, windowSeconds: number): Promise<HitResult> {
      const name = key('hit', checkId('key', counter));
      const window = checkSeconds('windowSeconds', windowSeconds);
      const [count, resetInSeconds] = await run(() => scripts.jwtkitHit(name, window));
      return { count, resetInSeconds };
    },
    async undoHit(counter: string): Promise<void> {
      const name = key('hit', checkId('key', counter));
      await run(() => scripts.jwtkitUndoHit(name));
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (client.status === 'end') return;
      // Resolve once an open connection is really gone, so nothing of the store outlives close(). Between
      // reconnection attempts there is no socket and no 'end' comes (disconnect() only cancels the next
      // attempt), hence the bound.
      let timer: NodeJS.Timeout | undefined;
      const ended = new Promise<void>((resolve) => {
        client.once('end', () => resolve());
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      });
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
      await ended;
      clearTimeout(timer);
    },
  };
}

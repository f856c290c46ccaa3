/**
 * The single-process store: the default when no Redis is configured. State lives in one Map, so it is lost
 * on restart and not shared between instances (use the Redis store for that).
 *
 * Bounded: at most `maxEntries` entries; at the bound the oldest written entry is dropped first (a Map keeps
 * insertion order, and a rewrite moves an entry to the end). Counters (login throttling) are kept apart from
 * revocations and use-once marks, each under its own bound: a flood of logins with made-up usernames, which
 * clients control, must never push a revocation out. Expired entries are dropped when read, and by a sweep
 * every `sweepIntervalSeconds` on an unref'd timer, so the store never keeps a process alive.
 */
import { checkId, checkSeconds, checkTime, revokedByUser } from './rules';
import { storeSystemClock, type HitResult, type RevocationQuery, type StoreClock, type TokenStore } from './types';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** The most revocations and use-once marks kept, and apart from them the most counters. Default 100000. */
  maxEntries?: number;
  /** Seconds between sweeps of expired entries. Default 60. */
  sweepIntervalSeconds?: number;
  /** The clock in epoch seconds; tests inject one so expiry needs no sleeps. */
  now?: StoreClock;
}

/** The memory store: a {@link TokenStore} plus what a test or a health check may want to see. */
export interface MemoryStore extends TokenStore {
  /** Entries held, expired ones not yet swept included. */
  readonly size: number;
  /** Drops every expired entry now; returns how many went. */
  sweep(): number;
}

export const DEFAULT_MAX_ENTRIES = 100_000;

interface Entry {
  value: number;
  /** Epoch seconds; the entry is gone from this instant on. */
  expiresAt: number;
}

/**
 * Makes a memory store.
 *
 * @example
 * ```ts
 * const store = createMemoryStore({ maxEntries: 10_000 });
 * if (!(await store.useOnce(refreshJti, 3600))) throw new Error('refresh token reused');
 * ```
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('maxEntries must be a positive integer');
  const sweepSeconds = checkSeconds('sweepIntervalSeconds', options.sweepIntervalSeconds ?? 60);
  const now = options.now ?? storeSystemClock;
  const entries = new Map<string, Entry>();
  const counters = new Map<string, Entry>();

  const read = (key: string, map = entries): Entry | undefined => {
    const entry = map.get(key);
    if (entry && entry.expiresAt <= now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  };
  const write = (key: string, value: number, expiresAt: number, map = entries): void => {
    map.delete(key);
    map.set(key, { value, expiresAt });
    // Oldest first: Map iteration order is insertion order.
    for (const oldest of map.keys()) {
      if (map.size <= maxEntries) break;
      map.delete(oldest);
    }
  };
  const sweep = (): number => {
    const at = now();
    let dropped = 0;
    for (const map of [entries, counters]) {
      for (const [key, entry] of map) {
        if (entry.expiresAt <= at) {
          map.delete(key);
          dropped += 1;
        }
      }
    }
    return dropped;
  };
  const timer = setInterval(sweep, sweepSeconds * 1000);
  timer.unref();

  // Each operation is synchronous inside, so it is atomic within the process; async only to share the interface.
  return {
    get size() {
      return entries.size + counters.size;
    },
    sweep,
    async isRevoked({ jti, family, user, iat }: RevocationQuery): Promise<boolean> {
      if (jti !== undefined && read(`jti:${jti}`)) return true;
      if (family !== undefined && read(`family:${family}`)) return true;
      return user !== undefined && revokedByUser(read(`user:${user}`)?.value, iat);
    },
    async revokeToken(jti: string, untilEpochSeconds: number): Promise<void> {
      const key = `jti:${checkId('jti', jti)}`;
      const until = checkTime('untilEpochSeconds', untilEpochSeconds);
      // A token past its end cannot pass verification anyway: nothing to remember.
      if (until > now()) write(key, 1, until);
    },
    async revokeFamily(family: string, untilEpochSeconds: number): Promise<void> {
      const key = `family:${checkId('family', family)}`;
      const until = checkTime('untilEpochSeconds', untilEpochSeconds);
      if (until > now()) write(key, 1, until);
    },
    async revokeUser(user: string, beforeEpochSeconds: number, ttlSeconds: number): Promise<void> {
      const key = `user:${checkId('user', user)}`;
      const before = checkTime('beforeEpochSeconds', beforeEpochSeconds);
      const ttl = checkSeconds('ttlSeconds', ttlSeconds);
      const current = read(key);
      // A later time wins, and the entry lives as long as either call asked.
      write(key, Math.max(before, current?.value ?? before), Math.max(now() + ttl, current?.expiresAt ?? 0));
    },
    async useOnce(id: string, ttlSeconds: number): Promise<boolean> {
      const key = `once:${checkId('id', id)}`;
      const ttl = checkSeconds('ttlSeconds', ttlSeconds);
      if (read(key)) return false;
      write(key, 1, now() + ttl);
      return true;
    },
    async hit(key: string, windowSeconds: number): Promise<HitResult> {
      const name = checkId('key', key);
      const window = checkSeconds('windowSeconds', windowSeconds);
      const at = now();
      const current = read(name, counters);
      const entry = current ? { value: current.value + 1, expiresAt: current.expiresAt } : { value: 1, expiresAt: at + window };
      write(name, entry.value, entry.expiresAt, counters);
      return { count: entry.value, resetInSeconds: Math.ceil(entry.expiresAt - at) };
    },
    async undoHit(key: string): Promise<void> {
      const name = checkId('key', key);
      const current = read(name, counters);
      if (!current) return;
      // In place: the window keeps its end, and taking a hit back does not make a counter young again.
      if (current.value <= 1) counters.delete(name);
      else current.value -= 1;
    },
    async close(): Promise<void> {
      clearInterval(timer);
      entries.clear();
      counters.clear();
    },
  };
}

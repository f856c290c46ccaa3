/**
 * The store interface: the shared state of token lifecycle (revocation, single-use refresh tokens, login
 * throttling), small enough that each backend is one file (memory.ts, redis.ts).
 *
 * Every entry a store keeps expires: a revocation lives until the token it names would have expired anyway,
 * a use-once mark until its token expires, a counter until its window ends. Nothing grows without bound.
 * Times are epoch seconds, as in JWT claims.
 */

/** What the guard knows about a verified token, for {@link TokenStore.isRevoked}. */
export interface RevocationQuery {
  /** The token's `jti`. */
  jti?: string;
  /** The refresh family the token descends from (every token since one login). */
  family?: string;
  /** The token's user (its `sub` or user id claim, as a string). */
  user?: string;
  /** The token's `iat`; compared with the user's "revoked before" time. */
  iat?: number;
}

/** The state of a fixed-window counter after one {@link TokenStore.hit}. */
export interface HitResult {
  /** Hits in the current window, this one included. */
  count: number;
  /** Seconds until the window ends and the count starts again from 0. */
  resetInSeconds: number;
}

/**
 * Shared token state. The memory store serves one process; the Redis store serves every instance of an app.
 * Every operation of the Redis store rejects with `STORE_UNAVAILABLE` when Redis cannot be reached, so a
 * caller fails closed; none ever hangs or answers "not revoked" by default.
 *
 * @example
 * ```ts
 * const store = createStore({ type: 'memory' });
 * await store.revokeToken(payload.jti, payload.exp);
 * await store.isRevoked({ jti: payload.jti, user: payload.sub, iat: payload.iat }); // true
 * ```
 */
export interface TokenStore {
  /**
   * True when the token's `jti` is revoked, or its family is, or its user's tokens issued at or before `iat`
   * are. One round trip (one Redis command) whatever is asked; no round trip when nothing is asked. A user
   * revocation with no `iat` to compare counts as revoked: without a time the store cannot prove the token
   * is newer.
   */
  isRevoked(query: RevocationQuery): Promise<boolean>;
  /** Revokes one token by `jti` until `untilEpochSeconds` (its `exp`, plus any leeway the verifier allows). */
  revokeToken(jti: string, untilEpochSeconds: number): Promise<void>;
  /** Revokes a refresh family until `untilEpochSeconds` (when its last token would expire). */
  revokeFamily(family: string, untilEpochSeconds: number): Promise<void>;
  /**
   * Revokes every token of `user` issued at or before `beforeEpochSeconds` ("log out everywhere"). The entry
   * lives `ttlSeconds` (the longest lifetime a token of the app can have). A later time wins over an earlier one.
   */
  revokeUser(user: string, beforeEpochSeconds: number, ttlSeconds: number): Promise<void>;
  /**
   * Marks `id` used, atomically: true for the first caller only, false for every later one within
   * `ttlSeconds`. For single-use refresh tokens: two concurrent refreshes of one token cannot both win.
   */
  useOnce(id: string, ttlSeconds: number): Promise<boolean>;
  /** Counts one hit on `key` in a fixed window of `windowSeconds` that starts at the window's first hit. */
  hit(key: string, windowSeconds: number): Promise<HitResult>;
  /**
   * Takes one hit on `key` back, within its window (its expiry stays): for an attempt counted before its
   * outcome was known that turned out not to count (a login that succeeded). Nothing when `key` has no hits.
   */
  undoHit(key: string): Promise<void>;
  /** Releases timers and connections. The store must not be used afterwards. */
  close(): Promise<void>;
}

/** A clock in epoch seconds, injectable so expiry tests need no sleeps. */
export type StoreClock = () => number;

/** The system clock, in seconds (fractions kept: entries expire on time, not up to a second late). */
export const storeSystemClock: StoreClock = () => Date.now() / 1000;

/**
 * The optional cache of verified tokens (config `cache`), for clients that send the same token many times: a
 * hit skips decoding and the signature check, the two costly steps of a verify. Modelled on fast-jwt's verifier
 * cache (keyed by the whole token string, bounded, dropped at `exp`), kept small and strict:
 *
 * - Keyed by the whole token string. The decoder accepts one spelling per token (./decode), so a token with
 *   altered bytes, a tampered signature included, is another key: it is verified in full and fails.
 * - Only tokens that passed every check are stored; a failure is never cached, so it is never served either.
 * - The claim rules still run on every hit with the clock of that moment: an entry is dropped at its `exp` (plus
 *   leeway) exactly as a fresh verify would refuse it, whatever the clock does.
 * - The revocation check is outside this cache: with revocation on, the store is asked on every hit too.
 * - Bounded: at most `maxEntries`, the least recently used dropped first (a Map keeps insertion order; a hit
 *   moves its entry to the end).
 * - The payload is frozen (deeply) when stored, since every request with that token then shares it: a route
 *   that writes to `ctx.state.jwt.payload` cannot change what the next request sees.
 */
import type { VerifiedToken } from './service';

export interface VerifiedCache {
  get(token: string): VerifiedToken | undefined;
  set(token: string, verified: VerifiedToken): void;
  delete(token: string): void;
  readonly size: number;
}

export function createVerifiedCache(maxEntries: number): VerifiedCache {
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw new TypeError('cache.maxEntries must be a whole number >= 1');
  const entries = new Map<string, VerifiedToken>();
  return {
    get(token) {
      const found = entries.get(token);
      if (found !== undefined) {
        // Most recently used goes last, so the first entry is always the one to evict.
        entries.delete(token);
        entries.set(token, found);
      }
      return found;
    },
    set(token, verified) {
      entries.delete(token);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      deepFreeze(verified.header);
      deepFreeze(verified.payload);
      entries.set(token, Object.freeze(verified));
    },
    delete(token) {
      entries.delete(token);
    },
    get size() {
      return entries.size;
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

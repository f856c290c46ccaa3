/**
 * Login throttling: failed logins counted per client address and per username in the store, each in a fixed
 * window (OWASP Authentication Cheat Sheet, "Login Throttling" and "Account Lockout": the counter that matters is
 * the account's, so an attacker cannot spread guesses over many addresses; the address counter stops one client
 * spraying one password over many accounts). Koa-free: the login route passes the username and the address.
 *
 * Every attempt is counted before `authenticate` runs, atomically in the store, and a login that succeeds takes
 * its hits back. Counting first is what holds under concurrency: of a burst of 1000 parallel guesses, only the
 * first `limit` reach `authenticate` (a check-then-count scheme would let the whole burst through). A refused
 * attempt counts too: it is one more request that did not log in. A success does not reset the username counter:
 * otherwise a user (or a script) that logs in often would hand an attacker a fresh allowance each time.
 */
import { createHmac, hkdfSync, type KeyObject } from 'node:crypto';
import { JwtKitError, isJwtKitError } from '../errors';
import type { ResolvedLoginThrottle } from '../config/types';
import type { TokenStore } from '../store/types';

/** One counted login attempt. */
export interface LoginAttempt {
  /** The attempt logged in: its hits are taken back, so a success never counts as a failure. */
  succeeded(): Promise<void>;
}

export interface LoginThrottle {
  /**
   * Counts an attempt for `username` from `address` (see client-address.ts). Rejects with `LOGIN_THROTTLED` (429,
   * `Retry-After`) while either limit holds, and with `STORE_UNAVAILABLE` (503) when the store cannot be reached,
   * unless `onStoreUnavailable` is `open`.
   */
  attempt(username: string, address: string): Promise<LoginAttempt>;
}

export interface ThrottleParts {
  options: ResolvedLoginThrottle;
  store: TokenStore;
  /**
   * The current signing key: the username hash is keyed with a key derived from it, so the store holds no
   * username and no dictionary of likely usernames (email addresses) can be run against it. Every instance of
   * an app has the same key, so they agree on the hashes.
   */
  signingKey?: KeyObject;
}

const NOTHING_COUNTED: LoginAttempt = { succeeded: async () => undefined };

/**
 * The form under which a username is counted: Unicode NFKC (full-width and other compatibility forms fold to
 * one), trimmed, case-folded (upper then lower, so `ß` and `SS` meet). Case and spacing variants of one name
 * share one counter, as they usually reach one account: an attacker gains no extra guesses by writing `JOE `.
 */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').trim().toUpperCase().toLowerCase();
}

/** A key for the username hash: HKDF from the signing key, so it differs per app and is never the key itself. */
function hashKey(signingKey: KeyObject | undefined): Buffer {
  const material = !signingKey
    ? Buffer.alloc(0)
    : signingKey.type === 'secret'
      ? signingKey.export()
      : signingKey.export({ format: 'der', type: 'pkcs8' });
  return Buffer.from(hkdfSync('sha256', material, 'jwt-kit', 'login throttle username key', 32));
}

export function createLoginThrottle({ options, store, signingKey }: ThrottleParts): LoginThrottle {
  const key = hashKey(signingKey);
  const usernameKey = (username: string): string =>
    `login:user:${createHmac('sha256', key).update(normalizeUsername(username)).digest('base64url')}`;
  const throttled = (resetInSeconds: number): JwtKitError =>
    new JwtKitError('LOGIN_THROTTLED', undefined, { headers: { 'Retry-After': String(Math.max(1, Math.ceil(resetInSeconds))) } });

  return {
    async attempt(username, address) {
      const byAddress = `login:addr:${address}`;
      const byUser = usernameKey(username);
      const counted: string[] = [];
      try {
        // The address first: a client over its limit adds no counter at all, so one client cannot fill the
        // store with counters for made-up usernames.
        const fromAddress = await store.hit(byAddress, options.addressWindow);
        counted.push(byAddress);
        if (fromAddress.count > options.addressLimit) throw throttled(fromAddress.resetInSeconds);
        const forUser = await store.hit(byUser, options.usernameWindow);
        counted.push(byUser);
        if (forUser.count > options.usernameLimit) throw throttled(forUser.resetInSeconds);
      } catch (error) {
        // Fail open only when told to, and only for an unreachable store: never for a limit that holds.
        if (options.onStoreUnavailable === 'open' && isJwtKitError(error) && error.code === 'STORE_UNAVAILABLE') return NOTHING_COUNTED;
        throw error;
      }
      return {
        async succeeded() {
          // Best effort: the login already succeeded, and a hit not taken back costs one count at worst.
          await Promise.all(counted.map((name) => store.undoHit(name))).catch(() => undefined);
        },
      };
    },
  };
}

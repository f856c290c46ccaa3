/**
 * The keys of an issuer, fetched from its JWKS URL: the only place in jwt-kit that makes a network request.
 *
 * Shaped after what jwks-rsa and jose learned, as one small state machine over the whole set (not per kid):
 * - The set is cached for the issuer's `Cache-Control: max-age`, held within `minCacheAge` and `maxCacheAge`
 *   (`maxCacheAge` when the issuer says nothing), so a `max-age=0` issuer is not fetched on every request.
 * - At most one request to the issuer is in flight, and at most one starts per `cooldown`, whatever asks for it
 *   (a first request, an unknown kid, an expired cache, a retry after a failure): a flood of tokens with random
 *   kids costs the issuer one request per cooldown, not one per token (jwks-rsa's rate limit, jose's cooldown).
 * - An expired set keeps serving while a new one is fetched, and while the issuer cannot be reached
 *   (jwks-rsa's stale fallback), so a brief outage of the issuer is no outage of ours.
 * - With nothing cached and no way to fetch, the answer is `JWKS_UNAVAILABLE` (503), never a pass.
 *
 * A token whose key is in the cache is looked up synchronously: only a fetch makes a verify wait.
 */
import { JwtKitError } from '../errors';
import type { Algorithm, ResolvedKey, ResolvedRemoteJwks } from '../config/types';
import { allowedAlgorithm, readJwks, type JwksKeys } from './jwks';
import { translateFetchError } from './translate';

/** A JWKS bigger than this is not a key set: stop reading (a real one holds a few keys, a few KiB). */
export const MAX_JWKS_BYTES = 1024 * 1024;

export interface RemoteKeySet {
  /** The key for this token header: synchronous from the cache, a promise when a fetch is needed. */
  keyFor(header: Record<string, unknown>): ResolvedKey | Promise<ResolvedKey>;
  /** The key from the cache only, never fetching (for reports); `JWKS_UNAVAILABLE` when nothing is cached. */
  cachedKeyFor(header: Record<string, unknown>): ResolvedKey;
  /**
   * Fetches the set now, unless a fetch is in flight (joined) or the cooldown forbids one (resolves at once).
   * Rejects with `JWKS_UNAVAILABLE` when the fetch fails. A server may call it at start-up to warm the cache.
   */
  refresh(): Promise<void>;
  /** How many requests were sent to the issuer: for logs and tests. */
  readonly fetches: number;
}

export interface FetchedJwks {
  body: unknown;
  /** The `max-age` of the answer's Cache-Control, in seconds (0 for `no-store` and `no-cache`); undefined when absent. */
  maxAge?: number;
}

/**
 * Fetches a JWKS document: one GET, no redirect followed (give the final URL), within `timeoutSeconds`, at most
 * {@link MAX_JWKS_BYTES}. Every failure is `JWKS_UNAVAILABLE`, translated in ./translate.
 */
export async function fetchJwks(url: string, timeoutSeconds: number): Promise<FetchedJwks> {
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/jwk-set+json, application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new JwtKitError('JWKS_UNAVAILABLE', `the JWKS at ${url} could not be fetched: it answered ${response.status}`);
    }
    const text = await readLimited(response, url);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new JwtKitError('JWKS_UNAVAILABLE', `the JWKS at ${url} is not JSON`);
    }
    return { body, maxAge: cacheMaxAge(response.headers.get('cache-control')) };
  } catch (error) {
    throw translateFetchError(error, url);
  }
}

async function readLimited(response: Response, url: string): Promise<string> {
  const tooBig = () => new JwtKitError('JWKS_UNAVAILABLE', `the JWKS at ${url} is larger than ${MAX_JWKS_BYTES} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_JWKS_BYTES) {
    await response.body?.cancel();
    throw tooBig();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).byteLength;
    if (size > MAX_JWKS_BYTES) throw tooBig();
    chunks.push(chunk as Uint8Array);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The freshness an issuer gives its answer: `max-age` (RFC 9111 section 5.2.2.1); `no-store`/`no-cache` are 0. */
export function cacheMaxAge(header: string | null): number | undefined {
  if (!header) return undefined;
  const directives = header.toLowerCase().split(',').map((part) => part.trim());
  if (directives.includes('no-store') || directives.includes('no-cache')) return 0;
  const maxAge = directives.map((part) => /^max-age\s*=\s*"?(\d+)"?$/.exec(part)).find(Boolean);
  return maxAge ? Number(maxAge[1]) : undefined;
}

/**
 * The remote key set of `options`, timed by `clock` (seconds: the token service's clock, so tests move time
 * without sleeping).
 */
export function createRemoteKeySet(options: ResolvedRemoteJwks, clock: () => number, fetcher = fetchJwks): RemoteKeySet {
  const { url, algorithms, cooldown } = options;
  let cache: { keys: JwksKeys; freshUntil: number } | undefined;
  let inFlight: Promise<void> | undefined;
  let lastStart = -Infinity;
  let lastFailure: JwtKitError | undefined;
  let fetches = 0;

  /** Starts a fetch when none is in flight and the cooldown allows one; returns the one in flight, if any. */
  const start = (): Promise<void> | undefined => {
    if (inFlight) return inFlight;
    const now = clock();
    if (now - lastStart < cooldown) return undefined;
    lastStart = now;
    fetches += 1;
    inFlight = fetcher(url, options.timeout)
      .then(({ body, maxAge }) => {
        const keys = readJwks(body, algorithms, `the JWKS at ${url}`);
        const lifetime = Math.min(options.maxCacheAge, Math.max(options.minCacheAge, maxAge ?? options.maxCacheAge));
        cache = { keys, freshUntil: clock() + lifetime };
        lastFailure = undefined;
      })
      .catch((error: unknown) => {
        lastFailure = translateFetchError(error, url);
        throw lastFailure;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  const unavailable = (): JwtKitError => {
    const retryAfter = Math.max(1, Math.ceil(lastStart + cooldown - clock()));
    const description = lastFailure?.description ?? `the JWKS at ${url} has not been fetched yet`;
    return new JwtKitError('JWKS_UNAVAILABLE', description, { cause: lastFailure, headers: { 'Retry-After': String(retryAfter) } });
  };

  const lookUp = (kid: unknown, alg: Algorithm): ResolvedKey => {
    const key = cache?.keys.find(kid, alg);
    if (!key) throw new JwtKitError('TOKEN_KEY_UNKNOWN');
    return key;
  };

  // A failed background refresh is already recorded in lastFailure; the stale set keeps serving.
  const ignore = () => undefined;

  return {
    keyFor(header) {
      const alg = allowedAlgorithm(header, algorithms);
      if (!cache) {
        const pending = start();
        if (!pending) throw unavailable();
        return pending.then(() => lookUp(header.kid, alg), () => Promise.reject(unavailable()));
      }
      if (clock() >= cache.freshUntil) start()?.catch(ignore);
      const key = cache.keys.find(header.kid, alg);
      if (key) return key;
      // An unknown kid may be a key the issuer has just added: fetch again, once per cooldown at most.
      const pending = start();
      if (!pending) throw new JwtKitError('TOKEN_KEY_UNKNOWN');
      // The issuer is down: the key may exist, so "try later" rather than "this token is bad".
      return pending.then(() => lookUp(header.kid, alg), () => Promise.reject(unavailable()));
    },
    cachedKeyFor(header) {
      const alg = allowedAlgorithm(header, algorithms);
      if (!cache) throw unavailable();
      return lookUp(header.kid, alg);
    },
    refresh: () => start() ?? Promise.resolve(),
    get fetches() {
      return fetches;
    },
  };
}

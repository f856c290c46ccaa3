/**
 * JSON Web Key Sets (RFC 7517 section 5), both ways: the public JWKS of our own key set (what the JWKS endpoint
 * and `jwt-kit keys jwks` publish), and the keys of an issuer's JWKS, read into keys we can verify with.
 *
 * Reading an issuer's set trusts nothing it says on its own: a key is used only for the algorithms the config
 * accepts, only when the key fits the algorithm (RSA for RS and PS, the algorithm's curve for ES), and a JWK's
 * `alg` can only narrow that list, never widen it. HMAC (`oct`) keys, keys for encryption (`use: "enc"`) and
 * keys that carry private members are ignored.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { JwtKitError } from '../errors';
import { publicJwk, jwkThumbprint, type PublicJwk } from '../config/jwk';
import { keyProblem } from '../config/key-rules';
import { isHmac } from '../config/keys';
import type { Algorithm, ResolvedKey } from '../config/types';
import { isJsonObject } from '../config/json-object';

/** A published key: the public members, its `kid`, `alg` and `use: "sig"`. */
export type PublishedJwk = PublicJwk & { kid: string; alg: Algorithm; use: 'sig' };

export interface JwksDocument {
  keys: PublishedJwk[];
}

/**
 * The public JWKS of a key set: every key, the retired (`verify`) ones too while they are listed, since tokens
 * they signed are still valid. A key without a `kid` is published under its RFC 7638 thumbprint. Throws
 * `CONFIG_INVALID` for an HMAC key: a shared secret is never published.
 *
 * @example
 * ```ts
 * publicJwks(kit.config.keys); // { keys: [{ kid: '2026-12', kty: 'EC', alg: 'ES256', use: 'sig', crv, x, y }] }
 * ```
 */
export function publicJwks(keys: readonly ResolvedKey[]): JwksDocument {
  const secret = keys.find((key) => isHmac(key.algorithm));
  if (secret) {
    throw new JwtKitError('CONFIG_INVALID', `a JWKS holds public keys, and ${secret.source} is a ${secret.algorithm} shared secret, which is never published`);
  }
  return {
    keys: keys.map((key) => {
      const members = publicJwk(key.verifying);
      return { kid: key.kid ?? jwkThumbprint(key.verifying), kty: members.kty as string, alg: key.algorithm, use: 'sig' as const, ...members };
    }),
  };
}

/** The members that only a private or secret JWK has (RFC 7518 sections 6.2.2, 6.3.2, 6.4.1). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

interface JwksEntry {
  kid?: string;
  /** The configured algorithms this key may verify, in the config's order. */
  algorithms: Algorithm[];
  verifying: KeyObject;
  /** One ResolvedKey per algorithm, made when first needed and then reused, so a verify allocates nothing. */
  resolved: Map<Algorithm, ResolvedKey>;
}

/** The usable keys of an issuer's JWKS. */
export interface JwksKeys {
  /** How many keys of the set are usable with the configured algorithms. */
  readonly size: number;
  /**
   * The key for a token of algorithm `alg` (already checked to be configured) naming `kid`. A token without a
   * kid is checked with the only usable key of its algorithm; with several, none is picked.
   */
  find(kid: unknown, alg: Algorithm): ResolvedKey | undefined;
}

/**
 * Reads a JWKS document into the keys usable with `algorithms`. Throws `JWKS_UNAVAILABLE` when `body` is not
 * a JWK set at all (`{ "keys": [...] }`); a set whose keys are all unusable is an empty set.
 */
export function readJwks(body: unknown, algorithms: readonly Algorithm[], source: string): JwksKeys {
  const list = (body as { keys?: unknown } | null)?.keys;
  if (body === null || typeof body !== 'object' || !Array.isArray(list)) {
    throw new JwtKitError('JWKS_UNAVAILABLE', `${source} is not a JSON Web Key Set (an object with a "keys" list)`);
  }
  const entries: JwksEntry[] = [];
  for (const jwk of list) {
    const entry = readEntry(jwk, algorithms);
    if (entry) entries.push(entry);
  }
  const resolvedKey = (entry: JwksEntry, alg: Algorithm): ResolvedKey => {
    let key = entry.resolved.get(alg);
    if (!key) {
      const name = entry.kid === undefined ? 'a key without kid' : `kid ${JSON.stringify(entry.kid)}`;
      key = { kid: entry.kid, algorithm: alg, current: false, verifying: entry.verifying, source: `${source} (${name})`, from: `${source} (${name})` };
      entry.resolved.set(alg, key);
    }
    return key;
  };
  return {
    size: entries.length,
    find(kid, alg) {
      if (kid !== undefined) {
        if (typeof kid !== 'string') return undefined;
        const entry = entries.find((one) => one.kid === kid && one.algorithms.includes(alg));
        return entry && resolvedKey(entry, alg);
      }
      const fitting = entries.filter((one) => one.algorithms.includes(alg));
      return fitting.length === 1 ? resolvedKey(fitting[0] as JwksEntry, alg) : undefined;
    },
  };
}

function readEntry(jwk: unknown, algorithms: readonly Algorithm[]): JwksEntry | undefined {
  if (!isJsonObject(jwk)) return undefined;
  const member = jwk as Record<string, unknown>;
  if (member.kty !== 'RSA' && member.kty !== 'EC') return undefined;
  if (PRIVATE_MEMBERS.some((name) => member[name] !== undefined)) return undefined;
  if (member.use !== undefined && member.use !== 'sig') return undefined;
  if (member.key_ops !== undefined && !(Array.isArray(member.key_ops) && member.key_ops.includes('verify'))) return undefined;
  if (member.kid !== undefined && typeof member.kid !== 'string') return undefined;
  let verifying: KeyObject;
  try {
    // Only the public members go to the parser: nothing else of the JWK can influence the key.
    const { kty, n, e, crv, x, y } = member;
    const material = kty === 'RSA' ? { kty, n, e } : { kty, crv, x, y };
    verifying = createPublicKey({ key: material as never, format: 'jwk' });
  } catch {
    return undefined;
  }
  const usable = algorithms.filter((alg) => (member.alg === undefined || member.alg === alg) && keyProblem(alg, verifying) === undefined);
  if (usable.length === 0) return undefined;
  return { kid: member.kid as string | undefined, algorithms: usable, verifying, resolved: new Map() };
}

/**
 * The algorithm of a token's header when it is one of `algorithms`; throws `TOKEN_ALGORITHM_NOT_ALLOWED`
 * otherwise, before any key is looked up (so a token of another algorithm never causes a fetch).
 */
export function allowedAlgorithm(header: Record<string, unknown>, algorithms: readonly Algorithm[]): Algorithm {
  const alg = header.alg;
  if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
    throw new JwtKitError('TOKEN_ALGORITHM_NOT_ALLOWED', 'Unsigned tokens (alg "none") are not accepted');
  }
  if (!algorithms.includes(alg as Algorithm)) throw new JwtKitError('TOKEN_ALGORITHM_NOT_ALLOWED');
  return alg as Algorithm;
}

/**
 * A synchronous key lookup over a JWKS read once (the CLI's `token verify --jwks FILE|URL`), with the same
 * rules as the remote key set.
 */
export function jwksKeyLookup(keys: JwksKeys, algorithms: readonly Algorithm[]): { keyFor(header: Record<string, unknown>): ResolvedKey } {
  return {
    keyFor(header) {
      const alg = allowedAlgorithm(header, algorithms);
      const key = keys.find(header.kid, alg);
      if (!key) throw new JwtKitError('TOKEN_KEY_UNKNOWN');
      return key;
    },
  };
}

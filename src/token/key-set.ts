/**
 * The key set of a config at run time: which key signs, and which key checks a given token. The key is picked
 * by the token's `kid` and must be of the token's algorithm; it is never taken from the token itself (its
 * `jku`, `x5u`, `jwk` or `x5c` headers are ignored: RFC 8725 section 3.10, and the jsonwebtoken and jose
 * advisories about embedded keys).
 */
import { JwtKitError } from '../errors';
import type { ResolvedKey } from '../config/types';

/** Finds the key that checks a token, synchronously: a key set, or a JWKS read once. */
export interface KeyLookup {
  /** The key that checks a token with this header, or a `JwtKitError` saying why there is none. */
  keyFor(header: Record<string, unknown>): ResolvedKey;
}

export interface KeySet extends KeyLookup {
  /** The key that signs new tokens. */
  readonly current: ResolvedKey;
  /** Every key, the current one first. */
  readonly keys: readonly ResolvedKey[];
}

/**
 * Builds the run-time key set.
 *
 * - A single key without a configured `kid` (the classic setup) checks every token, whatever `kid` it carries:
 *   other issuers' libraries set one. A thumbprint `kid` given for a JWKS does not count as configured.
 * - Otherwise a token with a `kid` is checked by the key of that `kid` (`TOKEN_KEY_UNKNOWN` when none), and a
 *   token without one by the current key only.
 * - A key checks tokens of its own algorithm only (`TOKEN_ALGORITHM_NOT_ALLOWED`).
 */
export function createKeySet(keys: readonly ResolvedKey[]): KeySet {
  const current = keys.find((key) => key.current) ?? keys[0];
  if (!current) throw new TypeError('createKeySet needs at least one key');
  const byKid = new Map(keys.filter((key) => key.kid !== undefined).map((key) => [key.kid as string, key]));
  // A kid we only derived (the thumbprint a JWKS names the key by) was never a choice of the config's.
  const anyKid = keys.length === 1 && (current.kid === undefined || current.kidIsThumbprint === true);

  const keyFor = (header: Record<string, unknown>): ResolvedKey => {
    const alg = header.alg;
    if (alg === undefined || typeof alg !== 'string' || alg.toLowerCase() === 'none') {
      throw new JwtKitError('TOKEN_ALGORITHM_NOT_ALLOWED', 'Unsigned tokens (alg "none") are not accepted');
    }
    const kid = header.kid;
    let key = current;
    if (kid !== undefined && !anyKid) {
      const named = typeof kid === 'string' ? byKid.get(kid) : undefined;
      if (!named) throw new JwtKitError('TOKEN_KEY_UNKNOWN');
      key = named;
    }
    if (alg !== key.algorithm) throw new JwtKitError('TOKEN_ALGORITHM_NOT_ALLOWED');
    return key;
  };
  return { current, keys, keyFor };
}

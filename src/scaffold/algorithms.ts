import type { Algorithm } from '../config/types';

/**
 * The algorithms `init` accepts: HS* get a random secret in `.env`, RS*, PS* and ES* a new key pair under
 * `keys/`. A module of its own, free of imports, so the CLI can check `--algorithm` without loading the rest.
 */
export const INIT_ALGORITHMS: readonly Algorithm[] = [
  'HS256', 'HS384', 'HS512',
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512',
];

export function isInitAlgorithm(value: string): value is Algorithm {
  return (INIT_ALGORITHMS as readonly string[]).includes(value);
}

/** True for the HMAC algorithms, which use one shared secret. */
export const usesSecret = (algorithm: Algorithm): boolean => algorithm.startsWith('HS');

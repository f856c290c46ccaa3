/**
 * The key material `init` generates: a random HMAC secret, or a key pair for the asymmetric algorithms.
 * Nothing here is ever printed.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Algorithm } from '../config/types';

/** Bytes of randomness in a generated secret: the HS512 minimum (RFC 7518 section 3.2), so any HS* fits. */
export const SECRET_BYTES = 64;

/** A new random HMAC secret, base64url (86 characters for 64 bytes): safe in a .env file without quoting. */
export function generateSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export interface PemKeyPair {
  privateKey: string;
  publicKey: string;
}

const CURVES: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

/** A PEM key pair (PKCS#8 private, SPKI public) for an RS*, PS* or ES* algorithm. */
export function generateKeyPair(algorithm: Algorithm): PemKeyPair {
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const namedCurve = CURVES[algorithm];
  if (namedCurve !== undefined) return generateKeyPairSync('ec', { namedCurve, privateKeyEncoding, publicKeyEncoding });
  if (algorithm.startsWith('RS') || algorithm.startsWith('PS')) {
    // 2048 bits: the minimum RFC 7518 section 3.3 asks for, and quick to generate.
    return generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding, publicKeyEncoding });
  }
  throw new TypeError(`${algorithm} does not use a key pair`);
}

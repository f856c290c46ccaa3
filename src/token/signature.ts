/**
 * Signs and checks JWS signatures (RFC 7518 section 3) with node:crypto's one-shot functions and the prepared
 * `KeyObject`s, fed the signing input the decoder already split out, so the token is never decoded twice.
 *
 * Why not jwa (jsonwebtoken's signing layer, used here before): it converts every signature between base64url
 * and base64 with three regular expressions, and every ECDSA signature between the JOSE and the DER form, on
 * each call; node:crypto reads base64url and the JOSE form (`ieee-p1363`) itself. The verify is about twice as
 * fast and the code is the algorithm table below. What each algorithm is stays RFC 7518's:
 * HS: HMAC, compared in constant time; RS: RSASSA-PKCS1-v1_5; PS: RSASSA-PSS, salt length = hash length;
 * ES: ECDSA with the signature as R || S of fixed length.
 */
import { constants, createHmac, sign as cryptoSign, timingSafeEqual, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { JwtKitError } from '../errors';
import type { Algorithm, ResolvedKey } from '../config/types';
import { translateSignatureError } from './translate';

// The signing input is two base64url segments and a dot: ASCII, so latin1 is its exact and quickest encoding.
interface Scheme {
  sign(input: string, key: KeyObject): Buffer;
  verify(input: string, signature: Buffer, key: KeyObject): boolean;
}

const hmac = (hash: string): Scheme => {
  const sign = (input: string, key: KeyObject) => createHmac(hash, key).update(input, 'latin1').digest();
  return {
    sign,
    verify: (input, signature, key) => {
      const expected = sign(input, key);
      return signature.length === expected.length && timingSafeEqual(signature, expected);
    },
  };
};

const asymmetric = (hash: string, options: { padding?: number; saltLength?: number; dsaEncoding?: 'ieee-p1363' }): Scheme => ({
  sign: (input, key) => cryptoSign(hash, Buffer.from(input, 'latin1'), { key, ...options }),
  verify: (input, signature, key) => cryptoVerify(hash, Buffer.from(input, 'latin1'), { key, ...options }, signature),
});

const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
const jose = { dsaEncoding: 'ieee-p1363' as const };

const SCHEMES: Record<Algorithm, Scheme> = {
  HS256: hmac('sha256'),
  HS384: hmac('sha384'),
  HS512: hmac('sha512'),
  RS256: asymmetric('sha256', {}),
  RS384: asymmetric('sha384', {}),
  RS512: asymmetric('sha512', {}),
  PS256: asymmetric('sha256', pss),
  PS384: asymmetric('sha384', pss),
  PS512: asymmetric('sha512', pss),
  ES256: asymmetric('sha256', jose),
  ES384: asymmetric('sha384', jose),
  ES512: asymmetric('sha512', jose),
};

/** ECDSA signatures are R || S, each the size of the curve's order: anything else is refused before crypto. */
const ECDSA_BYTES: Partial<Record<Algorithm, number>> = { ES256: 64, ES384: 96, ES512: 132 };

/** The base64url signature of `signingInput` with `key`'s signing key. Throws what node:crypto throws. */
export function signWith(algorithm: Algorithm, signing: KeyObject, signingInput: string): string {
  return SCHEMES[algorithm].sign(signingInput, signing).toString('base64url');
}

/** Throws `TOKEN_BAD_SIGNATURE` unless `signature` (base64url, canonical) is `key`'s signature of `signingInput`. */
export function checkSignature(key: ResolvedKey, signingInput: string, signature: string): void {
  let valid: boolean;
  try {
    const bytes = Buffer.from(signature, 'base64url');
    const ecdsa = ECDSA_BYTES[key.algorithm];
    valid = (ecdsa === undefined || bytes.length === ecdsa) && SCHEMES[key.algorithm].verify(signingInput, bytes, key.verifying);
  } catch (error) {
    throw translateSignatureError(error);
  }
  if (!valid) throw new JwtKitError('TOKEN_BAD_SIGNATURE');
}

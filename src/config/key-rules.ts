/**
 * Which asymmetric keys an algorithm can use (RFC 7518 section 3): checked at start-up, because jsonwebtoken
 * checks them only when it signs or verifies, which would turn every request into a 500.
 */
import type { KeyObject } from 'node:crypto';
import type { Algorithm } from './types';

const KEY_TYPES: Record<string, string[]> = { RS: ['rsa'], PS: ['rsa', 'rsa-pss'], ES: ['ec'] };
const CURVES: Partial<Record<Algorithm, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };
/** RFC 7518 section 3.3: "A key of size 2048 bits or larger MUST be used". */
export const MIN_RSA_BITS = 2048;

/** Why `key` cannot serve `algorithm`, or undefined when it can. */
export function keyProblem(algorithm: Algorithm, key: KeyObject): string | undefined {
  const types = KEY_TYPES[algorithm.slice(0, 2)];
  const type = key.asymmetricKeyType;
  if (!types || type === undefined) return undefined;
  if (!types.includes(type)) return `${algorithm} needs ${types.join(' or ')} keys, but the key is ${type}`;
  const details = key.asymmetricKeyDetails ?? {};
  const curve = CURVES[algorithm];
  if (curve !== undefined && details.namedCurve !== curve) {
    return `${algorithm} needs a key on the ${curve} curve, but the key is on ${details.namedCurve ?? 'an unknown curve'}`;
  }
  if (type === 'rsa-pss') {
    // An RSA-PSS key carries its own hash and salt: they must be the algorithm's (RFC 7518 section 3.5).
    const bits = Number(algorithm.slice(2));
    const { hashAlgorithm, mgf1HashAlgorithm, saltLength } = details;
    if (hashAlgorithm === undefined) {
      // jsonwebtoken refuses an RSA-PSS key that does not state its parameters (openssl's default).
      return `${algorithm} cannot use an RSA-PSS key without set parameters: make one restricted to SHA-${bits} (openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_pss_keygen_md:sha${bits} -pkeyopt rsa_pss_keygen_mgf1_md:sha${bits}), or use a plain RSA key`;
    }
    if (hashAlgorithm !== `sha${bits}` || mgf1HashAlgorithm !== hashAlgorithm || (saltLength !== undefined && saltLength > bits / 8)) {
      return `${algorithm} needs an RSA-PSS key restricted to SHA-${bits} (hash, MGF1, salt up to ${bits / 8} bytes), but the key uses ${hashAlgorithm}`;
    }
  }
  if (type !== 'ec' && (details.modulusLength ?? 0) < MIN_RSA_BITS) {
    return `${algorithm} needs an RSA key of at least ${MIN_RSA_BITS} bits, but the key has ${details.modulusLength ?? 'unknown'}`;
  }
  return undefined;
}

/** The algorithm a key suggests when none is named: RS256 for RSA keys, PS* by an RSA-PSS key's hash, ES* by the curve. */
export function algorithmForKey(key: KeyObject): Algorithm | undefined {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  // An RSA-PSS key carries its hash: PS256, PS384 or PS512 follow it; one without set parameters fits none.
  if (key.asymmetricKeyType === 'rsa-pss') {
    const hash = key.asymmetricKeyDetails?.hashAlgorithm;
    return (['PS256', 'PS384', 'PS512'] as const).find((algorithm) => hash === `sha${algorithm.slice(2)}`);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return (Object.keys(CURVES) as Algorithm[]).find((algorithm) => CURVES[algorithm] === curve);
}

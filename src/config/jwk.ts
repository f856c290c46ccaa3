/**
 * The public half of an asymmetric key as a JSON Web Key, and its RFC 7638 thumbprint. The members are copied
 * from an allow-list per key type, never filtered out of a full export: whatever Node adds to an export one
 * day, a private member (`d`, `p`, `q`, `dp`, `dq`, `qi`, or an HMAC `k`) can never reach a published key.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** The members that make up an RSA or EC public key (RFC 7518 section 6), in the order RFC 7638 hashes them. */
const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
};

/** A public JWK: `kty` and the public members of its type, nothing else. */
export type PublicJwk = Record<string, string>;

/**
 * The public JWK of an RSA, RSA-PSS or EC key (a public or a private `KeyObject`). Throws a `TypeError` for a
 * secret key: there is no public half of an HMAC secret.
 */
export function publicJwk(key: KeyObject): PublicJwk {
  if (key.type === 'secret') throw new TypeError('an HMAC secret has no public key');
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  // Node cannot export an RSA-PSS key as a JWK; its n and e are those of the plain RSA key it wraps.
  const source = publicKey.asymmetricKeyType === 'rsa-pss' ? plainRsa(publicKey) : publicKey;
  const exported = exportJwk(source);
  const members = PUBLIC_MEMBERS[String(exported.kty)];
  if (!members) throw new TypeError(`keys of type ${String(exported.kty)} cannot be published as a JWK`);
  const jwk: PublicJwk = {};
  for (const name of members) {
    const value = exported[name];
    if (typeof value !== 'string') throw new TypeError(`the ${String(exported.kty)} key has no "${name}" member`);
    jwk[name] = value;
  }
  return jwk;
}

/**
 * The RFC 7638 thumbprint of a key: SHA-256 of its required public members in lexicographic order, with no
 * whitespace, as base64url. Stable for a key, whatever format it was read from, so it makes a good `kid`.
 *
 * @example
 * ```ts
 * jwkThumbprint(createPublicKey(pem)); // 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'
 * ```
 */
export function jwkThumbprint(key: KeyObject): string {
  const jwk = publicJwk(key);
  // publicJwk wrote the members in RFC 7638 order; JSON.stringify keeps insertion order and adds no whitespace.
  return createHash('sha256').update(JSON.stringify(jwk)).digest('base64url');
}

/**
 * The plain RSA public key inside an RSA-PSS one. Its SPKI (RFC 5280 section 4.1) is a SEQUENCE of the
 * algorithm (id-RSASSA-PSS with its parameters) and a BIT STRING holding the RSAPublicKey (n, e) that a plain
 * RSA key holds too (RFC 8017 appendix A.1.1): that BIT STRING, read as PKCS#1, is the plain key.
 */
function plainRsa(key: KeyObject): KeyObject {
  const spki = key.export({ format: 'der', type: 'spki' });
  const outer = derElement(spki, 0);
  const algorithm = derElement(spki, outer.contentStart);
  const bitString = derElement(spki, algorithm.end);
  // The first content byte of a BIT STRING counts the unused bits of its last byte: 0 for a key.
  const rsaPublicKey = spki.subarray(bitString.contentStart + 1, bitString.end);
  return createPublicKey({ key: rsaPublicKey, format: 'der', type: 'pkcs1' });
}

/** Where the DER element at `offset` starts its content and ends (definite lengths, as DER requires). */
function derElement(der: Buffer, offset: number): { contentStart: number; end: number } {
  let at = offset + 1;
  let length = der[at++] ?? 0;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    length = 0;
    for (let i = 0; i < bytes; i += 1) length = length * 256 + (der[at++] ?? 0);
  }
  return { contentStart: at, end: at + length };
}

function exportJwk(key: KeyObject): Record<string, unknown> {
  try {
    return key.export({ format: 'jwk' }) as Record<string, unknown>;
  } catch (error) {
    throw new TypeError(`the ${key.asymmetricKeyType ?? 'unknown'} key cannot be exported as a JWK`, { cause: error });
  }
}

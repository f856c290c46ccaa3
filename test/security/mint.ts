/**
 * Tokens for the security tests, made with node:crypto alone (never with src/): any header and payload text,
 * even JSON that repeats a name or is not JSON at all, signed with any algorithm and any key, including keys
 * an attacker would try (a public key's PEM, DER or JWK used as an HMAC secret).
 */
import { constants, createHmac, sign as cryptoSign, type KeyObject } from 'node:crypto';

export const b64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url');

export type Alg = 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'ES256' | 'ES384';

const HASH = { '256': 'sha256', '384': 'sha384', '512': 'sha512' } as const;

/** The signature segment of `input` under `alg` with `key` (an HMAC secret, or a private key). */
export function signature(alg: Alg, input: string, key: string | Buffer | KeyObject): string {
  const hash = HASH[alg.slice(2) as keyof typeof HASH];
  const data = Buffer.from(input);
  if (alg.startsWith('HS')) return createHmac(hash, key as string | Buffer).update(data).digest('base64url');
  if (alg.startsWith('RS')) return cryptoSign(hash, data, key as KeyObject).toString('base64url');
  if (alg.startsWith('PS')) {
    return cryptoSign(hash, data, { key: key as KeyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 }).toString('base64url');
  }
  return cryptoSign(hash, data, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' }).toString('base64url');
}

export interface MintOptions {
  /** The header: an object (alg and typ added unless given), or raw JSON text used as is. */
  header?: Record<string, unknown> | string;
  /** Sign as this algorithm whatever the header says. Default: the header's alg, else `alg`. */
  signAs?: Alg;
}

/**
 * `header.payload.signature`: `payload` is an object (JSON.stringify) or raw text used as is.
 *
 * @example mint('HS256', { user_id: 1 }, secret, { header: { kid: '../../dev/null' } })
 */
export function mint(alg: Alg, payload: unknown, key: string | Buffer | KeyObject, options: MintOptions = {}): string {
  const header = typeof options.header === 'string' ? options.header : JSON.stringify({ alg, typ: 'JWT', ...options.header });
  const input = `${b64url(header)}.${b64url(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;
  return `${input}.${signature(options.signAs ?? alg, input, key)}`;
}

/** An unsigned token with this header object (any alg spelling): `header.payload.` */
export function unsigned(header: Record<string, unknown>, payload: unknown): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.`;
}

/** The three segments of a token. */
export function segments(token: string): [string, string, string] {
  const [h = '', p = '', s = ''] = token.split('.');
  return [h, p, s];
}

/** Sets the unused low bits of a base64url segment's last character (same bytes, another spelling). */
export function setTrailingBits(segment: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const spare = segment.length % 4 === 2 ? 0b1111 : 0b11;
  const last = alphabet.indexOf(segment.at(-1) as string);
  return segment.slice(0, -1) + alphabet[last | spare];
}

/** A segment with `=` padding, as base64 (not base64url) would write it. */
export function padded(segment: string): string {
  return segment + '='.repeat((4 - (segment.length % 4)) % 4 || 1);
}

/** Flips one character of a segment to another base64url character. */
export function flip(segment: string, at = 0): string {
  const c = segment[at] === 'A' ? 'B' : 'A';
  return segment.slice(0, at) + c + segment.slice(at + 1);
}

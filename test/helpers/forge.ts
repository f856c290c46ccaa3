/**
 * Hand-made tokens for the security tests: any header, any payload (even one that is not JSON), signed with
 * HMAC from node:crypto or not signed at all. Nothing from src/ is used, so a bug there cannot hide here.
 */
import { createHmac, createSign, type KeyObject } from 'node:crypto';

export const b64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url');

export type HmacAlg = 'HS256' | 'HS384' | 'HS512';

const HASH: Record<HmacAlg, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** Signs `header.payload` segments (already encoded) with HMAC. */
export function hmacSign(signingInput: string, secret: string | Buffer, alg: HmacAlg): string {
  return createHmac(HASH[alg], secret).update(signingInput).digest('base64url');
}

export interface ForgeOptions {
  /** Extra or replaced header fields; `alg` defaults to the signing algorithm. */
  header?: Record<string, unknown>;
  /** Default HS256. */
  alg?: HmacAlg;
}

/**
 * A token whose payload segment is `rawPayload` exactly (any JSON text, or not JSON at all), HMAC-signed.
 */
export function forgeRaw(rawPayload: string, secret: string | Buffer, options: ForgeOptions = {}): string {
  const alg = options.alg ?? 'HS256';
  const header = b64url(JSON.stringify({ alg, typ: 'JWT', ...options.header }));
  const input = `${header}.${b64url(rawPayload)}`;
  return `${input}.${hmacSign(input, secret, alg)}`;
}

/** A token with `payload` (a JSON value) HMAC-signed. */
export function forge(payload: unknown, secret: string | Buffer, options: ForgeOptions = {}): string {
  return forgeRaw(JSON.stringify(payload), secret, options);
}

/** An unsigned token: `alg: none`, empty signature segment. */
export function forgeUnsigned(payload: unknown): string {
  return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.`;
}

/** An RS256 token signed with node:crypto, for key tests that must not rely on our own signer. */
export function forgeRs256(payload: unknown, privateKey: KeyObject | string): string {
  const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
}

/** Flips one character of the signature segment, keeping it valid base64url. */
export function tamperSignature(token: string): string {
  const dot = token.lastIndexOf('.');
  const signature = token.slice(dot + 1);
  const first = signature[0] === 'A' ? 'B' : 'A';
  return `${token.slice(0, dot + 1)}${first}${signature.slice(1)}`;
}

/** Replaces the payload segment of a signed token, keeping header and signature. */
export function swapPayload(token: string, payload: unknown): string {
  const [header, , signature] = token.split('.');
  return `${header}.${b64url(JSON.stringify(payload))}.${signature}`;
}

/** The decoded payload of a token, read by hand. */
export function readPayload(token: string): Record<string, unknown> {
  const segment = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The decoded header of a token, read by hand. */
export function readHeader(token: string): Record<string, unknown> {
  const segment = token.split('.')[0] ?? '';
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * The one decoder: splits a JWS compact token once into its header, payload, signature and signing input,
 * and refuses anything that is not the canonical encoding RFC 7515 writes. The runtime, `token decode` and
 * `token verify` all read tokens through it; nothing here checks a signature or a claim.
 *
 * Canonical only, because a lenient decoder lets one token have many spellings: padding, whitespace, the
 * base64 (not base64url) alphabet and set unused trailing bits all decode to the same bytes in Node's decoder,
 * so a signature with altered trailing bits would still verify and a revocation or cache keyed by the token
 * string could be dodged (RFC 8725 section 3.11 asks for strict parsing).
 */
import { isUtf8 } from 'node:buffer';
import { JwtKitError } from '../errors';
import type { JwtPayload } from '../config/types';
import { findDuplicateMember } from './duplicate-member';
import { isJsonObject } from '../config/json-object';

export interface DecodedToken {
  /** The JOSE header: a JSON object. */
  header: Record<string, unknown>;
  /** The claims: a JSON object. */
  payload: JwtPayload;
  /** The signature segment as the token carries it (base64url). */
  signature: string;
  /** `header.payload` as sent: what the signature covers. */
  signingInput: string;
}

/**
 * Header segments already read, and what they hold: the service's own, which every token it signs carries.
 * Such a segment is canonical and its JSON has no repeats by construction, so it is not decoded again.
 */
export type KnownHeaders = ReadonlyMap<string, Readonly<Record<string, unknown>>>;

const malformed = (reason: string) => new JwtKitError('TOKEN_MALFORMED', `Malformed token: ${reason}`);

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Whether `segment` is base64url exactly as an encoder writes it: the URL-safe alphabet, no padding, no
 * length that no byte string encodes to (4n+1), and unused bits of the last character all zero.
 */
export function isCanonicalBase64url(segment: string): boolean {
  if (!BASE64URL.test(segment)) return false;
  const rest = segment.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  // 2 characters carry 1 byte (4 spare bits), 3 carry 2 bytes (2 spare bits).
  const last = ALPHABET.indexOf(segment[segment.length - 1] as string);
  return (last & (rest === 2 ? 0b1111 : 0b11)) === 0;
}

/**
 * The header, payload, signature and signing input of `token`, or `TOKEN_MALFORMED` with a one-line reason.
 *
 * @example
 * ```ts
 * const { header, payload } = decodeToken(token); // nothing verified: read, never trust
 * ```
 */
export function decodeToken(token: unknown, knownHeaders?: KnownHeaders): DecodedToken {
  if (typeof token !== 'string' || token === '') throw malformed('it is empty');
  const firstDot = token.indexOf('.');
  const secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
  if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
    if (/\s/.test(token)) throw malformed('it contains whitespace');
    const count = token.split('.').length;
    if (count === 5) throw malformed('it has 5 segments, so it is an encrypted JWE; jwt-kit reads signed JWS tokens');
    throw malformed(`expected 3 base64url segments separated by dots (header.payload.signature), found ${count}`);
  }
  const headerSegment = token.slice(0, firstDot);
  const payloadSegment = token.slice(firstDot + 1, secondDot);
  const signature = token.slice(secondDot + 1);
  if (!isCanonicalBase64url(signature)) throw malformed(reason('signature', signature));
  const known = knownHeaders?.get(headerSegment);
  return {
    // A copy: the caller may change its header, and the next token must not see that.
    header: known ? { ...known } : readObject(headerSegment, 'header'),
    payload: readObject(payloadSegment, 'payload') as JwtPayload,
    signature,
    signingInput: token.slice(0, secondDot),
  };
}

function readObject(segment: string, name: 'header' | 'payload'): Record<string, unknown> {
  if (segment === '') throw malformed(`the ${name} is empty`);
  if (!isCanonicalBase64url(segment)) throw malformed(reason(name, segment));
  const bytes = Buffer.from(segment, 'base64url');
  const text = bytes.toString('utf8');
  // Node replaces invalid UTF-8 with U+FFFD, so two different byte strings would read as one claim. Only a
  // text with a U+FFFD can have come from invalid bytes: the bytes are checked then, and not otherwise.
  if (text.includes('\uFFFD') && !isUtf8(bytes)) throw malformed(`the ${name} is not valid UTF-8`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed(`the ${name} is not JSON`);
  }
  if (!isJsonObject(value)) {
    throw malformed(`the ${name} is not a JSON object`);
  }
  // JSON.parse would keep the last of two equal names; another parser may keep the first (./duplicate-member).
  const duplicate = findDuplicateMember(text, value);
  if (duplicate !== undefined) throw malformed(`the ${name} has the member ${quoted(duplicate)} twice`);
  return value as Record<string, unknown>;
}

/** A member name for a one-line reason: JSON-quoted, so control characters stay escaped, and cut short. */
function quoted(name: string): string {
  const text = JSON.stringify(name);
  return text.length > 40 ? `${text.slice(0, 36)}..."` : text;
}

function reason(name: string, segment: string): string {
  if (/\s/.test(segment)) return 'it contains whitespace';
  if (segment.includes('=')) return `the ${name} is padded with "=": base64url in a JWT carries no padding`;
  if (!BASE64URL.test(segment)) return `the ${name} is not base64url`;
  return `the ${name} is not canonical base64url (its length or its last character's unused bits are wrong)`;
}

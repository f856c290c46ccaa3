/**
 * The size cap on a presented token (`maxTokenBytes`), checked on the raw header value before anything parses
 * it: the scheme split, the base64url decoder and JSON.parse never see more than the cap, so an oversized
 * header costs one length comparison (OWASP: limit input size before processing it; RFC 8725 section 3.11).
 * Any place that takes a token from a request (the Authorization header, a cookie) calls it first.
 */
import { JwtKitError } from '../errors';

/**
 * The longest header value that can hold a token of `maxTokenBytes`: the token itself with no scheme, else
 * `<scheme> <token>` (Node strips the spaces around a header value).
 */
export function maxHeaderBytes(maxTokenBytes: number, scheme: string): number {
  return scheme === '' ? maxTokenBytes : scheme.length + 1 + maxTokenBytes;
}

/**
 * Throws `TOKEN_TOO_LARGE` when `value` is longer than `maxBytes`. Node reads header values as latin-1, one
 * character per byte, so the string's length is its size on the wire.
 *
 * @example
 * ```ts
 * refuseOversized(ctx.get('Authorization'), maxHeaderBytes(8192, 'Bearer'));
 * ```
 */
export function refuseOversized(value: string | undefined, maxBytes: number): void {
  if (value !== undefined && value.length > maxBytes) throw new JwtKitError('TOKEN_TOO_LARGE');
}

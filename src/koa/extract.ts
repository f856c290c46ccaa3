import { JwtKitError } from '../errors';

const WHITESPACE = /\s/;

/**
 * Takes the token out of an Authorization-style header value, the way Flask-JWT's `_default_request_handler`
 * did, minus its crash on a whitespace-only header: the scheme is matched case-insensitively, and an empty
 * `prefix` means the header holds the bare token.
 *
 * @example
 * ```ts
 * extractToken('bearer eyJ...', 'Bearer'); // 'eyJ...'
 * extractToken('Basic abc', 'Bearer');     // throws HEADER_UNSUPPORTED_TYPE
 * ```
 */
export function extractToken(headerValue: string | undefined, prefix: string): string {
  // The common case, `<scheme> <token>` with one space and no other whitespace, without a split: the same
  // answer as the general path below, which handles every other spelling.
  if (headerValue !== undefined && prefix !== '' && headerValue.charCodeAt(prefix.length) === 32 && headerValue.length > prefix.length + 1) {
    const token = headerValue.slice(prefix.length + 1);
    if (!WHITESPACE.test(token) && headerValue.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase()) return token;
  }
  const parts = (headerValue ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) throw new JwtKitError('TOKEN_MISSING');
  if (prefix === '') {
    if (parts.length > 1) throw new JwtKitError('HEADER_TOKEN_SPACES');
    return parts[0] as string;
  }
  if ((parts[0] as string).toLowerCase() !== prefix.toLowerCase()) throw new JwtKitError('HEADER_UNSUPPORTED_TYPE');
  if (parts.length === 1) throw new JwtKitError('HEADER_TOKEN_MISSING');
  if (parts.length > 2) throw new JwtKitError('HEADER_TOKEN_SPACES');
  return parts[1] as string;
}

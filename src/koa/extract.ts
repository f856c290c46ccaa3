import { JwtKitError } from '../errors';

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

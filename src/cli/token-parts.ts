/**
 * Splits a JWS compact token into its header and payload without checking the signature and without loading
 * jsonwebtoken, so `token decode` starts fast and can say exactly what is wrong with a malformed token.
 * Verification still goes through the token service; this only reads.
 */
import { JwtKitError } from '../errors';

export interface TokenParts {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

// base64url as RFC 7515 writes it; padding and the base64 alphabet are tolerated, as Node's decoder does.
const SEGMENT = /^[A-Za-z0-9_\-+/]*={0,2}$/;

const malformed = (reason: string) => new JwtKitError('TOKEN_MALFORMED', `Malformed token: ${reason}`);

/** The header and payload of `token`, or a `TOKEN_MALFORMED` error with a one-line reason. */
export function splitToken(token: string): TokenParts {
  if (/\s/.test(token)) throw malformed('it contains whitespace');
  const segments = token.split('.');
  if (segments.length === 5) throw malformed('it has 5 segments, so it is an encrypted JWE; jwt-kit reads signed JWS tokens');
  if (segments.length !== 3) {
    throw malformed(`expected 3 base64url segments separated by dots (header.payload.signature), found ${segments.length}`);
  }
  const [header, payload, signature] = segments as [string, string, string];
  if (!SEGMENT.test(signature)) throw malformed('the signature is not base64url');
  return { header: readObject(header, 'header'), payload: readObject(payload, 'payload'), signature };
}

function readObject(segment: string, name: string): Record<string, unknown> {
  if (segment === '' || !SEGMENT.test(segment)) throw malformed(`the ${name} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'), keepOutOfRange);
  } catch {
    throw malformed(`the ${name} is not JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed(`the ${name} is not a JSON object`);
  return value as Record<string, unknown>;
}

/**
 * JSON can write numbers that no double holds (`1e400`): JSON.parse makes them Infinity, which JSON.stringify
 * would print as `null`. A debugging tool must not rewrite a claim, so such a number is shown as what it is.
 */
export const OUT_OF_RANGE = (value: number) => `<number out of range: ${value}>`;

function keepOutOfRange(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? OUT_OF_RANGE(value) : value;
}

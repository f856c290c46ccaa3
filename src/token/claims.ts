/**
 * The claim checks of the security floor, done here rather than by jsonwebtoken so that they are the same
 * whether or not the signature is verified, and stricter: `exp` is required while expiry is verified, time
 * claims must be finite numbers (JSON can carry 1e999), and an `iat` in the future is refused, as PyJWT did.
 */
import { JwtKitError } from '../errors';
import type { JwtPayload, ResolvedConfig } from '../config/types';

export type ClaimRules = Pick<
  ResolvedConfig,
  'verifyExpiration' | 'leeway' | 'requiredClaims' | 'audience' | 'issuer'
>;

const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const;

/** Checks a decoded payload against the rules at `now` (seconds); returns it typed, or throws. */
export function checkClaims(payload: unknown, rules: ClaimRules, now: number): JwtPayload {
  const claims = assertPayloadObject(payload);
  const badTimeClaim = findBadTimeClaim(claims);
  if (badTimeClaim) throw new JwtKitError('TOKEN_CLAIM_INVALID', `The "${badTimeClaim}" claim must be a number`);
  const required = rules.verifyExpiration ? new Set([...rules.requiredClaims, 'exp']) : new Set(rules.requiredClaims);
  for (const name of required) {
    if (claims[name] === undefined) throw new JwtKitError('TOKEN_CLAIM_MISSING', `Token is missing the "${name}" claim`);
  }
  const { leeway } = rules;
  if (rules.verifyExpiration && claims.exp !== undefined && now >= claims.exp + leeway) {
    throw new JwtKitError('TOKEN_EXPIRED');
  }
  if (claims.nbf !== undefined && now < claims.nbf - leeway) throw new JwtKitError('TOKEN_NOT_YET_VALID');
  if (claims.iat !== undefined && claims.iat > now + leeway) throw new JwtKitError('TOKEN_ISSUED_IN_FUTURE');
  if (rules.audience !== undefined) {
    const expected = ([] as string[]).concat(rules.audience);
    const actual = ([] as unknown[]).concat(claims.aud ?? []);
    if (!actual.some((aud) => typeof aud === 'string' && expected.includes(aud))) {
      throw new JwtKitError('TOKEN_AUDIENCE_INVALID');
    }
  }
  if (rules.issuer !== undefined && claims.iss !== rules.issuer) throw new JwtKitError('TOKEN_ISSUER_INVALID');
  return claims;
}

/** Returns the payload typed if it is a JSON object; throws `TOKEN_MALFORMED` for a string, array, null, number. */
export function assertPayloadObject(payload: unknown): JwtPayload {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new JwtKitError('TOKEN_MALFORMED', 'The token payload is not a JSON object');
  }
  return payload as JwtPayload;
}

/** The first of `exp`, `nbf`, `iat` that is present but not a finite number, if any. */
export function findBadTimeClaim(claims: JwtPayload): string | undefined {
  return TIME_CLAIMS.find((name) => {
    const value = claims[name];
    return value !== undefined && !(typeof value === 'number' && Number.isFinite(value));
  });
}

/**
 * The claim checks, prepared once from the config and run on every verified token. Done here rather than by
 * jsonwebtoken so that they are the same whether or not the signature is verified, and stricter: `exp` is
 * required while expiry is verified, time claims must be finite numbers (JSON can carry 1e999), and an `iat`
 * in the future is refused, as PyJWT did.
 *
 * One pass finds every problem (`token verify` prints them all); the runtime answers with the first, in the
 * fixed order of the checks below: a time claim that is not a number, a missing claim, expired, not yet valid
 * (nbf), issued in the future, audience, issuer, token type. With `all` false the pass stops at the first problem and allocates
 * nothing on the way, which is the guard's hot path.
 */
import type { ErrorCode } from '../errors';
import type { JwtPayload, ResolvedConfig } from '../config/types';

export type ClaimRuleOptions = Pick<ResolvedConfig, 'verifyExpiration' | 'leeway' | 'requiredClaims' | 'audience' | 'issuer'> & {
  /**
   * What the tokens checked here are for. `access` refuses a token whose `type` claim says `refresh` (the guard
   * never takes a refresh token); `refresh` requires `type: "refresh"` (the refresh route never takes an access
   * token). Unset: the `type` claim is not looked at.
   */
  tokenType?: 'access' | 'refresh';
};

/** One thing wrong with a token's claims. */
export interface ClaimProblem {
  code: ErrorCode;
  /** The claim at fault. */
  claim: string;
  /** A sentence for a person; never quotes the configured audience or issuer (the runtime may show it). */
  message: string;
}

export type ClaimRules = {
  /** Every problem of `payload` at `now` (seconds), in precedence order; empty when the claims pass. */
  (payload: JwtPayload, now: number, all: true): ClaimProblem[];
  /** The first problem only, or undefined. */
  (payload: JwtPayload, now: number, all?: false): ClaimProblem | undefined;
};

const TIME_CLAIMS = ['exp', 'nbf', 'iat'] as const;

/**
 * Prepares the claim rules of a config.
 *
 * @example
 * ```ts
 * const rules = createClaimRules({ verifyExpiration: true, leeway: 0, requiredClaims: ['exp'] });
 * rules({ exp: 10 }, 20);       // { code: 'TOKEN_EXPIRED', claim: 'exp', ... }
 * rules({}, 20, true).length;   // 1: "exp" is missing
 * ```
 */
export function createClaimRules(options: ClaimRuleOptions): ClaimRules {
  const leeway = options.leeway;
  const required = [...new Set(options.verifyExpiration ? [...options.requiredClaims, 'exp'] : options.requiredClaims)];
  const audiences = options.audience === undefined ? undefined : ([] as string[]).concat(options.audience);
  const issuer = options.issuer;
  const verifyExpiration = options.verifyExpiration;
  const tokenType = options.tokenType;

  function check(claims: JwtPayload, now: number, all?: boolean): ClaimProblem[] | ClaimProblem | undefined {
    let found: ClaimProblem[] | undefined;
    let problem: ClaimProblem | undefined;
    // Each rule sets `problem`; the first one ends the pass unless every problem is wanted.
    const stop = (): boolean => {
      if (problem === undefined) return false;
      if (!all) return true;
      (found ??= []).push(problem);
      problem = undefined;
      return false;
    };
    let badTimes = 0; // bit i: TIME_CLAIMS[i] is present but not a finite number
    for (let i = 0; i < TIME_CLAIMS.length; i += 1) {
      const name = TIME_CLAIMS[i] as string;
      const value = claims[name];
      if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) {
        badTimes |= 1 << i;
        problem = { code: 'TOKEN_CLAIM_INVALID', claim: name, message: `The "${name}" claim must be a number` };
        if (stop()) return problem;
      }
    }
    for (const name of required) {
      if (claims[name] === undefined) problem = { code: 'TOKEN_CLAIM_MISSING', claim: name, message: `Token is missing the "${name}" claim` };
      if (stop()) return problem;
    }
    const { exp, nbf, iat } = claims as { exp?: number; nbf?: number; iat?: number };
    if (verifyExpiration && exp !== undefined && !(badTimes & 1) && now >= exp + leeway) {
      problem = { code: 'TOKEN_EXPIRED', claim: 'exp', message: 'Signature has expired' };
    }
    if (stop()) return problem;
    if (nbf !== undefined && !(badTimes & 2) && now < nbf - leeway) {
      problem = { code: 'TOKEN_NOT_YET_VALID', claim: 'nbf', message: 'The token is not yet valid (nbf)' };
    }
    if (stop()) return problem;
    if (iat !== undefined && !(badTimes & 4) && iat > now + leeway) {
      problem = { code: 'TOKEN_ISSUED_IN_FUTURE', claim: 'iat', message: 'The token is not yet valid (iat)' };
    }
    if (stop()) return problem;
    if (audiences !== undefined && !hasAudience(claims.aud, audiences)) {
      problem = { code: 'TOKEN_AUDIENCE_INVALID', claim: 'aud', message: 'Invalid audience' };
    }
    if (stop()) return problem;
    if (issuer !== undefined && claims.iss !== issuer) problem = { code: 'TOKEN_ISSUER_INVALID', claim: 'iss', message: 'Invalid issuer' };
    if (stop()) return problem;
    if (tokenType === 'access' ? claims.type === 'refresh' : tokenType === 'refresh' && claims.type !== 'refresh') {
      const message = tokenType === 'access' ? 'A refresh token cannot be used here: send the access token' : 'Only a refresh token can be used here';
      problem = { code: 'TOKEN_TYPE_INVALID', claim: 'type', message };
    }
    if (stop()) return problem;
    return all ? (found ?? []) : undefined;
  }
  return check as ClaimRules;
}

function hasAudience(aud: unknown, expected: readonly string[]): boolean {
  if (typeof aud === 'string') return expected.includes(aud);
  return Array.isArray(aud) && aud.some((one) => typeof one === 'string' && expected.includes(one));
}

/** The first of `exp`, `nbf`, `iat` that is present but not a finite number, if any. */
export function findBadTimeClaim(claims: JwtPayload): string | undefined {
  return TIME_CLAIMS.find((name) => {
    const value = claims[name];
    return value !== undefined && !(typeof value === 'number' && Number.isFinite(value));
  });
}

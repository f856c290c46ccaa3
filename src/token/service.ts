/**
 * The token service: issue, verify and decode-unverified. The only user of jsonwebtoken. Built once from a
 * resolved config, with its keys already prepared as `KeyObject`s, and a clock that tests can set.
 */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { JwtKitError } from '../errors';
import type { JwtPayload, ResolvedConfig } from '../config/types';
import { assertPayloadObject, checkClaims } from './claims';
import { translateJwtError, translateSignError } from './translate';

/** Seconds since the epoch. */
export type Clock = () => number;

export const systemClock: Clock = () => Math.floor(Date.now() / 1000);

export interface DecodedToken {
  header: Record<string, unknown>;
  payload: unknown;
  signature: string;
}

export interface TokenService {
  /** Adds `iat`, `nbf`, `exp`, `jti` (and `aud`, `iss` when configured) where the claims lack them. */
  withStandardClaims(claims: JwtPayload): JwtPayload;
  /** Signs claims exactly as given. */
  sign(claims: JwtPayload): string;
  /** `sign(withStandardClaims(claims))`: the token the login route hands out. */
  issue(claims: JwtPayload): string;
  /** Checks algorithm, signature (unless `verify` is off) and claims; returns the payload or throws. */
  verify(token: string): JwtPayload;
  /** Splits and parses a token without checking anything but its shape. */
  decodeUnverified(token: string): DecodedToken;
}

export type TokenOptions = Pick<
  ResolvedConfig,
  | 'algorithm' | 'keys' | 'verify' | 'verifyExpiration' | 'leeway' | 'expirationDelta' | 'notBeforeDelta'
  | 'requiredClaims' | 'audience' | 'issuer'
>;

/**
 * Builds the token service of a resolved config.
 *
 * @example
 * ```ts
 * const tokens = createTokenService(resolveConfig({ secretEnv: 'JWT_SECRET' }));
 * const token = tokens.issue({ user_id: 1 });
 * tokens.verify(token).user_id; // 1
 * ```
 */
export function createTokenService(options: TokenOptions, now: Clock = systemClock): TokenService {
  const { algorithm, keys } = options;

  const decodeUnverified = (token: string): DecodedToken => {
    let decoded: jwt.Jwt | null = null;
    try {
      decoded = typeof token === 'string' ? jwt.decode(token, { complete: true }) : null;
    } catch (error) {
      throw new JwtKitError('TOKEN_MALFORMED', undefined, { cause: error });
    }
    if (!decoded || typeof decoded.header !== 'object' || token.split('.').length !== 3) {
      throw new JwtKitError('TOKEN_MALFORMED', 'Not a JWT: expected three base64url segments');
    }
    // jsonwebtoken parses a payload that decodes to a JSON string a second time, so `"{\"exp\":...}"` would
    // pass as an object. Read the segment once, ourselves: the payload is exactly the JSON the token carries.
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8'));
    } catch (error) {
      throw new JwtKitError('TOKEN_MALFORMED', 'The token payload is not JSON', { cause: error });
    }
    return { header: { ...decoded.header }, payload, signature: decoded.signature };
  };

  const withStandardClaims = (claims: JwtPayload): JwtPayload => {
    const iat = now();
    const defaults: JwtPayload = {
      iat,
      nbf: iat + options.notBeforeDelta,
      exp: iat + options.expirationDelta,
      jti: randomUUID(),
      ...(options.audience !== undefined && { aud: options.audience }),
      ...(options.issuer !== undefined && { iss: options.issuer }),
    };
    // A claim set to undefined (`{ ...claims, exp: undefined }`) counts as missing: filled in, not dropped,
    // which jsonwebtoken would otherwise refuse with a plain Error at sign time.
    const given = Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
    return { ...defaults, ...given };
  };

  const sign = (claims: JwtPayload): string => {
    if (!keys.signing) throw new JwtKitError('CONFIG_INVALID', `Cannot issue ${algorithm} tokens without a private key`);
    // A JSON string, not an object: jsonwebtoken then signs the claims exactly as given, adds no iat of its
    // own clock, and skips its claim validators, which look claim names up in a plain object and crash on
    // names such as "constructor". The iat of the injected clock comes from withStandardClaims.
    try {
      return jwt.sign(JSON.stringify(claims), keys.signing, { algorithm, header: { alg: algorithm, typ: 'JWT' } });
    } catch (error) {
      throw translateSignError(error, algorithm);
    }
  };

  const verify = (token: string): JwtPayload => {
    const { header, payload } = decodeUnverified(token);
    // RFC 7515 4.1.11: a recipient must refuse critical extensions it does not understand; we know none.
    if (header.crit !== undefined) throw new JwtKitError('TOKEN_CRIT_UNSUPPORTED');
    // Before jsonwebtoken sees it: its verify reads `payload.nbf` and throws a TypeError (a 500) on a null payload.
    assertPayloadObject(payload);
    if (options.verify) {
      try {
        // Claims are checked below, by one set of rules for verified and unverified tokens alike.
        jwt.verify(token, keys.verifying, { algorithms: [algorithm], ignoreExpiration: true, ignoreNotBefore: true });
      } catch (error) {
        throw translateJwtError(error);
      }
    }
    return checkClaims(payload, options, now());
  };

  return { withStandardClaims, sign, issue: (claims) => sign(withStandardClaims(claims)), verify, decodeUnverified };
}

/**
 * The token service: issue, verify and decode-unverified. Built once from a resolved config: keys already
 * prepared as `KeyObject`s, the signing header encoded, claim rules prepared, and a clock that tests can set.
 *
 * A verify decodes the token once (./decode), picks the key by `kid` and algorithm (./key-set), checks the
 * signature once (./signature), then the claims (./claims), then the optional `isRevoked` hook. Everything up
 * to the hook is synchronous: with no hook configured, a verify costs one settled promise and nothing more,
 * and `verifyNow` (the guard's path) none at all. With `cache` on, a token verified before skips the decoding
 * and the signature (./verified-cache); its claims are checked again on every use.
 *
 * With `remoteJwks` (a resource server), the keys are an issuer's, from ./remote-key-set: a key in its cache is
 * still found synchronously, and only a verify that needs a fetch waits for one. Without it, nothing of that
 * path is built.
 */
import { randomUUID } from 'node:crypto';
import { JwtKitError } from '../errors';
import { callHook } from '../config/hooks';
import type { Handlers, JwtPayload, ResolvedConfig, ResolvedKey } from '../config/types';
import { createClaimRules, type ClaimProblem, type ClaimRuleOptions } from './claims';
import { decodeToken, type DecodedToken, type KnownHeaders } from './decode';
import { createKeySet, type KeyLookup, type KeySet } from './key-set';
import { createRemoteKeySet, type RemoteKeySet } from './remote-key-set';
import { checkSignature, signWith } from './signature';
import { translateSignError } from './translate';
import { createVerifiedCache } from './verified-cache';

/** Seconds since the epoch. */
export type Clock = () => number;

export const systemClock: Clock = () => Math.floor(Date.now() / 1000);

export type { DecodedToken };

/** A token verified: its header, its claims and the key that checked it. */
export interface VerifiedToken {
  header: Record<string, unknown>;
  payload: JwtPayload;
  /** Undefined when signatures are not checked (`verify: false`). */
  key?: ResolvedKey;
}

/** One reason a token is refused, as `token verify` lists them. */
export interface TokenProblem {
  code: ClaimProblem['code'];
  /** The claim at fault, for claim problems. */
  claim?: string;
  message: string;
}

/** Everything wrong with a token, found in one pass (signature and claims alike). */
export interface TokenReport extends DecodedToken {
  /** The key the token was checked with, when one was found. */
  key?: ResolvedKey;
  problems: TokenProblem[];
}

export interface TokenService {
  /** The keys: `keySet.current` signs. Undefined when the keys are an issuer's (`remoteJwks`, or `lookup`). */
  readonly keySet?: KeySet;
  /** The issuer's keys, with `remoteJwks`: `await tokens.remoteKeys?.refresh()` warms the cache at start-up. */
  readonly remoteKeys?: RemoteKeySet;
  /** Adds `iat`, `nbf`, `exp`, `jti` (and `aud`, `iss` when configured) where the claims lack them. */
  withStandardClaims(claims: JwtPayload): JwtPayload;
  /** Signs claims exactly as given, with the current key; its `kid`, if any, goes in the header. */
  sign(claims: JwtPayload): string;
  /** `sign(withStandardClaims(claims))`: the token the login route hands out. */
  issue(claims: JwtPayload): string;
  /**
   * Checks algorithm, key, signature (unless `verify` is off), claims and the `isRevoked` hook; resolves to the
   * payload or rejects with a `JwtKitError`.
   */
  verify(token: string): Promise<JwtPayload>;
  /** As `verify`, with the header and the key that checked the token. */
  verifyToken(token: string): Promise<VerifiedToken>;
  /**
   * As `verify`, without a promise where none is needed: the payload itself (or a synchronous throw) when no
   * step is asynchronous, a promise otherwise (an `isRevoked` hook or the revocation store, a remote JWKS).
   * For hot paths such as the guard, which then settles no promise per request.
   */
  verifyNow(token: string): JwtPayload | Promise<JwtPayload>;
  /** Every problem of a token at once, for reports (`jwt-kit token verify`); no hook runs. Throws only when malformed. */
  inspect(token: string): TokenReport;
  /** Splits and parses a token without checking anything but its shape. */
  decodeUnverified(token: string): DecodedToken;
}

export type TokenOptions = Pick<
  ResolvedConfig,
  | 'keys' | 'verify' | 'verifyExpiration' | 'leeway' | 'expirationDelta' | 'notBeforeDelta' | 'requiredClaims'
  | 'audience' | 'issuer'
> &
  Pick<ClaimRuleOptions, 'tokenType'> &
  Partial<Pick<ResolvedConfig, 'remoteJwks' | 'cache'>> & {
    handlers?: Pick<Handlers, 'isRevoked'>;
    /**
     * Checks tokens with these keys instead of `keys` (which then may be empty): the CLI's `token verify --jwks`,
     * which reads a JWKS once. No token can be issued.
     */
    lookup?: KeyLookup;
  };

/**
 * Builds the token service of a resolved config.
 *
 * @example
 * ```ts
 * const tokens = createTokenService(resolveConfig({ secretEnv: 'JWT_SECRET' }));
 * const token = tokens.issue({ user_id: 1 });
 * (await tokens.verify(token)).user_id; // 1
 * ```
 */
export function createTokenService(options: TokenOptions, now: Clock = systemClock): TokenService {
  const remote = options.remoteJwks ? createRemoteKeySet(options.remoteJwks, now) : undefined;
  const keySet = remote || options.lookup ? undefined : createKeySet(options.keys);
  // The synchronous lookup: our own keys, a JWKS read once, or the remote set's cache (for reports only).
  const lookup: KeyLookup = keySet ?? options.lookup ?? { keyFor: (header) => (remote as RemoteKeySet).cachedKeyFor(header) };
  const claimRules = createClaimRules(options);
  const isRevoked = options.handlers?.isRevoked;
  const current = keySet?.current;
  // The header segment the current key signs with, encoded once.
  const headerSegment = current && encodeHeader(current);
  // The header segment of each of our keys, as our tokens carry it: the decoder need not read those again.
  const knownHeaders: KnownHeaders = new Map(keySet?.keys.map((key) => [encodeHeader(key), headerOf(key)]));
  const cache = options.cache?.enabled ? createVerifiedCache(options.cache.maxEntries) : undefined;

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
    // A claim set to undefined (`{ ...claims, exp: undefined }`) counts as missing: filled in, not dropped.
    for (const name of Object.keys(claims)) {
      const value = claims[name];
      if (value === undefined) continue;
      // "__proto__" as an own claim (JSON can carry it), never a change of the object's prototype.
      if (name === '__proto__') Object.defineProperty(defaults, name, { value, enumerable: true, writable: true, configurable: true });
      else defaults[name] = value;
    }
    return defaults;
  };

  const sign = (claims: JwtPayload): string => {
    if (!current) throw new JwtKitError('CONFIG_INVALID', "Cannot issue tokens: this server verifies with an issuer's keys (remoteJwks) and has none of its own");
    if (!current.signing) throw new JwtKitError('CONFIG_INVALID', `Cannot issue ${current.algorithm} tokens without a private key`);
    // The claims exactly as given: no iat of another clock (the injected clock's comes from withStandardClaims),
    // no option parsing per call (jsonwebtoken's sign, used before, validated its options on every call).
    try {
      const input = `${headerSegment as string}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return `${input}.${signWith(current.algorithm, current.signing, input)}`;
    } catch (error) {
      throw translateSignError(error, current.algorithm);
    }
  };

  /** Header checks that hold with or without signature checking. */
  const checkHeader = (header: Record<string, unknown>): JwtKitError | undefined => {
    // RFC 7515 4.1.11: a recipient must refuse critical extensions it does not understand; we know none.
    if (header.crit !== undefined) return new JwtKitError('TOKEN_CRIT_UNSUPPORTED');
    return undefined;
  };

  /** `key`, once the token's signature has been checked with it; throws otherwise. */
  const checkSignatureWith = (decoded: DecodedToken, key: ResolvedKey): ResolvedKey => {
    if (decoded.signature === '') throw new JwtKitError('TOKEN_ALGORITHM_NOT_ALLOWED', 'Unsigned tokens (alg "none") are not accepted');
    checkSignature(key, decoded.signingInput, decoded.signature);
    return key;
  };

  /** The key that checks this token, after its signature has been checked; throws otherwise. */
  const checkKeyAndSignature = (decoded: DecodedToken): ResolvedKey => checkSignatureWith(decoded, lookup.keyFor(decoded.header));

  const decodeChecked = (token: string): DecodedToken => {
    const decoded = decodeToken(token, knownHeaders);
    const headerProblem = checkHeader(decoded.header);
    if (headerProblem) throw headerProblem;
    return decoded;
  };

  /** The verified token, once its claims pass. */
  const withClaimsChecked = (decoded: DecodedToken, key: ResolvedKey | undefined): VerifiedToken => {
    const problem = claimRules(decoded.payload, now());
    if (problem) throw new JwtKitError(problem.code, problem.message);
    return { header: decoded.header, payload: decoded.payload, key };
  };

  /**
   * A token verified before, if the cache holds it and it still passes: its claims are checked with the clock of
   * now (an entry is dropped at its exp), and with an issuer's keys, its key must still be listed.
   */
  const fromCache = (token: string): VerifiedToken | undefined => {
    const hit = cache?.get(token);
    if (hit === undefined) return undefined;
    if (remote && hit.key !== undefined && !stillListed(hit)) {
      cache?.delete(token);
      return undefined;
    }
    const problem = claimRules(hit.payload, now());
    if (problem) {
      cache?.delete(token);
      throw new JwtKitError(problem.code, problem.message);
    }
    return hit;
  };
  const stillListed = (hit: VerifiedToken): boolean => {
    try {
      return (remote as RemoteKeySet).cachedKeyFor(hit.header) === hit.key;
    } catch {
      return false;
    }
  };

  // The synchronous core of verify: throws on the first problem.
  const verifySync = (token: string): VerifiedToken => {
    const hit = cache && fromCache(token);
    if (hit) return hit;
    const decoded = decodeChecked(token);
    const verified = withClaimsChecked(decoded, options.verify ? checkKeyAndSignature(decoded) : undefined);
    cache?.set(token, verified);
    return verified;
  };

  // With an issuer's keys: synchronous while the key is in cache, waiting only for a fetch.
  const verifyRemote = (token: string): Promise<VerifiedToken> => {
    let decoded: DecodedToken;
    let found: ResolvedKey | Promise<ResolvedKey> | undefined;
    try {
      const hit = cache && fromCache(token);
      if (hit) return Promise.resolve(hit);
      decoded = decodeChecked(token);
      found = options.verify ? (remote as RemoteKeySet).keyFor(decoded.header) : undefined;
    } catch (error) {
      return Promise.reject(error);
    }
    const finish = (key: ResolvedKey | undefined) => {
      const verified = withClaimsChecked(decoded, key && checkSignatureWith(decoded, key));
      cache?.set(token, verified);
      return verified;
    };
    return found instanceof Promise ? found.then(finish) : settled(() => finish(found as ResolvedKey | undefined));
  };

  const verifyChecked: (token: string) => Promise<VerifiedToken> = remote ? verifyRemote : (token) => settled(() => verifySync(token));
  const verifyToken: (token: string) => Promise<VerifiedToken> = isRevoked
    ? async (token) => {
        const verified = await verifyChecked(token);
        if (await callHook('isRevoked', () => isRevoked(verified.payload, verified.header))) throw new JwtKitError('TOKEN_REVOKED');
        return verified;
      }
    : verifyChecked;
  const verify: (token: string) => Promise<JwtPayload> =
    isRevoked || remote ? async (token) => (await verifyToken(token)).payload : (token) => settled(() => verifySync(token).payload);
  const verifyNow: (token: string) => JwtPayload | Promise<JwtPayload> = isRevoked || remote ? verify : (token) => verifySync(token).payload;

  const inspect = (token: string): TokenReport => {
    const decoded = decodeToken(token);
    const problems: TokenProblem[] = [];
    const note = (error: unknown) => {
      if (!(error instanceof JwtKitError)) throw error;
      problems.push({ code: error.code, message: error.description });
    };
    const headerProblem = checkHeader(decoded.header);
    if (headerProblem) note(headerProblem);
    let key: ResolvedKey | undefined;
    if (options.verify) {
      try {
        key = checkKeyAndSignature(decoded);
      } catch (error) {
        note(error);
        // The key was found when the failure is the signature itself: say which key it was checked with.
        key = (error as JwtKitError).code === 'TOKEN_BAD_SIGNATURE' ? lookup.keyFor(decoded.header) : undefined;
      }
    }
    problems.push(...claimRules(decoded.payload, now(), true));
    return { ...decoded, key, problems };
  };

  return {
    keySet,
    remoteKeys: remote,
    withStandardClaims,
    sign,
    issue: (claims) => sign(withStandardClaims(claims)),
    verify,
    verifyToken,
    verifyNow,
    inspect,
    decodeUnverified: decodeToken,
  };
}

/** The JOSE header of the tokens `key` signs. Member order as jsonwebtoken wrote it. */
function headerOf(key: ResolvedKey): Record<string, unknown> {
  return { alg: key.algorithm, typ: 'JWT', ...(key.kid !== undefined && { kid: key.kid }) };
}

function encodeHeader(key: ResolvedKey): string {
  return Buffer.from(JSON.stringify(headerOf(key))).toString('base64url');
}

/** The result of a synchronous step as a settled promise: a throw becomes a rejection, as in an async function. */
function settled<T>(run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Login sessions over tokens: what a login hands out, how a refresh token is traded for a new pair (single
 * use, with reuse detection), and revocation of a token, a session (a refresh family) or every token of a
 * user. Koa-free: the routes in src/koa and the CLI both call it.
 *
 * A session is a family: every token descended from one login shares its `fam` claim, and carries the login
 * time as `auth_time` (OIDC's name for it). Refresh tokens carry `type: "refresh"`, access tokens
 * `type: "access"` while refresh is on; only a login's access token is `fresh`.
 */
import { randomUUID } from 'node:crypto';
import { JwtKitError } from '../errors';
import { callHook } from '../config/hooks';
import type { JwtPayload, ResolvedConfig } from '../config/types';
import type { Clock, TokenService } from '../token/service';
import type { TokenStore } from '../store/types';
import { revocationQuery } from './revocation';
import { createRevoker, type Revoker } from './revoke';

/** What a login or a refresh hands out. */
export interface TokenPair {
  token: string;
  /** The access token's claims (the auth cookies need its `exp` and CSRF value). */
  claims: JwtPayload;
  /** Present while refresh tokens are on. */
  refreshToken?: string;
}


export interface Sessions<TUser> extends Revoker {
  /** The tokens of a new login: a fresh access token and, with refresh on, a refresh token of a new family. */
  login(user: TUser): Promise<TokenPair>;
  /** Trades a refresh token for a new pair, once. A second use revokes the whole family. */
  refresh(refreshToken: string): Promise<TokenPair>;
  /** Revokes a verified access token (until it expires) and its refresh family. */
  logout(payload: JwtPayload): Promise<void>;
}

export interface SessionParts<TUser> {
  config: ResolvedConfig<TUser>;
  /** Access tokens. */
  tokens: TokenService;
  /** Refresh tokens: their own keys and lifetime, `tokenType: 'refresh'`. */
  refreshTokens: TokenService;
  /** Signs an access token from claims (the standard ones filled in; the encode hook applies). */
  encodeAccess: (claims: JwtPayload) => Promise<{ token: string; claims: JwtPayload }>;
  /** The claims of a user's tokens (the payload hook). */
  userClaims: (user: TUser) => Promise<JwtPayload>;
  store?: TokenStore;
  now: Clock;
}

export function createSessions<TUser>(parts: SessionParts<TUser>): Sessions<TUser> {
  const { config, refreshTokens, encodeAccess, userClaims, now } = parts;
  const { refresh, leeway } = config;
  const identity = config.handlers.identity;
  const revoker = createRevoker(parts);
  const { horizon, needStore } = revoker;
  /** The end of a session that started at `authTime`, if sessions have an absolute lifetime. */
  const sessionEnd = (authTime: number): number | undefined =>
    refresh.sessionLifetime === undefined ? undefined : authTime + refresh.sessionLifetime;
  const capped = (exp: number, authTime: number): number => Math.min(exp, sessionEnd(authTime) ?? exp);

  const pair = async (user: TUser, family: string | undefined, authTime: number, fresh: boolean): Promise<TokenPair> => {
    const iat = now();
    const session = family === undefined ? {} : { fam: family };
    const claims = await userClaims(user);
    if (!refresh.enabled) return encodeAccess({ ...claims, ...session });
    const exp = typeof claims.exp === 'number' ? claims.exp : iat + config.expirationDelta;
    const access = await encodeAccess({ ...claims, ...session, type: 'access', fresh, exp: capped(exp, authTime) });
    const refreshToken = refreshTokens.sign(
      refreshTokens.withStandardClaims({
        ...claims,
        ...session,
        type: 'refresh',
        auth_time: authTime,
        exp: capped(iat + refresh.expirationDelta, authTime),
      }),
    );
    return { ...access, refreshToken };
  };

  return {
    // A family is made whenever tokens may be revoked, so that a logout can end the whole session.
    login: (user) => pair(user, config.revocation ? randomUUID() : undefined, now(), true),

    async refresh(refreshToken) {
      const { payload } = await refreshTokens.verifyToken(refreshToken).catch((error: unknown) => {
        // An expired refresh token whose session has reached its absolute lifetime: say so, so the client logs in
        // again instead of retrying. Claims are checked after the signature, so this payload is authentic.
        if ((error as JwtKitError).code === 'TOKEN_EXPIRED') {
          const authTime = refreshTokens.decodeUnverified(refreshToken).payload.auth_time;
          const end = typeof authTime === 'number' ? sessionEnd(authTime) : undefined;
          if (end !== undefined && now() >= end) throw new JwtKitError('SESSION_EXPIRED');
        }
        throw error;
      });
      const { jti, fam, auth_time: authTime, exp } = payload as { jti?: unknown; fam?: unknown; auth_time?: unknown; exp?: unknown };
      if (typeof jti !== 'string' || typeof fam !== 'string' || typeof authTime !== 'number' || typeof exp !== 'number') {
        throw new JwtKitError('TOKEN_CLAIM_MISSING', 'A refresh token needs its "jti", "fam", "auth_time" and "exp" claims');
      }
      const end = sessionEnd(authTime);
      if (end !== undefined && now() >= end) throw new JwtKitError('SESSION_EXPIRED');
      const shared = needStore();
      if (await shared.isRevoked(revocationQuery(payload))) throw new JwtKitError('TOKEN_REVOKED');
      // Single use, atomically: of two concurrent refreshes of one token, exactly one wins.
      if (!(await shared.useOnce(`refresh:${jti}`, Math.max(1, exp - now() + leeway)))) {
        await shared.revokeFamily(fam, now() + horizon);
        throw new JwtKitError('REFRESH_TOKEN_REUSED');
      }
      const user = identity ? await callHook('identity', () => identity(payload)) : undefined;
      if (!user) throw new JwtKitError('USER_NOT_FOUND');
      return pair(user as TUser, fam, authTime, false);
    },

    async logout(payload) {
      const shared = needStore();
      const { jti } = revocationQuery(payload);
      if (jti !== undefined && typeof payload.exp === 'number') await shared.revokeToken(jti, payload.exp + leeway);
      if (typeof payload.fam === 'string' && payload.fam !== '') await shared.revokeFamily(payload.fam, now() + horizon);
    },

    revokeToken: revoker.revokeToken,
    revokeFamily: revoker.revokeFamily,
    revokeUser: revoker.revokeUser,
  };
}


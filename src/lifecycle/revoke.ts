/**
 * Revocation by hand: one token, a login session (a refresh family), or every token of a user. Used by the
 * kit (`kit.revokeToken` ...), by logout and reuse detection, and by `jwt-kit token revoke`.
 */
import { JwtKitError } from '../errors';
import type { ResolvedConfig } from '../config/types';
import type { Clock, TokenService } from '../token/service';
import type { TokenStore } from '../store/types';
import { revocationQuery } from './revocation';

export interface Revoker {
  /** Revokes one token, access or refresh, by its `jti`, until it expires. Its signature must be ours. */
  revokeToken(token: string): Promise<void>;
  /** Revokes every token of a login session (a refresh family). */
  revokeFamily(family: string): Promise<void>;
  /** Revokes every token of a user issued until now: "log out everywhere", or a deleted account. */
  revokeUser(user: string | number): Promise<void>;
}

export interface RevokerParts {
  config: Pick<ResolvedConfig, 'expirationDelta' | 'refresh' | 'leeway'>;
  tokens: TokenService;
  refreshTokens: TokenService;
  store?: TokenStore;
  now: Clock;
}

export function createRevoker(parts: RevokerParts): Revoker & { horizon: number; needStore(): TokenStore } {
  const { config, tokens, refreshTokens, store, now } = parts;
  // The longest any token of a session can still live after now: how long a session's revocation must last.
  const horizon = Math.max(config.expirationDelta, config.refresh.enabled ? config.refresh.expirationDelta : 0) + config.leeway;
  const needStore = (): TokenStore => {
    if (!store) throw new JwtKitError('CONFIG_INVALID', 'Revocation needs a store: turn on refresh, logout or revocation in the config');
    return store;
  };
  return {
    horizon,
    needStore,
    async revokeToken(token) {
      const decoded = tokens.decodeUnverified(token);
      const service = decoded.payload.type === 'refresh' ? refreshTokens : tokens;
      // Only a token we signed may be revoked: the store must not fill with ids from forged tokens.
      const report = service.inspect(token);
      const signature = report.problems.find((problem) => !problem.claim);
      if (signature) throw new JwtKitError(signature.code, signature.message);
      const { jti } = revocationQuery(report.payload);
      if (jti === undefined || typeof report.payload.exp !== 'number') {
        throw new JwtKitError('TOKEN_CLAIM_MISSING', 'Only a token with "jti" and "exp" claims can be revoked one by one: revoke its user instead');
      }
      await needStore().revokeToken(jti, report.payload.exp + config.leeway);
    },
    revokeFamily: (family) => needStore().revokeFamily(family, now() + horizon),
    revokeUser: (user) => needStore().revokeUser(String(user), now(), horizon),
  };
}

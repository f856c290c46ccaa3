/**
 * The token service of refresh tokens: always our own keys (never a resource server's remote JWKS), the refresh
 * keys and lifetime, `tokenType: 'refresh'`, no hooks and no cache (each refresh token is presented once).
 * The kit and `jwt-kit token revoke` both build it here, so they cannot drift apart.
 */
import type { ResolvedConfig } from '../config/types';
import { createTokenService, type Clock, type TokenService } from '../token/service';

export function createRefreshTokenService(config: ResolvedConfig<unknown>, now: Clock): TokenService {
  return createTokenService(
    {
      ...config,
      remoteJwks: undefined,
      keys: config.refresh.keys,
      expirationDelta: config.refresh.expirationDelta,
      tokenType: 'refresh',
      handlers: {},
      cache: undefined,
    },
    now,
  );
}

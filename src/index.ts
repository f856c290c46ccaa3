/**
 * jwt-kit's public API, name by name. Everything else under src/ is internal and may change.
 */
export { defineConfig } from './config/define';
export type {
  Algorithm,
  CorsOptions,
  Duration,
  Handlers,
  HookContext,
  JwtKitConfig,
  JwtPayload,
  JwkConfig,
  JwksOptions,
  KeyConfig,
  KeyStatus,
  ResolvedKey,
  ResolvedConfig,
  ResolvedRemoteJwks,
  RemoteJwksOptions,
  ValidConfig,
} from './config/types';
export { resolveConfig, MIN_SECRET_BYTES, type ResolveOptions } from './config/resolve';
export { validateConfig } from './config/validate';
export { loadConfig, findConfig, CONFIG_FILES, type LoadConfigOptions, type LoadedConfig } from './config/load';
export { SCHEMA_PATH } from './config/schema';
export {
  createTokenService,
  systemClock,
  type Clock,
  type DecodedToken,
  type TokenProblem,
  type TokenReport,
  type TokenService,
  type VerifiedToken,
} from './token/service';
export { decodeToken } from './token/decode';
export type { KeyLookup, KeySet } from './token/key-set';
export { publicJwks, type JwksDocument, type PublishedJwk } from './token/jwks';
export type { RemoteKeySet } from './token/remote-key-set';
export { createKit, type Kit, type KitOptions } from './koa/kit';
export { loadKit } from './koa/load-kit';
export { extractToken } from './koa/extract';
export type { GuardOptions } from './koa/guard';
export type { AuthState, OptionalAuthState } from './koa/state';
export { JwtKitError, isJwtKitError, ERROR_CODES, EXIT, type ErrorCode, type ErrorBody } from './errors';

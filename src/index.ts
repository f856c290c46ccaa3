/**
 * jwt-kit's public API, name by name. Everything else under src/ is internal and may change.
 */
export { defineConfig } from './config/define';
export type {
  Algorithm,
  CacheOptions,
  CookieOptions,
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
  LoginThrottleOptions,
  LogoutOptions,
  MemoryStoreConfig,
  RedisNode,
  RedisStoreConfig,
  RefreshOptions,
  StoreConfig,
  ResolvedCookieOptions,
  ResolvedKey,
  ResolvedLoginThrottle,
  ResolvedConfig,
  SameSite,
  TokenLocation,
  ResolvedRemoteJwks,
  RemoteJwksOptions,
  ValidConfig,
} from './config/types';
export { resolveConfig, MIN_SECRET_BYTES, type ResolveOptions } from './config/resolve';
export { validateConfig } from './config/validate';
export { loadConfig, findConfig, type LoadConfigOptions, type LoadedConfig } from './config/load';
export { SCHEMA_PATH } from './config/schema';
export {
  createTokenService,
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
export type { IssueOptions } from './koa/issue';
export type { Sessions, TokenPair } from './lifecycle/sessions';
export { createStore } from './store/create';
export type { HitResult, RevocationQuery, TokenStore } from './store/types';
export { loadKit, type LoadKitOptions } from './koa/load-kit';
export type { Guard, GuardOptions, OptionalGuardOptions } from './koa/guard';
export type { UnlessOptions, UnlessPath } from './koa/unless';
export type { AuthState, OptionalAuthState, RequestToken, TokenSource } from './koa/state';
export { JwtKitError, isJwtKitError, ERROR_CODES, EXIT, type ErrorCode, type ErrorBody } from './errors';

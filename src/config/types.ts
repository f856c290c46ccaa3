/**
 * The shape of a jwt-kit config as TypeScript sees it. `schema/jwtauth.schema.json` is the source of truth
 * for shape, defaults and descriptions; these types mirror it (a test keeps the two in step).
 */
import type { KeyObject } from 'node:crypto';
import type { ParameterizedContext } from 'koa';
import type { JwtKitError } from '../errors';

export type Algorithm =
  | 'HS256' | 'HS384' | 'HS512'
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512';

/** Whole seconds, or a string such as `"30s"`, `"5m"`, `"12h"`, `"7d"`, `"2w"`. */
export type Duration = number | `${bigint}` | `${bigint}${'s' | 'm' | 'h' | 'd' | 'w'}`;

/** The claims of a token: registered ones typed, anything else allowed. */
export interface JwtPayload {
  [claim: string]: unknown;
  iat?: number;
  nbf?: number;
  exp?: number;
  jti?: string;
  sub?: string;
  aud?: string | string[];
  iss?: string;
}

/** Where a request may carry its token; `tokenLocations` lists them in the order they are tried. */
export type TokenLocation = 'header' | 'cookie' | 'query';

/** The SameSite attribute of the auth cookies (RFC 6265bis section 4.1.2.7). */
export type SameSite = 'Strict' | 'Lax' | 'None';

/** The Koa context handed to the hooks that answer a request. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HookContext = ParameterizedContext<any, any, unknown>;

type Awaitable<T> = T | Promise<T>;

/** The hooks of a kit, each sync or async. Flask-JWT's decorators, one to one. */
export interface Handlers<TUser = unknown> {
  /** `(username, password) -> user or null`. Needed while the login route is on. */
  authenticate?: (username: string, password: string) => Awaitable<TUser | null | undefined>;
  /** `(payload) -> user or null`: the user a verified token names; null answers 401 `USER_NOT_FOUND`. */
  identity?: (payload: JwtPayload) => Awaitable<TUser | null | undefined>;
  /** `(user) -> claims`. Missing `iat`, `nbf`, `exp` and `jti` are filled in. Default `{ user_id: user.id }`. */
  payload?: (user: NoInfer<TUser>) => Awaitable<JwtPayload>;
  /** `(payload, { sign }) -> token`, replacing signing; `sign` is the default. */
  encode?: (payload: JwtPayload, defaults: { sign(payload: JwtPayload): string }) => Awaitable<string>;
  /**
   * `(token, { verify }) -> payload`, replacing verification; `verify` is the default, and returns a promise
   * (await it).
   */
  decode?: (token: string, defaults: { verify(token: string): Promise<JwtPayload> }) => Awaitable<JwtPayload>;
  /**
   * `(payload, header) -> boolean`: true refuses a token that passed its signature and claims with 401
   * `TOKEN_REVOKED` (Flask-JWT-Extended's blocklist loader, koa-jwt's `isRevoked`). A throw is a 500, never a pass.
   */
  isRevoked?: (payload: JwtPayload, header: Record<string, unknown>) => Awaitable<boolean>;
  /**
   * `(ctx) -> token or null`: where this request's token is, tried before `tokenLocations` (koa-jwt's
   * `getToken`). null or undefined falls through to the configured locations.
   */
  getToken?: (ctx: HookContext) => Awaitable<string | null | undefined>;
  /** `(error, ctx) -> body`: the JSON answer to an auth failure; return undefined for the default. */
  error?: (error: JwtKitError, ctx: HookContext) => unknown;
  /**
   * `(token, user, ctx, { refreshToken }) -> body`: the login route's answer. Default `{ token }`, plus the
   * refresh token under `refresh.field` while refresh tokens are on.
   */
  authResponse?: (token: string, user: NoInfer<TUser>, ctx: HookContext, extra: { refreshToken?: string }) => Awaitable<unknown>;
}

export interface CorsOptions {
  /** Default false. Flask-JWT: JWT_CORS_ENABLED. */
  enabled?: boolean;
  /** `"*"` or a list of exact origins. Default `"*"`. Flask-JWT: JWT_CORS_ORIGINS. */
  origins?: '*' | string[];
  /** Send `Access-Control-Allow-Credentials: true`. Default false; refused with origins `"*"`. */
  credentials?: boolean;
  /** How long a browser may cache a preflight answer. */
  maxAge?: Duration;
}

/** Refresh tokens and their route. */
export interface RefreshOptions {
  /** Default false. */
  enabled?: boolean;
  /** Default `/auth/refresh`. */
  path?: string;
  /** Default `refresh_token`. */
  field?: string;
  /** Default `14d`. */
  expirationDelta?: Duration;
  /** Absolute cap on a login session, however often it is refreshed. */
  sessionLifetime?: Duration;
  /** Own keys for refresh tokens (one current). Default: the access tokens' keys. */
  keys?: KeyConfig[];
}

/** The logout route. */
export interface LogoutOptions {
  /** Default false. */
  enabled?: boolean;
  /** Default `/auth/logout`. */
  path?: string;
}

/** A host and port, for Redis Sentinel and Cluster nodes. */
export interface RedisNode {
  host: string;
  port: number;
}

/** The single-process store (the default). */
export interface MemoryStoreConfig {
  type: 'memory';
  /** The most entries kept; at the bound the oldest is dropped. Default 100000. */
  maxEntries?: number;
}

/** A Redis store: one server by URL, a Sentinel group, or a Cluster (through ioredis's own support). */
export interface RedisStoreConfig {
  type: 'redis';
  /** `redis://` or `rediss://` URL. With `sentinels` or `cluster`, optional: only its credentials are used. */
  url?: string;
  /** The environment variable holding the URL when `url` is not given. Default `REDIS_URL`. */
  urlEnv?: string;
  /** Prepended to every key. Default `jwtkit:`. */
  keyPrefix?: string;
  /** Sentinels that know the master `name`. */
  sentinels?: RedisNode[];
  /** The Sentinel master name; required with `sentinels`. */
  name?: string;
  /** Cluster seed nodes. */
  cluster?: RedisNode[];
  /** The bound on every operation and connection attempt, in ms. Default 1000. */
  timeoutMs?: number;
}

export type StoreConfig = MemoryStoreConfig | RedisStoreConfig;

/**
 * Login throttling: failed logins counted per username and per client address in the store, each in a fixed
 * window; over a limit the login route answers 429 `LOGIN_THROTTLED` with `Retry-After`, even to the right password.
 */
export interface LoginThrottleOptions {
  /** Default true. */
  enabled?: boolean;
  /** Failed logins allowed per username (case-folded, trimmed, stored only as a keyed hash) per window. Default 5. */
  usernameLimit?: number;
  /** The username window, from its first failure. Default `15m`. */
  usernameWindow?: Duration;
  /** Failed logins allowed per client address (an IPv6 address by its /64) per window. Default 20. */
  addressLimit?: number;
  /** The address window. Default `15m`. */
  addressWindow?: Duration;
  /** Reverse proxies in front of the app that append to `X-Forwarded-For`; 0 reads the socket address only. Default 0. */
  trustedProxyHops?: number;
  /** When the store cannot be reached: `closed` answers 503 `STORE_UNAVAILABLE`, `open` lets logins through unthrottled. Default `closed`. */
  onStoreUnavailable?: 'closed' | 'open';
}

/** The throttling options resolved: windows in seconds. */
export type ResolvedLoginThrottle = Required<Omit<LoginThrottleOptions, 'usernameWindow' | 'addressWindow'>> & {
  usernameWindow: number;
  addressWindow: number;
};

/**
 * The auth cookies, used while `tokenLocations` has `cookie`: the login route sets the token in an HttpOnly
 * cookie and a CSRF value in a readable one, which the client sends back in a header on state-changing requests.
 */
export interface CookieOptions {
  /** Name of the HttpOnly cookie holding the token. Default `access_token`. */
  name?: string;
  /** Require the CSRF header on POST, PUT, PATCH, DELETE (every method but GET, HEAD, OPTIONS) when the token came from the cookie. Default true. */
  csrf?: boolean;
  /** Name of the readable cookie holding the CSRF value. Default `csrf_token`. */
  csrfCookieName?: string;
  /** Request header the client copies the CSRF value into. Default `X-CSRF-Token`. */
  csrfHeaderName?: string;
  /** The Secure attribute: false only for local development over plain http. Default true. */
  secure?: boolean;
  /** The SameSite attribute. Default `Lax`. */
  sameSite?: SameSite;
  /** The Path attribute. Default `/`. */
  path?: string;
  /** The Domain attribute; none (host-only cookies) by default. */
  domain?: string;
}

/** Publishing the public keys of the key set at a JWKS endpoint (RFC 7517), for services that verify our tokens. */
export interface JwksOptions {
  /**
   * Path of the JWKS endpoint (GET), e.g. `/.well-known/jwks.json`. Default null: off (`jwt-kit serve` turns it
   * on at `/.well-known/jwks.json` for RS, PS and ES keys). Refused with an HMAC key.
   */
  path?: string | null;
  /** Cache-Control max-age of the endpoint. Default 300 (seconds). */
  maxAge?: Duration;
}

/**
 * The cache of verified tokens, for clients that send the same token many times: a hit skips decoding and the
 * signature check. Claims are checked again on every hit (an entry is dropped at its `exp`), and with revocation
 * on, the store is asked on every hit too.
 */
export interface CacheOptions {
  /** Default false. */
  enabled?: boolean;
  /** The most tokens kept; the least recently used is dropped first. Default 1000. */
  maxEntries?: number;
}

/** Verifying tokens with the keys an issuer publishes at its JWKS URL (a resource server). */
export interface RemoteJwksOptions {
  /** The issuer's JWKS URL: https, or http to a loopback address. */
  url: string;
  /** The algorithms accepted (RS*, PS*, ES*); a JWK of another `alg`, or an HMAC JWK, is ignored. */
  algorithms: Algorithm[];
  /** The shortest time the key set is kept, whatever the issuer's Cache-Control says. Default 60 (seconds). */
  minCacheAge?: Duration;
  /** The longest time it is kept, and the time without a Cache-Control max-age. Default 600 (seconds). */
  maxCacheAge?: Duration;
  /** At most one request to the issuer per cooldown (an unknown kid, an expired cache, a failure). Default 30. */
  cooldown?: Duration;
  /** How long a fetch may take. Default 5 (seconds). */
  timeout?: Duration;
}

/** Whether a key signs new tokens (`current`, exactly one) or only verifies them while it is still listed. */
export type KeyStatus = 'current' | 'verify';

/** A JSON Web Key (RFC 7517) as written in a config: `{ "kty": "oct", "k": "..." }` for HMAC, RSA or EC otherwise. */
export interface JwkConfig {
  kty: string;
  [member: string]: unknown;
}

/**
 * One key: its material in exactly one form, and for a key list its `kid`, algorithm and status.
 * HMAC secrets are text, or bytes written `base64:...`, `base64url:...` or `hex:...` (inline or in the
 * environment variable), a file of raw bytes, or a JWK.
 */
export interface KeyConfig {
  /** Key id: goes in the `kid` header of tokens this key signs; picks the key for a token that names it. */
  kid?: string;
  /** The key's algorithm; default the config's `algorithm`. A key verifies tokens of its own algorithm only. */
  algorithm?: Algorithm;
  /** In a key list: `current` signs (exactly one), `verify` only verifies. A single key is current. */
  status?: KeyStatus;
  /** HMAC secret inline: text, or `base64:`, `base64url:`, `hex:` bytes. Prefer `secretEnv`. */
  secret?: string;
  /** Name of the environment variable holding the HMAC secret (text or prefixed bytes, as `secret`). */
  secretEnv?: string;
  /** Path of a file holding the HMAC secret's raw bytes, relative to the config file. */
  secretFile?: string;
  /** A JSON Web Key inline: `{ kty: 'oct', k }` for HMAC, an RSA or EC key otherwise. */
  jwk?: JwkConfig;
  /** Path of a JSON Web Key file, relative to the config file. */
  jwkFile?: string;
  privateKey?: string;
  privateKeyFile?: string;
  publicKey?: string;
  publicKeyFile?: string;
}

/**
 * A jwt-kit config, as written in `jwtauth.config.ts`. Every option is described in the README and in the
 * JSON Schema; every one has the Flask-JWT default.
 */
export interface JwtKitConfig<TUser = unknown> extends Omit<KeyConfig, 'algorithm' | 'status'> {
  $schema?: string;
  /** Default `HS256`. With a key list, the default of each key's own `algorithm`. */
  algorithm?: Algorithm;
  /** A key set for rotation, instead of the top-level key options: one `current` key signs, the others verify. */
  keys?: KeyConfig[];
  /** Accept an HMAC secret shorter than its algorithm needs (32 bytes for HS256). Local experiments only. */
  dangerouslyAllowWeakSecret?: boolean;
  /** Default `Login Required`. */
  realm?: string;
  /** Default `/auth`; null turns the login route off. */
  authPath?: string | null;
  /** Default `jwt`. */
  authEndpoint?: string;
  /** Default `username`. */
  usernameField?: string;
  /** Default `password`. */
  passwordField?: string;
  /** Default `Authorization`. */
  headerName?: string;
  /** Default `Bearer`. */
  headerPrefix?: string;
  /** Longest token accepted, in bytes; a longer header is refused (401 `TOKEN_TOO_LARGE`) before decoding. Default 8192. */
  maxTokenBytes?: number;
  /** Default true. */
  verify?: boolean;
  /** Default true. */
  verifyExpiration?: boolean;
  /** Default 0. */
  leeway?: Duration;
  /** Default 300 (seconds). */
  expirationDelta?: Duration;
  /** Default 0. */
  notBeforeDelta?: Duration;
  /** Default `["exp", "iat", "nbf"]`. */
  requiredClaims?: string[];
  audience?: string | string[];
  issuer?: string;
  /** The JWKS endpoint of an issuer. Default off. */
  jwks?: JwksOptions;
  /** An issuer's JWKS to verify tokens with, instead of keys of our own. */
  remoteJwks?: RemoteJwksOptions;
  cors?: CorsOptions;
  refresh?: RefreshOptions;
  logout?: LogoutOptions;
  /** Default false. On whenever refresh or logout is on. */
  revocation?: boolean;
  /** The cache of verified tokens. Default off. */
  cache?: CacheOptions;
  /** Where revocations, used refresh tokens and login counters live. Default `{ type: 'memory' }`. */
  store?: StoreConfig;
  /** Failed logins limited per username and per client address (on unless `enabled: false`). */
  loginThrottle?: LoginThrottleOptions;
  /** Default `["header"]`. */
  tokenLocations?: TokenLocation[];
  cookie?: CookieOptions;
  /** Default `access_token`. */
  queryParameter?: string;
  /** Default `roles`. */
  rolesClaim?: string;
  /** Default false. The playground page of `jwt-kit serve`; `createKit` never serves it. */
  playground?: boolean;
  handlers?: Handlers<TUser>;
}

/** The options the schema gives a default: after validation they are always there. */
type Defaulted =
  | 'algorithm' | 'dangerouslyAllowWeakSecret' | 'realm' | 'authPath' | 'authEndpoint' | 'usernameField'
  | 'passwordField' | 'headerName' | 'headerPrefix' | 'maxTokenBytes' | 'verify' | 'verifyExpiration' | 'leeway'
  | 'expirationDelta' | 'notBeforeDelta' | 'requiredClaims' | 'handlers' | 'revocation' | 'store' | 'tokenLocations'
  | 'queryParameter' | 'rolesClaim' | 'playground' | 'jwks' | 'loginThrottle' | 'cache';

/** A config that passed the schema, which filled in every default (ajv `useDefaults`). */
export type ValidConfig<TUser = unknown> = Omit<JwtKitConfig<TUser>, Defaulted | 'cors' | 'refresh' | 'logout' | 'cookie' | 'jwks' | 'remoteJwks'> &
  Required<Pick<JwtKitConfig<TUser>, Exclude<Defaulted, 'jwks' | 'loginThrottle' | 'cache'>>> & {
    loginThrottle: Required<LoginThrottleOptions>;
    cors: Required<Omit<CorsOptions, 'maxAge'>> & Pick<CorsOptions, 'maxAge'>;
    refresh: Required<Pick<RefreshOptions, 'enabled' | 'path' | 'field' | 'expirationDelta'>> & Pick<RefreshOptions, 'sessionLifetime' | 'keys'>;
    logout: Required<LogoutOptions>;
    cookie: ResolvedCookieOptions;
    jwks: Required<JwksOptions>;
    cache: Required<CacheOptions>;
    remoteJwks?: Required<RemoteJwksOptions>;
  };

/** The cookie options with every default filled in. */
export type ResolvedCookieOptions = Required<Omit<CookieOptions, 'domain'>> & Pick<CookieOptions, 'domain'>;
/** The remote JWKS options resolved: durations in seconds. */
export interface ResolvedRemoteJwks {
  url: string;
  algorithms: Algorithm[];
  minCacheAge: number;
  maxCacheAge: number;
  cooldown: number;
  timeout: number;
}

/**
 * A key prepared once at start-up as `KeyObject`s: jsonwebtoken given a `KeyObject` skips re-importing a
 * string key on every call. For HMAC both are the one secret; a public key is derived from the private one
 * when not given.
 */
export interface ResolvedKey {
  kid?: string;
  /**
   * The `kid` was not configured: it is the key's RFC 7638 thumbprint, given so that a JWKS (`jwks.path`) can
   * name the key. A single such key still checks tokens whatever `kid` they carry, as a key without one does.
   */
  kidIsThumbprint?: true;
  algorithm: Algorithm;
  /** Signs new tokens; a token without a kid is checked against this key only. */
  current: boolean;
  /** Signs tokens; absent when only a public key was configured (verify-only). */
  signing?: KeyObject;
  verifying: KeyObject;
  /** The key's option, for messages about it (`/secretEnv: the secret in JWT_SECRET`), never its material. */
  source: string;
  /** Where the key came from, as commands report it: `MY_SECRET in .env beside jwtauth.config.ts`. */
  from: string;
}

/** A validated config with every default filled in and every duration in seconds. */
export interface ResolvedConfig<TUser = unknown> {
  /** The current key's algorithm. */
  algorithm: Algorithm;
  /** The key set, the current key first; empty with `remoteJwks`, whose keys come from the issuer. */
  keys: ResolvedKey[];
  realm: string;
  authPath: string | null;
  authEndpoint: string;
  usernameField: string;
  passwordField: string;
  headerName: string;
  headerPrefix: string;
  maxTokenBytes: number;
  verify: boolean;
  verifyExpiration: boolean;
  leeway: number;
  expirationDelta: number;
  notBeforeDelta: number;
  requiredClaims: string[];
  audience?: string | string[];
  issuer?: string;
  /** The JWKS endpoint: `path` null when off; `maxAge` in seconds. */
  jwks: { path: string | null; maxAge: number };
  /** Set when tokens are verified with an issuer's JWKS. */
  remoteJwks?: ResolvedRemoteJwks;
  cors: { enabled: boolean; origins: '*' | string[]; credentials: boolean; maxAge?: number };
  /** Durations in seconds; `keys` the refresh tokens' own key set, or the access tokens' when not given. */
  refresh: { enabled: boolean; path: string; field: string; expirationDelta: number; sessionLifetime?: number; keys: ResolvedKey[] };
  logout: { enabled: boolean; path: string };
  /** The cache of verified access tokens. */
  cache: Required<CacheOptions>;
  /** Whether the guard checks the store: the option, or refresh or logout being on. */
  revocation: boolean;
  store: StoreConfig;
  /** Login throttling, windows in seconds. */
  loginThrottle: ResolvedLoginThrottle;
  /** Where a token is looked for, in order. */
  tokenLocations: TokenLocation[];
  cookie: ResolvedCookieOptions;
  queryParameter: string;
  rolesClaim: string;
  /** Whether `jwt-kit serve` serves its playground page; `createKit` never reads it. */
  playground: boolean;
  handlers: Handlers<TUser>;
  /** The file the config came from, when it came from one. */
  filepath?: string;
}

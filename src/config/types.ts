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
  /** `(token, { verify }) -> payload`, replacing verification; `verify` is the default. */
  decode?: (token: string, defaults: { verify(token: string): JwtPayload }) => Awaitable<JwtPayload>;
  /** `(error, ctx) -> body`: the JSON answer to an auth failure; return undefined for the default. */
  error?: (error: JwtKitError, ctx: HookContext) => unknown;
  /** `(token, user, ctx) -> body`: the login route's answer. Default `{ token }`. */
  authResponse?: (token: string, user: NoInfer<TUser>, ctx: HookContext) => Awaitable<unknown>;
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

/**
 * A jwt-kit config, as written in `jwtauth.config.ts`. Every option is described in the README and in the
 * JSON Schema; every one has the Flask-JWT default.
 */
export interface JwtKitConfig<TUser = unknown> {
  $schema?: string;
  /** Default `HS256`. */
  algorithm?: Algorithm;
  /** HMAC secret inline (at least 32 bytes). Prefer `secretEnv`. */
  secret?: string;
  /** Name of the environment variable holding the HMAC secret. */
  secretEnv?: string;
  privateKey?: string;
  privateKeyFile?: string;
  publicKey?: string;
  publicKeyFile?: string;
  /** Accept an HMAC secret under 32 bytes. Local experiments only. */
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
  cors?: CorsOptions;
  handlers?: Handlers<TUser>;
}

/** The options the schema gives a default: after validation they are always there. */
type Defaulted =
  | 'algorithm' | 'dangerouslyAllowWeakSecret' | 'realm' | 'authPath' | 'authEndpoint' | 'usernameField'
  | 'passwordField' | 'headerName' | 'headerPrefix' | 'verify' | 'verifyExpiration' | 'leeway'
  | 'expirationDelta' | 'notBeforeDelta' | 'requiredClaims' | 'handlers';

/** A config that passed the schema, which filled in every default (ajv `useDefaults`). */
export type ValidConfig<TUser = unknown> = Omit<JwtKitConfig<TUser>, Defaulted | 'cors'> &
  Required<Pick<JwtKitConfig<TUser>, Defaulted>> & {
    cors: Required<Omit<CorsOptions, 'maxAge'>> & Pick<CorsOptions, 'maxAge'>;
  };

/**
 * Keys prepared once at start-up: jsonwebtoken given a `KeyObject` skips re-importing a string key on every
 * call. For HMAC both are the one secret; a public key is derived from the private one when not given.
 */
export interface KeyMaterial {
  /** Signs tokens; absent when only a public key was configured (verify-only). */
  signing?: KeyObject;
  verifying: KeyObject;
}

/** A validated config with every default filled in and every duration in seconds. */
export interface ResolvedConfig<TUser = unknown> {
  algorithm: Algorithm;
  keys: KeyMaterial;
  realm: string;
  authPath: string | null;
  authEndpoint: string;
  usernameField: string;
  passwordField: string;
  headerName: string;
  headerPrefix: string;
  verify: boolean;
  verifyExpiration: boolean;
  leeway: number;
  expirationDelta: number;
  notBeforeDelta: number;
  requiredClaims: string[];
  audience?: string | string[];
  issuer?: string;
  cors: { enabled: boolean; origins: '*' | string[]; credentials: boolean; maxAge?: number };
  handlers: Handlers<TUser>;
  /** The file the config came from, when it came from one. */
  filepath?: string;
}

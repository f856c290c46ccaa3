/**
 * Turns a config into a `ResolvedConfig`: validated against the schema, defaults filled, durations in
 * seconds, the secret or keys read. Everything a request needs is decided here, once, at start-up.
 */
import { basename, dirname } from 'node:path';
import { durationSeconds } from './duration';
import { KEY_FIELDS, resolveKeySet } from './keys';
import { missingHandlers, missingSigningKey } from './requirements';
import { checkSchema, invalid, passed } from './validate';
import type { Duration, ResolvedConfig, ResolvedCookieOptions, ResolvedKey, StoreConfig } from './types';

export { isHmac, MIN_SECRET_BYTES } from './keys';

export interface ResolveOptions {
  /** The file the config came from: names it in errors, anchors relative key paths. */
  filepath?: string;
  /** Where `secretEnv` is looked up. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * Also require what a kit needs (the identity and authenticate hooks, a private key while the login route
   * is on), in the same error as every other problem. The token CLI, which needs none of it, leaves it off.
   */
  forKit?: boolean;
}

// The options resolveKeySet reads: it runs only when the schema passed all of them.
const KEY_PATHS = ['algorithm', 'keys', 'dangerouslyAllowWeakSecret', ...KEY_FIELDS];

/**
 * Validates and resolves a config. Throws one `CONFIG_INVALID` error listing every problem.
 *
 * @example
 * ```ts
 * const resolved = resolveConfig({ secretEnv: 'JWT_SECRET', expirationDelta: '15m' });
 * resolved.expirationDelta; // 900
 * ```
 */
export function resolveConfig<TUser>(config: unknown, options: ResolveOptions = {}): ResolvedConfig<TUser> {
  const source = options.filepath ? basename(options.filepath) : 'config';
  const { value: valid, problems, failed } = checkSchema<TUser>(config);
  if (!valid) throw invalid(source, problems);
  // Every problem goes into one error, so the checks below still run where the schema found a problem
  // elsewhere; a key the schema refused holds anything, so each check looks only at keys that passed.
  const ok = (...paths: string[]) => paths.every((path) => passed(failed, path));
  const seconds = (path: string, value: Duration, minimum = 0): number => {
    if (!ok(path)) return minimum;
    const result = durationSeconds(value);
    if (result === undefined) problems.push(`/${path} must be a whole number of seconds, at most ${Number.MAX_SAFE_INTEGER}`);
    else if (result < minimum) problems.push(`/${path} must be >= ${minimum}`);
    return result === undefined || result < minimum ? minimum : result;
  };
  const leeway = seconds('leeway', valid.leeway);
  const expirationDelta = seconds('expirationDelta', valid.expirationDelta, 1);
  const notBeforeDelta = seconds('notBeforeDelta', valid.notBeforeDelta);
  // Every default below was filled in from the schema by checkSchema: the schema is their one source.
  const { cors } = valid;
  const maxAge = ok('cors') && cors.maxAge !== undefined ? seconds('cors/maxAge', cors.maxAge) : undefined;
  if (ok('cors') && cors.credentials && cors.origins === '*') {
    problems.push('/cors/credentials cannot be true while /cors/origins is "*": list the allowed origins');
  }
  if (ok('cookie')) problems.push(...cookieProblems(valid.cookie));
  const keyContext = {
    base: options.filepath ? dirname(options.filepath) : process.cwd(),
    env: options.env ?? process.env,
    allowWeakSecret: valid.dangerouslyAllowWeakSecret,
    problems,
  };
  const keys = ok(...KEY_PATHS) ? resolveKeySet(valid, keyContext) : undefined;
  const { refresh, logout, store } = valid;
  const refreshKeys =
    ok('refresh/keys', 'algorithm') && refresh.keys !== undefined ? resolveKeySet({ algorithm: valid.algorithm, keys: refresh.keys }, keyContext, '/refresh') : keys;
  const refreshLifetime = seconds('refresh/expirationDelta', refresh.expirationDelta, 1);
  const sessionLifetime = refresh.sessionLifetime === undefined ? undefined : seconds('refresh/sessionLifetime', refresh.sessionLifetime, 1);
  if (ok('store')) problems.push(...storeProblems(store, keyContext.env));
  if (options.forKit) {
    if (ok('handlers', 'authPath')) problems.push(...missingHandlers(valid));
    if (keys && ok('authPath')) problems.push(...missingSigningKey({ keys, authPath: valid.authPath }));
  }
  if (problems.length > 0) throw invalid(source, problems);

  return {
    algorithm: (keys as ResolvedKey[])[0]!.algorithm,
    keys: keys as ResolvedKey[],
    realm: valid.realm,
    authPath: valid.authPath,
    authEndpoint: valid.authEndpoint,
    usernameField: valid.usernameField,
    passwordField: valid.passwordField,
    headerName: valid.headerName,
    headerPrefix: valid.headerPrefix,
    maxTokenBytes: valid.maxTokenBytes,
    verify: valid.verify,
    verifyExpiration: valid.verifyExpiration,
    leeway,
    expirationDelta,
    notBeforeDelta,
    requiredClaims: valid.requiredClaims,
    audience: valid.audience,
    issuer: valid.issuer,
    cors: { enabled: cors.enabled, origins: cors.origins, credentials: cors.credentials, maxAge },
    refresh: {
      enabled: refresh.enabled,
      path: refresh.path,
      field: refresh.field,
      expirationDelta: refreshLifetime,
      sessionLifetime,
      keys: refreshKeys as ResolvedKey[],
    },
    logout: { enabled: logout.enabled, path: logout.path },
    revocation: valid.revocation || refresh.enabled || logout.enabled,
    store,
    tokenLocations: valid.tokenLocations,
    cookie: valid.cookie,
    queryParameter: valid.queryParameter,
    rolesClaim: valid.rolesClaim,
    handlers: valid.handlers,
    filepath: options.filepath,
  };
}

/**
 * What the schema cannot say about a store: a Redis store must find its server (a URL, the URL's environment
 * variable, Sentinels or a Cluster), and memory-only options stay with memory. The URL is never echoed.
 */
function storeProblems(store: StoreConfig, env: Record<string, string | undefined>): string[] {
  if (store.type === 'memory') {
    const extra = Object.keys(store).filter((name) => !['type', 'maxEntries'].includes(name));
    return extra.map((name) => `/store/${name} is an option of a redis store, but /store/type is "memory"`);
  }
  const problems: string[] = [];
  if ((store as { maxEntries?: unknown }).maxEntries !== undefined) problems.push('/store/maxEntries is an option of a memory store, but /store/type is "redis"');
  const urlEnv = store.urlEnv ?? 'REDIS_URL';
  if (store.url === undefined && !env[urlEnv] && !store.sentinels && !store.cluster) {
    problems.push(`/store: a redis store needs its server: set the ${urlEnv} environment variable (or /store/urlEnv), /store/url, /store/sentinels or /store/cluster`);
  }
  if (store.sentinels && store.cluster) problems.push('/store/sentinels and /store/cluster cannot both be set');
  if (store.sentinels && store.name === undefined) problems.push('/store/name (the Sentinel master name) is required with /store/sentinels');
  return problems;
}

/**
 * Cookie settings a browser would refuse or that defeat their purpose, which the schema cannot see: SameSite=None
 * without Secure is dropped by browsers, and the `__Host-` / `__Secure-` name prefixes (RFC 6265bis section
 * 4.1.3) are only honoured with the attributes they demand.
 */
function cookieProblems(cookie: ResolvedCookieOptions): string[] {
  const problems: string[] = [];
  if (cookie.sameSite === 'None' && !cookie.secure) problems.push('/cookie/sameSite "None" needs /cookie/secure true: browsers drop such cookies');
  if (cookie.name === cookie.csrfCookieName) problems.push('/cookie/csrfCookieName must differ from /cookie/name');
  for (const [path, name] of [['name', cookie.name], ['csrfCookieName', cookie.csrfCookieName]] as const) {
    if ((name.startsWith('__Host-') || name.startsWith('__Secure-')) && !cookie.secure) {
      problems.push(`/cookie/${path} starts with ${name.startsWith('__Host-') ? '__Host-' : '__Secure-'}, which needs /cookie/secure true`);
    }
    if (name.startsWith('__Host-') && (cookie.path !== '/' || cookie.domain !== undefined)) {
      problems.push(`/cookie/${path} starts with __Host-, which needs /cookie/path "/" and no /cookie/domain`);
    }
  }
  return problems;
}

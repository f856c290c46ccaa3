/**
 * Turns a config into a `ResolvedConfig`: validated against the schema, defaults filled, durations in
 * seconds, the secret or keys read. Everything a request needs is decided here, once, at start-up.
 */
import { basename, dirname } from 'node:path';
import { durationSeconds } from './duration';
import { jwkThumbprint } from './jwk';
import { isHmac, KEY_FIELDS, resolveKeySet } from './keys';
import { profileProblems, type RequirementProfile } from './requirements';
import { checkSchema, invalid, passed } from './validate';
import type { Duration, Handlers, ResolvedConfig, ResolvedCookieOptions, ResolvedKey, ResolvedRemoteJwks, StoreConfig, ValidConfig } from './types';
import { isJsonObject } from './json-object';

export { isHmac, MIN_SECRET_BYTES } from './keys';

export interface ResolveOptions {
  /** The file the config came from: names it in errors, anchors relative key paths. */
  filepath?: string;
  /** Where `secretEnv` is looked up. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * What the config is for (src/config/requirements.ts): its needs are checked in the same error as every
   * other problem. Default: a valid config, nothing more.
   */
  profile?: RequirementProfile;
  /** Where an environment variable came from, for reports of where the key came from (`envOrigin` of env-file.ts). */
  envOrigin?: (name: string) => string;
  /**
   * Resolve the rules only, with no key (`keys` empty): the keys come from elsewhere, as the CLI's
   * `token verify --jwks FILE|URL` reads them from a JWKS.
   */
  withoutKeys?: boolean;
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
    configName: source === 'config' ? 'the config' : source,
    envOrigin: options.envOrigin,
    env: options.env ?? process.env,
    allowWeakSecret: valid.dangerouslyAllowWeakSecret,
    problems,
  };
  const jwks = { path: ok('jwks') ? valid.jwks.path : null, maxAge: ok('jwks') ? seconds('jwks/maxAge', valid.jwks.maxAge) : 0 };
  const remoteJwks = ok('remoteJwks') && valid.remoteJwks ? resolveRemoteJwks(valid, seconds, problems) : undefined;
  // A resource server (remoteJwks) has no keys of its own: it verifies with the issuer's.
  const keys = valid.remoteJwks || options.withoutKeys ? [] : ok(...KEY_PATHS) ? resolveKeySet(valid, keyContext) : undefined;
  if (keys && jwks.path !== null) {
    problems.push(...unpublishable(keys, valid.remoteJwks !== undefined));
    // A key without a kid gets its RFC 7638 thumbprint, so tokens name the published key they need.
    for (const key of keys) {
      if (key.kid === undefined && !isHmac(key.algorithm)) Object.assign(key, { kid: jwkThumbprint(key.verifying), kidIsThumbprint: true });
    }
  }
  const { refresh, logout, store } = valid;
  if (valid.remoteJwks && (refresh.enabled || logout.enabled)) {
    problems.push('/remoteJwks: a resource server verifies the issuer\'s tokens; refresh and logout belong to the issuer: turn /refresh/enabled and /logout/enabled off');
  }
  const refreshKeys =
    ok('refresh/keys', 'algorithm') && refresh.keys !== undefined ? resolveKeySet({ algorithm: valid.algorithm, keys: refresh.keys }, keyContext, '/refresh') : keys;
  const refreshLifetime = seconds('refresh/expirationDelta', refresh.expirationDelta, 1);
  const sessionLifetime = refresh.sessionLifetime === undefined ? undefined : seconds('refresh/sessionLifetime', refresh.sessionLifetime, 1);
  if (ok('store')) problems.push(...storeProblems(store, keyContext.env));
  // A block the schema refused may be anything (null, a string); an object got its defaults filled in either way.
  const throttle = isJsonObject(valid.loginThrottle) ? valid.loginThrottle : ({} as ValidConfig<TUser>['loginThrottle']);
  const loginThrottle = {
    ...throttle,
    usernameWindow: seconds('loginThrottle/usernameWindow', throttle.usernameWindow, 1),
    addressWindow: seconds('loginThrottle/addressWindow', throttle.addressWindow, 1),
  };
  // The hook checks run even where a key has a problem of its own (every problem in one error); the key checks
  // need the keys, and are left out when the keys could not be read.
  if (options.profile && ok('handlers', 'authPath')) {
    problems.push(...profileProblems({ handlers: valid.handlers as Handlers<unknown>, authPath: valid.authPath, keys }, options.profile));
  }
  if (problems.length > 0) throw invalid(source, problems);

  return {
    algorithm: remoteJwks ? remoteJwks.algorithms[0]! : ((keys as ResolvedKey[])[0]?.algorithm ?? valid.algorithm),
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
    jwks,
    ...(remoteJwks && { remoteJwks }),
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
    cache: { enabled: valid.cache.enabled, maxEntries: valid.cache.maxEntries },
    store,
    loginThrottle,
    tokenLocations: valid.tokenLocations,
    cookie: valid.cookie,
    queryParameter: valid.queryParameter,
    rolesClaim: valid.rolesClaim,
    playground: valid.playground,
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

/** Why the JWKS endpoint cannot publish these keys: HMAC secrets are shared, never published. */
function unpublishable(keys: readonly ResolvedKey[], remote: boolean): string[] {
  if (remote) return ['/jwks/path publishes the keys this server signs with, and with /remoteJwks it has none: set /jwks/path to null'];
  const secret = keys.find((key) => isHmac(key.algorithm));
  if (!secret) return [];
  return [
    `/jwks/path: the JWKS endpoint publishes public keys, and ${secret.source} is a ${secret.algorithm} shared secret, which must never be published: ` +
      'use an RS*, PS* or ES* key (npx jwt-kit keys generate --alg ES256), or set /jwks/path to null',
  ];
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The remote JWKS options with durations in seconds; a URL that is not https (or loopback http) is a problem. */
function resolveRemoteJwks<TUser>(
  valid: ValidConfig<TUser>,
  seconds: (path: string, value: Duration, minimum?: number) => number,
  problems: string[],
): ResolvedRemoteJwks {
  const remote = valid.remoteJwks!;
  const given = [...KEY_FIELDS, 'keys'].filter((field) => (valid as Record<string, unknown>)[field] !== undefined);
  if (given.length > 0) {
    problems.push(`/${given[0]} and /remoteJwks are both set: with /remoteJwks, tokens are verified with the issuer's keys only; remove the local key options`);
  }
  let url: URL | undefined;
  try {
    url = new URL(remote.url);
  } catch {
    problems.push('/remoteJwks/url is not a URL');
  }
  // Keys fetched over plain http could be swapped by anyone on the path, who could then sign any token.
  if (url && url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    problems.push('/remoteJwks/url must be https (http is allowed to localhost, 127.0.0.1 and [::1] only): keys fetched over plain http can be replaced in transit');
  }
  if (url && (url.username !== '' || url.password !== '')) problems.push('/remoteJwks/url must not carry a user name or password');
  const resolved = {
    url: remote.url,
    algorithms: remote.algorithms,
    minCacheAge: seconds('remoteJwks/minCacheAge', remote.minCacheAge),
    maxCacheAge: seconds('remoteJwks/maxCacheAge', remote.maxCacheAge, 1),
    cooldown: seconds('remoteJwks/cooldown', remote.cooldown, 1),
    timeout: seconds('remoteJwks/timeout', remote.timeout, 1),
  };
  if (resolved.minCacheAge > resolved.maxCacheAge) problems.push('/remoteJwks/minCacheAge must not be longer than /remoteJwks/maxCacheAge');
  return resolved;
}

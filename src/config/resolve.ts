/**
 * Turns a config into a `ResolvedConfig`: validated against the schema, defaults filled, durations in
 * seconds, the secret or keys read. Everything a request needs is decided here, once, at start-up.
 */
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve as resolvePath } from 'node:path';
import { durationSeconds } from './duration';
import { keyProblem } from './key-rules';
import { missingHandlers, missingSigningKey } from './requirements';
import { checkSchema, invalid, passed } from './validate';
import type { Algorithm, Duration, KeyMaterial, ResolvedConfig, ValidConfig } from './types';

/** The shortest HMAC secret accepted without `dangerouslyAllowWeakSecret` (RFC 7518 section 3.2 for HS256). */
export const MIN_SECRET_BYTES = 32;

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

// The options resolveKeys reads: it runs only when the schema passed all of them.
const KEY_PATHS = ['algorithm', 'secret', 'secretEnv', 'privateKey', 'privateKeyFile', 'publicKey', 'publicKeyFile', 'dangerouslyAllowWeakSecret'];

/** True for the HMAC algorithms, which sign and verify with one shared secret. */
export function isHmac(algorithm: Algorithm): boolean {
  return algorithm.startsWith('HS');
}

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
  const keys = ok(...KEY_PATHS) ? resolveKeys(valid, options, problems) : undefined;
  if (options.forKit) {
    if (ok('handlers', 'authPath')) problems.push(...missingHandlers(valid));
    if (keys && ok('authPath')) problems.push(...missingSigningKey({ algorithm: valid.algorithm, keys, authPath: valid.authPath }));
  }
  if (problems.length > 0) throw invalid(source, problems);

  return {
    algorithm: valid.algorithm,
    keys: keys as KeyMaterial,
    realm: valid.realm,
    authPath: valid.authPath,
    authEndpoint: valid.authEndpoint,
    usernameField: valid.usernameField,
    passwordField: valid.passwordField,
    headerName: valid.headerName,
    headerPrefix: valid.headerPrefix,
    verify: valid.verify,
    verifyExpiration: valid.verifyExpiration,
    leeway,
    expirationDelta,
    notBeforeDelta,
    requiredClaims: valid.requiredClaims,
    audience: valid.audience,
    issuer: valid.issuer,
    cors: { enabled: cors.enabled, origins: cors.origins, credentials: cors.credentials, maxAge },
    handlers: valid.handlers,
    filepath: options.filepath,
  };
}

function resolveKeys(config: Omit<ValidConfig, 'handlers'>, options: ResolveOptions, problems: string[]): KeyMaterial | undefined {
  const { algorithm } = config;
  const given = (['secret', 'secretEnv', 'privateKey', 'privateKeyFile', 'publicKey', 'publicKeyFile'] as const).filter(
    (key) => config[key] !== undefined,
  );
  if (isHmac(algorithm)) {
    const wrong = given.filter((key) => !key.startsWith('secret'));
    if (wrong.length > 0) problems.push(`/${wrong[0]} is for RS*, PS* and ES* algorithms, not ${algorithm}`);
    if (config.secret !== undefined && config.secretEnv !== undefined) {
      problems.push('/secret and /secretEnv are both set: keep one');
      return undefined;
    }
    let secret = config.secret;
    if (config.secretEnv !== undefined) {
      secret = (options.env ?? process.env)[config.secretEnv];
      if (!secret) {
        problems.push(`/secretEnv names the environment variable ${config.secretEnv}, which is not set`);
        return undefined;
      }
    }
    if (secret === undefined) {
      problems.push(`${algorithm} needs a secret: set /secretEnv (recommended) or /secret`);
      return undefined;
    }
    const bytes = Buffer.from(secret, 'utf8');
    if (bytes.length < MIN_SECRET_BYTES && !config.dangerouslyAllowWeakSecret) {
      // The length only: the secret itself is never echoed.
      problems.push(
        `${config.secretEnv ? `/secretEnv: the secret in ${config.secretEnv}` : '/secret: the secret'} is ${bytes.length} bytes, fewer than ${MIN_SECRET_BYTES}; ` +
          'use a longer random secret (openssl rand -base64 48) or set dangerouslyAllowWeakSecret for local experiments',
      );
      return undefined;
    }
    const key = createSecretKey(bytes);
    return { signing: key, verifying: key };
  }

  if (given.some((key) => key.startsWith('secret'))) problems.push(`/secret is for HS* algorithms, not ${algorithm}`);
  const base = options.filepath ? dirname(options.filepath) : process.cwd();
  const pem = (inline: string | undefined, file: string | undefined, name: string): string | undefined => {
    if (inline !== undefined && file !== undefined) problems.push(`/${name} and /${name}File are both set: keep one`);
    if (inline !== undefined || file === undefined) return inline;
    try {
      return readFileSync(resolvePath(base, file), 'utf8');
    } catch {
      problems.push(`/${name}File: cannot read ${file}`);
      return undefined;
    }
  };
  const privateKey = pem(config.privateKey, config.privateKeyFile, 'privateKey');
  const publicKey = pem(config.publicKey, config.publicKeyFile, 'publicKey');
  if (privateKey === undefined && publicKey === undefined) {
    problems.push(`${algorithm} needs a key: set /privateKeyFile (to issue tokens) or /publicKeyFile (to verify only)`);
    return undefined;
  }
  // Parse now, so a broken PEM stops start-up instead of failing the first request.
  const parse = (name: string, text: string | undefined, make: (pem: string) => KeyObject): KeyObject | undefined => {
    if (text === undefined) return undefined;
    try {
      return make(text);
    } catch {
      problems.push(`/${name} is not a valid PEM key`);
      return undefined;
    }
  };
  const signing = parse('privateKey', privateKey, createPrivateKey);
  const verifying = parse('publicKey', publicKey, createPublicKey) ?? (signing && createPublicKey(signing));
  if (!verifying) return undefined;
  const problem = keyProblem(algorithm, verifying);
  if (problem) problems.push(problem);
  return { signing, verifying };
}

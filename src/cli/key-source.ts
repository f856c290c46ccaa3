/**
 * Where `token issue` and `token verify` get their key and rules: the first found of `--secret-file`,
 * `--key-file`, `JWT_SECRET` and the config's own key. The config, when one is found, also gives the rules
 * (algorithm, lifetime, leeway, audience, issuer, required claims), and flags override them. The result is
 * one `ResolvedConfig` built by `resolveConfig`, so the CLI signs and verifies exactly as the runtime does.
 * No message here ever includes a secret or a key; only where it came from.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import { durationSeconds } from '../config/duration';
import { envOrigin, withEnvFile } from '../config/env-file';
import { algorithmForKey, keyProblem } from '../config/key-rules';
import { CONFIG_FILES, packageJsonHasConfig, searchDirs } from '../config/files';
import { decodeSecretText, isHmac, KEY_FIELDS as KEY_OPTIONS, minSecretBytes, secretFileBytes } from '../config/keys';
import { resolveConfig } from '../config/resolve';
import type { Algorithm, ResolvedConfig, ResolvedKey } from '../config/types';
import { validateConfig } from '../config/validate';
import { JwtKitError } from '../errors';
import type { KeyLookup } from '../token/key-set';
import { findCliConfig } from './config-source';
import type { CliIO } from './io';
import type { KeyOptions } from './token-options';
import { isJsonObject } from '../config/json-object';

export type Purpose = 'issue' | 'verify';

/** Rules set by flags, over the config's. */
export interface RuleOverrides {
  leeway?: number;
  audience?: string[];
  issuer?: string;
}

export interface TokenSetup {
  config: ResolvedConfig;
  /** Where the key came from, in words (`--secret-file s.txt`, `JWT_SECRET`, `the config jwtauth.config.ts`). */
  keySource: string;
  /** Where the algorithm came from, in words. */
  algorithmSource: string;
  /** The config file found, if any. */
  configFile?: string;
  /** Lines for stderr: a weak secret let through, verification turned off in the config. */
  warnings: string[];
  /** The keys of a JWKS (`--jwks`, or the config's remoteJwks when verifying), instead of `config.keys`. */
  lookup?: KeyLookup;
}

// Everything in a config that is about the key: dropped when the key comes from a flag or JWT_SECRET.
const KEY_FIELDS = new Set<string>([...KEY_OPTIONS, 'keys', 'dangerouslyAllowWeakSecret']);

const usage = (message: string): never => {
  throw new JwtKitError('USAGE_INVALID', message);
};

export async function setupTokens(io: CliIO, options: KeyOptions, purpose: Purpose, overrides: RuleOverrides = {}): Promise<TokenSetup> {
  if (options.secretFile !== undefined && options.keyFile !== undefined) usage('--secret-file and --key-file are both given: pass one');
  if (options.jwks !== undefined && (options.secretFile !== undefined || options.keyFile !== undefined)) {
    usage(`--jwks and ${options.secretFile !== undefined ? '--secret-file' : '--key-file'} are both given: pass one`);
  }
  // cosmiconfig is loaded only when a config file may be there: a folder without one starts faster.
  const found =
    options.config !== undefined || io.env.JWTKIT_CONFIG || mayHaveConfig(io.cwd) ? await findCliConfig(io, options.config) : undefined;
  const configName = found && basename(found.filepath);
  const raw = found ? configObject(found.raw) : {};
  // A broken config is a config error (exit 3) whatever key the flags give.
  if (found) validateConfig(found.raw, basename(found.filepath));
  // The .env beside the config is part of the project's environment, as at run time; the real one wins.
  const env = found ? withEnvFile(dirname(found.filepath), io.env) : io.env;

  const pem = options.keyFile === undefined ? undefined : readKeyFile(io, options.keyFile, purpose);
  const configAlgorithm = typeof raw.algorithm === 'string' ? (raw.algorithm as Algorithm) : undefined;
  // The config's algorithm is the server's, so it wins wherever the key fits it (an RS512 config with an RSA
  // key file stays RS512); a key file it cannot use (an RSA key beside init's HS256 config) picks by its type.
  const configFitsKey = configAlgorithm !== undefined && (!pem || (!isHmac(configAlgorithm) && !keyProblem(configAlgorithm, pem.key)));
  const [algorithm, algorithmSource] = options.alg
    ? [options.alg, '--alg']
    : configFitsKey
      ? [configAlgorithm, `the config ${configName}`]
      : pem
        ? [algorithmFor(pem.key, options.keyFile as string), `the key type of ${options.keyFile}`]
        : (['HS256', 'the default'] as const);

  const remote = raw.remoteJwks as RemoteJwksRaw | undefined;
  if (options.jwks !== undefined) {
    return jwksSetup(io, { source: options.jwks, keySource: `--jwks ${options.jwks}` }, { raw, found, env, options, overrides, remote });
  }

  const warnings: string[] = [];
  const allowWeak = options.allowWeakSecret === true;
  // A key from a flag or JWT_SECRET replaces the config's key, and its issuer's keys (remoteJwks) too. To verify,
  // its JWKS goes as well: jwks.path publishes the config's keys and `verify` publishes nothing, so a flag's
  // secret is not refused as unpublishable. To issue, it stays: a flag's RS/ES key then signs with its thumbprint
  // kid, as the server would.
  const withoutKey = Object.fromEntries(
    Object.entries(raw).filter(([name]) => !KEY_FIELDS.has(name) && name !== 'remoteJwks' && !(purpose === 'verify' && name === 'jwks')),
  );
  let merged: Record<string, unknown>;
  let keySource: string;
  if (options.secretFile !== undefined) {
    if (!isHmac(algorithm)) usage(`--secret-file is for HS256, HS384 and HS512; ${algorithm} (from ${algorithmSource}) needs --key-file`);
    keySource = `--secret-file ${options.secretFile}`;
    const secret = readSecretFile(io, options.secretFile);
    checkSecretLength(secret, algorithm, `the secret in ${options.secretFile}`, allowWeak, warnings);
    // The file's raw bytes, handed to the one resolver in the secret form that carries bytes.
    merged = { ...withoutKey, secret: `base64url:${secret.toString('base64url')}`, dangerouslyAllowWeakSecret: allowWeak };
  } else if (pem) {
    if (isHmac(algorithm)) {
      usage(`--key-file is for RS*, PS* and ES* algorithms; ${algorithm} (from ${algorithmSource}) needs --secret-file or JWT_SECRET, or pass --alg`);
    }
    checkKeyFits(pem.key, algorithm, options.keyFile as string);
    keySource = `--key-file ${options.keyFile}`;
    merged = { ...withoutKey, [pem.isPrivate ? 'privateKey' : 'publicKey']: pem.text };
  } else if (found && remote !== undefined) {
    if (purpose === 'issue') {
      throw new JwtKitError(
        'CONFIG_INVALID',
        `the config ${configName} verifies with the issuer's JWKS (remoteJwks) and has no key to sign with: pass --key-file or --secret-file`,
      );
    }
    const source = typeof remote.url === 'string' ? remote.url : '';
    return jwksSetup(io, { source, keySource: `the remoteJwks of the config ${configName} (${source})` }, { raw, found, env, options, overrides, remote });
  } else if (found && (hasOwnKey(raw) || !(isHmac(algorithm) && env.JWT_SECRET))) {
    // Reported from the resolved key below, as the runtime reports it: `MY_SECRET in .env beside jwtauth.config.ts`.
    keySource = '';
    if (options.alg !== undefined) checkAlgFitsConfig(options.alg, raw, configName as string, warnings);
    merged = { ...raw };
    if (options.kid !== undefined) merged = withChosenKid(merged, options.kid, configName as string);
    if (allowWeak) {
      merged.dangerouslyAllowWeakSecret = true;
      warnings.push('WARNING: --allow-weak-secret: a secret shorter than 32 bytes is accepted; use this for local experiments only');
    }
  } else if (isHmac(algorithm) && env.JWT_SECRET) {
    // JWT_SECRET is the key only where no config says otherwise: a config's own key (its secretEnv, its file)
    // is the server's, and a stray JWT_SECRET in the shell must not make tokens the server refuses.
    keySource = 'JWT_SECRET';
    const bytes = decodeSecretText(env.JWT_SECRET);
    if (typeof bytes === 'string') usage(`JWT_SECRET ${bytes}`);
    checkSecretLength(bytes as Buffer, algorithm, 'the secret in JWT_SECRET', allowWeak, warnings);
    merged = { ...withoutKey, secretEnv: 'JWT_SECRET', dangerouslyAllowWeakSecret: allowWeak };
  } else {
    throw new JwtKitError(
      'CONFIG_NOT_FOUND',
      `No key for ${algorithm}: pass --secret-file FILE (HS*) or --key-file FILE (RS*, PS*, ES*), set JWT_SECRET, ` +
        'or run where a jwt-kit config is found (or pass --config PATH)',
    );
  }

  merged.algorithm = algorithm;
  if (options.kid !== undefined && keySource !== '') merged.kid = options.kid;
  if (purpose === 'verify') {
    // `verify` exists to check the signature: a config that turns the check off at run time is reported, not obeyed.
    if (raw.verify === false) warnings.push(`the config ${configName} sets verify: false; the signature is checked anyway`);
    merged.verify = true;
  }
  if (overrides.leeway !== undefined) merged.leeway = overrides.leeway;
  if (overrides.audience !== undefined) merged.audience = overrides.audience.length === 1 ? overrides.audience[0] : overrides.audience;
  if (overrides.issuer !== undefined) merged.issuer = overrides.issuer;

  let config: ResolvedConfig;
  try {
    config = resolveConfig(merged, {
      filepath: found?.filepath,
      env,
      envOrigin: found ? envOrigin(dirname(found.filepath), io.env, configName as string) : undefined,
      profile: purpose === 'issue' ? 'token-issue' : 'token-verify',
    });
  } catch (error) {
    // A warning may explain the error that follows (an --alg that differs from the config's): say it first.
    for (const warning of warnings) io.stderr.write(`jwt-kit: ${warning}\n`);
    throw error;
  }
  // One key: where it came from, as the runtime says it; a key list: the list (the verdict names the kid).
  const fromConfig = config.keys.length === 1 ? (config.keys[0] as ResolvedKey).from : `${configName}'s key list`;
  return { config, keySource: keySource || fromConfig, algorithmSource, configFile: found?.filepath, warnings };
}

/**
 * Whether a config may be found from `start`, told from file names alone (a superset of what cosmiconfig's
 * "project" search finds).
 */
export function mayHaveConfig(start: string): boolean {
  for (const dir of searchDirs(start)) {
    if (CONFIG_FILES.some((name) => name !== 'package.json' && existsSync(join(dir, name)))) return true;
    const pkg = join(dir, 'package.json');
    // A package.json that cannot be read as JSON may still be meant as a config: let the loader report it.
    if (existsSync(pkg)) return packageJsonHasConfig(pkg) ?? true;
  }
  return false;
}

function configObject(raw: unknown): Record<string, unknown> {
  // resolveConfig reports a config that is not an object; an empty one keeps its message.
  return isJsonObject(raw) ? raw : {};
}

function readText(io: CliIO, file: string, flag: string): string {
  try {
    return readFileSync(resolvePath(io.cwd, file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot read it';
    return usage(`${flag} ${file}: ${reason}`);
  }
}

function readSecretFile(io: CliIO, file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolvePath(io.cwd, file));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot read it';
    return usage(`--secret-file ${file}: ${reason}`);
  }
  // Raw bytes, as the server's secretFile reads them: a text file's final newline is not part of the key.
  const secret = secretFileBytes(bytes);
  if (secret.length === 0) usage(`--secret-file ${file} is empty`);
  return secret;
}

function checkSecretLength(secret: Buffer, algorithm: Algorithm, what: string, allowWeak: boolean, warnings: string[]): void {
  const bytes = secret.length;
  const minimum = minSecretBytes(algorithm);
  if (bytes >= minimum) return;
  if (!allowWeak) {
    // The length only: the secret itself is never echoed.
    throw new JwtKitError(
      'CONFIG_INVALID',
      `${what} is ${bytes} bytes, fewer than ${minimum}: ${algorithm} needs at least ${minimum}; use a longer random secret ` +
        `(openssl rand -base64 ${minimum}), or pass --allow-weak-secret for a local experiment`,
    );
  }
  warnings.push(`WARNING: --allow-weak-secret: ${what} is only ${bytes} bytes and can be brute-forced from one token; local experiments only`);
}

interface PemKey {
  text: string;
  key: KeyObject;
  isPrivate: boolean;
}

function readKeyFile(io: CliIO, file: string, purpose: Purpose): PemKey {
  const text = readText(io, file, '--key-file');
  try {
    return { text, key: createPrivateKey(text), isPrivate: true };
  } catch {
    // not a private key: maybe a public one
  }
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    return usage(`--key-file ${file} is not a PEM private or public key`);
  }
  if (purpose === 'issue') usage(`--key-file ${file} is a public key: issuing needs the private key`);
  return { text, key, isPrivate: false };
}

function algorithmFor(key: KeyObject, file: string): Algorithm {
  const { namedCurve, hashAlgorithm } = key.asymmetricKeyDetails ?? {};
  const detail = namedCurve ?? (key.asymmetricKeyType === 'rsa-pss' ? hashAlgorithm ?? 'no set hash' : undefined);
  return (
    algorithmForKey(key) ??
    usage(
      `--key-file ${file} is a ${key.asymmetricKeyType ?? 'unknown'} key${detail ? ` (${detail})` : ''}; jwt-kit signs with RSA keys, ` +
        'RSA-PSS keys restricted to SHA-256/384/512, and EC keys on P-256, P-384 or P-521',
    )
  );
}

function checkKeyFits(key: KeyObject, algorithm: Algorithm, file: string): void {
  const problem = keyProblem(algorithm, key);
  if (!problem) return;
  // Point at --alg only when the key does fit some algorithm (an RSA key under 2048 bits fits none).
  const fits = algorithmForKey(key);
  const hint = fits && !keyProblem(fits, key) ? `; this key fits ${fits}: pass --alg ${fits}` : '';
  usage(`--key-file ${file}: ${problem}${hint}`);
}

interface RemoteJwksRaw {
  url?: unknown;
  algorithms?: unknown;
  timeout?: unknown;
}

/**
 * The config with only the key of `kid`, made current: `token issue` signs with it, `token verify` checks with
 * it alone. A single key just takes the kid.
 */
function withChosenKid(raw: Record<string, unknown>, kid: string, configName: string): Record<string, unknown> {
  if (!Array.isArray(raw.keys)) return { ...raw, kid };
  const list = raw.keys as Array<Record<string, unknown>>;
  const chosen = list.find((key) => key?.kid === kid);
  if (!chosen) {
    const kids = list.map((key) => JSON.stringify(key?.kid)).join(', ');
    usage(`--kid ${JSON.stringify(kid)} names none of the keys of the config ${configName} (kids ${kids})`);
  }
  return { ...raw, keys: [{ ...chosen, status: 'current' }] };
}

interface JwksContext {
  raw: Record<string, unknown>;
  found: Awaited<ReturnType<typeof findCliConfig>>;
  env: Record<string, string | undefined>;
  options: KeyOptions;
  overrides: RuleOverrides;
  remote?: RemoteJwksRaw;
}

/**
 * `token verify` with the keys of a JWKS, read once from a file or fetched from a URL (through the runtime's
 * own fetch, src/token/remote-key-set.ts), used for the algorithms of --alg or the config only: never for
 * what the JWKS or the token says alone. The rules (leeway, audience, issuer, required claims) are the config's.
 */
async function jwksSetup(io: CliIO, where: { source: string; keySource: string }, context: JwksContext): Promise<TokenSetup> {
  const { raw, found, env, options, overrides, remote } = context;
  const configName = found && basename(found.filepath);
  const { source, keySource } = where;
  const configAlgorithm = typeof raw.algorithm === 'string' ? (raw.algorithm as Algorithm) : undefined;
  const remoteAlgorithms = Array.isArray(remote?.algorithms) ? (remote.algorithms as Algorithm[]) : undefined;
  const [algorithms, algorithmSource]: [Algorithm[], string] = options.alg
    ? [[options.alg], '--alg']
    : remoteAlgorithms
      ? [remoteAlgorithms, `the remoteJwks of the config ${configName}`]
      : configAlgorithm && !isHmac(configAlgorithm)
        ? [[configAlgorithm], `the config ${configName}`]
        : usage('--jwks needs the algorithms to accept: pass --alg (e.g. --alg ES256); a JWKS alone never decides them');
  const hmac = algorithms.find(isHmac);
  if (hmac) usage(`a JWKS holds public keys: ${hmac} (from ${algorithmSource}) tokens cannot be checked with it`);

  const [{ readJwks, jwksKeyLookup }, { fetchJwks }] = await Promise.all([import('../token/jwks'), import('../token/remote-key-set')]);
  const isUrl = /^https?:\/\//i.test(source);
  let body: unknown;
  if (isUrl) {
    const timeout = (typeof remote?.timeout === 'number' || typeof remote?.timeout === 'string' ? durationSeconds(remote.timeout) : undefined) ?? 5;
    body = (await fetchJwks(source, Math.max(1, timeout))).body;
  } else {
    try {
      body = JSON.parse(readText(io, source, '--jwks'));
    } catch (error) {
      if (error instanceof JwtKitError) throw error;
      usage(`--jwks ${source} is not JSON`);
    }
  }
  let keys;
  try {
    keys = readJwks(body, algorithms, isUrl ? `the JWKS at ${source}` : `--jwks ${source}`);
  } catch (error) {
    // A file that is not a JWKS is the caller's mistake; a URL's answer is the issuer's.
    if (!isUrl && error instanceof JwtKitError) usage(error.description);
    throw error;
  }
  let lookup: KeyLookup = jwksKeyLookup(keys, algorithms);
  const kid = options.kid;
  if (kid !== undefined) {
    const all = lookup;
    lookup = {
      keyFor: (header) => {
        if (header.kid !== undefined && header.kid !== kid) throw new JwtKitError('TOKEN_KEY_UNKNOWN', `The token names kid ${JSON.stringify(header.kid)}, not ${JSON.stringify(kid)}`);
        return all.keyFor({ ...header, kid });
      },
    };
  }

  const warnings: string[] = [];
  const rules = Object.fromEntries(Object.entries(raw).filter(([name]) => !KEY_FIELDS.has(name) && name !== 'remoteJwks' && name !== 'jwks'));
  if (raw.verify === false) warnings.push(`the config ${configName} sets verify: false; the signature is checked anyway`);
  const merged: Record<string, unknown> = { ...rules, algorithm: algorithms[0], verify: true };
  if (overrides.leeway !== undefined) merged.leeway = overrides.leeway;
  if (overrides.audience !== undefined) merged.audience = overrides.audience.length === 1 ? overrides.audience[0] : overrides.audience;
  if (overrides.issuer !== undefined) merged.issuer = overrides.issuer;
  const config = resolveConfig(merged, { filepath: found?.filepath, env, withoutKeys: true });
  if (keys.size === 0) warnings.push(`${keySource} holds no key usable with ${algorithms.join(', ')}`);
  return { config, keySource, algorithmSource, configFile: found?.filepath, warnings, lookup };
}

/**
 * `--alg` beside a config's own key: refused when the key cannot serve it (naming the option the config
 * uses), warned about when it can but differs from the server's algorithm, whose verify would refuse it.
 */
function checkAlgFitsConfig(alg: Algorithm, raw: Record<string, unknown>, configName: string, warnings: string[]): void {
  const configAlgorithm = typeof raw.algorithm === 'string' ? (raw.algorithm as Algorithm) : 'HS256';
  if (Array.isArray(raw.keys)) return; // a key list: each key has its own algorithm, checked by the resolver
  const option = [...KEY_OPTIONS].find((name) => name !== 'kid' && raw[name] !== undefined);
  if (option !== undefined && isHmac(alg) !== isHmac(configAlgorithm)) {
    const kind = isHmac(configAlgorithm) ? 'an HMAC secret (HS*)' : `a ${configAlgorithm.slice(0, 2)}* key`;
    usage(`--alg ${alg} does not fit the key of the config ${configName}: /${option} holds ${kind}; pass --${isHmac(alg) ? 'secret-file' : 'key-file'} FILE, or --alg ${configAlgorithm}`);
  }
  if (alg !== configAlgorithm) {
    warnings.push(`--alg ${alg} differs from the config's algorithm ${configAlgorithm}: the server of ${configName} verifies ${configAlgorithm} only and will refuse these tokens`);
  }
}

/** Whether a config names its own key (any key option, or a key list): then it, not JWT_SECRET, is the key. */
function hasOwnKey(raw: Record<string, unknown>): boolean {
  return raw.keys !== undefined || [...KEY_OPTIONS].some((name) => name !== 'kid' && raw[name] !== undefined);
}

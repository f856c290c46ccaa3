/**
 * Turns the key options of a config into a key set: one key (the top-level `secret`, `privateKeyFile`, ...)
 * or a list (`keys: [...]`, each with a `kid`), every key prepared once as a `KeyObject`, checked against its
 * algorithm, and one of them current (it signs; the others only verify, for rotation).
 *
 * Problems are collected, never thrown one by one, so `config check` and start-up list them all. Each names
 * the option the user wrote (`/keys/1/privateKeyFile`), the resolved path of a file, and what is wrong; none
 * ever includes key material.
 */
import { createPrivateKey, createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { keyProblem } from './key-rules';
import type { Algorithm, KeyConfig, ResolvedKey } from './types';
import { isJsonObject } from './json-object';

/** The HMAC key options, then the asymmetric ones: the fields of one key. */
export const SECRET_FIELDS = ['secret', 'secretEnv', 'secretFile'] as const;
export const JWK_FIELDS = ['jwk', 'jwkFile'] as const;
export const PEM_FIELDS = ['privateKey', 'privateKeyFile', 'publicKey', 'publicKeyFile'] as const;
export const KEY_FIELDS = ['kid', ...SECRET_FIELDS, ...JWK_FIELDS, ...PEM_FIELDS] as const;

/** The shortest HS256 secret accepted without `dangerouslyAllowWeakSecret`. */
export const MIN_SECRET_BYTES = 32;

/** True for the HMAC algorithms, which sign and verify with one shared secret. */
export function isHmac(algorithm: Algorithm): boolean {
  return algorithm.startsWith('HS');
}

/** RFC 7518 section 3.2: an HMAC key at least as long as the hash output (HS256 32 bytes, HS384 48, HS512 64). */
export function minSecretBytes(algorithm: Algorithm): number {
  return Number(algorithm.slice(2)) / 8;
}

export interface KeyContext {
  /** Where relative file paths start: the config file's folder (or the working directory). */
  base: string;
  /** The config's name for messages: `jwtauth.config.ts`, or `the config`. */
  configName?: string;
  /** Where an environment variable's value came from, in words: `MY_SECRET in .env beside jwtauth.config.ts`. */
  envOrigin?: (name: string) => string;
  env: Record<string, string | undefined>;
  allowWeakSecret: boolean;
  problems: string[];
}

/**
 * Resolves the keys of a config: the `keys` list when given, else the top-level key options as a single key.
 * Returns undefined when any key has a problem (each one is in `context.problems`).
 */
export function resolveKeySet(
  config: KeyConfig & { algorithm: Algorithm; keys?: KeyConfig[] },
  context: KeyContext,
  /** Where the options sit in the config, for messages: '' at the top, '/refresh' for the refresh keys. */
  at = '',
): ResolvedKey[] | undefined {
  const { problems } = context;
  const before = problems.length;
  if (config.keys !== undefined) {
    const topLevel = KEY_FIELDS.filter((field) => config[field] !== undefined);
    if (topLevel.length > 0) {
      problems.push(`/${topLevel[0]} and /keys are both set: with a key list, every key (and its kid) goes in /keys`);
      return undefined;
    }
    const keys = config.keys.map((key, index) => resolveKey(key, key.algorithm ?? config.algorithm, `${at}/keys/${index}`, context));
    checkKeyList(config.keys, keys, problems, `${at}/keys`);
    if (problems.length > before) return undefined;
    const list = keys as ResolvedKey[];
    // The current key first: it signs, and it is the one a token without a kid is checked against.
    return [...list.filter((key) => key.current), ...list.filter((key) => !key.current)];
  }
  const key = resolveKey({ ...config, status: 'current' }, config.algorithm, '', context);
  return problems.length > before || !key ? undefined : [key];
}

function checkKeyList(written: KeyConfig[], keys: Array<ResolvedKey | undefined>, problems: string[], at: string): void {
  const seen = new Map<string, number>();
  written.forEach((key, index) => {
    const kid = keys[index]?.kid ?? key.kid;
    if (kid === undefined) {
      if (written.length > 1) problems.push(`${at}/${index} needs a kid: with several keys, tokens name theirs in the kid header`);
      return;
    }
    const first = seen.get(kid);
    if (first !== undefined) problems.push(`${at}/${index}/kid ${JSON.stringify(kid)} is also the kid of ${at}/${first}: kids must be unique`);
    else seen.set(kid, index);
  });
  const current = written.map((key, index) => (key.status === 'current' || (written.length === 1 && key.status === undefined) ? index : -1)).filter((i) => i >= 0);
  if (current.length === 0) {
    problems.push(`${at} has no current key: mark the one that signs new tokens with status "current" (the others verify only)`);
  } else if (current.length > 1) {
    problems.push(`${at} has ${current.length} current keys (${current.map((i) => `${at}/${i}`).join(', ')}): exactly one signs; mark the others status "verify"`);
  }
}

function resolveKey(key: KeyConfig, algorithm: Algorithm, at: string, context: KeyContext): ResolvedKey | undefined {
  const { problems } = context;
  const given = [...SECRET_FIELDS, ...JWK_FIELDS, ...PEM_FIELDS].filter((field) => key[field] !== undefined);
  const where = at === '' ? '' : `${at}: `;
  if (given.length === 0) {
    problems.push(
      isHmac(algorithm)
        ? `${where}${algorithm} needs a secret: set ${at}/secretEnv (recommended), ${at}/secretFile, ${at}/secret or ${at}/jwk`
        : `${where}${algorithm} needs a key: set ${at}/privateKeyFile (to issue tokens) or ${at}/publicKeyFile (to verify only)`,
    );
    return undefined;
  }
  const current = key.status === 'current';
  if (isHmac(algorithm)) {
    const wrong = given.filter((field) => (PEM_FIELDS as readonly string[]).includes(field));
    if (wrong.length > 0) {
      problems.push(`${at}/${wrong[0]} is for RS*, PS* and ES* algorithms, not ${algorithm}`);
      return undefined;
    }
    if (given.length > 1) {
      problems.push(`${at}/${given[0]} and ${at}/${given[1]} are both set: keep one`);
      return undefined;
    }
    const secret = readSecret(key, given[0] as SecretField, at, context);
    if (!secret) return undefined;
    const minimum = minSecretBytes(algorithm);
    if (secret.bytes.length < minimum && !context.allowWeakSecret) {
      // The length only: the secret itself is never echoed.
      problems.push(
        `${secret.what} is ${secret.bytes.length} bytes, fewer than ${minimum}: ${algorithm} needs at least ${minimum} (RFC 7518 section 3.2); ` +
          `use a longer random secret (openssl rand -base64 ${minimum}), or set dangerouslyAllowWeakSecret for local experiments`,
      );
      return undefined;
    }
    const made = createSecretKey(secret.bytes);
    return { kid: key.kid ?? secret.kid, algorithm, current, signing: made, verifying: made, source: secret.what, from: describeFrom(key, at, context) };
  }

  const secretGiven = given.filter((field) => (SECRET_FIELDS as readonly string[]).includes(field));
  if (secretGiven.length > 0) {
    problems.push(`${at}/${secretGiven[0]} is for HS* algorithms, not ${algorithm}`);
    return undefined;
  }
  const pair = readPemPair(key, at, context);
  if (!pair) return undefined;
  const { signing, verifying, what, kid } = pair;
  const problem = keyProblem(algorithm, verifying);
  if (problem) {
    problems.push(`${what}: ${problem}`);
    return undefined;
  }
  return { kid: key.kid ?? kid, algorithm, current, signing, verifying, source: what, from: describeFrom(key, at, context) };
}

type SecretField = (typeof SECRET_FIELDS)[number] | (typeof JWK_FIELDS)[number];

/**
 * Where a key came from, as every command and the runtime report it: `MY_SECRET in .env beside
 * jwtauth.config.ts`, `keys/hs.key (/secretFile of jwtauth.config.ts)`, `/secret in jwtauth.config.ts`.
 */
function describeFrom(key: KeyConfig, at: string, context: KeyContext): string {
  const where = context.configName ?? 'the config';
  const field = [...SECRET_FIELDS, ...JWK_FIELDS, ...PEM_FIELDS].find((name) => key[name] !== undefined) as string;
  if (field === 'secretEnv') return context.envOrigin?.(key.secretEnv as string) ?? (key.secretEnv as string);
  if (field.endsWith('File')) return `${String(key[field as keyof KeyConfig])} (${at}/${field} of ${where})`;
  return `${at}/${field} in ${where}`;
}

interface Secret {
  bytes: Buffer;
  /** How the user named it, for messages: `/secretEnv: the secret in MY_SECRET`. */
  what: string;
  kid?: string;
}

function readSecret(key: KeyConfig, field: SecretField, at: string, context: KeyContext): Secret | undefined {
  const { problems } = context;
  const decoded = (text: string, what: string): Secret | undefined => {
    const bytes = decodeSecretText(text);
    if (typeof bytes === 'string') {
      problems.push(`${what} ${bytes}`);
      return undefined;
    }
    return { bytes, what };
  };
  switch (field) {
    case 'secret':
      return decoded(key.secret as string, `${at}/secret: the secret`);
    case 'secretEnv': {
      const name = key.secretEnv as string;
      const value = context.env[name];
      if (!value) {
        problems.push(`${at}/secretEnv names the environment variable ${name}, which is not set`);
        return undefined;
      }
      return decoded(value, `${at}/secretEnv: the secret in ${name}`);
    }
    case 'secretFile': {
      const file = readKeyFile(`${at}/secretFile`, key.secretFile as string, context);
      if (!file) return undefined;
      const bytes = secretFileBytes(file.bytes);
      if (bytes.length === 0) {
        problems.push(`${file.what} is empty`);
        return undefined;
      }
      return { bytes, what: file.what };
    }
    default: {
      const jwk = readJwk(key, at, context);
      if (!jwk) return undefined;
      if (jwk.value.kty !== 'oct' || typeof jwk.value.k !== 'string') {
        problems.push(`${jwk.what} is not an HMAC key: HS* needs a JWK with "kty": "oct" and "k"`);
        return undefined;
      }
      if (!checkJwkAlg(jwk.value, key, jwk.what, problems)) return undefined;
      return { bytes: Buffer.from(jwk.value.k, 'base64url'), what: jwk.what, kid: typeof jwk.value.kid === 'string' ? jwk.value.kid : undefined };
    }
  }
}

/**
 * The bytes of a secret written as text: `base64:`, `base64url:` or `hex:` followed by the encoded bytes, or
 * else the text itself as UTF-8. Returns a reason (a string) when a prefixed value does not decode.
 */
export function decodeSecretText(text: string): Buffer | string {
  const match = /^(base64|base64url|hex):(.*)$/s.exec(text);
  if (!match) return Buffer.from(text, 'utf8');
  const [, encoding, body] = match as unknown as [string, 'base64' | 'base64url' | 'hex', string];
  const pattern = { base64: /^[A-Za-z0-9+/]*={0,2}$/, base64url: /^[A-Za-z0-9_-]*$/, hex: /^(?:[0-9a-fA-F]{2})*$/ }[encoding];
  const value = body.trim();
  if (value === '' || !pattern.test(value) || (encoding !== 'hex' && value.replace(/=+$/, '').length % 4 === 1)) {
    return `is not valid ${encoding} after the "${encoding}:" prefix`;
  }
  return Buffer.from(value, encoding);
}

/**
 * A secret file holds the key's bytes. A text file (`openssl rand -base64 48 > f`, `echo ... > f`) ends with a
 * newline that is not part of the key, so one final newline is dropped from a file that is printable text;
 * a binary file (`openssl rand 64 > f`) is taken whole.
 */
export function secretFileBytes(bytes: Buffer): Buffer {
  const text = isUtf8(bytes) ? bytes.toString('utf8') : undefined;
  // eslint-disable-next-line no-control-regex
  if (text === undefined || !/^[^\u0000-\u0008\u000b-\u001f\u007f]*$/.test(text)) return bytes;
  const end = text.endsWith('\r\n') ? 2 : text.endsWith('\n') ? 1 : 0;
  return end === 0 ? bytes : bytes.subarray(0, bytes.length - end);
}

interface FileRead {
  bytes: Buffer;
  what: string;
}

function readKeyFile(option: string, file: string, context: KeyContext): FileRead | undefined {
  const path = resolvePath(context.base, file);
  const what = path === file ? `${option} ${file}` : `${option} ${file} (${path})`;
  try {
    return { bytes: readFileSync(path), what };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'cannot be read (permission denied)' : 'cannot be read';
    context.problems.push(`${what}: ${reason}`);
    return undefined;
  }
}

interface JwkRead {
  value: JsonWebKey;
  what: string;
}

function readJwk(key: KeyConfig, at: string, context: KeyContext): JwkRead | undefined {
  if (key.jwk !== undefined) return { value: key.jwk as JsonWebKey, what: `${at}/jwk` };
  const file = readKeyFile(`${at}/jwkFile`, key.jwkFile as string, context);
  if (!file) return undefined;
  try {
    const value = JSON.parse(file.bytes.toString('utf8')) as unknown;
    if (isJsonObject(value)) return { value: value as JsonWebKey, what: file.what };
  } catch {
    // reported below; the parser's message may quote the key
  }
  context.problems.push(`${file.what} is not a JSON Web Key (a JSON object)`);
  return undefined;
}

function checkJwkAlg(jwk: JsonWebKey, key: KeyConfig & { algorithm?: Algorithm }, what: string, problems: string[]): boolean {
  if (jwk.alg === undefined || key.algorithm === undefined || jwk.alg === key.algorithm) return true;
  problems.push(`${what} is for ${String(jwk.alg)}, but the key's algorithm is ${key.algorithm}`);
  return false;
}

interface PemPair {
  signing?: KeyObject;
  verifying: KeyObject;
  what: string;
  kid?: string;
}

/** The private and public key of an RS/PS/ES key, from PEM (inline or file) or a JWK, checked to belong together. */
function readPemPair(key: KeyConfig, at: string, context: KeyContext): PemPair | undefined {
  const { problems } = context;
  const before = problems.length;
  const text = (inline: 'privateKey' | 'publicKey'): { pem: string | Buffer; what: string } | undefined => {
    const fileOption = `${inline}File` as const;
    if (key[inline] !== undefined && key[fileOption] !== undefined) {
      problems.push(`${at}/${inline} and ${at}/${fileOption} are both set: keep one`);
      return undefined;
    }
    if (key[inline] !== undefined) return { pem: key[inline] as string, what: `${at}/${inline}` };
    if (key[fileOption] === undefined) return undefined;
    const file = readKeyFile(`${at}/${fileOption}`, key[fileOption] as string, context);
    return file && { pem: file.bytes, what: file.what };
  };
  const privateSource = text('privateKey');
  const publicSource = text('publicKey');
  if (key.jwk !== undefined || key.jwkFile !== undefined) {
    if (privateSource || publicSource || key.privateKey || key.privateKeyFile) {
      problems.push(`${at}/${key.jwk !== undefined ? 'jwk' : 'jwkFile'} and a PEM key are both set: keep one`);
      return undefined;
    }
    return readJwkPair(key, at, context);
  }
  if (problems.length > before) return undefined;
  const signing = privateSource && parsePrivate(privateSource.pem, privateSource.what, problems);
  const given = publicSource && parsePublic(publicSource.pem, publicSource.what, problems);
  if (problems.length > before) return undefined;
  const derived = signing && createPublicKey(signing);
  if (derived && given && !derived.equals(given)) {
    problems.push(`${privateSource?.what} and ${publicSource?.what} are not a pair: the public key does not belong to the private key`);
    return undefined;
  }
  const verifying = given ?? derived;
  const what = privateSource?.what ?? (publicSource?.what as string);
  return verifying ? { signing, verifying, what } : undefined;
}

/** An RSA or EC key given as a JWK: private when it has `d` (its public half derived), public otherwise. */
function readJwkPair(key: KeyConfig, at: string, context: KeyContext): PemPair | undefined {
  const { problems } = context;
  const jwk = readJwk(key, at, context);
  if (!jwk || !checkJwkAlg(jwk.value, key, jwk.what, problems)) return undefined;
  const kid = typeof jwk.value.kid === 'string' ? jwk.value.kid : undefined;
  try {
    if (jwk.value.d === undefined) return { verifying: createPublicKey({ key: jwk.value, format: 'jwk' }), what: jwk.what, kid };
    const signing = createPrivateKey({ key: jwk.value, format: 'jwk' });
    return { signing, verifying: createPublicKey(signing), what: jwk.what, kid };
  } catch {
    problems.push(`${jwk.what} is not a usable RSA or EC JSON Web Key`);
    return undefined;
  }
}

function parsePrivate(pem: string | Buffer, what: string, problems: string[]): KeyObject | undefined {
  try {
    return createPrivateKey(pem);
  } catch {
    // Say what the file is, so a public key in the private key's place is named as such.
    let isPublic = false;
    try {
      createPublicKey(pem);
      isPublic = true;
    } catch {
      // neither
    }
    problems.push(
      isPublic
        ? `${what} is a public key, not a private key: put it in ${what.split(' ')[0]?.replace(/private(Key(File)?)$/, 'public$1')}, or give the private key here`
        : `${what} is not a PEM private key`,
    );
    return undefined;
  }
}

function parsePublic(pem: string | Buffer, what: string, problems: string[]): KeyObject | undefined {
  try {
    const key = createPublicKey(pem);
    // createPublicKey also accepts a private key (and derives its public half): a private key in the public
    // key's place is a mistake worth naming, since that file may end up published.
    if (/PRIVATE KEY/.test(pem.toString())) {
      problems.push(`${what} is a private key: keep it in ${what.split(' ')[0]?.replace(/public(Key(File)?)$/, 'private$1')}; the public key is derived from it`);
      return undefined;
    }
    return key;
  } catch {
    problems.push(`${what} is not a PEM public key`);
    return undefined;
  }
}

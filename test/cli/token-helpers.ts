/**
 * Shared by the token CLI tests: a CliIO double with a chosen stdin and terminal flags, temporary project
 * folders, and tokens made by hand with node:crypto (never by our own signer, so a bug there cannot hide).
 */
import { createHmac, createVerify, generateKeyPairSync } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CliIO } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { makeProject, removeProjects } from '../helpers/project';

export interface TokenIO extends CliIO {
  out: () => string;
  err: () => string;
  env: Record<string, string | undefined>;
}

export interface IOOptions {
  env?: Record<string, string | undefined>;
  /** Text piped in on stdin; undefined: stdin is a terminal. */
  stdin?: string;
  /** stdout and stderr are terminals. */
  tty?: boolean;
}

export function tokenIO(cwd: string, options: IOOptions = {}): TokenIO {
  let out = '';
  let err = '';
  const stdin =
    options.stdin === undefined
      ? Object.assign(Readable.from([]), { isTTY: true })
      : Readable.from([Buffer.from(options.stdin)]);
  return {
    stdout: { write: (text: string) => (out += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (err += text), isTTY: options.tty ?? false },
    stdin: stdin as unknown as CliIO['stdin'],
    env: { ...options.env },
    cwd,
    out: () => out,
    err: () => err,
  };
}

export interface Run {
  code: number;
  out: string;
  err: string;
  io: TokenIO;
}

/** Runs `jwt-kit <args>` in-process. */
export async function run(cwd: string, args: string[], options: IOOptions = {}): Promise<Run> {
  const io = tokenIO(cwd, options);
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err(), io };
}

/** A temporary project folder (with a package.json, so no config search leaves it) holding `files`. */
export const project = (files: Record<string, string> = {}): string => makeProject(files, { prefix: 'jwt-kit-token-' });
export { removeProjects };

/** 48 characters: long enough for every HS algorithm. */
export const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789-ABCD'; // 64 bytes: enough for HS512
export const OTHER_SECRET = 'another-secret-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789-A'; // 64 bytes

export type Hs = 'HS256' | 'HS384' | 'HS512';
const HASH: Record<Hs, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HMAC-signed token with exactly this header (alg defaulted) and payload. */
export function hsToken(payload: unknown, secret = SECRET, alg: Hs = 'HS256', header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg, typ: 'JWT', ...header })}.${b64(payload)}`;
  return `${input}.${createHmac(HASH[alg], secret).update(input).digest('base64url')}`;
}

/** An unsigned token (alg "none"). */
export function unsignedToken(payload: unknown): string {
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
}

/** Flips the first character of the signature, keeping it base64url. */
export function tamper(token: string): string {
  const dot = token.lastIndexOf('.');
  return `${token.slice(0, dot + 1)}${token[dot + 1] === 'A' ? 'B' : 'A'}${token.slice(dot + 2)}`;
}

export function parts(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.');
  const read = (s = '') => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: read(h), payload: read(p) };
}

/** Whether `token` carries a valid HMAC signature made with `secret`. */
export function hmacValid(token: string, secret: string, alg: Hs): boolean {
  const dot = token.lastIndexOf('.');
  return createHmac(HASH[alg], secret).update(token.slice(0, dot)).digest('base64url') === token.slice(dot + 1);
}

/** Whether `token` carries a valid RS256 signature for `publicPem`. */
export function rs256Valid(token: string, publicPem: string): boolean {
  const dot = token.lastIndexOf('.');
  return createVerify('RSA-SHA256').update(token.slice(0, dot)).verify(publicPem, Buffer.from(token.slice(dot + 1), 'base64url'));
}

export const now = () => Math.floor(Date.now() / 1000);

/** Fixed times of the spec: 1700000000 is 2023-11-14T22:13:20Z, +300 s is 22:18:20Z. */
export const IAT = 1_700_000_000;
export const IAT_ISO = '2023-11-14T22:13:20Z';
export const EXP_ISO = '2023-11-14T22:18:20Z';

let keys: { rsaPrivate: string; rsaPublic: string; ecPrivate: string; ecPublic: string } | undefined;

/** PEM key pairs, made once per test file. */
export function pemKeys() {
  if (!keys) {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    keys = {
      rsaPrivate: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      rsaPublic: rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      ecPrivate: ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      ecPublic: ec.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    };
  }
  return keys;
}

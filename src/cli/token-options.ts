/**
 * Option parsers and shared options of the `token` commands. A bad value is a usage error (exit 2), reported
 * by commander with the option named.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { durationSeconds } from '../config/duration';
import type { Algorithm } from '../config/types';

/** Every algorithm jwt-kit signs and verifies with (the schema's `algorithm` enum). */
export const ALGORITHMS: readonly Algorithm[] = [
  'HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512',
];

/** Parses `90`, `30s`, `15m`, `12h`, `7d`, `2w` into whole seconds. */
export function parseDuration(value: string): number {
  const seconds = durationSeconds(value);
  if (seconds === undefined) throw new InvalidArgumentError('must be whole seconds or a duration such as 30s, 15m, 12h, 7d');
  return seconds;
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The options that say where the key and the rules come from, shared by `issue` and `verify`. */
export interface KeyOptions {
  secretFile?: string;
  keyFile?: string;
  config?: string;
  alg?: Algorithm;
  allowWeakSecret?: boolean;
  /** The key of that kid: the one that signs (issue), the only one that verifies (verify). */
  kid?: string;
  /** `token verify` only: a JWKS file or URL to verify with. */
  jwks?: string;
}

export function addKeyOptions(command: Command, keyFileHelp: string): Command {
  return command
    .option('--secret-file <file>', 'read the HMAC secret from this file (a trailing newline is ignored)')
    .option('--key-file <file>', keyFileHelp)
    .option('-c, --config <path>', 'config file (default: search from the working directory up)')
    .addOption(new Option('--alg <algorithm>', 'algorithm (default: the config\'s, else HS256, or the key file\'s type)').choices(ALGORITHMS))
    .option('--allow-weak-secret', 'DANGEROUS: accept an HMAC secret shorter than 32 bytes (local experiments only)')
    .option('--kid <kid>', "the key of this kid in the config's key list (or the kid given to the --secret-file / --key-file key)");
}

/** The help paragraph on where the key comes from. */
export const KEY_HELP = `
Key, the first found of:
  --jwks FILE|URL      (verify) the public keys of a JWKS, used for --alg or the config's algorithms only
  --secret-file FILE   an HMAC secret (HS256, HS384, HS512)
  --key-file FILE      a PEM key (RS*, PS*, ES*)
  JWT_SECRET           the environment variable, for HS* algorithms
  the config           jwtauth.config.* or package.json "jwtauth", searched from the working directory
                       (or --config PATH), with the .env beside it; its remoteJwks URL, for verify
--kid K picks the key of that kid in the config's key list (issue signs with it, verify checks with it only),
or names the --secret-file / --key-file key.
The config, when found, also gives the algorithm, lifetime, leeway, audience, issuer and required claims.
Secrets are never taken on the command line and never printed.`;

/**
 * `jwt-kit token issue`: signs a token with the runtime's token service and prints it alone on stdout, so
 * `TOKEN=$(jwt-kit token issue ...)` works. Claims come from `--payload`, then `--claim`, then `--sub`,
 * `--aud`, `--iss`; `iat`, `nbf`, `exp` and `jti` are added as the login route adds them.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Option, type Command } from 'commander';
import type { JwtPayload } from '../../config/types';
import { JwtKitError } from '../../errors';
import { findBadTimeClaim } from '../../token/claims';
import { jsonErrorReason } from '../../config/json-error';
import type { CliContext } from '../program';
import { addKeyOptions, collect, KEY_HELP, parseDuration, type KeyOptions } from '../token-options';
import { isJsonObject } from '../../config/json-object';

interface IssueOptions extends KeyOptions {
  claim?: string[];
  payload?: string;
  sub?: string;
  aud?: string[];
  iss?: string;
  /** Seconds, with `--exp`. */
  exp?: number;
  /** false with `--no-exp` (commander's value for a negated flag), undefined without it. */
  noExp?: false;
  refresh?: boolean;
}

// `--no-exp` gets an attribute of its own instead of sharing `exp` with `--exp`, so that giving both is seen
// (and refused) rather than the last one silently winning.
function noExpOption(): Option {
  const option = new Option('--no-exp', 'issue a token that never expires (servers that verify expiry refuse it)');
  option.attributeName = () => 'noExp';
  return option;
}

/** The lifetime without `--exp` and without a config (a config's own default is 300 s, as Flask-JWT's). */
const DEFAULT_LIFETIME_SECONDS = 15 * 60;

export function registerTokenIssue(token: Command, cli: CliContext): void {
  const command = token
    .command('issue')
    .description('sign a token and print it alone on stdout')
    .option('--claim <key=value>', 'add a claim; the value is read as JSON when it parses (1, true, ["a"]), else as text; repeatable', collect)
    .option('--payload <json|@file>', 'claims as a JSON object, or @FILE to read them from a file')
    .option('--sub <subject>', 'the subject claim (sub), always text')
    .option('--aud <audience>', "the audience claim (aud); repeat for several (default: the config's audience)", collect)
    .option('--iss <issuer>', "the issuer claim (iss) (default: the config's issuer)")
    .addOption(new Option('--exp <duration>', "lifetime: 90, 30s, 15m, 12h, 7d (default: the config's expirationDelta, else 15m)").argParser(parseDuration))
    .addOption(noExpOption())
    .option('--refresh', "issue a refresh token instead: type refresh, a new session (fam, auth_time), the refresh keys and lifetime (default: the config's refresh.expirationDelta)");
  addKeyOptions(command, 'read a PEM private key (RS*, PS*, ES*) from this file')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ TOKEN=$(jwt-kit token issue --claim user_id=1)                  # key and rules from the config',
        '  $ jwt-kit token issue --secret-file secret.txt --sub joe --exp 1h --claim roles=\'["admin"]\'',
        '  $ JWT_SECRET=$(cat secret.txt) jwt-kit token issue --payload @claims.json --alg HS512',
        '  $ jwt-kit token issue --key-file private.pem --alg RS256 --claim user_id=1 --aud api',
        '  $ jwt-kit token issue --kid 2026-06 --claim user_id=1          # the key of that kid in the config',
        KEY_HELP,
      ].join('\n'),
    )
    .action((options: IssueOptions) => issue(options, cli));
}

async function issue(options: IssueOptions, cli: CliContext): Promise<void> {
  const { io } = cli;
  const claims = buildClaims(options, io.cwd);
  const never = options.noExp === false;
  if (never && options.exp !== undefined) throw new JwtKitError('USAGE_INVALID', '--exp and --no-exp are both given: keep one');
  if ((never || options.exp !== undefined) && claims.exp !== undefined) {
    throw new JwtKitError('USAGE_INVALID', `${never ? '--no-exp' : '--exp'} conflicts with the exp claim given in --claim or --payload: keep one`);
  }
  if (options.exp === 0) throw new JwtKitError('USAGE_INVALID', '--exp must be at least 1s (use --no-exp for a token without expiry)');
  const badTimeClaim = findBadTimeClaim(claims);
  if (badTimeClaim) throw new JwtKitError('USAGE_INVALID', `the "${badTimeClaim}" claim must be a number (seconds since 1970)`);

  const [{ setupTokens }, { createTokenService }] = await Promise.all([import('../key-source'), import('../../token/service')]);
  const setup = await setupTokens(io, options, 'issue');
  for (const warning of setup.warnings) io.stderr.write(`jwt-kit: ${warning}\n`);
  // A key that cannot sign was refused by setupTokens (the token-issue requirement profile).
  const { config } = setup;
  const defaultLifetime = options.refresh ? config.refresh.expirationDelta : setup.configFile !== undefined ? config.expirationDelta : DEFAULT_LIFETIME_SECONDS;
  const expirationDelta = typeof options.exp === 'number' ? options.exp : defaultLifetime;
  // A refresh token is what the login route hands out beside the access token: the refresh keys, a session.
  const keys = options.refresh ? config.refresh.keys : config.keys;
  const tokens = createTokenService({ ...config, keys, expirationDelta });
  const session = options.refresh ? { type: 'refresh', fam: randomUUID(), auth_time: Math.floor(Date.now() / 1000) } : {};
  const full = tokens.withStandardClaims({ ...session, ...claims });
  if (never) delete full.exp;
  const token = tokens.sign(full);
  io.stdout.write(`${token}\n`);
  if (never) {
    io.stderr.write('jwt-kit: warning: this token never expires (--no-exp); servers that verify expiry (the default) refuse it\n');
  }
}

function buildClaims(options: IssueOptions, cwd: string): JwtPayload {
  const claims: JwtPayload = {};
  if (options.payload !== undefined) {
    for (const [name, value] of Object.entries(readPayload(options.payload, cwd))) setClaim(claims, name, value);
  }
  for (const pair of options.claim ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new JwtKitError('USAGE_INVALID', `--claim ${pair}: expected key=value, e.g. --claim user_id=1`);
    setClaim(claims, pair.slice(0, eq), parseValue(pair.slice(eq + 1)));
  }
  if (options.sub !== undefined) claims.sub = options.sub;
  if (options.aud !== undefined) claims.aud = options.aud.length === 1 ? options.aud[0] : options.aud;
  if (options.iss !== undefined) claims.iss = options.iss;
  return claims;
}

// An own property even for "__proto__", which plain assignment would turn into a prototype change.
function setClaim(claims: JwtPayload, name: string, value: unknown): void {
  Object.defineProperty(claims, name, { value, enumerable: true, writable: true, configurable: true });
}

function parseValue(text: string): unknown {
  // An integer past 2^53 (a snowflake id) would silently become another number: it stays text.
  if (/^-?\d+$/.test(text.trim()) && !Number.isSafeInteger(Number(text))) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function readPayload(spec: string, cwd: string): Record<string, unknown> {
  let text = spec;
  if (spec.startsWith('@')) {
    const file = spec.slice(1);
    try {
      text = readFileSync(resolvePath(cwd, file), 'utf8');
    } catch {
      throw new JwtKitError('USAGE_INVALID', `--payload @${file}: cannot read the file`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The parser's message can quote the file (a secret, say): only where it broke is said.
    throw new JwtKitError('USAGE_INVALID', `--payload is not valid JSON (${jsonErrorReason(error)})`);
  }
  if (!isJsonObject(value)) {
    throw new JwtKitError('USAGE_INVALID', '--payload must be a JSON object, e.g. {"user_id": 1}');
  }
  return value as Record<string, unknown>;
}

/**
 * `jwt-kit token verify [TOKEN | -]`: checks a token with the runtime's own token service and claim rules.
 * Exit 0 with the payload on stdout when valid; exit 1 with every reason on stderr when not (a bad signature
 * and an expiry are both reported: the claims are checked even when the signature fails).
 */
import type { Command } from 'commander';
import { formatSeconds } from '../../config/duration';
import { ERROR_CODES, EXIT, isJwtKitError } from '../../errors';
import { decodeToken, type DecodedToken } from '../../token/decode';
import type { TokenProblem } from '../../token/service';
import type { CliContext } from '../program';
import { colorsFor } from '../io';
import { formatJson } from '../json-color';
import type { TokenSetup } from '../key-source';
import { readToken } from '../read-token';
import { addKeyOptions, collect, KEY_HELP, parseDuration, type KeyOptions } from '../token-options';
import { displayable, displayValue } from '../token-parts';
import { isoTime, relative } from '../token-times';

interface VerifyOptions extends KeyOptions {
  leeway?: number;
  aud?: string[];
  iss?: string;
  json?: boolean;
}

export function registerTokenVerify(token: Command, cli: CliContext): void {
  const command = token
    .command('verify')
    .description('check the signature and claims of a token as the server does; print its payload when valid')
    .argument('[token]', 'the token; - (or nothing, when piped) reads it from stdin')
    .option('--leeway <duration>', "clock skew allowed for exp, nbf and iat (default: the config's, else 0)", parseDuration)
    .option('--aud <audience>', "the expected audience; repeat to accept any of several (default: the config's)", collect)
    .option('--iss <issuer>', "the expected issuer (default: the config's)")
    .option('--json', 'print {"valid", "header", "payload", "errors"} on stdout')
    .option('--jwks <file|url>', 'verify with the public keys of this JWKS (a file, or an https URL fetched once), for --alg or the config\'s algorithms');
  addKeyOptions(command, 'read a PEM public (or private) key (RS*, PS*, ES*) from this file')
    .addHelpText(
      'after',
      [
        '',
        'Exit 0 and the payload on stdout when the token is valid; exit 1 and every reason on stderr when not.',
        '',
        'Examples:',
        '  $ jwt-kit token verify "$TOKEN"                        # key and rules from the config',
        '  $ echo "$TOKEN" | jwt-kit token verify --secret-file secret.txt',
        '  $ jwt-kit token verify --key-file public.pem --alg RS256 --aud api --leeway 30s "$TOKEN"',
        '  $ jwt-kit token verify --jwks https://auth.example.com/.well-known/jwks.json --alg ES256 "$TOKEN"',
        '  $ jwt-kit token verify --jwks jwks.json --alg ES256 --kid 2026-12 "$TOKEN"',
        '',
        'Exit codes: 0 valid; 1 invalid; 2 wrong usage; 3 bad config; 4 the JWKS URL cannot be fetched (JWKS_UNAVAILABLE).',
        KEY_HELP,
      ].join('\n'),
    )
    .action((argument: string | undefined, options: VerifyOptions) => verify(argument, options, cli));
}

async function verify(argument: string | undefined, options: VerifyOptions, cli: CliContext): Promise<void> {
  const { io } = cli;
  const token = await readToken(argument, io);
  let decoded: DecodedToken;
  try {
    decoded = decodeToken(token);
  } catch (error) {
    // --json promises JSON on stdout for every token, a malformed one too.
    if (options.json && isJwtKitError(error)) {
      io.stdout.write(`${JSON.stringify({ valid: false, header: null, payload: null, errors: [error.description] }, null, 2)}\n`);
    }
    throw error;
  }
  const [{ setupTokens }, { createTokenService, systemClock }] = await Promise.all([import('../key-source'), import('../../token/service')]);
  const setup = await setupTokens(io, options, 'verify', { leeway: options.leeway, audience: options.aud, issuer: options.iss });
  const err = colorsFor(io.stderr, io.env);
  for (const warning of setup.warnings) io.stderr.write(`jwt-kit: ${err.yellow(warning)}\n`);

  const now = systemClock();
  // The runtime's own service and rules, asked for every problem at once.
  const report = createTokenService({ ...setup.config, lookup: setup.lookup }, () => now).inspect(token);
  const problems = report.problems.map((problem) => describeProblem(problem, decoded, setup, now));
  const { header, payload } = displayable(decoded);

  if (options.json) {
    io.stdout.write(`${JSON.stringify({ valid: problems.length === 0, header, payload, errors: problems }, null, 2)}\n`);
  }
  if (problems.length === 0) {
    if (!options.json) io.stdout.write(`${formatJson(payload, colorsFor(io.stdout, io.env))}\n`);
    const exp = decoded.payload.exp;
    const expiry =
      typeof exp !== 'number'
        ? ', never expires'
        : exp <= now
          ? `, expired ${relative(exp, now)}, ${setup.config.verifyExpiration ? `within the ${setup.config.leeway}s leeway` : 'but the config does not check expiry'}`
          : `, expires ${relative(exp, now)}`;
    // A configured kid names the key that checked the token; a thumbprint one (for the JWKS) names nothing chosen.
    const kid = report.key?.kid !== undefined && !report.key.kidIsThumbprint ? `, kid ${JSON.stringify(report.key.kid)}` : '';
    io.stderr.write(`jwt-kit: ${err.green('valid')} ${report.key?.algorithm ?? setup.config.algorithm} token (key from ${setup.keySource}${kid}${expiry})\n`);
    return;
  }
  cli.exitCode = EXIT.failure;
  if (problems.length === 1) {
    io.stderr.write(`jwt-kit: ${err.red('invalid token')}: ${problems[0]}\n`);
  } else {
    io.stderr.write(`jwt-kit: ${err.red('invalid token')}, ${problems.length} problems:\n`);
    for (const problem of problems) io.stderr.write(`  - ${problem}\n`);
  }
}

/** One problem in words for a person at a terminal, from its code and the claim it names: no message is parsed. */
function describeProblem(problem: TokenProblem, token: DecodedToken, setup: TokenSetup, now: number): string {
  const { header, payload: claims, signature } = token;
  const rules = setup.config;
  const alg = header.alg;
  const leeway = rules.leeway > 0 ? ` (leeway ${formatSeconds(rules.leeway)})` : '';
  const at = (seconds: number) => `${relative(seconds, now)} at ${isoTime(seconds) ?? seconds}`;
  switch (problem.code) {
    case 'TOKEN_ALGORITHM_NOT_ALLOWED':
      if (alg === undefined || (typeof alg === 'string' && alg.toLowerCase() === 'none') || signature === '') {
        return 'unsigned token (alg "none", or no signature): never accepted';
      }
      return `wrong algorithm: the token is signed with ${JSON.stringify(alg)}, expected ${rules.algorithm} (from ${setup.algorithmSource})`;
    case 'TOKEN_KEY_UNKNOWN':
      if (setup.lookup) {
        // --kid K refuses a token that names another kid, and says so in its own words.
        if (problem.message !== ERROR_CODES.TOKEN_KEY_UNKNOWN.description) return `unknown key: ${problem.message}`;
        const kid = header.kid === undefined ? 'the token has no kid, and not exactly one key fits its algorithm' : `the token's kid ${JSON.stringify(header.kid)} names no key`;
        return `unknown key: ${kid} of ${setup.keySource} usable with ${JSON.stringify(alg)}`;
      }
      return `unknown key: no key from ${setup.keySource} has the token's kid ${JSON.stringify(header.kid)} (${describeKids(rules)})`;
    case 'TOKEN_BAD_SIGNATURE':
      return `bad signature: the token was not signed with the key from ${setup.keySource}, or it was changed after signing`;
    case 'TOKEN_CRIT_UNSUPPORTED':
      return `unsupported critical header parameters ${JSON.stringify(header.crit)}: ${problem.message}`;
    case 'TOKEN_CLAIM_INVALID':
      return `the "${problem.claim}" claim must be a number (seconds since 1970), not ${JSON.stringify(displayValue(claims[problem.claim as string]))}`;
    case 'TOKEN_CLAIM_MISSING':
      return `missing the required "${problem.claim}" claim`;
    case 'TOKEN_EXPIRED':
      return `expired ${at(claims.exp as number)}${leeway}`;
    case 'TOKEN_NOT_YET_VALID':
      return `not valid yet: nbf is ${at(claims.nbf as number)}${leeway}`;
    case 'TOKEN_ISSUED_IN_FUTURE':
      return `issued in the future: iat is ${at(claims.iat as number)}${leeway}`;
    case 'TOKEN_AUDIENCE_INVALID':
      return `wrong audience: the token has ${claims.aud === undefined ? 'no aud claim' : `aud ${JSON.stringify(claims.aud)}`}, expected ${describe(rules.audience)}`;
    case 'TOKEN_ISSUER_INVALID':
      return `wrong issuer: the token has ${claims.iss === undefined ? 'no iss claim' : `iss ${JSON.stringify(claims.iss)}`}, expected ${describe(rules.issuer)}`;
    default:
      return problem.message;
  }
}

function describeKids(config: TokenSetup['config']): string {
  const kids = config.keys.map((key) => key.kid).filter((kid): kid is string => kid !== undefined);
  return kids.length === 0 ? 'which have no kid' : `kids ${kids.map((kid) => JSON.stringify(kid)).join(', ')}`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return value.length === 1 ? JSON.stringify(value[0]) : `one of ${value.map((v) => JSON.stringify(v)).join(', ')}`;
  return JSON.stringify(value);
}

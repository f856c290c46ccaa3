/**
 * `jwt-kit token verify [TOKEN | -]`: checks a token with the runtime's own token service and claim rules.
 * Exit 0 with the payload on stdout when valid; exit 1 with every reason on stderr when not (a bad signature
 * and an expiry are both reported: the claims are checked even when the signature fails).
 */
import type { Command } from 'commander';
import { formatSeconds } from '../../config/duration';
import type { JwtPayload } from '../../config/types';
import { EXIT, isJwtKitError, type ErrorCode, type JwtKitError } from '../../errors';
import type { ClaimRules } from '../../token/claims';
import type { CliContext } from '../program';
import { colorsFor } from '../io';
import { formatJson } from '../json-color';
import type { TokenSetup } from '../key-source';
import { readToken } from '../read-token';
import { addKeyOptions, collect, KEY_HELP, parseDuration, type KeyOptions } from '../token-options';
import { splitToken, type TokenParts } from '../token-parts';
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
    .option('--json', 'print {"valid", "header", "payload", "errors"} on stdout');
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
        KEY_HELP,
      ].join('\n'),
    )
    .action((argument: string | undefined, options: VerifyOptions) => verify(argument, options, cli));
}

// Failures of the claims: when the service reports one of these, the signature has already passed.
const CLAIM_CODES = new Set<ErrorCode>([
  'TOKEN_EXPIRED', 'TOKEN_NOT_YET_VALID', 'TOKEN_ISSUED_IN_FUTURE', 'TOKEN_CLAIM_MISSING', 'TOKEN_CLAIM_INVALID',
  'TOKEN_AUDIENCE_INVALID', 'TOKEN_ISSUER_INVALID',
]);

async function verify(argument: string | undefined, options: VerifyOptions, cli: CliContext): Promise<void> {
  const { io } = cli;
  const token = await readToken(argument, io);
  let parts: TokenParts;
  try {
    parts = splitToken(token);
  } catch (error) {
    // --json promises JSON on stdout for every token, a malformed one too.
    if (options.json && isJwtKitError(error)) {
      io.stdout.write(`${JSON.stringify({ valid: false, header: null, payload: null, errors: [error.description] }, null, 2)}\n`);
    }
    throw error;
  }
  const [{ setupTokens }, { createTokenService, systemClock }, claimRules] = await Promise.all([
    import('../key-source'),
    import('../../token/service'),
    import('../../token/claims'),
  ]);
  const setup = await setupTokens(io, options, 'verify', { leeway: options.leeway, audience: options.aud, issuer: options.iss });
  const err = colorsFor(io.stderr, io.env);
  for (const warning of setup.warnings) io.stderr.write(`jwt-kit: ${err.yellow(warning)}\n`);

  const now = systemClock();
  const tokens = createTokenService(setup.config, () => now);
  let problems: string[] = [];
  let payload: JwtPayload | undefined;
  try {
    payload = tokens.verify(token);
  } catch (error) {
    if (!isJwtKitError(error)) throw error;
    if (!CLAIM_CODES.has(error.code)) problems.push(describeSignatureProblem(error, parts, setup));
    problems.push(...claimProblems(parts.payload, setup.config, now, claimRules));
    // The service and the loop use the same rules, so this only guards against their drifting apart.
    if (problems.length === 0) problems = [error.description];
  }

  if (options.json) {
    const errors = payload ? [] : problems;
    io.stdout.write(`${JSON.stringify({ valid: payload !== undefined, header: parts.header, payload: parts.payload, errors }, null, 2)}\n`);
  }
  if (payload) {
    if (!options.json) io.stdout.write(`${formatJson(payload, colorsFor(io.stdout, io.env))}\n`);
    const exp = payload.exp;
    const expiry =
      typeof exp !== 'number'
        ? ', never expires'
        : exp <= now
          ? `, expired ${relative(exp, now)}, ${setup.config.verifyExpiration ? `within the ${setup.config.leeway}s leeway` : 'but the config does not check expiry'}`
          : `, expires ${relative(exp, now)}`;
    io.stderr.write(`jwt-kit: ${err.green('valid')} ${setup.config.algorithm} token (key from ${setup.keySource}${expiry})\n`);
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

function describeSignatureProblem(error: JwtKitError, parts: TokenParts, setup: TokenSetup): string {
  const alg = parts.header.alg;
  switch (error.code) {
    case 'TOKEN_ALGORITHM_NOT_ALLOWED':
      if (alg === undefined || alg === 'none' || parts.signature === '') return 'unsigned token (alg "none", or no signature): never accepted';
      return `wrong algorithm: the token is signed with ${JSON.stringify(alg)}, expected ${setup.config.algorithm} (from ${setup.algorithmSource})`;
    case 'TOKEN_BAD_SIGNATURE':
      return `bad signature: the token was not signed with the key from ${setup.keySource}, or it was changed after signing`;
    case 'TOKEN_CRIT_UNSUPPORTED':
      return `unsupported critical header parameters ${JSON.stringify(parts.header.crit)}: ${error.description}`;
    default:
      return error.description;
  }
}

type ClaimModule = typeof import('../../token/claims');

/**
 * Every claim problem, found with the runtime's own `checkClaims`: it stops at the first failure, so each
 * failure is noted, its rule is set aside, and the check runs again until it passes.
 */
function claimProblems(payload: Record<string, unknown>, rules: ClaimRules, now: number, { checkClaims, findBadTimeClaim }: ClaimModule): string[] {
  let claims: JwtPayload = { ...payload };
  let current: ClaimRules = {
    verifyExpiration: rules.verifyExpiration,
    leeway: rules.leeway,
    requiredClaims: [...rules.requiredClaims],
    audience: rules.audience,
    issuer: rules.issuer,
  };
  const problems: string[] = [];
  const drop = (name: string) => {
    claims = Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name));
    current = {
      ...current,
      requiredClaims: current.requiredClaims.filter((claim) => claim !== name),
      verifyExpiration: name === 'exp' ? false : current.verifyExpiration,
    };
  };
  const leeway = rules.leeway > 0 ? ` (leeway ${formatSeconds(rules.leeway)})` : '';
  const at = (seconds: number) => `${relative(seconds, now)} at ${isoTime(seconds) ?? seconds}`;
  // Each pass sets one rule aside, and there are fewer rules than this.
  for (let pass = 0; pass < 32; pass += 1) {
    try {
      checkClaims(claims, current, now);
      return problems;
    } catch (error) {
      if (!isJwtKitError(error)) throw error;
      switch (error.code) {
        case 'TOKEN_CLAIM_INVALID': {
          const name = findBadTimeClaim(claims) ?? 'exp';
          problems.push(`the "${name}" claim must be a number (seconds since 1970), not ${JSON.stringify(claims[name])}`);
          drop(name);
          break;
        }
        case 'TOKEN_CLAIM_MISSING': {
          const name = /"([^"]+)"/.exec(error.description)?.[1];
          problems.push(name ? `missing the required "${name}" claim` : error.description);
          if (name === undefined) return problems;
          drop(name);
          break;
        }
        case 'TOKEN_EXPIRED':
          problems.push(`expired ${at(claims.exp as number)}${leeway}`);
          current = { ...current, verifyExpiration: false };
          break;
        case 'TOKEN_NOT_YET_VALID':
          problems.push(`not valid yet: nbf is ${at(claims.nbf as number)}${leeway}`);
          drop('nbf');
          break;
        case 'TOKEN_ISSUED_IN_FUTURE':
          problems.push(`issued in the future: iat is ${at(claims.iat as number)}${leeway}`);
          drop('iat');
          break;
        case 'TOKEN_AUDIENCE_INVALID':
          problems.push(`wrong audience: the token has ${claims.aud === undefined ? 'no aud claim' : `aud ${JSON.stringify(claims.aud)}`}, expected ${describe(rules.audience)}`);
          current = { ...current, audience: undefined };
          break;
        case 'TOKEN_ISSUER_INVALID':
          problems.push(`wrong issuer: the token has ${claims.iss === undefined ? 'no iss claim' : `iss ${JSON.stringify(claims.iss)}`}, expected ${describe(rules.issuer)}`);
          current = { ...current, issuer: undefined };
          break;
        default:
          problems.push(error.description);
          return problems;
      }
    }
  }
  return problems;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return value.length === 1 ? JSON.stringify(value[0]) : `one of ${value.map((v) => JSON.stringify(v)).join(', ')}`;
  return JSON.stringify(value);
}

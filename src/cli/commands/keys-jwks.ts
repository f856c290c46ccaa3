/**
 * `jwt-kit keys jwks`: prints the public JWKS of the config's key set, exactly as the JWKS endpoint serves it
 * (the same function builds both). Refuses an HMAC key set: a shared secret is never published.
 * Exit 0 with the JWKS on stdout; 3 when the config is missing, invalid, or holds an HMAC key.
 */
import type { Command } from 'commander';
import { isHmac } from '../../config/keys';
import { JwtKitError } from '../../errors';
import { publicJwks } from '../../token/jwks';
import type { CliContext } from '../program';
import { findCliConfig } from '../config-source';

interface JwksOptions {
  config?: string;
}

export function registerKeysJwks(keys: Command, cli: CliContext): void {
  keys
    .command('jwks')
    .description('print the public JWKS of the config (what the JWKS endpoint serves)')
    .option('-c, --config <path>', 'config file (default: search from the working directory up)')
    .addHelpText(
      'after',
      [
        '',
        'Exit 0 with the JWKS on stdout; 3 when the config is missing or invalid, or its keys are HMAC secrets.',
        '',
        'Examples:',
        '  $ jwt-kit keys jwks',
        '  $ jwt-kit keys jwks --config services/auth/jwtauth.config.ts > public/jwks.json',
      ].join('\n'),
    )
    .action((options: JwksOptions) => printJwks(options, cli));
}

async function printJwks(options: JwksOptions, cli: CliContext): Promise<void> {
  const { io } = cli;
  const found = await findCliConfig(io, options.config);
  if (!found) throw new JwtKitError('CONFIG_NOT_FOUND', 'No jwt-kit config found (run `npx jwt-kit init` to make one, or pass --config PATH)');
  const config = found.resolve();
  if (config.remoteJwks) {
    throw new JwtKitError('CONFIG_INVALID', `${found.filepath} verifies with the issuer's JWKS at ${config.remoteJwks.url}: it has no keys of its own to publish`);
  }
  const secret = config.keys.find((key) => isHmac(key.algorithm));
  if (secret) {
    throw new JwtKitError(
      'CONFIG_INVALID',
      `${secret.source} is a ${secret.algorithm} shared secret: a JWKS holds public keys only, and a secret is never published (use RS*, PS* or ES* keys: jwt-kit keys generate --alg ES256)`,
    );
  }
  io.stdout.write(`${JSON.stringify(publicJwks(config.keys), null, 2)}\n`);
  if (config.jwks.path === null && config.keys.some((key) => key.kid === undefined)) {
    io.stderr.write('jwt-kit: note: a key without a kid is shown under its RFC 7638 thumbprint; its tokens carry that kid once jwks.path is set (or set kid)\n');
  }
}

/**
 * `jwt-kit keys`: make keys and show the public JWKS of a config. Each subcommand lives in its own file.
 */
import type { Command } from 'commander';
import type { CliContext } from '../program';
import { registerKeysGenerate } from './keys-generate';
import { registerKeysJwks } from './keys-jwks';

export function registerKeys(program: Command, cli: CliContext): void {
  const keys = program
    .command('keys')
    .description('generate signing keys and print the public JWKS of the config')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ jwt-kit keys generate --alg ES256 --kid 2026-12 --out keys',
        '  $ jwt-kit keys generate --alg HS512 --out keys',
        '  $ jwt-kit keys jwks > jwks.json',
      ].join('\n'),
    );
  registerKeysGenerate(keys, cli);
  registerKeysJwks(keys, cli);
}

/**
 * `jwt-kit keys`: make keys and show the public JWKS of a config. Each subcommand lives in its own file, loaded
 * only for a run that needs it (../lazy-commands).
 */
import type { Command } from 'commander';
import type { CliContext } from '../program';
import { registerNeeded, type Register } from '../lazy-commands';

/* eslint-disable @typescript-eslint/no-require-imports */
const SUBCOMMANDS: Record<string, () => Register> = {
  generate: () => (require('./keys-generate') as typeof import('./keys-generate')).registerKeysGenerate,
  jwks: () => (require('./keys-jwks') as typeof import('./keys-jwks')).registerKeysJwks,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export function registerKeys(program: Command, cli: CliContext, args: readonly string[] = []): void {
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
  registerNeeded(SUBCOMMANDS, keys, cli, args);
}

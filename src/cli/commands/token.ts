/**
 * `jwt-kit token`: issue, decode and verify tokens from the shell. Each subcommand lives in its own file, loaded
 * only for a run that needs it (../lazy-commands), and loads a config loader only inside its action, so
 * `decode` starts almost as fast as Node.
 */
import type { Command } from 'commander';
import type { CliContext } from '../program';
import { registerNeeded, type Register } from '../lazy-commands';

/* eslint-disable @typescript-eslint/no-require-imports */
const SUBCOMMANDS: Record<string, () => Register> = {
  issue: () => (require('./token-issue') as typeof import('./token-issue')).registerTokenIssue,
  decode: () => (require('./token-decode') as typeof import('./token-decode')).registerTokenDecode,
  verify: () => (require('./token-verify') as typeof import('./token-verify')).registerTokenVerify,
  revoke: () => (require('./token-revoke') as typeof import('./token-revoke')).registerTokenRevoke,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export function registerToken(program: Command, cli: CliContext, args: readonly string[] = []): void {
  const token = program
    .command('token')
    .description('issue, decode, verify and revoke tokens')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ TOKEN=$(jwt-kit token issue --claim user_id=1 --secret-file secret.txt)',
        '  $ jwt-kit token decode "$TOKEN"',
        '  $ jwt-kit token verify --secret-file secret.txt "$TOKEN"',
      ].join('\n'),
    );
  registerNeeded(SUBCOMMANDS, token, cli, args);
}

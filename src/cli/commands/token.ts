/**
 * `jwt-kit token`: issue, decode and verify tokens from the shell. Each subcommand lives in its own file and
 * loads jsonwebtoken, ajv or a config loader only inside its action, so `decode` starts almost as fast as Node.
 */
import type { Command } from 'commander';
import type { CliContext } from '../program';
import { registerTokenDecode } from './token-decode';
import { registerTokenIssue } from './token-issue';
import { registerTokenRevoke } from './token-revoke';
import { registerTokenVerify } from './token-verify';

export function registerToken(program: Command, cli: CliContext): void {
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
  registerTokenIssue(token, cli);
  registerTokenDecode(token, cli);
  registerTokenVerify(token, cli);
  registerTokenRevoke(token, cli);
}

/**
 * The program factory: one commander program per run, writing only to the IO it is given, so tests drive it
 * in-process. Each command lives in its own file under `commands/`, and loads what it needs (Koa, a
 * TypeScript loader) only when it runs, which keeps `token decode` and `token issue` fast to start.
 */
import { Command } from 'commander';
import type { CliIO } from './io';
import { registerConfigCheck } from './commands/config-check';
import { registerInit } from './commands/init';
import { registerKeys } from './commands/keys';
import { registerServe } from './commands/serve';
import { registerToken } from './commands/token';

export interface CliContext {
  io: CliIO;
  /** The exit code a command asks for without throwing (e.g. `config check` with problems). */
  exitCode: number;
}

export function createProgram(cli: CliContext): Command {
  const { io } = cli;
  const program = new Command('jwt-kit')
    .description('JWT authentication for Koa: scaffold a config, debug tokens, run the sample server.')
    .version(readVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();
  program.addHelpText(
    'after',
    [
      '',
      'Examples:',
      '  $ npx jwt-kit init                      # jwtauth.config.ts, handler stubs, a secret in .env',
      '  $ npx jwt-kit serve                     # the sample server (your config, or the demo user joe / pass)',
      '  $ TOKEN=$(jwt-kit token issue --claim user_id=1)',
      '  $ jwt-kit token decode "$TOKEN"',
      '  $ jwt-kit config check --json',
      '  $ jwt-kit keys generate --alg ES256 --kid 2026-12',
      '',
      'Exit codes: 0 ok, 1 a token or credential failed, 2 wrong usage, 3 bad or missing config, 4 other failure.',
    ].join('\n'),
  );
  registerInit(program, cli);
  registerServe(program, cli);
  registerToken(program, cli);
  registerKeys(program, cli);
  registerConfigCheck(program, cli);
  return program;
}

function readVersion(): string {
  // package.json sits two levels above both src/cli and dist/cli.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}

/**
 * The program factory: one commander program per run, writing only to the IO it is given, so tests drive it
 * in-process. Each command lives in its own file under `commands/`, and loads what it needs (Koa, a
 * TypeScript loader) only when it runs, which keeps `token decode` and `token issue` fast to start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { CliIO } from './io';
import { registerNeeded, type Register } from './lazy-commands';

/**
 * The top-level commands, in help order, each loaded only when registered: a run of `token decode` registers
 * (and loads) the token commands alone, not `keys` with node:crypto or `config check` with its config rules.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Record<string, () => Register> = {
  init: () => (require('./commands/init') as typeof import('./commands/init')).registerInit,
  serve: () => (require('./commands/serve') as typeof import('./commands/serve')).registerServe,
  token: () => (require('./commands/token') as typeof import('./commands/token')).registerToken,
  keys: () => (require('./commands/keys') as typeof import('./commands/keys')).registerKeys,
  config: () => (require('./commands/config-check') as typeof import('./commands/config-check')).registerConfigCheck,
};
/* eslint-enable @typescript-eslint/no-require-imports */

export interface CliContext {
  io: CliIO;
  /** The exit code a command asks for without throwing (e.g. `config check` with problems). */
  exitCode: number;
}

/**
 * The program. Given the arguments, it registers only the command they name when the first one is a command
 * (its own `--help` and errors are the same); otherwise (no command, an option first, an unknown or mistyped
 * command, which commander's suggestions need every name for) it registers them all.
 */
export function createProgram(cli: CliContext, args?: readonly string[]): Command {
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
  registerNeeded(COMMANDS, program, cli, args ?? []);
  return program;
}

function readVersion(): string {
  // package.json sits two levels above both src/cli and dist/cli. Read as text, not required: require() of a
  // .json file costs a few milliseconds of every start-up, readFileSync and JSON.parse a tenth of one.
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Runs the CLI to completion and returns its exit code: the one place where errors become a one-line
 * message and an exit code (README, "Exit codes"). `main.ts` calls it for the real process; tests call it
 * in-process with their own IO.
 */
import { CommanderError } from 'commander';
import { EXIT, isJwtKitError } from '../errors';
import { processIO, type CliIO } from './io';
import { createProgram, type CliContext } from './program';

export async function runCli(args: string[], io: CliIO = processIO()): Promise<number> {
  const cli: CliContext = { io, exitCode: EXIT.ok };
  try {
    await createProgram(cli, args).parseAsync(args, { from: 'user' });
    return cli.exitCode;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message, or the help or the version.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (isJwtKitError(error)) {
    const details = error.details.length > 1 ? error.details : [];
    io.stderr.write(details.length > 0 ? `jwt-kit: ${error.source ?? error.code}: ${details.length} problems\n` : `jwt-kit: ${error.description}\n`);
    for (const detail of details) io.stderr.write(`  - ${detail}\n`);
    return error.exitCode;
  }
  io.stderr.write(`jwt-kit: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.internal;
}

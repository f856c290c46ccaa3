/**
 * `jwt-kit config check`: validates the config as start-up would, then lists risky settings as warnings.
 * Exit 0 when valid (warnings or not), 3 when the config is missing or invalid.
 */
import type { Command } from 'commander';
import { missingHandlers } from '../../config/requirements';
import { findRisks } from '../../config/risks';
import { EXIT, JwtKitError, isJwtKitError } from '../../errors';
import type { CliContext } from '../program';
import { colorsFor } from '../io';
import { findCliConfig } from '../config-source';

interface CheckOptions {
  config?: string;
  json?: boolean;
}

export function registerConfigCheck(program: Command, cli: CliContext): void {
  const config = program
    .command('config')
    .description('work with the jwt-kit config')
    .addHelpText('after', '\nExamples:\n  $ jwt-kit config check\n  $ jwt-kit config check --config auth/jwtauth.config.ts --json');
  config
    .command('check')
    .description('validate the config and warn about risky settings')
    .option('-c, --config <path>', 'config file (default: $JWTKIT_CONFIG, else a search from the working directory up)')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExamples:\n  $ jwt-kit config check\n  $ jwt-kit config check --config auth/jwtauth.config.ts --json')
    .action((options: CheckOptions) => check(options, cli));
}

async function check(options: CheckOptions, cli: CliContext): Promise<void> {
  const { io } = cli;
  let file: string | undefined;
  let headline: string | undefined;
  let errors: string[] = [];
  let warnings: string[] = [];
  try {
    const found = await findCliConfig(io, options.config);
    if (!found) throw new JwtKitError('CONFIG_NOT_FOUND', 'No jwt-kit config found: run `npx jwt-kit init` to make one, or name the file with --config PATH or JWTKIT_CONFIG=PATH');
    file = found.filepath;
    // As start-up would: every problem at once, the kit's requirements included. A JSON config cannot hold
    // hooks, so they come from code (loadKit({ handlers })), and their absence is only a warning here.
    const resolved = found.resolve({ profile: found.kitProfile });
    if (found.kitProfile === 'hooks-from-code') {
      warnings.push(...missingHandlers(resolved).map((p) => `${p}: give it in code, loadKit({ handlers })`));
    }
    warnings.push(...findRisks(resolved, found.raw as { secret?: unknown }));
  } catch (error) {
    if (!isJwtKitError(error) || error.exitCode !== EXIT.config) throw error;
    errors = error.details.length > 0 ? [...error.details] : [error.description];
    if (error.code === 'CONFIG_NOT_FOUND') headline = 'no config found';
    if (error.code === 'CONFIG_LOAD_FAILED') headline = 'the config could not be loaded';
  }
  const valid = errors.length === 0;
  cli.exitCode = valid ? EXIT.ok : EXIT.config;
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ valid, file: file ?? null, errors, warnings }, null, 2)}\n`);
    return;
  }
  const c = colorsFor(io.stdout, io.env);
  const name = file ?? 'config';
  io.stdout.write(valid ? `${c.green('ok')} ${name} is valid\n` : `${c.red('error')} ${headline ?? `${name} is invalid`}\n`);
  for (const line of errors) io.stdout.write(`  ${c.red('error')}   ${line}\n`);
  for (const line of warnings) io.stdout.write(`  ${c.yellow('warning')} ${line}\n`);
}

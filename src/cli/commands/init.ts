/**
 * `jwt-kit init`: scaffolds jwtauth.config.ts, handler stubs and a secret (or key pair) into a project.
 * Every target is checked first: a file in the way means nothing is written, unless `--force`.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { Algorithm } from '../../config/types';
import { ERROR_CODES, JwtKitError } from '../../errors';
import { INIT_ALGORITHMS, isInitAlgorithm } from '../../scaffold/algorithms';
import type { PlanAction } from '../../scaffold/plan';
import { colorsFor, type Colors } from '../io';
import type { CliContext } from '../program';

interface InitOptions {
  dir: string;
  force?: boolean;
  dryRun?: boolean;
  algorithm: Algorithm;
}

export function registerInit(program: Command, cli: CliContext): void {
  program
    .command('init')
    .description('scaffold jwtauth.config.ts, handler stubs and a random secret in .env (git-ignored)')
    .option('-d, --dir <dir>', 'directory to scaffold into (made if missing)', '.')
    .option('-f, --force', 'overwrite files that already exist')
    .option('-n, --dry-run', 'print the plan (create / overwrite / update / skip / conflict) and write nothing')
    .option(
      '-a, --algorithm <alg>',
      'HS256, HS384 or HS512 (a secret in .env), or RS*, PS*, ES* (a new key pair in keys/)',
      parseAlgorithm,
      'HS256',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ npx jwt-kit init                      # in your project: config, auth/handlers.ts, .env, .gitignore',
        '  $ npx jwt-kit init --dry-run            # see what would be written',
        '  $ npx jwt-kit init --dir server --algorithm HS512',
        '  $ npx jwt-kit init --algorithm ES256    # a key pair in keys/, the private key git-ignored',
        '  $ npx jwt-kit init --force              # overwrite the files init made before (and a new secret)',
        '',
        'Exit codes: 0 written (or a dry run without conflicts), 1 files in the way (nothing written), 2 wrong usage,',
        '4 a place it cannot write (nothing written, or the write failed part-way: the message lists what was written).',
        'It never writes through a symbolic link: a link on the way is a conflict, even with --force.',
      ].join('\n'),
    )
    .action((options: InitOptions) => init(options, cli));
}

function parseAlgorithm(value: string): Algorithm {
  const algorithm = value.toUpperCase();
  if (!isInitAlgorithm(algorithm)) throw new InvalidArgumentError(`use one of ${INIT_ALGORITHMS.join(', ')}`);
  return algorithm;
}

async function init(options: InitOptions, cli: CliContext): Promise<void> {
  const { io } = cli;
  // The scaffolder is loaded only by this command.
  const [{ planInit }, { writePlan, conflictError, deniedError }, { nextSteps, appHint }] = await Promise.all([
    import('../../scaffold/plan'),
    import('../../scaffold/write'),
    import('../../scaffold/next-steps'),
  ]);
  const dir = resolvePath(io.cwd, options.dir);
  let dirStat;
  try {
    dirStat = statSync(dir, { throwIfNoEntry: false });
  } catch {
    throw new JwtKitError('USAGE_INVALID', `--dir ${options.dir} is below a file, not a directory`); // ENOTDIR
  }
  if (dirStat?.isDirectory() === false) throw new JwtKitError('USAGE_INVALID', `--dir ${options.dir} is not a directory`);
  const plan = planInit({ dir, force: options.force, algorithm: options.algorithm });
  const out = colorsFor(io.stdout, io.env);
  const shown = options.dir === '.' ? 'the working directory' : options.dir;

  if (options.dryRun) {
    io.stdout.write(`jwt-kit init --dry-run: the plan for ${shown} (${plan.algorithm}); nothing is written\n`);
    for (const entry of plan.entries) io.stdout.write(planLine(entry.action, entry.path, entry.note, out));
  }
  const err = colorsFor(io.stderr, io.env);
  if (plan.denied.length > 0) {
    // A place this user cannot write is a write failure (exit 4), found before anything is written.
    const error = deniedError(plan);
    io.stderr.write(`jwt-kit init: ${err.red(error.description)}:\n`);
    for (const detail of error.details) io.stderr.write(`  ${detail}\n`);
    cli.exitCode = ERROR_CODES.SCAFFOLD_WRITE_FAILED.exitCode;
  }
  if (plan.conflicts.length > 0) {
    const error = conflictError(plan);
    io.stderr.write(`jwt-kit init: ${err.red(error.description)}:\n`);
    for (const detail of error.details) io.stderr.write(`  ${detail}\n`);
    // --force lifts only the conflicts it can: files init made. The rest (a folder, another config) need the user.
    const forceable = plan.conflicts.some((entry) => !entry.blocked);
    io.stderr.write(
      forceable
        ? 'Run again with --force to overwrite them, or with --dry-run to see the whole plan.\n'
        : 'Move or remove them (--force will not), then run again; --dry-run shows the whole plan.\n',
    );
    if (plan.denied.length === 0) cli.exitCode = ERROR_CODES.SCAFFOLD_CONFLICT.exitCode;
  }
  if (plan.conflicts.length > 0 || plan.denied.length > 0 || options.dryRun) return;

  writePlan(plan);
  io.stdout.write(`jwt-kit init: scaffolded ${shown} (${plan.algorithm})\n`);
  for (const entry of plan.entries) io.stdout.write(planLine(entry.action, entry.path, entry.note, out));
  io.stdout.write(`\n${out.bold('Next steps:')}\n`);
  for (const line of nextSteps({ dir: plan.dir, cwd: io.cwd, algorithm: plan.algorithm })) io.stdout.write(`  ${line}\n`);
  io.stdout.write(`\n${appHint(plan.algorithm).join('\n')}\n`);
}

const PAINT: Record<PlanAction, keyof Colors> = {
  create: 'green',
  overwrite: 'yellow',
  update: 'cyan',
  skip: 'dim',
  conflict: 'red',
  denied: 'red',
};

function planLine(action: PlanAction, path: string, note: string | undefined, colors: Colors): string {
  const paint = colors[PAINT[action]] as (text: string) => string;
  const label = paint(action.padEnd(9));
  return note ? `  ${label} ${path.padEnd(24)} ${colors.dim(note)}\n` : `  ${label} ${path}\n`;
}

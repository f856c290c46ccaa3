/**
 * Carries out a checked plan. A plan with a conflict or a denied entry is refused whole, before the first write.
 *
 * Every file is opened with O_NOFOLLOW, so a link that appeared at the file's own name after the plan was
 * checked makes the write fail (ELOOP) instead of writing through it; new files also with O_CREAT | O_EXCL.
 * The folders on the way are made one level at a time and each checked with lstat just before the file is
 * opened: Node has no openat(), so a folder swapped for a link between that check and the open is the one
 * race left open, and it needs someone who can already write in the project.
 */
import { closeSync, constants, fchmodSync, lstatSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { JwtKitError } from '../errors';
import type { InitPlan, PlanEntry } from './plan';

// O_NOFOLLOW is missing on Windows, which has no such links for an unprivileged user to plant.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const FLAGS = {
  create: constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW,
  replace: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NOFOLLOW,
  append: constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | NOFOLLOW,
};

/**
 * Writes every entry of `plan` that is not skipped, in order, and returns them.
 * Throws `SCAFFOLD_CONFLICT` (nothing written) when the plan has conflicts, `SCAFFOLD_WRITE_FAILED` (nothing
 * written) when it has denied entries, and `SCAFFOLD_WRITE_FAILED` naming the file and the files already
 * written when the file system refuses a write.
 */
export function writePlan(plan: InitPlan): PlanEntry[] {
  if (plan.conflicts.length > 0) throw conflictError(plan);
  if (plan.denied.length > 0) throw deniedError(plan);
  const written: PlanEntry[] = [];
  for (const entry of plan.entries) {
    if (entry.action === 'skip' || !entry.content) continue;
    const path = join(plan.dir, ...entry.path.split('/'));
    try {
      makeFolders(plan.dir, dirname(path));
      const flags = entry.write === 'append' ? FLAGS.append : entry.action === 'create' ? FLAGS.create : FLAGS.replace;
      const fd = openSync(path, flags, entry.mode ?? 0o666);
      try {
        writeSync(fd, entry.content());
        // A mode given to open applies to new files only: a .env that existed gets the secret and 0600 too.
        // fchmod on the open file, never chmod on the name, which would follow a link.
        if (entry.mode !== undefined && entry.action !== 'create') fchmodSync(fd, entry.mode);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      const done = written.length === 0 ? 'nothing was written' : `already written: ${written.map((e) => e.path).join(', ')}`;
      throw new JwtKitError('SCAFFOLD_WRITE_FAILED', `cannot write ${entry.path} (${reason(error)}); ${done}`, { cause: error });
    }
    written.push(entry);
  }
  return written;
}

/**
 * Makes `folder` and the missing folders above it, one level at a time: `mkdirSync({ recursive: true })`
 * follows links on the way and spins forever on some pseudo-filesystems. Below `dir`, every level must be a
 * real folder, not a link.
 */
function makeFolders(dir: string, folder: string): void {
  const missing: string[] = [];
  let here = folder;
  while (!exists(here)) {
    missing.unshift(here);
    const up = dirname(here);
    if (up === here) break;
    here = up;
  }
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  for (let path = folder; path !== dir && relative(dir, path) !== '' && !relative(dir, path).startsWith('..'); path = dirname(path)) {
    if (!lstatSync(path).isDirectory()) throw Object.assign(new Error(`${relative(dir, path)} is not a real folder`), { code: 'ELOOP' });
  }
}

const exists = (path: string): boolean => statSync(path, { throwIfNoEntry: false }) !== undefined;

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'ELOOP: it, or a folder on its way, became a symbolic link; nothing is written through one';
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** The refusal of a plan with conflicts; `details` lists each one. */
export function conflictError(plan: InitPlan): JwtKitError {
  const details = plan.conflicts.map((entry) => `${entry.path}: ${entry.note ?? 'already exists'}`);
  const count = plan.conflicts.length;
  return new JwtKitError('SCAFFOLD_CONFLICT', `${count} ${count === 1 ? 'file is' : 'files are'} in the way; nothing was written`, {
    details,
  });
}

/** The refusal of a plan with places it may not write; `details` lists each one. */
export function deniedError(plan: InitPlan): JwtKitError {
  const details = plan.denied.map((entry) => `${entry.path}: ${entry.note ?? 'cannot be written'}`);
  const count = plan.denied.length;
  return new JwtKitError('SCAFFOLD_WRITE_FAILED', `${count} ${count === 1 ? 'file' : 'files'} cannot be written; nothing was written`, {
    details,
  });
}

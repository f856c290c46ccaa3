/**
 * Carries out a checked plan. A plan with a conflict is refused whole, before the first write.
 */
import { appendFileSync, chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { JwtKitError } from '../errors';
import type { InitPlan, PlanEntry } from './plan';

/**
 * Writes every entry of `plan` that is not skipped, in order, and returns them.
 * Throws `SCAFFOLD_CONFLICT` (nothing written) when the plan has conflicts, and `SCAFFOLD_WRITE_FAILED`
 * naming the file and the files already written when the file system refuses a write.
 */
export function writePlan(plan: InitPlan): PlanEntry[] {
  if (plan.conflicts.length > 0) throw conflictError(plan);
  const written: PlanEntry[] = [];
  for (const entry of plan.entries) {
    if (entry.action === 'skip' || !entry.content) continue;
    const path = join(plan.dir, ...entry.path.split('/'));
    try {
      mkdirSync(dirname(path), { recursive: true });
      if (entry.write === 'append') appendFileSync(path, entry.content());
      // `wx` for a new file: should one appear after the plan was checked, fail instead of overwriting it.
      else writeFileSync(path, entry.content(), { flag: entry.action === 'create' ? 'wx' : 'w', mode: entry.mode ?? 0o666 });
      // A mode given to a write applies to new files only: a .env that existed gets the secret and 0600 too.
      if (entry.mode !== undefined && entry.action !== 'create') chmodSync(path, entry.mode);
    } catch (error) {
      const done = written.length === 0 ? 'nothing was written' : `already written: ${written.map((e) => e.path).join(', ')}`;
      const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      throw new JwtKitError('SCAFFOLD_WRITE_FAILED', `cannot write ${entry.path} (${reason}); ${done}`, { cause: error });
    }
    written.push(entry);
  }
  return written;
}

/** The refusal of a plan with conflicts; `details` lists each one. */
export function conflictError(plan: InitPlan): JwtKitError {
  const details = plan.conflicts.map((entry) => `${entry.path}: ${entry.note ?? 'already exists'}`);
  const count = plan.conflicts.length;
  return new JwtKitError('SCAFFOLD_CONFLICT', `${count} ${count === 1 ? 'file is' : 'files are'} in the way; nothing was written`, {
    details,
  });
}

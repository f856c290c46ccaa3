/**
 * `init` never writes through a symbolic link (issue 10): a link on the way is a conflict found by the plan,
 * and a link that appears after the plan was checked makes the write fail (O_NOFOLLOW) instead of following it.
 */
import { lstatSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { thrownBy } from '../helpers/thrown';
import { planInit } from '../../src/scaffold/plan';
import { writePlan } from '../../src/scaffold/write';
import { removeTempDirs, snapshot, tempDir } from './tree';

afterAll(removeTempDirs);

/** A folder outside the project holding one file, and its snapshot to compare with afterwards. */
function outside(): { dir: string; file: string; before: Record<string, string> } {
  const dir = tempDir('jwt-kit-outside-');
  const file = join(dir, 'elsewhere.txt');
  writeFileSync(join(dir, 'elsewhere.txt'), 'OTHER=1\n', { mode: 0o644 });
  return { dir, file, before: snapshot(dir) };
}

describe('a link in the plan', () => {
  it.each([
    ['.env', 'file'],
    ['.gitignore', 'file'],
    ['jwtauth.config.ts', 'file'],
    ['auth', 'dir'],
  ] as const)('%s as a link is a conflict naming it, --force or not', (name, kind) => {
    const out = outside();
    const project = tempDir();
    symlinkSync(kind === 'dir' ? out.dir : out.file, join(project, name));
    for (const force of [false, true]) {
      const plan = planInit({ dir: project, force });
      const conflict = plan.conflicts.find((entry) => entry.path === name || entry.path.startsWith(`${name}/`));
      expect(conflict).toMatchObject({ action: 'conflict', blocked: true });
      expect(conflict?.note).toContain(`${name} is a symbolic link (to ${kind === 'dir' ? out.dir : out.file}); jwt-kit init never writes through a link`);
      expect(thrownBy(() => writePlan(plan))).toMatchObject({ code: 'SCAFFOLD_CONFLICT' });
    }
    expect(snapshot(out.dir)).toEqual(out.before);
    expect(lstatSync(join(project, name)).isSymbolicLink()).toBe(true);
  });

  it('a dangling link is a conflict too (a create would otherwise make its target)', () => {
    const project = tempDir();
    const nowhere = join(tempDir('jwt-kit-outside-'), 'not-yet.txt');
    symlinkSync(nowhere, join(project, '.env'));
    const plan = planInit({ dir: project, force: true });
    expect(plan.conflicts.map((entry) => entry.path)).toEqual(['.env']);
  });

  it('a linked config of another kind (jwtauth.config.js pointing nowhere) still counts as a config', () => {
    const project = tempDir();
    symlinkSync('/nonexistent/jwtauth.config.js', join(project, 'jwtauth.config.js'));
    expect(planInit({ dir: project }).conflicts.map((entry) => entry.path)).toEqual(['jwtauth.config.js']);
  });
});

describe('a link that appears after the plan was checked', () => {
  it('an append to .env fails (ELOOP) instead of writing the secret through the link, and chmods nothing', () => {
    const out = outside();
    const project = tempDir();
    writeFileSync(join(project, '.env'), 'PORT=3000\n');
    const plan = planInit({ dir: project });
    expect(plan.entries.find((entry) => entry.path === '.env')).toMatchObject({ action: 'update', write: 'append' });
    // Swapped for a link between the check and the write.
    unlinkSync(join(project, '.env'));
    symlinkSync(out.file, join(project, '.env'));
    const error = thrownBy(() => writePlan(plan));
    expect(error).toMatchObject({ code: 'SCAFFOLD_WRITE_FAILED', exitCode: 4 });
    expect((error as Error).message).toContain('cannot write .env (ELOOP');
    expect(readFileSync(out.file, 'utf8')).toBe('OTHER=1\n');
    expect(statSync(out.file).mode & 0o777).toBe(0o644);
  });

  it('an overwrite with --force fails instead of replacing the link target', () => {
    const out = outside();
    const project = tempDir();
    writeFileSync(join(project, 'jwtauth.config.ts'), 'export default {};\n');
    const plan = planInit({ dir: project, force: true });
    unlinkSync(join(project, 'jwtauth.config.ts'));
    symlinkSync(out.file, join(project, 'jwtauth.config.ts'));
    expect(thrownBy(() => writePlan(plan))).toMatchObject({ code: 'SCAFFOLD_WRITE_FAILED' });
    expect(snapshot(out.dir)).toEqual(out.before);
  });

  it('a folder on the way that became a link is refused before the file in it is written', () => {
    const out = outside();
    const project = tempDir();
    const plan = planInit({ dir: project });
    symlinkSync(out.dir, join(project, 'auth'));
    expect(thrownBy(() => writePlan(plan))).toMatchObject({ code: 'SCAFFOLD_WRITE_FAILED' });
    expect(snapshot(out.dir)).toEqual(out.before);
  });
});

describe('places it cannot write', () => {
  it.each(['/proc/jwt-kit-init-test', '/sys/jwt-kit-init-test'])('--dir %s is denied at once, not spun on', (dir) => {
    const plan = planInit({ dir });
    expect(plan.denied.map((entry) => entry.action)).toEqual(plan.entries.map(() => 'denied'));
    expect(plan.denied[0]?.note).toMatch(/^a (proc|sysfs) pseudo-filesystem, not a place for files: /);
    expect(thrownBy(() => writePlan(plan))).toMatchObject({ code: 'SCAFFOLD_WRITE_FAILED', exitCode: 4 });
  });
});

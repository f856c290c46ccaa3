/** Test helpers: temporary directories and a snapshot of a directory tree (every file's path, mode, content). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

export function tempDir(prefix = 'jwt-kit-init-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Every entry under `dir` (directories end with `/`), with each file's mode and content. */
export function snapshot(dir: string, skip: readonly string[] = ['node_modules']): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (skip.includes(path)) continue;
      const full = join(dir, path);
      if (entry.isDirectory()) {
        result[`${path}/`] = '';
        walk(path);
      } else {
        result[path] = `${(statSync(full).mode & 0o777).toString(8)} ${readFileSync(full, 'utf8')}`;
      }
    }
  };
  walk('');
  return result;
}

/** The value of `JWT_SECRET` in a .env file. */
export function secretIn(envFile: string): string {
  const match = /^JWT_SECRET=(.*)$/m.exec(readFileSync(envFile, 'utf8'));
  if (!match) throw new Error(`no JWT_SECRET in ${envFile}`);
  return match[1] as string;
}

/** Temporary project folders for tests that load configs, run the CLI or scaffold files. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made: string[] = [];

/** Writes `files` (path relative to `dir` -> text) into `dir`, making folders as needed. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/**
 * A new folder under the system temp dir holding `files`. It gets a package.json (unless `packageJson` is
 * false) so that no config search leaves it. `removeProjects()` deletes every folder made so far.
 */
export function makeProject(
  files: Record<string, string> = {},
  options: { prefix?: string; packageJson?: boolean } = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? 'jwt-kit-test-'));
  made.push(dir);
  if (options.packageJson !== false) writeFiles(dir, { 'package.json': '{ "name": "fixture-project", "private": true }\n' });
  writeFiles(dir, files);
  return dir;
}

export function removeProjects(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

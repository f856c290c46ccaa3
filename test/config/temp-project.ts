/** Throw-away project folders for the config loading tests: each has a package.json, so a search stops there. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root, for fixture configs that import jwt-kit's sources by absolute path. */
export const REPO_ROOT = resolve(__dirname, '..', '..');
/**
 * `src/config/define` (where `defineConfig` lives) as a path a config file can import; jiti resolves the .ts.
 * Not `src/index`: through it jiti would import Node built-ins with a native import(), which jest's VM refuses
 * without --experimental-vm-modules (outside jest it works, and test/cli covers that through the built bin).
 */
export const SRC_DEFINE = join(REPO_ROOT, 'src', 'config', 'define').split('\\').join('/');

/** A 48-byte secret (over the 32-byte floor). */
export const SECRET = 'k9Vq2r7TzXw4mB1nC8pL5sD3fG6hJ0aQeRtYuIoPlKjHgFdSk9Vq2r7TzXw4mB1n'; // 64 bytes

export interface TempProject {
  dir: string;
  /** Writes `files` (path relative to `dir` -> content), creating folders. */
  write(files: Record<string, string>): void;
  path(...parts: string[]): string;
  remove(): void;
}

const made: TempProject[] = [];

export function tempProject(files: Record<string, string> = {}, options: { packageJson?: boolean } = {}): TempProject {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-kit-config-'));
  const project: TempProject = {
    dir,
    write(more) {
      for (const [name, content] of Object.entries(more)) {
        const file = join(dir, name);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    },
    path: (...parts) => join(dir, ...parts),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  if (options.packageJson !== false) project.write({ 'package.json': '{ "name": "fixture-project", "private": true }\n' });
  project.write(files);
  made.push(project);
  return project;
}

/** Removes every project made so far; call from afterAll. */
export function removeTempProjects(): void {
  for (const project of made.splice(0)) project.remove();
}

/** A .ts config with a demo user ann / secret-pw (id 3), handlers in a .ts file beside it. */
export function tsConfigProject(extra = ''): TempProject {
  return tempProject({
    'jwtauth.config.ts': [
      `import { defineConfig } from '${SRC_DEFINE}';`,
      "import { authenticate, identity, type Person } from './auth-handlers';",
      '',
      'export default defineConfig<Person>({',
      "  secretEnv: 'TEMP_PROJECT_SECRET',",
      extra,
      '  handlers: { authenticate, identity },',
      '});',
      '',
    ].join('\n'),
    'auth-handlers.ts': [
      'export interface Person { id: number; username: string }',
      'const people: Array<Person & { password: string }> = [{ id: 3, username: "ann", password: "secret-pw" }];',
      'export function authenticate(username: string, password: string): Person | null {',
      '  const p = people.find((x) => x.username === username && x.password === password);',
      '  return p ? { id: p.id, username: p.username } : null;',
      '}',
      'export const identity = (payload: { user_id?: unknown }): Person | null =>',
      '  people.map(({ id, username }) => ({ id, username })).find((x) => x.id === payload.user_id) ?? null;',
      '',
    ].join('\n'),
  });
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Reads the `.env` file in `dir` (where `jwt-kit init` puts the secret) into `env`. Variables already set
 * win, as with Node's `--env-file`, so a deployment's real environment always overrides the file.
 * Returns the names it set; nothing is printed, so no secret is echoed.
 */
export function loadEnvFile(dir: string, env: Record<string, string | undefined> = process.env): string[] {
  const path = join(dir, '.env');
  if (!existsSync(path)) return [];
  const parsed = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  const set: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (env[name] === undefined) {
      env[name] = value;
      set.push(name);
    }
  }
  return set;
}

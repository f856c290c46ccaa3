import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** The variables of the `.env` file in `dir` (where `jwt-kit init` puts the secret), or none. */
export function readEnvFile(dir: string): Record<string, string> {
  const path = join(dir, '.env');
  return existsSync(path) ? (parseEnv(readFileSync(path, 'utf8')) as Record<string, string>) : {};
}

/**
 * `env` seen through the `.env` file in `dir`, without changing either: variables already set win, as with
 * Node's `--env-file`, so a deployment's real environment always overrides the file.
 */
export function withEnvFile(dir: string, env: Record<string, string | undefined>): Record<string, string | undefined> {
  return { ...readEnvFile(dir), ...Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)) };
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { JwtKitError } from '../errors';

/** The variables of the `.env` file in `dir` (where `jwt-kit init` puts the secret), or none. */
export function readEnvFile(dir: string): Record<string, string> {
  const path = join(dir, '.env');
  if (!existsSync(path)) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    // A .env that is a folder or not ours to read is the project's setup, not a crash: a config error.
    const code = (error as NodeJS.ErrnoException).code ?? 'cannot read it';
    throw new JwtKitError('CONFIG_LOAD_FAILED', `.env beside the config could not be read: ${code}`, { cause: error });
  }
  return parseEnv(text) as Record<string, string>;
}

/**
 * `env` seen through the `.env` file in `dir`, without changing either: variables already set win, as with
 * Node's `--env-file`, so a deployment's real environment always overrides the file.
 */
export function withEnvFile(dir: string, env: Record<string, string | undefined>): Record<string, string | undefined> {
  // An empty variable (`JWT_SECRET= cmd`) counts as unset, so it does not hide the file's value.
  return { ...readEnvFile(dir), ...Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')) };
}

/**
 * Where each variable of `withEnvFile(dir, env)` came from, in words, for reports of where a key came from:
 * `MY_SECRET in the environment`, or `MY_SECRET in .env beside jwtauth.config.ts`.
 */
export function envOrigin(dir: string, env: Record<string, string | undefined>, configName: string): (name: string) => string {
  return (name) => {
    if (env[name] !== undefined && env[name] !== '') return `${name} in the environment`;
    return name in readEnvFile(dir) ? `${name} in .env beside ${configName}` : name;
  };
}

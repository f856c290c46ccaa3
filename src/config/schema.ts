import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Path of the JSON Schema that defines the config. Both `src/config` and `dist/config` sit two levels
 * below the package root, so one relative path serves the tests and the build.
 */
export const SCHEMA_PATH = join(__dirname, '..', '..', 'schema', 'jwtauth.schema.json');

let cached: Record<string, unknown> | undefined;

/** The parsed config schema, read once. */
export function configSchema(): Record<string, unknown> {
  cached ??= JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  return cached;
}

/**
 * The config file names, apart from `load.ts` so that the CLI can tell whether a config may exist without
 * loading cosmiconfig (the token commands start faster in a folder that has none).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The file names searched in each directory, in order, from the working directory up to the project root. */
export const CONFIG_FILES = [
  'jwtauth.config.ts',
  'jwtauth.config.mts',
  'jwtauth.config.cts',
  'jwtauth.config.js',
  'jwtauth.config.mjs',
  'jwtauth.config.cjs',
  'jwtauth.config.json',
  'package.json',
] as const;

/** The key of `package.json` that may hold the config. */
export const PACKAGE_JSON_KEY = 'jwtauth';

/**
 * The folders the config search looks in, nearest first: from `start` up to the first folder with a
 * package.json or package.yaml, where cosmiconfig's "project" strategy stops, or the file system root.
 */
export function* searchDirs(start: string): Generator<string> {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    yield dir;
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'package.yaml')) || dirname(dir) === dir) return;
  }
}

/** Whether the package.json at `path` holds a `jwtauth` key; undefined when it is missing or not JSON. */
export function packageJsonHasConfig(path: string): boolean | undefined {
  try {
    const pkg = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return pkg !== null && typeof pkg === 'object' && PACKAGE_JSON_KEY in pkg;
  } catch {
    return undefined;
  }
}

/**
 * The config file names, apart from `load.ts` so that the CLI can tell whether a config may exist without
 * loading cosmiconfig (the token commands start faster in a folder that has none).
 */

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

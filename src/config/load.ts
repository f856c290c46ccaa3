/**
 * Finds and loads a config file: the only user of cosmiconfig. TypeScript configs go through jiti, which
 * transpiles them (and the `.ts` handler files they import) without needing TypeScript at run time; jiti is
 * loaded only when a `.ts` config is met, so JavaScript and JSON configs start fast.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'cosmiconfig';
import { JwtKitError } from '../errors';
import { invalid } from './validate';
import { envOrigin, withEnvFile } from './env-file';
import { withoutQuotedInput } from './json-error';
import { CONFIG_FILES, PACKAGE_JSON_KEY, searchDirs } from './files';
import { resolveConfig, type ResolveOptions } from './resolve';
import type { Handlers, ResolvedConfig } from './types';
import { isJsonObject } from './json-object';

/** The environment variable that names the config file, for a process started elsewhere (systemd, PM2, Docker). */
export const CONFIG_ENV = 'JWTKIT_CONFIG';

export interface LoadConfigOptions<TUser = unknown> extends Pick<ResolveOptions, 'env' | 'profile'> {
  /**
   * Hooks given in code, over those of the file: the way to give hooks to a `.json` config (or a
   * `package.json` key), which cannot hold functions.
   */
  handlers?: Handlers<TUser>;
  /**
   * Read the `.env` beside the config file (where `jwt-kit init` puts the secret) when resolving `secretEnv`.
   * The real environment wins, and `process.env` is never changed. Default true.
   */
  envFile?: boolean;
  /**
   * A config file to load instead of searching: a path relative to `cwd`, or a `file:` URL
   * (`new URL('./jwtauth.config.ts', import.meta.url)`). Without it, the `JWTKIT_CONFIG` environment variable
   * (of `env`, default `process.env`) names the file; without that, the search runs.
   */
  configPath?: string | URL;
  /** Where the search starts. Default `process.cwd()`. */
  cwd?: string;
  /**
   * Evaluate a `.ts` config and the files it imports anew, as edited since the last load. Default false: they
   * load once per process, so a module the app imports too is the same instance in the app and in the kit.
   */
  fresh?: boolean;
}

export interface LoadedConfig {
  /** The config as the file exports it, not yet validated. */
  config: unknown;
  filepath: string;
}

/**
 * The `.ts` loader. jiti shares Node's module cache by default, so a handler module the app imports too (a
 * user store, a DB pool) is one instance, not a copy per load; `fresh` evaluates the files anew.
 */
const typeScriptLoader =
  (fresh: boolean): Loader =>
  async (filepath) => {
    const { createJiti } = await import('jiti');
    const jiti = createJiti(__filename, { moduleCache: !fresh, interopDefault: true });
    return jiti.import(filepath, { default: true });
  };

/**
 * Finds the config (or loads the given file) without validating it.
 * Throws `CONFIG_NOT_FOUND` or `CONFIG_LOAD_FAILED` with the file named and the cause kept.
 *
 * @example
 * ```ts
 * const { config, filepath } = await findConfig({ cwd: 'services/api' });
 * ```
 */
export async function findConfig(
  options: Pick<LoadConfigOptions, 'configPath' | 'cwd' | 'fresh' | 'env'> = {},
): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const named = namedConfig(options);
  const explicit = named && resolvePath(cwd, named.path);
  if (named && explicit !== undefined && !existsSync(explicit)) {
    throw new JwtKitError('CONFIG_NOT_FOUND', `No config file at ${named.path}${named.from}`);
  }
  const loadTs = typeScriptLoader(options.fresh ?? false);
  let result;
  try {
    // Loaded here, not at the top: `require('jwt-kit')` in an app that builds its kit with createKit never
    // searches for a file, so it never needs cosmiconfig in memory.
    const { cosmiconfig, defaultLoaders } = await import('cosmiconfig');
    // JSON as cosmiconfig reads it, with a file of `null` reported as empty: cosmiconfig's search would pass it
    // by (a `null` load result means "no config here") and go on to a parent's config or to none.
    const jsonLoader: Loader = (filepath, content) => defaultLoaders['.json'](filepath, content) ?? undefined;
    // Inside the try: cosmiconfig reads package.json as soon as it is built, and that file may be broken too.
    const explorer = cosmiconfig('jwtauth', {
      searchPlaces: [...CONFIG_FILES],
      packageProp: PACKAGE_JSON_KEY,
      searchStrategy: 'project',
      cache: false,
      // An empty config is a mistake to report, not a file to pass by on the way to a parent's (or to the demo).
      ignoreEmptySearchPlaces: false,
      loaders: { '.ts': loadTs, '.mts': loadTs, '.cts': loadTs, '.json': jsonLoader },
    });
    result = explicit === undefined ? await explorer.search(cwd) : await explorer.load(explicit);
  } catch (error) {
    // A search names no file up front; cosmiconfig marks the one it was reading on the error.
    const failed = explicit ?? (error as { filepath?: unknown } | null)?.filepath;
    const file = typeof failed === 'string' ? basename(failed) : 'the config';
    const where = failureLocation(error, typeof failed === 'string' ? dirname(failed) : cwd);
    throw new JwtKitError('CONFIG_LOAD_FAILED', `${file} could not be loaded: ${where ? `${where}: ` : ''}${loadFailureReason(error)}`, {
      cause: error,
    });
  }
  // The search passes by a config it cannot read (EACCES, EISDIR) as if it were not there; a command must not
  // fall back to a default (serve's demo user) because of that.
  if (!result && explicit === undefined) unreadableConfig(cwd);
  if (!result || result.isEmpty) {
    if (explicit !== undefined && basename(explicit) === 'package.json') {
      throw new JwtKitError('CONFIG_NOT_FOUND', `No jwt-kit config in ${named?.path}: it has no "${PACKAGE_JSON_KEY}" key`);
    }
    if (result?.isEmpty) throw emptyConfig(basename(result.filepath));
    if (explicit !== undefined && existsSync(explicit)) throw emptyConfig(basename(explicit));
    throw new JwtKitError(
      'CONFIG_NOT_FOUND',
      `No jwt-kit config in ${cwd} or its parents up to the project root: run \`npx jwt-kit init\` to make one, ` +
        `or name the file with ${CONFIG_ENV}=path/to/jwtauth.config.ts (or the configPath option, or --config)`,
    );
  }
  return { config: result.config, filepath: result.filepath };
}

/** The file the caller named: `configPath` (a path or a `file:` URL), else `JWTKIT_CONFIG`; undefined to search. */
function namedConfig(options: Pick<LoadConfigOptions, 'configPath' | 'env'>): { path: string; from: string } | undefined {
  const { configPath } = options;
  if (configPath instanceof URL || (typeof configPath === 'string' && configPath.startsWith('file:'))) {
    const url = new URL(configPath);
    if (url.protocol !== 'file:') throw new TypeError(`configPath must be a path or a file: URL, not a ${url.protocol} URL`);
    return { path: fileURLToPath(url), from: '' };
  }
  if (configPath !== undefined && typeof configPath !== 'string') {
    throw new TypeError(`configPath must be a path or a file: URL, not ${typeof configPath}`);
  }
  if (configPath !== undefined) return { path: configPath, from: '' };
  const fromEnv = (options.env ?? process.env)[CONFIG_ENV];
  return fromEnv ? { path: fromEnv, from: ` (from ${CONFIG_ENV})` } : undefined;
}


/**
 * Finds, loads, validates and resolves the config, once, at start-up.
 *
 * @example
 * ```ts
 * const config = await loadConfig();                       // searches from process.cwd()
 * const other = await loadConfig({ configPath: 'auth/jwtauth.config.ts' });
 * ```
 */
export async function loadConfig<TUser = unknown>(options: LoadConfigOptions<TUser> = {}): Promise<ResolvedConfig<TUser>> {
  const { config, filepath } = await findConfig(options);
  const env = options.env ?? process.env;
  return resolveConfig<TUser>(withHandlers(config, options.handlers), {
    filepath,
    env: options.envFile === false ? env : withEnvFile(dirname(filepath), env),
    profile: options.profile,
    envOrigin: envOrigin(dirname(filepath), env, basename(filepath)),
  });
}

/** `config` with `handlers` laid over its own hooks; a config that is not an object is left for the schema to refuse. */
export function withHandlers(config: unknown, handlers: object | undefined): unknown {
  if (!handlers || !isJsonObject(config)) return config;
  const own = (config as { handlers?: unknown }).handlers;
  return { ...config, handlers: { ...(own !== null && typeof own === 'object' ? own : {}), ...handlers } };
}

/**
 * The reason a config failed to load, without any of its content: parsers quote the offending source in
 * code frames (`> 2 | "secret": ...`), in `while parsing '...'` and in V8's `"..."... is not valid JSON`, and a
 * config may hold an inline secret.
 */
export function loadFailureReason(error: unknown): string {
  const text = isErrorLike(error) ? error.message : String(error);
  const lines = text
    // Code frames are coloured where the terminal (or CI=true) allows it; read them without the colour codes.
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.replace(/ while parsing .*$/, '').trim())
    .filter((line) => line !== '' && !/^(>?\s*\d+\s*\||\|)/.test(line) && !line.startsWith('JSON Error in '));
  const reason = withoutQuotedInput(lines[0] ?? 'unknown error');
  // `TypeError: Cannot read properties of undefined` says more than its message alone; a plain Error adds nothing.
  const name = isErrorLike(error) && NAMED_ERRORS.has(error.name) && !reason.startsWith(error.name) ? `${error.name}: ` : '';
  return `${name}${reason}`;
}

/** An Error, also from another realm (a vm context, jest's sandbox), where `instanceof Error` is false. */
function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as Error).message === 'string' && typeof (value as Error).name === 'string';
}

const NAMED_ERRORS = new Set(['SyntaxError', 'TypeError', 'ReferenceError', 'RangeError']);

/**
 * Where a load failed, as `file:line:column` (relative to the config's folder when inside it): jiti's
 * ParseError ends with the place (a 0-based column, as Babel counts; editors count from 1), V8 starts a
 * SyntaxError's stack with `file:line`, and an error thrown while a module ran has its line in the first stack
 * frame outside Node and outside node_modules. Only the place is taken from the stack, never the code frame below it.
 */
export function failureLocation(error: unknown, configDir: string): string | undefined {
  if (!isErrorLike(error)) return undefined;
  const plain = (text: string | undefined) => (text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const show = (file: string, line: string, column?: number) => {
    const path = file.startsWith('file:') ? fileURLToPath(file) : file;
    const rel = relative(configDir, path);
    const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
    return column === undefined ? `${shown}:${line}` : `${shown}:${line}:${column}`;
  };
  const json = /^JSON Error in (.+?):\s*$/m.exec(plain(error.message));
  const position = /in JSON at position (\d+)/.exec(error.message);
  if (json && position) {
    const before = readFileSync(json[1]!, 'utf8').slice(0, Number(position[1]));
    const lines = before.split('\n');
    return show(json[1]!, String(lines.length), (lines.at(-1)?.length ?? 0) + 1);
  }
  const parse = /^\s*(\S.*?):(\d+):(\d+)\s*$/m.exec(plain(error.message));
  if (parse && /^ParseError\b/.test(error.message)) return show(parse[1]!, parse[2]!, Number(parse[3]) + 1);
  const stack = plain(error.stack);
  const top = /^((?:file:\/\/|\/|[A-Za-z]:\\).*?):(\d+)$/m.exec(stack.split('\n')[0] ?? '');
  if (error.name === 'SyntaxError' && top) return show(top[1]!, top[2]!);
  for (const frame of stack.split('\n').slice(1)) {
    const at = /^\s*at (?:.*?\()?((?:file:\/\/|\/|[A-Za-z]:\\).*?):(\d+):(\d+)\)?$/.exec(frame);
    if (!at) continue;
    if (at[1]!.includes(`${sep}node_modules${sep}`) || at[1]!.startsWith(OWN_CODE)) continue;
    // The line only: jiti keeps the lines of the files it transpiles, not their columns.
    return show(at[1]!, at[2]!);
  }
  return undefined;
}

// jwt-kit's own compiled and source folders: a frame there is the loader, not the user's file.
const OWN_CODE = resolvePath(__dirname, '..');

/**
 * Throws for the first config file on the search path that the search passed by because it cannot read it.
 * Returns when there is none. (cosmiconfig skips EACCES, EISDIR and ENOTDIR by design, and has no hook for it.)
 */
function unreadableConfig(cwd: string): void {
  for (const dir of searchDirs(cwd)) {
    for (const name of CONFIG_FILES) {
      const path = join(dir, name);
      if (!existsSync(path)) continue;
      try {
        if (!statSync(path).isFile()) throw new JwtKitError('CONFIG_LOAD_FAILED', `${name} could not be loaded: it is not a file`);
        accessSync(path, constants.R_OK);
      } catch (error) {
        if (error instanceof JwtKitError) throw error;
        const code = (error as NodeJS.ErrnoException).code ?? 'cannot read it';
        throw new JwtKitError('CONFIG_LOAD_FAILED', `${name} could not be loaded: ${code}`, { cause: error });
      }
    }
  }
}

const emptyConfig = (name: string) =>
  invalid(name, ['the config is empty: it must export an object (export default defineConfig({ ... }))']);

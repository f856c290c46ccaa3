/**
 * Finds and loads a config file: the only user of cosmiconfig. TypeScript configs go through jiti, which
 * transpiles them (and the `.ts` handler files they import) without needing TypeScript at run time; jiti is
 * loaded only when a `.ts` config is met, so JavaScript and JSON configs start fast.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import { JwtKitError } from '../errors';
import { invalid } from './validate';
import { withEnvFile } from './env-file';
import { withoutQuotedInput } from './json-error';
import { CONFIG_FILES, PACKAGE_JSON_KEY, searchDirs } from './files';
import { resolveConfig, type ResolveOptions } from './resolve';
import type { Handlers, ResolvedConfig } from './types';

export { CONFIG_FILES, PACKAGE_JSON_KEY };

export interface LoadConfigOptions<TUser = unknown> extends Pick<ResolveOptions, 'env' | 'forKit'> {
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
  /** A config file to load instead of searching. Relative to `cwd`. */
  configPath?: string;
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
export async function findConfig(options: Pick<LoadConfigOptions, 'configPath' | 'cwd' | 'fresh'> = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.configPath === undefined ? undefined : resolvePath(cwd, options.configPath);
  if (explicit !== undefined && !existsSync(explicit)) {
    throw new JwtKitError('CONFIG_NOT_FOUND', `No config file at ${options.configPath}`);
  }
  const loadTs = typeScriptLoader(options.fresh ?? false);
  let result;
  try {
    // Inside the try: cosmiconfig reads package.json as soon as it is built, and that file may be broken too.
    const explorer = cosmiconfig('jwtauth', {
      searchPlaces: [...CONFIG_FILES],
      packageProp: PACKAGE_JSON_KEY,
      searchStrategy: 'project',
      cache: false,
      loaders: { '.ts': loadTs, '.mts': loadTs, '.cts': loadTs },
    });
    result = explicit === undefined ? await explorer.search(cwd) : await explorer.load(explicit);
  } catch (error) {
    // A search names no file up front; cosmiconfig marks the one it was reading on the error.
    const failed = explicit ?? (error as { filepath?: unknown } | null)?.filepath;
    const file = typeof failed === 'string' ? basename(failed) : 'the config';
    throw new JwtKitError('CONFIG_LOAD_FAILED', `${file} could not be loaded: ${loadFailureReason(error)}`, { cause: error });
  }
  // cosmiconfig's search skips a config it cannot read (EACCES, EISDIR) or that is empty (`null`, no export)
  // as if it were not there; a command must not fall back to a default (serve's demo user) because of that.
  if (!result && explicit === undefined) skippedConfig(cwd);
  if (!result || result.isEmpty) {
    if (explicit !== undefined && basename(explicit) === 'package.json') {
      throw new JwtKitError('CONFIG_NOT_FOUND', `No jwt-kit config in ${options.configPath}: it has no "${PACKAGE_JSON_KEY}" key`);
    }
    if (explicit !== undefined && existsSync(explicit)) throw emptyConfig(basename(explicit));
    const where = explicit ? basename(explicit) : `${cwd} or its parents up to the project root`;
    throw new JwtKitError('CONFIG_NOT_FOUND', `No jwt-kit config in ${where} (run \`npx jwt-kit init\` to make one)`);
  }
  return { config: result.config, filepath: result.filepath };
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
    forKit: options.forKit,
  });
}

/** `config` with `handlers` laid over its own hooks; a config that is not an object is left for the schema to refuse. */
export function withHandlers(config: unknown, handlers: object | undefined): unknown {
  if (!handlers || config === null || typeof config !== 'object' || Array.isArray(config)) return config;
  const own = (config as { handlers?: unknown }).handlers;
  return { ...config, handlers: { ...(own !== null && typeof own === 'object' ? own : {}), ...handlers } };
}

/**
 * The reason a config failed to load, without any of its content: parsers quote the offending source in
 * code frames (`> 2 | "secret": ...`), in `while parsing '...'` and in V8's `"..."... is not valid JSON`, and a
 * config may hold an inline secret.
 */
export function loadFailureReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    // Code frames are coloured where the terminal (or CI=true) allows it; read them without the colour codes.
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.replace(/ while parsing .*$/, '').trim())
    .filter((line) => line !== '' && !/^(>?\s*\d+\s*\||\|)/.test(line) && !line.startsWith('JSON Error in '));
  return withoutQuotedInput(lines[0] ?? 'unknown error');
}

/**
 * Throws for the first config file on the search path that the search skipped: one it cannot read
 * (CONFIG_LOAD_FAILED) or one that is empty (CONFIG_INVALID). Returns when there is none.
 */
function skippedConfig(cwd: string): void {
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
      // Readable, yet the search passed it by: empty. (A package.json without a jwtauth key is simply not a config.)
      if (name !== 'package.json') throw emptyConfig(name);
    }
  }
}

const emptyConfig = (name: string) =>
  invalid(name, ['the config is empty: it must export an object (export default defineConfig({ ... }))']);

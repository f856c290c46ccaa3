/**
 * How every command finds its config: `--config PATH`, else the file named by `JWTKIT_CONFIG` in the CLI's
 * environment (`io.env`), else a search from the working directory up to the project root. The `.env` beside the config file is read first (the real environment wins), since that is
 * where `jwt-kit init` puts the secret.
 */
import { basename, dirname } from 'node:path';
import { envOrigin, withEnvFile } from '../config/env-file';
import type { RequirementProfile } from '../config/requirements';
import type { Handlers, ResolvedConfig } from '../config/types';
import { isJwtKitError } from '../errors';
import type { CliIO } from './io';
import { isJsonObject } from '../config/json-object';

export interface CliConfig<TUser = unknown> {
  raw: unknown;
  filepath: string;
  /**
   * What a kit of this file needs: `kit` for code (`.ts`, `.js`...), which holds its hooks; `hooks-from-code`
   * for `.json` files and `package.json` keys, which cannot hold functions, so the hooks come from code.
   */
  kitProfile: 'kit' | 'hooks-from-code';
  /**
   * Resolves the config with the `.env` beside it, checked for `profile` (src/config/requirements.ts);
   * `handlers` as in `loadConfig`; `overrides` replace top-level options of the file (serve's `--redis`
   * store, serve's JWKS endpoint).
   */
  resolve(options?: { profile?: RequirementProfile; handlers?: Handlers<TUser>; overrides?: Record<string, unknown> }): ResolvedConfig<TUser>;
}

/**
 * The config named by `configPath` or `JWTKIT_CONFIG`, or found by searching. With neither and nothing found,
 * returns undefined so the command can fall back (serve's demo, token's `JWT_SECRET`); a named file that does
 * not exist, or a file that fails to load, throws.
 */
export async function findCliConfig<TUser = unknown>(io: CliIO, configPath?: string): Promise<CliConfig<TUser> | undefined> {
  // cosmiconfig (and ajv, through resolve) are loaded only when a command needs a config, not on every start.
  const [{ findConfig, withHandlers, CONFIG_ENV }, { resolveConfig }] = await Promise.all([import('../config/load'), import('../config/resolve')]);
  let loaded;
  try {
    loaded = await findConfig({ cwd: io.cwd, configPath, env: io.env });
  } catch (error) {
    const named = configPath !== undefined || Boolean(io.env[CONFIG_ENV]);
    if (!named && isJwtKitError(error) && error.code === 'CONFIG_NOT_FOUND') return undefined;
    throw error;
  }
  const { config, filepath } = loaded;
  return {
    raw: config,
    filepath,
    // Only code can hold functions: JSON, YAML (an extension-less rc file) and package.json keys cannot.
    kitProfile: /\.[mc]?[jt]s$/.test(filepath) ? 'kit' : 'hooks-from-code',
    resolve: ({ profile, handlers, overrides } = {}) => {
      const given = overrides && isJsonObject(config) ? { ...config, ...overrides } : config;
      return resolveConfig<TUser>(withHandlers(given, handlers), {
        filepath,
        env: withEnvFile(dirname(filepath), io.env),
        envOrigin: envOrigin(dirname(filepath), io.env, basename(filepath)),
        profile,
      });
    },
  };
}

import { basename, dirname } from 'node:path';
import { findConfig, withHandlers, type LoadConfigOptions } from '../config/load';
import { envOrigin, withEnvFile } from '../config/env-file';
import { resolveConfig } from '../config/resolve';
import { startupWarnings } from '../config/risks';
import type { JwtPayload, ResolvedConfig } from '../config/types';
import { createKit, type Kit, type KitOptions } from './kit';

export interface LoadKitOptions<TUser = unknown> extends Omit<LoadConfigOptions<TUser>, 'profile'>, Pick<KitOptions, 'now'> {
  /**
   * Receives each risk warning of the config (the ones `jwt-kit config check` lists; `verify: false` outside
   * NODE_ENV development or test is marked DANGER), once, when the kit is built. Default: `process.emitWarning`
   * with the type `JwtKitRiskWarning` and the code `JWTKIT_RISK`, which Node prints on stderr and which an app
   * can route through `process.on('warning')` (or silence with `--no-warnings`). `() => {}` turns them off.
   */
  onWarning?: (message: string) => void;
}

const emitRiskWarning = (message: string): void => process.emitWarning(message, { type: 'JwtKitRiskWarning', code: 'JWTKIT_RISK' });

/**
 * Finds the config file (from the working directory up to the project root, or `configPath`), validates it
 * with everything a kit needs, every problem in one error, warns about risky settings, and builds the kit:
 * one call at start-up.
 *
 * @example
 * ```ts
 * const kit = await loadKit<User>();
 * app.use(kit.middleware());
 * // A .json config cannot hold functions: give its hooks here.
 * const fromJson = await loadKit<User>({ handlers: { authenticate, identity } });
 * // Risk warnings into your own logger instead of process warnings.
 * const logged = await loadKit<User>({ onWarning: (message) => logger.warn(message) });
 * ```
 */
export async function loadKit<TUser = unknown, TClaims extends object = JwtPayload>(options: LoadKitOptions<TUser> = {}): Promise<Kit<TUser, TClaims>> {
  // loadConfig's steps, with the file's own contents kept for the risk "a secret written in the file".
  const { config: raw, filepath } = await findConfig(options);
  const given = options.env ?? process.env;
  const env = options.envFile === false ? given : withEnvFile(dirname(filepath), given);
  const config = resolveConfig<TUser>(withHandlers(raw, options.handlers), {
    filepath,
    env,
    profile: 'kit',
    envOrigin: envOrigin(dirname(filepath), given, basename(filepath)),
  });
  const kit = createKit<TUser, TClaims>(config, { now: options.now });
  const onWarning = options.onWarning ?? emitRiskWarning;
  const fileSays = (typeof raw === 'object' && raw !== null ? raw : {}) as { secret?: unknown };
  for (const warning of startupWarnings(config as ResolvedConfig<unknown>, fileSays, env.NODE_ENV)) onWarning(warning);
  return kit;
}

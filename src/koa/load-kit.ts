import { loadConfig, type LoadConfigOptions } from '../config/load';
import { createKit, type Kit, type KitOptions } from './kit';

/**
 * Finds the config file (from the working directory up to the project root, or `configPath`), validates it
 * and builds the kit: one call at start-up.
 *
 * @example
 * ```ts
 * const kit = await loadKit<User>();
 * app.use(kit.middleware());
 * ```
 */
export async function loadKit<TUser = unknown>(options: LoadConfigOptions & Pick<KitOptions, 'now'> = {}): Promise<Kit<TUser>> {
  return createKit(await loadConfig<TUser>(options), { now: options.now });
}

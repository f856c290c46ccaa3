import { loadConfig, type LoadConfigOptions } from '../config/load';
import { createKit, type Kit, type KitOptions } from './kit';

/**
 * Finds the config file (from the working directory up to the project root, or `configPath`), validates it
 * with everything a kit needs, every problem in one error, and builds the kit: one call at start-up.
 *
 * @example
 * ```ts
 * const kit = await loadKit<User>();
 * app.use(kit.middleware());
 * // A .json config cannot hold functions: give its hooks here.
 * const fromJson = await loadKit<User>({ handlers: { authenticate, identity } });
 * ```
 */
export async function loadKit<TUser = unknown>(
  options: Omit<LoadConfigOptions<TUser>, 'forKit'> & Pick<KitOptions, 'now'> = {},
): Promise<Kit<TUser>> {
  return createKit(await loadConfig<TUser>({ ...options, forKit: true }), { now: options.now });
}

import type { JwtKitConfig } from './types';

/**
 * Types a config file: returns its argument unchanged, so the editor checks every option and the user type
 * returned by the handlers flows to `ctx.state.user`.
 *
 * @example
 * ```ts
 * // jwtauth.config.ts
 * import { defineConfig } from 'jwt-kit';
 * export default defineConfig({
 *   secretEnv: 'JWT_SECRET',
 *   handlers: {
 *     authenticate: (username, password) => findUser(username, password),
 *     identity: (payload) => getUser(payload.user_id),
 *   },
 * });
 * ```
 */
export function defineConfig<TUser>(config: JwtKitConfig<TUser>): JwtKitConfig<TUser> {
  return config;
}

/**
 * The light entry `jwt-kit/config`: what a config file needs (`defineConfig` and the config's types) and
 * nothing else, so the CLI's token commands can load a `.ts` config without loading Koa.
 *
 * @example
 * ```ts
 * // jwtauth.config.ts
 * import { defineConfig } from 'jwt-kit/config';
 * export default defineConfig({ secretEnv: 'JWT_SECRET', handlers: { authenticate, identity } });
 * ```
 */
export { defineConfig } from './config/define';
export type { Algorithm, CorsOptions, Duration, Handlers, HookContext, JwtKitConfig, JwtPayload } from './config/types';

import type { ResolvedConfig } from './types';

/** The hooks a kit cannot work without: checked with the rest of the config, at start-up. */
export function missingHandlers<TUser>(config: ResolvedConfig<TUser>): string[] {
  const problems: string[] = [];
  if (!config.handlers.identity) problems.push('/handlers/identity is required: (payload) -> user or null');
  if (config.authPath !== null && !config.handlers.authenticate) {
    problems.push('/handlers/authenticate is required while the login route is on (set /authPath to null to turn it off)');
  }
  return problems;
}

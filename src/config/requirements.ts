/**
 * What a kit needs beyond a valid config, checked with the rest of it at start-up (and by `config check`), so
 * that no request ever meets a kit that cannot answer it.
 */
import type { ResolvedConfig } from './types';

/** The hooks a kit cannot work without. */
export function missingHandlers<TUser>(config: Pick<ResolvedConfig<TUser>, 'handlers' | 'authPath'>): string[] {
  const problems: string[] = [];
  if (!config.handlers.identity) problems.push('/handlers/identity is required: (payload) -> user or null');
  if (config.authPath !== null && !config.handlers.authenticate) {
    problems.push('/handlers/authenticate is required while the login route is on (set /authPath to null to turn it off)');
  }
  return problems;
}

/** The login route issues tokens, which a public key alone cannot sign. */
export function missingSigningKey(config: Pick<ResolvedConfig, 'keys' | 'authPath'>): string[] {
  const current = config.keys[0];
  if (config.authPath === null) return [];
  if (!current) {
    // A resource server (remoteJwks) verifies the issuer's tokens and signs none.
    return ['/authPath: the login route issues tokens, and with /remoteJwks this server has no key to sign them: set /authPath to null'];
  }
  if (current.signing) return [];
  return [
    `/authPath: the login route issues tokens, and ${current.algorithm} signs them with ${config.keys.length > 1 ? "the current key's" : 'a'} private key: ` +
      `set ${config.keys.length > 1 ? "the current key's privateKeyFile" : '/privateKeyFile'}, or set /authPath to null for a server that only verifies`,
  ];
}

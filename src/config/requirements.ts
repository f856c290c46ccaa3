/**
 * What each use of a config needs beyond a valid config, checked with the rest of it in one pass at start-up
 * (and by `config check`), so that no request ever meets a kit that cannot answer it and no command fails
 * half-way. One named profile per use, instead of flags threaded through the layers.
 */
import type { ResolvedConfig } from './types';

/**
 * - `kit`: a server (createKit, loadKit, serve): the identity hook, and authenticate and a signing key while the
 *   login route is on.
 * - `hooks-from-code`: a kit whose hooks are given in code (a `.json` config with `loadKit({ handlers })`):
 *   the signing key only; `config check` reports the missing hooks as warnings.
 * - `token-issue`: `jwt-kit token issue`: a current key that can sign.
 * - `token-verify`: `jwt-kit token verify`: nothing beyond a valid config.
 */
export type RequirementProfile = 'kit' | 'hooks-from-code' | 'token-issue' | 'token-verify';

/** What the checks read: known before the rest of the config is built, so they join its one error. */
export type RequirementInput = Pick<ResolvedConfig<unknown>, 'handlers' | 'authPath'> & {
  /** Undefined when the keys could not be read (a problem reported already): the key checks then pass. */
  keys: ResolvedConfig['keys'] | undefined;
};

type Check = (config: RequirementInput) => string[];

export const PROFILES: Record<RequirementProfile, readonly Check[]> = {
  kit: [(config) => missingHandlers(config), (config) => missingSigningKey(config)],
  'hooks-from-code': [(config) => missingSigningKey(config)],
  'token-issue': [(config) => missingIssuingKey(config)],
  'token-verify': [],
};

/** Every problem `profile` finds in a resolved config. */
export function profileProblems(config: RequirementInput, profile: RequirementProfile): string[] {
  return PROFILES[profile].flatMap((check) => check(config));
}

/** Issuing needs a current key with a private half (or a secret). */
function missingIssuingKey(config: Pick<RequirementInput, 'keys'>): string[] {
  if (config.keys === undefined) return [];
  const current = config.keys[0];
  if (!current) return ["this config verifies with an issuer's keys (remoteJwks) and has no key to sign with"];
  return current.signing ? [] : [`${current.from} is a public key, which verifies ${current.algorithm} tokens but cannot sign them: give the private key (privateKeyFile, or --key-file PRIVATE.pem)`];
}

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
export function missingSigningKey(config: Pick<RequirementInput, 'keys' | 'authPath'>): string[] {
  if (config.authPath === null || config.keys === undefined) return [];
  const current = config.keys[0];
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

/**
 * Settings that are valid but risky, reported as warnings by `jwt-kit config check`, and at start-up by
 * `jwt-kit serve` (on stderr) and `loadKit` (its `onWarning`). Each names the option and why it matters;
 * none echoes a secret.
 */
import { formatSeconds } from './duration';
import type { ResolvedConfig } from './types';

const LONG_LIFETIME_SECONDS = 3600;
const LARGE_LEEWAY_SECONDS = 60;
const VERIFY_OFF = '/verify is false: tokens are accepted without checking their signature';

/** NODE_ENV values that say "this is not production": the only ones where `verify: false` is merely a warning. */
export const DEVELOPMENT_MODES: readonly string[] = ['development', 'test'];

/**
 * The risks a server prints when it starts: `findRisks`, with `verify: false` made loud (it lets anyone forge a
 * token for any user) unless NODE_ENV names a development mode explicitly. An unset NODE_ENV is not one.
 *
 * @example
 * ```ts
 * for (const line of startupWarnings(config, raw, process.env.NODE_ENV)) console.warn(line);
 * ```
 */
export function startupWarnings(config: ResolvedConfig<unknown>, raw: { secret?: unknown }, nodeEnv: string | undefined): string[] {
  const development = nodeEnv !== undefined && DEVELOPMENT_MODES.includes(nodeEnv);
  return findRisks(config, raw).map((risk) =>
    risk === VERIFY_OFF && !development
      ? `DANGER: ${VERIFY_OFF}, so anyone can forge a token for any user; NODE_ENV is ${nodeEnv === undefined ? 'unset' : JSON.stringify(nodeEnv)}, not ${DEVELOPMENT_MODES.map((m) => `"${m}"`).join(' or ')}: never run this in production`
      : risk,
  );
}

export function findRisks(config: ResolvedConfig<unknown>, raw: { secret?: unknown; keys?: unknown }): string[] {
  const risks: string[] = [];
  if (!config.verify) risks.push(VERIFY_OFF);
  if (!config.verifyExpiration) risks.push('/verifyExpiration is false: tokens never expire');
  if (config.expirationDelta > LONG_LIFETIME_SECONDS) {
    risks.push(`/expirationDelta is ${formatSeconds(config.expirationDelta)}: a stolen token stays usable that long; access tokens usually live minutes`);
  }
  if (config.leeway > LARGE_LEEWAY_SECONDS) {
    risks.push(`/leeway is ${formatSeconds(config.leeway)}: expired tokens are accepted that much longer`);
  }
  for (const key of config.keys) {
    if (!key.algorithm.startsWith('HS')) continue;
    const bytes = key.verifying.symmetricKeySize ?? 0;
    const wanted = Number(key.algorithm.slice(2)) / 8;
    if (bytes < wanted) {
      risks.push(`${key.source} is ${bytes} bytes; ${key.algorithm} wants at least ${wanted} (RFC 7518 section 3.2)`);
    }
  }
  const inline = [raw, ...(Array.isArray(raw.keys) ? raw.keys : [])].some((key) => typeof (key as { secret?: unknown } | null)?.secret === 'string');
  if (inline) risks.push('/secret is written in the config file: move it to an environment variable and name it in /secretEnv');
  if (config.tokenLocations.includes('query')) {
    risks.push(`/tokenLocations has query: tokens in URLs (?${config.queryParameter}=) end up in access logs, proxies and browser history`);
  }
  if (config.tokenLocations.includes('cookie') && !config.cookie.csrf) {
    risks.push('/cookie/csrf is false: any site can make a logged-in browser send state-changing requests with its cookie');
  }
  // A JWKS may sign tokens for many services: without these checks, any of them is accepted here.
  if (config.remoteJwks && config.issuer === undefined) {
    risks.push('/remoteJwks is set without /issuer: any token signed with these keys is accepted, whoever says they issued it');
  }
  if (config.remoteJwks && config.audience === undefined) {
    risks.push('/remoteJwks is set without /audience: a token the issuer made for another service is accepted here too');
  }
  if (config.authPath !== null && !config.loginThrottle.enabled) {
    risks.push('/loginThrottle/enabled is false: nothing limits password guessing at the login route');
  }
  if (config.authPath !== null && config.loginThrottle.enabled && config.loginThrottle.onStoreUnavailable === 'open' && config.store.type === 'redis') {
    risks.push('/loginThrottle/onStoreUnavailable is "open": while Redis is unreachable, nothing limits password guessing');
  }
  if (config.cors.enabled && config.cors.origins === '*') {
    risks.push('/cors/origins is "*": any web page may call this API from a browser');
  }
  return risks;
}

/**
 * Settings that are valid but risky, reported as warnings by `jwt-kit config check`. Each names the option
 * and why it matters; none echoes a secret.
 */
import { formatSeconds } from './duration';
import type { ResolvedConfig } from './types';

const LONG_LIFETIME_SECONDS = 3600;
const LARGE_LEEWAY_SECONDS = 60;

export function findRisks(config: ResolvedConfig<unknown>, raw: { secret?: unknown; keys?: unknown }): string[] {
  const risks: string[] = [];
  if (!config.verify) risks.push('/verify is false: tokens are accepted without checking their signature');
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
  if (config.cors.enabled && config.cors.origins === '*') {
    risks.push('/cors/origins is "*": any web page may call this API from a browser');
  }
  return risks;
}

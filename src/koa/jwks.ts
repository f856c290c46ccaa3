/**
 * The JWKS endpoint of an issuer: `GET <jwks.path>` answers the public keys of the key set (RFC 7517 section 5),
 * so that other services verify our tokens without sharing a secret. Off unless `jwks.path` is set (`jwt-kit
 * serve` sets it for RS, PS and ES keys). The body is made once at start-up: the keys only change with a
 * restart, and every key listed (the retired `verify` ones too) is published while its tokens may be valid.
 * start-up already refused an HMAC key with the endpoint on; `publicJwks` refuses it again, as a last guard.
 */
import { publicJwks } from '../token/jwks';
import type { KitRoute, RouteContext } from './routes';

/** The well-known path of a JWKS (RFC 8414 section 3 names jwks_uri; this is the conventional place). */
export const DEFAULT_JWKS_PATH = '/.well-known/jwks.json';

export function jwksRoute<TUser>({ config }: RouteContext<TUser>): KitRoute | undefined {
  const { path, maxAge } = config.jwks;
  if (path === null) return undefined;
  const body = JSON.stringify(publicJwks(config.keys));
  const cacheControl = `public, max-age=${maxAge}`;
  return {
    name: 'jwks',
    method: 'get',
    path,
    handle: (ctx) => {
      ctx.set('Cache-Control', cacheControl);
      ctx.type = 'application/json';
      ctx.body = body;
    },
  };
}

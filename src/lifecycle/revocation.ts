/**
 * The revocation check the guard runs on every verified access token, through the token service's
 * `isRevoked` seam: the store (one round trip: is this jti, its refresh family, or every token of its user
 * revoked) when revocation is on, then the user's own `isRevoked` hook. Nothing at all when both are off.
 */
import type { Handlers, JwtPayload } from '../config/types';
import type { TokenStore } from '../store/types';

export type RevocationCheck = NonNullable<Handlers['isRevoked']>;

/** The user a token belongs to, as the store keys it: `sub` when it is a string, else `user_id`. */
export function userOf(payload: JwtPayload): string | undefined {
  if (typeof payload.sub === 'string') return payload.sub;
  const id = payload.user_id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The store's question for a token. */
export function revocationQuery(payload: JwtPayload) {
  return {
    jti: text(payload.jti),
    family: text(payload.fam),
    user: userOf(payload),
    iat: typeof payload.iat === 'number' ? payload.iat : undefined,
  };
}

export function createRevocationCheck(store: TokenStore | undefined, hook: Handlers['isRevoked']): RevocationCheck | undefined {
  if (!store) return hook;
  if (!hook) return (payload) => store.isRevoked(revocationQuery(payload));
  return async (payload, header) => (await store.isRevoked(revocationQuery(payload))) || (await hook(payload, header));
}

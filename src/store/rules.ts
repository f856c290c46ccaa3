/**
 * What both stores must agree on: the checks of their arguments (misuse is a TypeError, as in jose: a
 * programming error, not a client's) and the one comparison that decides a user-wide revocation.
 */

/** Throws a TypeError unless `value` is a non-empty string: an empty id would revoke or use nothing. */
export function checkId(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string`);
  return value;
}

/** Throws a TypeError unless `value` is a finite number (an epoch time). */
export function checkTime(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${name} must be a finite number of epoch seconds`);
  return value;
}

/** Throws a TypeError unless `value` is a positive number of seconds; returns it rounded up to whole seconds. */
export function checkSeconds(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive number of seconds`);
  }
  // Redis counts TTLs in whole seconds; rounding up never forgets an entry early.
  return Math.ceil(value);
}

/**
 * A user revoked "before" a time covers the tokens issued at or before it. With no `iat` to compare, the
 * token counts as revoked: the store cannot show that it is newer, and failing closed is the safe side.
 */
export function revokedByUser(revokedBefore: number | undefined, iat: number | undefined): boolean {
  if (revokedBefore === undefined) return false;
  return iat === undefined || iat <= revokedBefore;
}

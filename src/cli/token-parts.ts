/**
 * How the token commands show what the decoder (src/token/decode.ts) read. JSON can write numbers that no
 * double holds (`1e400`): JSON.parse makes them Infinity, which JSON.stringify would print as `null`. A
 * debugging tool must not rewrite a claim, so such a number is shown as what it is.
 */
import type { DecodedToken } from '../token/decode';

export const OUT_OF_RANGE = (value: number) => `<number out of range: ${value}>`;

/** A value with every non-finite number, at any depth, replaced by its OUT_OF_RANGE text. */
export function displayValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : OUT_OF_RANGE(value);
  if (Array.isArray(value)) return value.map(displayValue);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, displayValue(inner)]));
}

/** The header and payload of a decoded token, ready to print. */
export function displayable(token: DecodedToken): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  return { header: displayValue(token.header) as Record<string, unknown>, payload: displayValue(token.payload) as Record<string, unknown> };
}

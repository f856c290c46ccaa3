/** The time claims of a token in words: ISO dates, and "expires in 4m 12s" / "expired 3h ago". */
import { formatSeconds } from '../config/duration';

/** `2026-01-02T03:04:05Z` for seconds since the epoch (milliseconds only when there are some). */
export function isoTime(seconds: number): string | undefined {
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(date.getTime())) return undefined;
  return date.toISOString().replace('.000Z', 'Z');
}

/** "3h ago" for a time before `now`, "in 4m 12s" for one after it. */
export function relative(seconds: number, now: number): string {
  return seconds <= now ? `${formatSeconds(now - seconds)} ago` : `in ${formatSeconds(seconds - now)}`;
}

/** One phrase per time claim: `issued 3h ago`, `valid since 3h ago`, `valid in 10m`, `expires in 4m 12s`, `expired 3h ago`. */
export function describeTimeClaim(name: 'iat' | 'nbf' | 'exp', seconds: number, now: number): string {
  const when = relative(seconds, now);
  switch (name) {
    case 'iat':
      return seconds <= now ? `issued ${when}` : `issued ${when} (in the future)`;
    case 'nbf':
      return seconds <= now ? `valid since ${when}` : `valid ${when}`;
    case 'exp':
      return seconds <= now ? `expired ${when}` : `expires ${when}`;
  }
}

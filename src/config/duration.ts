const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Seconds in a duration: a whole number of seconds, or digits with a unit (`30s`, `5m`, `12h`, `7d`, `2w`).
 * Returns undefined for anything else; the schema has already refused such values in a config.
 */
export function durationSeconds(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const match = /^(\d+)([smhdw]?)$/.exec(value.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] || 's'] ?? 1);
  return Number.isSafeInteger(seconds) ? seconds : undefined;
}

/** A short human form of a number of seconds: `4m 12s`, `3h`, `2d 1h`. */
export function formatSeconds(total: number): string {
  let rest = Math.max(0, Math.round(total));
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size || (unit === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** Whether `value` is a JSON object: not null, not an array, not a scalar. Config blocks, token segments, claims. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

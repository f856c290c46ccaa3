/** Indented JSON, coloured when `colors` is on: keys cyan, strings green, numbers yellow, literals magenta. */
import type { Colors } from './io';

// A string (with the colon that makes it a key, if any), a literal, or a number; strings match first, so
// digits and words inside them are never painted on their own.
const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

export function formatJson(value: unknown, colors: Colors): string {
  const text = JSON.stringify(value, null, 2);
  if (!colors.enabled) return text;
  return text.replace(TOKEN, (match, string: string | undefined, colon: string | undefined, literal: string | undefined) => {
    if (string !== undefined) return colon !== undefined ? `${colors.cyan(string)}${colon}` : colors.green(string);
    if (literal !== undefined) return colors.magenta(literal);
    return colors.yellow(match);
  });
}

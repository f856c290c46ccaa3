/**
 * JSON.parse's reason without the piece of input V8 quotes in some messages
 * (`Unexpected token 'S', ..."secret": SUPERSECRE"... is not valid JSON`): that input may be a secret.
 * Messages that give a position instead (`... in JSON at position 7`) are kept as they are.
 */
export function withoutQuotedInput(message: string): string {
  if (!/is not valid JSON$/.test(message)) return message;
  return `${message.replace(/^(Unexpected token)\b.*$/s, '$1').replace(/,.*$/s, '')} (not valid JSON)`;
}

export function jsonErrorReason(error: unknown): string {
  return withoutQuotedInput(error instanceof Error ? error.message : String(error));
}

/**
 * Reads the JSON object of a login request. No body-parser dependency: the login route needs one small JSON
 * object, so it reads at most `LIMIT_BYTES` and answers every malformed body with a 4xx of its own.
 * A body already parsed by the app's own body parser is used as it is.
 */
import type { Context } from 'koa';
import { JwtKitError } from '../errors';

export const LIMIT_BYTES = 16 * 1024;

export async function readJsonObject(ctx: Context): Promise<Record<string, unknown>> {
  const parsed = (ctx.request as { body?: unknown }).body;
  const value = parsed !== undefined ? parsed : await readAndParse(ctx);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new JwtKitError('LOGIN_BODY_INVALID');
  }
  return value as Record<string, unknown>;
}

async function readAndParse(ctx: Context): Promise<unknown> {
  if (!ctx.request.length && !ctx.get('Transfer-Encoding')) throw new JwtKitError('LOGIN_BODY_INVALID');
  if (!ctx.is('application/json', '+json')) throw new JwtKitError('LOGIN_UNSUPPORTED_MEDIA_TYPE');
  // JSON is UTF-8 (RFC 8259 section 8.1); a body in another charset would reach authenticate garbled.
  const charset = ctx.request.charset.toLowerCase();
  if (charset !== '' && charset !== 'utf-8' && charset !== 'utf8') {
    throw new JwtKitError('LOGIN_UNSUPPORTED_MEDIA_TYPE', 'The request body must be UTF-8 JSON');
  }
  if (ctx.request.length > LIMIT_BYTES) throw new JwtKitError('LOGIN_BODY_TOO_LARGE');
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length;
      if (size > LIMIT_BYTES) throw new JwtKitError('LOGIN_BODY_TOO_LARGE');
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof JwtKitError) throw error;
    // The client went away mid-body (ECONNRESET, "aborted"): its fault, and nobody is left to read a 500.
    throw new JwtKitError('LOGIN_BODY_INVALID', 'The request body was cut short', { cause: error });
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new JwtKitError('LOGIN_BODY_INVALID', 'The request body is not valid JSON', { cause: error });
  }
}

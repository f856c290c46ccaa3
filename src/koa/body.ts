/**
 * Reads the JSON object of a login request. No body-parser dependency: the login route needs one small JSON
 * object, so it reads at most `LIMIT_BYTES` and answers every malformed body with a 4xx of its own.
 * A body already parsed by the app's own body parser is used as it is.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'koa';
import { JwtKitError } from '../errors';
import { isJsonObject } from '../config/json-object';

export const LIMIT_BYTES = 16 * 1024;

export async function readJsonObject(ctx: Context): Promise<Record<string, unknown>> {
  const parsed = (ctx.request as { body?: unknown }).body;
  const value = parsed !== undefined ? parsed : await readAndParse(ctx);
  if (!isJsonObject(value)) {
    throw new JwtKitError('LOGIN_BODY_INVALID');
  }
  return value as Record<string, unknown>;
}

/**
 * The bytes of a request body of at most `LIMIT_BYTES`, read with plain stream events: an async iterator (used
 * before) costs an iterator, a promise per chunk and end-of-stream bookkeeping on every login.
 */
function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > LIMIT_BYTES) {
        done();
        req.resume();
        // The rest is drained unread, so the 413 still reaches the client.
        reject(new JwtKitError('LOGIN_BODY_TOO_LARGE'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    // The client went away mid-body (ECONNRESET, "aborted"): its fault, and nobody is left to read a 500.
    const onError = (error: unknown) => {
      done();
      reject(new JwtKitError('LOGIN_BODY_INVALID', 'The request body was cut short', { cause: error }));
    };
    const onClose = () => onError(new Error('the request closed before its body ended'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
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
  const body = await readBytes(ctx.req);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new JwtKitError('LOGIN_BODY_INVALID', 'The request body is not valid JSON', { cause: error });
  }
}

/**
 * Where `token decode` and `token verify` get their token: the argument, or stdin with `-` or when stdin is
 * piped and no argument is given. Whitespace around it and a `Bearer ` prefix (pasted from a header) are
 * dropped.
 */
import { JwtKitError } from '../errors';
import type { CliIO } from './io';

/** More than any token a server would accept; stops `decode < big-file` from filling memory. */
const MAX_STDIN_BYTES = 1024 * 1024;

export async function readToken(argument: string | undefined, io: CliIO): Promise<string> {
  let text: string;
  if (argument === undefined || argument === '-') {
    if (argument === undefined && io.stdin.isTTY) {
      throw new JwtKitError('USAGE_INVALID', 'No token: pass it as an argument, pipe it in, or use - to read stdin');
    }
    text = await readAll(io.stdin);
    if (text.trim() === '') throw new JwtKitError('USAGE_INVALID', 'No token: stdin was empty');
  } else {
    text = argument;
  }
  const token = text.trim().replace(/^bearer\s+/i, '');
  if (token === '') throw new JwtKitError('USAGE_INVALID', 'No token: the argument is empty');
  return token;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) throw new JwtKitError('USAGE_INVALID', 'stdin holds more than 1 MiB: that is not a token');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

import { InvalidArgumentError } from 'commander';

/** Parses a TCP port for commander; a bad value is a usage error (exit 2). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return port;
}

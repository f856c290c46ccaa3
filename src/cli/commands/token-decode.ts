/**
 * `jwt-kit token decode [TOKEN | -]`: shows header and payload, with the time claims as dates, WITHOUT
 * checking the signature. Needs no key and no config; loads neither jsonwebtoken nor a config loader.
 */
import type { Command } from 'commander';
import type { CliContext } from '../program';
import { colorsFor } from '../io';
import { formatJson } from '../json-color';
import { readToken } from '../read-token';
import { decodeToken } from '../../token/decode';
import { displayable } from '../token-parts';
import { describeTimeClaim, isoTime } from '../token-times';

interface DecodeOptions {
  json?: boolean;
}

export function registerTokenDecode(token: Command, cli: CliContext): void {
  token
    .command('decode')
    .description('show the header and payload of a token, WITHOUT verifying its signature')
    .argument('[token]', 'the token; - (or nothing, when piped) reads it from stdin')
    .option('--json', 'print {"header": ..., "payload": ...} only, for machines')
    .addHelpText(
      'after',
      [
        '',
        'The signature is NOT checked: anyone can write any claims. Use `jwt-kit token verify` to trust a token.',
        'Exit 0 when the token can be read (even if expired), 1 when it is malformed.',
        '',
        'Examples:',
        '  $ jwt-kit token decode eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxfQ.c2ln',
        '  $ echo "$TOKEN" | jwt-kit token decode',
        '  $ jwt-kit token decode --json - < token.txt | jq .payload.exp',
      ].join('\n'),
    )
    .action((argument: string | undefined, options: DecodeOptions) => decode(argument, options, cli));
}

const TIME_CLAIMS = ['iat', 'nbf', 'exp'] as const;

async function decode(argument: string | undefined, options: DecodeOptions, cli: CliContext): Promise<void> {
  const { io } = cli;
  const { header, payload } = displayable(decodeToken(await readToken(argument, io)));
  const warn = colorsFor(io.stderr, io.env);
  // On stderr, so stdout stays the header and payload alone (parseable with --json), yet a person always sees it.
  io.stderr.write(`${warn.bold(warn.yellow('WARNING: signature NOT verified'))}: anyone can write these claims; check them with \`jwt-kit token verify\`\n`);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ header, payload }, null, 2)}\n`);
    return;
  }
  const c = colorsFor(io.stdout, io.env);
  const now = Math.floor(Date.now() / 1000);
  const lines = [c.bold('Header'), formatJson(header, c), '', c.bold('Payload'), formatJson(payload, c)];
  const times = TIME_CLAIMS.filter((name) => payload[name] !== undefined).map((name) => {
    const value = payload[name];
    const iso = typeof value === 'number' ? isoTime(value) : undefined;
    if (typeof value !== 'number' || iso === undefined) return `  ${name}  ${c.red(`${JSON.stringify(value)} is not a time (seconds since 1970)`)}`;
    const phrase = describeTimeClaim(name, value, now);
    const late = (name === 'exp' && value <= now) || (name !== 'exp' && value > now);
    return `  ${name}  ${iso}  ${late ? c.red(phrase) : c.green(phrase)}`;
  });
  if (times.length > 0) lines.push('', c.bold('Times'), ...times);
  io.stdout.write(`${lines.join('\n')}\n`);
}

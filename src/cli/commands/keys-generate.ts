/**
 * `jwt-kit keys generate --alg ALG [--kid KID] [--out DIR] [--force]`: writes a new key, readable by its owner
 * only (0600), and prints the files written and the config lines to paste. RS and PS keys are RSA keys of 2048,
 * 3072 or 4096 bits (by the hash size), ES keys are on the algorithm's curve, and an HS key is a random secret
 * of the algorithm's floor (RFC 7518 section 3.2: HS256 32 bytes, HS384 48, HS512 64) as raw bytes.
 *
 * Nothing is written when a target exists, unless --force; a file is always created anew (O_EXCL), never
 * written through a link that stands in its place.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve as resolvePath, sep } from 'node:path';
import { Option, type Command } from 'commander';
import { jwkThumbprint } from '../../config/jwk';
import { isHmac, minSecretBytes } from '../../config/keys';
import type { Algorithm } from '../../config/types';
import { JwtKitError } from '../../errors';
import { isIgnored } from '../../scaffold/gitignore';
import type { CliContext } from '../program';
import { ALGORITHMS } from '../token-options';

interface GenerateOptions {
  alg: Algorithm;
  kid?: string;
  out: string;
  force?: boolean;
}

/** Owner read and write only: a private key or a secret is nobody else's business. */
export const KEY_FILE_MODE = 0o600;

const RSA_BITS: Record<string, number> = { '256': 2048, '384': 3072, '512': 4096 };
const CURVES: Record<string, string> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

export function registerKeysGenerate(keys: Command, cli: CliContext): void {
  keys
    .command('generate')
    .description('write a new signing key (mode 0600) and print the config lines that use it')
    .addOption(new Option('--alg <algorithm>', 'the algorithm the key is for').choices(ALGORITHMS).makeOptionMandatory())
    .option('--kid <kid>', 'key id (default: the RFC 7638 thumbprint of an RS/PS/ES key; none for an HS secret)')
    .option('--out <dir>', 'folder to write into (made if missing)', 'keys')
    .option('--force', 'overwrite existing files')
    .addHelpText(
      'after',
      [
        '',
        'Files: <name>.pem (private key, PKCS#8) and <name>.pub.pem (public key) for RS*, PS*, ES*;',
        '<name>.key (raw random bytes) for HS*. <name> is the --kid when it is a plain file name not ending in .pub, else the algorithm.',
        'Exit 0 when written; 1 when a file exists (nothing written; --force to overwrite); 2 wrong usage; 4 cannot write.',
        '',
        'Examples:',
        '  $ jwt-kit keys generate --alg ES256 --kid 2026-12',
        '  $ jwt-kit keys generate --alg RS256 --out secrets/keys',
        '  $ jwt-kit keys generate --alg HS256 --out keys --force',
      ].join('\n'),
    )
    .action((options: GenerateOptions) => generate(options, cli));
}

function generate(options: GenerateOptions, cli: CliContext): void {
  const { io } = cli;
  const { alg } = options;
  if (options.kid !== undefined && options.kid.trim() === '') throw new JwtKitError('USAGE_INVALID', '--kid must not be empty');
  const dir = resolvePath(io.cwd, options.out);
  // A kid ending in .pub would name the private key <kid>.pem like a public one (<name>.pub.pem), which the
  // .gitignore below lets into git: such a kid, like one that is no plain file name, names no file.
  const name = options.kid !== undefined && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(options.kid) && !/\.pub$/i.test(options.kid) ? options.kid : alg.toLowerCase();
  const shown = (file: string) => {
    const path = relative(io.cwd, join(dir, file));
    return path.startsWith('..') ? join(dir, file) : path.split(sep).join('/');
  };

  let files: Array<{ file: string; content: Buffer | string; what: string }>;
  let kid = options.kid;
  if (isHmac(alg)) {
    files = [{ file: `${name}.key`, content: randomBytes(minSecretBytes(alg)), what: `${alg} secret, ${minSecretBytes(alg)} random bytes` }];
  } else {
    const pair = alg.startsWith('ES')
      ? generateKeyPairSync('ec', { namedCurve: CURVES[alg] as string })
      : generateKeyPairSync('rsa', { modulusLength: RSA_BITS[alg.slice(2)] as number });
    kid ??= jwkThumbprint(pair.publicKey);
    files = [
      { file: `${name}.pem`, content: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }), what: `${alg} private key` },
      { file: `${name}.pub.pem`, content: pair.publicKey.export({ format: 'pem', type: 'spki' }), what: `${alg} public key` },
    ];
  }

  // Every target is checked before anything is written: all files or none.
  const existing = files.filter(({ file }) => exists(join(dir, file))).map(({ file }) => shown(file));
  if (existing.length > 0 && !options.force) {
    throw new JwtKitError('SCAFFOLD_CONFLICT', `${existing.join(', ')} already ${existing.length > 1 ? 'exist' : 'exists'}: nothing was written (pass --force to overwrite)`);
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const { file, content } of files) {
      const path = join(dir, file);
      if (options.force) rmSync(path, { force: true });
      // wx: create, never open what is there (a file that appeared since, or a link put in its place).
      writeFileSync(path, content, { flag: 'wx', mode: KEY_FILE_MODE });
      chmodSync(path, KEY_FILE_MODE); // the mode of writeFileSync passes through the umask
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new JwtKitError('SCAFFOLD_WRITE_FAILED', `cannot write into ${shown('.')}: ${code}`, { cause: error });
  }

  const lines = files.map(({ file, what }) => `wrote ${shown(file)} (${what}, mode 0600)`);
  const ignore = ignorePrivateFiles(dir, files[0]!.file);
  if (ignore === 'written') lines.push(`wrote ${shown('.gitignore')} (git ignores the private keys and secrets of this folder, not the public keys)`);
  if (ignore === 'not ignored') {
    io.stderr.write(`jwt-kit: WARNING: ${shown('.gitignore')} exists and does not itself ignore ${files[0]!.file}: make sure git ignores it\n`);
  }
  const material = isHmac(alg) ? `secretFile: '${shown(files[0]!.file)}'` : `privateKeyFile: '${shown(files[0]!.file)}'`;
  const entry = `{ ${kid !== undefined ? `kid: '${kid}', ` : ''}algorithm: '${alg}', status: 'current', ${material} }`;
  io.stdout.write(
    [
      ...lines,
      '',
      'Config lines (paths relative to this folder; keep the key out of version control):',
      '  keys: [',
      `    ${entry},`,
      "    // the key this one replaces, with status: 'verify' until its tokens have expired",
      '  ],',
      ...(isHmac(alg) ? [] : ["  jwks: { path: '/.well-known/jwks.json' }, // publish the public keys for other services"]),
      '',
    ].join('\n'),
  );
}

// Private keys (*.pem) and secrets (*.key) of this folder stay out of git; public keys (*.pub.pem) may be
// committed. Anchored (`/`): the folder's own files only, not every .pem below it (`--out .` is allowed).
const KEYS_GITIGNORE = [
  '# Written by jwt-kit keys generate: private keys and secrets stay out of version control.',
  '/*.pem',
  '/*.key',
  '!/*.pub.pem',
  '',
].join('\n');

/**
 * A `.gitignore` in the keys folder, written only where there is none (never over a file or through a link);
 * where there is one already, whether it ignores `privateFile`.
 */
function ignorePrivateFiles(dir: string, privateFile: string): 'written' | 'ignored' | 'not ignored' {
  const path = join(dir, '.gitignore');
  try {
    writeFileSync(path, KEYS_GITIGNORE, { flag: 'wx' });
    return 'written';
  } catch {
    try {
      return lstatSync(path).isFile() && isIgnored(readFileSync(path, 'utf8'), privateFile) ? 'ignored' : 'not ignored';
    } catch {
      return 'not ignored';
    }
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path); // a dangling link is in the way too
    return true;
  } catch {
    return existsSync(path);
  }
}

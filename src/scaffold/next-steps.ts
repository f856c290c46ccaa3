/**
 * What to do after `init`: install what is missing, run the sample server, try it with curl, use it in an app.
 */
import { isAbsolute, relative } from 'node:path';
import type { Algorithm } from '../config/types';
import { findPackage } from './package';

export interface NextStepsOptions {
  /** Absolute target directory. */
  dir: string;
  /** The working directory the user ran `init` from. */
  cwd: string;
  algorithm: Algorithm;
}

/** How to install this package while it is not on the npm registry: its tarball, made by `npm pack`. */
// package.json sits two levels above both src/scaffold and dist/scaffold.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const JWT_KIT_INSTALL = `path/to/jwt-kit-${(require('../../package.json') as { version: string }).version}.tgz`;

/** The next steps, one a line, as shell commands with comments. Never mentions a secret's value. */
export function nextSteps({ dir, cwd, algorithm }: NextStepsOptions): string[] {
  const lines: string[] = [];
  const where = relative(cwd, dir);
  if (where !== '') lines.push(`cd ${isAbsolute(where) || where.startsWith('..') ? quote(dir) : quote(where)}`);
  const pkg = findPackage(dir);
  if (!pkg) lines.push('npm init -y');
  // Not `npm install jwt-kit`: the registry's `jwt-kit` is an unrelated package until this one is published.
  const missing = [JWT_KIT_INSTALL, 'koa'].filter((spec) => !pkg?.dependencies.has(spec === JWT_KIT_INSTALL ? 'jwt-kit' : spec));
  if (missing.length > 0) lines.push(`npm install ${missing.join(' ')}`);
  const keyNote = algorithm.startsWith('HS') ? 'reads .env' : 'signs with keys/jwtauth-private.pem';
  lines.push(
    `npx jwt-kit serve            # ${keyNote}; prints its URL (http://127.0.0.1:3000 by default)`,
    `curl -s -X POST http://127.0.0.1:3000/auth -H 'Content-Type: application/json' -d '{"username": "joe", "password": "pass"}'`,
    `curl -s http://127.0.0.1:3000/protected -H "Authorization: Bearer <token from the line above>"`,
  );
  return lines;
}

/** How to use the scaffold from an app, after the shell steps. */
export function appHint(algorithm: Algorithm): string[] {
  return [
    "In your Koa app: const kit = await loadKit(); app.use(kit.middleware()); router.get('/protected', kit.guard(), ...)",
    algorithm.startsWith('HS') ? 'loadKit() reads JWT_SECRET from .env beside the config; in production, set it in the real environment.' : '',
    'Then replace the demo user in auth/handlers.ts with your user store.',
  ].filter((line) => line !== '');
}

function quote(path: string): string {
  return /^[\w./@:+-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

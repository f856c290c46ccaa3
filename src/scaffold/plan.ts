/**
 * The write plan of `jwt-kit init`: every target is inspected, and every file's fate decided (create,
 * overwrite, update, skip, conflict, or denied), before anything is written. `writePlan` refuses a plan with a
 * conflict or a denied entry, so one existing file means no file at all is written.
 *
 * Nothing is ever written through a symbolic link: every path below the target directory is inspected with
 * `lstat`, and a link anywhere on it (`.env`, `.gitignore`, `auth/`, the config) is a conflict that names the
 * link and that --force does not lift. A link there would put the secret, or the handlers, outside the project;
 * and git ignores a `.gitignore` that is a link, so `.env` would end up committed.
 */
import { accessSync, constants, lstatSync, readFileSync, readlinkSync, statfsSync, statSync, type Stats } from 'node:fs';
import { parseEnv } from 'node:util';
import { CONFIG_FILES, packageJsonHasConfig } from '../config/files';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import type { Algorithm } from '../config/types';
import { JwtKitError } from '../errors';
import { INIT_ALGORITHMS, isInitAlgorithm, usesSecret as isHmac } from './algorithms';
import { isIgnored } from './gitignore';
import { findPackage } from './package';
import { generateKeyPair, generateSecret, type PemKeyPair } from './secrets';
import { listTemplates, readTemplate, substitute, TEMPLATES_DIR } from './templates';

/** The environment variable the scaffolded config reads its secret from. */
export const SECRET_ENV = 'JWT_SECRET';
export const CONFIG_FILE = 'jwtauth.config.ts';
export const PRIVATE_KEY_FILE = 'keys/jwtauth-private.pem';
export const PUBLIC_KEY_FILE = 'keys/jwtauth-public.pem';

/** `denied`: the file system will not let this user write there (permissions, a pseudo-filesystem). */
export type PlanAction = 'create' | 'overwrite' | 'update' | 'skip' | 'conflict' | 'denied';

export interface PlanEntry {
  /** Relative to the target directory, with `/`. */
  readonly path: string;
  readonly action: PlanAction;
  /** Why, for update / skip / conflict, and what an overwrite keeps. */
  readonly note?: string;
  /** `replace` writes the whole file; `append` adds to the end of an existing one. */
  readonly write?: 'replace' | 'append';
  /** Mode of the written file: 0o600 for the files that hold a secret (also when they existed before). */
  readonly mode?: number;
  /** A conflict that --force does not lift: something init will not replace (a folder, another config). */
  readonly blocked?: boolean;
  /**
   * The text to write. A function, not a string: the secret and keys are generated only when a plan is
   * written (a dry run never makes one), and a plan that is logged or serialized never carries them.
   */
  readonly content?: () => string;
}

export interface InitPlan {
  /** Absolute target directory. */
  readonly dir: string;
  readonly algorithm: Algorithm;
  readonly force: boolean;
  /** In write order: `.gitignore` first, so a secret is never on disk before it is ignored. */
  readonly entries: readonly PlanEntry[];
  /** The entries with action `conflict`; a plan with any is not written. */
  readonly conflicts: readonly PlanEntry[];
  /** The entries with action `denied`: a write failure (SCAFFOLD_WRITE_FAILED), found before any write. */
  readonly denied: readonly PlanEntry[];
}

export interface PlanOptions {
  /** Target directory, absolute or relative to the working directory; made if missing. */
  dir: string;
  /** Overwrite existing files (a directory in the way still conflicts). */
  force?: boolean;
  /** Default HS256. */
  algorithm?: Algorithm;
  /** Where the templates are; default the package's `templates/`. */
  templatesDir?: string;
}

/**
 * Inspects the target directory and decides what `init` would do to each file, reading but never writing.
 * Throws `USAGE_INVALID` when `dir` is a file or the algorithm is unknown.
 *
 * @example
 * ```ts
 * const plan = planInit({ dir: '.', algorithm: 'HS256' });
 * if (plan.conflicts.length === 0) writePlan(plan);
 * ```
 */
export function planInit(options: PlanOptions): InitPlan {
  const dir = resolvePath(options.dir);
  const force = options.force ?? false;
  const algorithm = options.algorithm ?? 'HS256';
  if (!isInitAlgorithm(algorithm)) {
    throw new JwtKitError('USAGE_INVALID', `unknown algorithm ${String(algorithm)}: use one of ${INIT_ALGORITHMS.join(', ')}`);
  }
  const dirStat = statIfAny(dir);
  if (dirStat === 'below-a-file') throw new JwtKitError('USAGE_INVALID', `${options.dir} is below a file, not a directory`);
  if (dirStat && !dirStat.isDirectory()) throw new JwtKitError('USAGE_INVALID', `${options.dir} is not a directory`);

  const hmac = isHmac(algorithm);
  const templatesDir = options.templatesDir ?? TEMPLATES_DIR;
  const ignore = hmac ? ['.env'] : [PRIVATE_KEY_FILE];
  let keyPair: PemKeyPair | undefined;
  const keys = () => (keyPair ??= generateKeyPair(algorithm));

  const first: PlanEntry[] = [];
  const rest: PlanEntry[] = [];
  for (const template of listTemplates(templatesDir)) {
    const text = readTemplate(template.source, templatesDir);
    if (template.target === '.gitignore') {
      first.push(planGitignore(dir, template.target, text, ignore));
    } else if (template.target === '.env') {
      if (hmac) rest.push(planEnv(dir, template.target, text, force));
    } else {
      const filled = template.target === CONFIG_FILE ? fillConfig(text, algorithm, schemaPath(dir)) : text;
      rest.push(planFile(dir, template.target, () => filled, force));
    }
  }
  if (!hmac) {
    rest.push(planFile(dir, PRIVATE_KEY_FILE, () => keys().privateKey, force, 0o600));
    rest.push(planFile(dir, PUBLIC_KEY_FILE, () => keys().publicKey, force));
  }
  const entries = [...first, ...rest, ...otherConfigs(dir)];
  return {
    dir,
    algorithm,
    force,
    entries,
    conflicts: entries.filter((entry) => entry.action === 'conflict'),
    denied: entries.filter((entry) => entry.action === 'denied'),
  };
}

/**
 * A config of another kind already here (jwtauth.config.cjs, a `jwtauth` key in package.json): the new
 * jwtauth.config.ts would silently take its place in the search, so it is a conflict that --force does not lift.
 */
function otherConfigs(dir: string): PlanEntry[] {
  // lstat: a link named jwtauth.config.js counts too, even one that points nowhere.
  const found = CONFIG_FILES.filter((name) => name !== CONFIG_FILE && name !== 'package.json' && lstatIfAny(join(dir, name)) !== undefined);
  if (packageJsonHasConfig(join(dir, 'package.json'))) found.push('package.json');
  return found.map((path) => blocked(path, `holds a jwt-kit config already, which ${CONFIG_FILE} would replace unseen; remove it or skip init`));
}

type Target =
  | { kind: 'missing' }
  | { kind: 'file'; path: string }
  | { kind: 'blocked'; why: string }
  | { kind: 'denied'; why: string };

/**
 * What is at `path` now: nothing, a file, something that even --force will not replace (a link anywhere on
 * the path, a folder where a file should go, a file where a folder should be), or a place this user may not
 * write (checked now, so that `init` never stops half-way through writing).
 */
function inspect(dir: string, path: string): Target {
  const parts = path.split('/');
  // The nearest folder that exists: `init --dir new/folder` makes the rest, so that is where it must write.
  // The target directory itself is the user's choice and may be reached through a link (/tmp on macOS).
  let lastDir = dir;
  while (statIfAny(lastDir) === undefined && dirname(lastDir) !== lastDir) lastDir = dirname(lastDir);
  for (let i = 0; i <= parts.length; i++) {
    const here = join(dir, ...parts.slice(0, i));
    const stat = i === 0 ? statIfAny(here) : lstatIfAny(here);
    if (stat === 'below-a-file') return { kind: 'blocked', why: 'the target is below a file' };
    if (!stat) {
      const denied = whyNotWritable(lastDir);
      return denied ? { kind: 'denied', why: `${denied} ${shortPath(dir, lastDir)}` } : { kind: 'missing' };
    }
    if (stat.isSymbolicLink()) {
      const link = parts.slice(0, i).join('/');
      return { kind: 'blocked', why: `${link} is a symbolic link (to ${linkTarget(here)}); jwt-kit init never writes through a link` };
    }
    if (i === parts.length) {
      if (!stat.isFile()) return { kind: 'blocked', why: 'exists and is not a file' };
      const denied = whyNotWritable(here);
      return denied ? { kind: 'denied', why: `${denied} it` } : { kind: 'file', path: here };
    }
    if (!stat.isDirectory()) return { kind: 'blocked', why: `${i === 0 ? 'the target' : parts.slice(0, i).join('/')} is not a directory` };
    lastDir = here;
  }
  return { kind: 'missing' };
}

const linkTarget = (path: string): string => {
  try {
    return readlinkSync(path);
  } catch {
    return 'somewhere';
  }
};

/**
 * Filesystems of the kernel's own (statfs f_type, linux/magic.h) where a project can never live: Node's
 * recursive mkdir spins forever on some of them (`init --dir /proc/x`), so they are refused before any write.
 */
const PSEUDO_FILESYSTEMS: Record<number, string> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x1cd1: 'devpts',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x73636673: 'securityfs',
  0x74726163: 'tracefs',
  0xcafe4a11: 'bpf',
  0x6165676c: 'pstore',
  0x62656570: 'configfs',
  0xde5e81e4: 'efivarfs',
  0xf97cff8c: 'selinuxfs',
  0x42494e4d: 'binfmt_misc',
  0x6e736673: 'nsfs',
};

/**
 * Why this user may not write in `path`, or undefined. Root passes every permission check (CAP_DAC_OVERRIDE),
 * so `access` answers for permissions and a read-only mount alike, and the pseudo-filesystems are named here;
 * what neither can foresee still fails at write time as SCAFFOLD_WRITE_FAILED.
 */
function whyNotWritable(path: string): string | undefined {
  const pseudo = pseudoFilesystem(path);
  if (pseudo) return `a ${pseudo} pseudo-filesystem, not a place for files:`;
  try {
    accessSync(path, constants.W_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EROFS' ? 'a read-only file system:' : 'no permission to write in';
  }
}

function pseudoFilesystem(path: string): string | undefined {
  try {
    return PSEUDO_FILESYSTEMS[statfsSync(path).type];
  } catch {
    return undefined; // statfs is missing on some platforms; access and the write itself still decide.
  }
}

function lstatIfAny(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** `path` as the user knows it: relative inside the target, absolute above it (`--dir new/app` under a locked folder). */
function shortPath(dir: string, path: string): string {
  if (path === dir) return 'the target directory';
  const inside = relative(dir, path);
  return inside.startsWith('..') ? path : inside;
}

/** `statSync` that tells "nothing there" (also below a file: ENOTDIR) from what is there. */
function statIfAny(path: string): Stats | 'below-a-file' | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return 'below-a-file';
    throw error;
  }
}

const blocked = (path: string, why: string): PlanEntry => ({ path, action: 'conflict', blocked: true, note: `${why}; --force will not replace it` });
const denied = (path: string, why: string): PlanEntry => ({ path, action: 'denied', note: why });

/** The entry for a target that cannot be written as planned. */
const refused = (path: string, target: Extract<Target, { why: string }>): PlanEntry =>
  target.kind === 'blocked' ? blocked(path, target.why) : denied(path, target.why);

function planFile(dir: string, path: string, content: () => string, force: boolean, mode?: number): PlanEntry {
  const target = inspect(dir, path);
  if (target.kind === 'blocked' || target.kind === 'denied') return refused(path, target);
  if (target.kind === 'missing') return { path, action: 'create', write: 'replace', mode, content };
  return force ? { path, action: 'overwrite', write: 'replace', mode, content } : { path, action: 'conflict', note: 'already exists' };
}

/** `.gitignore`: created from the template, or given the lines it lacks; never rewritten. */
function planGitignore(dir: string, path: string, template: string, ignore: readonly string[]): PlanEntry {
  const target = inspect(dir, path);
  if (target.kind === 'blocked' || target.kind === 'denied') return refused(path, target);
  if (target.kind === 'missing') {
    const missing = ignore.filter((p) => !isIgnored(template, p));
    const text = missing.length === 0 ? template : `${template}${missing.join('\n')}\n`;
    return { path, action: 'create', write: 'replace', note: `ignores ${ignore.join(', ')}`, content: () => text };
  }
  const existing = readFileSync(target.path, 'utf8');
  const missing = ignore.filter((p) => !isIgnored(existing, p));
  if (missing.length === 0) return { path, action: 'skip', note: `already ignores ${ignore.join(', ')}` };
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  const text = `${separator}\n# jwt-kit: secrets stay out of git\n${missing.join('\n')}\n`;
  return { path, action: 'update', write: 'append', note: `add ${missing.join(', ')}`, content: () => text };
}

const SECRET_LINE = `^([ \\t]*(?:export[ \\t]+)?)${SECRET_ENV}[ \\t]*=.*$`;

/**
 * Whether `.env` text sets the secret: not at all, to nothing (`JWT_SECRET=`, `=""`, `= # fill me`), or to a
 * value. Node's own parser decides, the one `serve` and `loadKit` read the file with.
 */
function secretState(text: string): 'none' | 'empty' | 'set' {
  if (!new RegExp(SECRET_LINE, 'm').test(text)) return 'none';
  return (parseEnv(text) as Record<string, string | undefined>)[SECRET_ENV] ? 'set' : 'empty';
}

/** `text` with every secret line set to a new secret, keeping an `export ` prefix. */
const withNewSecret = (text: string) => text.replace(new RegExp(SECRET_LINE, 'gm'), (_line, prefix: string) => `${prefix}${SECRET_ENV}=${generateSecret()}`);

/** `.env`: created, or given a secret it lacks; one that already sets the secret keeps it unless --force. */
function planEnv(dir: string, path: string, template: string, force: boolean): PlanEntry {
  const withSecret = () => substitute(template, [[`\n${SECRET_ENV}=\n`, `\n${SECRET_ENV}=${generateSecret()}\n`]], '_env');
  const target = inspect(dir, path);
  if (target.kind === 'blocked' || target.kind === 'denied') return refused(path, target);
  const note = `${SECRET_ENV}: a new random secret`;
  if (target.kind === 'missing') return { path, action: 'create', write: 'replace', mode: 0o600, note, content: withSecret };
  const existing = readFileSync(target.path, 'utf8');
  const state = secretState(existing);
  if (state === 'none') {
    const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
    return { path, action: 'update', write: 'append', mode: 0o600, note: `add ${note}, keep the other lines`, content: () => `${separator}\n${withSecret()}` };
  }
  if (state === 'empty') {
    // `JWT_SECRET=` waiting to be filled: fill it in place rather than call it a conflict.
    return { path, action: 'update', write: 'replace', mode: 0o600, note: `fill the empty ${SECRET_ENV}, keep the other lines`, content: () => withNewSecret(existing) };
  }
  if (!force) return { path, action: 'conflict', note: `already sets ${SECRET_ENV}` };
  return {
    path,
    action: 'overwrite',
    write: 'replace',
    note: `replace ${SECRET_ENV} (tokens signed with the old secret stop verifying), keep the other lines`,
    mode: 0o600,
    content: () => withNewSecret(existing),
  };
}

/** The config template with the chosen algorithm, its key source and the schema path filled in. */
function fillConfig(text: string, algorithm: Algorithm, schema: string): string {
  const replacements: Array<[string, string]> = [
    ["algorithm: 'HS256',", `algorithm: '${algorithm}',`],
    ["'./node_modules/jwt-kit/schema/jwtauth.schema.json'", `'${schema}'`],
  ];
  if (!isHmac(algorithm)) {
    replacements.push([
      [
        "  // The secret is read from the environment, never written here. `jwt-kit init` put a random one in .env",
        '  // (git-ignored); in production, set JWT_SECRET in the real environment instead.',
        "  secretEnv: 'JWT_SECRET',",
      ].join('\n'),
      [
        '  // The key pair `jwt-kit init` made, relative to this file. The private key signs tokens: it is git-ignored;',
        '  // deploy it as a secret file. The public key verifies them and may be shared.',
        `  privateKeyFile: './${PRIVATE_KEY_FILE}',`,
        `  publicKeyFile: './${PUBLIC_KEY_FILE}',`,
      ].join('\n'),
    ]);
  }
  return substitute(text, replacements, CONFIG_FILE);
}

/** Where the schema will be once jwt-kit is installed in the package that holds `dir`, relative to `dir`. */
function schemaPath(dir: string): string {
  const root = findPackage(dir)?.dir ?? dir;
  const path = relative(dir, join(root, 'node_modules', 'jwt-kit', 'schema', 'jwtauth.schema.json')).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

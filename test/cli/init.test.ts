/** `jwt-kit init`, driven in-process through the program factory with a fake IO. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIO } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { removeTempDirs, secretIn, snapshot, tempDir } from '../scaffold/tree';

const REPO_ROOT = join(__dirname, '..', '..');

afterAll(removeTempDirs);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function init(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from([]),
    env: {},
    cwd,
  };
  const code = await runCli(['init', ...args], io);
  return { code, stdout, stderr };
}

const planLines = (output: string) =>
  output
    .split('\n')
    .map((line) => /^ {2}(create|overwrite|update|skip|conflict) +(\S+)/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => `${match[1]} ${match[2]}`);

describe('jwt-kit init', () => {
  it('scaffolds an empty folder and prints the next steps', async () => {
    const dir = tempDir();
    const run = await init(dir);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(planLines(run.stdout)).toEqual(['create .gitignore', 'create .env', 'create auth/handlers.ts', 'create jwtauth.config.ts']);
    expect(Object.keys(snapshot(dir))).toEqual(['.env', '.gitignore', 'auth/', 'auth/handlers.ts', 'jwtauth.config.ts']);
    expect(run.stdout).toContain('Next steps:\n  npm init -y\n  npm install path/to/jwt-kit-0.1.0.tgz koa\n  npx jwt-kit serve');
    expect(run.stdout).toMatch(/curl -s -X POST http:\/\/127\.0\.0\.1:3000\/auth .*"username": "joe", "password": "pass"/);
    expect(run.stdout).toContain('/protected');
    // Never the secret, and no colour off a terminal.
    expect(run.stdout + run.stderr).not.toContain(secretIn(join(dir, '.env')));
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('works in an existing package: package.json untouched, only the missing packages suggested', async () => {
    const dir = tempDir();
    const pkg = '{\n  "name": "shop",\n  "dependencies": { "koa": "^3.0.0" }\n}\n';
    writeFileSync(join(dir, 'package.json'), pkg);
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n.env\n');
    const run = await init(dir);
    expect(run.code).toBe(0);
    expect(planLines(run.stdout)).toContain('skip .gitignore');
    expect(run.stdout).toContain('already ignores .env');
    expect(run.stdout).toContain('Next steps:\n  npm install path/to/jwt-kit-0.1.0.tgz\n  npx jwt-kit serve');
    expect(run.stdout).not.toContain('npm init');
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(pkg);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n.env\n');
  });

  it('refuses to overwrite: lists the conflicts on stderr, exits 1 and changes nothing', async () => {
    const dir = tempDir();
    expect((await init(dir)).code).toBe(0);
    writeFileSync(join(dir, 'jwtauth.config.ts'), '// edited by hand\n');
    const before = snapshot(dir);

    const run = await init(dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        'jwt-kit init: 3 files are in the way; nothing was written:',
        '  .env: already sets JWT_SECRET',
        '  auth/handlers.ts: already exists',
        '  jwtauth.config.ts: already exists',
        'Run again with --force to overwrite them, or with --dry-run to see the whole plan.',
        '',
      ].join('\n'),
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses when only one of the files exists, writing none of the others', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'auth'));
    writeFileSync(join(dir, 'auth', 'handlers.ts'), 'export {};\n');
    const before = snapshot(dir);
    const run = await init(dir, '--algorithm', 'ES256');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1 file is in the way; nothing was written:\n  auth/handlers.ts: already exists\n');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--force overwrites and makes a new secret', async () => {
    const dir = tempDir();
    await init(dir);
    const oldSecret = secretIn(join(dir, '.env'));
    writeFileSync(join(dir, 'jwtauth.config.ts'), '// edited by hand\n');

    const run = await init(dir, '--force');
    expect(run.code).toBe(0);
    expect(planLines(run.stdout)).toEqual([
      'skip .gitignore',
      'overwrite .env',
      'overwrite auth/handlers.ts',
      'overwrite jwtauth.config.ts',
    ]);
    expect(readFileSync(join(dir, 'jwtauth.config.ts'), 'utf8')).toContain('defineConfig');
    expect(secretIn(join(dir, '.env'))).not.toBe(oldSecret);
    expect(run.stdout).not.toContain(secretIn(join(dir, '.env')));
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.gitignore'), 'dist\n');
    const before = snapshot(dir);
    const run = await init(dir, '--dry-run');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^jwt-kit init --dry-run: the plan for the working directory \(HS256\); nothing is written\n/);
    expect(planLines(run.stdout)).toEqual(['update .gitignore', 'create .env', 'create auth/handlers.ts', 'create jwtauth.config.ts']);
    expect(run.stdout).not.toContain('Next steps');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--dry-run shows conflicts too, and exits as the real run would', async () => {
    const dir = tempDir();
    await init(dir);
    const before = snapshot(dir);
    const run = await init(dir, '--dry-run');
    expect(run.code).toBe(1);
    expect(planLines(run.stdout)).toEqual(['skip .gitignore', 'conflict .env', 'conflict auth/handlers.ts', 'conflict jwtauth.config.ts']);
    expect(run.stderr).toContain('nothing was written');
    expect(snapshot(dir)).toEqual(before);

    const forced = await init(dir, '--dry-run', '--force');
    expect(forced.code).toBe(0);
    expect(planLines(forced.stdout)).toContain('overwrite jwtauth.config.ts');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--dir scaffolds into a new sub-folder and tells you to cd there', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'package.json'), '{"name": "app", "dependencies": {"koa": "3", "jwt-kit": "0.1"}}');
    const run = await init(root, '--dir', 'services/api');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^jwt-kit init: scaffolded services\/api \(HS256\)\n/);
    expect(run.stdout).toContain('Next steps:\n  cd services/api\n  npx jwt-kit serve');
    const config = readFileSync(join(root, 'services', 'api', 'jwtauth.config.ts'), 'utf8');
    expect(config).toContain("$schema: '../../node_modules/jwt-kit/schema/jwtauth.schema.json'");
    expect(Object.keys(snapshot(root))).toContain('services/api/.env');
  });

  it('--algorithm takes HS384 in any case, and an asymmetric one makes a key pair', async () => {
    const hs = tempDir();
    expect((await init(hs, '--algorithm', 'hs384')).code).toBe(0);
    expect(readFileSync(join(hs, 'jwtauth.config.ts'), 'utf8')).toContain("algorithm: 'HS384',");

    const rs = tempDir();
    const run = await init(rs, '-a', 'RS512');
    expect(run.code).toBe(0);
    expect(planLines(run.stdout)).toEqual([
      'create .gitignore',
      'create auth/handlers.ts',
      'create jwtauth.config.ts',
      'create keys/jwtauth-private.pem',
      'create keys/jwtauth-public.pem',
    ]);
    expect(run.stdout).not.toContain('PRIVATE KEY');
    expect(run.stdout).toContain('signs with keys/jwtauth-private.pem');
  });

  it('rejects an unknown algorithm and a --dir that is a file as usage errors, writing nothing', async () => {
    const dir = tempDir();
    const bad = await init(dir, '--algorithm', 'none');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '-a, --algorithm <alg>' argument 'none' is invalid. use one of HS256, HS384");
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const notDir = await init(dir, '--dir', 'notes.txt');
    expect(notDir).toMatchObject({ code: 2, stderr: 'jwt-kit: --dir notes.txt is not a directory\n' });
    const belowFile = await init(dir, '--dir', 'notes.txt/sub');
    expect(belowFile).toMatchObject({ code: 2, stderr: 'jwt-kit: --dir notes.txt/sub is below a file, not a directory\n' });
    expect(Object.keys(snapshot(dir))).toEqual(['notes.txt']);
  });

  // Permissions only bind a user who is not root: run the built CLI as `nobody` where that is possible.
  // (Skipped where that is not possible: not root, no runuser, or a checkout that nobody may read.)
  const asNobody =
    process.getuid?.() === 0 &&
    existsSync('/usr/sbin/runuser') &&
    spawnSync('/usr/sbin/runuser', ['-u', 'nobody', '--', process.execPath, join(REPO_ROOT, 'bin', 'jwt-kit.js'), '--version']).status === 0;
  const initAsNobody = (cwd: string, ...args: string[]) =>
    spawnSync('/usr/sbin/runuser', ['-u', 'nobody', '--', process.execPath, join(REPO_ROOT, 'bin', 'jwt-kit.js'), 'init', ...args], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
  (asNobody ? it : it.skip)('a place it may not write is a write failure (exit 4) found before anything is written', () => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    mkdirSync(join(dir, 'auth'), { mode: 0o755 }); // root's: nobody cannot write in it
    const run = initAsNobody(dir);
    expect(run.status).toBe(4);
    expect(run.stderr).toContain('jwt-kit init: 1 file cannot be written; nothing was written:\n  auth/handlers.ts: no permission to write in auth\n');
    expect(run.stderr).not.toContain('in the way');
    expect(Object.keys(snapshot(dir))).toEqual(['auth/']);
  });

  (asNobody ? it : it.skip)('--dir into a parent it may not write: exit 4, not "in the way", nothing written', () => {
    const parent = tempDir();
    chmodSync(parent, 0o755); // root's: nobody may enter it but not write in it
    const run = initAsNobody(parent, '--dir', 'new/app');
    expect(run.status).toBe(4);
    expect(run.stderr).toContain(`jwt-kit init: 4 files cannot be written; nothing was written:\n  .gitignore: no permission to write in ${parent}\n`);
    expect(run.stderr).not.toContain('in the way');
    expect(snapshot(parent)).toEqual({});
  });

  it('a symlinked .env is a conflict naming the link, even with --force, and nothing is written', async () => {
    const elsewhere = tempDir('jwt-kit-outside-');
    writeFileSync(join(elsewhere, 'shared.env'), 'OTHER=1\n', { mode: 0o644 });
    const dir = tempDir();
    symlinkSync(join(elsewhere, 'shared.env'), join(dir, '.env'));
    for (const args of [[], ['--force']]) {
      const run = await init(dir, ...args);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`.env: .env is a symbolic link (to ${join(elsewhere, 'shared.env')}); jwt-kit init never writes through a link; --force will not replace it`);
      expect(run.stderr).toContain('Move or remove them (--force will not)');
    }
    expect(readdirSync(dir)).toEqual(['.env']);
    expect(snapshot(elsewhere)).toEqual({ 'shared.env': '644 OTHER=1\n' });
  });

  it('--dir under /proc fails at once with exit 4 instead of spinning', async () => {
    const started = Date.now();
    const run = await init(tempDir(), '--dir', '/proc/jwt-kit-init-test');
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('.gitignore: a proc pseudo-filesystem, not a place for files: ');
    expect(Date.now() - started).toBeLessThan(5000); // a generous bound: the bug spun forever
    expect(existsSync('/proc/jwt-kit-init-test')).toBe(false);
  });

  it('a conflict --force cannot lift says so instead of suggesting --force', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'jwtauth.config.cjs'), 'module.exports = {};\n');
    const run = await init(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('jwtauth.config.cjs: holds a jwt-kit config already');
    expect(run.stderr).toContain('Move or remove them (--force will not), then run again');
    expect(run.stderr).not.toContain('Run again with --force');
    expect((await init(dir, '--force')).code).toBe(1);
  });

  it('--help shows every option and examples', async () => {
    const run = await init(tempDir(), '--help');
    expect(run.code).toBe(0);
    for (const text of ['--dir <dir>', '--force', '--dry-run', '--algorithm <alg>', 'Examples:', '$ npx jwt-kit init --dry-run']) {
      expect(run.stdout).toContain(text);
    }
  });

  it('colours the plan on a terminal, and not with NO_COLOR', async () => {
    const colourRun = async (env: Record<string, string>) => {
      let stdout = '';
      const io: CliIO = {
        stdout: { write: (t: string) => (stdout += t), isTTY: true },
        stderr: { write: () => true, isTTY: true },
        stdin: Readable.from([]),
        env,
        cwd: tempDir(),
      };
      expect(await runCli(['init', '--dry-run'], io)).toBe(0);
      return stdout;
    };
    expect(await colourRun({})).toContain('\u001b[32mcreate   \u001b[0m');
    expect(await colourRun({ NO_COLOR: '1' })).not.toContain('\u001b[');
  });

  it('is listed in the program help', async () => {
    let stdout = '';
    const io: CliIO = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, stdin: Readable.from([]), env: {}, cwd: tempDir() };
    expect(await runCli(['--help'], io)).toBe(0);
    expect(stdout).toMatch(/\n {2}init \[options\] +scaffold jwtauth\.config\.ts/);
  });
});

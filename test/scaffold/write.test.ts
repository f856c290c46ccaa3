import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { thrownBy } from '../helpers/thrown';
import { planInit } from '../../src/scaffold/plan';
import { readTemplate } from '../../src/scaffold/templates';
import { writePlan } from '../../src/scaffold/write';
import { removeTempDirs, secretIn, snapshot, tempDir } from './tree';

afterAll(removeTempDirs);

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const mode = (dir: string, path: string) => statSync(join(dir, path)).mode & 0o777;

const refusal = thrownBy;

describe('writePlan', () => {
  it('writes the templates, a strong secret and a .gitignore into an empty folder', () => {
    const dir = tempDir();
    const written = writePlan(planInit({ dir }));
    expect(written.map((e) => e.path)).toEqual(['.gitignore', '.env', 'auth/handlers.ts', 'jwtauth.config.ts']);
    expect(Object.keys(snapshot(dir))).toEqual(['.env', '.gitignore', 'auth/', 'auth/handlers.ts', 'jwtauth.config.ts']);
    expect(read(dir, 'auth/handlers.ts')).toBe(readTemplate('auth/handlers.ts'));
    expect(read(dir, '.gitignore').split('\n')).toContain('.env');

    const secret = secretIn(join(dir, '.env'));
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(64);
    // node's own parser (as `jwt-kit serve` and `node --env-file` use it) reads the same value.
    expect(parseEnv(read(dir, '.env'))).toEqual({ JWT_SECRET: secret });
    // The config names the variable, never the value.
    expect(read(dir, 'jwtauth.config.ts')).not.toContain(secret);
    if (process.platform !== 'win32') expect(mode(dir, '.env')).toBe(0o600);
  });

  it('makes a different secret on every run', () => {
    const secrets = new Set(
      [1, 2, 3].map(() => {
        const dir = tempDir();
        writePlan(planInit({ dir }));
        return secretIn(join(dir, '.env'));
      }),
    );
    expect(secrets.size).toBe(3);
  });

  it('writes nothing at all when one target exists', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{"name": "app", "dependencies": {"koa": "^3.0.0"}}\n');
    writeFileSync(join(dir, '.gitignore'), 'dist\n');
    writeFileSync(join(dir, 'jwtauth.config.ts'), 'export default { mine: true };\n');
    const before = snapshot(dir);

    const error = refusal(() => writePlan(planInit({ dir })));
    expect(error.code).toBe('SCAFFOLD_CONFLICT');
    expect(error.exitCode).toBe(1);
    expect(error.description).toBe('1 file is in the way; nothing was written');
    expect(error.details).toEqual(['jwtauth.config.ts: already exists']);
    expect(snapshot(dir)).toEqual(before);
  });

  it('overwrites with force, keeping package.json and the other lines of .env', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{"name": "app"}\n');
    writeFileSync(join(dir, 'jwtauth.config.ts'), 'export default { mine: true };\n');
    writeFileSync(join(dir, '.env'), 'PORT=4000\nJWT_SECRET=old-secret\nDEBUG=1\n');

    const written = writePlan(planInit({ dir, force: true }));
    expect(written.map((e) => [e.path, e.action])).toContainEqual(['jwtauth.config.ts', 'overwrite']);
    expect(read(dir, 'jwtauth.config.ts')).toContain("import { defineConfig } from 'jwt-kit/config';");
    expect(read(dir, 'package.json')).toBe('{"name": "app"}\n');
    const env = parseEnv(read(dir, '.env'));
    expect(env.PORT).toBe('4000');
    expect(env.DEBUG).toBe('1');
    expect(env.JWT_SECRET).not.toBe('old-secret');
    expect(Buffer.byteLength(env.JWT_SECRET ?? '')).toBeGreaterThanOrEqual(32);
  });

  it('appends .env to a .gitignore that lacks it, and leaves one that has it byte for byte', () => {
    const lacking = tempDir();
    writeFileSync(join(lacking, '.gitignore'), 'node_modules\ndist');
    writePlan(planInit({ dir: lacking }));
    expect(read(lacking, '.gitignore')).toBe('node_modules\ndist\n\n# jwt-kit: secrets stay out of git\n.env\n');

    const listing = tempDir();
    writeFileSync(join(listing, '.gitignore'), 'node_modules\n.env\n');
    const plan = planInit({ dir: listing });
    expect(plan.entries.find((e) => e.path === '.gitignore')?.action).toBe('skip');
    writePlan(plan);
    expect(read(listing, '.gitignore')).toBe('node_modules\n.env\n');
  });

  it('appends the secret to a .env that has none', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), 'DATABASE_URL=postgres://localhost/app\n');
    writePlan(planInit({ dir }));
    const env = parseEnv(read(dir, '.env'));
    expect(env.DATABASE_URL).toBe('postgres://localhost/app');
    expect(Buffer.byteLength(env.JWT_SECRET ?? '')).toBeGreaterThanOrEqual(32);
  });

  it.each(['JWT_SECRET=', 'JWT_SECRET=""', "export JWT_SECRET=''", 'JWT_SECRET= # fill me'])('fills an empty secret line (%s) in place instead of calling it a conflict', (line) => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), `DATABASE_URL=postgres://localhost/app\n${line}\nPORT=4000\n`, { mode: 0o644 });
    const plan = planInit({ dir });
    expect(plan.conflicts).toEqual([]);
    writePlan(plan);
    const text = read(dir, '.env');
    expect(text.match(/JWT_SECRET=/g)).toHaveLength(1);
    expect(text.includes('export JWT_SECRET=')).toBe(line.startsWith('export'));
    // It holds a secret now: 0600, though the file was there before with 0644.
    expect(mode(dir, '.env')).toBe(0o600);
    const env = parseEnv(text);
    expect([env.DATABASE_URL, env.PORT]).toEqual(['postgres://localhost/app', '4000']);
    expect(Buffer.byteLength(env.JWT_SECRET ?? '')).toBeGreaterThanOrEqual(32);
  });

  it('generates a matching, git-ignored key pair for ES256 and RS256', () => {
    for (const [algorithm, type] of [['ES256', 'ec'], ['RS256', 'rsa']] as const) {
      const dir = tempDir();
      writePlan(planInit({ dir, algorithm }));
      const privateKey = createPrivateKey(read(dir, 'keys/jwtauth-private.pem'));
      const publicKey = createPublicKey(read(dir, 'keys/jwtauth-public.pem'));
      expect(privateKey.asymmetricKeyType).toBe(type);
      const signature = sign('sha256', Buffer.from('data'), privateKey);
      expect(verify('sha256', Buffer.from('data'), publicKey, signature)).toBe(true);
      if (process.platform !== 'win32') expect(mode(dir, 'keys/jwtauth-private.pem')).toBe(0o600);
      expect(read(dir, '.gitignore')).toContain('\nkeys/jwtauth-private.pem\n');
      expect(snapshot(dir)['.env']).toBeUndefined();
    }
  });

  it('does not overwrite a file that appeared after the plan was made', () => {
    const dir = tempDir();
    const plan = planInit({ dir });
    writeFileSync(join(dir, 'jwtauth.config.ts'), 'export default { mine: true };\n');
    const error = refusal(() => writePlan(plan));
    expect(error.code).toBe('SCAFFOLD_WRITE_FAILED');
    expect(error.description).toMatch(/^cannot write jwtauth\.config\.ts \(EEXIST\); already written: \.gitignore, \.env, auth\/handlers\.ts$/);
    expect(read(dir, 'jwtauth.config.ts')).toBe('export default { mine: true };\n');
  });
});

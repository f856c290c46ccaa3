import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { thrownBy } from '../helpers/thrown';
import { planInit, type InitPlan } from '../../src/scaffold/plan';
import { removeTempDirs, snapshot, tempDir } from './tree';

afterAll(removeTempDirs);

const actions = (plan: InitPlan) => Object.fromEntries(plan.entries.map((entry) => [entry.path, entry.action]));
const entry = (plan: InitPlan, path: string) => {
  const found = plan.entries.find((e) => e.path === path);
  if (!found) throw new Error(`no plan entry for ${path}`);
  return found;
};
const thrown = thrownBy;

describe('planInit', () => {
  it('creates every file in an empty folder, .gitignore first, and writes nothing while planning', () => {
    const dir = tempDir();
    const plan = planInit({ dir });
    expect(plan.entries.map((e) => [e.path, e.action])).toEqual([
      ['.gitignore', 'create'],
      ['.env', 'create'],
      ['auth/handlers.ts', 'create'],
      ['jwtauth.config.ts', 'create'],
    ]);
    expect(plan.conflicts).toEqual([]);
    expect(plan.algorithm).toBe('HS256');
    expect(snapshot(dir)).toEqual({});
  });

  it('plans into a folder that does not exist yet without making it', () => {
    const dir = join(tempDir(), 'server', 'auth-setup');
    const plan = planInit({ dir });
    expect(plan.conflicts).toEqual([]);
    expect(plan.dir).toBe(dir);
    expect(snapshot(join(dir, '..', '..'))).toEqual({});
  });

  it('marks an existing file as a conflict, and as an overwrite with force', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'jwtauth.config.ts'), 'export default {};\n');
    const plan = planInit({ dir });
    expect(actions(plan)['jwtauth.config.ts']).toBe('conflict');
    expect(plan.conflicts.map((e) => e.path)).toEqual(['jwtauth.config.ts']);
    expect(actions(plan)['auth/handlers.ts']).toBe('create');

    const forced = planInit({ dir, force: true });
    expect(actions(forced)['jwtauth.config.ts']).toBe('overwrite');
    expect(forced.conflicts).toEqual([]);
  });

  it('refuses, even with force, to add a config that would silently replace another kind of config', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'jwtauth.config.cjs'), 'module.exports = {};\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', jwtauth: { realm: 'Mine' } }));
    const plan = planInit({ dir, force: true });
    expect(plan.conflicts.map((e) => e.path).sort()).toEqual(['jwtauth.config.cjs', 'package.json']);
    expect(entry(plan, 'jwtauth.config.cjs').note).toBe(
      'holds a jwt-kit config already, which jwtauth.config.ts would replace unseen; remove it or skip init; --force will not replace it',
    );
    const plain = tempDir();
    writeFileSync(join(plain, 'package.json'), JSON.stringify({ name: 'app' }));
    expect(planInit({ dir: plain }).conflicts).toEqual([]);
  });

  it('keeps a directory in the way as a conflict even with force', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'jwtauth.config.ts'));
    writeFileSync(join(dir, 'auth'), 'a file where a folder should be');
    const plan = planInit({ dir, force: true });
    expect(plan.conflicts.map((e) => e.path).sort()).toEqual(['auth/handlers.ts', 'jwtauth.config.ts']);
    expect(entry(plan, 'auth/handlers.ts').note).toMatch(/^auth is not a directory; --force will not replace it/);
    expect(entry(plan, 'jwtauth.config.ts').note).toMatch(/not a file/);
  });

  it('skips a .gitignore that already ignores .env, and updates one that does not', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n/.env*\n');
    expect(entry(planInit({ dir }), '.gitignore')).toMatchObject({ action: 'skip', note: 'already ignores .env' });

    writeFileSync(join(dir, '.gitignore'), 'node_modules\n.env.local\n');
    const update = entry(planInit({ dir }), '.gitignore');
    expect(update).toMatchObject({ action: 'update', write: 'append', note: 'add .env' });
    expect(update.content?.()).toBe('\n# jwt-kit: secrets stay out of git\n.env\n');
  });

  it('appends to a .env without JWT_SECRET, and treats one that sets it as a conflict', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), 'DATABASE_URL=postgres://localhost/app');
    const update = entry(planInit({ dir }), '.env');
    expect(update).toMatchObject({ action: 'update', write: 'append' });
    expect(update.content?.()).toMatch(/^\n\n# Secrets[\s\S]*\nJWT_SECRET=[\w-]{86}\n$/);

    writeFileSync(join(dir, '.env'), 'export JWT_SECRET = "old"\n');
    expect(entry(planInit({ dir }), '.env')).toMatchObject({ action: 'conflict', note: 'already sets JWT_SECRET' });
    expect(entry(planInit({ dir, force: true }), '.env')).toMatchObject({ action: 'overwrite', write: 'replace' });
  });

  it('fills the algorithm and the schema path into the config', () => {
    const root = tempDir();
    writeFileSync(join(root, 'package.json'), '{"name": "app"}');
    const plan = planInit({ dir: join(root, 'server'), algorithm: 'HS512' });
    const config = entry(plan, 'jwtauth.config.ts').content?.() ?? '';
    expect(config).toContain("algorithm: 'HS512',");
    expect(config).toContain("$schema: '../node_modules/jwt-kit/schema/jwtauth.schema.json',");
    expect(config).toContain("secretEnv: 'JWT_SECRET',");
    expect(config).toContain("import { defineConfig } from 'jwt-kit/config';");

    const atRoot = entry(planInit({ dir: root }), 'jwtauth.config.ts').content?.() ?? '';
    expect(atRoot).toContain("$schema: './node_modules/jwt-kit/schema/jwtauth.schema.json',");
  });

  it('plans a key pair instead of a .env for asymmetric algorithms', () => {
    const dir = tempDir();
    const plan = planInit({ dir, algorithm: 'ES256' });
    expect(plan.entries.map((e) => [e.path, e.action])).toEqual([
      ['.gitignore', 'create'],
      ['auth/handlers.ts', 'create'],
      ['jwtauth.config.ts', 'create'],
      ['keys/jwtauth-private.pem', 'create'],
      ['keys/jwtauth-public.pem', 'create'],
    ]);
    expect(entry(plan, 'keys/jwtauth-private.pem').mode).toBe(0o600);
    expect(entry(plan, '.gitignore').note).toBe('ignores keys/jwtauth-private.pem');
    const config = entry(plan, 'jwtauth.config.ts').content?.() ?? '';
    expect(config).toContain("algorithm: 'ES256',");
    expect(config).toContain("privateKeyFile: './keys/jwtauth-private.pem',");
    expect(config).not.toContain('secretEnv');
  });

  it('carries no secret when serialized: contents are produced only on demand', () => {
    const plan = planInit({ dir: tempDir() });
    const json = JSON.stringify(plan);
    expect(json).not.toContain('JWT_SECRET=');
    expect(json).toContain('"action":"create"');
  });

  it('refuses a target that is a file and an unknown algorithm as usage errors', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file.txt'), 'x');
    const notDir = thrown(() => planInit({ dir: join(dir, 'file.txt') }));
    expect(notDir.code).toBe('USAGE_INVALID');
    expect(notDir.exitCode).toBe(2);
    // @ts-expect-error: not an algorithm
    expect(thrown(() => planInit({ dir, algorithm: 'none' })).code).toBe('USAGE_INVALID');
  });
});

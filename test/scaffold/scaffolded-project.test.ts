/**
 * The scaffolded files work as they are: the config is loaded the way `jwt-kit serve` loads it (jiti), with
 * 'jwt-kit' pointing at this repo's source, and the demo user logs in and reaches a guarded route.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { createJiti } from 'jiti';
import request from 'supertest';
import { resolveConfig } from '../../src/config/resolve';
import { createSampleApp } from '../../src/koa/app';
import { createKit } from '../../src/koa/kit';
import type { Algorithm } from '../../src/config/types';
import { planInit } from '../../src/scaffold/plan';
import { writePlan } from '../../src/scaffold/write';
import { removeTempDirs, tempDir } from './tree';

afterAll(removeTempDirs);

async function scaffoldedApp(algorithm: Algorithm) {
  const dir = tempDir();
  writePlan(planInit({ dir, algorithm }));
  const jiti = createJiti(__filename, {
    moduleCache: false,
    interopDefault: true,
    // The templates take only defineConfig (and types) from 'jwt-kit/config', the light entry; its source
    // module stands in for it here. test/e2e/pack.test.ts covers the real package entry.
    alias: { 'jwt-kit/config': join(__dirname, '..', '..', 'src', 'config-entry.ts') },
  });
  const filepath = join(dir, 'jwtauth.config.ts');
  // jiti's synchronous require: its async import() reaches node: builtins through a dynamic import(),
  // which jest's module sandbox does not allow. Outside jest, `jwt-kit serve` uses the async path.
  const loaded = jiti(filepath) as { default?: unknown };
  const config = loaded.default ?? loaded;
  const envFile = join(dir, '.env');
  const env = algorithm.startsWith('HS') ? (parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>) : {};
  const kit = createKit(resolveConfig(config, { filepath, env }));
  return { kit, app: createSampleApp(kit) };
}

describe.each<Algorithm>(['HS256', 'HS512', 'ES256', 'PS256'])('a project scaffolded with %s', (algorithm) => {
  it('logs joe in and lets him reach /protected and /me', async () => {
    const { kit, app } = await scaffoldedApp(algorithm);
    expect(kit.config.algorithm).toBe(algorithm);
    const server = app.callback();
    const login = await request(server).post('/auth').send({ username: 'joe', password: 'pass' });
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    expect(JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()).alg).toBe(algorithm);

    const protectedRoute = await request(server).get('/protected').set('Authorization', `Bearer ${token}`);
    expect(protectedRoute.status).toBe(200);
    expect(protectedRoute.text).toBe('Success!');
    const me = await request(server).get('/me').set('Authorization', `Bearer ${token}`);
    expect(me.body).toEqual({ id: 1, username: 'joe' });
  });

  it('refuses a wrong password', async () => {
    const { app } = await scaffoldedApp(algorithm);
    const login = await request(app.callback()).post('/auth').send({ username: 'joe', password: 'wrong' });
    expect(login.status).toBe(401);
    expect(login.body.code).toBe('INVALID_CREDENTIALS');
  });
});

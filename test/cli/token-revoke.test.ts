/**
 * `jwt-kit token revoke` against the config's Redis store, and `token issue --refresh`: what the operator does
 * in a terminal is what the servers see.
 */
import { randomUUID } from 'node:crypto';
import { createKit, type Kit } from '../../src';
import { authenticate, identity, type User } from '../helpers/app';
import { readPayload } from '../helpers/forge';
import { testRedis } from '../helpers/redis';
import { project, removeProjects, run, SECRET } from './token-helpers';

let redis: { url: string; close(): Promise<void> };
const kits: Array<Kit<User>> = [];
beforeAll(async () => {
  redis = await testRedis();
});
afterAll(async () => {
  await Promise.all(kits.map((kit) => kit.close()));
  await redis?.close();
  removeProjects();
});

function setup() {
  const config = { secretEnv: 'APP_SECRET', refresh: { enabled: true }, logout: { enabled: true }, store: { type: 'redis' as const, url: redis.url, keyPrefix: `cli:${randomUUID()}:` } };
  const dir = project({ 'jwtauth.config.json': JSON.stringify({ ...config, authPath: null }) });
  const kit = createKit<User>({ ...config, handlers: { authenticate, identity } }, { env: { APP_SECRET: SECRET } });
  kits.push(kit);
  return { dir, kit, env: { APP_SECRET: SECRET } };
}

it('revokes a token, then the servers refuse it; the other tokens live on', async () => {
  const { dir, kit, env } = setup();
  const { token } = await kit.sessions.login({ id: 1, username: 'joe', password: 'pass' });
  const other = (await kit.sessions.login({ id: 1, username: 'joe', password: 'pass' })).token;
  const result = await run(dir, ['token', 'revoke', token], { env });
  expect([result.code, result.err]).toEqual([0, 'jwt-kit: revoked the token\n']);
  await expect(kit.tokens.verify(token)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  await expect(kit.tokens.verify(other)).resolves.toMatchObject({ user_id: 1 });
});

it('revokes every token of a user with --user, and a session with --family', async () => {
  const { dir, kit, env } = setup();
  const a = await kit.sessions.login({ id: 1, username: 'joe', password: 'pass' });
  const b = await kit.sessions.login({ id: 2, username: 'ann', password: 'word' });
  expect((await run(dir, ['token', 'revoke', '--family', readPayload(b.token).fam as string], { env })).code).toBe(0);
  await expect(kit.tokens.verify(b.token)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  await expect(kit.tokens.verify(a.token)).resolves.toBeDefined();
  expect((await run(dir, ['token', 'revoke', '--user', '1'], { env })).code).toBe(0);
  await expect(kit.tokens.verify(a.token)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
});

it('refuses a token that is not ours (exit 1), a memory store (exit 3), and two targets (exit 2)', async () => {
  const { dir, env } = setup();
  const notOurs = await run(dir, ['token', 'revoke', 'eyJhbGciOiJIUzI1NiJ9.eyJqdGkiOiJ4IiwiZXhwIjo5OTk5OTk5OTk5fQ.c2lnbmF0dXJlLW5vdC1vdXJz'], { env });
  expect([notOurs.code, notOurs.err]).toEqual([1, 'jwt-kit: Signature verification failed\n']);
  const memory = project({ 'jwtauth.config.json': JSON.stringify({ secretEnv: 'APP_SECRET', authPath: null }) });
  const local = await run(memory, ['token', 'revoke', '--user', '1'], { env });
  expect([local.code, local.err]).toEqual([3, expect.stringContaining('revoking from here needs a shared store (store.type "redis")')]);
  expect((await run(dir, ['token', 'revoke', '--user', '1', '--family', 'f'], { env })).code).toBe(2);
});

it('token issue --refresh mints a refresh token that the refresh route accepts', async () => {
  const { dir, kit, env } = setup();
  const issued = await run(dir, ['token', 'issue', '--refresh', '--claim', 'user_id=1'], { env });
  expect(issued.code).toBe(0);
  const refreshToken = issued.out.trim();
  expect(readPayload(refreshToken)).toMatchObject({ type: 'refresh', user_id: 1, fam: expect.any(String), auth_time: expect.any(Number) });
  const pair = await kit.sessions.refresh(refreshToken);
  await expect(kit.tokens.verify(pair.token)).resolves.toMatchObject({ type: 'access', fresh: false });
});

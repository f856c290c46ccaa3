/**
 * Two real `jwt-kit serve` processes on different ports, sharing one real redis-server, behave as one: a token
 * revoked through one is refused by the other, and a refresh token used at one is detected as reused at the other.
 */
import request from 'supertest';
import { assertBuilt, killSpawned, spawnCli } from '../cli/io-double';
import { makeProject, removeProjects } from '../helpers/project';
import { testRedis } from '../helpers/redis';

const SECRET = 'two-instances-secret-0123456789-abcdefghijklmnop';
const URL_LINE = /^jwt-kit serve: listening on (http:\/\/127\.0\.0\.1:\d+)$/m;
let redis: { url: string; close(): Promise<void> };

beforeAll(async () => {
  assertBuilt();
  redis = await testRedis();
});
afterEach(killSpawned);
afterAll(async () => {
  removeProjects();
  await redis?.close();
});

async function start(cwd: string): Promise<string> {
  // The demo (no config here) with --redis: refresh and logout on, state in the shared Redis.
  const run = spawnCli(['serve', '--port', '0', '--redis', redis.url], { cwd, env: { JWT_SECRET: SECRET } });
  return (await run.waitFor(URL_LINE))[1]!;
}

it('a logout at one instance is honoured by the other, and a refresh token used at one is reused at the other', async () => {
  const cwd = makeProject({}, { prefix: 'jwt-kit-two-' });
  const [a, b] = await Promise.all([start(cwd), start(cwd)]);
  expect(a).not.toBe(b);
  const login = async (url: string) => (await request(url).post('/auth').send({ username: 'joe', password: 'pass' })).body as { token: string; refresh_token: string };
  const protectedAt = (url: string, token: string) => request(url).get('/protected').set('Authorization', `Bearer ${token}`);

  // Logout through A; B refuses the token.
  const first = await login(a);
  expect((await protectedAt(b, first.token)).status).toBe(200);
  expect((await request(a).post('/auth/logout').set('Authorization', `Bearer ${first.token}`)).status).toBe(204);
  const refused = await protectedAt(b, first.token);
  expect([refused.status, refused.body.code]).toEqual([401, 'TOKEN_REVOKED']);

  // Refresh at A; the same refresh token at B is a reuse, and the whole session dies on both.
  const second = await login(b);
  const renewed = await request(a).post('/auth/refresh').send({ refresh_token: second.refresh_token });
  expect(renewed.status).toBe(200);
  const replay = await request(b).post('/auth/refresh').send({ refresh_token: second.refresh_token });
  expect([replay.status, replay.body.code]).toEqual([401, 'REFRESH_TOKEN_REUSED']);
  expect((await protectedAt(a, renewed.body.token as string)).body.code).toBe('TOKEN_REVOKED');
});

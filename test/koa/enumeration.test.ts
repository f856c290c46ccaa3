/**
 * The login route answers an unknown username exactly as it answers a wrong password (status, body, headers),
 * with the demo hooks of `jwt-kit serve` and with the stub `jwt-kit init` writes. Timing is not measured here
 * (it never decides a test); both hooks verify a password for an unknown user too, in constant time.
 */
import { join } from 'node:path';
import { createJiti } from 'jiti';
import Koa from 'koa';
import request from 'supertest';
import { createKit, type Handlers } from '../../src';
import { DEMO_HANDLERS } from '../../src/cli/demo-config';

// The template as `jwt-kit init` writes it, loaded as jiti loads it in a project ('jwt-kit/config' is the source
// module here, as in test/scaffold/scaffolded-project.test.ts); jiti's synchronous require, as jest needs.
const jiti = createJiti(__filename, { moduleCache: false, alias: { 'jwt-kit/config': join(__dirname, '..', '..', 'src', 'config-entry.ts') } });
const stub = jiti(join(__dirname, '..', '..', 'templates', 'auth', 'handlers.ts')) as Required<Pick<Handlers<unknown>, 'authenticate' | 'identity'>>;

const SECRET = 'enumeration-test-secret-0123456789-abcdefghij';

const hooks: Array<[string, Handlers<unknown>]> = [
  ['the demo of jwt-kit serve', DEMO_HANDLERS as Handlers<unknown>],
  ['the stub of jwt-kit init', { authenticate: stub.authenticate, identity: stub.identity } as Handlers<unknown>],
];

describe.each(hooks)('%s', (_name, handlers) => {
  // Throttling off here: the answers compared are those of authenticate, not of the limits.
  const kit = createKit({ secret: SECRET, loginThrottle: { enabled: false }, handlers });
  const app = new Koa();
  app.use(kit.middleware());
  const http = request(app.callback());
  const answer = async (username: string, password: string) => {
    const res = await http.post('/auth').send({ username, password });
    const { date: _date, ...headers } = res.headers;
    return { status: res.status, body: res.body as unknown, headers };
  };

  it('logs joe in', async () => {
    expect((await answer('joe', 'pass')).status).toBe(200);
  });

  it('answers an unknown user, a wrong password and a near-miss username the same', async () => {
    const wrongPassword = await answer('joe', 'not-the-password');
    expect(wrongPassword.status).toBe(401);
    expect(await answer('nobody', 'not-the-password')).toEqual(wrongPassword);
    expect(await answer('jo', 'pass')).toEqual(wrongPassword);
    expect(await answer('joe ', 'pass')).toEqual(wrongPassword);
  });
});

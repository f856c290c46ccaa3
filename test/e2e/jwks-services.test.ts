/**
 * Two services, two processes, the built bin: an issuer (`jwt-kit serve` with ES256 keys, so it publishes its
 * JWKS) and a resource server (`jwt-kit serve` with remoteJwks pointing at it). The resource server verifies
 * the issuer's tokens through the JWKS URL across a key rotation (the issuer restarts with a new current key,
 * the old one verify) and an issuer outage (served from cache), and a flood of unknown kids costs the issuer
 * a bounded number of requests, counted in the issuer's own request log.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { runCli } from '../../src/cli/run';
import { makeProject, removeProjects } from '../helpers/project';
import { assertBuilt, ioDouble, killSpawned, spawnCli, type Spawned } from '../cli/io-double';

afterAll(removeProjects);
afterEach(killSpawned);

const URL_LINE = /jwt-kit serve: listening on (http:\/\/127\.0\.0\.1:(\d+))/;
const ISSUER = 'https://issuer.test';
const COOLDOWN_SECONDS = 1;

const issuerConfig = (keys: object[]) =>
  `module.exports = ${JSON.stringify({ keys, issuer: ISSUER, audience: 'api' })};\n` +
  "module.exports.handlers = {\n  authenticate: (u, p) => (u === 'joe' && p === 'pass' ? { id: 1 } : null),\n  identity: (c) => (c.user_id === 1 ? { id: 1 } : null),\n};\n";

const serverConfig = (url: string) =>
  `module.exports = ${JSON.stringify({
    remoteJwks: { url, algorithms: ['ES256'], cooldown: COOLDOWN_SECONDS, minCacheAge: 0, maxCacheAge: 1 },
    issuer: ISSUER,
    audience: 'api',
    authPath: null,
  })};\nmodule.exports.handlers = { identity: (c) => (c.user_id === 1 ? { id: 1 } : null) };\n`;

async function serve(cwd: string, port = 0): Promise<{ run: Spawned; url: string; port: number }> {
  const run = spawnCli(['serve', '--port', String(port), '--config', 'jwtauth.config.cjs'], { cwd, env: { NODE_ENV: 'test' } });
  const match = await run.waitFor(URL_LINE);
  return { run, url: match[1]!, port: Number(match[2]) };
}

async function stop(run: Spawned): Promise<void> {
  run.child.kill('SIGTERM');
  await run.exited;
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/auth`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":"joe","password":"pass"}' });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function protectedAt(url: string, token: string): Promise<[number, string]> {
  const res = await fetch(`${url}/protected`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return [res.status, res.status === 200 ? text : (JSON.parse(text) as { code: string }).code];
}

/** JWKS requests in the issuer's log so far; a probe request's line, awaited first, flushes the ones before it. */
async function jwksRequests(issuer: { run: Spawned; url: string }): Promise<number> {
  const probe = `/probe-${randomBytes(4).toString('hex')}`;
  await fetch(`${issuer.url}${probe}`);
  await issuer.run.waitFor(new RegExp(`GET ${probe} 404`));
  return issuer.run.out().match(/^GET \/\.well-known\/jwks\.json 200 /gm)?.length ?? 0;
}

describe('an issuer and a resource server, each a jwt-kit serve process', () => {
  beforeAll(assertBuilt);

  it('verifies through the JWKS URL across a rotation and an outage; a flood of unknown kids is bounded', async () => {
    const issuerDir = makeProject();
    for (const kid of ['k1', 'k2']) expect(await runCli(['keys', 'generate', '--alg', 'ES256', '--kid', kid], ioDouble(issuerDir))).toBe(0);
    const k1 = { kid: 'k1', algorithm: 'ES256', privateKeyFile: 'keys/k1.pem' };
    const k2 = { kid: 'k2', algorithm: 'ES256', privateKeyFile: 'keys/k2.pem' };
    writeFileSync(join(issuerDir, 'jwtauth.config.cjs'), issuerConfig([{ ...k1, status: 'current' }]));
    let issuer = await serve(issuerDir);
    await issuer.run.waitFor(/public keys \(JWKS\) at http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks\.json/);
    expect(issuer.run.out()).toContain(`public keys (JWKS) at ${issuer.url}/.well-known/jwks.json`);

    const serverDir = makeProject({ 'jwtauth.config.cjs': serverConfig(`${issuer.url}/.well-known/jwks.json`) });
    const server = await serve(serverDir);
    await server.run.waitFor(/verifying tokens with the issuer's keys at /);
    expect(server.run.out()).toContain(`verifying tokens with the issuer's keys at ${issuer.url}/.well-known/jwks.json`);

    const token1 = await login(issuer.url);
    expect(await protectedAt(server.url, token1)).toEqual([200, 'Success!']);
    expect(await jwksRequests(issuer)).toBe(1);

    // A flood of tokens naming random kids: each refused, and the issuer asked at most once per cooldown.
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const now = Math.floor(Date.now() / 1000);
    const forged = Array.from({ length: 120 }, () =>
      jwt.sign({ user_id: 1, iat: now, nbf: now, exp: now + 60, iss: ISSUER, aud: 'api' }, stranger, { algorithm: 'ES256', keyid: randomBytes(8).toString('hex') }),
    );
    const started = Date.now();
    const answers: Array<[number, string]> = [];
    for (let i = 0; i < forged.length; i += 20) answers.push(...(await Promise.all(forged.slice(i, i + 20).map((token) => protectedAt(server.url, token)))));
    const elapsedSeconds = (Date.now() - started) / 1000;
    expect(new Set(answers.map(([status, code]) => `${status} ${code}`))).toEqual(new Set(['401 TOKEN_KEY_UNKNOWN']));
    const allowed = 1 + Math.ceil(elapsedSeconds / COOLDOWN_SECONDS) + 1; // the first fetch, one per cooldown since, one in flight
    expect(await jwksRequests(issuer)).toBeLessThanOrEqual(Math.min(allowed, 10));

    // Rotation: the issuer restarts on the same port with k2 current and k1 still listed to verify.
    await stop(issuer.run);
    writeFileSync(join(issuerDir, 'jwtauth.config.cjs'), issuerConfig([{ ...k2, status: 'current' }, { ...k1, status: 'verify' }]));
    issuer = await serve(issuerDir, issuer.port);
    const token2 = await login(issuer.url);
    expect(JSON.parse(Buffer.from(token2.split('.')[0]!, 'base64url').toString()).kid).toBe('k2');
    // The new kid is fetched on first sight once the cooldown allows: ask until then (the outcome never
    // depends on the wait, only how long it takes).
    let answer = await protectedAt(server.url, token2);
    for (const deadline = Date.now() + 10_000; answer[0] !== 200 && Date.now() < deadline; answer = await protectedAt(server.url, token2)) {
      expect(answer).toEqual([401, 'TOKEN_KEY_UNKNOWN']);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answer).toEqual([200, 'Success!']);
    expect(await protectedAt(server.url, token1)).toEqual([200, 'Success!']);

    // Outage: the issuer is gone; both keys still verify from the resource server's cache, past its maxCacheAge.
    await stop(issuer.run);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await protectedAt(server.url, token1)).toEqual([200, 'Success!']);
    expect(await protectedAt(server.url, token2)).toEqual([200, 'Success!']);
    expect(server.run.err()).not.toMatch(/error in GET/);
  }, 60_000);
});

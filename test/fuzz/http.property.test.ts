/**
 * Property-based fuzzing (fast-check, seeded) through HTTP: generated login bodies to POST /auth and
 * generated Authorization headers to a guarded route, against one real server on loopback. Never a 5xx, never
 * a crash, always the JSON error shape with a known code, and a token only for the right credentials.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import { ERROR_CODES } from '../../src/errors';
import { makeApp, type TestApp } from '../helpers/app';

const SEED = 20_241_010;
const RUNS = 1_000;

let app: TestApp;
let server: Server;
let url: string;

beforeAll(async () => {
  app = makeApp();
  server = app.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** A 4xx JSON error of jwt-kit: the four fields, a code from the table with its status. */
function isKitError(status: number, body: unknown): boolean {
  const b = body as { status_code?: unknown; error?: unknown; description?: unknown; code?: unknown };
  const spec = (ERROR_CODES as Record<string, { status: number; title: string } | undefined>)[String(b?.code)];
  return spec !== undefined && status >= 400 && status < 500 && b.status_code === status && spec.status === status && b.error === spec.title && typeof b.description === 'string';
}

const text = fc.string({ unit: 'binary', maxLength: 40 });
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), text, fc.constant('joe'), fc.constant('pass'));
const key = fc.oneof(fc.constantFrom('username', 'password', 'email', '__proto__', 'constructor', 'prototype', 'toString', ''), text);
/** Objects near the expected shape, objects with hostile keys, and any JSON at all. */
const loginBody = fc.oneof(
  fc.record({ username: anyValue, password: anyValue }, { requiredKeys: [] }),
  fc.dictionary(key, anyValue, { maxKeys: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Raw bytes as a body, with a content type that may or may not be JSON. */
const rawBody = fc.record({
  type: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'application/vnd.api+json'),
  body: fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.json({ maxDepth: 3 })),
});
/** Header values Node's client will send: tab, printable ASCII and latin-1 (obs-text), any length up to 2 KiB. */
const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 2048 }),
  fc.tuple(fc.constantFrom('Bearer ', 'bearer ', 'Bearer  ', 'Basic ', 'JWT ', ''), fc.string({ maxLength: 300 }), fc.constantFrom('', '.', '..', '.e30.', ' x')).map((parts) => parts.join('')),
);

describe('POST /auth fuzzed through HTTP', () => {
  it(`answers ${RUNS} generated JSON bodies with a 200 for joe / pass only, and a 4xx JSON error otherwise`, async () => {
    await fc.assert(
      fc.asyncProperty(loginBody, async (body) => {
        const res = await request(url).post('/auth').set('Content-Type', 'application/json').send(JSON.stringify(body));
        if (res.status === 200) {
          const b = body as { username?: unknown; password?: unknown };
          return Object.prototype.hasOwnProperty.call(body, 'username') && b.username === 'joe' && b.password === 'pass' && typeof res.body.token === 'string';
        }
        return isKitError(res.status, res.body) && res.headers['cache-control'] === 'no-store';
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(app.errors).toEqual([]);
  });

  it(`answers ${RUNS} generated raw bodies and content types with a 4xx JSON error`, async () => {
    await fc.assert(
      fc.asyncProperty(rawBody, async ({ type, body }) => {
        const res = await request(url).post('/auth').set('Content-Type', type).send(body);
        return res.status === 200 || isKitError(res.status, res.body);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(app.errors).toEqual([]);
  });
});

describe('the guard fuzzed through HTTP', () => {
  it(`answers ${RUNS} generated Authorization headers with a 401 JSON error and a challenge`, async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, async (value) => {
        const res = await request(url).get('/protected').set('Authorization', value);
        // Node's own parser may refuse a header before jwt-kit sees it (431 too large): still a 4xx, never a 5xx.
        if (res.status === 431) return true;
        return res.status === 401 && isKitError(401, res.body) && /^Bearer realm="Login Required"/.test(res.headers['www-authenticate'] ?? '');
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(app.errors).toEqual([]);
  });
});

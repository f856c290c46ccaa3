/**
 * Property-based fuzzing (fast-check, seeded) of the token decoder and of token verification, in process and
 * through HTTP. The properties: the decoder returns two JSON objects read from canonical segments or throws
 * TOKEN_MALFORMED, nothing else; verification never throws anything but a 401 JwtKitError; and no token is
 * accepted that our key did not sign, whether it is a real token mutated (byte flips, insertions, segment
 * swaps, re-encodings, replaced header or payload) or arbitrary header and payload objects signed any other way.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { decodeToken } from '../../src';
import { ERROR_CODES, isJwtKitError } from '../../src/errors';
import { authenticate, identity, makeApp, T, type TestApp } from '../helpers/app';
import type { JwtKitConfig } from '../../src';
import type { User } from '../helpers/app';
import { b64url, mint, padded, segments, setTrailingBits, type Alg } from '../security/mint';

const SEED = 8_725_2020;
/** Cases per property: 5,000 + 2,000 decoded, 3 x (2,000 + 1,000) verified, 1,000 over HTTP: 17,000 a run. */
const RUNS = { decoder: 5_000, roundTrip: 2_000, mutations: 2_000, forged: 1_000, http: 1_000 };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'PS256', 'ES256', 'ES384', 'none', 'None', 'hs256', '', 'EdDSA'];

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const attackerRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attackerEc = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key: KeyObject, type: 'pkcs8' | 'spki') => key.export({ type, format: 'pem' }) as string;

const APPS: Record<'HS256' | 'RS256' | 'ES256', TestApp> = {
  HS256: makeApp(),
  RS256: makeApp({ algorithm: 'RS256', privateKey: pem(rsa.privateKey, 'pkcs8'), handlers: { authenticate, identity } } as JwtKitConfig<User>),
  ES256: makeApp({ algorithm: 'ES256', privateKey: pem(ec.privateKey, 'pkcs8'), handlers: { authenticate, identity } } as JwtKitConfig<User>),
};
/** A public key the attacker knows, to try as an HMAC secret. */
const PUBLIC_PEM: Record<keyof typeof APPS, string> = { HS256: 'not-public', RS256: pem(rsa.publicKey, 'spki'), ES256: pem(ec.publicKey, 'spki') };

// ---------------------------------------------------------------------------------------------------------------
// Generators

const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });
/** A header: sometimes an alg from the list, sometimes a kid, and any other members. */
const headerObject = fc
  .tuple(fc.option(fc.constantFrom(...ALGS), { nil: undefined }), fc.option(fc.oneof(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })), { nil: undefined }), jsonObject)
  .map(([alg, kid, rest]) => ({ ...rest, ...(alg !== undefined && { alg }), ...(kid !== undefined && { kid }) }));
/** Claims that would pass (user 1, valid at T) with anything else mixed in, so only the signature decides. */
const claimsObject = jsonObject.map((rest) => ({ ...rest, user_id: 1, iat: T, nbf: T, exp: T + 60 }));

type Mutation =
  | { kind: 'flip'; at: number; char: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'swap'; order: [number, number, number] }
  | { kind: 'reencode'; part: 0 | 1 | 2; how: 'pad' | 'std' | 'bits' | 'long' | 'short' | 'extra' }
  | { kind: 'header' | 'payload'; value: Record<string, unknown> };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), char: fc.constantFrom(...`${ALPHABET}.=+/ %~\u00ff`) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('swap' as const), order: fc.constantFrom<[number, number, number]>([0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]) }),
  fc.record({ kind: fc.constant('reencode' as const), part: fc.constantFrom(0 as const, 1 as const, 2 as const), how: fc.constantFrom('pad' as const, 'std' as const, 'bits' as const, 'long' as const, 'short' as const, 'extra' as const) }),
  fc.record({ kind: fc.constant('header' as const), value: headerObject }),
  fc.record({ kind: fc.constant('payload' as const), value: claimsObject }),
);

function reencode(segment: string, how: Extract<Mutation, { kind: 'reencode' }>['how']): string {
  const bytes = Buffer.from(segment, 'base64url');
  switch (how) {
    case 'pad': return padded(segment);
    case 'std': return bytes.toString('base64');
    case 'bits': return segment.length % 4 === 0 ? `${segment}A` : setTrailingBits(segment);
    case 'long': return Buffer.concat([bytes, Buffer.from([0])]).toString('base64url');
    case 'short': return bytes.subarray(0, Math.max(0, bytes.length - 1)).toString('base64url');
    case 'extra': return `${segment}${'A'.repeat(((5 - (segment.length % 4)) % 4) || 4)}`;
  }
}

function apply(token: string, m: Mutation): string {
  const at = (n: number) => (token.length === 0 ? 0 : n % token.length);
  const parts = segments(token);
  switch (m.kind) {
    case 'flip': return token.slice(0, at(m.at)) + m.char + token.slice(at(m.at) + 1);
    case 'insert': return token.slice(0, at(m.at)) + m.text + token.slice(at(m.at));
    case 'delete': return token.slice(0, at(m.at)) + token.slice(at(m.at) + m.count);
    case 'swap': return m.order.map((i) => parts[i]).join('.');
    case 'reencode': parts[m.part] = reencode(parts[m.part], m.how); return parts.join('.');
    case 'header': return [b64url(JSON.stringify(m.value)), parts[1], parts[2]].join('.');
    case 'payload': return [parts[0], b64url(JSON.stringify(m.value)), parts[2]].join('.');
  }
}

/** How a forged token is signed: never with our private key or secret. */
type Signer = 'attacker-secret' | 'unsigned' | 'public-key-as-secret' | 'attacker-rsa' | 'attacker-ec' | 'garbage';
const signer = fc.constantFrom<Signer>('attacker-secret', 'unsigned', 'public-key-as-secret', 'attacker-rsa', 'attacker-ec', 'garbage');

function forge(app: keyof typeof APPS, header: Record<string, unknown>, payload: unknown, how: Signer, garbage: Uint8Array): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const alg = (typeof header.alg === 'string' && /^(HS|RS|PS|ES)(256|384|512)$/.test(header.alg) ? header.alg : 'HS256') as Alg;
  const raw = JSON.stringify(header);
  switch (how) {
    case 'unsigned': return `${input}.`;
    case 'garbage': return `${input}.${Buffer.from(garbage).toString('base64url')}`;
    case 'attacker-secret': return mint('HS256', payload, randomBytes(32), { header: raw, signAs: alg.startsWith('HS') ? alg : 'HS256' });
    case 'public-key-as-secret': return mint('HS256', payload, PUBLIC_PEM[app], { header: raw, signAs: alg.startsWith('HS') ? alg : 'HS256' });
    case 'attacker-rsa': return mint('RS256', payload, attackerRsa.privateKey, { header: raw, signAs: alg.startsWith('RS') || alg.startsWith('PS') ? alg : 'RS256' });
    case 'attacker-ec': return mint('ES256', payload, attackerEc.privateKey, { header: raw, signAs: 'ES256' });
  }
}

/** A rejection as verify must give it: a JwtKitError of the table with status 401. */
function isTokenRefusal(error: unknown): boolean {
  return isJwtKitError(error) && error.status === 401 && error.code in ERROR_CODES;
}

/** Verifies `token` with the app's token service: 'accepted', 'refused', or throws on anything else. */
async function verdict(app: TestApp, token: string): Promise<'accepted' | 'refused'> {
  try {
    await app.kit.tokens.verify(token);
    return 'accepted';
  } catch (error) {
    if (isTokenRefusal(error)) return 'refused';
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------

describe('the decoder, fuzzed', () => {
  const tokenish = fc.oneof(
    fc.string({ unit: fc.constantFrom(...`${ALPHABET}.=+/ \t%`), maxLength: 120 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.tuple(jsonObject, jsonObject, fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 50 })).map(([h, p, s]) => `${b64url(JSON.stringify(h))}.${b64url(JSON.stringify(p))}.${s}`),
    fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 })).map(([h, p]) => `${b64url(JSON.stringify(h) ?? '')}.${b64url(JSON.stringify(p) ?? '')}.`),
  );

  it(`reads ${RUNS.decoder} generated strings as two JSON objects from canonical segments, or refuses them with TOKEN_MALFORMED`, () => {
    fc.assert(
      fc.property(tokenish, (input) => {
        let decoded;
        try {
          decoded = decodeToken(input);
        } catch (error) {
          return isJwtKitError(error) && error.code === 'TOKEN_MALFORMED' && error.status === 401;
        }
        const [h, p, s] = segments(input);
        const canonical = (segment: string) => Buffer.from(segment, 'base64url').toString('base64url') === segment;
        const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
        return input.split('.').length === 3 && canonical(h) && canonical(p) && canonical(s) && isObject(decoded.header) && isObject(decoded.payload) && decoded.signingInput === `${h}.${p}`;
      }),
      { seed: SEED, numRuns: RUNS.decoder },
    );
  });

  it(`gives back ${RUNS.roundTrip} generated header and payload objects exactly as encoded`, () => {
    fc.assert(
      fc.property(jsonObject, jsonObject, (header, payload) => {
        const token = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.c2ln`;
        const decoded = decodeToken(token);
        return isDeepStrictEqual(decoded.header, JSON.parse(JSON.stringify(header))) && isDeepStrictEqual(decoded.payload, JSON.parse(JSON.stringify(payload)));
      }),
      { seed: SEED, numRuns: RUNS.roundTrip },
    );
  });
});

describe.each(Object.keys(APPS) as Array<keyof typeof APPS>)('verify under %s, fuzzed', (alg) => {
  const app = APPS[alg];
  const original = app.kit.tokens.issue({ user_id: 1 });

  it('accepts the unmutated token (so a refusal below is about the mutation)', async () => {
    expect(await verdict(app, original)).toBe('accepted');
  });

  it(`accepts none of ${RUNS.mutations} mutations of a real token unless it is unchanged, and refuses with a 401 code`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const mutated = ms.reduce(apply, original);
        const result = await verdict(app, mutated);
        return mutated === original ? result === 'accepted' : result === 'refused';
      }),
      { seed: SEED, numRuns: RUNS.mutations },
    );
  });

  it(`accepts none of ${RUNS.forged} arbitrary headers and payloads signed without our key`, async () => {
    await fc.assert(
      fc.asyncProperty(headerObject, claimsObject, signer, fc.uint8Array({ maxLength: 300 }), async (header, payload, how, garbage) => {
        return (await verdict(app, forge(alg, header, payload, how, garbage))) === 'refused';
      }),
      { seed: SEED, numRuns: RUNS.forged },
    );
  });
});

describe('the guard over HTTP, fuzzed', () => {
  let server: Server;
  let url: string;
  const app = APPS.HS256;
  const original = app.kit.tokens.issue({ user_id: 1 });

  beforeAll(async () => {
    server = app.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const input = fc.oneof(
    fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => ms.reduce(apply, original)),
    fc.tuple(headerObject, claimsObject, signer, fc.uint8Array({ maxLength: 300 })).map(([h, p, how, g]) => forge('HS256', h, p, how, g)),
  );

  it(`answers ${RUNS.http} mutated and forged tokens with a 401 JSON error and a challenge, never a 5xx, and 200 only for the real token`, async () => {
    await fc.assert(
      fc.asyncProperty(input, async (token) => {
        // Node's client refuses to send some characters in a header (a control character): not a server question.
        if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(token)) return true;
        // fetch keeps its connections alive, so a run is a few seconds, not one connection per case.
        const res = await fetch(`${url}/protected`, { headers: { Authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { user_id?: unknown; code?: string; error?: string };
        if (res.status === 200) return token.trim() === original && body.user_id === 1;
        const spec = (ERROR_CODES as Record<string, { status: number; title: string }>)[body.code as string];
        return res.status === 401 && spec?.status === 401 && body.error === spec.title && /^Bearer realm="Login Required"/.test(res.headers.get('www-authenticate') ?? '');
      }),
      { seed: SEED, numRuns: RUNS.http },
    );
    expect(app.errors).toEqual([]);
  });
});

afterAll(() => {
  for (const app of Object.values(APPS)) expect(app.errors).toEqual([]);
});

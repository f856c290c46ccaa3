/**
 * The forged-token table: every class of attack of RFC 8725 sections 2 and 3 and of the jsonwebtoken, jose and
 * fast-jwt advisories, as tokens sent through HTTP to a guarded route. Each row names the input, the status and
 * the code it must get; a 401 must also carry the challenge and no library text, and no row may cause a 5xx.
 *
 * Tokens are made by hand with node:crypto (./mint) or by jose, an independent implementation, never by
 * jwt-kit itself, so a bug shared by our signer and our verifier cannot hide. The positive rows (200) prove
 * that each refusal is about the attack and not about the test's token.
 */
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as jose from 'jose';
import { authenticate, identity, baseConfig, makeApp, SECRET, T, type TestApp, type User } from '../helpers/app';
import type { JwtKitConfig } from '../../src';
import { b64url, flip, mint, padded, segments, setTrailingBits, signature, unsigned, type Alg } from './mint';

// ---------------------------------------------------------------------------------------------------------------
// Keys and apps

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const attackerRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const attackerEc = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ec384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const SECRET2 = 'second-secret-of-the-key-set-0123456789-abcdefghijklmnopqrstuvw';
const ATTACKER_SECRET = 'attacker-secret-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789';

const pkcs8 = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;
const spkiPem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }) as string;
const spkiDer = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
const jwkOf = (key: KeyObject) => key.export({ format: 'jwk' });
const handlers = { authenticate, identity };

const CONFIGS = {
  /** HS256 with one secret and no kid: the classic setup. */
  hs: baseConfig(),
  leeway: baseConfig({ leeway: 10 }),
  audIss: baseConfig({ audience: 'api', issuer: 'https://issuer.example' }),
  rs: { algorithm: 'RS256', privateKey: pkcs8(rsa.privateKey), handlers },
  ps: { algorithm: 'PS256', privateKey: pkcs8(rsa.privateKey), handlers },
  es: { algorithm: 'ES256', privateKey: pkcs8(ec.privateKey), handlers },
  /** A key set: k1 signs, k2 verifies, and an RS256 public key verifies. */
  kids: {
    keys: [
      { kid: 'k1', status: 'current', secret: SECRET },
      { kid: 'k2', secret: SECRET2 },
      { kid: 'rsa', algorithm: 'RS256', publicKey: spkiPem(rsa.publicKey) },
    ],
    handlers,
  },
  cap512: baseConfig({ maxTokenBytes: 512 }),
  cap12k: baseConfig({ maxTokenBytes: 12_000 }),
  /** A bare token in the header, no scheme. */
  bare: baseConfig({ headerPrefix: '' }),
} satisfies Record<string, JwtKitConfig<User>>;
type AppName = keyof typeof CONFIGS;

const apps = Object.fromEntries(Object.entries(CONFIGS).map(([name, config]) => [name, makeApp(config as JwtKitConfig<User>)])) as Record<AppName, TestApp>;

// ---------------------------------------------------------------------------------------------------------------
// Tokens

/** Claims valid at T for user 1 (joe). */
const claims = (extra: Record<string, unknown> = {}) => ({ user_id: 1, iat: T, nbf: T, exp: T + 60, ...extra });
/** The claims as raw JSON, with `exp` written as given (1e999, -0...). */
const rawExp = (exp: string) => `{"user_id":1,"iat":${T},"nbf":${T},"exp":${exp}}`;
const hs = (payload: unknown = claims(), header?: Record<string, unknown> | string, secret: string | Buffer = SECRET) => mint('HS256', payload, secret, { header });
const good = hs();

/** A valid HS256 token whose chosen segment holds a `-` or `_` (so the base64 alphabet spells it differently). */
function withUrlSafeChar(part: 1 | 2): string {
  for (let n = 0; ; n += 1) {
    const token = hs(claims({ n: '\u00ff'.repeat(n % 7) + String(n) }));
    if (/[-_]/.test(segments(token)[part])) return token;
  }
}
const toBase64Alphabet = (segment: string) => segment.replace(/-/g, '+').replace(/_/g, '/');

/** A valid HS256 token of exactly `length` characters (a pad claim sized to fit). */
function tokenOfLength(length: number, mintWith: (payload: unknown) => string = (p) => hs(p)): string {
  // Start a little below the size: base64url writes 4 characters for 3 bytes, and the claims take about 150.
  for (let pad = Math.max(0, Math.floor((length * 3) / 4) - 200); pad < length; pad += 1) {
    const token = mintWith(claims({ pad: 'x'.repeat(pad) }));
    if (token.length === length) return token;
    if (token.length > length) break;
  }
  throw new Error(`no token of length ${length}`);
}

/** A valid HS256 token whose payload segment has unused trailing bits (its length is not a multiple of 4). */
function unpaddedPayload(): string {
  for (let n = 0; ; n += 1) {
    const token = hs(claims({ n: 'x'.repeat(n) }));
    if (segments(token)[1].length % 4 !== 0) return token;
  }
}

/** A segment re-encoded from its bytes with one byte more or fewer. */
const resized = (segment: string, delta: number) => {
  const bytes = Buffer.from(segment, 'base64url');
  return (delta < 0 ? bytes.subarray(0, bytes.length + delta) : Buffer.concat([bytes, Buffer.alloc(delta)])).toString('base64url');
};
const withSignature = (token: string, sig: string) => `${token.slice(0, token.lastIndexOf('.'))}.${sig}`;
const withPayload = (token: string, payload: string) => {
  const [h, , s] = segments(token);
  return `${h}.${payload}.${s}`;
};

/** An ES256 token whose signature is DER (what node:crypto writes by default), not the JOSE r||s form. */
function es256DerSignature(): string {
  const input = `${b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims()))}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const der = require('node:crypto').sign('sha256', Buffer.from(input), ec.privateKey) as Buffer;
  return `${input}.${der.toString('base64url')}`;
}

/** The PKCS#1 form of the RSA public key ("BEGIN RSA PUBLIC KEY"), which fast-jwt took for a secret (CVE-2023-48223). */
const rsaPkcs1Pem = rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const hsWithKey = (key: string | Buffer, header: Record<string, unknown> = {}) => mint('HS256', claims(), key, { header });

/** A JWE-shaped compact token: five segments (RFC 7516). */
const jweShaped = (header: Record<string, unknown>) => [b64url(JSON.stringify(header)), b64url('k'.repeat(32)), b64url('iv-iv-iv-iv-'), b64url('ciphertext'), b64url('tag-tag-tag-tag-')].join('.');

// ---------------------------------------------------------------------------------------------------------------
// The table

interface Row {
  name: string;
  app: AppName;
  token: () => string | Promise<string>;
  /** The header value; default `Bearer <token>` (the bare token for the bare app). */
  header?: (token: string) => string;
  path?: string;
  status: number;
  code: string | null;
}
type Group = { group: string; from: string; rows: Row[] };

const ok = { status: 200, code: null };
const no = (code: string) => ({ status: 401, code });
const row = (app: AppName, name: string, token: Row['token'], expected: { status: number; code: string | null }, extra: Partial<Row> = {}): Row => ({ name, app, token, ...expected, ...extra });

const NONE_SPELLINGS = ['none', 'None', 'NONE', 'nOnE'];

const GROUPS: Group[] = [
  {
    group: 'alg none',
    from: 'RFC 8725 sections 2.1 and 3.1; CVE-2015-9235 (jsonwebtoken); CVE-2022-23540 (jsonwebtoken)',
    rows: [
      ...NONE_SPELLINGS.flatMap((alg) => [
        row('hs', `"${alg}", unsigned`, () => unsigned({ alg, typ: 'JWT' }, claims()), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
        row('hs', `"${alg}", with an HMAC of our secret as signature`, () => mint('HS256', claims(), SECRET, { header: { alg } }), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
        row('rs', `"${alg}" under RS256, unsigned`, () => unsigned({ alg }, claims()), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      ]),
      row('hs', '"none" without the last dot (two segments)', () => unsigned({ alg: 'none' }, claims()).slice(0, -1), no('TOKEN_MALFORMED')),
      row('hs', 'no alg at all, signed with our secret', () => hs(claims(), '{"typ":"JWT"}'), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('hs', 'alg null', () => hs(claims(), { alg: null }), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('hs', 'alg ""', () => hs(claims(), { alg: '' }), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('hs', 'alg ["HS256"]', () => hs(claims(), { alg: ['HS256'] }), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('hs', 'alg "hs256" (lower case), signed with our secret', () => hs(claims(), { alg: 'hs256' }), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('hs', 'alg "HS256 " (trailing space)', () => hs(claims(), { alg: 'HS256 ' }), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('hs', 'alg "HS256\\u0000"', () => hs(claims(), { alg: 'HS256\u0000' }), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
    ],
  },
  {
    group: 'algorithm confusion',
    from: 'RFC 8725 sections 2.1 and 3.1; CVE-2015-9235, CVE-2022-23541 (jsonwebtoken); CVE-2023-48223, CVE-2026-34950 (fast-jwt); CVE-2022-21449 (psychic ECDSA signatures)',
    rows: [
      row('rs', 'HS256 signed with the RSA public key as PEM', () => hsWithKey(spkiPem(rsa.publicKey)), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('rs', 'HS256 signed with the PEM after a newline (CVE-2026-34950)', () => hsWithKey(`\n${spkiPem(rsa.publicKey)}`), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('rs', 'HS256 signed with the PEM without its final newline', () => hsWithKey(spkiPem(rsa.publicKey).trimEnd()), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('rs', 'HS256 signed with the PKCS#1 "RSA PUBLIC KEY" PEM (CVE-2023-48223)', () => hsWithKey(rsaPkcs1Pem), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('rs', 'HS256 signed with the RSA public key as DER', () => hsWithKey(spkiDer(rsa.publicKey)), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('rs', 'HS256 signed with the RSA public key as JWK text', () => hsWithKey(JSON.stringify(jwkOf(rsa.publicKey))), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('rs', 'HS256 signed with the modulus bytes', () => hsWithKey(Buffer.from(jwkOf(rsa.publicKey).n as string, 'base64url')), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('ps', 'HS256 signed with the RSA public key as PEM, under PS256', () => hsWithKey(spkiPem(rsa.publicKey)), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('es', 'HS256 signed with the EC public key as PEM', () => hsWithKey(spkiPem(ec.publicKey)), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('es', 'HS256 signed with the EC public key as DER', () => hsWithKey(spkiDer(ec.publicKey)), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('es', 'HS256 signed with the EC public key as JWK text', () => hsWithKey(JSON.stringify(jwkOf(ec.publicKey))), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('kids', 'HS256 with kid "rsa" (an RS256 key) signed with its PEM', () => hsWithKey(spkiPem(rsa.publicKey), { kid: 'rsa' }), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('rs', 'PS256 signed with our own RSA key, under RS256', () => mint('PS256', claims(), rsa.privateKey), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('rs', 'RS512 signed with our own RSA key, under RS256', () => mint('RS512', claims(), rsa.privateKey), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('ps', 'RS256 signed with our own RSA key, under PS256', () => mint('RS256', claims(), rsa.privateKey), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('es', 'ES384 signed with a P-384 key, under ES256', () => mint('ES384', claims(), ec384.privateKey), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('es', 'ES256 with a DER signature instead of r||s', es256DerSignature, no('TOKEN_BAD_SIGNATURE')),
      row('es', 'ES256 with r = s = 0 (CVE-2022-21449)', () => withSignature(mint('ES256', claims(), ec.privateKey), b64url(Buffer.alloc(64))), no('TOKEN_BAD_SIGNATURE')),
      row('hs', 'RS256 signed by an attacker key, under HS256', () => mint('RS256', claims(), attackerRsa.privateKey), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('hs', 'HS512 signed with our secret, under HS256', () => mint('HS512', claims(), SECRET), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('hs', 'HS384 signed with our secret, under HS256', () => mint('HS384', claims(), SECRET), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
    ],
  },
  {
    group: 'stripped or altered signatures',
    from: 'RFC 8725 section 3.1; RFC 7515 section 5.2',
    rows: [
      row('hs', 'HS256 with the signature stripped (final dot kept)', () => withSignature(good, ''), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('hs', 'HS256 with the signature segment removed', () => good.slice(0, good.lastIndexOf('.')), no('TOKEN_MALFORMED')),
      row('hs', 'one character of the signature changed', () => withSignature(good, flip(segments(good)[2])), no('TOKEN_BAD_SIGNATURE')),
      row('hs', 'the signature one byte short', () => withSignature(good, resized(segments(good)[2], -1)), no('TOKEN_BAD_SIGNATURE')),
      row('hs', 'the signature one byte long', () => withSignature(good, resized(segments(good)[2], 1)), no('TOKEN_BAD_SIGNATURE')),
      row('hs', 'a signature of 32 zero bytes', () => withSignature(good, b64url(Buffer.alloc(32))), no('TOKEN_BAD_SIGNATURE')),
      row('hs', 'the signature of another valid token', () => withSignature(good, segments(hs(claims({ user_id: 2 })))[2]), no('TOKEN_BAD_SIGNATURE')),
      row('hs', 'the payload changed to user 2, signature kept', () => withPayload(good, b64url(JSON.stringify(claims({ user_id: 2 })))), no('TOKEN_BAD_SIGNATURE')),
      row('hs', 'a kid added to the header, signature kept', () => `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'x' }))}.${good.split('.').slice(1).join('.')}`, no('TOKEN_BAD_SIGNATURE')),
      row('hs', 'header and payload swapped', () => { const [h, p, s] = segments(good); return `${p}.${h}.${s}`; }, no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('hs', 'signed over the payload alone', () => { const [h, p] = segments(good); return `${h}.${p}.${signature('HS256', p, SECRET)}`; }, no('TOKEN_BAD_SIGNATURE')),
      row('hs', 'signed with our secret but for its last byte', () => hs(claims(), undefined, `${SECRET.slice(0, -1)}E`), no('TOKEN_BAD_SIGNATURE')),
      row('hs', 'signed with an empty secret', () => hs(claims(), undefined, ''), no('TOKEN_BAD_SIGNATURE')),
      row('rs', 'RS256, one character of the signature changed', () => { const t = mint('RS256', claims(), rsa.privateKey); return withSignature(t, flip(segments(t)[2])); }, no('TOKEN_BAD_SIGNATURE')),
      row('rs', 'RS256 with the signature stripped', () => withSignature(mint('RS256', claims(), rsa.privateKey), ''), no('TOKEN_ALGORITHM_NOT_ALLOWED')),
      row('rs', 'RS256 with a one-byte signature', () => withSignature(mint('RS256', claims(), rsa.privateKey), 'AA'), no('TOKEN_BAD_SIGNATURE')),
      row('rs', 'RS256 signed by another RSA key', () => mint('RS256', claims(), attackerRsa.privateKey), no('TOKEN_BAD_SIGNATURE')),
      row('ps', 'PS256, one character of the signature changed', () => { const t = mint('PS256', claims(), rsa.privateKey); return withSignature(t, flip(segments(t)[2])); }, no('TOKEN_BAD_SIGNATURE')),
      row('es', 'ES256, one character of the signature changed', () => { const t = mint('ES256', claims(), ec.privateKey); return withSignature(t, flip(segments(t)[2])); }, no('TOKEN_BAD_SIGNATURE')),
      row('es', 'ES256 with the signature one byte short', () => { const t = mint('ES256', claims(), ec.privateKey); return withSignature(t, resized(segments(t)[2], -1)); }, no('TOKEN_BAD_SIGNATURE')),
      row('es', 'ES256 signed by another P-256 key', () => mint('ES256', claims(), attackerEc.privateKey), no('TOKEN_BAD_SIGNATURE')),
    ],
  },
  {
    group: 'non-canonical encodings',
    from: 'RFC 7515 section 2 (base64url without padding), RFC 4648 sections 3.5 and 5; RFC 8725 section 3.11 (one spelling per token)',
    rows: [
      row('hs', 'the header padded with "="', () => { const [h, p, s] = segments(good); return `${padded(h)}.${p}.${s}`; }, no('TOKEN_MALFORMED')),
      row('hs', 'the payload padded with "="', () => { const [h, p, s] = segments(good); return `${h}.${padded(p)}.${s}`; }, no('TOKEN_MALFORMED')),
      row('hs', 'the signature padded with "="', () => withSignature(good, padded(segments(good)[2])), no('TOKEN_MALFORMED')),
      row('hs', 'the signature in the base64 alphabet (+ and /)', () => { const t = withUrlSafeChar(2); return withSignature(t, toBase64Alphabet(segments(t)[2])); }, no('TOKEN_MALFORMED')),
      row('hs', 'the payload in the base64 alphabet (+ and /)', () => { const t = withUrlSafeChar(1); return withPayload(t, toBase64Alphabet(segments(t)[1])); }, no('TOKEN_MALFORMED')),
      row('hs', 'unused trailing bits set in the signature', () => withSignature(good, setTrailingBits(segments(good)[2])), no('TOKEN_MALFORMED')),
      row('hs', 'unused trailing bits set in the payload', () => { const t = unpaddedPayload(); return withPayload(t, setTrailingBits(segments(t)[1])); }, no('TOKEN_MALFORMED')),
      row('hs', 'unused trailing bits set in the header', () => { const t = hs(claims(), { alg: 'HS256', typ: 'JWT', x: 1 }); const [h, p, s] = segments(t); return `${setTrailingBits(h)}.${p}.${s}`; }, no('TOKEN_MALFORMED')),
      row('hs', 'a signature of length 4n+1', () => withSignature(good, `${segments(good)[2]}AA`), no('TOKEN_MALFORMED')),
      row('hs', 'a payload of length 4n+1', () => { const [h, p, s] = segments(good); return `${h}.${p}${'A'.repeat((9 - (p.length % 4)) % 4 || 4)}.${s}`; }, no('TOKEN_MALFORMED')),
      row('hs', 'a space inside the token', () => good, { status: 401, code: 'HEADER_TOKEN_SPACES' }, { header: (t) => `Bearer ${t.slice(0, 20)} ${t.slice(20)}` }),
      row('hs', 'a tab inside the token', () => good, { status: 401, code: 'HEADER_TOKEN_SPACES' }, { header: (t) => `Bearer ${t.slice(0, 20)}\t${t.slice(20)}` }),
      row('hs', 'a no-break space (U+00A0) inside the token', () => good, { status: 401, code: 'HEADER_TOKEN_SPACES' }, { header: (t) => `Bearer ${t.slice(0, 20)}\u00a0${t.slice(20)}` }),
      row('hs', 'dots written %2E', () => good.replace(/\./g, '%2E'), no('TOKEN_MALFORMED')),
      row('hs', 'a leading dot', () => `.${good}`, no('TOKEN_MALFORMED')),
      row('hs', 'a trailing dot', () => `${good}.`, no('TOKEN_MALFORMED')),
      row('hs', 'a byte-order mark before the claims, signed', () => hs(`\ufeff${JSON.stringify(claims())}`), no('TOKEN_MALFORMED')),
      row('hs', 'the claims in UTF-16, signed', () => mint('HS256', '', SECRET, { header: undefined }).replace(/^([^.]*)\.[^.]*\..*$/, (_m, h: string) => { const input = `${h}.${Buffer.from(JSON.stringify(claims()), 'utf16le').toString('base64url')}`; return `${input}.${signature('HS256', input, SECRET)}`; }), no('TOKEN_MALFORMED')),
      row('hs', 'invalid UTF-8 in a claim, signed', () => { const input = `${b64url('{"alg":"HS256"}')}.${b64url(Buffer.concat([Buffer.from(rawExp(String(T + 60)).slice(0, -1)), Buffer.from(',"n":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]))}`; return `${input}.${signature('HS256', input, SECRET)}`; }, no('TOKEN_MALFORMED')),
      row('hs', 'an overlong UTF-8 quote (C0 A2), signed', () => { const input = `${b64url('{"alg":"HS256"}')}.${b64url(Buffer.concat([Buffer.from('{"user_id":1,"n":"'), Buffer.from([0xc0, 0xa2]), Buffer.from(`","iat":${T},"nbf":${T},"exp":${T + 60}}`)]))}`; return `${input}.${signature('HS256', input, SECRET)}`; }, no('TOKEN_MALFORMED')),
      row('hs', 'JSON whitespace around the claims, signed (still JSON)', () => hs(` \n\t${JSON.stringify(claims(), null, 2)} \r\n`), ok),
    ],
  },
  {
    group: 'claims of the wrong type',
    from: 'RFC 7519 sections 2 (NumericDate) and 4.1; RFC 8725 section 3.10 (validate all claims); fast-jwt issue 552 (iss as an array)',
    rows: [
      row('hs', 'exp as a string of digits', () => hs(claims({ exp: String(T + 60) })), no('TOKEN_CLAIM_INVALID')),
      row('hs', 'exp as an empty string', () => hs(claims({ exp: '' })), no('TOKEN_CLAIM_INVALID')),
      row('hs', 'exp as "1e999"', () => hs(claims({ exp: '1e999' })), no('TOKEN_CLAIM_INVALID')),
      row('hs', 'exp as an array', () => hs(claims({ exp: [T + 60] })), no('TOKEN_CLAIM_INVALID')),
      row('hs', 'exp as an object ({"$gt": 0})', () => hs(claims({ exp: { $gt: 0 } })), no('TOKEN_CLAIM_INVALID')),
      row('hs', 'exp null', () => hs(claims({ exp: null })), no('TOKEN_CLAIM_INVALID')),
      row('hs', 'exp true', () => hs(claims({ exp: true })), no('TOKEN_CLAIM_INVALID')),
      row('hs', 'exp 1e999 (JSON for Infinity)', () => hs(rawExp('1e999')), no('TOKEN_CLAIM_INVALID')),
      row('hs', 'exp -1e999', () => hs(rawExp('-1e999')), no('TOKEN_CLAIM_INVALID')),
      row('hs', 'exp -0', () => hs(rawExp('-0')), no('TOKEN_EXPIRED')),
      row('hs', 'exp written with an exponent (1.70000006e9)', () => hs(rawExp('1.70000006e9')), ok),
      row('hs', 'exp with a fraction (T + 60.5)', () => hs(rawExp(`${T + 60}.5`)), ok),
      row('hs', 'exp missing', () => hs({ user_id: 1, iat: T, nbf: T }), no('TOKEN_CLAIM_MISSING')),
      row('hs', 'nbf as a string', () => hs(claims({ nbf: '0' })), no('TOKEN_CLAIM_INVALID')),
      row('hs', 'nbf null', () => hs(claims({ nbf: null })), no('TOKEN_CLAIM_INVALID')),
      row('hs', 'iat as an array', () => hs(claims({ iat: [] })), no('TOKEN_CLAIM_INVALID')),
      row('hs', 'iat missing', () => hs({ user_id: 1, nbf: T, exp: T + 60 }), no('TOKEN_CLAIM_MISSING')),
      row('hs', 'user_id "1" (a string), as identity sees it', () => hs(claims({ user_id: '1' })), no('USER_NOT_FOUND')),
      row('hs', 'user_id {"$ne": null}', () => hs(claims({ user_id: { $ne: null } })), no('USER_NOT_FOUND')),
      row('hs', 'user_id true', () => hs(claims({ user_id: true })), no('USER_NOT_FOUND')),
      row('hs', 'user_id only in "__proto__"', () => hs(`{"__proto__":{"user_id":1},"iat":${T},"nbf":${T},"exp":${T + 60}}`), no('USER_NOT_FOUND')),
      row('hs', 'user_id 1.0 (the number 1)', () => hs(`{"user_id":1.0,"iat":${T},"nbf":${T},"exp":${T + 60}}`), ok),
      row('audIss', 'aud and iss as configured', () => hs(claims({ aud: 'api', iss: 'https://issuer.example' })), ok),
      row('audIss', 'aud a list holding ours', () => hs(claims({ aud: ['other', 'api'], iss: 'https://issuer.example' })), ok),
      row('audIss', 'aud a number', () => hs(claims({ aud: 1, iss: 'https://issuer.example' })), no('TOKEN_AUDIENCE_INVALID')),
      row('audIss', 'aud a nested list', () => hs(claims({ aud: [['api']], iss: 'https://issuer.example' })), no('TOKEN_AUDIENCE_INVALID')),
      row('audIss', 'aud an object', () => hs(claims({ aud: { api: true }, iss: 'https://issuer.example' })), no('TOKEN_AUDIENCE_INVALID')),
      row('audIss', 'aud missing', () => hs(claims({ iss: 'https://issuer.example' })), no('TOKEN_AUDIENCE_INVALID')),
      row('audIss', 'iss a list holding ours', () => hs(claims({ aud: 'api', iss: ['https://issuer.example'] })), no('TOKEN_ISSUER_INVALID')),
      row('audIss', 'iss a list of another and ours', () => hs(claims({ aud: 'api', iss: ['https://evil.example', 'https://issuer.example'] })), no('TOKEN_ISSUER_INVALID')),
      row('audIss', 'iss with a trailing slash', () => hs(claims({ aud: 'api', iss: 'https://issuer.example/' })), no('TOKEN_ISSUER_INVALID')),
      row('audIss', 'iss missing', () => hs(claims({ aud: 'api' })), no('TOKEN_ISSUER_INVALID')),
    ],
  },
  {
    group: 'non-object headers and payloads',
    from: 'RFC 7519 section 7.2 (steps 3 and 10); RFC 7515 section 4',
    rows: [
      ...['null', '[]', '1', '"text"', 'true', JSON.stringify([claims()]), 'not json'].map((payload) =>
        row('hs', `a payload of ${payload.length > 20 ? 'an array of the claims' : payload}, signed`, () => hs(payload), no('TOKEN_MALFORMED')),
      ),
      row('hs', 'an empty payload, signed', () => hs(''), no('TOKEN_MALFORMED')),
      ...['null', '[]', '"HS256"', ''].map((header) => row('hs', `a header of ${header || 'nothing'}, signed`, () => hs(claims(), header), no('TOKEN_MALFORMED'))),
    ],
  },
  {
    group: 'crit',
    from: 'RFC 7515 section 4.1.11, RFC 7797 (b64); CVE-2026-35042 (fast-jwt)',
    rows: [
      row('hs', 'crit ["exp"] with an exp header', () => hs(claims(), { crit: ['exp'], exp: T + 60 }), no('TOKEN_CRIT_UNSUPPORTED')),
      row('hs', 'crit ["x-custom-policy"]', () => hs(claims(), { crit: ['x-custom-policy'], 'x-custom-policy': 'require-mfa' }), no('TOKEN_CRIT_UNSUPPORTED')),
      row('hs', 'crit ["b64"] with b64 false (unencoded payload)', () => hs(claims(), { crit: ['b64'], b64: false }), no('TOKEN_CRIT_UNSUPPORTED')),
      row('hs', 'crit [] (which RFC 7515 forbids)', () => hs(claims(), { crit: [] }), no('TOKEN_CRIT_UNSUPPORTED')),
      row('hs', 'crit "kid" (not a list)', () => hs(claims(), { crit: 'kid', kid: 'a' }), no('TOKEN_CRIT_UNSUPPORTED')),
      row('hs', 'crit null', () => hs(claims(), { crit: null }), no('TOKEN_CRIT_UNSUPPORTED')),
      row('rs', 'crit under RS256', () => mint('RS256', claims(), rsa.privateKey, { header: { crit: ['x'], x: 1 } }), no('TOKEN_CRIT_UNSUPPORTED')),
      row('hs', 'an unknown header parameter without crit (ignored, as RFC 7515 says)', () => hs(claims(), { 'x-custom': 1 }), ok),
    ],
  },
  {
    group: 'kid, jku, x5u, jwk and x5c injection',
    from: 'RFC 8725 section 3.10; RFC 7515 sections 4.1.2 to 4.1.6; CVE-2018-0114 (node-jose, embedded jwk)',
    rows: [
      ...['../../../../../../dev/null', '/dev/null', "x' UNION SELECT 'secret", "' OR '1'='1", '|cat /etc/passwd', '__proto__', 'constructor', 'toString', 'K1', '', 'k1\u0000'].map((kid) =>
        row('kids', `kid ${JSON.stringify(kid)}`, () => hs(claims(), { kid }, ''), no('TOKEN_KEY_UNKNOWN')),
      ),
      ...[1, ['k1'], null, { kid: 'k1' }].map((kid) => row('kids', `kid ${JSON.stringify(kid)} (not a string)`, () => hs(claims(), { kid }), no('TOKEN_KEY_UNKNOWN'))),
      row('kids', 'kid "k2" signed with the secret of k1', () => hs(claims(), { kid: 'k2' }), no('TOKEN_BAD_SIGNATURE')),
      row('kids', 'no kid, signed with the secret of k2 (only the current key checks it)', () => hs(claims(), undefined, SECRET2), no('TOKEN_BAD_SIGNATURE')),
      row('kids', 'kid "k1", signed with k1', () => hs(claims(), { kid: 'k1' }), ok),
      row('kids', 'kid "k2", signed with k2', () => hs(claims(), { kid: 'k2' }, SECRET2), ok),
      row('kids', 'no kid, signed with the current key', () => hs(claims()), ok),
      row('kids', 'kid "rsa", RS256 signed with its private key', () => mint('RS256', claims(), rsa.privateKey, { header: { kid: 'rsa' } }), ok),
      row('hs', 'a path kid, signed with an empty secret, under a single key', () => hs(claims(), { kid: '../../../../dev/null' }, ''), no('TOKEN_BAD_SIGNATURE')),
      row('hs', 'an SQL kid, signed with our secret: a single key ignores kid', () => hs(claims(), { kid: "' OR 1=1 --" }), ok),
      row('rs', 'jwk: the attacker\'s public key embedded, signed with it', () => mint('RS256', claims(), attackerRsa.privateKey, { header: { jwk: jwkOf(attackerRsa.publicKey) } }), no('TOKEN_BAD_SIGNATURE')),
      row('rs', 'jwk: our public key embedded, signed by the attacker', () => mint('RS256', claims(), attackerRsa.privateKey, { header: { jwk: jwkOf(rsa.publicKey) } }), no('TOKEN_BAD_SIGNATURE')),
      row('rs', 'jku: the attacker\'s key set URL', () => mint('RS256', claims(), attackerRsa.privateKey, { header: { jku: 'https://attacker.example/jwks.json', kid: 'a' } }), no('TOKEN_BAD_SIGNATURE')),
      row('rs', 'x5u: the attacker\'s certificate URL', () => mint('RS256', claims(), attackerRsa.privateKey, { header: { x5u: 'https://attacker.example/cert.pem' } }), no('TOKEN_BAD_SIGNATURE')),
      row('rs', 'x5c: the attacker\'s key as a chain', () => mint('RS256', claims(), attackerRsa.privateKey, { header: { x5c: [spkiDer(attackerRsa.publicKey).toString('base64')] } }), no('TOKEN_BAD_SIGNATURE')),
      row('rs', 'jwk, jku, x5u and x5c present, signed with our key (ignored)', () => mint('RS256', claims(), rsa.privateKey, { header: { jwk: jwkOf(attackerRsa.publicKey), jku: 'https://a.example', x5u: 'https://a.example', x5c: ['AA=='] } }), ok),
      row('es', 'jwk: the attacker\'s EC key embedded, signed with it', () => mint('ES256', claims(), attackerEc.privateKey, { header: { jwk: jwkOf(attackerEc.publicKey) } }), no('TOKEN_BAD_SIGNATURE')),
      row('hs', 'jwk: an oct key embedded, HS256 signed with it', () => hs(claims(), { jwk: { kty: 'oct', k: b64url(ATTACKER_SECRET) } }, ATTACKER_SECRET), no('TOKEN_BAD_SIGNATURE')),
    ],
  },
  {
    group: 'expiry and not-before boundaries',
    from: 'RFC 7519 sections 4.1.4 ("on or after"), 4.1.5 and 4.1.6; RFC 8725 section 3.10',
    rows: [
      row('hs', 'exp = now', () => hs(claims({ iat: T - 60, nbf: T - 60, exp: T })), no('TOKEN_EXPIRED')),
      row('hs', 'exp = now - 1', () => hs(claims({ iat: T - 60, nbf: T - 60, exp: T - 1 })), no('TOKEN_EXPIRED')),
      row('hs', 'exp = now - 0.5', () => hs(claims({ iat: T - 60, nbf: T - 60, exp: T - 0.5 })), no('TOKEN_EXPIRED')),
      row('hs', 'exp = now + 0.5', () => hs(claims({ exp: T + 0.5 })), ok),
      row('hs', 'exp = now + 1', () => hs(claims({ exp: T + 1 })), ok),
      row('hs', 'nbf = now', () => hs(claims({ nbf: T })), ok),
      row('hs', 'nbf = now + 0.5', () => hs(claims({ nbf: T + 0.5 })), no('TOKEN_NOT_YET_VALID')),
      row('hs', 'nbf = now + 1', () => hs(claims({ nbf: T + 1 })), no('TOKEN_NOT_YET_VALID')),
      row('hs', 'iat = now', () => hs(claims({ iat: T })), ok),
      row('hs', 'iat = now + 1', () => hs(claims({ iat: T + 1 })), no('TOKEN_ISSUED_IN_FUTURE')),
      row('leeway', 'leeway 10: exp = now', () => hs(claims({ iat: T - 60, nbf: T - 60, exp: T })), ok),
      row('leeway', 'leeway 10: exp = now - 9', () => hs(claims({ iat: T - 60, nbf: T - 60, exp: T - 9 })), ok),
      row('leeway', 'leeway 10: exp = now - 10', () => hs(claims({ iat: T - 60, nbf: T - 60, exp: T - 10 })), no('TOKEN_EXPIRED')),
      row('leeway', 'leeway 10: nbf = now + 10', () => hs(claims({ nbf: T + 10 })), ok),
      row('leeway', 'leeway 10: nbf = now + 11', () => hs(claims({ nbf: T + 11 })), no('TOKEN_NOT_YET_VALID')),
      row('leeway', 'leeway 10: iat = now + 10', () => hs(claims({ iat: T + 10 })), ok),
      row('leeway', 'leeway 10: iat = now + 11', () => hs(claims({ iat: T + 11 })), no('TOKEN_ISSUED_IN_FUTURE')),
    ],
  },
  {
    group: 'oversized inputs',
    from: 'OWASP Input Validation Cheat Sheet; CWE-400, CWE-770 (resources without limits)',
    rows: [
      row('hs', 'a valid token of exactly maxTokenBytes (8192)', () => tokenOfLength(8192), ok),
      row('hs', 'a valid token of 8193 bytes', () => tokenOfLength(8193), no('TOKEN_TOO_LARGE')),
      row('hs', '8193 bytes of "a"', () => 'a'.repeat(8193), no('TOKEN_TOO_LARGE')),
      row('hs', '8192 bytes of "a" (at the cap, then malformed)', () => 'a'.repeat(8192), no('TOKEN_MALFORMED')),
      row('hs', 'a token at the cap after two spaces (the header is one byte over)', () => tokenOfLength(8192), no('TOKEN_TOO_LARGE'), { header: (t) => `Bearer  ${t}` }),
      row('hs', 'Basic credentials over the cap', () => 'a'.repeat(9000), no('TOKEN_TOO_LARGE'), { header: (t) => `Basic ${t}` }),
      row('hs', 'over the cap at the optional guard (not anonymous)', () => 'a'.repeat(9000), no('TOKEN_TOO_LARGE'), { path: '/optional' }),
      row('hs', 'a 20 KiB header (Node answers 431 before jwt-kit)', () => 'a'.repeat(20 * 1024), { status: 431, code: null }),
      row('cap512', 'maxTokenBytes 512: a valid token of 512 bytes', () => tokenOfLength(512), ok),
      row('cap512', 'maxTokenBytes 512: a valid token of 513 bytes', () => tokenOfLength(513), no('TOKEN_TOO_LARGE')),
      row('cap12k', 'maxTokenBytes 12000: a valid token of 10000 bytes', () => tokenOfLength(10_000), ok),
      row('bare', 'a bare token (no scheme) of 8192 bytes', () => tokenOfLength(8192), ok),
      row('bare', 'a bare token (no scheme) of 8193 bytes', () => tokenOfLength(8193), no('TOKEN_TOO_LARGE')),
      row('hs', '5,000 dots', () => '.'.repeat(5000), no('TOKEN_MALFORMED')),
      row('hs', 'a claim nested 1,000 objects deep, signed', () => hs(`{"user_id":1,"iat":${T},"nbf":${T},"exp":${T + 60},"deep":${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}}`), ok),
      row('hs', 'a payload of 3,000 nested arrays, signed', () => hs(`${'['.repeat(3000)}${']'.repeat(3000)}`), no('TOKEN_MALFORMED')),
    ],
  },
  {
    group: 'duplicate member names',
    from: 'RFC 7515 section 5.2, RFC 7519 section 4, RFC 8259 section 4 (parser differentials)',
    rows: [
      row('hs', 'header {"alg":"none","alg":"HS256"}, signed with our secret', () => hs(claims(), '{"alg":"none","alg":"HS256"}'), no('TOKEN_MALFORMED')),
      row('hs', 'header {"alg":"HS256","alg":"HS256"}', () => hs(claims(), '{"alg":"HS256","alg":"HS256"}'), no('TOKEN_MALFORMED')),
      row('kids', 'header with kid twice', () => hs(claims(), '{"alg":"HS256","kid":"k2","kid":"k1"}'), no('TOKEN_MALFORMED')),
      row('hs', 'payload with user_id twice', () => hs(`{"user_id":2,"user_id":1,"iat":${T},"nbf":${T},"exp":${T + 60}}`), no('TOKEN_MALFORMED')),
      row('hs', 'payload with exp twice', () => hs(`{"user_id":1,"iat":${T},"nbf":${T},"exp":1,"exp":${T + 60}}`), no('TOKEN_MALFORMED')),
      row('hs', 'payload with user_id twice, once escaped', () => hs(`{"user_id":2,"\\u0075ser_id":1,"iat":${T},"nbf":${T},"exp":${T + 60}}`), no('TOKEN_MALFORMED')),
      row('hs', 'a repeated name in a nested claim', () => hs(`{"user_id":1,"iat":${T},"nbf":${T},"exp":${T + 60},"scope":{"admin":false,"admin":true}}`), no('TOKEN_MALFORMED')),
    ],
  },
  {
    group: 'other serializations',
    from: 'RFC 7516 (JWE), RFC 7515 section 7.2 (JWS JSON serialization), RFC 7515 appendix F (detached payload); CVE-2022-36083 (jose, PBES2 p2c), CVE-2024-28176 (jose, JWE zip)',
    rows: [
      row('hs', 'a JWE from jose (dir, A256GCM)', () => new jose.CompactEncrypt(Buffer.from(JSON.stringify(claims()))).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(Buffer.alloc(32, 7)), no('TOKEN_MALFORMED')),
      row('hs', 'a JWE with PBES2 and p2c 2^31 (CVE-2022-36083)', () => jweShaped({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', p2c: 2 ** 31, p2s: b64url('salt-salt-salt-s') }), no('TOKEN_MALFORMED')),
      row('hs', 'a JWE with zip DEF (CVE-2024-28176)', () => jweShaped({ alg: 'dir', enc: 'A256GCM', zip: 'DEF' }), no('TOKEN_MALFORMED')),
      row('hs', 'a flattened JWS JSON serialization from jose', async () => JSON.stringify(await new jose.FlattenedSign(Buffer.from(JSON.stringify(claims()))).setProtectedHeader({ alg: 'HS256' }).sign(Buffer.from(SECRET))), no('TOKEN_MALFORMED')),
      row('hs', 'a general JWS JSON serialization from jose', async () => JSON.stringify(await new jose.GeneralSign(Buffer.from(JSON.stringify(claims()))).addSignature(Buffer.from(SECRET)).setProtectedHeader({ alg: 'HS256' }).done().sign()), no('TOKEN_MALFORMED')),
      row('hs', 'the JSON serialization, base64url-encoded', async () => b64url(JSON.stringify(await new jose.FlattenedSign(Buffer.from(JSON.stringify(claims()))).setProtectedHeader({ alg: 'HS256' }).sign(Buffer.from(SECRET)))), no('TOKEN_MALFORMED')),
      row('hs', 'the flattened serialization\'s parts joined compactly', async () => { const jws = await new jose.FlattenedSign(Buffer.from(JSON.stringify(claims()))).setProtectedHeader({ alg: 'HS256' }).sign(Buffer.from(SECRET)); return `${jws.protected}.${jws.payload}.${jws.signature}`; }, ok),
      row('hs', 'a detached payload (header..signature)', () => { const [h, , s] = segments(good); return `${h}..${s}`; }, no('TOKEN_MALFORMED')),
    ],
  },
  {
    group: 'interop: tokens signed by jose',
    from: 'RFC 7515, RFC 7518 section 3; an independent implementation',
    rows: [
      row('hs', 'jose HS256', () => joseToken('HS256', Buffer.from(SECRET)), ok),
      row('rs', 'jose RS256', () => joseToken('RS256', rsa.privateKey), ok),
      row('ps', 'jose PS256', () => joseToken('PS256', rsa.privateKey), ok),
      row('es', 'jose ES256', () => joseToken('ES256', ec.privateKey), ok),
      row('kids', 'jose HS256 with kid "k2"', () => joseToken('HS256', Buffer.from(SECRET2), 'k2'), ok),
      row('kids', 'jose RS256 with kid "rsa"', () => joseToken('RS256', rsa.privateKey, 'rsa'), ok),
      row('rs', 'jose RS256 signed by another key', () => joseToken('RS256', attackerRsa.privateKey), no('TOKEN_BAD_SIGNATURE')),
    ],
  },
];

function joseToken(alg: Alg, key: KeyObject | Uint8Array, kid?: string): Promise<string> {
  return new jose.SignJWT({ user_id: 1 })
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid !== undefined && { kid }) })
    .setIssuedAt(T)
    .setNotBefore(T)
    .setExpirationTime(T + 60)
    .sign(key);
}

const ROWS = GROUPS.flatMap(({ group, rows }) => rows.map((r) => [`${group}: ${r.name}`, r] as const));

// Library or parser text that must never reach a client.
const LIBRARY_TEXT = /jwt malformed|invalid signature|JsonWebTokenError|Unexpected token|SyntaxError|TypeError|RangeError|at \w+ \(/;

describe('forged and malformed tokens through HTTP', () => {
  it(`has a row for every class, ${ROWS.length} in all`, () => {
    expect(GROUPS.map((g) => g.group)).toEqual([
      'alg none', 'algorithm confusion', 'stripped or altered signatures', 'non-canonical encodings', 'claims of the wrong type',
      'non-object headers and payloads', 'crit', 'kid, jku, x5u, jwk and x5c injection', 'expiry and not-before boundaries',
      'oversized inputs', 'duplicate member names', 'other serializations', 'interop: tokens signed by jose',
    ]);
    expect(ROWS.length).toBeGreaterThanOrEqual(150);
  });

  it.each(ROWS)('%s', async (_name, r) => {
    const app = apps[r.app];
    const token = await r.token();
    const header = r.header ? r.header(token) : CONFIGS[r.app] === CONFIGS.bare ? token : `Bearer ${token}`;
    const res = await app.http.get(r.path ?? '/protected').set('Authorization', header);
    expect([res.status, (res.body as { code?: string }).code ?? null]).toEqual([r.status, r.code]);
    if (r.status === 200) expect(res.body).toEqual({ hello: 'joe', user_id: 1 });
    if (r.status === 401) {
      expect(Object.keys(res.body).sort()).toEqual(['code', 'description', 'error', 'status_code']);
      const challenge = res.headers['www-authenticate'] as string;
      const expected = r.code === 'HEADER_TOKEN_SPACES' ? 'invalid_request' : 'invalid_token';
      expect(challenge).toMatch(new RegExp(`^Bearer realm="Login Required", error="${expected}", error_description="[^"]+"$`));
      expect(JSON.stringify(res.body)).not.toMatch(LIBRARY_TEXT);
    }
    expect(app.errors).toEqual([]);
  });
});

describe('interop: jwt-kit tokens verify in jose', () => {
  const cases: Array<[AppName, Alg, KeyObject | Uint8Array]> = [
    ['hs', 'HS256', Buffer.from(SECRET)],
    ['rs', 'RS256', rsa.publicKey],
    ['ps', 'PS256', createPublicKey(pkcs8(rsa.privateKey))],
    ['es', 'ES256', ec.publicKey],
  ];
  it.each(cases)('the login route of the %s app issues %s tokens that jose verifies', async (name, alg, key) => {
    const res = await apps[name].http.post('/auth').send({ username: 'joe', password: 'pass' });
    expect(res.status).toBe(200);
    const { payload, protectedHeader } = await jose.jwtVerify(res.body.token as string, key, { algorithms: [alg], currentDate: new Date(T * 1000), typ: 'JWT' });
    expect(protectedHeader).toEqual({ alg, typ: 'JWT' });
    expect(payload).toEqual({ user_id: 1, iat: T, nbf: T, exp: T + 300, jti: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('the kid of a key set goes in the header and picks the key in jose', async () => {
    const token = apps.kids.kit.tokens.issue({ user_id: 1 });
    // jose's key sets hold no oct keys: a key function picks the secret by kid, as a JWKS would.
    const byKid = (header: jose.JWSHeaderParameters) => Buffer.from(({ k1: SECRET, k2: SECRET2 } as Record<string, string>)[header.kid ?? ''] ?? '');
    const { protectedHeader } = await jose.jwtVerify(token, byKid, { algorithms: ['HS256'], currentDate: new Date(T * 1000) });
    expect(protectedHeader.kid).toBe('k1');
  });
});

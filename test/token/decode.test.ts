/**
 * The one decoder, alone (src/token/decode.ts), and through HTTP where the guard must refuse what it refuses:
 * non-canonical base64url in any segment (so a signature has one spelling), invalid UTF-8, non-objects.
 */
import { createSign, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { decodeToken } from '../../src';
import { isCanonicalBase64url } from '../../src/token/decode';
import { thrownBy } from '../helpers/thrown';
import { baseConfig, makeApp, SECRET, T, type User } from '../helpers/app';
import { b64url, forge, hmacSign } from '../helpers/forge';
import type { JwtKitConfig } from '../../src';

const claims = { user_id: 1, iat: T, nbf: T, exp: T + 60 };

/** Sets the unused low bits of a base64url segment's last character, which Node's decoder ignores. */
function setTrailingBits(segment: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const spare = segment.length % 4 === 2 ? 0b1111 : 0b11;
  const last = alphabet.indexOf(segment.at(-1)!);
  return segment.slice(0, -1) + alphabet[last | spare];
}

describe('decodeToken', () => {
  const token = forge(claims, SECRET);

  it('splits a token once into header, payload, signature and signing input', () => {
    const [h, p, s] = token.split('.');
    expect(decodeToken(token)).toEqual({ header: { alg: 'HS256', typ: 'JWT' }, payload: claims, signature: s, signingInput: `${h}.${p}` });
  });

  it.each([
    ['', 'it is empty'],
    ['abc', 'expected 3 base64url segments separated by dots (header.payload.signature), found 1'],
    ['a.b.c.d.e', 'it has 5 segments, so it is an encrypted JWE; jwt-kit reads signed JWS tokens'],
    [`${token} `, 'it contains whitespace'],
    [`${token.split('.')[0]}=.${token.split('.').slice(1).join('.')}`, 'the header is padded with "=": base64url in a JWT carries no padding'],
    [`${token.split('.')[0]}.${b64url('{"a":1}').replace(/_/g, '/')}+.sig`, 'the payload is not base64url'],
    [`${token.split('.')[0]}.A.sig`, 'the payload is not canonical base64url (its length or its last character\'s unused bits are wrong)'],
    [`${b64url('[1]')}.${b64url('{}')}.`, 'the header is not a JSON object'],
    [`${b64url('{"alg":"HS256"}')}.${b64url('"text"')}.`, 'the payload is not a JSON object'],
    [`${b64url('{"alg":"HS256"}')}.${b64url('{nope')}.`, 'the payload is not JSON'],
  ])('refuses %j: %s', (input, reason) => {
    const error = thrownBy(() => decodeToken(input));
    expect([error.code, error.description]).toEqual(['TOKEN_MALFORMED', `Malformed token: ${reason}`]);
  });

  it('refuses a payload that is not valid UTF-8 (Node would read it as U+FFFD)', () => {
    const bad = Buffer.concat([Buffer.from('{"user_id":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const error = thrownBy(() => decodeToken(`${b64url('{"alg":"HS256"}')}.${b64url(bad)}.${hmacSign('x', SECRET, 'HS256')}`));
    expect(error.description).toBe('Malformed token: the payload is not valid UTF-8');
  });

  it('accepts a payload that carries U+FFFD itself, as valid UTF-8 (EF BF BD)', () => {
    const payload = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xef, 0xbf, 0xbd]), Buffer.from('"}')]);
    expect(decodeToken(`${b64url('{"alg":"HS256"}')}.${b64url(payload)}.${hmacSign('x', SECRET, 'HS256')}`).payload).toEqual({ name: '\uFFFD' });
  });

  it('refuses surrogate halves and overlong forms, which Node also reads as U+FFFD', () => {
    for (const bytes of [[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      const payload = Buffer.concat([Buffer.from('{"name":"'), Buffer.from(bytes), Buffer.from('"}')]);
      const error = thrownBy(() => decodeToken(`${b64url('{"alg":"HS256"}')}.${b64url(payload)}.${hmacSign('x', SECRET, 'HS256')}`));
      expect(error.description).toBe('Malformed token: the payload is not valid UTF-8');
    }
  });

  it('refuses set unused trailing bits in the signature, though they decode to the same bytes', () => {
    const signature = token.split('.')[2]!;
    const altered = setTrailingBits(signature);
    expect(altered).not.toBe(signature);
    expect(Buffer.from(altered, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(thrownBy(() => decodeToken(`${token.slice(0, token.lastIndexOf('.'))}.${altered}`)).code).toBe('TOKEN_MALFORMED');
  });

  it('knows canonical base64url from the other spellings of the same bytes', () => {
    for (let length = 0; length < 40; length += 1) {
      const bytes = Buffer.alloc(length, 0xa5);
      const canonical = bytes.toString('base64url');
      expect(isCanonicalBase64url(canonical)).toBe(true);
      expect(isCanonicalBase64url(bytes.toString('base64'))).toBe(length % 3 === 0 && !/[+/]/.test(bytes.toString('base64')));
      if (canonical.length % 4 !== 0) expect(isCanonicalBase64url(setTrailingBits(canonical))).toBe(false);
    }
  });
});

describe('the guard refuses a signature with altered trailing bits, for every kind of key', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = (key: import('node:crypto').KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }) as string;
  const signWith: Record<string, (input: string) => Buffer> = {
    HS256: (input) => Buffer.from(hmacSign(input, SECRET, 'HS256'), 'base64url'),
    RS256: (input) => createSign('RSA-SHA256').update(input).sign(rsa.privateKey),
    PS256: (input) => cryptoSign('sha256', Buffer.from(input), { key: rsa.privateKey, padding: 6, saltLength: 32 }),
    ES256: (input) => cryptoSign('sha256', Buffer.from(input), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }),
  };
  const configs: Record<string, JwtKitConfig<User>> = {
    HS256: baseConfig(),
    RS256: { algorithm: 'RS256', privateKey: pem(rsa.privateKey), handlers: baseConfig().handlers },
    PS256: { algorithm: 'PS256', privateKey: pem(rsa.privateKey), handlers: baseConfig().handlers },
    ES256: { algorithm: 'ES256', privateKey: pem(ec.privateKey), handlers: baseConfig().handlers },
  };

  it.each(Object.keys(signWith))('%s', async (alg) => {
    const app = makeApp(configs[alg]);
    const input = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
    const signature = signWith[alg]!(input).toString('base64url');
    // The genuine token passes, so the refusal below is the trailing bits' doing.
    expect((await app.http.get('/protected').set('Authorization', `Bearer ${input}.${signature}`)).status).toBe(200);
    const res = await app.http.get('/protected').set('Authorization', `Bearer ${input}.${setTrailingBits(signature)}`);
    expect([res.status, res.body.code]).toEqual([401, 'TOKEN_MALFORMED']);
  });
});

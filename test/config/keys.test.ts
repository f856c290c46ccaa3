/**
 * Key options (src/config/keys.ts): every secret form gives the same key bytes, floors count bytes per
 * algorithm, key pairs must belong together, and key lists are checked as a whole. Through resolveConfig and
 * createKit, the public surface.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createKit, resolveConfig, type JwtKitConfig } from '../../src';
import { thrownBy } from '../helpers/thrown';
import { authenticate, identity, makeApp, T, type User } from '../helpers/app';
import { forge } from '../helpers/forge';
import { removeTempProjects, tempProject } from './temp-project';

afterAll(removeTempProjects);

const BYTES = randomBytes(64); // binary: no text form of it exists
const handlers = { authenticate, identity };
const claims = { user_id: 1, iat: T, nbf: T, exp: T + 60 };

describe('every HMAC secret form gives the same key, and a token signed with those bytes passes', () => {
  const project = tempProject();
  writeFileSync(project.path('raw.key'), BYTES);
  writeFileSync(project.path('key.jwk.json'), JSON.stringify({ kty: 'oct', k: BYTES.toString('base64url') }));
  const text = 'a text secret of more than sixty-four bytes, read as its UTF-8 bytes';
  const forms: Array<[string, JwtKitConfig<User>, Buffer]> = [
    ['text', { secret: text }, Buffer.from(text)],
    ['base64:', { secret: `base64:${BYTES.toString('base64')}` }, BYTES],
    ['base64url:', { secret: `base64url:${BYTES.toString('base64url')}` }, BYTES],
    ['hex:', { secret: `hex:${BYTES.toString('hex')}` }, BYTES],
    ['hex: in the environment variable', { secretEnv: 'HEX_SECRET' }, BYTES],
    ['a raw-bytes file', { secretFile: 'raw.key' }, BYTES],
    ['an inline JWK', { jwk: { kty: 'oct', k: BYTES.toString('base64url') } }, BYTES],
    ['a JWK file', { jwkFile: 'key.jwk.json' }, BYTES],
  ];

  it.each(forms)('%s', async (_form, keyOptions, bytes) => {
    const config = { algorithm: 'HS512' as const, ...keyOptions, handlers };
    const resolved = resolveConfig<User>(config, { filepath: project.path('jwtauth.config.json'), env: { HEX_SECRET: `hex:${BYTES.toString('hex')}` } });
    expect(resolved.keys[0]!.verifying.export()).toEqual(bytes);
    const app = makeApp(resolved as unknown as JwtKitConfig<User>);
    const res = await app.http.get('/protected').set('Authorization', `Bearer ${forge(claims, bytes, { alg: 'HS512' })}`);
    expect(res.status).toBe(200);
  });

  it('drops the final newline of a text secret file, never a byte of a binary one', () => {
    const binary = Buffer.concat([BYTES, Buffer.from('\n')]);
    project.write({ 'text.key': `${'t'.repeat(40)}\n` });
    writeFileSync(project.path('binary.key'), binary);
    const key = (file: string) => resolveConfig({ secretFile: file }, { filepath: project.path('c.json') }).keys[0]!.verifying.export();
    expect(key('text.key')).toEqual(Buffer.from('t'.repeat(40)));
    expect(key('binary.key')).toEqual(binary);
  });

  it.each([
    ['base64:', 'base64:not base64!', '/secret: the secret is not valid base64 after the "base64:" prefix'],
    ['hex:', 'hex:abc', '/secret: the secret is not valid hex after the "hex:" prefix'],
    ['base64url:', 'base64url:', '/secret: the secret is not valid base64url after the "base64url:" prefix'],
  ])('refuses a %s value that does not decode, without echoing it', (_prefix, secret, problem) => {
    expect(thrownBy(() => resolveConfig({ secret })).details).toEqual([problem]);
  });

  it('refuses a JWK that is not an HMAC key under HS*', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    expect(thrownBy(() => resolveConfig({ jwk: ec as { kty: string } })).details).toEqual([
      '/jwk is not an HMAC key: HS* needs a JWK with "kty": "oct" and "k"',
    ]);
  });
});

describe('the floor counts bytes and rises with the algorithm (RFC 7518 section 3.2)', () => {
  it.each([
    ['HS256', 31, 32],
    ['HS384', 47, 48],
    ['HS512', 48, 64],
  ] as const)('%s refuses %d bytes at start-up, naming the count', (algorithm, length, minimum) => {
    const error = thrownBy(() => createKit({ algorithm, secret: `hex:${randomBytes(length).toString('hex')}`, handlers }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.details[0]).toMatch(new RegExp(`^/secret: the secret is ${length} bytes, fewer than ${minimum}: ${algorithm} needs at least ${minimum}`));
    expect(() => createKit({ algorithm, secret: `hex:${randomBytes(minimum).toString('hex')}`, handlers })).not.toThrow();
  });

  it('counts the bytes of a multi-byte text secret, not its characters', () => {
    expect(() => resolveConfig({ secret: 'é'.repeat(16) })).not.toThrow(); // 32 bytes
    expect(() => resolveConfig({ secret: 'é'.repeat(15) })).toThrow(/30 bytes/);
  });
});

describe('key pairs', () => {
  const pair = () => generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

  it('a private and a public key that do not belong together stop start-up, naming both files', () => {
    const ours = pair();
    const other = pair();
    const project = tempProject({ 'keys/private.pem': ours.privateKey, 'keys/public.pem': other.publicKey });
    const error = thrownBy(() =>
      createKit({ algorithm: 'ES256', privateKeyFile: 'keys/private.pem', publicKeyFile: 'keys/public.pem', handlers }, { filepath: project.path('jwtauth.config.json') }),
    );
    expect(error.details).toEqual([
      `/privateKeyFile keys/private.pem (${project.path('keys/private.pem')}) and /publicKeyFile keys/public.pem (${project.path('keys/public.pem')}) are not a pair: the public key does not belong to the private key`,
    ]);
  });

  it('a matching pair starts', () => {
    const ours = pair();
    expect(() => createKit({ algorithm: 'ES256', privateKey: ours.privateKey, publicKey: ours.publicKey, handlers })).not.toThrow();
  });

  it('a public key given as the private key is named as such, with the option the user wrote and the resolved path', () => {
    const project = tempProject({ 'keys/public.pem': pair().publicKey });
    const error = thrownBy(() => createKit({ algorithm: 'ES256', privateKeyFile: 'keys/public.pem', handlers }, { filepath: project.path('jwtauth.config.json') }));
    expect(error.details).toEqual([
      `/privateKeyFile keys/public.pem (${project.path('keys/public.pem')}) is a public key, not a private key: put it in /publicKeyFile, or give the private key here`,
    ]);
  });

  it('a missing key file names the resolved path', () => {
    const project = tempProject();
    const error = thrownBy(() => createKit({ algorithm: 'ES256', privateKeyFile: 'keys/none.pem', handlers }, { filepath: project.path('jwtauth.config.json') }));
    expect(error.details).toEqual([`/privateKeyFile keys/none.pem (${project.path('keys/none.pem')}): no such file`]);
  });

  it('an EC key as a JWK signs and verifies', async () => {
    const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
    const app = makeApp({ algorithm: 'ES256', jwk: { ...jwk, kid: 'from-jwk' } as { kty: string }, handlers });
    const token = (await app.http.post('/auth').send({ username: 'joe', password: 'pass' })).body.token as string;
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'ES256', typ: 'JWT', kid: 'from-jwk' });
    expect((await app.http.get('/protected').set('Authorization', `Bearer ${token}`)).status).toBe(200);
  });
});

describe('key lists are checked as a whole', () => {
  const secret = (n: number) => `hex:${Buffer.alloc(32, n).toString('hex')}`;

  it.each<[string, JwtKitConfig['keys'], string]>([
    ['no current key', [{ kid: 'a', status: 'verify', secret: secret(1) }, { kid: 'b', status: 'verify', secret: secret(2) }], '/keys has no current key: mark the one that signs new tokens with status "current" (the others verify only)'],
    ['two current keys', [{ kid: 'a', status: 'current', secret: secret(1) }, { kid: 'b', status: 'current', secret: secret(2) }], '/keys has 2 current keys (/keys/0, /keys/1): exactly one signs; mark the others status "verify"'],
    ['a duplicate kid', [{ kid: 'a', status: 'current', secret: secret(1) }, { kid: 'a', secret: secret(2) }], '/keys/1/kid "a" is also the kid of /keys/0: kids must be unique'],
    ['a key without a kid', [{ kid: 'a', status: 'current', secret: secret(1) }, { secret: secret(2) }], '/keys/1 needs a kid: with several keys, tokens name theirs in the kid header'],
    ['a key without material', [{ kid: 'a', status: 'current' }], '/keys/0: HS256 needs a secret: set /keys/0/secretEnv (recommended), /keys/0/secretFile, /keys/0/secret or /keys/0/jwk'],
  ])('%s', (_name, keys, problem) => {
    expect(thrownBy(() => resolveConfig({ keys })).details).toEqual([problem]);
  });

  it('refuses top-level key options beside a key list', () => {
    expect(thrownBy(() => resolveConfig({ secret: secret(3), keys: [{ kid: 'a', secret: secret(1) }] })).details).toEqual([
      '/secret and /keys are both set: with a key list, every key (and its kid) goes in /keys',
    ]);
  });

  it('puts the current key first and gives the config its algorithm', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const resolved = resolveConfig({ keys: [{ kid: 'old', secret: secret(1) }, { kid: 'new', algorithm: 'ES256', status: 'current', privateKey: ec.privateKey }] });
    expect(resolved.keys.map((key) => [key.kid, key.algorithm, key.current])).toEqual([['new', 'ES256', true], ['old', 'HS256', false]]);
    expect(resolved.algorithm).toBe('ES256');
  });
});

/**
 * The cache of verified tokens (config `cache`): a hit serves the payload verified before, an entry ends at the
 * token's exp by the injected clock, the bound holds, a revoked token is refused despite the cache, and a token
 * whose bytes differ (a tampered signature) is verified in full and refused. What the cache served is seen through
 * the public surface: a hit returns the very payload object of the first verify.
 */
import { createKit, type JwtKitConfig, type TokenService } from '../../src';
import { baseConfig, errorBody, login, makeApp, SECRET, T, type User } from '../helpers/app';
import { forge, tamperSignature } from '../helpers/forge';

const REVOKED = errorBody(401, 'Invalid token', 'The token has been revoked', 'TOKEN_REVOKED');

function tokensWith(config: JwtKitConfig<User>): { tokens: TokenService; setNow(seconds: number): void } {
  let now = T;
  const kit = createKit<User>(baseConfig(config), { now: () => now });
  return { tokens: kit.tokens, setNow: (seconds) => void (now = seconds) };
}

const token = (claims: object = {}) => forge({ user_id: 1, iat: T, nbf: T, exp: T + 60, ...claims }, SECRET);

describe('cache of verified tokens', () => {
  it('is off by default: each verify decodes the token anew', async () => {
    const { tokens } = tokensWith({});
    const t = token();
    expect(await tokens.verify(t)).not.toBe(await tokens.verify(t));
  });

  it('serves a token verified before: the same payload, frozen, by verify, verifyToken and verifyNow', async () => {
    const { tokens } = tokensWith({ cache: { enabled: true } });
    const t = token();
    const first = await tokens.verify(t);
    expect(first).toEqual({ user_id: 1, iat: T, nbf: T, exp: T + 60 });
    expect(await tokens.verify(t)).toBe(first);
    expect((await tokens.verifyToken(t)).payload).toBe(first);
    expect(tokens.verifyNow(t)).toBe(first);
    // Shared by every request with this token, so nobody can write to it.
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('drops an entry at its exp by the injected clock, and never serves it past exp (nor past exp + leeway)', async () => {
    const { tokens, setNow } = tokensWith({ cache: { enabled: true }, leeway: 5 });
    const t = token();
    const first = await tokens.verify(t);
    setNow(T + 64);
    expect(await tokens.verify(t)).toBe(first);
    setNow(T + 65);
    await expect(tokens.verify(t)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    // The refusal dropped the entry: with the clock set back, the token is verified anew (another object).
    setNow(T + 10);
    const again = await tokens.verify(t);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('keeps at most maxEntries tokens, dropping the least recently used', async () => {
    const { tokens } = tokensWith({ cache: { enabled: true, maxEntries: 2 } });
    const [a, b, c] = [1, 2, 3].map((n) => token({ n }));
    const pa = await tokens.verify(a as string);
    const pb = await tokens.verify(b as string);
    expect(await tokens.verify(a as string)).toBe(pa); // a is now the most recently used
    await tokens.verify(c as string); // evicts b
    expect(await tokens.verify(a as string)).toBe(pa);
    expect(await tokens.verify(b as string)).not.toBe(pb);
  });

  it('never serves a token whose signature was tampered: other bytes, a full verify, refused', async () => {
    const { tokens } = tokensWith({ cache: { enabled: true } });
    const t = token();
    await tokens.verify(t);
    await expect(tokens.verify(tamperSignature(t))).rejects.toMatchObject({ code: 'TOKEN_BAD_SIGNATURE' });
    // And the failure is not cached either: it stays refused.
    await expect(tokens.verify(tamperSignature(t))).rejects.toMatchObject({ code: 'TOKEN_BAD_SIGNATURE' });
  });

  it('refuses with the claim problem of the moment, not the one of the first verify', async () => {
    const { tokens, setNow } = tokensWith({ cache: { enabled: true } });
    const t = token({ nbf: T + 30 });
    await expect(tokens.verify(t)).rejects.toMatchObject({ code: 'TOKEN_NOT_YET_VALID' });
    setNow(T + 30);
    const payload = await tokens.verify(t);
    expect(await tokens.verify(t)).toBe(payload);
  });

  it.each([
    ['0', 0],
    ['a fraction', 1.5],
    ['text', '10'],
  ])('refuses maxEntries %s at start-up', (_name, maxEntries) => {
    expect(() => createKit<User>(baseConfig({ cache: { enabled: true, maxEntries: maxEntries as number } }))).toThrow(/\/cache\/maxEntries/);
  });
});

describe('cache with revocation on (HTTP)', () => {
  it('refuses a revoked token that the cache holds: the store is asked on every hit', async () => {
    const app = makeApp(baseConfig({ revocation: true, cache: { enabled: true } }));
    const t = await login(app.http);
    for (let i = 0; i < 2; i++) expect((await app.http.get('/protected').set('Authorization', `Bearer ${t}`)).status).toBe(200);
    await app.kit.revokeToken(t);
    const res = await app.http.get('/protected').set('Authorization', `Bearer ${t}`);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(REVOKED);
    await app.kit.close();
  });

  it('answers a cached token through the guard with the user, and an expired one with 401 TOKEN_EXPIRED', async () => {
    const app = makeApp(baseConfig({ cache: { enabled: true } }));
    const t = await login(app.http);
    const get = () => app.http.get('/protected').set('Authorization', `Bearer ${t}`);
    expect((await get()).body).toEqual({ hello: 'joe', user_id: 1 });
    expect((await get()).body).toEqual({ hello: 'joe', user_id: 1 });
    app.setNow(T + 300);
    expect((await get()).body).toMatchObject({ code: 'TOKEN_EXPIRED' });
  });
});

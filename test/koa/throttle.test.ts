/**
 * Login throttling through HTTP, on the memory store with the injected clock (no sleeps: a window passes by
 * moving the clock): per username, per client address, with and without trusted proxies, and what does not count.
 */
import { baseConfig, errorBody, makeApp, T, USERS, type User } from '../helpers/app';
import type { JwtKitConfig } from '../../src';
import type { MemoryStore } from '../../src/store/memory';

const THROTTLED = errorBody(429, 'Too Many Requests', 'Too many failed logins: try again later', 'LOGIN_THROTTLED');
const WINDOW = 15 * 60;

/** A kit whose authenticate hook counts its calls: a refused attempt must never reach it. */
function throttledApp(config: JwtKitConfig<User> = {}) {
  const calls = { authenticate: 0 };
  const authenticate = (username: string, password: string): User | null => {
    calls.authenticate += 1;
    return USERS.find((u) => u.username === username && u.password === password) ?? null;
  };
  const app = makeApp(baseConfig({ ...config, handlers: { authenticate } }));
  const attempt = (username: string, password: string, headers: Record<string, string> = {}) =>
    app.http.post('/auth').set(headers).send({ username, password });
  return { ...app, calls, attempt };
}

describe('per username', () => {
  it('cuts a burst of wrong passwords off at the limit, refuses the right password while it holds, and lets it in once the window has passed', async () => {
    const { attempt, calls, setNow } = throttledApp();
    for (let i = 0; i < 5; i += 1) expect((await attempt('joe', `guess-${i}`)).status).toBe(401);
    const cut = await attempt('joe', 'guess-5');
    expect([cut.status, cut.body, cut.headers['retry-after']]).toEqual([429, THROTTLED, String(WINDOW)]);
    expect(cut.headers['cache-control']).toBe('no-store');

    const right = await attempt('joe', 'pass');
    expect([right.status, right.body.code]).toEqual([429, 'LOGIN_THROTTLED']);
    expect(right.body.token).toBeUndefined();
    // Refused before the password is looked at: only the five counted guesses reached authenticate.
    expect(calls.authenticate).toBe(5);

    setNow(T + 600);
    const later = await attempt('joe', 'pass');
    expect([later.status, later.headers['retry-after']]).toEqual([429, '300']);
    setNow(T + WINDOW - 1);
    expect((await attempt('joe', 'pass')).headers['retry-after']).toBe('1');
    setNow(T + WINDOW);
    const after = await attempt('joe', 'pass');
    expect(after.status).toBe(200);
    expect(typeof after.body.token).toBe('string');
  });

  it('lets exactly the limit through of a burst sent all at once (counted before the password is checked)', async () => {
    const { attempt, calls } = throttledApp();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt('joe', `parallel-${i}`)));
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25);
    expect(calls.authenticate).toBe(5);
  });

  it('counts case, spacing and full-width variants of a username as one', async () => {
    const { attempt } = throttledApp();
    for (const name of ['joe', 'JOE', ' Joe ', 'jOe\t', 'ｊｏｅ']) expect((await attempt(name, 'wrong')).status).toBe(401);
    expect((await attempt('joe', 'pass')).status).toBe(429);
    expect((await attempt('ann', 'word')).status).toBe(200);
  });

  it('treats a username that exists and one that does not alike: same limit, same answer', async () => {
    const { attempt } = throttledApp();
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 6; i += 1) {
      const a = await attempt('joe', 'wrong');
      const b = await attempt('nobody-here', 'wrong');
      known.push([a.status, a.body, a.headers['retry-after'], a.headers['www-authenticate']]);
      unknown.push([b.status, b.body, b.headers['retry-after'], b.headers['www-authenticate']]);
    }
    expect(unknown).toEqual(known);
    expect((known[5] as unknown[])[0]).toBe(429);
  });

  it('does not count a success, and a success does not wipe the failures before it', async () => {
    const { attempt } = throttledApp();
    for (let i = 0; i < 10; i += 1) expect((await attempt('joe', 'pass')).status).toBe(200);
    for (let i = 0; i < 4; i += 1) expect((await attempt('joe', 'wrong')).status).toBe(401);
    expect((await attempt('joe', 'pass')).status).toBe(200);
    expect((await attempt('joe', 'wrong')).status).toBe(401); // the fifth failure
    expect((await attempt('joe', 'pass')).status).toBe(429);
  });

  it('does not count bodies refused before any password is checked', async () => {
    const { http, attempt } = throttledApp();
    for (let i = 0; i < 10; i += 1) {
      expect((await http.post('/auth').send({ username: 'joe' })).status).toBe(400);
      expect((await http.post('/auth').send({ username: 'joe', password: 'x'.repeat(2000) })).status).toBe(400);
    }
    expect((await attempt('joe', 'pass')).status).toBe(200);
  });

  it('takes its limits and windows from the config', async () => {
    const { attempt, setNow } = throttledApp({ loginThrottle: { usernameLimit: 2, usernameWindow: '1m' } });
    expect((await attempt('joe', 'a')).status).toBe(401);
    expect((await attempt('joe', 'b')).status).toBe(401);
    const cut = await attempt('joe', 'pass');
    expect([cut.status, cut.headers['retry-after']]).toEqual([429, '60']);
    setNow(T + 60);
    expect((await attempt('joe', 'pass')).status).toBe(200);
  });
});

describe('per client address', () => {
  it('refuses an address that failed 20 times, whatever username it tries next', async () => {
    const { attempt, calls } = throttledApp();
    for (let i = 0; i < 20; i += 1) expect((await attempt(`user-${i}`, 'Winter2024!')).status).toBe(401);
    const next = await attempt('ann', 'word');
    expect([next.status, next.body, next.headers['retry-after']]).toEqual([429, THROTTLED, String(WINDOW)]);
    expect(calls.authenticate).toBe(20);
  });

  it('ignores X-Forwarded-For when no proxy is trusted: a client cannot pick a fresh address per request', async () => {
    const { attempt } = throttledApp();
    for (let i = 0; i < 20; i += 1) {
      expect((await attempt(`user-${i}`, 'wrong', { 'X-Forwarded-For': `198.51.100.${i}` })).status).toBe(401);
    }
    const spoofed = await attempt('ann', 'word', { 'X-Forwarded-For': '203.0.113.77' });
    expect([spoofed.status, spoofed.body.code]).toEqual([429, 'LOGIN_THROTTLED']);
  });

  it('with one trusted proxy, counts the address it appended (the rightmost), whatever the client wrote before it', async () => {
    const { attempt } = throttledApp({ loginThrottle: { trustedProxyHops: 1 } });
    for (let i = 0; i < 20; i += 1) {
      // The client forges a new left-hand entry each time; the proxy's entry stays 203.0.113.9.
      expect((await attempt(`user-${i}`, 'wrong', { 'X-Forwarded-For': `10.0.0.${i}, 203.0.113.9` })).status).toBe(401);
    }
    expect((await attempt('ann', 'word', { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(429);
    // Another client behind the same proxy (the same socket address) has its own count.
    expect((await attempt('ann', 'word', { 'X-Forwarded-For': '203.0.113.10' })).status).toBe(200);
  });

  it('with two trusted proxies, counts the second address from the right; with fewer entries than proxies, the socket', async () => {
    const { attempt } = throttledApp({ loginThrottle: { trustedProxyHops: 2, addressLimit: 2 } });
    const client = (address: string) => ({ 'X-Forwarded-For': `6.6.6.6, ${address}, 10.1.1.1` });
    expect((await attempt('a', 'wrong', client('198.51.100.1'))).status).toBe(401);
    expect((await attempt('b', 'wrong', client('198.51.100.1'))).status).toBe(401);
    expect((await attempt('ann', 'word', client('198.51.100.1'))).status).toBe(429);
    expect((await attempt('ann', 'word', client('198.51.100.2'))).status).toBe(200);
    // One entry where two proxies should have written: it did not come through them; the socket address counts.
    expect((await attempt('c', 'wrong', { 'X-Forwarded-For': '198.51.100.3' })).status).toBe(401);
    expect((await attempt('d', 'wrong', { 'X-Forwarded-For': '198.51.100.4' })).status).toBe(401);
    expect((await attempt('ann', 'word', { 'X-Forwarded-For': '198.51.100.5' })).status).toBe(429);
  });

  it('counts an IPv6 client by its /64: rotating the interface identifier gains nothing', async () => {
    const { attempt } = throttledApp({ loginThrottle: { trustedProxyHops: 1, addressLimit: 3 } });
    for (const address of ['2001:db8:1:2::1', '2001:db8:1:2:aaaa::5', '[2001:DB8:1:2:ffff:ffff:ffff:ffff]:443']) {
      expect((await attempt('x', 'wrong', { 'X-Forwarded-For': address })).status).toBe(401);
    }
    expect((await attempt('ann', 'word', { 'X-Forwarded-For': '2001:db8:1:2::99' })).status).toBe(429);
    expect((await attempt('ann', 'word', { 'X-Forwarded-For': '2001:db8:1:3::1' })).status).toBe(200);
  });
});

describe('the store', () => {
  it('is made by default for throttling, and guarded requests never touch it while revocation is off', async () => {
    const { kit, http, attempt } = throttledApp();
    const store = kit.store as MemoryStore;
    expect(store).toBeDefined();
    const token = (await attempt('joe', 'pass')).body.token as string;
    // A success takes its hits back: nothing is left.
    expect(store.size).toBe(0);
    for (let i = 0; i < 5; i += 1) expect((await http.get('/protected').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    expect(store.size).toBe(0);
    expect((await attempt('joe', 'wrong')).status).toBe(401);
    expect(store.size).toBe(2); // one counter for the address, one for the username
    // Revocation by hand still needs revocation on: the throttling store is no blocklist.
    await expect(Promise.resolve().then(() => kit.revokeUser(1))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await kit.close();
  });

  it('is not made when throttling is off (and nothing else needs it), and then nothing is limited', async () => {
    const { kit, attempt } = throttledApp({ loginThrottle: { enabled: false } });
    expect(kit.store).toBeUndefined();
    for (let i = 0; i < 30; i += 1) expect((await attempt('joe', 'wrong')).status).toBe(401);
    expect((await attempt('joe', 'pass')).status).toBe(200);
  });

  it('is not made for throttling without a login route', () => {
    const { kit } = throttledApp({ authPath: null });
    expect(kit.store).toBeUndefined();
  });
});

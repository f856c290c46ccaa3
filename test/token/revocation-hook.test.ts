/**
 * The revocation seam: the isRevoked hook runs after the signature and claims pass, refuses with
 * TOKEN_REVOKED, and never lets a token through when it throws.
 */
import { baseConfig, login, makeApp } from '../helpers/app';
import { tamperSignature } from '../helpers/forge';
import type { JwtPayload } from '../../src';

const get = (app: ReturnType<typeof makeApp>, token: string) => app.http.get('/protected').set('Authorization', `Bearer ${token}`);

describe('handlers.isRevoked', () => {
  it('refuses the tokens it names with 401 TOKEN_REVOKED, and lets the others through (sync and async)', async () => {
    for (const wrap of [(v: boolean) => v, async (v: boolean) => v]) {
      const revoked = new Set<unknown>();
      const app = makeApp(baseConfig({ handlers: { isRevoked: (payload: JwtPayload) => wrap(revoked.has(payload.jti)) } }));
      const token = await login(app.http);
      expect((await get(app, token)).status).toBe(200);
      revoked.add(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti);
      const res = await get(app, token);
      expect([res.status, res.body]).toEqual([
        401,
        { status_code: 401, error: 'Invalid token', description: 'The token has been revoked', code: 'TOKEN_REVOKED' },
      ]);
    }
  });

  it('gets the payload and header of a verified token only', async () => {
    const seen: Array<[JwtPayload, Record<string, unknown>]> = [];
    const app = makeApp(baseConfig({ handlers: { isRevoked: (payload, header) => (seen.push([payload, header]), false) } }));
    const token = await login(app.http);
    await get(app, tamperSignature(token));
    expect(seen).toEqual([]);
    await get(app, token);
    expect(seen).toEqual([[expect.objectContaining({ user_id: 1 }), { alg: 'HS256', typ: 'JWT' }]]);
  });

  it('a hook that throws is a 500 HANDLER_FAILED, never a pass, and the cause goes to the log', async () => {
    const app = makeApp(baseConfig({ handlers: { isRevoked: async () => Promise.reject(new Error('blocklist down')) } }));
    const token = await login(app.http);
    const res = await get(app, token);
    expect([res.status, res.body.code, JSON.stringify(res.body)]).toEqual([500, 'HANDLER_FAILED', expect.not.stringContaining('blocklist')]);
    expect(app.errors).toHaveLength(1);
  });

  it('runs for kit.tokens.verify too', async () => {
    const app = makeApp(baseConfig({ handlers: { isRevoked: () => true } }));
    const token = app.kit.tokens.issue({ user_id: 1 });
    await expect(app.kit.tokens.verify(token)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });
});

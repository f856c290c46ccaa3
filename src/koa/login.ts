/**
 * The login route: Flask-JWT's `POST /auth`. Answers `{ token }` for good credentials, every failure as JSON.
 */
import type { Context } from 'koa';
import { JwtKitError } from '../errors';
import { callHook } from '../config/hooks';
import type { HookContext } from '../config/types';
import { readJsonObject } from './body';
import { clientAddress } from './client-address';
import { isNoUser } from './identify';
import { jsonRoute, noStore, tokenBody, type KitRoute, type RouteContext } from './routes';

/**
 * The longest username or password (UTF-8 bytes) the login route hands to `authenticate`. Longer ones are
 * refused with LOGIN_FIELD_TOO_LONG before any hash runs: a megabyte "password" costs a slow KDF real time
 * (OWASP Authentication Cheat Sheet, "Implement Proper Password Strength Controls"), and bcrypt ignores
 * everything after 72 bytes anyway. 1024 leaves room for long passphrases.
 */
export const FIELD_LIMIT_BYTES = 1024;

/**
 * The body's own `name` field. Never one inherited through the prototype: an app's body parser that merges
 * `__proto__` (prototype pollution) must not be able to hand a username or password to `authenticate`.
 */
function ownField(body: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
}

/** The login route at `authPath`, named `authEndpoint`; none when `authPath` is null. */
export function loginRoute<TUser>({ config, sessions, cookies, throttle }: RouteContext<TUser>): KitRoute | undefined {
  if (config.authPath === null) return undefined;
  const { authenticate, authResponse } = config.handlers;
  if (!authenticate) throw new TypeError('the login route needs handlers.authenticate');

  const fields = `${JSON.stringify(config.usernameField)} and ${JSON.stringify(config.passwordField)}`;

  const login = async (ctx: Context): Promise<void> => {
    noStore(ctx);
    const body = await readJsonObject(ctx);
    const username = ownField(body, config.usernameField);
    const password = ownField(body, config.passwordField);
    // A body of the wrong shape is the client's mistake, not a wrong password: say which fields are expected.
    if (typeof username !== 'string' || typeof password !== 'string' || username === '' || password === '') {
      throw new JwtKitError('LOGIN_FIELDS_INVALID', `The request body must be a JSON object with the fields ${fields} as non-empty strings`);
    }
    if (Buffer.byteLength(username) > FIELD_LIMIT_BYTES || Buffer.byteLength(password) > FIELD_LIMIT_BYTES) {
      throw new JwtKitError('LOGIN_FIELD_TOO_LONG', `The fields ${fields} may hold at most ${FIELD_LIMIT_BYTES} bytes each`);
    }
    // Counted before the password is checked, and refused (429) while a limit holds, even with the right
    // password. A hook that throws counts as a failure: its answer is unknown, so nothing is taken back.
    const attempt = throttle ? await throttle.attempt(username, clientAddress(ctx.req, config.loginThrottle.trustedProxyHops)) : undefined;
    const user = await callHook('authenticate', () => authenticate(username, password));
    if (isNoUser(user)) throw new JwtKitError('INVALID_CREDENTIALS');
    await attempt?.succeeded();
    const pair = await sessions.login(user);
    if (cookies.enabled) cookies.set(ctx, pair.token, pair.claims);
    ctx.status = 200;
    const { token, refreshToken } = pair;
    const custom = authResponse ? await callHook('authResponse', () => authResponse(token, user, ctx as HookContext, { refreshToken })) : undefined;
    // undefined (and null) mean "the default": a login must never answer 204 without a token.
    ctx.body = custom ?? tokenBody(config, pair);
  };

  return { name: config.authEndpoint, method: 'post', path: config.authPath, handle: jsonRoute(config, login) };
}

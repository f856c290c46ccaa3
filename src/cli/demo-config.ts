/**
 * The embedded config of `jwt-kit serve` when no config file is found: the Flask-JWT quickstart, with one
 * user, joe / pass (id 1).
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Handlers, JwtKitConfig } from '../config/types';

/** The demo user's published credentials, which the playground page fills in for a newcomer. */
export const DEMO_CREDENTIALS = { username: 'joe', password: 'pass' } as const;

export interface DemoUser {
  id: number;
  username: string;
}

// Credentials are compared as SHA-256 digests in constant time, so the demo does not teach a timing leak.
// The stored side is digested once, here: a login digests only what it was given, once per field.
const digest = (text: string): Buffer => hash('sha256', text, 'buffer');
const USERS = [{ id: 1, ...DEMO_CREDENTIALS }].map((user) => ({ ...user, usernameDigest: digest(user.username), passwordDigest: digest(user.password) }));
// Compared when the username is unknown: random, so no password ever matches it.
const UNKNOWN_USER_PASSWORD_DIGEST = digest(randomBytes(32).toString('hex'));

/**
 * The demo config. The secret is `JWT_SECRET` from the environment, or, when unset, a random one for this run
 * only (tokens die with the process); `randomSecret` tells which.
 */
export function demoConfig(env: Record<string, string | undefined>): { config: JwtKitConfig<DemoUser>; randomSecret: boolean } {
  const fromEnv = env.JWT_SECRET !== undefined && env.JWT_SECRET !== '';
  const config: JwtKitConfig<DemoUser> = {
    ...(fromEnv ? { secretEnv: 'JWT_SECRET' } : { secret: randomBytes(48).toString('base64url') }),
    // The whole flow, so the quickstart shows it: refresh tokens with rotation, and logout.
    refresh: { enabled: true },
    logout: { enabled: true },
    // The demo opens on the playground page (GET /), where a newcomer can watch all of it happen.
    playground: true,
    handlers: DEMO_HANDLERS,
  };
  return { config, randomSecret: !fromEnv };
}

/** The demo's hooks: also what `serve` uses with a `.json` config, which cannot hold hooks of its own. */
export const DEMO_HANDLERS: Handlers<DemoUser> = {
  authenticate: (username, password) => {
    const givenUsername = digest(username);
    const user = USERS.find((u) => timingSafeEqual(u.usernameDigest, givenUsername));
    // The password is compared even for an unknown user, so the timing does not tell which usernames exist.
    const matches = timingSafeEqual(user?.passwordDigest ?? UNKNOWN_USER_PASSWORD_DIGEST, digest(password));
    return user && matches ? { id: user.id, username: user.username } : null;
  },
  identity: (payload) => {
    const user = USERS.find((u) => u.id === payload.user_id);
    return user ? { id: user.id, username: user.username } : null;
  },
};

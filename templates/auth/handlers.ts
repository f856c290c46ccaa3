/**
 * The jwt-kit handlers, made by `npx jwt-kit init`: how a username and password become a user (Flask-JWT's
 * authentication_handler), and how the payload of a verified token becomes that user again (its identity
 * handler). Both may be async.
 *
 * ==========================================================================================================
 *  PLUG IN YOUR USER STORE HERE. The in-memory demo user below (joe / pass, id 1) only makes
 *  `npx jwt-kit serve` work at once. Replace `findUserByName` and `findUserById` with queries to your
 *  database, and store password hashes (argon2, bcrypt or scrypt), never plain passwords.
 * ==========================================================================================================
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Handlers, JwtPayload } from 'jwt-kit/config';

/** What `ctx.state.user` holds on a guarded route. Keep password hashes and other secrets out of it. */
export interface User {
  id: number;
  username: string;
}

interface StoredUser extends User {
  password: string;
}

// DEMO ONLY: replace with your user store.
const DEMO_USERS: StoredUser[] = [{ id: 1, username: 'joe', password: 'pass' }];

async function findUserByName(username: string): Promise<StoredUser | undefined> {
  return DEMO_USERS.find((user) => user.username === username);
}

async function findUserById(id: unknown): Promise<StoredUser | undefined> {
  return DEMO_USERS.find((user) => user.id === id);
}

// Compared when the username is unknown: random, so no password ever matches it.
const UNKNOWN_USER_PASSWORD = randomBytes(32).toString('hex');

// DEMO ONLY: with a real store, verify a password hash instead (e.g. argon2.verify(hash, password)).
function passwordMatches(given: string, stored: string): boolean {
  // Digests of equal length, compared in constant time, so the comparison does not leak by its timing.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(stored));
}

/** Returns the user for a username and password, or null for bad credentials (401 "Invalid credentials"). */
export const authenticate: Required<Handlers<User>>['authenticate'] = async (username, password) => {
  const stored = await findUserByName(username);
  // A password is checked even for an unknown username (against a dummy), so the answer takes as long either
  // way and its timing does not tell which usernames exist. Keep that when you verify real hashes.
  const matches = passwordMatches(password, stored?.password ?? UNKNOWN_USER_PASSWORD);
  return stored && matches ? { id: stored.id, username: stored.username } : null;
};

/**
 * Returns the user a verified token names, or null (401 "User does not exist"). The default payload is
 * `{ user_id: user.id, iat, nbf, exp, jti }`.
 */
export const identity: Required<Handlers<User>>['identity'] = async (payload: JwtPayload) => {
  const stored = await findUserById(payload.user_id);
  return stored ? { id: stored.id, username: stored.username } : null;
};

// ----------------------------------------------------------------------------------------------------------
// Optional hooks. To use one, uncomment it and add it to `handlers` in jwtauth.config.ts, e.g.
//   import { authenticate, identity, payload } from './auth/handlers.js';
//   handlers: { authenticate, identity, payload },
// ----------------------------------------------------------------------------------------------------------

// /** The claims of a new token (Flask-JWT's payload_handler). Missing iat, nbf, exp and jti are filled in. */
// export const payload: Required<Handlers<User>>['payload'] = (user) => ({ user_id: user.id, name: user.username });

// /** Replaces signing; `sign` is the default, so this adds an issuer and signs as usual. */
// export const encode: Required<Handlers<User>>['encode'] = (claims, { sign }) => sign({ ...claims, iss: 'my-app' });

// /** Replaces verification; `verify` is the default (signature, algorithm, exp, nbf, required claims). */
// export const decode: Required<Handlers<User>>['decode'] = (token, { verify }) => verify(token);

// /** The JSON body of an auth failure (Flask-JWT's error_handler); return undefined to keep the default. */
// export const error: Required<Handlers<User>>['error'] = (err) => ({ message: err.description, code: err.code });

// /** The body of a successful login; the default is { token }. */
// export const authResponse: Required<Handlers<User>>['authResponse'] = (token, user) => ({ access_token: token, user });

/**
 * The jwt-kit config, made by `npx jwt-kit init`.
 *
 * `npx jwt-kit serve` finds this file (from the working directory up to the project root) and reads the
 * `.env` beside it. In your own Koa app, `await loadKit()` from 'jwt-kit' builds the same kit from it.
 * Every option, with its default and its Flask-JWT name, is in the JSON Schema named by `$schema` and in the
 * jwt-kit README.
 */
import { defineConfig } from 'jwt-kit/config';
import { authenticate, identity } from './auth/handlers.js';

export default defineConfig({
  $schema: './node_modules/jwt-kit/schema/jwtauth.schema.json',
  algorithm: 'HS256',
  // The secret is read from the environment, never written here. `jwt-kit init` put a random one in .env
  // (git-ignored); in production, set JWT_SECRET in the real environment instead.
  secretEnv: 'JWT_SECRET',
  // How long a token lives: seconds, or '15m', '12h', '7d' (Flask-JWT: JWT_EXPIRATION_DELTA).
  expirationDelta: '5m',
  // The login route: POST {"username": ..., "password": ...} -> {"token": ...}. null turns it off.
  authPath: '/auth',
  // authenticate and identity are required; the optional hooks (payload, encode, decode, error,
  // authResponse) are shown, commented out, in ./auth/handlers.ts.
  handlers: { authenticate, identity },
});

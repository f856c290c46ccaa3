// jwt-kit through its public API and the built dist/: `kit.middleware()` app-wide (the login route, JSON
// errors) and `kit.guard()` on the route, with an identity hook and the demo-style authenticate.
// Usage (by the orchestrator): node bench/servers/jwt-kit.js ALG [CONFIG_JSON]
//   ALG          HS256, RS256 or ES256 (keys and tokens from BENCH_KEYS)
//   CONFIG_JSON  extra config merged into createKit's, e.g. to turn on the verified-token cache
const { createHash, randomBytes, timingSafeEqual } = require('node:crypto');
const { createKit } = require('../../dist');
const { guardedApp, serve, keys, USER } = require('./app');

const [alg = 'HS256', extra = '{}'] = process.argv.slice(2);
const material = keys()[alg];
if (!material) throw new Error(`no keys for ${alg}`);

// The demo's authenticate, as `jwt-kit serve` runs it: digests compared in constant time, and the password
// compared even for an unknown user.
const USERS = [{ id: 1, username: 'joe', password: 'pass' }];
const UNKNOWN_USER_PASSWORD = randomBytes(32).toString('hex');
const sameText = (a, b) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
const authenticate = (username, password) => {
  const user = USERS.find((u) => sameText(u.username, username));
  const matches = sameText(user?.password ?? UNKNOWN_USER_PASSWORD, password);
  return user && matches ? USER : null;
};
const identity = (payload) => (payload.user_id === USER.id ? USER : null);

const kit = createKit({
  algorithm: alg,
  ...(alg.startsWith('HS') ? { secret: material.secret } : { privateKey: material.privateKey, publicKey: material.publicKey }),
  handlers: { authenticate, identity },
  ...JSON.parse(extra),
});

serve(guardedApp({ before: [kit.middleware()], guard: [kit.guard()] }));

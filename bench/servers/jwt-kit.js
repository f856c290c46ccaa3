// jwt-kit through its public API and the built dist/: `kit.middleware()` app-wide (the login route, JSON
// errors) and `kit.guard()` on the route, with an identity hook and the demo's authenticate.
// Usage (by the orchestrator): node bench/servers/jwt-kit.js ALG [--guard-only] [CONFIG_JSON]
//   ALG           HS256, RS256 or ES256 (keys and tokens from BENCH_KEYS)
//   --guard-only  `kit.guard()` on the route and no `kit.middleware()`: a resource server that only verifies
//   CONFIG_JSON   extra config merged into createKit's, e.g. to turn on the verified-token cache
const { createKit } = require('../../dist');
// The demo's own authenticate, as `jwt-kit serve` runs it (digests compared in constant time, the password
// compared even for an unknown user): taken from the build, so the benchmark cannot drift from the demo.
const { DEMO_HANDLERS } = require('../../dist/cli/demo-config');
const { guardedApp, serve, keys, USER } = require('./app');

const args = process.argv.slice(2);
const guardOnly = args.includes('--guard-only');
const [alg = 'HS256', extra = '{}'] = args.filter((arg) => arg !== '--guard-only');
const material = keys()[alg];
if (!material) throw new Error(`no keys for ${alg}`);

const authenticate = DEMO_HANDLERS.authenticate;
const identity = (payload) => (payload.user_id === USER.id ? USER : null);

const kit = createKit({
  algorithm: alg,
  ...(alg.startsWith('HS') ? { secret: material.secret } : { privateKey: material.privateKey, publicKey: material.publicKey }),
  handlers: { authenticate, identity },
  ...JSON.parse(extra),
});

serve(guardedApp({ before: guardOnly ? [] : [kit.middleware()], guard: [kit.guard()] }));

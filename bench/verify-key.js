// Verifies one HS256 token many times three ways and prints medians and ratios, all measured in this run:
//   baseline  jsonwebtoken.verify with the secret as a string (what most Koa JWT middleware does per request)
//   keyobject jsonwebtoken.verify with a KeyObject made once
//   jwt-kit   the kit's token service (KeyObject + claim rules)
// Usage: npm run build && node bench/verify-key.js [rounds] [verifies-per-round]
const { createSecretKey } = require('node:crypto');
const jwt = require('jsonwebtoken');
const { createTokenService, resolveConfig } = require('..');

const rounds = Number(process.argv[2] ?? 7);
const perRound = Number(process.argv[3] ?? 3000);
const secret = 'bench-secret-bench-secret-bench-secret-48b';
const service = createTokenService(resolveConfig({ secret }));
const token = service.issue({ user_id: 1 });
const key = createSecretKey(Buffer.from(secret));

const cases = {
  baseline: () => jwt.verify(token, secret, { algorithms: ['HS256'] }),
  keyobject: () => jwt.verify(token, key, { algorithms: ['HS256'] }),
  'jwt-kit': () => service.verify(token),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  // Interleave the cases so a noisy neighbour slows all of them alike.
  for (const [name, run] of Object.entries(cases)) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perRound; i++) run();
    samples[name].push(Number(process.hrtime.bigint() - start) / 1e3 / perRound);
  }
}
const base = median(samples.baseline);
console.log(`verify HS256, ${rounds} rounds x ${perRound} verifies, median microseconds per verify`);
for (const name of Object.keys(cases)) {
  const m = median(samples[name]);
  console.log(`  ${name.padEnd(10)} ${m.toFixed(2).padStart(8)} us   ${(base / m).toFixed(1)}x baseline speed`);
}

// Verifies one HS256 token many times and prints medians and ratios, all measured in this run:
//   baseline  jsonwebtoken.verify with the secret as a string (what most Koa JWT middleware does per request)
//   keyobject jsonwebtoken.verify with a KeyObject made once
//   floor     a hand-written node:crypto HS256 check (HMAC + constant-time compare), no claims: the floor
//   jwt-kit   the kit's token service: one decode, key set, signature, claim rules, awaited as the guard does
//   before    (with --compare DIST) the token service of another build, e.g. the previous commit's dist/
// Usage: npm run build && node bench/verify-key.js [rounds] [verifies-per-round] [--compare path/to/dist]
const { createHmac, createSecretKey, timingSafeEqual } = require('node:crypto');
const jwt = require('jsonwebtoken');
const { createTokenService, resolveConfig } = require('..');

const args = process.argv.slice(2);
const compareAt = args.indexOf('--compare');
const compare = compareAt >= 0 ? args.splice(compareAt, 2)[1] : undefined;
const rounds = Number(args[0] ?? 7);
const perRound = Number(args[1] ?? 3000);
const secret = 'bench-secret-bench-secret-bench-secret-48b';
const service = createTokenService(resolveConfig({ secret }));
const token = service.issue({ user_id: 1 });
const key = createSecretKey(Buffer.from(secret));
const dot = token.lastIndexOf('.');
const signature = Buffer.from(token.slice(dot + 1), 'base64url');

const cases = {
  baseline: () => jwt.verify(token, secret, { algorithms: ['HS256'] }),
  keyobject: () => jwt.verify(token, key, { algorithms: ['HS256'] }),
  floor: () => {
    const mac = createHmac('sha256', key).update(token.slice(0, dot)).digest();
    if (mac.length !== signature.length || !timingSafeEqual(mac, signature)) throw new Error('bad');
    return JSON.parse(Buffer.from(token.slice(token.indexOf('.') + 1, dot), 'base64url').toString());
  },
  'jwt-kit': () => service.verify(token),
};
if (compare) {
  const before = require(require('node:path').resolve(compare));
  const old = before.createTokenService(before.resolveConfig({ secret }));
  cases.before = () => old.verify(token);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    // Interleave the cases so a noisy neighbour slows all of them alike. Each call is awaited, as the guard
    // awaits it: a synchronous result costs the same await.
    for (const [name, run] of Object.entries(cases)) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < perRound; i++) await run();
      samples[name].push(Number(process.hrtime.bigint() - start) / 1e3 / perRound);
    }
  }
  const base = median(samples.baseline);
  const floor = median(samples.floor);
  console.log(`verify HS256, ${rounds} rounds x ${perRound} verifies, median microseconds per verify`);
  for (const name of Object.keys(cases)) {
    const m = median(samples[name]);
    console.log(`  ${name.padEnd(10)} ${m.toFixed(2).padStart(8)} us   ${(base / m).toFixed(1).padStart(5)}x baseline speed   ${(floor / m).toFixed(2)}x the floor's speed`);
  }
}

main();

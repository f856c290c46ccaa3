// Micro-benchmarks of jwt-kit's token service (`kit.tokens`, from the built dist/) against hand-written
// node:crypto floors: the least a correct sign or verify can do (split, parse the header, check the
// algorithm, check the signature, parse the payload, check exp and nbf). Every figure is a same-run ratio:
// floor and jwt-kit alternate within each round, and the ratio is taken per round.
// Works whether `kit.tokens.verify` returns a value or a promise: promises are awaited in batches, and the cost
// is per call over many calls.
// Runs as its own process (the orchestrator pins it to one core) and prints one JSON line on stdout; progress
// goes to stderr. Usage: node bench/micro.js '{"rounds": 9, "roundMs": 150, "only": null}'
const { createHmac, createPublicKey, createSecretKey, timingSafeEqual, verify: cryptoVerify } = require('node:crypto');
const { createVerifier } = require('fast-jwt');
const jsonwebtoken = require('jsonwebtoken');
const { createKit } = require('../dist');
const { makeKeys, loginClaims } = require('./lib/keys');
const { summarize } = require('./lib/stats');

// roundMs: about how long each function runs in each round.
const settings = { rounds: 9, roundMs: 100, ...JSON.parse(process.argv[2] ?? '{}') };
const BATCH = 64;

const b64json = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const fail = (why) => {
  throw new Error(why);
};

/** A hand-written JWS compact verify: what any correct verifier must do, and nothing more. */
function floorVerifier(alg, checkSignature) {
  return (token) => {
    const dot1 = token.indexOf('.');
    const dot2 = token.indexOf('.', dot1 + 1);
    if (dot1 <= 0 || dot2 <= dot1 || token.indexOf('.', dot2 + 1) !== -1) fail('malformed');
    const header = JSON.parse(Buffer.from(token.slice(0, dot1), 'base64url').toString('utf8'));
    if (header.alg !== alg) fail('algorithm');
    if (!checkSignature(token.slice(0, dot2), Buffer.from(token.slice(dot2 + 1), 'base64url'))) fail('signature');
    const payload = JSON.parse(Buffer.from(token.slice(dot1 + 1, dot2), 'base64url').toString('utf8'));
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.exp !== 'number' || now >= payload.exp) fail('expired');
    if (typeof payload.nbf === 'number' && now < payload.nbf) fail('not yet valid');
    return payload;
  };
}

function buildCases(keys) {
  const hsKey = createSecretKey(Buffer.from(keys.HS256.secret));
  const rsKey = createPublicKey(keys.RS256.publicKey);
  const esKey = createPublicKey(keys.ES256.publicKey);
  const hsHeader = b64json({ alg: 'HS256', typ: 'JWT' });

  const floorHs = floorVerifier('HS256', (input, signature) => {
    const mac = createHmac('sha256', hsKey).update(input).digest();
    return signature.length === mac.length && timingSafeEqual(signature, mac);
  });
  const floorRs = floorVerifier('RS256', (input, signature) => cryptoVerify('sha256', Buffer.from(input), rsKey, signature));
  const floorEs = floorVerifier('ES256', (input, signature) =>
    cryptoVerify('sha256', Buffer.from(input), { key: esKey, dsaEncoding: 'ieee-p1363' }, signature),
  );
  const floorSignHs = (claims) => {
    const input = `${hsHeader}.${b64json(claims)}`;
    return `${input}.${createHmac('sha256', hsKey).update(input).digest('base64url')}`;
  };

  const handlers = { authenticate: () => null, identity: (payload) => payload };
  const kit = (algorithm) =>
    createKit({
      algorithm,
      ...(algorithm.startsWith('HS') ? { secret: keys.HS256.secret } : { privateKey: keys[algorithm].privateKey, publicKey: keys[algorithm].publicKey }),
      handlers,
    }).tokens;
  const tokens = { HS256: kit('HS256'), RS256: kit('RS256'), ES256: kit('ES256') };
  const claims = loginClaims();

  // Each case: the floor, jwt-kit, and references shown for context (not part of the ratio).
  return [
    {
      name: 'HS256 sign',
      floor: () => floorSignHs(claims),
      kit: () => tokens.HS256.sign(claims),
      check: async (run) => floorHs(await run()),
      refs: { 'jsonwebtoken (KeyObject)': () => jsonwebtoken.sign(JSON.stringify(claims), hsKey, { algorithm: 'HS256' }) },
    },
    verifyCase('HS256', keys.HS256.token, floorHs, tokens.HS256, {
      'jsonwebtoken (KeyObject)': (t) => jsonwebtoken.verify(t, hsKey, { algorithms: ['HS256'] }),
      'fast-jwt (no cache)': createVerifier({ key: keys.HS256.secret, algorithms: ['HS256'], cache: false }),
    }),
    verifyCase('RS256', keys.RS256.token, floorRs, tokens.RS256, {
      'fast-jwt (no cache)': createVerifier({ key: keys.RS256.publicKey, algorithms: ['RS256'], cache: false }),
    }),
    verifyCase('ES256', keys.ES256.token, floorEs, tokens.ES256, {
      'fast-jwt (no cache)': createVerifier({ key: keys.ES256.publicKey, algorithms: ['ES256'], cache: false }),
    }),
  ];
}

function verifyCase(alg, token, floor, tokens, refs) {
  const forged = `${token.slice(0, token.lastIndexOf('.') + 1)}${Buffer.alloc(alg === 'RS256' ? 256 : 32, 7).toString('base64url')}`;
  return {
    name: `${alg} verify`,
    floor: () => floor(token),
    // The guard's path: verifyNow (verify is the same wrapped in one settled promise). A build without it is
    // measured through verify.
    kit: tokens.verifyNow ? () => tokens.verifyNow(token) : () => tokens.verify(token),
    // The floor must be a real verifier: it refuses a forged signature, and it accepts what jwt-kit accepts.
    check: async (run) => {
      let refused = false;
      try {
        floor(forged);
      } catch {
        refused = true;
      }
      if (!refused) fail(`the ${alg} floor accepted a forged token`);
      const payload = await run();
      if (payload.user_id !== 1) fail(`jwt-kit's ${alg} verify returned ${JSON.stringify(payload)}`);
    },
    refs: Object.fromEntries(Object.entries(refs).map(([name, fn]) => [name, () => fn(token)])),
  };
}

/** Microseconds per call over `n` calls; a promise result is awaited, BATCH at a time. */
async function perCall(fn, n) {
  let pending = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const result = fn();
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
      pending.push(result);
      if (pending.length >= BATCH) {
        await Promise.all(pending);
        pending = [];
      }
    }
  }
  if (pending.length > 0) await Promise.all(pending);
  return Number(process.hrtime.bigint() - start) / 1e3 / n;
}

/** Calls `fn` for about `ms` milliseconds. */
async function warm(fn, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) await perCall(fn, 100);
}

async function measureCase(c) {
  await c.check(async () => c.kit());
  const fns = { floor: c.floor, kit: c.kit, ...c.refs };
  // Warm-up (the JIT settles), then calibration on the quickest of three tries (the least disturbed): enough
  // calls per round that the floor runs for about roundMs.
  for (const fn of Object.values(fns)) await warm(fn, settings.roundMs * 2);
  const tries = [];
  for (let i = 0; i < 3; i++) tries.push(await perCall(c.floor, 1000));
  const n = Math.max(200, Math.round((settings.roundMs * 1000) / Math.min(...tries)));
  const samples = Object.fromEntries(Object.keys(fns).map((name) => [name, []]));
  const ratios = [];
  for (let round = 0; round < settings.rounds; round++) {
    // Alternate the order: a slowdown in the middle of a round hits floor and jwt-kit in turn.
    const order = round % 2 ? Object.keys(fns).reverse() : Object.keys(fns);
    for (const name of order) samples[name].push(await perCall(fns[name], n));
    ratios.push(samples.floor[round] / samples.kit[round]);
  }
  const us = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, summarize(values)]));
  const refRatios = Object.fromEntries(
    Object.keys(c.refs).map((name) => [name, summarize(samples.floor.map((floor, i) => floor / samples[name][i]))]),
  );
  return { name: c.name, callsPerRound: n, us, ratio: summarize(ratios), refRatios };
}

(async () => {
  const keys = makeKeys();
  try {
    const results = [];
    for (const c of buildCases(keys)) {
      if (settings.only && !settings.only.some((name) => c.name.toLowerCase().replace(/\s+/g, '-').includes(name))) continue;
      process.stderr.write(`  micro: ${c.name} ...\n`);
      results.push(await measureCase(c));
    }
    process.stdout.write(`${JSON.stringify({ rounds: settings.rounds, roundMs: settings.roundMs, cases: results })}\n`);
  } finally {
    keys.cleanup();
  }
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});

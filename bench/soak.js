// `npm run soak`: a load and soak run against the real `jwt-kit serve` (the built bin), on loopback.
// Not part of `npm test`: it takes a minute and its figures depend on the machine.
//
// autocannon drives the server with a fixed mix: logins (right and wrong password, each answer checked), the
// token a login just returned, a valid token made here with node:crypto, an expired one, forged ones (another
// secret, alg none, a changed payload, a duplicate alg), malformed and oversized ones. Every answer's status is
// checked against the one its request must get. The server's RSS is read from /proc/PID/status after a
// warm-up, every second during the run, and at the end.
//
// Exits 1 on any 5xx, any wrong status, any connection error or timeout, or RSS growth over --max-growth-mb;
// 2 on bad usage. Every process it starts is ended by its PID.
const { createHmac, randomBytes } = require('node:crypto');
const { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { readFlags } = require('./lib/flags');
const autocannon = require('autocannon');
const { start, stop } = require('./lib/procs');

const USAGE = `Usage: npm run soak -- [options]   (or: node bench/soak.js [options] after npm run build)

  --duration S          seconds of load, after the warm-up (default 45)
  --warmup S            seconds of load before the first memory reading (default 5)
  --connections N       concurrent connections (default 20)
  --max-growth-mb M     the RSS growth allowed from after the warm-up to the end (default 64)
  -h, --help`;

const OPTIONS = {
  duration: { type: 'string', default: '45' },
  warmup: { type: 'string', default: '5' },
  connections: { type: 'string', default: '20' },
  'max-growth-mb': { type: 'string', default: '64' },
  help: { type: 'boolean', short: 'h', default: false },
};
const { positive } = readFlags('soak', OPTIONS, USAGE);
const DURATION = positive('duration');
const WARMUP = positive('warmup');
const CONNECTIONS = Math.round(positive('connections'));
const MAX_GROWTH_MB = positive('max-growth-mb');

const ROOT = resolve(__dirname, '..');
const BIN = join(ROOT, 'bin', 'jwt-kit.js');
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  console.error('soak: dist/ is missing: run `npm run build` first (npm run soak does)');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens, made here with node:crypto alone

const SECRET = randomBytes(48).toString('base64url');
const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const hmac = (input, secret) => createHmac('sha256', secret).update(input).digest('base64url');
const signed = (header, claims, secret = SECRET) => {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${hmac(input, secret)}`;
};
const now = Math.floor(Date.now() / 1000);
// Valid through the whole run, whatever its length.
const claims = { user_id: 1, iat: now, nbf: now, exp: now + DURATION + WARMUP + 600 };
const HS256 = { alg: 'HS256', typ: 'JWT' };
const valid = signed(HS256, claims);
const [validHeader, , validSignature] = valid.split('.');

const bearer = (token) => ({ authorization: `Bearer ${token}` });
const json = { 'content-type': 'application/json' };

/** The mix: each request with the status and code it must get. */
const MIX = [
  { name: 'login', method: 'POST', path: '/auth', headers: json, body: JSON.stringify({ username: 'joe', password: 'pass' }), status: 200, keepToken: true },
  { name: 'token from the login', path: '/protected', useToken: true, status: 200 },
  { name: 'valid token', path: '/protected', headers: bearer(valid), status: 200 },
  { name: 'valid token, /me', path: '/me', headers: bearer(valid), status: 200 },
  { name: 'wrong password', method: 'POST', path: '/auth', headers: json, body: JSON.stringify({ username: 'joe', password: 'nope' }), status: 401, code: 'INVALID_CREDENTIALS' },
  { name: 'expired token', path: '/protected', headers: bearer(signed(HS256, { ...claims, iat: now - 600, nbf: now - 600, exp: now - 300 })), status: 401, code: 'TOKEN_EXPIRED' },
  { name: 'another secret', path: '/protected', headers: bearer(signed(HS256, claims, randomBytes(48))), status: 401, code: 'TOKEN_BAD_SIGNATURE' },
  { name: 'alg none', path: '/protected', headers: bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`), status: 401, code: 'TOKEN_ALGORITHM_NOT_ALLOWED' },
  { name: 'payload changed', path: '/protected', headers: bearer(`${validHeader}.${b64({ ...claims, user_id: 2 })}.${validSignature}`), status: 401, code: 'TOKEN_BAD_SIGNATURE' },
  { name: 'duplicate alg', path: '/protected', headers: bearer(signed('{"alg":"none","alg":"HS256"}', claims)), status: 401, code: 'TOKEN_MALFORMED' },
  { name: 'malformed', path: '/protected', headers: bearer('not.a.jwt'), status: 401, code: 'TOKEN_MALFORMED' },
  { name: 'oversized', path: '/protected', headers: bearer('a'.repeat(9000)), status: 401, code: 'TOKEN_TOO_LARGE' },
  { name: 'no token', path: '/protected', status: 401, code: 'TOKEN_MISSING' },
  { name: 'login body not JSON', method: 'POST', path: '/auth', headers: { 'content-type': 'text/plain' }, body: 'username=joe', status: 415, code: 'LOGIN_UNSUPPORTED_MEDIA_TYPE' },
];

// ---------------------------------------------------------------------------------------------------------------
// The server

function rssKiB(pid) {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}
const mb = (kib) => (kib / 1024).toFixed(1);

async function startServer(dir) {
  const config = join(dir, 'jwtauth.config.json');
  // Login throttling stays on, so its counters are part of the load, but with limits no soak reaches: every
  // request comes from one address and the mix keeps sending joe's wrong password, each answer checked as 401.
  const loginThrottle = { usernameLimit: 1_000_000, addressLimit: 1_000_000 };
  writeFileSync(config, JSON.stringify({ secretEnv: 'SOAK_JWT_SECRET', loginThrottle }));
  const env = { ...process.env, SOAK_JWT_SECRET: SECRET, NO_COLOR: '1', NODE_ENV: 'production' };
  const child = start('server', process.execPath, [BIN, 'serve', '--config', config, '--port', '0', '--host', '127.0.0.1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let logLines = 0;
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const url = await new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start in 10 s:\n${stderr}`)), 10_000);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${stderr}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = /listening on (http:\/\/\S+)/.exec(out);
      if (found) {
        clearTimeout(timer);
        resolveUrl(found[1]);
      }
    });
  });
  // serve logs one line a request: read them all, so the pipe never fills and blocks the server.
  child.stdout.on('data', (chunk) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) logLines += 1;
  });
  return { child, url, logLines: () => logLines, stderr: () => stderr };
}

// ---------------------------------------------------------------------------------------------------------------
// The load

function load(url, seconds, tally) {
  const requests = MIX.map((spec) => ({
    method: spec.method ?? 'GET',
    path: spec.path,
    headers: spec.headers ?? {},
    body: spec.body,
    // The token the login of this connection's loop just returned (autocannon keeps a context per connection).
    ...(spec.useToken && {
      setupRequest: (request, context) => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${context.token}` } }),
    }),
    onResponse: (status, body, context) => {
      const seen = tally.get(spec.name);
      seen.count += 1;
      let parsed;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      const code = parsed && typeof parsed === 'object' ? parsed.code : undefined;
      if (status !== spec.status || (spec.code !== undefined && code !== spec.code)) {
        seen.wrong += 1;
        seen.last = `${status} ${code ?? ''}`.trim();
      }
      if (status >= 500) seen.fiveHundreds += 1;
      if (spec.keepToken && parsed && typeof parsed.token === 'string') context.token = parsed.token;
    },
  }));
  return autocannon({ url, connections: CONNECTIONS, duration: seconds, requests, timeout: 10 });
}

function newTally() {
  return new Map(MIX.map((spec) => [spec.name, { count: 0, wrong: 0, fiveHundreds: 0, last: '' }]));
}

(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-kit-soak-'));
  let server;
  try {
    server = await startServer(dir);
    const pid = server.child.pid;
    const started = rssKiB(pid);
    console.log(`soak: jwt-kit serve pid ${pid} on ${server.url}; RSS at start ${mb(started)} MiB`);
    console.log(`soak: warm-up ${WARMUP} s, then ${DURATION} s of load, ${CONNECTIONS} connections, ${MIX.length} kinds of request`);

    const warmTally = newTally();
    await load(server.url, WARMUP, warmTally);
    const before = rssKiB(pid);

    const tally = newTally();
    const samples = [];
    const sampler = setInterval(() => samples.push(rssKiB(pid)), 1000);
    const result = await load(server.url, DURATION, tally);
    clearInterval(sampler);
    // Let the last responses and any timers settle before the last reading.
    await new Promise((r) => setTimeout(r, 1000));
    const after = rssKiB(pid);
    const peak = Math.max(before, after, ...samples);

    const rows = [...tally.entries()];
    const wrong = rows.reduce((n, [, t]) => n + t.wrong, 0) + [...warmTally.values()].reduce((n, t) => n + t.wrong, 0);
    const fiveHundreds = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => Number(code) >= 500).reduce((n, [, s]) => n + Number(s.count), 0);
    const errors = result.errors + result.timeouts;
    const growthMb = (after - before) / 1024;

    console.log('');
    console.log('| request | expected | answered | wrong |');
    console.log('|---|---|---|---|');
    for (const spec of MIX) {
      const t = tally.get(spec.name);
      console.log(`| ${spec.name} | ${spec.status}${spec.code ? ` ${spec.code}` : ''} | ${t.count} | ${t.wrong}${t.wrong ? ` (last: ${t.last})` : ''} |`);
    }
    console.log('');
    console.log(`requests: ${result.requests.total} in ${DURATION} s (${Math.round(result.requests.average)} a second on average), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    console.log(`status codes: ${Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => `${code}: ${s.count}`).join(', ')}`);
    console.log(`5xx: ${fiveHundreds}; wrong statuses or codes: ${wrong}; connection errors and timeouts: ${errors}`);
    console.log(`server log lines: ${server.logLines()}`);
    console.log(`RSS: ${mb(started)} MiB at start, ${mb(before)} MiB after the warm-up, ${mb(after)} MiB at the end (peak ${mb(peak)} MiB); growth ${growthMb.toFixed(1)} MiB, bound ${MAX_GROWTH_MB} MiB`);

    const failures = [];
    if (fiveHundreds > 0) failures.push(`${fiveHundreds} answers were 5xx`);
    if (wrong > 0) failures.push(`${wrong} answers had a wrong status or code`);
    if (errors > 0) failures.push(`${errors} connection errors or timeouts`);
    if (growthMb > MAX_GROWTH_MB) failures.push(`RSS grew ${growthMb.toFixed(1)} MiB, over the bound of ${MAX_GROWTH_MB} MiB`);
    if (result.requests.total === 0) failures.push('no request was answered');
    if (server.stderr().includes('error in')) failures.push('serve logged a server error on stderr');
    if (failures.length > 0) {
      console.error(`soak: FAILED: ${failures.join('; ')}`);
      process.exitCode = 1;
    } else {
      console.log('soak: passed');
    }
  } finally {
    if (server) await stop(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
})().catch((error) => {
  console.error(`soak: ${error.stack ?? error}`);
  process.exitCode = 1;
});

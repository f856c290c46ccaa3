// The HTTP benchmark: each contender is its own Node process on 127.0.0.1 (pinned to core 0), driven by wrk
// or autocannon (pinned to core 1) at a fixed connection count, after a warm-up. In every round each
// contender runs between two runs of its group's baseline (B C1 B C2 B ... B, the order turning each round),
// and its figures are taken as ratios to the geometric mean of those two baseline runs: on a shared machine
// the ratio of runs made side by side holds, an absolute figure does not. A fresh server per run, so RSS
// after load is each contender's own.
const http = require('node:http');
const { loadavg } = require('node:os');
const { join } = require('node:path');
const { groups } = require('./contenders');
const { measure } = require('./lib/load');
const { start, stop } = require('./lib/procs');
const { geomean, median, summarize } = require('./lib/stats');

const SERVERS = join(__dirname, 'servers');
const MB = 1024 * 1024;

/** Starts the server of `entry`; resolves with { child, port } once it listens. */
function startServer(entry, keysFile) {
  const [file, ...args] = entry.server;
  if (entry.config) args.push(JSON.stringify(entry.config));
  const child = start('server', process.execPath, [join(SERVERS, file), ...args], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, BENCH_KEYS: keysFile, NODE_ENV: 'production' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop(child);
      reject(new Error(`${entry.name}: no "listening" within 20 s`));
    }, 20000);
    child.on('message', (message) => {
      if (message?.type !== 'listening') return;
      clearTimeout(timer);
      resolve({ child, port: message.port });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry.name}: server exited (${code}) before listening: ${errorLine(stderr)}`));
    });
  });
}

/** The line of a crash's stderr that says what went wrong (Node puts it below the source excerpt). */
function errorLine(stderr) {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /^[\w.]*(Error|Exception)\b/.test(line)) ?? lines.filter((line) => !line.startsWith('Node.js v')).pop() ?? '';
}

function askRss(child) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(NaN), 5000);
    const onMessage = (message) => {
      if (message?.type !== 'rss') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.rss);
    };
    child.on('message', onMessage);
    child.send('rss');
  });
}

/** The request a group sends, with the token of the contender's algorithm. */
function requestOf(group, entry, keys) {
  const { method, path, body } = group.request;
  const headers = {};
  if (method === 'GET') headers.Authorization = `Bearer ${keys[entry.alg ?? 'HS256'].token}`;
  if (body) headers['Content-Type'] = 'application/json';
  return { method, path, headers, body: body && JSON.stringify(body) };
}

function send(port, { method, path, headers, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Checks a contender does the real work before it is timed: the good request gets 200 (a login gets a token),
 * and, unless `verifies: false`, a forged token or a wrong password gets 401. A contender that answered
 * everything with 401 would otherwise look fast.
 */
async function preflight(group, entry, port, keys) {
  const request = requestOf(group, entry, keys);
  const good = await send(port, request);
  if (good.status !== 200) throw new Error(`${entry.name}: the benchmark request got ${good.status}: ${good.text.slice(0, 200)}`);
  if (group.request.method === 'POST' && typeof JSON.parse(good.text).token !== 'string') {
    throw new Error(`${entry.name}: the login answer has no token: ${good.text.slice(0, 200)}`);
  }
  if (entry.verifies === false) return;
  const bad =
    group.request.method === 'GET'
      ? { ...request, headers: { Authorization: request.headers.Authorization.replace(/\.[^.]+$/, '.AAAA') } }
      : { ...request, body: JSON.stringify({ ...group.request.body, password: 'wrong' }) };
  const refused = await send(port, bad);
  if (refused.status !== 401) throw new Error(`${entry.name}: a forged token or wrong password got ${refused.status}, not 401`);
}

async function runOnce(group, entry, ctx) {
  const { child, port } = await startServer(entry, ctx.keys.file);
  try {
    await preflight(group, entry, port, ctx.keys);
    const request = requestOf(group, entry, ctx.keys);
    const result = await measure(ctx.tool, {
      url: `http://127.0.0.1:${port}${request.path}`,
      method: request.method,
      headers: request.headers,
      body: request.body,
      connections: ctx.settings.connections,
      warmup: ctx.settings.warmup,
      duration: ctx.settings.duration,
    });
    result.rss = await askRss(child);
    // The 1-minute load average as the run ends: a run made while the machine was busy shows here.
    result.loadavg = Number(loadavg()[0].toFixed(2));
    if (child.exitCode !== null) throw new Error(`${entry.name}: the server died during the load`);
    return result;
  } finally {
    await stop(child);
  }
}

const fmt = (r) =>
  `${Math.round(r.rps).toLocaleString('en-US').padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  ` +
  `RSS ${(r.rss / MB).toFixed(1)} MB${r.non2xx ? `  NON-2XX ${r.non2xx}` : ''}${r.errors ? `  socket errors ${r.errors}` : ''}`;

/** Picks the groups and contenders that `only` names (a group name, a contender name, or 'http' for all). */
function plan(only) {
  const all = !only || only.includes('http');
  return groups().map((group) => {
    const whole = all || only.includes(group.name) || only.includes(group.baseline.name);
    const contenders = group.contenders.filter((c) => whole || only.includes(c.name));
    return contenders.length > 0 ? { ...group, contenders } : null;
  }).filter(Boolean);
}

async function runHttp(ctx) {
  const { settings, log } = ctx;
  const groups = plan(ctx.only);
  const out = [];
  for (const group of groups) {
    log(`\n${group.name}: ${group.title}`);
    const active = [];
    const rows = [];
    for (const c of group.contenders) {
      if (c.pending) {
        log(`  skip ${c.name}: ${c.pending}`);
        rows.push({ name: c.name, label: c.label, skipped: c.pending });
      } else {
        active.push(c);
      }
    }
    const runs = Object.fromEntries([group.baseline, ...active].map((e) => [e.name, []]));
    const failed = {};
    for (let round = 0; round < settings.rounds; round++) {
      // The order turns each round, so no contender always follows the same neighbour.
      const order = active.map((_, i) => active[(i + round) % active.length]).filter((c) => !failed[c.name]);
      const sequence = [group.baseline];
      for (const c of order) sequence.push(c, group.baseline);
      const baseRuns = [];
      for (let i = 0; i < sequence.length; i++) {
        const entry = sequence[i];
        let result;
        try {
          result = await runOnce(group, entry, ctx);
        } catch (error) {
          if (entry === group.baseline) throw error;
          failed[entry.name] = error.message;
          log(`  FAILED ${error.message}`);
          continue;
        }
        log(`  round ${round + 1}/${settings.rounds}  ${entry.name.padEnd(16)} ${fmt(result)}`);
        result.round = round;
        result.position = i;
        runs[entry.name].push(result);
        if (entry === group.baseline) baseRuns.push({ ...result, position: i });
      }
      // Pair each contender run of this round with the baseline runs on either side of it.
      for (const c of order) {
        const mine = runs[c.name].find((r) => r.round === round);
        if (!mine) continue;
        const before = [...baseRuns].reverse().find((b) => b.position < mine.position);
        const after = baseRuns.find((b) => b.position > mine.position);
        mine.baseline = {
          rps: geomean(before?.rps, after?.rps),
          p50: geomean(before?.p50, after?.p50),
          p99: geomean(before?.p99, after?.p99),
          rss: median([before?.rss, after?.rss]),
        };
      }
    }
    const base = runs[group.baseline.name];
    // The baseline against itself, run after run: how much a ratio moves on this machine with no change at all.
    const noise = summarize(base.slice(1).map((r, i) => r.rps / base[i].rps));
    const absolute = (list) => ({
      rps: median(list.map((r) => r.rps)),
      p50: median(list.map((r) => r.p50)),
      p99: median(list.map((r) => r.p99)),
      rssMB: median(list.map((r) => r.rss / MB)),
    });
    const baselineRow = { name: group.baseline.name, label: group.baseline.label, baseline: true, absolute: absolute(base), noise, runs: base };
    for (const c of active) {
      const list = runs[c.name].filter((r) => r.baseline);
      const ratio = (key) => summarize(list.map((r) => r[key] / r.baseline[key]));
      rows.push({
        name: c.name,
        label: c.label,
        ...(failed[c.name] && { failed: failed[c.name] }),
        rps: ratio('rps'),
        p50: ratio('p50'),
        p99: ratio('p99'),
        rss: ratio('rss'),
        rssDeltaMB: summarize(list.map((r) => (r.rss - r.baseline.rss) / MB)),
        absolute: absolute(list),
        non2xx: list.reduce((sum, r) => sum + (r.non2xx || 0), 0),
        runs: list,
      });
    }
    // Keep the list's order, skipped contenders in their place.
    const order = group.contenders.map((c) => c.name);
    rows.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    out.push({ name: group.name, title: group.title, baseline: baselineRow, rows });
  }
  return out;
}

module.exports = { runHttp, plan };

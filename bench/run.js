// `npm run bench`: every benchmark of jwt-kit, with figures as ratios to a baseline measured in the same run.
// Not part of `npm test`: timing never decides a test.
//   http        each contender its own server process, driven by wrk or autocannon (bench/http.js)
//   micro       the token service against node:crypto floors (bench/micro.js)
//   cold-start  CLI start-up against `node -e 0` (bench/cold-start.js)
//   verify-key  jsonwebtoken with a string secret vs a KeyObject vs jwt-kit (bench/verify-key.js)
// Prints tables (Markdown) with the targets of issue 11, and writes every figure and every run as JSON.
const { mkdirSync, writeFileSync } = require('node:fs');
const { cpus, loadavg, availableParallelism } = require('node:os');
const { dirname, join, resolve } = require('node:path');
const { plan, runHttp } = require('./http');
const { readFlags } = require('./lib/flags');
const { pickTool } = require('./lib/load');
const { pinning, hasTaskset, runToEnd } = require('./lib/procs');
const { hasHyperfine, runColdStart } = require('./cold-start');
const { checkTargets } = require('./targets');
const { ratioText } = require('./lib/stats');
const { table } = require('./lib/table');

const USAGE = `Usage: npm run bench -- [options]   (or: node bench/run.js [options] after npm run build)

  --quick             a short run to check the harness (about 2 minutes); its figures are rough
  --only NAME         run only NAME: a section (http, micro, cold-start, verify-key), an HTTP group
                      (guard, login), a contender (koa-jwt, fast-jwt, kit-hs256, ...; its baseline comes
                      along) or a micro case (hs256-verify, ...). Repeatable, or comma-separated
  --out PATH          where the JSON goes (default bench/results/latest.json)
  --tool wrk|autocannon   the load generator (default: wrk where installed, else autocannon)
  --rounds N          HTTP rounds (default 3, quick 2)
  --duration S        seconds measured per HTTP run (default 5, quick 1)
  --warmup S          seconds of warm-up per HTTP run, not measured (default 2, quick 1)
  --connections N     concurrent connections (default 50)
  --redis URL         also run the guard with revocation in this Redis (e.g. redis://127.0.0.1:6379); the
                      contender is skipped without it
  -h, --help`;

// --rounds etc. are strings here, checked by positive() (bench/lib/flags.js), so a bad value gets a message of ours.
const OPTIONS = {
  quick: { type: 'boolean', default: false },
  only: { type: 'string', multiple: true },
  out: { type: 'string' },
  tool: { type: 'string' },
  rounds: { type: 'string' },
  duration: { type: 'string' },
  warmup: { type: 'string' },
  connections: { type: 'string' },
  redis: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};
const { flags, positive, usageError } = readFlags('bench', OPTIONS, USAGE);

// Read by bench/contenders.js (and passed on to nothing else: the URL may carry a password).
if (flags.redis) process.env.BENCH_REDIS_URL = flags.redis;

// wrk takes whole seconds; rounds and connections are counts.
const whole = (n) => Math.max(1, Math.round(n));
const quick = flags.quick;
const settings = {
  http: {
    rounds: whole(positive('rounds', quick ? 2 : 3)),
    duration: whole(positive('duration', quick ? 1 : 5)),
    warmup: whole(positive('warmup', quick ? 1 : 2)),
    connections: whole(positive('connections', 50)),
  },
  micro: quick ? { rounds: 5, roundMs: 30 } : { rounds: 11, roundMs: 100 },
  coldStart: quick ? { rounds: 2, runs: 3 } : { rounds: 5, runs: 10 },
  verifyKey: quick ? [3, 1000] : [7, 3000],
};
const only = flags.only?.flatMap((value) => value.split(',')).map((value) => value.trim().toLowerCase()).filter(Boolean);
const MICRO_CASES = ['hs256-sign', 'hs256-verify', 'rs256-verify', 'es256-verify'];
const wants = {
  http: plan(only).length > 0,
  micro: !only || only.includes('micro') || only.some((name) => MICRO_CASES.includes(name)),
  coldStart: !only || only.includes('cold-start'),
  verifyKey: !only || only.includes('verify-key'),
};
if (!Object.values(wants).some(Boolean)) {
  usageError(`--only ${only.join(',')} names nothing to run`);
}
let tool;
try {
  tool = wants.http ? pickTool(flags.tool) : undefined;
  if (flags.tool && !['wrk', 'autocannon'].includes(flags.tool)) throw new Error(`--tool ${flags.tool}: use wrk or autocannon`);
} catch (error) {
  console.error(`bench: ${error.message}`);
  process.exit(2);
}
const out = resolve(flags.out ?? join(__dirname, 'results', 'latest.json'));
const log = (line = '') => console.log(line);

const machine = () => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: availableParallelism(),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  loadavg: loadavg().map((n) => Number(n.toFixed(2))),
});

async function main() {
  const started = new Date();
  const results = { date: started.toISOString(), quick, machineAtStart: machine(), settings, only: only ?? null };
  log(`jwt-kit benchmarks, ${started.toISOString()}${quick ? ' (--quick: a harness check, figures are rough)' : ''}`);
  log(`machine: ${results.machineAtStart.cpu}, ${results.machineAtStart.cores} cores, node ${process.version}, load average ${results.machineAtStart.loadavg.join(' ')}`);
  log('Absolute figures move with the machine\'s load; ratios to a baseline run side by side are what to read.');
  if (!pinning) log(`note: ${hasTaskset ? 'fewer than 2 cores' : 'taskset not found'}: server and load generator are not pinned to separate cores`);

  if (wants.http) {
    const { rounds, duration, warmup, connections } = settings.http;
    log(`\n# HTTP: ${tool}, ${connections} connections, ${warmup} s warm-up + ${duration} s measured per run, ${rounds} rounds` +
      `${pinning ? ', server on core 0, load on core 1' : ''}`);
    const { makeKeys } = require('./lib/keys');
    const keys = makeKeys();
    try {
      results.http = await runHttp({ settings: settings.http, keys, tool, only, log });
      results.tool = tool;
    } finally {
      keys.cleanup();
    }
  }

  if (wants.micro) {
    log(`\n# Token service micro-benchmarks: ${settings.micro.rounds} rounds${pinning ? ', pinned to core 0' : ''}`);
    const microOnly = only?.filter((name) => MICRO_CASES.includes(name));
    const arg = JSON.stringify({ ...settings.micro, only: microOnly?.length ? microOnly : null });
    const micro = await runToEnd('server', process.execPath, [join(__dirname, 'micro.js'), arg]);
    process.stdout.write(micro.stderr);
    if (micro.code !== 0) results.microError = micro.stderr.trim().split('\n').slice(-5).join('\n');
    else results.micro = JSON.parse(micro.stdout.trim().split('\n').pop());
  }

  if (wants.coldStart) {
    log(`\n# CLI cold start: ${settings.coldStart.rounds} rounds of ${settings.coldStart.runs} runs each${hasHyperfine ? ' (hyperfine)' : ''}`);
    try {
      results.coldStart = await runColdStart({ settings: settings.coldStart, log });
    } catch (error) {
      log(`  FAILED ${error.message}`);
      results.coldStartError = error.message;
    }
  }

  if (wants.verifyKey) {
    log('\n# verify-key.js (jsonwebtoken string secret vs KeyObject vs jwt-kit)');
    const run = await runToEnd('server', process.execPath, [join(__dirname, 'verify-key.js'), ...settings.verifyKey.map(String)]);
    process.stdout.write(run.stdout.replace(/^/gm, '  '));
    if (run.code !== 0) {
      log(`  FAILED (exit ${run.code}): ${run.stderr.trim().split('\n')[0]}`);
      results.verifyKeyError = run.stderr.trim();
    }
    results.verifyKey = run.stdout;
  }

  results.machineAtEnd = machine();
  results.seconds = Math.round((Date.now() - started.getTime()) / 1000);
  results.targets = checkTargets(results);
  report(results);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nresults: ${out} (${results.seconds} s)`);
  const failures = [results.microError, results.coldStartError, results.verifyKeyError, ...(results.http ?? []).flatMap((g) => g.rows.map((r) => r.failed))].filter(Boolean);
  if (failures.length > 0) {
    log(`\n${failures.length} benchmark(s) failed: see above`);
    process.exitCode = 1;
  }
}

const ms = (value) => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');
const mb = (value) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
const signed = (s) => (s && Number.isFinite(s.median) ? `${s.median >= 0 ? '+' : ''}${s.median.toFixed(1)} MB` : 'n/a');

function report(results) {
  log(`\n## Results (${results.date.slice(0, 10)}; load average ${results.machineAtStart.loadavg[0]} at start, ${results.machineAtEnd.loadavg[0]} at end)`);
  log('Each cell: the median over rounds of the ratio to the baseline run beside it, with the range of the rounds.');
  for (const group of results.http ?? []) {
    const b = group.baseline;
    log(`\n### ${group.name}: ${group.title}`);
    const rows = [
      [b.label, `100% (self: ${ratioText(b.noise).replace(/^.*?\(/, '').replace(/\)$/, '') || 'n/a'})`, '1.00x', '1.00x', '1.00x', '', Math.round(b.absolute.rps), ms(b.absolute.p50), ms(b.absolute.p99), mb(b.absolute.rssMB)],
      ...group.rows.map((r) =>
        r.skipped || (r.failed && !r.runs.length)
          ? [r.label, r.skipped ? 'skipped' : 'failed', '', '', '', '', '', '', '', '']
          : [r.label, ratioText(r.rps), ratioText(r.p50, 'x'), ratioText(r.p99, 'x'), ratioText(r.rss, 'x'), signed(r.rssDeltaMB),
              Math.round(r.absolute.rps), ms(r.absolute.p50), ms(r.absolute.p99), mb(r.absolute.rssMB)],
      ),
    ];
    log(table(['contender', 'req/s', 'p50', 'p99', 'RSS after load', 'RSS delta', 'req/s abs', 'p50 ms', 'p99 ms', 'RSS MB'], rows,
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right']));
    for (const r of group.rows) if (r.skipped || r.failed) log(`${r.name}: ${r.skipped ? `skipped: ${r.skipped}` : `failed: ${r.failed}`}`);
    log(`(req/s, p50, p99, RSS: ratio to "${b.label}"; self: each baseline run against the one before it, the noise of this machine;` +
      ' the last four columns are absolute medians, noisy)');
  }
  if (results.micro) {
    log('\n### Token service vs node:crypto floor (speed as a fraction of the floor\'s; higher is better)');
    log(table(
      ['operation', 'jwt-kit us/call', 'floor us/call', 'jwt-kit of floor', 'references (of floor)'],
      results.micro.cases.map((c) => [
        c.name,
        c.us.kit.median.toFixed(2),
        c.us.floor.median.toFixed(2),
        ratioText(c.ratio, 'x'),
        Object.entries(c.refRatios).map(([name, s]) => `${name} ${s.median.toFixed(2)}x`).join('; '),
      ]),
      ['left', 'right', 'right', 'right', 'left'],
    ));
  }
  if (results.coldStart) {
    log(`\n### CLI start-up (${results.coldStart.tool}; serve by alternating spawns)`);
    log(table(
      ['command', 'median ms (noisy)', 'of node -e 0'],
      results.coldStart.rows.map((r) => [r.name, r.ms.median.toFixed(1), r.ratio ? ratioText(r.ratio, 'x') : '1.00x']),
      ['left', 'right', 'right'],
    ));
  }
  log('\n### Targets (issue 11)');
  log(table(['target', 'this run', 'status'], results.targets.map((t) => [t.target, t.figure, t.status])));
  if (results.quick) log('(--quick: too short for the targets to be judged; run without --quick for figures to compare)');
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`);
  process.exitCode = 1;
});

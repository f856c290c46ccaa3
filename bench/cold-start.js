// CLI start-up against bare `node -e 0`, in the same run (with Node loading commander alone as a reference):
//   token decode   a fixed token, no config
//   token issue    --secret-file, no config
//   serve          until it prints "listening", with the .ts config `jwt-kit init` writes (loaded through jiti)
// decode and issue are timed by hyperfine where it is installed (each round one hyperfine call over all three
// commands), else by alternating spawns; serve by alternating spawns (time to its "listening" line; then it
// is stopped by PID). Each round gives a ratio to `node -e 0` from that round; the median and the range of
// the rounds are reported. Needs dist/ (npm run bench builds it).
// Standalone: node bench/cold-start.js [rounds] [runs per round]
const { spawn, spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, rmSync, symlinkSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { makeKeys } = require('./lib/keys');
const { stop, start } = require('./lib/procs');
const { median, summarize } = require('./lib/stats');

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'bin', 'jwt-kit.js');
const NODE = process.execPath;
// The CLI as a user starts it: no colour, and no JWT_SECRET or PORT leaking in from the caller's shell.
const ENV = { ...process.env, NO_COLOR: '1' };
delete ENV.JWT_SECRET;
delete ENV.PORT;

const hasHyperfine = spawnSync('hyperfine', ['--version'], { stdio: 'ignore' }).error === undefined;

const quote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);

/** A temp project made by `jwt-kit init` (HS256, secret in .env), reaching jwt-kit as node_modules/jwt-kit. */
function initProject() {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-kit-bench-init-'));
  const init = spawnSync(NODE, [BIN, 'init'], { cwd: dir, env: ENV, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`jwt-kit init failed: ${init.stderr}`);
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'jwt-kit'), 'dir');
  return dir;
}

/** Milliseconds from spawn to exit (code 0 required). */
function timeExit([command, args], cwd) {
  const t0 = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: ENV, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
  return ms;
}

/** Milliseconds from spawn until `jwt-kit serve` says it listens; then it is stopped by its PID. */
function timeServe(cwd) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = start(null, NODE, [BIN, 'serve', '--port', '0'], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      stop(child);
      reject(new Error(`serve did not listen within 15 s: ${err.trim()}`));
    }, 15000);
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('listening on')) return;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      clearTimeout(timer);
      stop(child).then(() => resolve(ms));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!out.includes('listening on')) reject(new Error(`serve exited ${code} before listening: ${err.trim()}`));
    });
  });
}

/** One hyperfine call over the commands: their median milliseconds, in order. */
function hyperfineRound(commands, cwd, runs, dir) {
  const file = join(dir, 'hyperfine.json');
  const argv = ['-N', '--warmup', '1', '--runs', String(runs), '--export-json', file, '--style', 'none'];
  for (const [command, args] of commands) argv.push([command, ...args].map(quote).join(' '));
  const result = spawnSync('hyperfine', argv, { cwd, env: ENV, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`hyperfine failed: ${result.stderr.trim()}`);
  return JSON.parse(readFileSync(file, 'utf8')).results.map((r) => r.median * 1000);
}

async function runColdStart({ settings, log, useHyperfine = hasHyperfine }) {
  const keys = makeKeys();
  const project = initProject();
  const scratch = keys.dir; // no config here or above: decode and issue run without one
  try {
    const commands = {
      'node -e 0': [NODE, ['-e', '0']],
      // What any CLI built on commander pays before its first line runs (commander loads node:child_process):
      // shown for reference, not a target.
      'node + require(commander)': [NODE, ['-e', `require(${JSON.stringify(require.resolve('commander'))})`]],
      'token decode': [NODE, [BIN, 'token', 'decode', keys.HS256.token]],
      'token issue': [NODE, [BIN, 'token', 'issue', '--secret-file', keys.secretFile, '--claim', 'user_id=1']],
    };
    const names = Object.keys(commands);
    // One untimed run each: file system cache, and jiti's transform cache for the .ts config.
    for (const command of Object.values(commands)) timeExit(command, scratch);
    await timeServe(project);

    const ms = Object.fromEntries([...names, 'serve', 'node -e 0 (beside serve)'].map((n) => [n, []]));
    const tool = useHyperfine ? 'hyperfine' : 'alternating spawns';
    log(`  timing decode and issue with ${tool}; serve with alternating spawns`);
    for (let round = 0; round < settings.rounds; round++) {
      let medians;
      if (useHyperfine) {
        medians = hyperfineRound(Object.values(commands), scratch, settings.runs, keys.dir);
      } else {
        const times = names.map(() => []);
        for (let i = 0; i < settings.runs; i++) names.forEach((name, k) => times[k].push(timeExit(commands[name], scratch)));
        medians = times.map(median);
      }
      names.forEach((name, k) => ms[name].push(medians[k]));
      const serveTimes = [];
      const nodeTimes = [];
      for (let i = 0; i < Math.max(3, Math.ceil(settings.runs / 2)); i++) {
        nodeTimes.push(timeExit(commands['node -e 0'], project));
        serveTimes.push(await timeServe(project));
      }
      ms.serve.push(median(serveTimes));
      ms['node -e 0 (beside serve)'].push(median(nodeTimes));
      log(`  round ${round + 1}/${settings.rounds}  ${names.map((n, k) => `${n} ${medians[k].toFixed(0)} ms`).join(', ')}, serve ${median(serveTimes).toFixed(0)} ms`);
    }
    const ratioTo = (name, base) => summarize(ms[name].map((v, i) => v / ms[base][i]));
    return {
      tool,
      rounds: settings.rounds,
      runsPerRound: settings.runs,
      rows: [
        { name: 'node -e 0', ms: summarize(ms['node -e 0']) },
        { name: 'node + require(commander) (reference)', ms: summarize(ms['node + require(commander)']), ratio: ratioTo('node + require(commander)', 'node -e 0') },
        { name: 'token decode', ms: summarize(ms['token decode']), ratio: ratioTo('token decode', 'node -e 0') },
        { name: 'token issue', ms: summarize(ms['token issue']), ratio: ratioTo('token issue', 'node -e 0') },
        { name: 'serve (until listening, .ts config)', ms: summarize(ms.serve), ratio: ratioTo('serve', 'node -e 0 (beside serve)') },
      ],
      raw: ms,
    };
  } finally {
    keys.cleanup();
    rmSync(project, { recursive: true, force: true });
  }
}

module.exports = { runColdStart, hasHyperfine };

if (require.main === module) {
  const rounds = Number(process.argv[2] ?? 5);
  const runs = Number(process.argv[3] ?? 10);
  runColdStart({ settings: { rounds, runs }, log: console.log }).then((result) => {
    for (const row of result.rows) {
      const ratio = row.ratio ? `  ${row.ratio.median.toFixed(2)}x node -e 0 (${row.ratio.min.toFixed(2)}-${row.ratio.max.toFixed(2)}x)` : '';
      console.log(`  ${row.name.padEnd(36)} ${row.ms.median.toFixed(1).padStart(7)} ms${ratio}`);
    }
  });
}

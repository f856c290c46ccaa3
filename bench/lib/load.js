// Drives one server with a fixed connection count for a warm-up and a measured duration, with wrk where it
// is installed (C, microsecond latencies, little CPU per request) or else autocannon (npm, whole-millisecond
// latencies). The load generator runs pinned to its own core. Returns { rps, p50, p99, requests, non2xx, errors }
// with latencies in milliseconds.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { runToEnd } = require('./procs');

const hasWrk = spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;

function pickTool(requested) {
  if (requested === 'wrk' && !hasWrk) throw new Error('--tool wrk: wrk is not installed (Debian: apt-get install wrk)');
  return requested ?? (hasWrk ? 'wrk' : 'autocannon');
}

async function measure(tool, spec) {
  return tool === 'wrk' ? measureWrk(spec) : measureAutocannon(spec);
}

async function measureAutocannon(spec) {
  const script = join(__dirname, '..', 'load', 'autocannon.js');
  const result = await runToEnd('load', process.execPath, [script, JSON.stringify(spec)]);
  if (result.code !== 0) throw new Error(`autocannon failed: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

async function measureWrk(spec) {
  const base = ['-t1', `-c${spec.connections}`, '--latency', '--timeout', '5s'];
  for (const [name, value] of Object.entries(spec.headers ?? {})) base.push('-H', `${name}: ${value}`);
  const env = { ...process.env };
  if (spec.method === 'POST') {
    base.push('-s', join(__dirname, '..', 'load', 'post.lua'));
    env.BENCH_BODY = spec.body;
  }
  const wrk = (seconds) => runToEnd('load', 'wrk', [...base, `-d${seconds}s`, spec.url], { env });
  if (spec.warmup > 0) await wrk(spec.warmup);
  const result = await wrk(spec.duration);
  if (result.code !== 0) throw new Error(`wrk failed: ${result.stderr.trim() || result.stdout.trim()}`);
  return parseWrk(result.stdout);
}

const UNIT_MS = { us: 0.001, ms: 1, s: 1000 };

function parseWrk(text) {
  const latency = (percent) => {
    const match = text.match(new RegExp(`^\\s*${percent}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm'));
    return match ? Number(match[1]) * UNIT_MS[match[2]] : NaN;
  };
  const number = (re) => {
    const match = text.match(re);
    return match ? Number(match[1]) : 0;
  };
  const socket = text.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  return {
    rps: number(/^Requests\/sec:\s+([\d.]+)/m),
    p50: latency(50),
    p99: latency(99),
    requests: number(/^\s*(\d+) requests in/m),
    non2xx: number(/Non-2xx or 3xx responses: (\d+)/),
    errors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

module.exports = { measure, pickTool, hasWrk, parseWrk };

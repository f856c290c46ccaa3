// Starting, pinning and ending the processes of a benchmark. Every child is tracked by PID and ended by PID:
// at the end of its run, and on any exit of the orchestrator (error, Ctrl-C), never by name.
const { spawn, spawnSync } = require('node:child_process');
const { availableParallelism } = require('node:os');

const children = new Set();

const hasTaskset = (() => {
  if (process.platform !== 'linux') return false;
  const probe = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
  return probe.status === 0;
})();

/** Server on core 0, load generator on core 1: only with taskset and at least two cores. */
const pinning = hasTaskset && availableParallelism() >= 2;
const CORES = { server: '0', load: '1' };

/** The command line of `command args`, run under `taskset -c CORE` when pinning is possible. */
function pinned(role, command, args) {
  return pinning && role ? ['taskset', ['-c', CORES[role], command, ...args]] : [command, args];
}

/** Spawns a tracked child (taskset execs the command, so the PID is the command's own). */
function start(role, command, args, options = {}) {
  const [cmd, argv] = pinned(role, command, args);
  const child = spawn(cmd, argv, options);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Resolves with `{ code, signal }` once the child has exited. */
function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Ends a child by its PID: SIGTERM, then SIGKILL after `graceMs`. */
async function stop(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** Runs a command to its end and collects its output (tracked like every child, so Ctrl-C ends it). */
function runToEnd(role, command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = start(role, command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function killAll() {
  for (const child of children) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

module.exports = { pinning, hasTaskset, CORES, start, stop, exited, runToEnd, killAll };

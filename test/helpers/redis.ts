/**
 * A private, real redis-server for the store tests: loopback only, a free port, a temp dir, no persistence,
 * ended by its PID. The tests fail (never skip) when redis-server is not installed.
 *
 * `testRedisUrl()` gives the server CI started (JWTKIT_TEST_REDIS_URL, see .ci/run) or starts one; outage
 * tests call `startRedisServer()` themselves so they can stop it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM to its PID) and waits for it to exit; `restart()` brings it back. */
  stop(): Promise<void>;
  /** Starts the server again on the same port (with empty data: nothing is persisted). */
  restart(): Promise<void>;
  /** Stops the server for good and removes its temp dir. */
  close(): Promise<void>;
}

const NOT_INSTALLED =
  'redis-server is not installed, and the store tests need a real one: `apt-get install -y redis-server` ' +
  '(or set JWTKIT_TEST_REDIS_URL to a running server)';

export function assertRedisInstalled(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(NOT_INSTALLED);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function serverArgs(port: number, dir: string, extra: readonly string[] = []): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', ...extra];
}

/** Spawns redis-server with `args` and resolves once its log shows `readyText`. */
function launch(port: number, args: readonly string[], readyText = 'Ready to accept connections'): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not get ready on port ${port} within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(readyText)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        // Keep draining its output so the pipe never fills.
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error.message.includes('ENOENT') ? new Error(NOT_INSTALLED) : error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(child.pid as number, 'SIGTERM');
  });
}

/**
 * Starts a private redis-server on a free loopback port. `extraArgs` are added to its command line
 * (`['--cluster-enabled', 'yes']`); `sentinelOf` makes it a Sentinel watching that master port as `mymaster`.
 */
export async function startRedisServer(options: { extraArgs?: readonly string[]; sentinelOf?: number } = {}): Promise<RedisServer> {
  assertRedisInstalled();
  // A free port can be taken between our check and redis-server's bind, and a cluster node also binds its bus
  // port (the port + 10000), which nothing checked: another port, a few times, rather than a flaky test.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOn(await freePort(), options);
    } catch (error) {
      if (attempt >= 5 || !String((error as Error).message).includes('Address already in use')) throw error;
    }
  }
}

async function startOn(port: number, options: { extraArgs?: readonly string[]; sentinelOf?: number }): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'jwtkit-redis-'));
  let args = serverArgs(port, dir, options.extraArgs);
  let readyText: string | undefined;
  if (options.sentinelOf !== undefined) {
    // A Sentinel rewrites its config file, so it gets one of its own in the temp dir.
    const config = join(dir, 'sentinel.conf');
    writeFileSync(config, `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor mymaster 127.0.0.1 ${options.sentinelOf} 1\n`);
    args = [config, '--sentinel'];
    readyText = '+monitor master mymaster';
  }
  const start = (): Promise<ChildProcess> => launch(port, args, readyText);
  let child: ChildProcess | undefined;
  try {
    child = await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // A crashed test run must not leave a server behind.
  const killOnExit = (): void => {
    if (child?.pid !== undefined && child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await stopChild(child);
      child = undefined;
    },
    async restart() {
      await stopChild(child);
      child = await start();
    },
    async close() {
      await stopChild(child);
      child = undefined;
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The URL of a Redis for ordinary tests: CI's (JWTKIT_TEST_REDIS_URL), else a private one; `close` ends only our own. */
export async function testRedis(): Promise<{ url: string; close(): Promise<void> }> {
  const shared = process.env.JWTKIT_TEST_REDIS_URL;
  if (shared) return { url: shared, close: async () => undefined };
  const server = await startRedisServer();
  return { url: server.url, close: () => server.close() };
}

/**
 * A CliIO for in-process runs of the CLI (no mock of our code: the real program writes into these strings).
 * Also helpers to spawn the built bin and wait for its output.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIO } from '../../src/cli/io';

export interface IODouble extends CliIO {
  out: () => string;
  err: () => string;
  env: Record<string, string | undefined>;
}

export function ioDouble(cwd: string, env: Record<string, string | undefined> = {}, signal?: AbortSignal): IODouble {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text), isTTY: false },
    stderr: { write: (text: string) => (err += text), isTTY: false },
    stdin: Readable.from([]) as unknown as CliIO['stdin'],
    env,
    cwd,
    signal,
    out: () => out,
    err: () => err,
  };
}

export const REPO_ROOT = join(__dirname, '..', '..');
export const BIN = join(REPO_ROOT, 'bin', 'jwt-kit.js');

/** The built CLI is needed by the spawning tests: `npx tsc -p tsconfig.build.json && node scripts/esm-entry.js`. */
export function assertBuilt(): void {
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json && node scripts/esm-entry.js` first');
  }
}

export interface Spawned {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** Resolves when `pattern` appears in stdout + stderr, rejects if the process exits first or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  kill(): void;
}

const running = new Set<Spawned>();

/** Spawns `node bin/jwt-kit.js ...args`; the environment is `env` alone plus PATH (no JWT_SECRET leaks in). */
export function spawnCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
    stdio: 'pipe',
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    for (const listener of listeners) listener();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('close', (code, signal) => {
      for (const listener of listeners) listener();
      resolve(code ?? signal ?? -1);
    });
  });
  const spawned: Spawned = {
    child,
    out: () => out,
    err: () => err,
    exited,
    waitFor(pattern, ms = 10_000) {
      return new Promise((resolve, reject) => {
        let done = false;
        const check = () => {
          if (done) return;
          const match = pattern.exec(out + err);
          if (match) {
            done = true;
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done = true;
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\nstdout: ${out}\nstderr: ${err}`));
          }
        };
        const timer = setTimeout(() => {
          done = true;
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern}:\nstdout: ${out}\nstderr: ${err}`));
        }, ms);
        listeners.add(check);
        check();
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    },
  };
  running.add(spawned);
  void exited.then(() => running.delete(spawned));
  return spawned;
}

/** Kills, by PID, every spawned process still running; call from afterEach. */
export function killSpawned(): void {
  for (const spawned of running) spawned.kill();
  running.clear();
}

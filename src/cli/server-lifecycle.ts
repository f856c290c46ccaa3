/**
 * Starting and stopping a Node HTTP server the way a CLI should: a port in use is one line, not a stack
 * trace; a stop lets requests in flight finish and closes idle keep-alive sockets; a second signal forces.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwtKitError } from '../errors';
import type { CliIO } from './io';

/** How long a stop waits for requests in flight before it closes their connections. */
export const SHUTDOWN_GRACE_MS = 5000;

/** Listens on `host:port`; resolves with the server and its URL, or rejects with `LISTEN_FAILED`. */
export function listen(start: () => Server, port: number, host: string): Promise<{ server: Server; url: string }> {
  const bracket = (address: string) => (address.includes(':') ? `[${address}]` : address);
  return new Promise((resolve, reject) => {
    const server = start();
    server.once('listening', () => {
      const address = server.address() as AddressInfo;
      resolve({ server, url: `http://${bracket(address.address)}:${address.port}` });
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? `port ${port} is already in use` : error.message;
      reject(new JwtKitError('LISTEN_FAILED', `cannot listen on ${bracket(host)}:${port}: ${reason}`, { cause: error }));
    });
  });
}

/** How often a server started through npm checks that npm is still there. */
export const PARENT_CHECK_MS = 500;

/**
 * Resolves once `server` has stopped cleanly after SIGINT, SIGTERM or `io.signal`, or, when npm started it
 * (`npm start`, `npx jwt-kit serve`: npm sets `npm_command`), once npm is gone. npm forwards a SIGTERM to the
 * `sh -c` it runs scripts and bins through, and that shell dies without passing it on, which used to leave
 * the server orphaned and holding its port.
 */
export function untilStopped(server: Server, io: CliIO, name: string): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    let sweep: NodeJS.Timeout | undefined;
    let force: NodeJS.Timeout | undefined;
    const parent = io.env.npm_command ? watchParent(() => stop()) : undefined;
    const done = () => {
      clearInterval(parent);
      clearInterval(sweep);
      clearTimeout(force);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      resolve();
    };
    function stop() {
      if (stopping) {
        server.closeAllConnections();
        return;
      }
      stopping = true;
      io.stderr.write(`${name}: stopping: finishing requests in flight (again to force)\n`);
      server.close(done);
      server.closeIdleConnections();
      // A keep-alive socket turns idle once its last response is out: close those as they appear.
      sweep = setInterval(() => server.closeIdleConnections(), 50);
      force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    }
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener('abort', stop);
  });
}

/**
 * Calls `gone` once the process that started this one has exited. `process.ppid` is read once at start-up in
 * Node 20, so the check asks whether that process still exists (signal 0 tests without sending anything).
 */
function watchParent(gone: () => void): NodeJS.Timeout | undefined {
  const parent = process.ppid;
  if (parent <= 1) return undefined;
  const timer = setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch (error) {
      // EPERM: it exists but is not ours to signal (a reused pid at worst): only ESRCH means gone.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') return;
      clearInterval(timer);
      gone();
    }
  }, PARENT_CHECK_MS);
  timer.unref();
  return timer;
}

/**
 * `jwt-kit serve`: the sample server. Loads the config (and its .env) or, with none, the embedded
 * Flask-JWT quickstart demo; prints its URL and curl examples; logs each request; stops on SIGINT / SIGTERM.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import type Koa from 'koa';
import type { ResolvedConfig } from '../../config/types';
import { JwtKitError } from '../../errors';
import type { CliContext } from '../program';
import { colorsFor } from '../io';
import { findCliConfig } from '../config-source';
import { parsePort } from '../options';

/** How long a stop waits for requests in flight before it closes their connections. */
const SHUTDOWN_GRACE_MS = 5000;

interface ServeOptions {
  port?: number;
  host: string;
  config?: string;
}

export function registerServe(program: Command, cli: CliContext): void {
  program
    .command('serve')
    .description('run the sample server: the login route, GET /protected and GET /me')
    .option('-p, --port <port>', 'port to listen on (default: $PORT or 3000; 0 picks a free one)', parsePort)
    .option('-H, --host <host>', 'address to listen on', '127.0.0.1')
    .option('-c, --config <path>', 'config file (default: search from the working directory up)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ jwt-kit serve                 # your jwtauth.config.ts, or the demo user joe / pass\n  $ jwt-kit serve --port 8080\n  $ PORT=0 jwt-kit serve --config auth/jwtauth.config.ts',
    )
    .action((options: ServeOptions) => serve(options, cli));
}

async function serve(options: ServeOptions, cli: CliContext): Promise<void> {
  const { io } = cli;
  const port = options.port ?? (io.env.PORT !== undefined && io.env.PORT !== '' ? parsePortFromEnv(io.env.PORT) : 3000);
  const colors = colorsFor(io.stdout, io.env);

  // Koa is loaded only here, so the token commands never pay for it.
  const [{ createKit }, { createSampleApp }, { demoConfig }] = await Promise.all([
    import('../../koa/kit'),
    import('../../koa/app'),
    import('../demo-config'),
  ]);
  const found = await findCliConfig(io, options.config);
  const log = (line: string) => io.stdout.write(`${colors.dim(line)}\n`);
  // The client of a failed hook got a bare JSON 500; the operator gets the reason (and its cause) here.
  // The client of a failed hook got a bare JSON 500; the operator gets which request, which hook, and where.
  const logError = (error: unknown, request: { method: string; path: string }) => {
    const cause = (error as { cause?: unknown } | null)?.cause;
    const what = error instanceof Error ? error.message : String(error);
    const where = cause instanceof Error ? `: ${cause.stack ?? cause.message}` : cause === undefined ? '' : `: ${String(cause)}`;
    io.stderr.write(`jwt-kit serve: error in ${request.method} ${request.path}: ${what}${where.replace(/\n/g, '\n  ')}\n`);
  };

  let app: Koa;
  let kitConfig: ResolvedConfig<unknown>;
  if (found) {
    const kit = createKit(found.resolve());
    [app, kitConfig] = [createSampleApp(kit, { log, logError }), kit.config];
    io.stderr.write(`jwt-kit serve: config ${found.filepath}\n`);
  } else {
    const demo = demoConfig(io.env);
    // The demo reads JWT_SECRET from the CLI's environment (io.env), not from process.env.
    const kit = createKit(demo.config, { env: io.env });
    [app, kitConfig] = [createSampleApp(kit, { log, logError }), kit.config as ResolvedConfig<unknown>];
    io.stderr.write('jwt-kit serve: no config found, running the demo (user joe, password pass)\n');
    if (demo.randomSecret) {
      io.stderr.write('jwt-kit serve: warning: JWT_SECRET is not set; using a random secret for this run only\n');
    }
  }

  const listening = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, options.host);
    s.once('listening', () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? `port ${port} is already in use` : error.message;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      reject(new JwtKitError('LISTEN_FAILED', `cannot listen on ${host}:${port}: ${reason}`, { cause: error }));
    });
  });
  const address = listening.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const config = kitConfig;
  const login = config.authPath;
  io.stdout.write(`jwt-kit serve: listening on ${colors.bold(url)}\n`);
  if (login !== null) {
    io.stdout.write(
      [
        'Try it:',
        `  TOKEN=$(curl -s -X POST ${url}${login} -H 'Content-Type: application/json' \\`,
        `    -d '{"${config.usernameField}": "joe", "${config.passwordField}": "pass"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')`,
        `  curl -s ${url}/protected -H "${config.headerName}: ${config.headerPrefix} $TOKEN"`,
        `  curl -s ${url}/me -H "${config.headerName}: ${config.headerPrefix} $TOKEN"`,
        '',
      ].join('\n'),
    );
  }

  await new Promise<void>((resolve) => {
    let stopping = false;
    let sweep: NodeJS.Timeout | undefined;
    let force: NodeJS.Timeout | undefined;
    const done = () => {
      clearInterval(sweep);
      clearTimeout(force);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      resolve();
    };
    // A clean stop: no new connections, requests in flight finish (up to SHUTDOWN_GRACE_MS), idle keep-alive
    // sockets close. A second signal stops at once.
    function stop() {
      if (stopping) {
        listening.closeAllConnections();
        return;
      }
      stopping = true;
      io.stderr.write('jwt-kit serve: stopping: finishing requests in flight (again to force)\n');
      listening.close(done);
      listening.closeIdleConnections();
      // A keep-alive socket turns idle once its last response is out: close those as they appear.
      sweep = setInterval(() => listening.closeIdleConnections(), 50);
      force = setTimeout(() => listening.closeAllConnections(), SHUTDOWN_GRACE_MS);
    }
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener('abort', stop);
  });
  io.stderr.write('jwt-kit serve: stopped\n');
}

function parsePortFromEnv(value: string): number {
  try {
    return parsePort(value);
  } catch {
    throw new JwtKitError('USAGE_INVALID', `PORT=${value} is not a port number from 0 to 65535`);
  }
}

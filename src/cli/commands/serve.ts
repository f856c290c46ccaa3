/**
 * `jwt-kit serve`: the sample server. Loads the config (and its .env) or, with none, the embedded
 * Flask-JWT quickstart demo; prints the playground's URL (when it is on), its own URL and curl examples; logs
 * each request; stops on SIGINT / SIGTERM. `--open` opens the playground in the user's browser.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import type Koa from 'koa';
import type { SampleAppOptions } from '../../koa/app';
import type { Kit } from '../../koa/kit';
import type { Handlers, ResolvedConfig } from '../../config/types';
import { startupWarnings } from '../../config/risks';
import { JwtKitError } from '../../errors';
import type { CliContext } from '../program';
import { colorsFor } from '../io';
import { findCliConfig } from '../config-source';
import { parsePort } from '../options';
import { listen, untilStopped } from '../server-lifecycle';
import { openInBrowser } from '../open-browser';

interface ServeOptions {
  redis?: string;
  port?: number;
  host: string;
  config?: string;
  open?: boolean;
}

export function registerServe(program: Command, cli: CliContext): void {
  program
    .command('serve')
    .description('run the sample server: the playground page at / (the demo, or playground: true), the login route, GET /protected, GET /me, and /.well-known/jwks.json for RS, PS and ES keys')
    .option('-p, --port <port>', 'port to listen on (default: $PORT or 3000; 0 picks a free one)', parsePort)
    .option('-H, --host <host>', 'address to listen on', '127.0.0.1')
    .option('-c, --config <path>', 'config file (default: $JWTKIT_CONFIG, else a search from the working directory up)')
    .option('--redis <url>', "keep revocations and used refresh tokens in this Redis (redis://host:port), shared by every server that names it; default: the config's store, or memory")
    .option('--open', 'open the playground page in your browser (and serve it, whatever the config says)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ jwt-kit serve                 # your jwtauth.config.ts, or the demo user joe / pass\n  $ jwt-kit serve --open          # and open the playground page in your browser\n  $ jwt-kit serve --port 8080\n  $ PORT=0 jwt-kit serve --config auth/jwtauth.config.ts\n  $ jwt-kit serve --redis redis://127.0.0.1:6379   # two servers on one Redis behave as one',
    )
    .action((options: ServeOptions) => serve(options, cli));
}

async function serve(options: ServeOptions, cli: CliContext): Promise<void> {
  const { io } = cli;
  const port = options.port ?? (io.env.PORT !== undefined && io.env.PORT !== '' ? parsePortFromEnv(io.env.PORT) : 3000);
  const colors = colorsFor(io.stdout, io.env);

  // Koa is loaded only here, so the token commands never pay for it.
  const [{ createKit }, { createSampleApp }, { demoConfig, DEMO_HANDLERS, DEMO_CREDENTIALS }, { DEFAULT_JWKS_PATH }] = await Promise.all([
    import('../../koa/kit'),
    import('../../koa/app'),
    import('../demo-config'),
    import('../../koa/jwks'),
  ]);
  const logs: SampleAppOptions = {
    log: (line) => io.stdout.write(`${colors.dim(line)}\n`),
    // The client of a failed hook got a bare JSON 500 and the request id; the operator gets the id, the code,
    // which request, which hook, and where. Never the request's headers or body (a token, a password).
    logError: (error, request) => {
      const cause = (error as { cause?: unknown } | null)?.cause;
      const code = (error as { code?: unknown } | null)?.code;
      const what = `${typeof code === 'string' ? `${code} ` : ''}${error instanceof Error ? error.message : String(error)}`;
      const where = cause instanceof Error ? `: ${cause.stack ?? cause.message}` : cause === undefined ? '' : `: ${String(cause)}`;
      io.stderr.write(`jwt-kit serve: error in ${request.method} ${request.path} id=${request.id}: ${what}${where.replace(/\n/g, '\n  ')}\n`);
    },
  };
  // The playground: on in the demo (its config says so), with `playground: true`, or with --open, which asks for it.
  // The demo's published joe / pass are filled in only where the demo user is the one being served.
  const sample = <TUser>(kit: Kit<TUser>, demoUser: boolean) => {
    const on = kit.config.playground || options.open === true;
    const playground = on ? { demoUser: demoUser ? { ...DEMO_CREDENTIALS } : undefined } : undefined;
    return { app: createSampleApp(kit, { ...logs, playground }), config: kit.config as ResolvedConfig<unknown> };
  };

  if (options.redis !== undefined && !/^rediss?:\/\/[^\s]+$/.test(options.redis)) {
    throw new JwtKitError('USAGE_INVALID', '--redis must be a redis:// or rediss:// URL');
  }
  const store = options.redis === undefined ? undefined : { store: { type: 'redis', url: options.redis } };
  const kitOptions = {
    env: io.env,
    // Redis reconnects by itself; the operator sees why requests get 503 meanwhile.
    onStoreError: (error: Error) => io.stderr.write(`jwt-kit serve: store: ${error.message}\n`),
  };
  let kit: Kit<unknown>;
  const found = await findCliConfig(io, options.config);
  let app: Koa;
  let config: ResolvedConfig<unknown>;
  // What the file says, for the risk "a secret written in the file"; the demo's random secret is its own warning.
  let raw: { secret?: unknown } = {};
  if (found) {
    raw = found.raw as { secret?: unknown };
    // A .json config holds no hooks: the sample server lends it the demo's, so it runs as `config check` says.
    const handlers = found.kitProfile === 'kit' ? undefined : (DEMO_HANDLERS as Handlers<unknown>);
    let resolved = found.resolve({ profile: 'kit', handlers, overrides: store });
    // An issuer with RS, PS or ES keys publishes them, unless the config says where (or null for nowhere).
    const jwksGiven = (raw as { jwks?: { path?: unknown } }).jwks?.path !== undefined;
    if (!jwksGiven && !resolved.remoteJwks && resolved.keys.every((key) => !key.algorithm.startsWith('HS'))) {
      const jwks = { ...((raw as { jwks?: object }).jwks ?? {}), path: DEFAULT_JWKS_PATH };
      resolved = found.resolve({ profile: 'kit', handlers, overrides: { ...store, jwks } });
    }
    kit = createKit(resolved, kitOptions);
    ({ app, config } = sample(kit, handlers !== undefined));
    io.stderr.write(`jwt-kit serve: config ${found.filepath}\n`);
    // Where the key came from, in the words `token issue` and `token verify` use for the same config.
    io.stderr.write(`jwt-kit serve: key from ${config.keys.length === 1 ? config.keys[0]?.from : `${basename(found.filepath)}'s key list`}\n`);
    if (handlers) io.stderr.write('jwt-kit serve: the config holds no hooks; serving the demo user (joe, password pass)\n');
  } else {
    const demo = demoConfig(io.env);
    // The demo reads JWT_SECRET from the CLI's environment (io.env), not from process.env.
    kit = createKit({ ...demo.config, ...store } as typeof demo.config, kitOptions) as Kit<unknown>;
    ({ app, config } = sample(kit, true));
    io.stderr.write('jwt-kit serve: no config found, running the demo (user joe, password pass)\n');
    if (demo.randomSecret) {
      io.stderr.write('jwt-kit serve: warning: JWT_SECRET is not set; using a random secret for this run only\n');
    }
  }
  // The risks `config check` lists, every start: a server should not start silently on `verify: false`.
  for (const warning of startupWarnings(config, raw, io.env.NODE_ENV)) io.stderr.write(`jwt-kit serve: warning: ${warning}\n`);

  const { server, url } = await listen(() => app.listen(port, options.host), port, options.host);
  const playgroundOn = config.playground || options.open === true;
  const playgroundUrl = `${browsable(url)}/`;
  // First, so it is the line a newcomer sees: the page shows the whole flow the curl lines below spell out.
  if (playgroundOn) io.stdout.write(`jwt-kit serve: playground at ${colors.bold(playgroundUrl)} (open it in a browser)\n`);
  io.stdout.write(`jwt-kit serve: listening on ${colors.bold(url)}\n`);
  if (config.jwks.path !== null) io.stdout.write(`jwt-kit serve: public keys (JWKS) at ${url}${config.jwks.path}\n`);
  if (config.remoteJwks) io.stdout.write(`jwt-kit serve: verifying tokens with the issuer's keys at ${config.remoteJwks.url}\n`);
  if (config.authPath !== null) io.stdout.write(tryIt(url, config));
  if (options.open) {
    // Not awaited: a launcher that runs the browser in the foreground must not hold the server up.
    void openInBrowser(playgroundUrl, { env: io.env }).then((result) =>
      io.stderr.write(
        result.opened
          ? `jwt-kit serve: opened the playground in your browser (${result.command})\n`
          : `jwt-kit serve: --open: ${result.reason}; open ${playgroundUrl} yourself\n`,
      ),
    );
  }
  await untilStopped(server, io, 'jwt-kit serve');
  await kit.close();
  io.stderr.write('jwt-kit serve: stopped\n');
}

/** curl lines for the demo user, in the config's own terms (login path, field names, header). */
function tryIt(url: string, config: ResolvedConfig<unknown>): string {
  const auth = `${config.headerName}: ${config.headerPrefix} $TOKEN`;
  return [
    'Try it:',
    `  TOKEN=$(curl -s -X POST ${url}${config.authPath} -H 'Content-Type: application/json' \\`,
    `    -d '{"${config.usernameField}": "joe", "${config.passwordField}": "pass"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')`,
    `  curl -s ${url}/protected -H "${auth}"`,
    `  curl -s ${url}/me -H "${auth}"`,
    ...(config.refresh.enabled
      ? [
          `  # the login answer's ${config.refresh.field} trades for a new pair, once:`,
          `  curl -s -X POST ${url}${config.refresh.path} -H 'Content-Type: application/json' -d '{"${config.refresh.field}": "..."}'`,
        ]
      : []),
    ...(config.logout.enabled ? [`  curl -s -X POST ${url}${config.logout.path} -H "${auth}"   # 204; the token is refused from now on`] : []),
    '',
  ].join('\n');
}

/** The URL a browser on this machine can open: an unspecified address (0.0.0.0, ::) becomes loopback. */
function browsable(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}

function parsePortFromEnv(value: string): number {
  try {
    return parsePort(value);
  } catch {
    throw new JwtKitError('USAGE_INVALID', `PORT=${value} is not a port number from 0 to 65535`);
  }
}

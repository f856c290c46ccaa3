/**
 * The playground of `jwt-kit serve`: one page at `/` where a newcomer logs in, watches the token and its clock,
 * calls the guarded routes, refreshes and logs out. The sample server's, not the library's: `createKit` never
 * mounts it; `createSampleApp` does when `serve` asks (the demo, `playground: true`, or `--open`).
 *
 * The page is three static files in `playground/` at the package root (shipped through package.json "files"):
 * no build step, nothing fetched from another origin. What it needs to know about this server (paths, field
 * names, the header, the cookie mode) it reads from `/playground.json`, which never holds a key or a secret.
 * Every file is served with a Content-Security-Policy that allows this origin's script and style only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Middleware } from 'koa';
import type { ResolvedConfig, TokenLocation } from '../config/types';

/** Where the page's files are: `playground/` beside `src/` and `dist/`. */
export const PLAYGROUND_DIR = join(__dirname, '..', '..', 'playground');

/** The path of the page's description of this server. */
export const PLAYGROUND_JSON_PATH = '/playground.json';

/**
 * No inline script or style, nothing from another origin, no framing, no form posted anywhere: the page's own
 * script makes every request (fetch, same origin). `img-src data:` is for the empty favicon.
 */
export const PLAYGROUND_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface PlaygroundOptions {
  /**
   * Credentials to prefill in the login form: only the demo's published joe / pass, which `serve` passes when it
   * serves the demo user. Never a real user's.
   */
  demoUser?: { username: string; password: string };
  /** The guarded routes the page offers to call. Default `GET /protected` and `GET /me`. */
  routes?: string[];
}

/** What the page reads from `/playground.json`: routes and names, never a key or a secret. */
export interface PlaygroundDescription {
  login: { path: string; usernameField: string; passwordField: string } | null;
  demoUser: { username: string; password: string } | null;
  /**
   * How the page sends the token: `cookie` when `tokenLocations` has it (the browser sends the HttpOnly
   * cookie, the page the CSRF header), else `header`, else `query`.
   */
  transport: TokenLocation;
  header: { name: string; prefix: string };
  cookie: { name: string; csrf: boolean; csrfCookieName: string; csrfHeaderName: string } | null;
  queryParameter: string;
  refresh: { path: string; field: string; expirationDelta: number } | null;
  logout: { path: string } | null;
  routes: Array<{ method: 'GET'; path: string }>;
  algorithm: string;
  expirationDelta: number;
  leeway: number;
}

const FILES: ReadonlyArray<{ path: string; file: string; type: string }> = [
  { path: '/', file: 'index.html', type: 'text/html; charset=utf-8' },
  { path: '/playground/app.js', file: 'app.js', type: 'text/javascript; charset=utf-8' },
  { path: '/playground/app.css', file: 'app.css', type: 'text/css; charset=utf-8' },
];

export function playgroundDescription(config: ResolvedConfig<unknown>, options: PlaygroundOptions = {}): PlaygroundDescription {
  const locations = config.tokenLocations;
  const transport: TokenLocation = locations.includes('cookie') ? 'cookie' : locations.includes('header') ? 'header' : 'query';
  const { cookie } = config;
  return {
    login: config.authPath === null ? null : { path: config.authPath, usernameField: config.usernameField, passwordField: config.passwordField },
    demoUser: options.demoUser ?? null,
    transport,
    header: { name: config.headerName, prefix: config.headerPrefix },
    cookie: transport === 'cookie' ? { name: cookie.name, csrf: cookie.csrf, csrfCookieName: cookie.csrfCookieName, csrfHeaderName: cookie.csrfHeaderName } : null,
    queryParameter: config.queryParameter,
    refresh: config.refresh.enabled ? { path: config.refresh.path, field: config.refresh.field, expirationDelta: config.refresh.expirationDelta } : null,
    logout: config.logout.enabled ? { path: config.logout.path } : null,
    routes: (options.routes ?? ['/protected', '/me']).map((path) => ({ method: 'GET', path })),
    algorithm: config.algorithm,
    expirationDelta: config.expirationDelta,
    leeway: config.leeway,
  };
}

/**
 * Serves the page, its script and style, and `/playground.json` (GET and HEAD); everything else passes on.
 * The files are read once, here: a package missing them fails at start-up, not on the first visit.
 */
export function playgroundMiddleware(config: ResolvedConfig<unknown>, options: PlaygroundOptions = {}): Middleware {
  const served = new Map<string, { body: string; type: string }>();
  for (const { path, file, type } of FILES) served.set(path, { body: readFileSync(join(PLAYGROUND_DIR, file), 'utf8'), type });
  served.set(PLAYGROUND_JSON_PATH, { body: `${JSON.stringify(playgroundDescription(config, options), null, 2)}\n`, type: 'application/json; charset=utf-8' });

  return async (ctx, next) => {
    const found = ctx.method === 'GET' || ctx.method === 'HEAD' ? served.get(ctx.path) : undefined;
    if (!found) return next();
    ctx.set('Content-Security-Policy', PLAYGROUND_CSP);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    // Small files: revalidated on each visit, so a new version of the package shows at once.
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = found.type;
    ctx.body = found.body;
  };
}

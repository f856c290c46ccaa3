// The one app shape every HTTP contender shares: Koa 3, @koa/router, one small JSON route. Contenders differ
// only in the middleware in front of the route, so the benchmark measures that middleware and nothing else.
// A server listens on 127.0.0.1 on a free port, tells the orchestrator its port over IPC, answers RSS
// questions, and exits when the orchestrator goes away.
const http = require('node:http');
const { readFileSync } = require('node:fs');
const Koa = require('koa');
const Router = require('@koa/router');

/** The keys and tokens of this run (written by bench/lib/keys.js; the path comes in BENCH_KEYS). */
const keys = () => JSON.parse(readFileSync(process.env.BENCH_KEYS, 'utf8'));

/** The benchmark's one user, as a user store lookup would return it. */
const USER = Object.freeze({ id: 1, username: 'joe' });

/**
 * A Koa app with `before` middleware (app-wide) and `GET /protected` behind `guard` (route-level). The route
 * answers the same small JSON body for every contender.
 */
function guardedApp({ before = [], guard = [] } = {}) {
  const app = new Koa();
  for (const middleware of before) app.use(middleware);
  const router = new Router();
  router.get('/protected', ...guard, (ctx) => {
    ctx.body = { hello: 'joe' };
  });
  app.use(router.routes());
  return app;
}

/** Starts `app` on 127.0.0.1 and reports to the orchestrator. */
function serve(app) {
  const server = http.createServer(app.callback());
  server.listen(0, '127.0.0.1', () => {
    process.send({ type: 'listening', port: server.address().port });
  });
  process.on('message', (message) => {
    if (message === 'rss') process.send({ type: 'rss', rss: process.memoryUsage().rss });
  });
  // The orchestrator gone (crashed, killed): nothing is left to stop this server, so it stops itself.
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

/** "Bearer <token>" -> token; anything else -> undefined. */
function bearer(ctx) {
  const header = ctx.get('Authorization');
  const space = header.indexOf(' ');
  if (space === -1 || header.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  const token = header.slice(space + 1);
  return token === '' ? undefined : token;
}

module.exports = { guardedApp, serve, keys, bearer, USER };

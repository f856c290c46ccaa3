// The login route's ceiling: a plain Koa POST handler that reads a small JSON body and answers a body the
// size of a jwt-kit token, with no authentication and no signing.
const Router = require('@koa/router');
const Koa = require('koa');
const { serve, keys } = require('./app');

const TOKEN_SIZED = keys().HS256.token;

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const app = new Koa();
const router = new Router();
router.post('/auth', async (ctx) => {
  const body = await readJson(ctx.req);
  if (typeof body?.username !== 'string' || typeof body?.password !== 'string') ctx.throw(400);
  ctx.body = { token: TOKEN_SIZED };
});
app.use(router.routes());
serve(app);

// The middleware floor: a guard that reads the bearer token and sets a user, with no crypto and no parsing.
// What any auth middleware costs before it verifies anything; the gap from here to bare Koa is Koa's own
// price for one more async middleware and a header read.
const { guardedApp, serve, bearer, USER } = require('./app');

const noCryptoGuard = async (ctx, next) => {
  const token = bearer(ctx);
  if (token === undefined || token.split('.').length !== 3) {
    ctx.status = 401;
    ctx.body = { error: 'Authorization Required' };
    return;
  }
  ctx.state.user = USER;
  await next();
};

serve(guardedApp({ guard: [noCryptoGuard] }));

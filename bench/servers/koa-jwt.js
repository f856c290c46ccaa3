// koa-jwt 4 as its README documents it: app-wide, the secret handed over as it is (here a Buffer).
// jsonwebtoken then turns the secret into a key on every request.
const koaJwt = require('koa-jwt');
const { guardedApp, serve, keys } = require('./app');

const { secret } = keys().HS256;
serve(guardedApp({ before: [koaJwt({ secret: Buffer.from(secret), algorithms: ['HS256'] })] }));

// Bare Koa: the route with nothing in front of it. The ceiling every guard is measured against.
const { guardedApp, serve } = require('./app');

serve(guardedApp());

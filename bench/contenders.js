// The HTTP contenders, one line each. Each group has a baseline; every contender of a group runs back to back
// with that baseline in every round. `server` is a file of bench/servers/ and its arguments; `alg` picks the
// token sent (default HS256); `verifies: false` for a contender that accepts a forged token by design.
// A contender with `pending` is listed and skipped with that reason: when the feature lands, delete the
// `pending` (and set `config` to the option names that landed) and it runs.
// The Redis contender runs only with `--redis URL` (run.js passes it on as BENCH_REDIS_URL): a Redis server is
// not something the bench starts or assumes.
const groups = (redisUrl = process.env.BENCH_REDIS_URL) => [
  {
    name: 'guard',
    title: 'GET /protected with a bearer token (HS256 unless said)',
    request: { method: 'GET', path: '/protected' },
    baseline: { name: 'bare-koa', label: 'bare Koa 3 (no auth)', server: ['bare-koa.js'], verifies: false },
    contenders: [
      { name: 'floor', label: 'no-crypto middleware (floor)', server: ['floor.js'], verifies: false },
      { name: 'koa-jwt', label: 'koa-jwt 4, Buffer secret', server: ['koa-jwt.js'] },
      { name: 'fast-jwt', label: 'fast-jwt, hand-wired, no cache', server: ['fast-jwt.js'] },
      { name: 'kit-hs256', label: 'jwt-kit middleware()+guard(), HS256', server: ['jwt-kit.js', 'HS256'] },
      { name: 'kit-hs256-guard', label: 'jwt-kit guard() alone, HS256', server: ['jwt-kit.js', 'HS256', '--guard-only'] },
      { name: 'kit-rs256', label: 'jwt-kit middleware()+guard(), RS256', server: ['jwt-kit.js', 'RS256'], alg: 'RS256' },
      { name: 'kit-es256', label: 'jwt-kit middleware()+guard(), ES256', server: ['jwt-kit.js', 'ES256'], alg: 'ES256' },
      { name: 'kit-hs256-cache', label: 'jwt-kit HS256 + verified-token cache', server: ['jwt-kit.js', 'HS256'], config: { cache: { enabled: true } } },
      { name: 'kit-hs256-revocation', label: 'jwt-kit HS256 + revocation (memory store)', server: ['jwt-kit.js', 'HS256'], config: { revocation: true } },
      {
        name: 'kit-hs256-redis',
        label: 'jwt-kit HS256 + revocation (Redis store)',
        server: ['jwt-kit.js', 'HS256'],
        config: { revocation: true, store: { type: 'redis', url: redisUrl } },
        ...(!redisUrl && { pending: 'needs a Redis server: npm run bench -- --redis redis://127.0.0.1:6379' }),
      },
    ],
  },
  {
    name: 'login',
    title: 'POST /auth {"username": "joe", "password": "pass"}',
    request: { method: 'POST', path: '/auth', body: { username: 'joe', password: 'pass' } },
    baseline: { name: 'json-post', label: 'plain JSON POST handler, token-sized answer', server: ['json-post.js'], verifies: false },
    contenders: [{ name: 'kit-login', label: 'jwt-kit login route (demo authenticate)', server: ['jwt-kit.js', 'HS256'] }],
  },
];

module.exports = {
  groups,
  get GROUPS() {
    return groups();
  },
};

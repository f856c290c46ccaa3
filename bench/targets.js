// The targets of issue 11 (same-run ratios), checked against a run's results. Each check returns the figure
// it judged and whether it is met; a target whose figures were not measured in this run is "not measured".
const { pct, times } = require('./lib/stats');

const row = (results, group, name) =>
  results.http?.find((g) => g.name === group)?.rows.find((r) => r.name === name && Number.isFinite(r.rps?.median));
const micro = (results, name) => results.micro?.cases.find((c) => c.name === name);
const cold = (results, name) => results.coldStart?.rows.find((r) => r.name.startsWith(name));

// The guard as the issue measures it (`kit.middleware()` app-wide, `kit.guard()` on the route), and the guard
// alone, as a resource server that only verifies mounts it: the like of fast-jwt's hand-wired middleware.
const GUARD_SETUPS = [
  ['kit-hs256', 'jwt-kit guard HS256'],
  ['kit-hs256-guard', 'jwt-kit guard() alone, HS256'],
];

const TARGETS = [
  ...GUARD_SETUPS.flatMap(([name, label]) => [
    {
      target: `${label}: >= 75% of bare Koa req/s`,
      check: (r) => {
        const kit = row(r, 'guard', name);
        return kit && { figure: pct(kit.rps.median), met: kit.rps.median >= 0.75 };
      },
    },
    {
      target: `${label}: never below fast-jwt's req/s (same run)`,
      check: (r) => {
        const kit = row(r, 'guard', name);
        const fast = row(r, 'guard', 'fast-jwt');
        return kit && fast && { figure: `${pct(kit.rps.median)} vs ${pct(fast.rps.median)}`, met: kit.rps.median >= fast.rps.median };
      },
    },
  ]),
  {
    target: 'jwt-kit guard HS256 with the cache: >= 85% of bare Koa',
    check: (r) => {
      const kit = row(r, 'guard', 'kit-hs256-cache');
      return kit && { figure: pct(kit.rps.median), met: kit.rps.median >= 0.85 };
    },
  },
  {
    target: 'jwt-kit guard HS256: >= 10x koa-jwt req/s',
    check: (r) => {
      const kit = row(r, 'guard', 'kit-hs256');
      const koa = row(r, 'guard', 'koa-jwt');
      return kit && koa && { figure: times(kit.rps.median / koa.rps.median), met: kit.rps.median >= 10 * koa.rps.median };
    },
  },
  {
    target: "jwt-kit guard HS256: p99 <= 1.5x bare Koa's",
    check: (r) => {
      const kit = row(r, 'guard', 'kit-hs256');
      return kit && { figure: times(kit.p99.median), met: kit.p99.median <= 1.5 };
    },
  },
  ...[
    ['HS256 verify', 0.85],
    ['RS256 verify', 0.9],
    ['ES256 verify', 0.9],
    ['HS256 sign', 0.6],
  ].map(([name, floor]) => ({
    target: `token ${name}: >= ${floor}x the node:crypto floor's speed`,
    check: (r) => {
      const c = micro(r, name);
      return c && { figure: times(c.ratio.median), met: c.ratio.median >= floor };
    },
  })),
  {
    target: 'login route: >= 80% of the plain JSON POST ceiling',
    check: (r) => {
      const kit = row(r, 'login', 'kit-login');
      return kit && { figure: pct(kit.rps.median), met: kit.rps.median >= 0.8 };
    },
  },
  ...['kit-hs256', 'kit-login'].map((name) => ({
    target: `RSS after load (${name}): <= 8 MB above its baseline's`,
    check: (r) => {
      const kit = row(r, name === 'kit-login' ? 'login' : 'guard', name);
      return kit && { figure: `${kit.rssDeltaMB.median >= 0 ? '+' : ''}${kit.rssDeltaMB.median.toFixed(1)} MB`, met: kit.rssDeltaMB.median <= 8 };
    },
  })),
  {
    target: 'token decode cold start: <= 1.3x node -e 0',
    check: (r) => {
      const c = cold(r, 'token decode');
      return c && { figure: times(c.ratio.median), met: c.ratio.median <= 1.3 };
    },
  },
  {
    target: 'token issue cold start: <= 1.7x node -e 0',
    check: (r) => {
      const c = cold(r, 'token issue');
      return c && { figure: times(c.ratio.median), met: c.ratio.median <= 1.7 };
    },
  },
  {
    target: 'serve listening within 600 ms (.ts config)',
    check: (r) => {
      const c = cold(r, 'serve');
      return c && { figure: `${c.ms.median.toFixed(0)} ms`, met: c.ms.median <= 600 };
    },
  },
];

/** [{ target, figure, status: 'met' | 'NOT met' | 'not measured' }] */
function checkTargets(results) {
  return TARGETS.map(({ target, check }) => {
    const verdict = check(results);
    return verdict ? { target, figure: verdict.figure, status: verdict.met ? 'met' : 'NOT met' } : { target, figure: '', status: 'not measured' };
  });
}

module.exports = { checkTargets, TARGETS };

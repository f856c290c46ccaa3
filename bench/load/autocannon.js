// One autocannon run in its own process (so the orchestrator can pin it to its own core): a warm-up, then
// the measured run. Prints one JSON line: { rps, p50, p99, requests, non2xx, errors }.
// Usage: node bench/load/autocannon.js '{"url", "method", "headers", "body", "connections", "warmup", "duration"}'
const autocannon = require('autocannon');

const spec = JSON.parse(process.argv[2]);
const run = (duration) =>
  autocannon({
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    duration,
  });

(async () => {
  if (spec.warmup > 0) await run(spec.warmup);
  const result = await run(spec.duration);
  const out = {
    rps: result.requests.average,
    // autocannon records latency in whole milliseconds: p50 and p99 are coarse at sub-millisecond latencies.
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});

// Cold start of `jwt-kit token decode` against bare `node -e ""`, measured alternately in the same run so
// that both see the same machine load. Needs dist/ (npm run bench builds it). Not part of `npm test`.
// Usage: node bench/cold-start.js [runs per side, default 15]
const { spawnSync } = require('node:child_process');
const { createHmac } = require('node:crypto');
const { join } = require('node:path');

const RUNS = Number(process.argv[2] ?? 15);
const BIN = join(__dirname, '..', 'bin', 'jwt-kit.js');

// A fixed token made here with node:crypto, so the benchmark does not depend on `token issue`.
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ user_id: 1, iat: 1700000000, nbf: 1700000000, exp: 1700000300 })}`;
const token = `${input}.${createHmac('sha256', 'x'.repeat(32)).update(input).digest('base64url')}`;

const sides = {
  'node -e ""': [process.execPath, ['-e', '']],
  'jwt-kit token decode': [process.execPath, [BIN, 'token', 'decode', token]],
};

function timeOnce([command, args]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// One warm-up each (file system cache), then alternate.
for (const side of Object.values(sides)) timeOnce(side);
const times = Object.fromEntries(Object.keys(sides).map((name) => [name, []]));
for (let i = 0; i < RUNS; i += 1) {
  for (const [name, side] of Object.entries(sides)) times[name].push(timeOnce(side));
}

const [baseName, cliName] = Object.keys(sides);
const base = median(times[baseName]);
const cli = median(times[cliName]);
console.log(`cold start, median of ${RUNS} runs each (alternating):`);
console.log(`  ${baseName.padEnd(22)} ${base.toFixed(1)} ms`);
console.log(`  ${cliName.padEnd(22)} ${cli.toFixed(1)} ms`);
console.log(`  ratio                  ${(cli / base).toFixed(2)}x  (+${(cli - base).toFixed(1)} ms)`);

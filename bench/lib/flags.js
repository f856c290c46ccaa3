// The command line of a bench script (run.js, soak.js): node:util's parseArgs, --help, and for a bad option or a
// value that is not a positive number, one line and the usage on stderr with exit 2.
const { parseArgs } = require('node:util');

/**
 * Reads the command line. Returns the flags, `positive(name, fallback)` (the value of --name as a positive
 * number, or `fallback` when it is not given) and `usageError(message)`, which exits 2.
 */
function readFlags(program, options, usage) {
  const usageError = (message) => {
    console.error(`${program}: ${message}\n\n${usage}`);
    process.exit(2);
  };
  let flags;
  try {
    ({ values: flags } = parseArgs({ options }));
  } catch (error) {
    usageError(error.message.split('\n')[0]);
  }
  if (flags.help) {
    console.log(usage);
    process.exit(0);
  }
  const positive = (name, fallback) => {
    const value = flags[name];
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) usageError(`--${name} must be a positive number, got ${JSON.stringify(value)}`);
    return n;
  };
  return { flags, positive, usageError };
}

module.exports = { readFlags };

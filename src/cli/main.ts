/** The `jwt-kit` executable: runs the CLI on the real process and exits with its code. */
import { runCli } from './run';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`jwt-kit: unexpected error: ${String(error)}\n`);
    process.exitCode = 4;
  },
);

/** The `jwt-kit` executable: runs the CLI on the real process and exits with its code. */
import { runCli } from './run';

// `jwt-kit token decode ... | head` closes our stdout early: that is the reader's choice, not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`jwt-kit: unexpected error: ${String(error)}\n`);
    process.exitCode = 4;
  },
);

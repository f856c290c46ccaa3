/**
 * What a command may touch of the outside world, passed in so tests can drive the whole CLI in-process:
 * results go to `stdout`, messages to `stderr`, and nothing reads `process.*` directly.
 */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted to stop a long-running command (`serve`) from a test; signals do it from a shell. */
  signal?: AbortSignal;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export function colorsFor(stream: OutputStream, env: CliIO['env']) {
  const on = Boolean(stream.isTTY) && !('NO_COLOR' in env && env.NO_COLOR !== '');
  const paint = (code: string) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    enabled: on,
    bold: paint('1'),
    dim: paint('2'),
    red: paint('31'),
    green: paint('32'),
    yellow: paint('33'),
    blue: paint('34'),
    magenta: paint('35'),
    cyan: paint('36'),
  };
}

export type Colors = ReturnType<typeof colorsFor>;

/**
 * The shape every CLI command has. `cli/main.ts` looks commands up by name in `cli/commands/index.ts`.
 */

/** Where a command writes, so tests can capture it. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** One CLI command (`npm run --silent cli -- <name> ...`). */
export interface CliCommand {
  /** The word after `cli --`, e.g. `decode`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Usage text printed by `--help`. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** The process's own stdout/stderr. */
export const processIo: CliIo = {
  stdout: (text) => {
    if (!stdoutClosed) process.stdout.write(text);
  },
  stderr: (text) => process.stderr.write(text),
};

let stdoutClosed = false;

/**
 * Stops writing to stdout (its reader went away, as with `| head`): the command still runs to its end, so that what
 * it started (the dev runner's embedded Azurite) is stopped.
 *
 * @example
 * ```ts
 * process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') closeStdout(); });
 * ```
 */
export function closeStdout(): void {
  stdoutClosed = true;
}

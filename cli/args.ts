/**
 * Argument parsing every CLI command shares: `node:util` `parseArgs` with positionals, and the one way a command
 * reports bad usage (the reason, then the usage text, on stderr; exit code 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './command';

/** The exit code of a command run with bad arguments. */
export const USAGE_EXIT_CODE = 2;

/**
 * Writes a usage error and returns {@link USAGE_EXIT_CODE}.
 *
 * @example
 * ```ts
 * if (positionals.length === 0) return usageError(io, USAGE, 'Give at least one FILE');
 * ```
 */
export function usageError(io: CliIo, usage: string, message: string): number {
  // The message and the synopsis (the usage's first paragraph), not the whole help: the error stays in view.
  io.stderr(`${message}\n${usage.split('\n\n')[0]}\nRun it with --help for every option.\n`);
  return USAGE_EXIT_CODE;
}

/**
 * Parses a command's arguments (positionals allowed); on bad arguments reports them and returns `undefined`.
 *
 * @example
 * ```ts
 * const parsed = parseCommandArgs(args, { queue: { type: 'string' } }, USAGE, io);
 * if (parsed === undefined) return USAGE_EXIT_CODE;
 * const { values, positionals } = parsed;
 * ```
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
  usage: string,
  io: CliIo,
): ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>> | undefined {
  try {
    return parseArgs({ args: [...args], allowPositionals: true, options });
  } catch (error) {
    usageError(io, usage, error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

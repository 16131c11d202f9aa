#!/usr/bin/env node
/**
 * `npm run --silent cli -- <command> [args]`: the project's command line.
 */
import { commands } from './commands';
import { closeStdout, processIo, type CliIo } from './command';

/**
 * Runs one CLI invocation and resolves to its exit code.
 *
 * @example
 * ```ts
 * const code = await runCli(['decode', 'test/fixtures/golden/create-account.json']);
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const width = Math.max(...commands.map((c) => c.name.length));
    io.stdout(`Usage: npm run --silent cli -- <command> [options]\n\nCommands:\n${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}\n\nRun a command with --help for its options.\n`);
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`Unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  return command.run(args, io);
}

if (require.main === module) {
  // A reader that stops early (`| head`) closes the pipe: stop writing quietly, as command-line tools do, and let
  // the command finish so that it cleans up after itself.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closeStdout();
  });
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${describeFailure(error)}\n`);
      process.exitCode = 1;
    },
  );
}

/** The project's typed errors: their message says what to fix, so one line is enough. */
const TYPED_ERRORS = new Set(['AuditError', 'DecodeError', 'RoutingError', 'SettingsError', 'SidecarError']);

/** One line for the project's typed errors; the stack for anything else (a bug, or Node's own errors). */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return TYPED_ERRORS.has(error.name) && typeof code === 'string' ? `${error.name} (${code}): ${error.message}` : (error.stack ?? error.message);
}

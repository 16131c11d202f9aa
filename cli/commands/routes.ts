/**
 * `npm run --silent cli -- routes [--json]`: prints the route table the app runs (handlers/index.ts), in precedence order.
 */
import { RouteRegistry, type RouteTableRow } from '../../shared/routing/registry';
import { parseCommandArgs, USAGE_EXIT_CODE } from '../args';
import type { CliCommand } from '../command';
import { commandSettings, exposeSettingsToHandlers } from '../localSettings';

const COLUMNS: readonly (keyof RouteTableRow)[] = ['order', 'message', 'entity', 'stage', 'mode', 'depth', 'changedAttributes', 'notInitiatedBy', 'handler', 'file'];

/**
 * Renders rows as an aligned text table.
 *
 * @example
 * ```ts
 * formatRouteTable(new RouteRegistry(handlerGroups).table());
 * ```
 */
export function formatRouteTable(rows: readonly RouteTableRow[]): string {
  const cells = [COLUMNS.map(String), ...rows.map((r) => COLUMNS.map((c) => String(r[c])))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return `${cells.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')}\n`;
}

export const routesCommand: CliCommand = {
  name: 'routes',
  summary: 'Print the route table (message, entity, filters, handler, file)',
  usage:
    'Usage: npm run --silent cli -- routes [--json] [--settings FILE]\n\nPrints every handler in handlers/index.ts in the order they run: exact message+entity first, then\n\'*\' message, then \'*\' entity, then \'*\'/\'*\'. --json prints the rows as a JSON array. The handlers load with the\nlocal settings file\'s Values (default ./local.settings.json) in the environment, as under func start.',
  async run(args, io) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean', default: false }, settings: { type: 'string' } }, routesCommand.usage, io);
    if (parsed === undefined) return USAGE_EXIT_CODE;
    const { values } = parsed;
    // Loaded now, not when the CLI starts, and with local.settings.json Values in the environment: handlers may read
    // their settings when their module loads (a notInitiatedBy id, say).
    const restore = exposeSettingsToHandlers(await commandSettings(values.settings === undefined ? {} : { file: values.settings }));
    try {
      const { handlerGroups } = await import('../../handlers/index.js');
      const rows = new RouteRegistry(handlerGroups).table();
      io.stdout(values.json ? `${JSON.stringify(rows, null, 2)}\n` : formatRouteTable(rows));
      return 0;
    } finally {
      restore();
    }
  },
};

/**
 * `npm run --silent cli -- routes [--json]`: prints the route table the app runs (handlers/index.ts), in precedence order.
 */
import { RouteRegistry, type RouteTableRow } from '../../shared/routing/registry';
import type { CliCommand } from '../command';

const COLUMNS: readonly (keyof RouteTableRow)[] = ['order', 'message', 'entity', 'stage', 'mode', 'depth', 'changedAttributes', 'handler', 'file'];

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
  usage: 'Usage: npm run --silent cli -- routes [--json]\n\nPrints every handler in handlers/index.ts in the order they run: exact message+entity first, then\n\'*\' message, then \'*\' entity, then \'*\'/\'*\'. --json prints the rows as a JSON array.',
  async run(args, io) {
    // Loaded when the command runs, not when the CLI starts: handlers may read their settings when their module loads,
    // and `dev` sets them (from local.settings.json) first.
    const { handlerGroups } = await import('../../handlers/index.js');
    const registry = new RouteRegistry(handlerGroups);
    const rows = registry.table();
    io.stdout(args.includes('--json') ? `${JSON.stringify(rows, null, 2)}\n` : formatRouteTable(rows));
    return 0;
  },
};

/**
 * Plain-text tables for the terminal: left-aligned columns, long cells cut with an ellipsis.
 */

/** One column: its header and the widest it may get. */
export interface TextColumn {
  header: string;
  /** Cells longer than this are cut (default 40). */
  maxWidth?: number;
  /** Right-align (numbers, durations). */
  alignRight?: boolean;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Renders rows under a header line and a rule, two spaces between columns; each line ends with `\n`.
 *
 * @example
 * ```ts
 * formatTable([{ header: 'file' }, { header: 'ms', alignRight: true }], [['a.json', '3']]);
 * // 'file    ms\n------  --\na.json   3\n'
 * ```
 */
export function formatTable(columns: readonly TextColumn[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => columns.map((c, i) => cut((row[i] ?? '').replace(/\s+/g, ' '), c.maxWidth ?? 40)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (columns[i]!.alignRight === true ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].map((l) => `${l}\n`).join('');
}

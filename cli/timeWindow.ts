/**
 * Times on the command line: an ISO date/time, or a span back from now (`90s`, `15m`, `2h`, `7d`).
 */

const SPAN = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/i;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses `--since`/`--until` values; returns `undefined` for text that is neither form.
 *
 * @example
 * ```ts
 * parseWhen('2h', new Date('2024-05-01T12:00:00Z')); // 2024-05-01T10:00:00.000Z
 * parseWhen('2024-05-01'); // 2024-05-01T00:00:00.000Z
 * ```
 */
export function parseWhen(text: string, now: Date = new Date()): Date | undefined {
  const span = SPAN.exec(text.trim());
  if (span !== null) return new Date(now.getTime() - Number(span[1]) * UNIT_MS[span[2]!.toLowerCase()]!);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const date = new Date(text.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}

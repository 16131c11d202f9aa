/**
 * Keeps a message body in an audit row: gzip, split over `RawBody0..n` binary columns (64 KiB each), and back.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { AUDIT_LIMITS, type AuditRow } from './schema';

/** The columns that hold a body. */
export type RawBodyColumns = Pick<AuditRow, 'RawBodyEncoding' | 'RawBodyChunks' | 'RawBodyOmitted'> & Record<`RawBody${number}`, Uint8Array>;

/**
 * The columns that store `body` compressed; a body whose compressed size exceeds the chunk budget is omitted
 * (with the reason in `RawBodyOmitted`) rather than failing the row.
 *
 * @example
 * ```ts
 * const cols = rawBodyColumns(Buffer.from('{"MessageName":"Create"}'));
 * rawBodyFromRow(cols)?.toString(); // '{"MessageName":"Create"}'
 * ```
 */
export function rawBodyColumns(body: Uint8Array): RawBodyColumns {
  const zipped = gzipSync(body);
  const chunks = Math.ceil(zipped.length / AUDIT_LIMITS.rawChunkBytes);
  if (chunks > AUDIT_LIMITS.maxRawChunks) {
    return { RawBodyOmitted: `compressed body is ${zipped.length} bytes, over the ${AUDIT_LIMITS.maxRawChunks * AUDIT_LIMITS.rawChunkBytes}-byte budget of an audit row` } as RawBodyColumns;
  }
  const columns: Record<string, unknown> = { RawBodyEncoding: 'gzip', RawBodyChunks: chunks };
  for (let i = 0; i < chunks; i++) columns[`RawBody${i}`] = zipped.subarray(i * AUDIT_LIMITS.rawChunkBytes, (i + 1) * AUDIT_LIMITS.rawChunkBytes);
  return columns as RawBodyColumns;
}

/**
 * The body kept in a row, or `undefined` when the row has none.
 *
 * @example
 * ```ts
 * const body = rawBodyFromRow(row); // Buffer | undefined
 * ```
 */
export function rawBodyFromRow(row: Partial<AuditRow>): Buffer | undefined {
  const chunks = row.RawBodyChunks;
  if (chunks === undefined || chunks === 0 || row.RawBodyEncoding !== 'gzip') return undefined;
  const parts: Uint8Array[] = [];
  for (let i = 0; i < chunks; i++) {
    const part = row[`RawBody${i}`];
    if (!(part instanceof Uint8Array)) return undefined;
    parts.push(part);
  }
  return gunzipSync(Buffer.concat(parts));
}

/**
 * Keeps every column of an audit row within Table Storage's limits (a string holds at most 32K UTF-16 characters)
 * without breaking the JSON columns: a row the service refuses would leave a message unaudited.
 */
import type { HandlerRun } from './schema';
import { AUDIT_LIMITS, clip } from './schema';

/** Columns holding JSON: shortened by dropping content, never cut (a cut makes them unreadable). */
const JSON_COLUMNS = new Set(['Handlers', 'ApplicationProperties']);
/** Columns holding long free text. */
const LONG_TEXT_COLUMNS = new Set(['ErrorMessage', 'RawBodyOmitted']);
const KEY_COLUMNS = new Set(['partitionKey', 'rowKey', 'PartitionKey', 'RowKey', 'TargetPartitionKey', 'TargetRowKey']);

/**
 * Clips every text column of an entity to its budget (`AUDIT_LIMITS`); keys are left alone (they are encoded and
 * bounded where they are built). A JSON column over budget (its builder failed to fit it) becomes a valid marker.
 *
 * @example
 * ```ts
 * fitColumns({ partitionKey: 'op|1', rowKey: 'nostep', Entity: 'x'.repeat(40_000) }).Entity.length; // 1024
 * ```
 */
export function fitColumns<T extends Record<string, unknown>>(entity: T): T {
  const out: Record<string, unknown> = { ...entity };
  for (const [name, value] of Object.entries(entity)) {
    if (typeof value !== 'string' || KEY_COLUMNS.has(name)) continue;
    if (JSON_COLUMNS.has(name)) {
      if (value.length > AUDIT_LIMITS.maxJsonChars) out[name] = JSON.stringify({ '~omitted': `${value.length} characters` });
    } else {
      out[name] = clip(value, LONG_TEXT_COLUMNS.has(name) ? AUDIT_LIMITS.maxTextChars : AUDIT_LIMITS.maxShortTextChars);
    }
  }
  return out as T;
}

const CLAIM_PREFIX = 'http://schemas.microsoft.com/xrm/2011/Claims/';

/**
 * The `ApplicationProperties` column: the properties as JSON, always valid. When too long, long values are
 * shortened first, then the largest non-claim properties are dropped (listed under `~dropped`); the Dataverse
 * claims and `MessageMaxSizeExceeded` are kept, so a replay from the row sees them.
 *
 * @example
 * ```ts
 * JSON.parse(applicationPropertiesJson({ MessageMaxSizeExceeded: true, Note: 'n'.repeat(40_000) })).MessageMaxSizeExceeded; // true
 * ```
 */
export function applicationPropertiesJson(props: Readonly<Record<string, unknown>>): string {
  const json = JSON.stringify(props);
  if (json.length <= AUDIT_LIMITS.maxJsonChars) return json;
  const short: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    const text = typeof v === 'string' ? v : JSON.stringify(v) ?? null;
    short[k] = typeof v === 'string' || (typeof v === 'object' && v !== null) ? clip(String(text), AUDIT_LIMITS.maxShortTextChars) : v;
  }
  const dropped: string[] = [];
  const kept = (): string => JSON.stringify(dropped.length === 0 ? short : { ...short, '~dropped': dropped });
  const droppable = Object.keys(short)
    .filter((k) => !k.startsWith(CLAIM_PREFIX) && k !== 'MessageMaxSizeExceeded')
    .sort((a, b) => JSON.stringify(short[b]).length - JSON.stringify(short[a]).length);
  for (const k of droppable) {
    if (kept().length <= AUDIT_LIMITS.maxJsonChars) break;
    delete short[k];
    dropped.push(clip(k, 100));
  }
  // Claims alone over budget (each is at most 1,024 characters here): keep the truncation flag at least.
  return kept().length <= AUDIT_LIMITS.maxJsonChars ? kept() : JSON.stringify({ MessageMaxSizeExceeded: props['MessageMaxSizeExceeded'], '~dropped': ['*'] });
}

/**
 * The `Handlers` column: every handler's outcome, always valid JSON. When too long, error texts are shortened,
 * then dropped; the outcomes (what makes a redelivery skip a handler that succeeded) are always kept.
 *
 * @example
 * ```ts
 * handlersJson({ 'account.logCreated': { outcome: 'succeeded', durationMs: 3, attempts: 1, at: '2024-05-01T10:00:00Z' } });
 * ```
 */
export function handlersJson(runs: Readonly<Record<string, HandlerRun>>): string {
  const json = JSON.stringify(runs);
  if (json.length <= AUDIT_LIMITS.maxJsonChars) return json;
  const slim = (message: number | undefined, code: number) =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(runs).map(([k, v]) => [
          k,
          { ...v, errorCode: v.errorCode === undefined ? undefined : clip(v.errorCode, code), errorMessage: v.errorMessage === undefined || message === undefined ? undefined : clip(v.errorMessage, message) },
        ]),
      ),
    );
  const shorter = slim(200, 100);
  return shorter.length <= AUDIT_LIMITS.maxJsonChars ? shorter : slim(undefined, 40);
}

/**
 * PartitionKey / RowKey design of the audit table (see `docs/audit.md`).
 *
 * - Operation row: `op|<operationId>` / `<owning step id>` — one partition per operation, so claims never contend
 *   across operations and the ~2,000 entities/s partition target is never near.
 * - Undecodable message row: `msg|<message id>` / `message` (no OperationId can be read from such a body).
 * - Entity index row: `entity|<logical name>|<yyyy-mm-dd>|<shard>` / `<operationCreatedOn>|<operation PK>|<operation RK>`.
 * - Outcome index row: `outcome|<outcome>|<yyyy-mm-dd>|<shard>` / `<at>|<operation PK>|<operation RK>|<delivery>`.
 *
 * Index partitions are split into {@link INDEX_SHARDS} shards by a hash of the operation key, so one busy entity or
 * outcome on one day spreads its writes over several partitions (each takes ~2,000 entities/s).
 *
 * Every free-text part goes through {@link encodeKeyPart}: Table Storage forbids `/ \ # ?` and control characters in
 * keys, and a key is at most 1 KiB.
 */
import { createHash } from 'node:crypto';

/** A row address. */
export interface AuditKey {
  partitionKey: string;
  rowKey: string;
}

const FORBIDDEN = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;
const MAX_PART = 400;
const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * Makes any text safe inside a PartitionKey/RowKey: `%`, `/`, `\`, `#`, `?` and control characters become `%XX`;
 * a part longer than 400 characters becomes `sha256:<hex>` so a key stays well under 1 KiB.
 *
 * @example
 * ```ts
 * encodeKeyPart('a/b#c'); // 'a%2Fb%23c'
 * ```
 */
export function encodeKeyPart(text: string): string {
  const encoded = text.replace(FORBIDDEN, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return encoded.length <= MAX_PART ? encoded : `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}

/** What identifies one Dataverse operation posted by one step. */
export interface OperationIdentity {
  operationId: string;
  /** `OwningExtension.Id`: the step; `null` when the context has none. */
  stepId: string | null;
  /** Fallback parts, used only when OperationId is empty (all zeros). */
  correlationId: string;
  requestId: string | null;
  stage: number;
}

/**
 * The operation row's key: OperationId plus the step, so a Dataverse re-post (new MessageId, same OperationId) and a
 * Service Bus redelivery (same MessageId) land on the same row, while two steps posting the same operation do not.
 *
 * @example
 * ```ts
 * operationKey({ operationId: '6420f0cc-916b-ee11-9ae6-000d3a688809', stepId: null, correlationId: '', requestId: null, stage: 40 });
 * // { partitionKey: 'op|6420f0cc-916b-ee11-9ae6-000d3a688809', rowKey: 'nostep' }
 * ```
 */
export function operationKey(id: OperationIdentity): AuditKey {
  const rowKey = id.stepId === null || id.stepId === ZERO_GUID ? 'nostep' : encodeKeyPart(id.stepId);
  if (id.operationId !== ZERO_GUID && id.operationId !== '') return { partitionKey: `op|${encodeKeyPart(id.operationId)}`, rowKey };
  // A context without an OperationId: correlation + request + stage identify the operation instead.
  return { partitionKey: `corr|${encodeKeyPart(id.correlationId)}|${encodeKeyPart(id.requestId ?? 'none')}|${id.stage}`, rowKey };
}

/**
 * The row key of a message whose body could not be decoded (keyed by its Service Bus MessageId; the pipeline passes
 * `sha256:<hash of the body>` for a message that has none, so two such messages never share a row).
 *
 * @example
 * ```ts
 * messageKey('0f8fad5bd9cb469fa16570867728950e'); // { partitionKey: 'msg|0f8f...', rowKey: 'message' }
 * ```
 */
export function messageKey(messageId: string): AuditKey {
  return { partitionKey: `msg|${encodeKeyPart(messageId)}`, rowKey: 'message' };
}

/** `yyyy-mm-dd` (UTC) of an ISO date. */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** How many partitions one index day is spread over. */
export const INDEX_SHARDS = 8;

/** The index shard of an operation row (stable: a hash of its key). @example `indexShard({ partitionKey: 'op|1', rowKey: 'nostep' }); // 0..7` */
export function indexShard(of: AuditKey): number {
  return createHash('sha256').update(`${of.partitionKey}|${of.rowKey}`, 'utf8').digest()[0]! % INDEX_SHARDS;
}

/** The partition-key prefix of an entity's timeline (add `|<day>|<shard>`). @example `entityIndexPrefix('account'); // 'entity|account'` */
export function entityIndexPrefix(entity: string): string {
  return `entity|${encodeKeyPart(entity.toLowerCase())}`;
}

/** The partition-key prefix of an outcome log (add `|<day>|<shard>`). @example `outcomeIndexPrefix('parked'); // 'outcome|parked'` */
export function outcomeIndexPrefix(outcome: string): string {
  return `outcome|${outcome}`;
}

/** The entity index row key for an operation row. @example `entityIndexKey('account', '2024-05-01T10:00:00.000Z', key)` */
export function entityIndexKey(entity: string, at: string, of: AuditKey): AuditKey {
  return { partitionKey: `${entityIndexPrefix(entity)}|${dayOf(at)}|${indexShard(of)}`, rowKey: `${at}|${of.partitionKey}|${of.rowKey}` };
}

/** The outcome index row key for one attempt's outcome. @example `outcomeIndexKey('parked', now, key, 1)` */
export function outcomeIndexKey(outcome: string, at: string, of: AuditKey, deliveryCount: number): AuditKey {
  return { partitionKey: `${outcomeIndexPrefix(outcome)}|${dayOf(at)}|${indexShard(of)}`, rowKey: `${at}|${of.partitionKey}|${of.rowKey}|${deliveryCount}` };
}

/** Each UTC day from `from` to `to` inclusive, as `yyyy-mm-dd` (at most 366 days). */
export function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  for (let t = start; t <= to.getTime() && days.length < 366; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

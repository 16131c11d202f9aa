/**
 * Audit retention: deleting the rows of operations that ended long ago. Table Storage has no time-to-live, so
 * without this the audit table grows forever.
 *
 * One rule for every row: it goes when it is older than the cutoff (`UpdatedAt` of an operation or message row,
 * `At` of an index row) and its outcome is one of the outcomes to purge. By default those are `succeeded` and
 * `skipped`: rows that hold a message nobody handled yet (`parked`, `deadlettered`, `failed`) stay until the caller
 * asks for them too, and a `processing` row (a live or abandoned claim) is never purged.
 */
import { odata, RestError, type TableEntityResult } from '@azure/data-tables';
import type { AuditOutcome } from './schema';
import { toAuditError, type AuditTableStore } from './tableStore';

/** The outcomes {@link purgeAuditRows} may delete: every final outcome, and `failed`. Never `processing`. */
export type PurgeableOutcome = Exclude<AuditOutcome, 'processing'>;

/** What {@link purgeAuditRows} deletes unless told otherwise: operations that ended well. */
export const DEFAULT_PURGE_OUTCOMES: readonly PurgeableOutcome[] = ['succeeded', 'skipped'];

/** Every outcome {@link purgeAuditRows} accepts. */
export const PURGEABLE_OUTCOMES: readonly PurgeableOutcome[] = ['succeeded', 'skipped', 'failed', 'parked', 'deadlettered'];

/** Options of {@link purgeAuditRows}. */
export interface PurgeOptions {
  /** Rows last written before this time go. */
  before: Date;
  /** The outcomes whose rows go (default {@link DEFAULT_PURGE_OUTCOMES}). */
  outcomes?: readonly PurgeableOutcome[];
  /** Count what would go, delete nothing. */
  dryRun?: boolean;
  /** Partitions deleted at once (default 8). */
  concurrency?: number;
}

/** What {@link purgeAuditRows} found (and deleted, unless a dry run). */
export interface PurgeResult {
  /** Operation rows (one per Dataverse operation and step). */
  operationRows: number;
  /** Message rows (bodies that did not decode). */
  messageRows: number;
  /** Entity-timeline and outcome-log index rows (of the rows above, or whose row was already gone). */
  indexRows: number;
  /** Operation or message rows left in place because they changed after the scan read them (a late duplicate). */
  changedMeanwhile: number;
  dryRun: boolean;
}

type Row = { partitionKey: string; rowKey: string; etag: string };
type IndexRow = Row & { target: string | undefined };

/**
 * Deletes the audit rows older than `before` whose outcome is one of `outcomes`: operation and message rows by
 * `UpdatedAt`, and the index rows (`At` older too) of the rows it deletes. The table is scanned with a service-side
 * filter (run it off-peak on a large table). Operation and message rows are deleted under the ETag the scan read, so
 * a row a late duplicate touched in the meantime stays, and so do its index rows. An index row whose operation row
 * stays for another reason (written again since the cutoff) stays too; one whose row is already gone (an earlier
 * purge that stopped halfway) goes. Index rows are deleted under their scanned ETag too, one request each (a
 * transaction's delete cannot carry an ETag): a timeline row rewritten during the purge stays.
 *
 * @throws {AuditError} `STORAGE_UNAVAILABLE` or `ROW_REJECTED` when Table Storage fails; rows deleted before the
 * failure stay deleted, and running the purge again finishes the job. A `RangeError` for an outcome that cannot be
 * purged (`processing`).
 * @example
 * ```ts
 * const ninetyDaysAgo = new Date(Date.now() - 90 * 86_400_000);
 * const result = await purgeAuditRows(store, { before: ninetyDaysAgo });
 * console.log(`${result.operationRows} operations purged`);
 * ```
 */
export async function purgeAuditRows(store: AuditTableStore, options: PurgeOptions): Promise<PurgeResult> {
  const outcomes = options.outcomes ?? DEFAULT_PURGE_OUTCOMES;
  for (const outcome of outcomes) {
    if (!PURGEABLE_OUTCOMES.includes(outcome)) throw new RangeError(`Outcome "${outcome}" cannot be purged (one of ${PURGEABLE_OUTCOMES.join(', ')})`);
  }
  const result: PurgeResult = { operationRows: 0, messageRows: 0, indexRows: 0, changedMeanwhile: 0, dryRun: options.dryRun === true };
  if (outcomes.length === 0) return result;
  const concurrency = options.concurrency ?? 8;

  await store.ensureTable();
  const found = await scan(store, options.before, outcomes);
  result.operationRows = found.operations.length;
  result.messageRows = found.messages.length;

  // First the operation and message rows, each under its ETag: the index rows of those that stay must stay too.
  const gone = new Set<string>();
  const kept = new Set<string>();
  const rows = [...found.operations.map((row) => ({ row, counter: 'operationRows' as const })), ...found.messages.map((row) => ({ row, counter: 'messageRows' as const }))];
  if (result.dryRun) for (const { row } of rows) gone.add(keyOf(row.partitionKey, row.rowKey));
  else {
    await runAll(
      rows.map(({ row, counter }) => async () => {
        if (await deleteUnchanged(store, row)) gone.add(keyOf(row.partitionKey, row.rowKey));
        else {
          kept.add(keyOf(row.partitionKey, row.rowKey));
          result[counter]--;
          result.changedMeanwhile++;
        }
      }),
      concurrency,
    );
  }

  // Then the index rows of the rows gone, and those whose row no longer exists; an index row without a target goes.
  const unknownTargets = [...new Set(found.indexes.map((row) => row.target).filter((t): t is string => t !== undefined && !gone.has(t) && !kept.has(t)))];
  await runAll(
    unknownTargets.map((target) => async () => {
      if (!(await rowExists(store, target))) gone.add(target);
    }),
    concurrency,
  );
  const doomed = found.indexes.filter((row) => row.target === undefined || gone.has(row.target));
  result.indexRows = doomed.length;
  if (!result.dryRun) {
    await runAll(
      doomed.map((row) => async () => {
        if (!(await deleteUnchanged(store, row))) result.indexRows--;
      }),
      concurrency,
    );
  }
  return result;
}

/** A row's key as one string (`PartitionKey` and `RowKey` never hold `/`: see keys.ts). */
const keyOf = (partitionKey: string, rowKey: string): string => `${partitionKey}/${rowKey}`;

/** Runs `jobs` with at most `concurrency` at once. */
async function runAll(jobs: (() => Promise<void>)[], concurrency: number): Promise<void> {
  const queue = [...jobs];
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, async () => {
    for (let job = queue.pop(); job !== undefined; job = queue.pop()) await job();
  });
  await Promise.all(workers);
}

interface Scanned {
  operations: Row[];
  messages: Row[];
  indexes: IndexRow[];
}

type ScannedEntity = { Kind: string; TargetPartitionKey?: string; TargetRowKey?: string };

async function scan(store: AuditTableStore, before: Date, outcomes: readonly PurgeableOutcome[]): Promise<Scanned> {
  const cutoff = before.toISOString();
  const outcomeFilter = outcomes.map((outcome) => odata`Outcome eq ${outcome}`).join(' or ');
  const rows = odata`(Kind eq ${'operation'} or Kind eq ${'message'}) and UpdatedAt lt ${cutoff}`;
  const indexes = odata`(Kind eq ${'entity-index'} or Kind eq ${'outcome-index'}) and At lt ${cutoff}`;
  const filter = `(${outcomeFilter}) and ((${rows}) or (${indexes}))`;
  const found: Scanned = { operations: [], messages: [], indexes: [] };
  try {
    const entities = store.client.listEntities<ScannedEntity>({ queryOptions: { filter, select: ['PartitionKey', 'RowKey', 'Kind', 'TargetPartitionKey', 'TargetRowKey'] } });
    for await (const entity of entities as AsyncIterable<TableEntityResult<ScannedEntity>>) {
      if (entity.partitionKey === undefined || entity.rowKey === undefined) continue;
      const row: Row = { partitionKey: entity.partitionKey, rowKey: entity.rowKey, etag: entity.etag };
      if (entity.Kind === 'operation') found.operations.push(row);
      else if (entity.Kind === 'message') found.messages.push(row);
      else {
        const target = typeof entity.TargetPartitionKey === 'string' && typeof entity.TargetRowKey === 'string' ? keyOf(entity.TargetPartitionKey, entity.TargetRowKey) : undefined;
        found.indexes.push({ ...row, target });
      }
    }
  } catch (error) {
    throw toAuditError(error, 'Scanning the audit table for old rows');
  }
  return found;
}

/**
 * Deletes a row under the ETag the scan read; `false` when it changed since (it stays). Index rows too, one request
 * each: a transaction's delete cannot carry an ETag, and an operation settled again during the purge rewrites the
 * same timeline row (its key depends on OperationCreatedOn only), which must then stay. A 404 (gone already) is done.
 */
async function deleteUnchanged(store: AuditTableStore, row: Row): Promise<boolean> {
  try {
    await store.client.deleteEntity(row.partitionKey, row.rowKey, { etag: row.etag });
    return true;
  } catch (error) {
    const status = error instanceof RestError ? error.statusCode : undefined;
    if (status === 404) return true;
    if (status === 412) return false;
    throw toAuditError(error, `Deleting ${row.partitionKey}/${row.rowKey}`);
  }
}

/** Whether the operation or message row `key` (as {@link keyOf} writes it) still exists. */
async function rowExists(store: AuditTableStore, key: string): Promise<boolean> {
  const slash = key.indexOf('/');
  const partitionKey = key.slice(0, slash);
  const rowKey = key.slice(slash + 1);
  try {
    await store.client.getEntity(partitionKey, rowKey, { queryOptions: { select: ['PartitionKey'] } });
    return true;
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return false;
    throw toAuditError(error, `Reading ${partitionKey}/${rowKey}`);
  }
}

/**
 * Audit retention: deleting the rows of operations that ended long ago. Table Storage has no time-to-live, so
 * without this the audit table grows forever.
 *
 * One rule for every row: it goes when it is older than the cutoff (`UpdatedAt` of an operation or message row,
 * `At` of an index row) and its outcome is one of the outcomes to purge. By default those are `succeeded` and
 * `skipped`: rows that hold a message nobody handled yet (`parked`, `deadlettered`, `failed`) stay until the caller
 * asks for them too, and a `processing` row (a live or abandoned claim) is never purged.
 */
import { odata, RestError, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
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
  /** Entity-timeline and outcome-log index rows. */
  indexRows: number;
  /** Operation or message rows left in place because they changed after the scan read them (a late duplicate). */
  changedMeanwhile: number;
  dryRun: boolean;
}

type Candidate = { partitionKey: string; rowKey: string; kind: string; etag: string };

const TRANSACTION_LIMIT = 100;

/**
 * Deletes the audit rows older than `before` whose outcome is one of `outcomes`: operation and message rows by
 * `UpdatedAt`, index rows by `At`. The table is scanned with a service-side filter (run it off-peak on a large
 * table). Operation and message rows are deleted under the ETag the scan read, so a row a late duplicate touched in
 * the meantime stays; index rows share partitions and go in transactions of up to 100.
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

  await store.ensureTable();
  const candidates = await scan(store, options.before, outcomes);
  // Operation and message rows are deleted one by one, each under its ETag; index rows in per-partition transactions.
  const jobs: (() => Promise<void>)[] = [];
  const indexPartitions = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    if (candidate.kind === 'operation' || candidate.kind === 'message') {
      const counter = candidate.kind === 'operation' ? 'operationRows' : 'messageRows';
      result[counter]++;
      jobs.push(async () => {
        if (await deleteUnchanged(store, candidate)) return;
        result[counter]--;
        result.changedMeanwhile++;
      });
      continue;
    }
    result.indexRows++;
    const rows = indexPartitions.get(candidate.partitionKey);
    if (rows === undefined) indexPartitions.set(candidate.partitionKey, [candidate]);
    else rows.push(candidate);
  }
  if (result.dryRun) return result;
  for (const rows of indexPartitions.values()) jobs.push(() => deleteIndexRows(store, rows));

  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, jobs.length)) }, async () => {
    for (let job = jobs.pop(); job !== undefined; job = jobs.pop()) await job();
  });
  await Promise.all(workers);
  return result;
}

async function scan(store: AuditTableStore, before: Date, outcomes: readonly PurgeableOutcome[]): Promise<Candidate[]> {
  const cutoff = before.toISOString();
  const outcomeFilter = outcomes.map((outcome) => odata`Outcome eq ${outcome}`).join(' or ');
  const rows = odata`(Kind eq ${'operation'} or Kind eq ${'message'}) and UpdatedAt lt ${cutoff}`;
  const indexes = odata`(Kind eq ${'entity-index'} or Kind eq ${'outcome-index'}) and At lt ${cutoff}`;
  const filter = `(${outcomeFilter}) and ((${rows}) or (${indexes}))`;
  const candidates: Candidate[] = [];
  try {
    const entities = store.client.listEntities<{ Kind: string }>({ queryOptions: { filter, select: ['PartitionKey', 'RowKey', 'Kind'] } });
    for await (const entity of entities as AsyncIterable<TableEntityResult<{ Kind: string }>>) {
      if (entity.partitionKey === undefined || entity.rowKey === undefined) continue;
      candidates.push({ partitionKey: entity.partitionKey, rowKey: entity.rowKey, kind: entity.Kind, etag: entity.etag });
    }
  } catch (error) {
    throw toAuditError(error, 'Scanning the audit table for old rows');
  }
  return candidates;
}

/** Deletes an operation or message row under the ETag the scan read; `false` when it changed since (it stays). */
async function deleteUnchanged(store: AuditTableStore, row: Candidate): Promise<boolean> {
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

/** Deletes one partition's index rows, in transactions of up to 100. */
async function deleteIndexRows(store: AuditTableStore, rows: readonly Candidate[]): Promise<void> {
  for (let i = 0; i < rows.length; i += TRANSACTION_LIMIT) {
    const actions: TransactionAction[] = rows.slice(i, i + TRANSACTION_LIMIT).map((row) => ['delete', { partitionKey: row.partitionKey, rowKey: row.rowKey }]);
    try {
      await store.client.submitTransaction(actions);
    } catch (error) {
      // A row deleted since the scan fails the whole transaction (404): delete the rest one by one.
      if (!(error instanceof RestError && error.statusCode === 404)) throw toAuditError(error, `Deleting index rows of ${rows[0]!.partitionKey}`);
      for (const [, entity] of actions) await deleteIfPresent(store, entity.partitionKey, entity.rowKey);
    }
  }
}

async function deleteIfPresent(store: AuditTableStore, partitionKey: string, rowKey: string): Promise<void> {
  try {
    await store.client.deleteEntity(partitionKey, rowKey);
  } catch (error) {
    if (!(error instanceof RestError && error.statusCode === 404)) throw toAuditError(error, `Deleting ${partitionKey}/${rowKey}`);
  }
}

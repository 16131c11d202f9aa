/**
 * The audit table on Azure Table Storage: claims (conditional inserts), row updates under an ETag, index rows, and
 * the queries operators need. All Table Storage failures surface as {@link AuditError}.
 */
import { TableClient, type TableEntity, type TableEntityResult, odata, RestError } from '@azure/data-tables';
import { DefaultAzureCredential } from '@azure/identity';
import type { Settings } from '../settings';
import { AuditError } from './errors';
import { fitColumns } from './columns';
import { dayOf, entityIndexKey, entityIndexPrefix, outcomeIndexKey, outcomeIndexPrefix, type AuditKey } from './keys';
import { rawBodyFromRow } from './rawBody';
import type { AuditIndexRow, AuditOutcome, AuditRow } from './schema';

/** The result of {@link AuditTableStore.claim}. */
export type ClaimResult =
  /** This delivery owns the operation; `row` is the stored row (its `Handlers` hold earlier per-handler results). */
  | { kind: 'claimed'; row: AuditRow; etag: string; takeover: boolean }
  /** The operation already reached a final outcome; nothing is to run. */
  | { kind: 'settled'; row: AuditRow; etag: string }
  /** Another delivery holds a live claim. */
  | { kind: 'busy'; row: AuditRow };

/** Options of {@link AuditTableStore.claim}. */
export interface ClaimOptions {
  /** Claim duration: another delivery that finds the row `processing` before this time is told `busy`. */
  leaseSeconds: number;
  /** Also take over `parked` and `deadlettered` rows (a replay). A live claim is still `busy`. */
  replay?: boolean;
  now?: Date;
}

const FINAL: readonly AuditOutcome[] = ['succeeded', 'skipped', 'parked', 'deadlettered'];

/** A Table Storage failure as the audit area's error: 404 `NOT_FOUND`, 412 `CLAIM_LOST`, other 4xx `ROW_REJECTED`, else `STORAGE_UNAVAILABLE`. */
export function toAuditError(error: unknown, what: string): AuditError {
  if (error instanceof AuditError) return error;
  if (error instanceof RestError) {
    const status = error.statusCode;
    if (status === 404) return new AuditError('NOT_FOUND', `${what}: not found`, { cause: error });
    if (status === 412) return new AuditError('CLAIM_LOST', `${what}: the row changed under this delivery`, { cause: error });
    if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
      return new AuditError('ROW_REJECTED', `${what}: Table Storage refused the request (${status} ${error.code ?? ''}): ${error.message}`, { cause: error });
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AuditError('STORAGE_UNAVAILABLE', `${what}: Table Storage is unavailable: ${message}`, { cause: error });
}

const statusOf = (error: unknown) => (error instanceof RestError ? error.statusCode : undefined);
/** A 404 about the table, not the entity (the SDK leaves `code` empty and puts the service's code in `details`). */
const isTableNotFound = (error: unknown) =>
  error instanceof RestError && error.statusCode === 404 && (error.code === 'TableNotFound' || (error.details as { errorCode?: string } | undefined)?.errorCode === 'TableNotFound');

/** The ETag of a write: without one a later conditional write would be unconditional, so its absence is an error. */
function etagOf(result: { etag?: string | undefined }, what: string): string {
  if (result.etag === undefined || result.etag === '') throw new AuditError('STORAGE_UNAVAILABLE', `${what}: Table Storage returned no ETag`);
  return result.etag;
}

/** A stored entity as a row: `partitionKey`/`rowKey` back to the column names, service metadata dropped. */
function stripMeta<T>(entity: TableEntityResult<Record<string, unknown>>): T {
  const { etag: _etag, timestamp: _ts, ['odata.metadata']: _m, partitionKey, rowKey, ...rest } = entity as Record<string, unknown>;
  return { PartitionKey: partitionKey, RowKey: rowKey, ...rest } as T;
}

/** A row as an SDK entity: the SDK wants `partitionKey`/`rowKey`, and `undefined` columns are left out. */
function toEntity(row: Record<string, unknown> & { PartitionKey: string; RowKey: string }): TableEntity {
  const { PartitionKey, RowKey, ...rest } = row;
  const entity: Record<string, unknown> = { partitionKey: PartitionKey, rowKey: RowKey };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) entity[k] = v;
  return fitColumns(entity) as TableEntity;
}

/**
 * The audit store. Build it with {@link createAuditStore} from the settings, or from a `TableClient`.
 *
 * @example
 * ```ts
 * const store = createAuditStore(loadSettings());
 * await store.ensureTable();
 * const row = await store.getRow({ partitionKey: 'op|6420f0cc-916b-ee11-9ae6-000d3a688809', rowKey: 'nostep' });
 * ```
 */
export class AuditTableStore {
  private tableReady: Promise<void> | undefined;

  public constructor(public readonly client: TableClient) {}

  /** Creates the table if it is missing (once per store; a failure is retried on the next call). */
  public ensureTable(): Promise<void> {
    this.tableReady ??= this.client.createTable().then(
      () => undefined,
      (error: unknown) => {
        this.tableReady = undefined;
        throw toAuditError(error, `Creating table ${this.client.tableName}`);
      },
    );
    return this.tableReady;
  }

  /** Runs a table call; if the table was deleted since it was created (404 TableNotFound), creates it again and retries once. */
  private async withTable<T>(call: () => Promise<T>): Promise<T> {
    await this.ensureTable();
    try {
      return await call();
    } catch (error) {
      if (!isTableNotFound(error)) throw error;
      this.tableReady = undefined;
      await this.ensureTable();
      return call();
    }
  }

  /**
   * Claims an operation with a conditional insert. On a conflict the stored row decides: a final outcome →
   * `settled`; a live `processing` claim → `busy`; an expired claim or a `failed` row → taken over under its ETag.
   */
  public async claim(initial: AuditRow, options: ClaimOptions): Promise<ClaimResult> {
    const now = options.now ?? new Date();
    const claimedUntil = new Date(now.getTime() + options.leaseSeconds * 1000).toISOString();
    const fresh: AuditRow = { ...initial, Outcome: 'processing', ClaimedUntil: claimedUntil, Attempts: 1, Duplicates: 0, FirstSeenAt: now.toISOString(), UpdatedAt: now.toISOString() };
    try {
      const created = await this.withTable(() => this.client.createEntity(toEntity(fresh as unknown as AuditKeyColumns & Record<string, unknown>)));
      return { kind: 'claimed', row: fresh, etag: etagOf(created, `Claiming ${initial.PartitionKey}/${initial.RowKey}`), takeover: false };
    } catch (error) {
      if (statusOf(error) !== 409) throw toAuditError(error, `Claiming ${initial.PartitionKey}/${initial.RowKey}`);
    }
    const stored = await this.getEntityWithEtag({ partitionKey: initial.PartitionKey, rowKey: initial.RowKey });
    if (stored === undefined) throw new AuditError('CLAIM_BUSY', `Claiming ${initial.PartitionKey}/${initial.RowKey}: the row vanished; try again`);
    const { row, etag } = stored;
    const replayable = options.replay === true && (row.Outcome === 'parked' || row.Outcome === 'deadlettered');
    if (FINAL.includes(row.Outcome) && !replayable) return { kind: 'settled', row, etag };
    if (row.Outcome === 'processing' && row.ClaimedUntil !== undefined && row.ClaimedUntil > now.toISOString()) {
      return { kind: 'busy', row };
    }
    // Take over: keep what the stored row knows (handler results, first-seen time), refresh the delivery facts.
    const patch: Partial<AuditRow> = {
      ...pickDelivery(initial),
      Outcome: 'processing',
      ClaimedUntil: claimedUntil,
      Attempts: (row.Attempts ?? 1) + 1,
      UpdatedAt: now.toISOString(),
    };
    try {
      const updated = await this.client.updateEntity(toEntity({ ...patch, PartitionKey: row.PartitionKey, RowKey: row.RowKey }), 'Merge', { etag });
      return { kind: 'claimed', row: { ...row, ...patch }, etag: etagOf(updated, `Taking over ${row.PartitionKey}/${row.RowKey}`), takeover: true };
    } catch (error) {
      if (statusOf(error) === 412) return { kind: 'busy', row };
      throw toAuditError(error, `Taking over ${row.PartitionKey}/${row.RowKey}`);
    }
  }

  /** Merges `patch` into a row this delivery has claimed; throws `CLAIM_LOST` when the ETag no longer matches. */
  public async update(key: AuditKey, etag: string, patch: Partial<AuditRow>): Promise<string> {
    try {
      const result = await this.withTable(() => this.client.updateEntity(toEntity({ ...patch, PartitionKey: key.partitionKey, RowKey: key.rowKey }), 'Merge', { etag }));
      return etagOf(result, `Updating ${key.partitionKey}/${key.rowKey}`);
    } catch (error) {
      throw toAuditError(error, `Updating ${key.partitionKey}/${key.rowKey}`);
    }
  }

  /**
   * Ends a claim this invocation still holds, after a failure, so the next delivery can take the operation over at
   * once instead of finding it busy until the lease ends. Best effort: it never throws, and it leaves alone a row
   * another delivery took over (its `InvocationId` differs). Returns whether the claim was released.
   *
   * @example
   * ```ts
   * await store.release(key, context.invocationId, { Outcome: 'failed', Reason: 'STORAGE_UNAVAILABLE' });
   * ```
   */
  public async release(key: AuditKey, invocationId: string, patch: Partial<AuditRow>): Promise<boolean> {
    try {
      const stored = await this.getEntityWithEtag(key);
      if (stored === undefined || stored.row.Outcome !== 'processing' || stored.row.InvocationId !== invocationId) return false;
      await this.client.updateEntity(toEntity({ ...patch, ClaimedUntil: '', PartitionKey: key.partitionKey, RowKey: key.rowKey }), 'Merge', { etag: stored.etag });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Writes a row unconditionally (insert or merge), for rows no claim protects: an undecodable message, a
   * duplicate delivery's counters.
   */
  public async upsert(row: Partial<AuditRow> & AuditKeyColumns): Promise<void> {
    try {
      await this.withTable(() => this.client.upsertEntity(toEntity(row), 'Merge'));
    } catch (error) {
      throw toAuditError(error, `Writing ${row.PartitionKey}/${row.RowKey}`);
    }
  }

  /**
   * Counts a delivery that found the operation settled (best effort against concurrent counters: ETag + retry). The
   * delivery columns stay those of the delivery that did the work; this one goes to the `LastDuplicate*` columns.
   */
  public async recordDuplicate(row: AuditRow, etag: string, delivery: Partial<AuditRow>, now = new Date()): Promise<void> {
    let current = { row, etag };
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.update({ partitionKey: row.PartitionKey, rowKey: row.RowKey }, current.etag, {
          LastDuplicateMessageId: delivery.MessageId,
          LastDuplicateDeliveryCount: delivery.DeliveryCount,
          LastDuplicateInvocationId: delivery.InvocationId,
          LastDuplicateAt: now.toISOString(),
          Duplicates: (current.row.Duplicates ?? 0) + 1,
          UpdatedAt: now.toISOString(),
        });
        return;
      } catch (error) {
        if (!(error instanceof AuditError && error.code === 'CLAIM_LOST')) throw error;
        const again = await this.getEntityWithEtag({ partitionKey: row.PartitionKey, rowKey: row.RowKey });
        if (again === undefined) return;
        current = again;
      }
    }
  }

  /**
   * Upserts the entity-timeline index row and, for failed/parked/deadlettered, an outcome-log row. Idempotent: the
   * keys come from the row (`FinishedAt`, `DeliveryCount`), so writing the same row's indexes again changes nothing.
   */
  public async writeIndexes(row: AuditRow, deliveryCount: number = row.DeliveryCount ?? 1, now = new Date()): Promise<void> {
    const key = { partitionKey: row.PartitionKey, rowKey: row.RowKey };
    const at = row.FinishedAt ?? now.toISOString();
    const summary = { Outcome: row.Outcome, MessageName: row.MessageName, Entity: row.Entity, RecordId: row.RecordId, Reason: row.Reason };
    const rows: AuditIndexRow[] = [];
    const timelineAt = row.OperationCreatedOn ?? row.EnqueuedTimeUtc ?? row.FirstSeenAt ?? at;
    const e = entityIndexKey(row.Entity ?? '~unknown', timelineAt, key);
    rows.push({ PartitionKey: e.partitionKey, RowKey: e.rowKey, Kind: 'entity-index', TargetPartitionKey: key.partitionKey, TargetRowKey: key.rowKey, At: timelineAt, ...summary });
    if (row.Outcome === 'failed' || row.Outcome === 'parked' || row.Outcome === 'deadlettered') {
      const o = outcomeIndexKey(row.Outcome, at, key, deliveryCount);
      rows.push({ PartitionKey: o.partitionKey, RowKey: o.rowKey, Kind: 'outcome-index', TargetPartitionKey: key.partitionKey, TargetRowKey: key.rowKey, At: at, ...summary });
    }
    for (const index of rows) {
      try {
        await this.withTable(() => this.client.upsertEntity(toEntity({ ...index }), 'Replace'));
      } catch (error) {
        throw toAuditError(error, `Writing index ${index.PartitionKey}/${index.RowKey}`);
      }
    }
  }

  /** The row at `key`, or `undefined`. */
  public async getRow(key: AuditKey): Promise<AuditRow | undefined> {
    return (await this.getEntityWithEtag(key))?.row;
  }

  /** The body kept in a parked or dead-lettered row, or `undefined` when the row has none. */
  public async getRawBody(key: AuditKey): Promise<Buffer | undefined> {
    const row = await this.getRow(key);
    return row === undefined ? undefined : rawBodyFromRow(row);
  }

  /**
   * An entity's operations whose `OperationCreatedOn` falls in `[from, to]`, oldest first (one query per UTC day).
   *
   * @example
   * ```ts
   * const today = await store.listByEntity('account', new Date(Date.now() - 86_400_000), new Date());
   * ```
   */
  public async listByEntity(entity: string, from: Date, to: Date): Promise<AuditIndexRow[]> {
    return this.listIndex(entityIndexPrefix(entity), from, to);
  }

  /**
   * The attempts that ended with `outcome` (`failed`, `parked`, `deadlettered`) in `[since, until]`, oldest first.
   *
   * @example
   * ```ts
   * const parked = await store.listByOutcome('parked', new Date(Date.now() - 7 * 86_400_000));
   * ```
   */
  public async listByOutcome(outcome: Extract<AuditOutcome, 'failed' | 'parked' | 'deadlettered'>, since: Date, until: Date = new Date()): Promise<AuditIndexRow[]> {
    return this.listIndex(outcomeIndexPrefix(outcome), since, until);
  }

  private async listIndex(prefix: string, from: Date, to: Date): Promise<AuditIndexRow[]> {
    await this.ensureTable();
    const result: AuditIndexRow[] = [];
    const lo = from.toISOString();
    const hi = `${to.toISOString()}|~`;
    try {
      // One range query over the day partitions and their shards (`<prefix>|<day>|<shard>`).
      const filter = odata`PartitionKey ge ${`${prefix}|${dayOf(lo)}|`} and PartitionKey le ${`${prefix}|${dayOf(hi)}|~`} and RowKey ge ${lo} and RowKey le ${hi}`;
      for await (const entity of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        result.push(stripMeta<AuditIndexRow>(entity as TableEntityResult<Record<string, unknown>>));
      }
    } catch (error) {
      throw toAuditError(error, `Listing ${prefix}`);
    }
    // Shards interleave in time: RowKeys start with the ISO time, so sorting by RowKey restores the order.
    return result.sort((a, b) => (a.RowKey < b.RowKey ? -1 : a.RowKey > b.RowKey ? 1 : 0));
  }

  private async getEntityWithEtag(key: AuditKey): Promise<{ row: AuditRow; etag: string } | undefined> {
    try {
      const entity = await this.withTable(() => this.client.getEntity<Record<string, unknown>>(key.partitionKey, key.rowKey));
      return { row: stripMeta<AuditRow>(entity), etag: entity.etag };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw toAuditError(error, `Reading ${key.partitionKey}/${key.rowKey}`);
    }
  }
}

/** The key columns of a row. */
export type AuditKeyColumns = Pick<AuditRow, 'PartitionKey' | 'RowKey'>;

const DELIVERY_COLUMNS = ['MessageId', 'DeliveryCount', 'EnqueuedTimeUtc', 'SbCorrelationId', 'ContentType', 'BodyForm', 'BodyBytes', 'FunctionName', 'InvocationId'] as const;

function pickDelivery(row: Partial<AuditRow>): Partial<AuditRow> {
  const out: Record<string, unknown> = {};
  for (const c of DELIVERY_COLUMNS) if (row[c] !== undefined) out[c] = row[c];
  return out as Partial<AuditRow>;
}

/**
 * Builds the audit store from the settings: a connection string (`UseDevelopmentStorage=true` works, and an
 * `http://` endpoint is allowed for Azurite), or an identity-based table endpoint via `DefaultAzureCredential`.
 *
 * @example
 * ```ts
 * const store = createAuditStore(loadSettings({ AUDIT_STORAGE: 'UseDevelopmentStorage=true' }));
 * ```
 */
export function createAuditStore(settings: Pick<Settings, 'audit'>): AuditTableStore {
  const { connection, tableName, retry } = settings.audit;
  const retryOptions = { maxRetries: retry.maxRetries, retryDelayInMs: retry.retryDelayInMs, maxRetryDelayInMs: retry.maxRetryDelayInMs };
  if (connection.kind === 'connectionString') {
    const insecure = /DefaultEndpointsProtocol=http;|TableEndpoint=http:\/\//i.test(connection.connectionString);
    return new AuditTableStore(TableClient.fromConnectionString(connection.connectionString, tableName, { retryOptions, allowInsecureConnection: insecure }));
  }
  const credential = new DefaultAzureCredential(connection.clientId === undefined ? {} : { managedIdentityClientId: connection.clientId });
  return new AuditTableStore(new TableClient(connection.tableServiceUri, tableName, credential, { retryOptions }));
}

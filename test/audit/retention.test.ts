import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableEntityResult, TransactionAction } from '@azure/data-tables';
import { messageKey, operationKey } from '../../shared/audit/keys';
import { purgeAuditRows } from '../../shared/audit/retention';
import type { AuditOutcome, AuditRow } from '../../shared/audit/schema';
import { createAuditStore, type AuditTableStore } from '../../shared/audit/tableStore';
import { startAzurite, testSettings, type RunningAzurite } from '../helpers/azurite';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
});

const OLD = '2024-01-10T08:00:00.000Z';
const CUTOFF = new Date('2024-06-01T00:00:00.000Z');
const RECENT = '2024-09-01T08:00:00.000Z';

/** Writes an operation row and its index rows the way the pipeline does (store.upsert + store.writeIndexes). */
async function writeOperation(store: AuditTableStore, operationId: string, outcome: AuditOutcome, at: string, stepId: string | null = null): Promise<AuditRow> {
  const key = operationKey({ operationId, stepId, correlationId: '', requestId: null, stage: 40 });
  const row: AuditRow = {
    PartitionKey: key.partitionKey,
    RowKey: key.rowKey,
    Kind: 'operation',
    Outcome: outcome,
    MessageName: 'Update',
    Entity: 'account',
    OperationId: operationId,
    OperationCreatedOn: at,
    UpdatedAt: at,
    FinishedAt: at,
    DeliveryCount: 1,
  };
  await store.upsert(row);
  await store.writeIndexes(row);
  return row;
}

async function allRows(store: AuditTableStore): Promise<{ partitionKey: string; rowKey: string; Kind: string }[]> {
  const rows: { partitionKey: string; rowKey: string; Kind: string }[] = [];
  for await (const e of store.client.listEntities<{ Kind: string }>()) {
    const entity = e as TableEntityResult<{ Kind: string }>;
    rows.push({ partitionKey: entity.partitionKey!, rowKey: entity.rowKey!, Kind: entity.Kind });
  }
  return rows;
}

const operationIds = (rows: { Kind: string; partitionKey: string }[]) =>
  rows.filter((r) => r.Kind === 'operation').map((r) => r.partitionKey).sort();

/**
 * Another writer acting once around the purge's delete of `row` (`before` it: the delete then meets a changed ETag;
 * `after` it: the row comes back). Everything else is the real table. Returns a count of the times it acted.
 */
function writeAroundDelete(store: AuditTableStore, row: AuditRow, when: 'before' | 'after', write: () => Promise<unknown>): () => number {
  const client = store.client;
  const deleteEntity = client.deleteEntity.bind(client);
  let acted = 0;
  client.deleteEntity = async (partitionKey, rowKey, options) => {
    const ours = partitionKey === row.PartitionKey && rowKey === row.RowKey && acted === 0;
    if (ours) acted++;
    if (ours && when === 'before') await write();
    const response = await deleteEntity(partitionKey, rowKey, options);
    if (ours && when === 'after') await write();
    return response;
  };
  return () => acted;
}

describe('purgeAuditRows', () => {
  it('deletes old succeeded and skipped operations with their index rows, and keeps everything else', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));
    await store.ensureTable();
    await writeOperation(store, 'a0000000-0000-0000-0000-000000000001', 'succeeded', OLD);
    await writeOperation(store, 'a0000000-0000-0000-0000-000000000002', 'skipped', OLD);
    await writeOperation(store, 'a0000000-0000-0000-0000-000000000003', 'parked', OLD);
    await writeOperation(store, 'a0000000-0000-0000-0000-000000000004', 'processing', OLD);
    await writeOperation(store, 'a0000000-0000-0000-0000-000000000005', 'succeeded', RECENT);
    // Two steps that posted the same operation share its partition.
    await writeOperation(store, 'a0000000-0000-0000-0000-000000000006', 'succeeded', OLD, '11111111-0000-0000-0000-000000000001');
    await writeOperation(store, 'a0000000-0000-0000-0000-000000000006', 'succeeded', OLD, '11111111-0000-0000-0000-000000000002');

    // Act
    const result = await purgeAuditRows(store, { before: CUTOFF });

    // Assess
    expect(result).toEqual({ operationRows: 4, messageRows: 0, indexRows: 4, changedMeanwhile: 0, dryRun: false });
    const left = await allRows(store);
    expect(operationIds(left)).toEqual([
      'op|a0000000-0000-0000-0000-000000000003',
      'op|a0000000-0000-0000-0000-000000000004',
      'op|a0000000-0000-0000-0000-000000000005',
    ]);
    // parked: entity timeline + outcome log; processing: timeline; recent: timeline.
    expect(left.filter((r) => r.Kind !== 'operation')).toHaveLength(4);
  });

  it('deletes parked and dead-lettered rows, message rows and the outcome log only when asked to', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));
    await store.ensureTable();
    await writeOperation(store, 'b0000000-0000-0000-0000-000000000001', 'parked', OLD);
    await writeOperation(store, 'b0000000-0000-0000-0000-000000000002', 'deadlettered', OLD);
    const message = messageKey('undecodable-1');
    await store.upsert({ PartitionKey: message.partitionKey, RowKey: message.rowKey, Kind: 'message', Outcome: 'parked', UpdatedAt: OLD });

    // Act
    const byDefault = await purgeAuditRows(store, { before: CUTOFF });
    const asked = await purgeAuditRows(store, { before: CUTOFF, outcomes: ['parked', 'deadlettered'] });

    // Assess
    expect(byDefault).toMatchObject({ operationRows: 0, messageRows: 0, indexRows: 0 });
    expect(asked).toEqual({ operationRows: 2, messageRows: 1, indexRows: 4, changedMeanwhile: 0, dryRun: false });
    expect(await allRows(store)).toEqual([]);
  });

  it('counts without deleting on a dry run', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));
    await store.ensureTable();
    await writeOperation(store, 'c0000000-0000-0000-0000-000000000001', 'succeeded', OLD);

    // Act
    const result = await purgeAuditRows(store, { before: CUTOFF, dryRun: true });

    // Assess
    expect(result).toEqual({ operationRows: 1, messageRows: 0, indexRows: 1, changedMeanwhile: 0, dryRun: true });
    expect(await allRows(store)).toHaveLength(2);
  });

  it('deletes every index row of a busy partition', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));
    await store.ensureTable();
    const partitionKey = 'entity|account|2024-01-10|3';
    const rows = Array.from({ length: 230 }, (_, i) => ({
      partitionKey,
      rowKey: `${OLD}|op|d${String(i).padStart(4, '0')}|nostep`,
      Kind: 'entity-index',
      Outcome: 'succeeded',
      At: OLD,
    }));
    for (let i = 0; i < rows.length; i += 100) {
      await store.client.submitTransaction(rows.slice(i, i + 100).map((row): TransactionAction => ['create', row]));
    }

    // Act
    const result = await purgeAuditRows(store, { before: CUTOFF });

    // Assess
    expect(result.indexRows).toBe(230);
    expect(await allRows(store)).toEqual([]);
  });

  it('keeps an operation row that a late duplicate touched after the scan, and its index rows', async () => {
    // Prepare: another writer (a late duplicate settling in another instance) updates the row between the scan and
    // the delete, so the delete under the scanned ETag meets a real 412 from the table.
    const store = createAuditStore(testSettings(azurite.connectionString));
    await store.ensureTable();
    const touched = await writeOperation(store, 'e0000000-0000-0000-0000-000000000001', 'succeeded', OLD);
    await writeOperation(store, 'e0000000-0000-0000-0000-000000000002', 'succeeded', OLD);
    const writes = writeAroundDelete(store, touched, 'before', () => store.client.updateEntity({ partitionKey: touched.PartitionKey, rowKey: touched.RowKey, Duplicates: 1 }, 'Merge'));

    // Act
    const result = await purgeAuditRows(store, { before: CUTOFF });

    // Assess
    expect(writes()).toBe(1);
    expect(result).toEqual({ operationRows: 1, messageRows: 0, indexRows: 1, changedMeanwhile: 1, dryRun: false });
    const left = await allRows(store);
    expect(operationIds(left)).toEqual([touched.PartitionKey]);
    const timeline = await store.listByEntity('account', new Date(OLD), new Date(OLD));
    expect(timeline.map((row) => row.TargetPartitionKey)).toEqual([touched.PartitionKey]);
  });

  it('keeps the timeline row of an operation settled again while the purge runs', async () => {
    // Prepare: right after the purge deletes the operation row, a redelivery of that (old) operation claims and
    // settles it again, rewriting the same timeline row (its key depends on OperationCreatedOn only).
    const store = createAuditStore(testSettings(azurite.connectionString));
    await store.ensureTable();
    const row = await writeOperation(store, 'f2000000-0000-0000-0000-000000000001', 'succeeded', OLD);
    const resettled = writeAroundDelete(store, row, 'after', async () => {
      await store.upsert({ ...row, UpdatedAt: RECENT });
      await store.writeIndexes({ ...row, UpdatedAt: RECENT });
    });

    // Act
    const result = await purgeAuditRows(store, { before: CUTOFF });

    // Assess
    expect(resettled()).toBe(1);
    expect(result).toEqual({ operationRows: 1, messageRows: 0, indexRows: 0, changedMeanwhile: 0, dryRun: false });
    const timeline = await store.listByEntity('account', new Date(OLD), new Date(OLD));
    expect(timeline.map((r) => r.TargetPartitionKey)).toEqual([row.PartitionKey]);
  });

  it('keeps the timeline row of an operation written again since the cutoff', async () => {
    // Prepare: created and first settled long ago (the timeline row is dated by OperationCreatedOn), settled again
    // recently (UpdatedAt), so only the timeline row is older than the cutoff.
    const store = createAuditStore(testSettings(azurite.connectionString));
    await store.ensureTable();
    const row = await writeOperation(store, 'f0000000-0000-0000-0000-000000000001', 'succeeded', OLD);
    await store.client.updateEntity({ partitionKey: row.PartitionKey, rowKey: row.RowKey, UpdatedAt: RECENT }, 'Merge');

    // Act
    const result = await purgeAuditRows(store, { before: CUTOFF });

    // Assess
    expect(result).toEqual({ operationRows: 0, messageRows: 0, indexRows: 0, changedMeanwhile: 0, dryRun: false });
    expect(await allRows(store)).toHaveLength(2);
  });

  it('deletes the index rows of an operation row already gone (a purge that stopped halfway)', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));
    await store.ensureTable();
    const row = await writeOperation(store, 'f1000000-0000-0000-0000-000000000001', 'parked', OLD);
    await store.client.deleteEntity(row.PartitionKey, row.RowKey);

    // Act
    const dryRun = await purgeAuditRows(store, { before: CUTOFF, outcomes: ['parked'], dryRun: true });
    const result = await purgeAuditRows(store, { before: CUTOFF, outcomes: ['parked'] });

    // Assess: the entity timeline row and the outcome log row.
    expect(dryRun).toEqual({ operationRows: 0, messageRows: 0, indexRows: 2, changedMeanwhile: 0, dryRun: true });
    expect(result).toEqual({ operationRows: 0, messageRows: 0, indexRows: 2, changedMeanwhile: 0, dryRun: false });
    expect(await allRows(store)).toEqual([]);
  });

  it('refuses to purge processing rows', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));

    // Act
    const purge = purgeAuditRows(store, { before: CUTOFF, outcomes: ['processing' as 'failed'] });

    // Assess
    await expect(purge).rejects.toThrow(RangeError);
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditStore } from '../../shared/audit/tableStore';
import { encodeKeyPart, messageKey, operationKey } from '../../shared/audit/keys';
import { rawBodyColumns } from '../../shared/audit/rawBody';
import type { AuditRow } from '../../shared/audit/schema';
import { startAzurite, testSettings, type RunningAzurite } from '../helpers/azurite';
import { faultyStore } from '../helpers/faultyTable';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
});

const OP = '6420f0cc-916b-ee11-9ae6-000d3a688809';
const STEP = '11111111-2222-3333-4444-555555555555';

function initialRow(): AuditRow {
  const key = operationKey({ operationId: OP, stepId: STEP, correlationId: '', requestId: null, stage: 40 });
  return { PartitionKey: key.partitionKey, RowKey: key.rowKey, Kind: 'operation', Outcome: 'processing', MessageName: 'Create', Entity: 'account', OperationCreatedOn: '2024-05-01T10:00:00.000Z', MessageId: 'm1', DeliveryCount: 1 };
}

describe('AuditTableStore', () => {
  it('creates the table if missing and claims an operation once', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));

    // Act
    const first = await store.claim(initialRow(), { leaseSeconds: 60 });
    const second = await store.claim({ ...initialRow(), MessageId: 'm2' }, { leaseSeconds: 60 });

    // Assess
    expect(first.kind).toBe('claimed');
    expect(second.kind).toBe('busy');
  });

  it('reports a settled operation to a later claim, and takes over a failed one', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));
    const first = await store.claim(initialRow(), { leaseSeconds: 60 });
    if (first.kind !== 'claimed') throw new Error('not claimed');
    const key = { partitionKey: first.row.PartitionKey, rowKey: first.row.RowKey };

    // Act
    await store.update(key, first.etag, { Outcome: 'failed', Handlers: '{"a":{"outcome":"succeeded"}}' });
    const takeover = await store.claim({ ...initialRow(), MessageId: 'm2', DeliveryCount: 2 }, { leaseSeconds: 60 });
    if (takeover.kind !== 'claimed') throw new Error('not taken over');
    await store.update(key, takeover.etag, { Outcome: 'succeeded' });
    const later = await store.claim({ ...initialRow(), MessageId: 'm3' }, { leaseSeconds: 60 });

    // Assess
    expect(takeover.takeover).toBe(true);
    expect(takeover.row.Handlers).toBe('{"a":{"outcome":"succeeded"}}');
    expect(takeover.row.Attempts).toBe(2);
    expect(takeover.row.MessageId).toBe('m2');
    expect(later.kind).toBe('settled');
  });

  it('rejects a stale ETag with CLAIM_LOST', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));
    const first = await store.claim(initialRow(), { leaseSeconds: 60 });
    if (first.kind !== 'claimed') throw new Error('not claimed');
    const key = { partitionKey: first.row.PartitionKey, rowKey: first.row.RowKey };
    await store.update(key, first.etag, { Outcome: 'failed' });

    // Act
    const stale = store.update(key, first.etag, { Outcome: 'succeeded' });

    // Assess
    await expect(stale).rejects.toMatchObject({ name: 'AuditError', code: 'CLAIM_LOST' });
  });

  it('keeps a raw body across several binary columns and gives it back', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));
    const body = randomBytes(200_000); // incompressible, so it needs several 64 KiB columns
    const key = messageKey('odd/id#with?chars\\');

    // Act
    await store.upsert({ PartitionKey: key.partitionKey, RowKey: key.rowKey, Kind: 'message', Outcome: 'parked', ...rawBodyColumns(body) });
    const back = await store.getRawBody(key);

    // Assess
    expect(key.partitionKey).toBe('msg|odd%2Fid%23with%3Fchars%5C');
    expect((await store.getRow(key))?.RawBodyChunks).toBeGreaterThan(1);
    expect(back?.equals(body)).toBe(true);
  });

  it('lists an entity timeline and an outcome log by time range', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));
    const row: AuditRow = { ...initialRow(), Outcome: 'parked', Reason: 'INVALID_JSON' };
    const now = new Date('2024-05-01T12:00:00.000Z');

    // Act
    await store.writeIndexes(row, 3, now);
    const timeline = await store.listByEntity('account', new Date('2024-04-30T00:00:00Z'), new Date('2024-05-02T00:00:00Z'));
    const outside = await store.listByEntity('account', new Date('2024-05-01T11:00:00Z'), new Date('2024-05-02T00:00:00Z'));
    const parked = await store.listByOutcome('parked', new Date('2024-05-01T00:00:00Z'), new Date('2024-05-01T23:59:59Z'));

    // Assess
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ TargetPartitionKey: row.PartitionKey, TargetRowKey: row.RowKey, Outcome: 'parked', Entity: 'account' });
    expect(outside).toHaveLength(0);
    expect(parked.map((p) => p.Reason)).toEqual(['INVALID_JSON']);
  });

  it('reports STORAGE_UNAVAILABLE when nothing listens', async () => {
    // Prepare
    const store = createAuditStore(testSettings('DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;'));

    // Act
    const claim = store.claim(initialRow(), { leaseSeconds: 60 });

    // Assess
    await expect(claim).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  });
});

describe('AuditTableStore under service faults', () => {
  it('refuses to go on without an ETag instead of making later writes unconditional (M2)', async () => {
    // Prepare: the claim insert succeeds but the answer carries no ETag.
    const { store } = faultyStore(testSettings(azurite.connectionString), [{ method: 'createEntity', status: 'no-etag' }]);

    // Act
    const claim = store.claim(initialRow(), { leaseSeconds: 60 });

    // Assess
    await expect(claim).rejects.toMatchObject({ name: 'AuditError', code: 'STORAGE_UNAVAILABLE', message: expect.stringContaining('ETag') });
  });

  it('creates the table again when it was deleted while the app runs (M5)', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));
    await store.ensureTable();
    await store.client.deleteTable();

    // Act
    const claim = await store.claim(initialRow(), { leaseSeconds: 60 });

    // Assess
    expect(claim.kind).toBe('claimed');
    expect(await store.getRow({ partitionKey: initialRow().PartitionKey, rowKey: initialRow().RowKey })).toMatchObject({ Outcome: 'processing' });
  });

  it('spreads the index rows of one day over shards and lists them all, oldest first (I2)', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));
    const rows = Array.from({ length: 24 }, (_, i) => ({ ...initialRow(), PartitionKey: `op|${i}`, Outcome: 'parked' as const, OperationCreatedOn: `2024-05-01T10:00:${String(i).padStart(2, '0')}.000Z`, FinishedAt: `2024-05-01T11:00:${String(i).padStart(2, '0')}.000Z` }));

    // Act
    for (const row of rows) await store.writeIndexes(row);
    const timeline = await store.listByEntity('account', new Date('2024-05-01T00:00:00Z'), new Date('2024-05-01T23:59:59Z'));
    const parked = await store.listByOutcome('parked', new Date('2024-05-01T00:00:00Z'), new Date('2024-05-01T23:59:59Z'));

    // Assess
    expect(new Set(timeline.map((r) => r.PartitionKey)).size).toBeGreaterThan(1);
    expect(timeline.map((r) => r.TargetPartitionKey)).toEqual(rows.map((r) => r.PartitionKey));
    expect(parked).toHaveLength(24);
  });

  it('writes the same index rows again without duplicating them (I2)', async () => {
    // Prepare
    const store = createAuditStore(testSettings(azurite.connectionString));
    const row: AuditRow = { ...initialRow(), Outcome: 'parked', FinishedAt: '2024-05-01T11:00:00.000Z' };

    // Act
    await store.writeIndexes(row);
    await store.writeIndexes(row);

    // Assess
    expect(await store.listByOutcome('parked', new Date('2024-05-01T00:00:00Z'), new Date('2024-05-01T23:59:59Z'))).toHaveLength(1);
  });
});

describe('encodeKeyPart', () => {
  it('escapes every character Table Storage forbids in keys', () => {
    // Act
    const encoded = encodeKeyPart('a/b\\c#d?e%f\u0001g\u007fh');

    // Assess
    expect(encoded).toBe('a%2Fb%5Cc%23d%3Fe%25f%01g%7Fh');
  });
});

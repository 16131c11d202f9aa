/**
 * The pipeline under failure: Table Storage faults after the claim, concurrent deliveries, lost claims, bodies too
 * large to keep, strings over the service limits, exhausted delivery counts and batches. Every test runs against a
 * real Azurite; faults are the service's answers (test/helpers/faultyTable.ts), never a fake of our code.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationKey, type AuditKey } from '../../shared/audit/keys';
import type { AuditRow, HandlerRun } from '../../shared/audit/schema';
import { rawBodyColumns } from '../../shared/audit/rawBody';
import { createListener } from '../../shared/pipeline/listener';
import type { PipelineDeps } from '../../shared/pipeline/processMessage';
import { replayParked } from '../../shared/pipeline/replay';
import { BATCH_PARALLELISM, createServiceBusHandler } from '../../shared/pipeline/serviceBusHandler';
import { transientFailure } from '../../shared/routing/errors';
import { defineHandlers, type HandlerGroup } from '../../shared/routing/registry';
import { startAzurite, testSettings, type RunningAzurite } from '../helpers/azurite';
import { faultyStore, setting, type Fault } from '../helpers/faultyTable';
import { expectedContext, goldenDelivery, invocationContext } from '../helpers/serviceBusDelivery';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
});

const CREATE = 'create-account-all-types';
const CLAIMS = 'http://schemas.microsoft.com/xrm/2011/Claims/';
/** Short claim waits keep the suite fast; the production default is in docs/settings.md. */
const FAST = { DATAVERSE_CLAIM_WAIT_MS: '300' };

function keyOf(name: string): AuditKey {
  const ctx = expectedContext(name) as unknown as { operationId: string; owningExtension: { id: string } | null; correlationId: string; requestId: string | null; stage: number };
  return operationKey({ operationId: ctx.operationId, stepId: ctx.owningExtension?.id ?? null, correlationId: ctx.correlationId, requestId: ctx.requestId, stage: ctx.stage });
}

/** A listener whose `account` Create handlers record their calls; `behaviour` decides each call's fate. */
function listener(extra: Record<string, string> = {}, behaviour: Record<string, () => unknown> = {}, faults?: Fault[]) {
  const calls: string[] = [];
  const record = (name: string) => async () => {
    calls.push(name);
    await behaviour[name]?.();
  };
  const groups: HandlerGroup[] = [
    defineHandlers('account', [
      { name: 'first', message: 'Create', handle: record('first') },
      { name: 'second', message: 'Create', handle: record('second') },
    ]),
  ];
  const settings = testSettings(azurite.connectionString, { ...FAST, ...extra });
  const base = createListener(settings, groups);
  const faulty = faults === undefined ? undefined : faultyStore(settings, faults);
  const deps: PipelineDeps = faulty === undefined ? base : { ...base, store: faulty.store };
  // A store on the same table without faults, to look at rows.
  return { deps, calls, handler: createServiceBusHandler(deps), rows: base.store };
}

const deliver = (handler: ReturnType<typeof createServiceBusHandler>, d: { body: unknown; triggerMetadata: Record<string, unknown> }) => handler(d.body, invocationContext(d.triggerMetadata).context);
const handlersOf = (row: AuditRow | undefined): Record<string, HandlerRun> => JSON.parse(row?.Handlers ?? '{}');
const garbage = (messageId: string | undefined, body = '{"MessageName": "Create", oops', properties: Record<string, unknown> = {}) => {
  const { triggerMetadata } = goldenDelivery(CREATE, 'json', { ...(messageId === undefined ? {} : { messageId }), properties });
  if (messageId === undefined) delete (triggerMetadata as Partial<typeof triggerMetadata>).messageId;
  return { body: Buffer.from(body), triggerMetadata };
};

describe('a failure after the claim (C1)', () => {
  it('releases the claim, so the next delivery takes the operation over instead of finding it busy', async () => {
    // Prepare: the write that records a handler's result fails once (Table Storage 503).
    const { calls, handler, rows } = listener({}, {}, [{ method: 'updateEntity', when: (e) => setting('Handlers')(e) && !setting('Outcome')(e) }]);
    const first = goldenDelivery(CREATE, 'bin', { messageId: 'c1' });
    const second = goldenDelivery(CREATE, 'bin', { messageId: 'c1', deliveryCount: 2 });

    // Act
    await expect(deliver(handler, first)).rejects.toMatchObject({ code: 'RETRY', cause: { code: 'STORAGE_UNAVAILABLE' } });
    const released = await rows.getRow(keyOf(CREATE));
    await deliver(handler, second);

    // Assess
    expect(released).toMatchObject({ Outcome: 'failed', ClaimedUntil: '', Reason: 'STORAGE_UNAVAILABLE', Settlement: 'retry' });
    expect(await rows.getRow(keyOf(CREATE))).toMatchObject({ Outcome: 'succeeded', Attempts: 2 });
    expect(calls).toEqual(['first', 'first', 'second']);
  });

  it('releases the claim when the final write fails, and the handlers that succeeded do not run again', async () => {
    // Prepare
    const { calls, handler, rows } = listener({}, {}, [{ method: 'updateEntity', when: setting('Outcome', 'succeeded') }]);

    // Act
    await expect(deliver(handler, goldenDelivery(CREATE, 'xml', { messageId: 'c1b' }))).rejects.toMatchObject({ code: 'RETRY' });
    await deliver(handler, goldenDelivery(CREATE, 'xml', { messageId: 'c1b', deliveryCount: 2 }));

    // Assess
    expect(calls).toEqual(['first', 'second']);
    expect(await rows.getRow(keyOf(CREATE))).toMatchObject({ Outcome: 'succeeded' });
  });

  it('waits for a concurrent delivery of the same operation, then treats its own as a duplicate', async () => {
    // Prepare: the first delivery's handler runs until the second delivery has found the claim busy.
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const { calls, handler, rows } = listener({ DATAVERSE_CLAIM_WAIT_MS: '10000' }, { first: () => gate });
    const original = deliver(handler, goldenDelivery(CREATE, 'bin', { messageId: 'p1' }));
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 10));

    // Act
    const repost = deliver(handler, goldenDelivery(CREATE, 'json', { messageId: 'p2' }));
    await new Promise((r) => setTimeout(r, 100));
    finish();
    await Promise.all([original, repost]);

    // Assess
    expect(calls).toEqual(['first', 'second']);
    expect(await rows.getRow(keyOf(CREATE))).toMatchObject({ Outcome: 'succeeded', MessageId: 'p1', Duplicates: 1, LastDuplicateMessageId: 'p2' });
  });

  it('gives up waiting on a live claim after DATAVERSE_CLAIM_WAIT_MS and lets the message come back', async () => {
    // Prepare: another delivery holds a live claim.
    const { calls, handler, rows } = listener();
    const key = keyOf(CREATE);
    await rows.upsert({ PartitionKey: key.partitionKey, RowKey: key.rowKey, Kind: 'operation', Outcome: 'processing', ClaimedUntil: new Date(Date.now() + 60_000).toISOString(), InvocationId: 'other' });

    // Act
    const attempt = deliver(handler, goldenDelivery(CREATE, 'bin', { messageId: 'b1' }));

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'RETRY', message: expect.stringContaining('CLAIM_BUSY') });
    expect(calls).toEqual([]);
    expect(await rows.getRow(key)).toMatchObject({ Outcome: 'processing', InvocationId: 'other' });
  });

  it('takes over a claim whose lease expired (a crashed delivery)', async () => {
    // Prepare
    const { calls, handler, rows } = listener();
    const key = keyOf(CREATE);
    const done: Record<string, HandlerRun> = { first: { outcome: 'succeeded', durationMs: 1, attempts: 1, at: '2024-05-01T10:00:00.000Z' } };
    await rows.upsert({ PartitionKey: key.partitionKey, RowKey: key.rowKey, Kind: 'operation', Outcome: 'processing', Attempts: 1, Handlers: JSON.stringify(done), ClaimedUntil: new Date(Date.now() - 1_000).toISOString(), InvocationId: 'crashed' });

    // Act
    await deliver(handler, goldenDelivery(CREATE, 'bin', { messageId: 'crash', deliveryCount: 2 }));

    // Assess
    expect(calls).toEqual(['second']);
    expect(await rows.getRow(key)).toMatchObject({ Outcome: 'succeeded', Attempts: 2 });
  });

  it('on a lost claim, leaves the row to the delivery that took it over', async () => {
    // Prepare: while `first` runs, another delivery takes the row over (its ETag changes).
    const key = keyOf(CREATE);
    let rowsStore!: ReturnType<typeof listener>['rows'];
    const { calls, handler, rows } = listener({}, {
      first: async () => {
        await rowsStore.upsert({ PartitionKey: key.partitionKey, RowKey: key.rowKey, Outcome: 'processing', InvocationId: 'thief', ClaimedUntil: new Date(Date.now() + 60_000).toISOString() });
      },
    });
    rowsStore = rows;

    // Act
    const attempt = deliver(handler, goldenDelivery(CREATE, 'bin', { messageId: 'lost' }));

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'RETRY', cause: { code: 'CLAIM_LOST' } });
    expect(calls).toEqual(['first']);
    expect(await rows.getRow(key)).toMatchObject({ Outcome: 'processing', InvocationId: 'thief' });
  });
});

describe('bodies too large to keep (C2)', () => {
  it('dead-letters a poison message whose body cannot be kept, instead of completing it', async () => {
    // Prepare: 2 MB of incompressible bytes is far over the row's raw-body budget.
    const { handler, rows } = listener();
    const poison = garbage('huge', '', {});
    const body = randomBytes(2_000_000);

    // Act
    const first = deliver(handler, { body, triggerMetadata: poison.triggerMetadata });
    await expect(first).rejects.toMatchObject({ code: 'DEAD_LETTER' });
    const again = deliver(handler, { body, triggerMetadata: { ...poison.triggerMetadata, deliveryCount: 2 } });

    // Assess
    await expect(again).rejects.toMatchObject({ code: 'DEAD_LETTER' });
    const row = await rows.getRow({ partitionKey: 'msg|huge', rowKey: 'message' });
    expect(row).toMatchObject({ Outcome: 'deadlettered', Settlement: 'deadletter' });
    expect(row?.RawBodyOmitted).toMatch(/bytes/);
  });

  it('keeps the largest body the row budget allows (10 binary columns) and parks it', async () => {
    // Prepare
    const { handler, rows } = listener();
    const body = randomBytes(640_000);

    // Act
    await deliver(handler, { body, triggerMetadata: garbage('big').triggerMetadata });

    // Assess
    const key = { partitionKey: 'msg|big', rowKey: 'message' };
    expect(await rows.getRow(key)).toMatchObject({ Outcome: 'parked', RawBodyChunks: 10 });
    expect((await rows.getRawBody(key))?.equals(body)).toBe(true);
    expect(rawBodyColumns(randomBytes(700_000)).RawBodyOmitted).toBeDefined();
  });
});

describe('exhausted deliveries (I1)', () => {
  it('parks a transient failure on the last delivery (RETRIES_EXHAUSTED), so the audit says what happened', async () => {
    // Prepare
    const { handler, rows } = listener({ DATAVERSE_MAX_DELIVERY_COUNT: '3' }, { second: () => { throw transientFailure('throttled'); } });

    // Act
    await expect(deliver(handler, goldenDelivery(CREATE, 'bin', { messageId: 'x', deliveryCount: 2 }))).rejects.toMatchObject({ code: 'RETRY' });
    await deliver(handler, goldenDelivery(CREATE, 'bin', { messageId: 'x', deliveryCount: 3 }));

    // Assess
    const row = await rows.getRow(keyOf(CREATE));
    expect(row).toMatchObject({ Outcome: 'parked', Reason: 'RETRIES_EXHAUSTED', Settlement: 'complete', RawBodyEncoding: 'gzip' });
    expect(handlersOf(row)).toMatchObject({ first: { outcome: 'succeeded', attempts: 1 }, second: { outcome: 'failed', attempts: 2 } });
  });

  it('dead-letters it in dead-letter mode', async () => {
    // Prepare
    const { handler, rows } = listener({ DATAVERSE_POISON_MODE: 'deadletter' }, { first: () => { throw new Error('down'); } });

    // Act
    const last = deliver(handler, goldenDelivery(CREATE, 'bin', { messageId: 'y', deliveryCount: 10 }));

    // Assess
    await expect(last).rejects.toMatchObject({ code: 'DEAD_LETTER' });
    expect(await rows.getRow(keyOf(CREATE))).toMatchObject({ Outcome: 'deadlettered', Reason: 'RETRIES_EXHAUSTED' });
  });
});

describe('index rows (I2)', () => {
  it('writes the index rows before the final write, so a failed index write is repaired by the redelivery', async () => {
    // Prepare: the first index write fails once.
    const { handler, rows } = listener({}, {}, [{ method: 'upsertEntity', when: setting('Kind', 'entity-index') }]);

    // Act
    await expect(deliver(handler, goldenDelivery(CREATE, 'bin', { messageId: 'i2' }))).rejects.toMatchObject({ code: 'RETRY' });
    await deliver(handler, goldenDelivery(CREATE, 'bin', { messageId: 'i2', deliveryCount: 2 }));

    // Assess
    const createdOn = new Date((expectedContext(CREATE) as unknown as { operationCreatedOn: string }).operationCreatedOn);
    const timeline = await rows.listByEntity('account', new Date(createdOn.getTime() - 60_000), new Date(createdOn.getTime() + 60_000));
    expect(timeline.filter((r) => r.TargetPartitionKey === keyOf(CREATE).partitionKey)).toMatchObject([{ Outcome: 'succeeded' }]);
  });
});

describe('batches (I3)', () => {
  it('abandons a batch with a retrying member; on redelivery only that member runs again', async () => {
    // Prepare: the good message and an update-contact message whose handler fails once.
    let fail = true;
    const settings = testSettings(azurite.connectionString, { ...FAST, DATAVERSE_CARDINALITY: 'many' });
    const calls: string[] = [];
    const groups = [
      defineHandlers('account', [{ name: 'acc', message: 'Create', handle: () => void calls.push('acc') }]),
      defineHandlers('contact', [{ name: 'con', message: 'Update', handle: () => { calls.push('con'); if (fail) throw transientFailure('busy'); } }]),
    ];
    const deps = createListener(settings, groups);
    const handler = createServiceBusHandler(deps);
    const a = goldenDelivery(CREATE, 'bin', { messageId: 'ba' });
    const b = goldenDelivery('update-contact-with-images', 'bin', { messageId: 'bb' });
    const meta = (n: number) => ({ messageIdArray: ['ba', 'bb'], deliveryCountArray: [n, n], contentTypeArray: [a, b].map((x) => x.triggerMetadata.contentType), applicationPropertiesArray: [a, b].map((x) => x.triggerMetadata.applicationProperties) });

    // Act
    await expect(handler([a.body, b.body], invocationContext(meta(1)).context)).rejects.toMatchObject({ code: 'RETRY' });
    fail = false;
    await handler([a.body, b.body], invocationContext(meta(2)).context);

    // Assess
    expect(calls.sort()).toEqual(['acc', 'con', 'con']);
    expect(await deps.store.getRow(keyOf('update-contact-with-images'))).toMatchObject({ Outcome: 'succeeded', Attempts: 2 });
    expect(await deps.store.getRow(keyOf(CREATE))).toMatchObject({ Outcome: 'succeeded', Duplicates: 1 });
  });
});

describe('replay (I4)', () => {
  it('does not replay a row another delivery is processing', async () => {
    // Prepare: a parked row that a live delivery has claimed again.
    const { calls, deps, rows } = listener();
    const key = keyOf(CREATE);
    const body = goldenDelivery(CREATE, 'bin').body;
    await rows.upsert({ PartitionKey: key.partitionKey, RowKey: key.rowKey, Kind: 'operation', Outcome: 'processing', ContentType: 'application/msbin1', ClaimedUntil: new Date(Date.now() + 60_000).toISOString(), InvocationId: 'live', ...rawBodyColumns(body) });

    // Act
    const result = await replayParked(key, deps, { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} });

    // Assess
    expect(result).toMatchObject({ outcome: 'busy', settlement: 'retry' });
    expect(calls).toEqual([]);
  });
});

describe('strings over the Table Storage limits (I6, M4)', () => {
  it('parks a message whose claims are longer than a column can hold', async () => {
    // Prepare
    const { handler, rows } = listener();
    const long = 'x'.repeat(40_000);
    const poison = garbage('long-claims', undefined, { [`${CLAIMS}EntityLogicalName`]: long, [`${CLAIMS}RequestName`]: long, [`${CLAIMS}Organization`]: long });

    // Act
    await deliver(handler, poison);

    // Assess
    const row = await rows.getRow({ partitionKey: 'msg|long-claims', rowKey: 'message' });
    expect(row).toMatchObject({ Outcome: 'parked', Reason: 'INVALID_JSON' });
    expect(row?.Entity?.length).toBeLessThan(32_000);
    expect(() => JSON.parse(row?.ApplicationProperties ?? '')).not.toThrow();
  });

  it('records a handler error whose code is longer than a column can hold', async () => {
    // Prepare
    const { handler, rows } = listener({}, { first: () => { throw Object.assign(new Error('e'.repeat(40_000)), { code: 'C'.repeat(40_000) }); } });

    // Act
    await expect(deliver(handler, goldenDelivery(CREATE, 'bin', { messageId: 'long-code' }))).rejects.toMatchObject({ code: 'RETRY', cause: { code: expect.stringMatching(/^C+/) } });

    // Assess
    const row = await rows.getRow(keyOf(CREATE));
    expect(row).toMatchObject({ Outcome: 'failed', Reason: 'HANDLER_TRANSIENT' });
    expect(handlersOf(row).first).toMatchObject({ outcome: 'failed' });
  });

  it('parks a message whose row Table Storage refuses at claim time, with a minimal row', async () => {
    // Prepare: the claim insert is refused (400), as for a value over the limits.
    const { calls, handler, rows } = listener({}, {}, [{ method: 'createEntity', status: 400, code: 'PropertyValueTooLarge', when: setting('Outcome', 'processing') }]);

    // Act
    await deliver(handler, goldenDelivery(CREATE, 'bin', { messageId: 'rejected' }));

    // Assess
    const row = await rows.getRow(keyOf(CREATE));
    expect(row).toMatchObject({ Outcome: 'parked', Reason: 'ROW_REJECTED', Settlement: 'complete', RawBodyEncoding: 'gzip', MessageId: 'rejected' });
    expect(calls).toEqual([]);
  });

  it('keeps the application properties valid JSON when clipping them, so a replay still sees the truncation flag', async () => {
    // Prepare: a truncated message (poison by policy) whose properties are too long for one column.
    const { deps, calls, handler, rows } = listener({ DATAVERSE_TRUNCATED_POLICY: 'poison' });
    await deliver(handler, goldenDelivery(CREATE, 'xml', { messageId: 'm4', properties: { MessageMaxSizeExceeded: true, Note: 'n'.repeat(40_000) } }));

    // Act
    const replay = await replayParked(keyOf(CREATE), deps, { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} });

    // Assess
    const row = await rows.getRow(keyOf(CREATE));
    expect(JSON.parse(row?.ApplicationProperties ?? '')).toMatchObject({ MessageMaxSizeExceeded: true, [`${CLAIMS}Organization`]: 'contoso.crm.dynamics.com' });
    expect(replay).toMatchObject({ outcome: 'parked', reason: 'TRUNCATED' });
    expect(calls).toEqual([]);
  });
});

describe('undecodable messages without a MessageId (M1)', () => {
  it('gives each its own row, keyed by a hash of the body', async () => {
    // Prepare
    const { handler, rows } = listener();

    // Act
    await deliver(handler, garbage(undefined, 'not a context 1'));
    await deliver(handler, garbage(undefined, 'not a context 2'));

    // Assess
    const parked = await rows.listByOutcome('parked', new Date(Date.now() - 60_000));
    expect(new Set(parked.map((p) => p.TargetPartitionKey)).size).toBe(2);
    expect(parked.every((p) => p.TargetPartitionKey.startsWith('msg|sha256:'))).toBe(true);
  });
});

describe('batch parallelism (I3)', () => {
  it('processes the messages of a batch several at a time, never more than BATCH_PARALLELISM', async () => {
    // Prepare: three operations in one batch, each with a handler that takes a moment.
    const settings = testSettings(azurite.connectionString, { ...FAST, DATAVERSE_CARDINALITY: 'many' });
    let inFlight = 0;
    let most = 0;
    const groups = [
      defineHandlers('*', [
        {
          name: 'slow',
          message: ['Create', 'Update', 'Delete'],
          handle: async () => {
            inFlight += 1;
            most = Math.max(most, inFlight);
            await new Promise((r) => setTimeout(r, 20));
            inFlight -= 1;
          },
        },
      ]),
    ];
    const deps = createListener(settings, groups);
    const names = ['create-account-all-types', 'update-contact-with-images', 'delete-account-target-reference'];
    const deliveries = names.flatMap((n) => (['bin'] as const).map((ext) => goldenDelivery(n, ext, { messageId: `par-${n}` })));
    const meta = { messageIdArray: deliveries.map((d) => d.triggerMetadata.messageId), contentTypeArray: deliveries.map((d) => d.triggerMetadata.contentType), applicationPropertiesArray: deliveries.map((d) => d.triggerMetadata.applicationProperties) };

    // Act
    await createServiceBusHandler(deps)(deliveries.map((d) => d.body), invocationContext(meta).context);

    // Assess
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(BATCH_PARALLELISM);
    for (const n of names) expect(await deps.store.getRow(keyOf(n))).toMatchObject({ Outcome: 'succeeded' });
  });
});

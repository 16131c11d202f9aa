import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerGroups } from '../../handlers';
import { messageKey, operationKey } from '../../shared/audit/keys';
import type { AuditRow, HandlerRun } from '../../shared/audit/schema';
import { createListener } from '../../shared/pipeline/listener';
import { replayParked } from '../../shared/pipeline/replay';
import { createServiceBusHandler } from '../../shared/pipeline/serviceBusHandler';
import { AttributeTypeError } from '../../shared/context/errors';
import { permanentFailure, transientFailure } from '../../shared/routing/errors';
import { defineHandlers, type HandlerGroup } from '../../shared/routing/registry';
import { startAzurite, testSettings, type RunningAzurite } from '../helpers/azurite';
import { expectedContext, FORMATS, GOLDEN, goldenDelivery, invocationContext, type FixtureExt } from '../helpers/serviceBusDelivery';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
});

const FIXTURES = [...new Set(readdirSync(GOLDEN).filter((f) => f.endsWith('.expected.json')).map((f) => f.replace('.expected.json', '')))].sort();
const CREATE = 'create-account-all-types';

/** A listener whose handlers record their calls; `behaviour` decides each call's fate. */
function recordingListener(extra: Record<string, string> = {}, behaviour: Record<string, () => void> = {}) {
  const calls: string[] = [];
  const record = (name: string) => () => {
    calls.push(name);
    behaviour[name]?.();
  };
  const groups: HandlerGroup[] = [
    defineHandlers('account', [
      { name: 'first', message: ['Create', 'Update'], handle: record('first') },
      { name: 'second', message: 'Create', handle: record('second') },
    ]),
  ];
  const deps = createListener(testSettings(azurite.connectionString, extra), groups);
  return { deps, calls, handler: createServiceBusHandler(deps) };
}

async function rowOf(deps: ReturnType<typeof createListener>, name: string): Promise<AuditRow | undefined> {
  const ctx = expectedContext(name) as unknown as { operationId: string; owningExtension: { id: string } | null; correlationId: string; requestId: string | null; stage: number };
  return deps.store.getRow(operationKey({ operationId: ctx.operationId, stepId: ctx.owningExtension?.id ?? null, correlationId: ctx.correlationId, requestId: ctx.requestId, stage: ctx.stage }));
}

const handlersOf = (row: AuditRow | undefined): Record<string, HandlerRun> => JSON.parse(row?.Handlers ?? '{}');

describe('the queue handler with the example handlers, every golden fixture in every format', () => {
  for (const { ext } of FORMATS) {
    it(`audits every ${ext} fixture as handled or skipped, never parked`, async () => {
      // Prepare
      const deps = createListener(testSettings(azurite.connectionString), handlerGroups);
      const handler = createServiceBusHandler(deps);
      const rows: Record<string, AuditRow | undefined> = {};

      // Act
      for (const name of FIXTURES) {
        const messageId = `${ext}-${name}`;
        const { body, triggerMetadata } = goldenDelivery(name, ext as FixtureExt, { messageId });
        const { context } = invocationContext(triggerMetadata);
        await handler(body, context);
        // The row is where the pipeline wrote it: the operation row, or the message row of a body that did not decode.
        rows[name] = (await rowOf(deps, name)) ?? (await deps.store.getRow(messageKey(messageId)));
      }

      // Assess
      for (const name of FIXTURES) {
        const row = rows[name];
        expect(row, `${name}: no audit row`).toBeDefined();
        expect(row?.Outcome, `${name}: ${row?.Outcome} ${row?.Reason}: ${row?.ErrorMessage}`).toMatch(/^(succeeded|skipped)$/);
        expect(row?.Kind).toBe('operation');
        expect(row?.Format).toBe(ext === 'bin' ? 'binary' : ext);
        expect(row?.Entity).toBe(expectedContext(name).primaryEntityName);
      }
      expect(Object.keys(handlersOf(rows[CREATE]))).toEqual(['account.logCreated']);
      expect(Object.keys(handlersOf(rows['delete-account-target-reference']))).toEqual(['any.logDeleted']);
      expect(rows['associate-account-contacts']?.Reason).toBe('UNMATCHED');
    });
  }
});

describe('idempotency', () => {
  it('runs no handler twice for a Service Bus redelivery or a Dataverse re-post', async () => {
    // Prepare
    const { deps, calls, handler } = recordingListener();
    const first = goldenDelivery(CREATE, 'bin', { messageId: 'aaaa' });
    const redelivery = goldenDelivery(CREATE, 'bin', { messageId: 'aaaa', deliveryCount: 2 });
    const repost = goldenDelivery(CREATE, 'json', { messageId: 'bbbb' });

    // Act
    await handler(first.body, invocationContext(first.triggerMetadata).context);
    await handler(redelivery.body, invocationContext(redelivery.triggerMetadata).context);
    await handler(repost.body, invocationContext(repost.triggerMetadata).context);

    // Assess
    const row = await rowOf(deps, CREATE);
    expect(calls).toEqual(['first', 'second']);
    // The delivery columns stay those of the delivery that did the work; the last duplicate has its own (M3).
    expect(row).toMatchObject({ Outcome: 'succeeded', Duplicates: 2, MessageId: 'aaaa', DeliveryCount: 1, LastDuplicateMessageId: 'bbbb', LastDuplicateDeliveryCount: 1 });
  });

  it('re-runs only the handler that failed when the message comes back', async () => {
    // Prepare
    let secondFails = true;
    const { deps, calls, handler } = recordingListener({}, { second: () => { if (secondFails) throw transientFailure('throttled'); } });
    const delivery = goldenDelivery(CREATE, 'xml', { messageId: 'cccc' });
    const again = goldenDelivery(CREATE, 'xml', { messageId: 'cccc', deliveryCount: 2 });

    // Act
    const failed = handler(delivery.body, invocationContext(delivery.triggerMetadata).context);
    await expect(failed).rejects.toMatchObject({ name: 'PipelineError', code: 'RETRY' });
    const afterFailure = await rowOf(deps, CREATE);
    secondFails = false;
    await handler(again.body, invocationContext(again.triggerMetadata).context);

    // Assess
    expect(afterFailure).toMatchObject({ Outcome: 'failed', Reason: 'HANDLER_TRANSIENT', Settlement: 'retry' });
    expect(handlersOf(afterFailure)).toMatchObject({ first: { outcome: 'succeeded' }, second: { outcome: 'failed', failure: 'transient' } });
    expect(calls).toEqual(['first', 'second', 'second']);
    const row = await rowOf(deps, CREATE);
    expect(row).toMatchObject({ Outcome: 'succeeded', Attempts: 2 });
    expect(handlersOf(row)).toMatchObject({ first: { attempts: 1 }, second: { outcome: 'succeeded', attempts: 2 } });
  });

  it('does not complete the message when storage is down, and loses nothing once it is back', async () => {
    // Prepare
    const calls: string[] = [];
    const groups = [defineHandlers('account', [{ name: 'only', message: 'Create', handle: () => void calls.push('only') }])];
    const down = testSettings('DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;');
    const downHandler = createServiceBusHandler(createListener(down, groups));
    const upDeps = createListener(testSettings(azurite.connectionString), groups);
    const delivery = goldenDelivery(CREATE, 'bin', { messageId: 'dddd' });
    const again = goldenDelivery(CREATE, 'bin', { messageId: 'dddd', deliveryCount: 2 });

    // Act
    const attempt = downHandler(delivery.body, invocationContext(delivery.triggerMetadata).context);
    await expect(attempt).rejects.toMatchObject({ code: 'RETRY', cause: { code: 'STORAGE_UNAVAILABLE' } });
    const callsWhileDown = [...calls];
    await createServiceBusHandler(upDeps)(again.body, invocationContext(again.triggerMetadata).context);

    // Assess
    expect(callsWhileDown).toEqual([]);
    expect(calls).toEqual(['only']);
    expect(await rowOf(upDeps, CREATE)).toMatchObject({ Outcome: 'succeeded', DeliveryCount: 2 });
  });
});

describe('poison messages', () => {
  const garbage = () => {
    const { triggerMetadata } = goldenDelivery(CREATE, 'json', { messageId: 'poison-1' });
    return { body: Buffer.from('{"MessageName": "Create", oops'), triggerMetadata };
  };

  it('parks an undecodable body with its reason and raw body, and completes it', async () => {
    // Prepare
    const { deps, calls, handler } = recordingListener();
    const { body, triggerMetadata } = garbage();

    // Act
    await handler(body, invocationContext(triggerMetadata).context);

    // Assess
    const key = { partitionKey: 'msg|poison-1', rowKey: 'message' };
    expect(await deps.store.getRow(key)).toMatchObject({ Kind: 'message', Outcome: 'parked', Reason: 'INVALID_JSON', Settlement: 'complete', Entity: 'account', MessageName: 'Create' });
    expect((await deps.store.getRawBody(key))?.equals(body)).toBe(true);
    expect(calls).toEqual([]);
    expect((await deps.store.listByOutcome('parked', new Date(Date.now() - 60_000))).map((r) => r.TargetPartitionKey)).toEqual(['msg|poison-1']);
  });

  it('dead-letters through Service Bus when so configured: throws on every delivery, audited once', async () => {
    // Prepare
    const { deps, handler } = recordingListener({ DATAVERSE_POISON_MODE: 'deadletter' });
    const { body, triggerMetadata } = garbage();

    // Act
    const first = handler(body, invocationContext(triggerMetadata).context);
    await expect(first).rejects.toMatchObject({ name: 'PoisonMessageError', code: 'DEAD_LETTER' });
    const second = handler(body, invocationContext({ ...triggerMetadata, deliveryCount: 2 }).context);
    await expect(second).rejects.toMatchObject({ code: 'DEAD_LETTER' });

    // Assess
    const key = { partitionKey: 'msg|poison-1', rowKey: 'message' };
    expect(await deps.store.getRow(key)).toMatchObject({ Outcome: 'deadlettered', Settlement: 'deadletter', Reason: 'INVALID_JSON', Duplicates: 1, DeliveryCount: 1, LastDuplicateDeliveryCount: 2 });
    expect((await deps.store.getRawBody(key))?.equals(body)).toBe(true);
  });

  it('parks a handler\'s permanent error, and a replay re-runs only that handler', async () => {
    // Prepare
    let broken = true;
    const { deps, calls, handler } = recordingListener({}, { second: () => { if (broken) throw permanentFailure('no owner'); } });
    const delivery = goldenDelivery(CREATE, 'bin', { messageId: 'eeee' });
    await handler(delivery.body, invocationContext(delivery.triggerMetadata).context);
    const parked = await rowOf(deps, CREATE);
    broken = false;

    // Act
    const replay = await replayParked({ partitionKey: parked!.PartitionKey, rowKey: parked!.RowKey }, deps, console);

    // Assess
    expect(parked).toMatchObject({ Outcome: 'parked', Reason: 'HANDLER_PERMANENT', Settlement: 'complete', RawBodyEncoding: 'gzip' });
    expect(replay).toMatchObject({ outcome: 'succeeded', settlement: 'complete' });
    expect(calls).toEqual(['first', 'second', 'second']);
  });

  it('parks at once when a handler\'s typed getter meets another kind of value (no retry could change it)', async () => {
    // Prepare: the Create's Target holds `name` as a string; the handler asks for a Money.
    const { deps, handler } = recordingListener({}, {
      second: () => {
        throw new AttributeTypeError('Attribute account.name is a string, not a Money');
      },
    });
    const delivery = goldenDelivery(CREATE, 'json', { messageId: 'typed-getter' });

    // Act
    await handler(delivery.body, invocationContext(delivery.triggerMetadata).context);

    // Assess
    const row = await rowOf(deps, CREATE);
    expect(row).toMatchObject({ Outcome: 'parked', Reason: 'HANDLER_PERMANENT', Settlement: 'complete' });
    expect(handlersOf(row)['second']).toMatchObject({ outcome: 'failed', failure: 'permanent', errorCode: 'ATTRIBUTE_TYPE' });
  });

  it('parks a binary body that reached the function as a string, saying why', async () => {
    // Prepare
    const { deps, handler } = recordingListener();
    const { body, triggerMetadata } = goldenDelivery(CREATE, 'bin', { messageId: 'as-text' });

    // Act
    await handler(body.toString('utf8'), invocationContext(triggerMetadata).context);

    // Assess
    const row = await deps.store.getRow({ partitionKey: 'msg|as-text', rowKey: 'message' });
    expect(row).toMatchObject({ Outcome: 'parked', Reason: 'BODY_NOT_BINARY', BodyForm: 'string' });
    expect(row?.ErrorMessage).toMatch(/dataType: 'binary'/);
  });

  it('parks an organization that is not allowed', async () => {
    // Prepare
    const { deps, calls, handler } = recordingListener({ DATAVERSE_ALLOWED_ORGANIZATIONS: 'fabrikam.crm.dynamics.com' });
    const { body, triggerMetadata } = goldenDelivery(CREATE, 'json');

    // Act
    await handler(body, invocationContext(triggerMetadata).context);

    // Assess
    expect(await rowOf(deps, CREATE)).toMatchObject({ Outcome: 'parked', Reason: 'ORGANIZATION_NOT_ALLOWED' });
    expect(calls).toEqual([]);
  });
});

describe('other paths', () => {
  it('accepts a JSON body the Node library already parsed into an object', async () => {
    // Prepare
    const { deps, calls, handler } = recordingListener();
    const { body, triggerMetadata } = goldenDelivery(CREATE, 'json');

    // Act
    await handler(JSON.parse(body.toString('utf8')), invocationContext(triggerMetadata).context);

    // Assess
    expect(await rowOf(deps, CREATE)).toMatchObject({ Outcome: 'succeeded', BodyForm: 'object' });
    expect(calls).toEqual(['first', 'second']);
  });

  it('audits an unmatched message as skipped and completes it', async () => {
    // Prepare
    const { deps, calls, handler } = recordingListener();
    const { body, triggerMetadata } = goldenDelivery('update-contact-with-images', 'bin');

    // Act
    await handler(body, invocationContext(triggerMetadata).context);

    // Assess
    expect(await rowOf(deps, 'update-contact-with-images')).toMatchObject({ Outcome: 'skipped', Reason: 'UNMATCHED', Settlement: 'complete' });
    expect(calls).toEqual([]);
  });

  it('skips a truncated message when DATAVERSE_TRUNCATED_POLICY=skip', async () => {
    // Prepare
    const { deps, calls, handler } = recordingListener({ DATAVERSE_TRUNCATED_POLICY: 'skip' });
    const name = 'update-account-message-max-size-exceeded';
    const { body, triggerMetadata } = goldenDelivery(name, 'xml', { properties: { MessageMaxSizeExceeded: true } });

    // Act
    await handler(body, invocationContext(triggerMetadata).context);

    // Assess
    expect(await rowOf(deps, name)).toMatchObject({ Outcome: 'skipped', Reason: 'TRUNCATED', Truncated: true });
    expect(calls).toEqual([]);
  });

  it('processes each message of a batch on its own (cardinality many)', async () => {
    // Prepare
    const { deps, calls, handler } = recordingListener({ DATAVERSE_CARDINALITY: 'many' });
    const good = goldenDelivery(CREATE, 'bin', { messageId: 'batch-good' });
    const bad = { body: Buffer.from('<not-a-context/>'), meta: goldenDelivery(CREATE, 'xml', { messageId: 'batch-bad' }).triggerMetadata };
    const m = [good.triggerMetadata, bad.meta];
    const triggerMetadata = {
      messageIdArray: m.map((x) => x.messageId),
      deliveryCountArray: m.map((x) => x.deliveryCount),
      contentTypeArray: m.map((x) => x.contentType),
      correlationIdArray: m.map((x) => x.correlationId),
      enqueuedTimeUtcArray: m.map((x) => x.enqueuedTimeUtc),
      applicationPropertiesArray: m.map((x) => x.applicationProperties),
    };

    // Act
    await handler([good.body, bad.body], invocationContext(triggerMetadata).context);

    // Assess
    expect(calls).toEqual(['first', 'second']);
    expect(await rowOf(deps, CREATE)).toMatchObject({ Outcome: 'succeeded', MessageId: 'batch-good' });
    expect(await deps.store.getRow({ partitionKey: 'msg|batch-bad', rowKey: 'message' })).toMatchObject({ Outcome: 'parked', Reason: 'NOT_A_CONTEXT' });
  });
});

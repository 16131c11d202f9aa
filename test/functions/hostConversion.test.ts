/**
 * One layer closer to the host than exportedHandler.test.ts: the functions are registered through the REAL
 * `@azure/functions` library (with a fake `@azure/functions-core`), and each delivery goes through the library's own
 * conversion code — RPC typed data from the host → handler arguments and camelCase trigger metadata — exactly as the
 * worker invokes it (functions.md §1.2, §1.3, §5). What the host itself does before that (the Service Bus extension's
 * body conversion) is modelled in the RPC data each test sends. This file runs in its own process (`pool: 'forks'`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeContext } from '../../shared/context/decodeContext';
import type { AuditTableStore } from '../../shared/audit/tableStore';
import { createAuditStore } from '../../shared/audit/tableStore';
import { messageKey } from '../../shared/audit/keys';
import { readBody } from '../../shared/pipeline/delivery';
import { loadSettings } from '../../shared/settings';
import { startAzurite, uniqueTableName, type RunningAzurite } from '../helpers/azurite';
import { CONTENT_TYPE_OF } from '../helpers/fixtures';
import { hostBatchBindingData, hostBindingData, installFakeFunctionsCore, invokeLikeWorker, triggerBindingOf, type FakeFunctionsHost } from '../helpers/functionsHost';
import { expectedContext, goldenDelivery } from '../helpers/serviceBusDelivery';

const CLAIMS = 'http://schemas.microsoft.com/xrm/2011/Claims/';

let azurite: RunningAzurite;
let host: FakeFunctionsHost;
let store: AuditTableStore;

beforeAll(async () => {
  azurite = await startAzurite();
  host = installFakeFunctionsCore();
  Object.assign(process.env, {
    DATAVERSE_SERVICEBUS__fullyQualifiedNamespace: 'contoso.servicebus.windows.net',
    AUDIT_STORAGE: azurite.connectionString,
    AUDIT_TABLE_NAME: uniqueTableName('HostConversion'),
    AUDIT_RETRY_MAX: '0',
    DATAVERSE_QUEUE: 'dataverse-events',
    DATAVERSE_CARDINALITY: 'one',
  });
  await import('../../functions/dataverseQueue.js');
  // The topic function is registered with cardinality 'many', so both trigger shapes are exercised.
  Object.assign(process.env, { DATAVERSE_TOPIC: 'dataverse', DATAVERSE_SUBSCRIPTION: 'listener', DATAVERSE_CARDINALITY: 'many' });
  await import('../../functions/dataverseTopic.js');
  store = createAuditStore(loadSettings(process.env));
});
afterAll(async () => {
  host?.restore();
  await azurite?.stop();
});

/** The audit table's operation row of an OperationId (the key also depends on the step; the id is enough here). */
async function operationRow(operationId: string): Promise<Record<string, unknown> | undefined> {
  for await (const row of store.client.listEntities<Record<string, unknown>>()) {
    if (row['Kind'] === 'operation' && row['OperationId'] === operationId) return row;
  }
  return undefined;
}

describe('host conversion through the real @azure/functions programming model', () => {
  it('registers with the library and sets its programming model', () => {
    // Act
    const model = host.programmingModel();
    const queue = triggerBindingOf(host.functions.get('dataverseQueue')!.metadata);
    const topic = triggerBindingOf(host.functions.get('dataverseTopic')!.metadata);

    // Assess
    expect(model.name).toBe('@azure/functions');
    expect(queue.name).toMatch(/^serviceBusTrigger[0-9a-f]{10}$/);
    expect(queue.binding).toMatchObject({ type: 'serviceBusTrigger', direction: 'in', dataType: 'binary', cardinality: 'one' });
    expect(topic.binding).toMatchObject({ type: 'serviceBusTrigger', direction: 'in', dataType: 'binary', cardinality: 'many' });
  });

  it('dataType binary: the handler receives the msbin1 bytes as a Buffer, and the message is decoded and audited as binary/bytes', async () => {
    // Prepare
    const { body, triggerMetadata } = goldenDelivery('delete-account-target-reference', 'bin', { messageId: 'hostbinary1' });
    expect(triggerMetadata.contentType).toBe('application/msbin1');

    // Act
    const run = await invokeLikeWorker(host, 'dataverseQueue', { bytes: body }, hostBindingData(triggerMetadata));

    // Assess
    expect(run.error).toBeUndefined();
    const [message] = run.received;
    expect(Buffer.isBuffer(message)).toBe(true);
    expect((message as Buffer).equals(body)).toBe(true);
    const row = await operationRow(expectedContext('delete-account-target-reference').operationId);
    expect(row).toMatchObject({ Outcome: 'succeeded', Settlement: 'complete', Format: 'binary', BodyForm: 'bytes', BodyBytes: body.length, MessageName: 'Delete', Entity: 'account', MessageId: 'hostbinary1' });
    expect(Object.keys(JSON.parse(String(row?.['Handlers'])))).toEqual(['any.logDeleted']);
    expect(run.logs.some((l) => l.startsWith('information: [any.logDeleted] Deleted account'))).toBe(true);
    expect(run.response?.invocationId).toBe(run.context.invocationId);
  });

  it('trigger metadata arrives camel-cased, in the shape the pipeline reads, with the Dataverse claim keys unchanged', async () => {
    // Prepare
    const { body, triggerMetadata } = goldenDelivery('assign-opportunity-to-team', 'bin', { messageId: 'hostmetadata1', deliveryCount: 3 });

    // Act
    const run = await invokeLikeWorker(host, 'dataverseQueue', { bytes: body }, hostBindingData(triggerMetadata));

    // Assess
    const metadata = run.context.triggerMetadata ?? {};
    // Exactly what exportedHandler.test.ts passes by hand: the hand-made shape is the library's real output.
    expect(metadata).toMatchObject(triggerMetadata);
    expect(metadata).toMatchObject({ messageId: 'hostmetadata1', deliveryCount: 3, lockToken: '00000000-0000-0000-0000-000000000000' });
    expect(Object.keys(metadata).filter((k) => /^[A-Z]/.test(k))).toEqual([]);
    const properties = metadata['applicationProperties'] as Record<string, unknown>;
    expect(Object.keys(properties).sort()).toEqual(Object.keys(triggerMetadata.applicationProperties).sort());
    expect(properties[`${CLAIMS}RequestName`]).toBe('Assign');
    expect(metadata['userProperties']).toEqual(properties);
    const ctx = expectedContext('assign-opportunity-to-team');
    const row = await operationRow(ctx.operationId);
    expect(row).toMatchObject({
      MessageId: 'hostmetadata1',
      DeliveryCount: 3,
      EnqueuedTimeUtc: '2024-05-01T10:00:00.000Z',
      ContentType: 'application/msbin1',
      SbCorrelationId: `{${ctx.correlationId}}`,
      ClaimOrganization: 'contoso.crm.dynamics.com',
      Format: 'binary',
      BodyForm: 'bytes',
    });
  });

  it('without dataType binary the host sends msbin1 as lossy text: the message is parked as BODY_NOT_BINARY, never mis-decoded', async () => {
    // Prepare
    const { body, triggerMetadata } = goldenDelivery('delete-account-target-reference', 'bin', { messageId: 'hostlossytext1' });
    // The Service Bus extension's strict UTF-8 decode fails on .NET Binary XML, so it falls back to a lossy decode.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).toThrow();
    const lossy = new TextDecoder('utf-8').decode(body);
    expect(Buffer.from(lossy, 'utf8').equals(body)).toBe(false);

    // Act
    const run = await invokeLikeWorker(host, 'dataverseQueue', { string: lossy }, hostBindingData(triggerMetadata));

    // Assess
    expect(run.error).toBeUndefined(); // park mode: the function returns, the host completes the message
    expect(run.received[0]).toBe(lossy); // not JSON, so the library's tryJsonParse leaves it a string
    const key = messageKey('hostlossytext1');
    const row = await store.getRow(key);
    expect(row).toMatchObject({ Kind: 'message', Outcome: 'parked', Settlement: 'complete', Reason: 'BODY_NOT_BINARY', BodyForm: 'string', MessageId: 'hostlossytext1' });
    expect(row?.Format).toBeUndefined();
    expect(row?.OperationId).toBeUndefined();
    const kept = await store.getRawBody(key);
    expect(kept?.equals(Buffer.from(lossy, 'utf8'))).toBe(true);
    expect(kept?.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(true); // U+FFFD: the original bytes are gone
    expect(run.logs.some((l) => l.includes('[any.logDeleted]'))).toBe(false);
    expect(run.logs.some((l) => l.startsWith('warning: BODY_NOT_BINARY: parked'))).toBe(true);
  });

  it('a JSON body sent as text arrives JSON-parsed by the library and still decodes to the same model', async () => {
    // Prepare
    const name = 'create-account-all-types';
    const { body, triggerMetadata } = goldenDelivery(name, 'json', { messageId: 'hostjsontext1' });
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);

    // Act
    const run = await invokeLikeWorker(host, 'dataverseQueue', { string: text }, hostBindingData(triggerMetadata));

    // Assess
    expect(run.error).toBeUndefined();
    const [message] = run.received;
    expect(typeof message).toBe('object');
    expect(Buffer.isBuffer(message)).toBe(false);
    expect(message).toMatchObject({ MessageName: 'Create', PrimaryEntityName: 'account' });
    // The pipeline re-serializes the parsed object; the model from it equals the model from the original bytes.
    const read = readBody(message, CONTENT_TYPE_OF.json);
    expect(read).toMatchObject({ ok: true, form: 'object' });
    const fromHost = JSON.parse(JSON.stringify(decodeContext(read.bytes, CONTENT_TYPE_OF.json))) as unknown;
    const fromWire = JSON.parse(JSON.stringify(decodeContext(body, CONTENT_TYPE_OF.json))) as unknown;
    expect(fromHost).toStrictEqual(fromWire);
    const row = await operationRow(expectedContext(name).operationId);
    expect(row).toMatchObject({ Outcome: 'succeeded', Format: 'json', BodyForm: 'object', MessageName: 'Create', Entity: 'account', MessageId: 'hostjsontext1' });
    expect(Object.keys(JSON.parse(String(row?.['Handlers'])))).toEqual(['account.logCreated']);
    expect(run.logs.some((l) => l.startsWith('warning: The body arrived already parsed'))).toBe(true);
  });

  it("cardinality 'many' with collectionBytes: the handler receives Buffers, each message is audited on its own", async () => {
    // Prepare
    const first = goldenDelivery('update-contact-with-images', 'bin', { messageId: 'hostbatch1' });
    // All digits: the library JSON-parses each collectionString element (nodejs-library#419), so it arrives a number.
    const second = goldenDelivery('update-account-message-max-size-exceeded', 'bin', { messageId: '20240618', deliveryCount: 2, properties: { MessageMaxSizeExceeded: true } });
    const metadata = hostBatchBindingData([first.triggerMetadata, second.triggerMetadata]);

    // Act
    const run = await invokeLikeWorker(host, 'dataverseTopic', { collectionBytes: { bytes: [first.body, second.body] } }, metadata);

    // Assess
    expect(run.error).toBeUndefined();
    const [messages] = run.received;
    expect(Array.isArray(messages)).toBe(true);
    expect((messages as unknown[]).map((m) => Buffer.isBuffer(m))).toEqual([true, true]);
    expect((messages as Buffer[])[0]!.equals(first.body)).toBe(true);
    expect((messages as Buffer[])[1]!.equals(second.body)).toBe(true);
    const tm = run.context.triggerMetadata ?? {};
    expect(tm['messageIdArray']).toEqual(['hostbatch1', 20240618]);
    expect(tm['deliveryCountArray']).toEqual([1, 2]);
    const properties = (tm['applicationPropertiesArray'] as Array<Record<string, unknown>>)[1]!;
    // Nested keys are camel-cased too: Dataverse's PascalCase flag arrives as messageMaxSizeExceeded, the claims unchanged.
    expect(properties).toMatchObject({ messageMaxSizeExceeded: true, [`${CLAIMS}RequestName`]: 'Update' });
    expect(properties['MessageMaxSizeExceeded']).toBeUndefined();
    const contactRow = await operationRow(expectedContext('update-contact-with-images').operationId);
    const accountRow = await operationRow(expectedContext('update-account-message-max-size-exceeded').operationId);
    expect(contactRow).toMatchObject({ Outcome: 'succeeded', Format: 'binary', BodyForm: 'bytes', MessageId: 'hostbatch1', DeliveryCount: 1, Truncated: false });
    expect(accountRow).toMatchObject({ Outcome: 'succeeded', Format: 'binary', BodyForm: 'bytes', MessageId: '20240618', DeliveryCount: 2, Truncated: true });
    expect(run.logs.some((l) => l.includes('arrived truncated (MessageMaxSizeExceeded)'))).toBe(true);
  });
});

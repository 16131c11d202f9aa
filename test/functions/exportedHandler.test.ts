/**
 * The exported handler is exactly what the host calls: bytes + trigger metadata + a real InvocationContext.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAuditStore } from '../../shared/audit/tableStore';
import { loadSettings } from '../../shared/settings';
import { startAzurite, uniqueTableName, type RunningAzurite } from '../helpers/azurite';
import { expectedContext, goldenDelivery, invocationContext } from '../helpers/serviceBusDelivery';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
});

it('dataverseQueueHandler decodes a binary Delete, runs the wildcard handler and audits it', async () => {
  // Prepare
  Object.assign(process.env, { AUDIT_STORAGE: azurite.connectionString, AUDIT_TABLE_NAME: uniqueTableName('Exported'), AUDIT_RETRY_MAX: '0' });
  delete process.env['DATAVERSE_QUEUE'];
  const { dataverseQueueHandler } = await import('../../functions/dataverseQueue.js');
  const { body, triggerMetadata } = goldenDelivery('delete-account-target-reference', 'bin', { messageId: 'exported-1' });
  const { context, lines } = invocationContext(triggerMetadata);

  // Act
  await dataverseQueueHandler(body, context);

  // Assess
  const store = createAuditStore(loadSettings(process.env));
  // The entity timeline finds the operation around its OperationCreatedOn.
  const createdOn = new Date(expectedContext('delete-account-target-reference').operationCreatedOn);
  const timeline = await store.listByEntity('account', new Date(createdOn.getTime() - 60_000), new Date(createdOn.getTime() + 60_000));
  expect(timeline).toMatchObject([{ Outcome: 'succeeded', MessageName: 'Delete', Entity: 'account' }]);
  const all = [];
  for await (const e of store.client.listEntities()) all.push(e);
  const op = all.find((e) => e['Kind'] === 'operation');
  expect(timeline[0]?.TargetPartitionKey).toBe(op?.partitionKey);
  expect(op).toMatchObject({ Outcome: 'succeeded', MessageName: 'Delete', Entity: 'account', MessageId: 'exported-1', Format: 'binary', BodyForm: 'bytes' });
  expect(Object.keys(JSON.parse(String(op?.['Handlers'])))).toEqual(['any.logDeleted']);
  expect(lines.some((l) => l.includes('[any.logDeleted] Deleted account'))).toBe(true);
});

/**
 * What the Functions host would see: the bindings `functions/*.ts` register, captured without the host by handing
 * `@azure/functions` a fake `@azure/functions-core` (functions.md §5). This file runs in its own process
 * (vitest `pool: 'forks'`), so the patch never leaks into other tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFakeFunctionsCore, type FakeFunctionsHost } from '../helpers/functionsHost';

const warnings: string[] = [];
const originalWarn = console.warn;
let host: FakeFunctionsHost;

beforeAll(() => {
  host = installFakeFunctionsCore();
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
});
afterAll(() => {
  host.restore();
  console.warn = originalWarn;
});

const BASE_ENV = {
  DATAVERSE_SERVICEBUS__fullyQualifiedNamespace: 'contoso.servicebus.windows.net',
  AUDIT_STORAGE: 'UseDevelopmentStorage=true',
  DATAVERSE_CARDINALITY: 'many',
};

describe('function registrations', () => {
  it('registers the queue and topic triggers with binary bodies, the connection setting and %Setting% names', async () => {
    // Prepare
    Object.assign(process.env, BASE_ENV, { DATAVERSE_QUEUE: 'dataverse-events', DATAVERSE_TOPIC: 'dataverse', DATAVERSE_SUBSCRIPTION: 'listener' });

    // Act
    await import('../../functions/dataverseQueue.js');
    await import('../../functions/dataverseTopic.js');

    // Assess
    const byName = Object.fromEntries([...host.functions.values()].map(({ metadata }) => [metadata.name, Object.values(metadata.bindings).find((b) => b.direction === 'in')]));
    expect(Object.keys(byName).sort()).toEqual(['dataverseQueue', 'dataverseTopic']);
    expect(byName['dataverseQueue']).toMatchObject({
      type: 'serviceBusTrigger',
      dataType: 'binary',
      connection: 'DATAVERSE_SERVICEBUS',
      queueName: '%DATAVERSE_QUEUE%',
      cardinality: 'many',
    });
    expect(byName['dataverseTopic']).toMatchObject({
      type: 'serviceBusTrigger',
      dataType: 'binary',
      connection: 'DATAVERSE_SERVICEBUS',
      topicName: '%DATAVERSE_TOPIC%',
      subscriptionName: '%DATAVERSE_SUBSCRIPTION%',
      cardinality: 'many',
    });
    expect(warnings.filter((w) => /test mode/i.test(w))).toEqual([]);
  });
});

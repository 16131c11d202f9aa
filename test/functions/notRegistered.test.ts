/**
 * A trigger whose settings are absent is not registered, and the app says why (own process: see registration.test.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
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

it('registers nothing when no trigger setting is present, and logs why', async () => {
  // Prepare
  for (const name of ['DATAVERSE_QUEUE', 'DATAVERSE_TOPIC', 'DATAVERSE_SUBSCRIPTION']) delete process.env[name];

  // Act
  await import('../../functions/dataverseQueue.js');
  await import('../../functions/dataverseTopic.js');

  // Assess
  expect([...host.functions.keys()]).toEqual([]);
  expect(warnings.join('\n')).toMatch(/dataverseQueue is not registered: app setting DATAVERSE_QUEUE is not set/);
  expect(warnings.join('\n')).toMatch(/dataverseTopic is not registered/);
});

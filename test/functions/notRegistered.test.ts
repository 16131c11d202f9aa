/**
 * A trigger whose settings are absent is not registered, and the app says why (own process: see registration.test.ts).
 */
import Module from 'node:module';
import { afterAll, beforeAll, expect, it } from 'vitest';

const registered: string[] = [];
const warnings: string[] = [];
const originalRequire = Module.prototype.require;
const originalWarn = console.warn;
const fakeCore = {
  version: '4.0.0',
  hostVersion: '4.1000.0',
  setProgrammingModel: () => undefined,
  getProgrammingModel: () => undefined,
  registerFunction: (metadata: { name: string }) => {
    registered.push(metadata.name);
    return { dispose: () => undefined };
  },
  registerHook: () => ({ dispose: () => undefined }),
  log: () => undefined,
  Disposable: class {
    public dispose(): void {}
  },
};

beforeAll(() => {
  Module.prototype.require = function patched(this: NodeJS.Module, id: string) {
    return id === '@azure/functions-core' ? fakeCore : originalRequire.apply(this, [id]);
  } as NodeJS.Require;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
});
afterAll(() => {
  Module.prototype.require = originalRequire;
  console.warn = originalWarn;
});

it('registers nothing when no trigger setting is present, and logs why', async () => {
  // Prepare
  for (const name of ['DATAVERSE_QUEUE', 'DATAVERSE_TOPIC', 'DATAVERSE_SUBSCRIPTION']) delete process.env[name];

  // Act
  await import('../../functions/dataverseQueue.js');
  await import('../../functions/dataverseTopic.js');

  // Assess
  expect(registered).toEqual([]);
  expect(warnings.join('\n')).toMatch(/dataverseQueue is not registered: app setting DATAVERSE_QUEUE is not set/);
  expect(warnings.join('\n')).toMatch(/dataverseTopic is not registered/);
});

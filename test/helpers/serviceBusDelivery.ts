/**
 * Test helper: a golden fixture as the host would deliver it — the body bytes and the trigger metadata
 * (camelCase keys, the Dataverse claim properties, a braced CorrelationId).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvocationContext } from '@azure/functions';

export const GOLDEN = join(__dirname, '..', 'fixtures', 'golden');
export const FORMATS = [
  { ext: 'bin', contentType: 'application/msbin1' },
  { ext: 'json', contentType: 'application/json' },
  { ext: 'xml', contentType: 'application/xml' },
] as const;
export type FixtureExt = (typeof FORMATS)[number]['ext'];

const CLAIMS = 'http://schemas.microsoft.com/xrm/2011/Claims/';

/** The expected (normalized) context of a golden fixture. */
export function expectedContext(name: string): { messageName: string; primaryEntityName: string; correlationId: string; operationId: string; organizationId: string; operationCreatedOn: string } {
  return JSON.parse(readFileSync(join(GOLDEN, `${name}.expected.json`), 'utf8'));
}

/** A delivery of a golden fixture: body + trigger metadata, as the host builds them. */
export function goldenDelivery(name: string, ext: FixtureExt, overrides: { messageId?: string; deliveryCount?: number; properties?: Record<string, unknown> } = {}) {
  const ctx = expectedContext(name);
  const contentType = FORMATS.find((f) => f.ext === ext)!.contentType;
  const body = readFileSync(join(GOLDEN, `${name}.${ext}`));
  const triggerMetadata = {
    messageId: overrides.messageId ?? randomUUID().replace(/-/g, ''),
    deliveryCount: overrides.deliveryCount ?? 1,
    enqueuedTimeUtc: '2024-05-01T10:00:00.000Z',
    contentType,
    correlationId: `{${ctx.correlationId}}`,
    applicationProperties: {
      [`${CLAIMS}Organization`]: 'contoso.crm.dynamics.com',
      [`${CLAIMS}User`]: '{2a7c4e10-7a4d-ee11-be6f-000d3a5c1f20}',
      [`${CLAIMS}InitiatingUser`]: '{2a7c4e10-7a4d-ee11-be6f-000d3a5c1f20}',
      [`${CLAIMS}EntityLogicalName`]: ctx.primaryEntityName,
      [`${CLAIMS}RequestName`]: ctx.messageName,
      ...overrides.properties,
    },
  };
  return { body, triggerMetadata };
}

/** A real `InvocationContext` whose log lines are collected. */
export function invocationContext(triggerMetadata: Record<string, unknown>, functionName = 'dataverseQueue') {
  const lines: string[] = [];
  const context = new InvocationContext({
    functionName,
    invocationId: randomUUID(),
    triggerMetadata,
    logHandler: (level, ...args) => lines.push(`${level}: ${args.map(String).join(' ')}`),
  });
  return { context, lines };
}

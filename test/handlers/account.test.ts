/**
 * The example account handlers, tested as docs/handlers.md shows ("Testing a handler"): a decoded golden context,
 * the registry's own filters, and the handler called with an event; no Service Bus, no Functions host.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accountHandlers } from '../../handlers/account';
import { decodeContextWithFormat } from '../../shared/context/decodeContext';
import { buildEvent, type DeliveryFacts } from '../../shared/routing/event';
import { RouteRegistry } from '../../shared/routing/registry';

/** What the trigger would say about a first delivery (the handlers here read only the claims' user). */
const delivery: DeliveryFacts = {
  messageId: 'test-1',
  deliveryCount: 1,
  enqueuedTimeUtc: null,
  correlationId: null,
  contentType: 'application/msbin1',
  claims: { organization: null, user: null, initiatingUser: null, entityLogicalName: 'account', requestName: 'Create', initiatingUserAgent: null },
  truncated: false,
  applicationProperties: {},
};

describe('account handlers', () => {
  it('logCreated fires for an account Create and logs the new name', async () => {
    // Prepare: a real body, decoded as the app decodes it; the registry decides which handlers fire.
    const { context, format } = decodeContextWithFormat(readFileSync('test/fixtures/golden/create-account-all-types.bin'), 'application/msbin1');
    const { fired } = new RouteRegistry([accountHandlers]).resolve(context);
    const lines: string[] = [];
    const log = { debug: () => undefined, info: (m: string) => lines.push(m), warn: () => undefined, error: () => undefined };

    // Act
    for (const route of fired) await route.handle(buildEvent({ handlerName: route.name, context, format, delivery, log }));

    // Assess
    expect(fired.map((route) => route.name)).toEqual(['account.logCreated']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Account [0-9a-f-]{36} created: /);
  });
});

import { describe, expect, it } from 'vitest';
import { handlerGroups } from '../../handlers';
import type { RemoteExecutionContext } from '../../shared/context/model';
import { routesCommand } from '../../cli/commands/routes';
import { buildEvent } from '../../shared/routing/event';
import { defineHandlers, RouteRegistry } from '../../shared/routing/registry';

const noop = () => undefined;

function context(overrides: Partial<RemoteExecutionContext>): RemoteExecutionContext {
  return {
    messageName: 'Update', primaryEntityName: 'account', primaryEntityId: '00000000-0000-0000-0000-000000000001', secondaryEntityName: 'none',
    stage: 40, mode: 1, depth: 1, isolationMode: 1, isExecutingOffline: false, isOfflinePlayback: false, isInTransaction: false,
    userId: '', initiatingUserId: '', businessUnitId: '', organizationId: '', correlationId: '', operationId: '', requestId: null,
    userAzureActiveDirectoryObjectId: null, initiatingUserAzureActiveDirectoryObjectId: null, organizationName: 'org', operationCreatedOn: '2024-05-01T10:00:00.000Z',
    inputParameters: {
      Target: { kind: 'Entity', logicalName: 'account', id: '00000000-0000-0000-0000-000000000001', attributes: { name: 'New', telephone1: '1' }, formattedValues: {}, keyAttributes: {}, relatedEntities: [], rowVersion: null, entityState: null },
    },
    outputParameters: {}, sharedVariables: {},
    preEntityImages: { PreImage: { kind: 'Entity', logicalName: 'account', id: '00000000-0000-0000-0000-000000000001', attributes: { name: 'Old' }, formattedValues: {}, keyAttributes: {}, relatedEntities: [], rowVersion: null, entityState: null } },
    postEntityImages: {}, owningExtension: null, parentContext: null,
    ...overrides,
  };
}

describe('RouteRegistry', () => {
  it('runs every matching route, exact keys first, then entity, message and full wildcards', () => {
    // Prepare
    const registry = new RouteRegistry([
      defineHandlers('*', [{ name: 'any', message: '*', handle: noop }]),
      defineHandlers('*', [{ name: 'anyUpdate', message: 'update', handle: noop }]),
      defineHandlers('account', [{ name: 'accountAny', message: '*', handle: noop }]),
      defineHandlers(['account', 'contact'], [{ name: 'exact', message: ['Create', 'Update'], handle: noop }]),
      defineHandlers('contact', [{ name: 'other', message: 'Update', handle: noop }]),
    ]);

    // Act
    const { fired } = registry.resolve(context({}));

    // Assess
    expect(fired.map((r) => r.name)).toEqual(['exact', 'accountAny', 'anyUpdate', 'any']);
  });

  it('fires an Update route only when a filtered attribute is in Target, and honours stage, mode and depth', () => {
    // Prepare
    const registry = new RouteRegistry([
      defineHandlers('account', [
        { name: 'phone', message: 'Update', when: { changedAttributes: ['telephone1'] }, handle: noop },
        { name: 'email', message: 'Update', when: { changedAttributes: ['emailaddress1'] }, handle: noop },
        { name: 'preOp', message: 'Update', when: { stage: 'PreOperation' }, handle: noop },
        { name: 'sync', message: 'Update', when: { mode: 'sync' }, handle: noop },
        { name: 'topLevel', message: 'Update', when: { depth: { max: 1 } }, handle: noop },
      ]),
    ]);

    // Act
    const deep = registry.resolve(context({ depth: 2 }));
    const top = registry.resolve(context({}));

    // Assess
    expect(top.fired.map((r) => r.name)).toEqual(['phone', 'topLevel']);
    expect(deep.fired.map((r) => r.name)).toEqual(['phone']);
    expect(top.filtered.map((f) => f.reason)).toEqual(['none of emailaddress1 changed', 'stage 40 not in 20', 'mode async is not sync']);
  });

  it('does not fire for operations the listed users started (braces and case ignored), and says why', () => {
    // Prepare: the integration's application user, written as the Plug-in Registration Tool shows ids.
    const integrationUser = '{3C9E6032-0000-4000-8000-00000000A11C}';
    const registry = new RouteRegistry([
      defineHandlers('account', [{ name: 'sync', message: 'Update', when: { notInitiatedBy: [integrationUser] }, handle: noop }]),
    ]);

    // Act
    const byIntegration = registry.resolve(context({ initiatingUserId: '3c9e6032-0000-4000-8000-00000000a11c' }));
    const byPerson = registry.resolve(context({ initiatingUserId: '2a7c4e10-7a4d-ee11-be6f-000d3a5c1f20' }));

    // Assess
    expect(byIntegration.fired).toEqual([]);
    expect(byIntegration.filtered.map((f) => f.reason)).toEqual(['initiated by 3c9e6032-0000-4000-8000-00000000a11c (notInitiatedBy)']);
    expect(byPerson.fired.map((r) => r.name)).toEqual(['sync']);
  });

  it('refuses a notInitiatedBy that is empty or holds no user id (an unset setting) at start-up', () => {
    // Act
    const route = (ids: string[]) => () => new RouteRegistry([defineHandlers('account', [{ name: 'c', message: 'Update', when: { notInitiatedBy: ids }, handle: noop }])]);

    // Assess
    expect(route([''])).toThrow(/notInitiatedBy holds "", not a user id/);
    expect(route([])).toThrow(/notInitiatedBy is empty/);
    expect(route(['00000000-0000-0000-0000-000000000000'])).toThrow(/not a user id/);
  });

  it('does not fire a notInitiatedBy route when the body names no initiating user, and says why', () => {
    // Prepare
    const registry = new RouteRegistry([
      defineHandlers('account', [{ name: 'sync', message: 'Update', when: { notInitiatedBy: ['3c9e6032-0000-4000-8000-00000000a11c'] }, handle: noop }]),
    ]);

    // Act
    const unknown = registry.resolve(context({ initiatingUserId: null }));

    // Assess
    expect(unknown.fired).toEqual([]);
    expect(unknown.filtered.map((f) => f.reason)).toEqual(['initiating user unknown (the body has no InitiatingUserId)']);
  });

  it('refuses duplicate handler names and unknown stages at start-up', () => {
    // Act
    const duplicate = () => new RouteRegistry([defineHandlers('account', [{ name: 'a', message: 'Create', handle: noop }, { name: 'a', message: 'Update', handle: noop }])]);
    const badStage = () => new RouteRegistry([defineHandlers('account', [{ name: 'b', message: 'Create', when: { stage: 'PostOp' as 'PostOperation' }, handle: noop }])]);

    // Assess
    expect(duplicate).toThrow(expect.objectContaining({ code: 'DUPLICATE_HANDLER' }));
    expect(badStage).toThrow(expect.objectContaining({ code: 'INVALID_ROUTE' }));
  });
});

describe('buildEvent', () => {
  it('gives Target, the pre image and each changed attribute with its before and after values', () => {
    // Act
    const event = buildEvent({ handlerName: 'h', context: context({}), format: 'json', delivery: { messageId: 'm', deliveryCount: 1, enqueuedTimeUtc: null, correlationId: null, contentType: null, claims: { organization: null, user: null, initiatingUser: null, entityLogicalName: null, requestName: null, initiatingUserAgent: null }, truncated: false, applicationProperties: {} }, log: console });

    // Assess
    expect(event.target?.kind).toBe('Entity');
    expect(event.preImage?.attributes['name']).toBe('Old');
    expect(event.changedAttributes).toEqual({ name: { before: 'Old', after: 'New' }, telephone1: { before: undefined, after: '1' } });
    expect(event.changed('emailaddress1', 'name')).toBe(true);
  });
});

describe('routes command', () => {
  it('prints the example handlers with their filters and files, as text and as JSON', async () => {
    // Prepare
    let text = '';
    let json = '';

    // Act
    await routesCommand.run([], { stdout: (t) => (text += t), stderr: () => undefined });
    await routesCommand.run(['--json'], { stdout: (t) => (json += t), stderr: () => undefined });

    // Assess
    expect(text.split('\n')[0]).toMatch(/^order\s+message\s+entity\s+stage\s+mode\s+depth\s+changedAttributes\s+notInitiatedBy\s+handler\s+file$/);
    const rows = JSON.parse(json) as { handler: string; file: string; changedAttributes: string }[];
    expect(rows.map((r) => r.handler)).toEqual(new RouteRegistry(handlerGroups).routes.map((r) => r.name));
    expect(rows.find((r) => r.handler === 'account.logRenamed')).toMatchObject({ changedAttributes: 'name,accountnumber', file: expect.stringMatching(/handlers[\\/]account\.[jt]s$/) });
  });
});

describe('filters on a body without Depth or Mode', () => {
  it('does not fire a depth- or mode-filtered route when the context lacks the member, and says why', () => {
    // Prepare
    const registry = new RouteRegistry([
      defineHandlers('account', [
        { name: 'userOnly', message: 'Update', when: { depth: { max: 1 } }, handle: noop },
        { name: 'asyncOnly', message: 'Update', when: { mode: 'async' }, handle: noop },
        { name: 'unfiltered', message: 'Update', handle: noop },
      ]),
    ]);

    // Act
    const { fired, filtered } = registry.resolve(context({ depth: null, mode: null }));

    // Assess
    expect(fired.map((r) => r.name)).toEqual(['unfiltered']);
    expect(filtered.map((f) => f.reason)).toEqual(['depth unknown (the body has no Depth)', 'mode unknown is not async']);
  });
});

/**
 * Whole contexts of the usual message shapes, hand-written in the DCJS shape, → the normalized model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Entity, EntityReference } from '../../../shared/context/model';
import { remoteExecutionContextSchema } from '../../../shared/context/schema';
import { OMIT, contextJson, decode, entityJson, hint, IDS, kv, referenceJson } from './dcjs';

const CONTEXT_KEYS = [
  'messageName', 'primaryEntityName', 'primaryEntityId', 'secondaryEntityName', 'stage', 'mode', 'depth',
  'isolationMode', 'isExecutingOffline', 'isOfflinePlayback', 'isInTransaction', 'userId', 'initiatingUserId',
  'businessUnitId', 'organizationId', 'correlationId', 'operationId', 'requestId', 'userAzureActiveDirectoryObjectId',
  'initiatingUserAzureActiveDirectoryObjectId', 'organizationName', 'operationCreatedOn', 'inputParameters',
  'outputParameters', 'sharedVariables', 'preEntityImages', 'postEntityImages', 'owningExtension', 'parentContext',
];

describe('JSON contexts', () => {
  it('maps every context member', () => {
    // Act
    const context = decode(contextJson({ RequestId: `"${IDS.operation}"` }));

    // Assess
    expect(context).toStrictEqual({
      messageName: 'Update',
      primaryEntityName: 'account',
      primaryEntityId: IDS.account,
      secondaryEntityName: 'none',
      stage: 40,
      mode: 1,
      depth: 1,
      isolationMode: 1,
      isExecutingOffline: false,
      isOfflinePlayback: false,
      isInTransaction: false,
      userId: IDS.user,
      initiatingUserId: IDS.user,
      businessUnitId: IDS.businessUnit,
      organizationId: IDS.organization,
      correlationId: IDS.correlation,
      operationId: IDS.operation,
      requestId: IDS.operation,
      userAzureActiveDirectoryObjectId: IDS.aad,
      initiatingUserAzureActiveDirectoryObjectId: IDS.aad,
      organizationName: 'unq0b6b9c1e6f4dee11be6f000d3a5c',
      operationCreatedOn: '2024-06-11T10:00:00.000Z',
      inputParameters: {},
      outputParameters: {},
      sharedVariables: { IsAutoTransact: true },
      preEntityImages: {},
      postEntityImages: {},
      owningExtension: {
        kind: 'EntityReference',
        logicalName: 'sdkmessageprocessingstep',
        id: IDS.step,
        name: 'Contoso: Update of account',
        keyAttributes: {},
        rowVersion: null,
      },
      parentContext: null,
      initiatingUserAgent: '',
    });
    expect(remoteExecutionContextSchema.safeParse(context).error).toBeUndefined();
  });

  it('has every contract key even when the body only has the required members', () => {
    // Prepare
    const body = '{"CorrelationId":"5c3d2e1f-0a9b-4c8d-9e7f-6a5b4c3d2e1f","MessageName":"Create","OrganizationId":"0b6b9c1e-6f4d-ee11-be6f-000d3a5c1f20","PrimaryEntityName":"account","Stage":40}';

    // Act
    const context = decode(body);

    // Assess
    expect(Object.keys(context).sort()).toStrictEqual([...CONTEXT_KEYS].sort());
    expect(context).toMatchObject({ primaryEntityId: null, depth: null, operationCreatedOn: null, owningExtension: null, inputParameters: {}, preEntityImages: {} });
  });

  it('keeps initiatingUserAgent only when the member is sent', () => {
    // Act
    const older = decode(contextJson({ InitiatingUserAgent: OMIT }));
    const unset = decode(contextJson({ InitiatingUserAgent: 'null' }));
    const newer = decode(contextJson({ InitiatingUserAgent: '"Mozilla\\/5.0"' }));

    // Assess
    expect('initiatingUserAgent' in older).toBe(false);
    expect(unset.initiatingUserAgent).toBeNull();
    expect(newer.initiatingUserAgent).toBe('Mozilla/5.0');
  });

  it('reads missing AAD object ids as null (older payloads)', () => {
    // Act
    const context = decode(contextJson({ UserAzureActiveDirectoryObjectId: OMIT, InitiatingUserAzureActiveDirectoryObjectId: OMIT }));

    // Assess
    expect(context.userAzureActiveDirectoryObjectId).toBeNull();
    expect(context.initiatingUserAzureActiveDirectoryObjectId).toBeNull();
  });

  it('ignores unknown members at every level', () => {
    // Prepare
    const target = entityJson({ attributes: { name: '"A"' } }).replace('"Attributes"', '"Unknown":{"x":[1,2]},"Attributes"');

    // Act
    const context = decode(contextJson({ Unknown: 'null', FutureMember: '{"a":[{"b":1}]}', InputParameters: kv({ Target: target }) }));

    // Assess
    expect('Unknown' in context || 'FutureMember' in context).toBe(false);
    expect((context.inputParameters['Target'] as Entity).attributes).toStrictEqual({ name: 'A' });
  });

  it('upper-case and braced GUIDs become lower-case dashed', () => {
    // Act
    const context = decode(contextJson({ UserId: '"2A7C4E10-7A4D-EE11-BE6F-000D3A5C1F20"', PrimaryEntityId: `"{${IDS.account.toUpperCase()}}"` }));

    // Assess
    expect(context.userId).toBe(IDS.user);
    expect(context.primaryEntityId).toBe(IDS.account);
  });

  it('Update with Target, PreImage and PostImage (images carry no __type)', () => {
    // Prepare
    const image = (name: string) => entityJson({ typed: false, attributes: { name: `"${name}"` }, rowVersion: '"147059704"' });
    const body = contextJson({
      InputParameters: kv({ Target: entityJson({ attributes: { name: '"New"' }, entityState: '2' }), SuppressDuplicateDetection: 'false' }),
      PreEntityImages: kv({ PreImage: image('Old') }),
      PostEntityImages: kv({ PostImage: image('New') }),
    });

    // Act
    const context = decode(body);

    // Assess
    expect(context.inputParameters['SuppressDuplicateDetection']).toBe(false);
    expect(context.inputParameters['Target']).toMatchObject({ kind: 'Entity', entityState: 'Changed', attributes: { name: 'New' } });
    expect(context.preEntityImages['PreImage']).toMatchObject({ kind: 'Entity', logicalName: 'account', attributes: { name: 'Old' }, rowVersion: '147059704' });
    expect(context.postEntityImages['PostImage']).toMatchObject({ kind: 'Entity', attributes: { name: 'New' } });
  });

  it('Create with the new id in OutputParameters', () => {
    // Act
    const context = decode(contextJson({ MessageName: '"Create"', OutputParameters: kv({ id: `"${IDS.account}"` }) }));

    // Assess
    expect(context.outputParameters).toStrictEqual({ id: IDS.account });
  });

  it('Delete with an EntityReference Target', () => {
    // Act
    const context = decode(contextJson({ MessageName: '"Delete"', InputParameters: kv({ Target: referenceJson('account', IDS.account) }) }));

    // Assess
    expect(context.inputParameters['Target']).toStrictEqual({ kind: 'EntityReference', logicalName: 'account', id: IDS.account, name: null, keyAttributes: {}, rowVersion: null });
  });

  it('Assign with Target and Assignee', () => {
    // Act
    const context = decode(
      contextJson({ MessageName: '"Assign"', InputParameters: kv({ Target: referenceJson('opportunity', IDS.account), Assignee: referenceJson('team', IDS.contact) }) }),
    );

    // Assess
    expect((context.inputParameters['Assignee'] as EntityReference).logicalName).toBe('team');
  });

  it('SetState with EntityMoniker, State and Status', () => {
    // Act
    const context = decode(
      contextJson({
        MessageName: '"SetState"',
        InputParameters: kv({
          EntityMoniker: referenceJson('incident', IDS.account),
          State: `{${hint('OptionSetValue')},"Value":1}`,
          Status: `{${hint('OptionSetValue')},"Value":5}`,
        }),
      }),
    );

    // Assess
    expect(context.inputParameters).toMatchObject({
      EntityMoniker: { kind: 'EntityReference', logicalName: 'incident' },
      State: { kind: 'OptionSetValue', value: 1 },
      Status: { kind: 'OptionSetValue', value: 5 },
    });
  });

  it('Associate with Relationship and RelatedEntities', () => {
    // Act
    const context = decode(
      contextJson({
        MessageName: '"Associate"',
        InputParameters: kv({
          Target: referenceJson('account', IDS.account),
          Relationship: `{${hint('Relationship')},"PrimaryEntityRole":null,"SchemaName":"contact_customer_accounts"}`,
          RelatedEntities: `[${referenceJson('contact', IDS.contact)}]`,
        }),
      }),
    );

    // Assess
    expect(context.inputParameters['Relationship']).toStrictEqual({ kind: 'Relationship', schemaName: 'contact_customer_accounts', primaryEntityRole: null });
    expect(context.inputParameters['RelatedEntities']).toMatchObject({ kind: 'EntityReferenceCollection', references: [{ id: IDS.contact }] });
  });

  it('a MessageMaxSizeExceeded context: collections empty, ParentContext null', () => {
    // Act
    const context = decode(contextJson({ InputParameters: '[]', PreEntityImages: 'null', PostEntityImages: OMIT, ParentContext: 'null' }));

    // Assess
    expect(context).toMatchObject({ inputParameters: {}, preEntityImages: {}, postEntityImages: {}, parentContext: null });
  });

  it('nested ParentContexts (no __type), with a QueryExpression input kept as Unknown', () => {
    // Prepare
    const grandParent = contextJson({
      MessageName: '"RetrieveMultiple"',
      Stage: '30',
      InputParameters: kv({ Query: `{${hint('QueryExpression')},"EntityName":"account","TopCount":null}` }),
      OwningExtension: 'null',
    });
    const parent = contextJson({ MessageName: '"Create"', Stage: '30', Depth: '1', ParentContext: grandParent });

    // Act
    const context = decode(contextJson({ Depth: '2', ParentContext: parent }));

    // Assess
    expect(context.parentContext?.messageName).toBe('Create');
    expect(context.parentContext?.parentContext?.inputParameters['Query']).toStrictEqual({
      kind: 'Unknown',
      type: 'QueryExpression',
      namespace: 'http://schemas.microsoft.com/xrm/2011/Contracts',
      value: { EntityName: 'account', TopCount: null },
    });
    expect(context.parentContext?.parentContext?.owningExtension).toBeNull();
  });

  it('SharedVariables ChangedEntityTypes: KeyValuePairOfstringstring items are Unknown values in an array', () => {
    // Act
    const context = decode(
      contextJson({
        SharedVariables: kv({ ChangedEntityTypes: '[{"__type":"KeyValuePairOfstringstring:#System.Collections.Generic","key":"contact","value":"Update"}]' }),
      }),
    );

    // Assess
    expect(context.sharedVariables['ChangedEntityTypes']).toStrictEqual([
      { kind: 'Unknown', type: 'KeyValuePairOfstringstring', namespace: 'http://schemas.datacontract.org/2004/07/System.Collections.Generic', value: { key: 'contact', value: 'Update' } },
    ]);
  });

  it('decodes a realistic Update (30 attributes, images, a parent context) into a valid model', () => {
    // Prepare
    const body = readFileSync(join(__dirname, 'fixtures', 'update-account.json'), 'utf8');

    // Act
    const context = decode(body);

    // Assess
    expect(remoteExecutionContextSchema.safeParse(context).error).toBeUndefined();
    const target = context.inputParameters['Target'] as Entity;
    expect(Object.keys(target.attributes)).toHaveLength(31);
    expect(target.attributes['new_interests']).toStrictEqual({ kind: 'OptionSetValueCollection', values: [100000000, 100000002, 100000005] });
    expect(target.attributes['modifiedon']).toBe('2024-05-01T13:45:10.123Z');
    expect(context.parentContext?.stage).toBe(30);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import type { RemoteExecutionContext, Value } from '../../../shared/context/model';
import { contextFromXml } from '../../../shared/context/xml/contextFromXml';
import type { TypedText, XmlNode, XmlText } from '../../../shared/context/xml/node';
import { parseXml } from '../../../shared/context/xml/parseXml';
import { ARRAYS, contextXml, GENERIC, SER, XRM, XRM71, XRM90, XSD, XSI } from './dcsBuilder';
import { IDS, realisticUpdate } from './sampleContexts';
import { decodeError as errorOf } from '../../helpers/decodeError';

function decode(xml: string, limits: Partial<DecodeLimits> = {}): RemoteExecutionContext {
  const resolved = { ...DEFAULT_DECODE_LIMITS, ...limits };
  return contextFromXml(parseXml(xml, resolved), resolved);
}

/** The members every context must have (a body without them is NOT_A_CONTEXT). */
const REQUIRED: readonly [string, string][] = [
  ['CorrelationId', '0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d'],
  ['MessageName', 'Update'],
  ['OrganizationId', '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d'],
  ['PrimaryEntityName', 'account'],
  ['Stage', '40'],
];

/** `members` plus the required members it does not give itself. */
function withRequired(members: string): string {
  const own = members.split('<ParentContext')[0]!; // a nested context brings its own
  return members + REQUIRED.filter(([name]) => !own.includes(`<${name}`)).map(([name, value]) => `<${name}>${value}</${name}>`).join('');
}

/** A context with the given members, plus the required ones (DCS shape: default xrm namespace, `i` on the root). */
function context(members: string): string {
  return `<RemoteExecutionContext xmlns="${XRM}" xmlns:i="${XSI}">${withRequired(members)}</RemoteExecutionContext>`;
}

/** A context whose InputParameters hold one item. */
function withInput(key: string, value: string): string {
  return context(`<InputParameters xmlns:a="${GENERIC}"><KeyValuePairOfstringanyType><a:key>${key}</a:key>${value}</KeyValuePairOfstringanyType></InputParameters>`);
}

function input(key: string, value: string): Value | undefined {
  return decode(withInput(key, value)).inputParameters[key];
}

const ACCOUNT_ID = 'a1b2c3d4-e5f6-4789-9abc-def012345678';
const REF = (logicalName: string, id: string, name = '<Name i:nil="true"/>'): string =>
  `<Id>${id}</Id><KeyAttributes xmlns:b="${XRM71}"/><LogicalName>${logicalName}</LogicalName>${name}<RowVersion i:nil="true"/>`;

describe('contextFromXml: the context', () => {
  it('maps every member of a realistic Update with images and a parent context', () => {
    // Prepare
    const xml = contextXml(realisticUpdate());

    // Act
    const c = decode(xml);

    // Assess
    expect(c).toMatchObject({
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
      requestId: null,
      userAzureActiveDirectoryObjectId: '00000000-0000-0000-0000-000000000000',
      organizationName: 'unqcontoso',
      operationCreatedOn: '2024-05-01T13:45:10.123Z',
      initiatingUserAgent: '',
      outputParameters: {},
      sharedVariables: { IsAutoTransact: true, DefaultsAddedFlag: true, AcceptLang: 'en-US' },
      owningExtension: { kind: 'EntityReference', logicalName: 'sdkmessageprocessingstep', id: IDS.step, name: 'ServiceBus: Update of account' },
    });
    const target = c.inputParameters['Target'];
    expect(target).toMatchObject({ kind: 'Entity', logicalName: 'account', id: IDS.account, rowVersion: '147059704', entityState: null });
    if (typeof target !== 'object' || target === null || Array.isArray(target) || target.kind !== 'Entity') throw new Error('not an entity');
    expect(Object.keys(target.attributes)).toHaveLength(31);
    expect(target.attributes).toMatchObject({
      name: 'Contoso 1 & Sons <Ltd>',
      description: 'Line one\nLine two\twith tab and "quotes"',
      address1_city: 'Zürich',
      numberofemployees: 251,
      versionnumber: 5000000001,
      revenue: { kind: 'Money', value: 100.5 },
      exchangerate: 1,
      address1_latitude: 47.5,
      industrycode: { kind: 'OptionSetValue', value: 7 },
      new_regions: { kind: 'OptionSetValueCollection', values: [100000000, 100000002] },
      creditonhold: true,
      accountid: IDS.account,
      modifiedon: '2024-05-01T13:45:10.000Z',
      primarycontactid: { kind: 'EntityReference', logicalName: 'contact', id: IDS.contact, name: null, keyAttributes: {}, rowVersion: null },
      fax: null,
    });
    expect(target.formattedValues['revenue']).toBe('$100.50');
    expect(Object.keys(c.preEntityImages)).toEqual(['PreImage']);
    expect(c.postEntityImages['PostImage']?.attributes['name']).toBe('Contoso 3 & Sons <Ltd>');
    expect(c.parentContext).toMatchObject({ stage: 30, mode: 0, isInTransaction: true, requestId: IDS.operation, parentContext: null });
  });

  it('gives null to missing members, {} to missing collections, and omits a missing InitiatingUserAgent', () => {
    // Act
    const c = decode(context('<MessageName>Create</MessageName><Unknown>ignored</Unknown><Stage>20</Stage>'));

    // Assess
    expect(c).toEqual({
      messageName: 'Create',
      primaryEntityName: 'account',
      primaryEntityId: null,
      secondaryEntityName: null,
      stage: 20,
      mode: null,
      depth: null,
      isolationMode: null,
      isExecutingOffline: null,
      isOfflinePlayback: null,
      isInTransaction: null,
      userId: null,
      initiatingUserId: null,
      businessUnitId: null,
      organizationId: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
      correlationId: '0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d',
      operationId: null,
      requestId: null,
      userAzureActiveDirectoryObjectId: null,
      initiatingUserAzureActiveDirectoryObjectId: null,
      organizationName: null,
      operationCreatedOn: null,
      inputParameters: {},
      outputParameters: {},
      sharedVariables: {},
      preEntityImages: {},
      postEntityImages: {},
      owningExtension: null,
      parentContext: null,
    });
    expect('initiatingUserAgent' in c).toBe(false);
  });

  it('gives null to nil members and collections', () => {
    // Act
    const c = decode(context('<InitiatingUserAgent i:nil="true"/><InputParameters i:nil="true"/><Mode i:nil="true"/><ParentContext i:nil="true"/>'));

    // Assess
    expect(c.initiatingUserAgent).toBeNull();
    expect(c.inputParameters).toEqual({});
    expect(c.mode).toBeNull();
    expect(c.parentContext).toBeNull();
  });

  it.each(REQUIRED.map(([name]) => name))('refuses a context without %s, or with it nil, as NOT_A_CONTEXT', (name) => {
    // Prepare
    const members = REQUIRED.filter(([n]) => n !== name).map(([n, v]) => `<${n}>${v}</${n}>`).join('');
    const missing = `<RemoteExecutionContext xmlns="${XRM}" xmlns:i="${XSI}">${members}</RemoteExecutionContext>`;
    const nil = `<RemoteExecutionContext xmlns="${XRM}" xmlns:i="${XSI}">${members}<${name} i:nil="true"/></RemoteExecutionContext>`;

    // Act & Assess
    for (const xml of [missing, nil]) {
      const error = errorOf(() => decode(xml));
      expect(error.code).toBe('NOT_A_CONTEXT');
      expect(error.message).toContain(`no ${name}`);
    }
  });

  it.each([
    ['another root', `<Entity xmlns="${XRM}"/>`],
    ['no namespace', '<RemoteExecutionContext/>'],
    ['another namespace', '<RemoteExecutionContext xmlns="urn:other"/>'],
  ])('refuses %s with NOT_A_CONTEXT', (_case, xml) => {
    // Act
    const error = errorOf(() => decode(xml));

    // Assess
    expect(error.code).toBe('NOT_A_CONTEXT');
  });

  it('reads members whatever the prefixes and their order', () => {
    // Prepare
    const xml =
      `<d1p1:RemoteExecutionContext xmlns:d1p1="${XRM}" xmlns:xsi="${XSI}"><d1p1:Stage>40</d1p1:Stage>` +
      `<d1p1:InputParameters xmlns:d2p1="${GENERIC}"><d1p1:KeyValuePairOfstringanyType><d2p1:value xsi:type="d3p1:int" xmlns:d3p1="${XSD}">7</d2p1:value>` +
      `<d2p1:key>n</d2p1:key></d1p1:KeyValuePairOfstringanyType></d1p1:InputParameters><d1p1:Depth>2</d1p1:Depth><d1p1:CorrelationId>0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d</d1p1:CorrelationId><d1p1:MessageName>Update</d1p1:MessageName><d1p1:OrganizationId>7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d</d1p1:OrganizationId><d1p1:PrimaryEntityName>account</d1p1:PrimaryEntityName></d1p1:RemoteExecutionContext>`;

    // Act
    const c = decode(xml);

    // Assess
    expect(c).toMatchObject({ stage: 40, depth: 2, inputParameters: { n: 7 } });
  });

  it('ignores members and key/value parts in another namespace, like unknown members', () => {
    // Prepare: a foreign-namespace element after each real one, with the same local name
    const other = 'xmlns:z="urn:other"';
    const xml = context(
      `<MessageName>Assign</MessageName><z:MessageName ${other}>Evil</z:MessageName>` +
        `<OwningExtension><Id>${ACCOUNT_ID}</Id><z:Id ${other}>00000000-0000-0000-0000-000000000000</z:Id><LogicalName>sdkmessageprocessingstep</LogicalName><z:LogicalName ${other}>evil</z:LogicalName></OwningExtension>` +
        `<InputParameters xmlns:a="${GENERIC}"><KeyValuePairOfstringanyType><a:key>Target</a:key><z:key ${other}>Evil</z:key>` +
        `<a:value i:type="Money"><Value>5</Value><z:Value ${other}>6</z:Value></a:value><z:value ${other} i:type="b:string" xmlns:b="${XSD}">evil</z:value></KeyValuePairOfstringanyType></InputParameters>`,
    );

    // Act
    const c = decode(xml);

    // Assess
    expect(c.messageName).toBe('Assign');
    expect(c.owningExtension).toMatchObject({ id: ACCOUNT_ID, logicalName: 'sdkmessageprocessingstep' });
    expect(c.inputParameters).toEqual({ Target: { kind: 'Money', value: 5 } });
  });

  it('reads a pretty-printed body', () => {
    // Prepare
    const xml = `<?xml version="1.0" encoding="utf-8"?>\n<RemoteExecutionContext xmlns="${XRM}" xmlns:i="${XSI}">\n  <Depth>\n    1\n  </Depth>\n  <MessageName>Update</MessageName>\n  ${withRequired('')}\n</RemoteExecutionContext>\n`;

    // Act
    const c = decode(xml);

    // Assess
    expect(c).toMatchObject({ depth: 1, messageName: 'Update' });
  });

  it('reads nested parent contexts', () => {
    // Prepare
    const xml = context(`<Depth>3</Depth><ParentContext>${withRequired('<Depth>2</Depth>')}<ParentContext>${withRequired('<Depth>1</Depth><ParentContext i:nil="true"/>')}</ParentContext></ParentContext>`);

    // Act
    const c = decode(xml);

    // Assess
    expect(c.depth).toBe(3);
    expect(c.parentContext?.depth).toBe(2);
    expect(c.parentContext?.parentContext?.depth).toBe(1);
    expect(c.parentContext?.parentContext?.parentContext).toBeNull();
  });
});

describe('contextFromXml: primitive values by i:type', () => {
  const typed = (type: string, ns: string, text: string): string => `<a:value i:type="b:${type}" xmlns:b="${ns}">${text}</a:value>`;

  it.each<[string, string, string, Value]>([
    ['string', XSD, ' spaced &amp; &lt;kept&gt; ', ' spaced & <kept> '],
    ['string', XSD, '', ''],
    ['int', XSD, '-2147483648', -2147483648],
    ['long', XSD, '9007199254740993', 9007199254740992],
    ['short', XSD, '12', 12],
    ['unsignedInt', XSD, '4294967295', 4294967295],
    ['decimal', XSD, '100.50', 100.5],
    ['decimal', XSD, '-0.0000000001', -1e-10],
    ['double', XSD, '0.1', 0.1],
    ['double', XSD, '1E+308', 1e308],
    ['double', XSD, 'INF', 'INF'],
    ['double', XSD, '-INF', '-INF'],
    ['float', XSD, 'NaN', 'NaN'],
    ['boolean', XSD, 'true', true],
    ['boolean', XSD, '0', false],
    ['dateTime', XSD, '2023-10-15T19:34:05Z', '2023-10-15T19:34:05.000Z'],
    ['base64Binary', XSD, 'AQID', [1, 2, 3]],
    ['guid', SER, '6420F0CC-916B-EE11-9AE6-000D3A688809', '6420f0cc-916b-ee11-9ae6-000d3a688809'],
    ['char', SER, '65', 'A'],
    ['duration', SER, 'PT1H30M', 'PT1H30M'],
  ])('%s (%s) %j', (type, ns, text, expected) => {
    // Act
    const value = input('v', typed(type, ns, text));

    // Assess
    expect(value).toEqual(expected);
  });

  it('maps a nil value to null', () => {
    // Act
    const value = input('v', '<a:value i:nil="true"/>');

    // Assess
    expect(value).toBeNull();
  });

  it.each([
    ['int', XSD, '1.5'],
    ['int', XSD, 'abc'],
    ['decimal', XSD, '1e5'],
    ['double', XSD, 'Infinity'],
    ['boolean', XSD, 'yes'],
    ['guid', SER, 'not-a-guid'],
    ['dateTime', XSD, '2023-02-30T00:00:00Z'],
    ['base64Binary', XSD, 'A*=='],
  ])('refuses a bad %s (%s) %j with INVALID_VALUE and its path', (type, ns, text) => {
    // Act
    const error = errorOf(() => input('v', typed(type, ns, text)));

    // Assess
    expect(error).toMatchObject({ code: 'INVALID_VALUE', path: 'InputParameters.v' });
  });

  it.each([
    ['2024-05-01T13:45:10Z', '2024-05-01T13:45:10.000Z'],
    ['2024-05-01T15:45:10+02:00', '2024-05-01T13:45:10.000Z'],
    ['2024-05-01T06:45:10.5-07:00', '2024-05-01T13:45:10.500Z'],
    ['2024-05-01T13:45:10', '2024-05-01T13:45:10.000Z'],
    ['2024-05-01T13:45:10.1239999Z', '2024-05-01T13:45:10.123Z'],
    ['0001-01-01T00:00:00', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.9999999Z', '9999-12-31T23:59:59.999Z'],
    ['1969-12-31T23:59:59.9999Z', '1969-12-31T23:59:59.999Z'],
    ['2024-02-29T00:00:00+00:00', '2024-02-29T00:00:00.000Z'],
    ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00.000Z'],
  ])('reads the dateTime %s as %s', (text, expected) => {
    // Act
    const value = input('d', typed('dateTime', XSD, text));

    // Assess
    expect(value).toBe(expected);
  });

  it.each(['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '2023-13-01T00:00:00Z', '2023-01-01T24:00:00Z', '2023-01-01 00:00:00Z', '2023-01-01T00:00:00+15:00'])(
    'refuses the dateTime %s',
    (text) => {
      // Act
      const error = errorOf(() => input('d', typed('dateTime', XSD, text)));

      // Assess
      expect(error).toMatchObject({ code: 'INVALID_VALUE', path: 'InputParameters.d' });
    },
  );

  it('reads primitive arrays', () => {
    // Prepare
    const xml = context(
      `<InputParameters xmlns:a="${GENERIC}">` +
        `<KeyValuePairOfstringanyType><a:key>ints</a:key><a:value i:type="b:ArrayOfint" xmlns:b="${ARRAYS}"><b:int>1</b:int><b:int>-2</b:int></a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>strings</a:key><a:value i:type="b:ArrayOfstring" xmlns:b="${ARRAYS}"><b:string>x</b:string><b:string i:nil="true"/><b:string/></a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>guids</a:key><a:value i:type="b:ArrayOfguid" xmlns:b="${ARRAYS}"><b:guid>${ACCOUNT_ID}</b:guid></a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>objects</a:key><a:value i:type="b:ArrayOfanyType" xmlns:b="${ARRAYS}"><b:anyType i:type="c:int" xmlns:c="${XSD}">5</b:anyType><b:anyType i:type="c:string" xmlns:c="${XSD}">s</b:anyType></a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>empty</a:key><a:value i:type="b:ArrayOfint" xmlns:b="${ARRAYS}"/></KeyValuePairOfstringanyType>` +
        `</InputParameters>`,
    );

    // Act
    const c = decode(xml);

    // Assess
    expect(c.inputParameters).toEqual({ ints: [1, -2], strings: ['x', null, ''], guids: [ACCOUNT_ID], objects: [5, 's'], empty: [] });
  });

  it('refuses a bad array item with its path', () => {
    // Act
    const error = errorOf(() => input('ints', `<a:value i:type="b:ArrayOfint" xmlns:b="${ARRAYS}"><b:int>1</b:int><b:int>x</b:int></a:value>`));

    // Assess
    expect(error).toMatchObject({ code: 'INVALID_VALUE', path: 'InputParameters.ints.1' });
  });
});

describe('contextFromXml: Dataverse values', () => {
  it('reads a Delete Target EntityReference', () => {
    // Act
    const value = input('Target', `<a:value i:type="EntityReference">${REF('account', ACCOUNT_ID, '<Name>Contoso</Name>')}</a:value>`);

    // Assess
    expect(value).toEqual({ kind: 'EntityReference', logicalName: 'account', id: ACCOUNT_ID, name: 'Contoso', keyAttributes: {}, rowVersion: null });
  });

  it('reads an EntityReference by alternate key', () => {
    // Prepare
    const value =
      `<a:value i:type="EntityReference"><Id>00000000-0000-0000-0000-000000000000</Id><KeyAttributes xmlns:b="${XRM71}">` +
      `<b:KeyValuePairOfstringanyType><a:key>accountnumber</a:key><a:value i:type="c:string" xmlns:c="${XSD}">ACC-1</a:value></b:KeyValuePairOfstringanyType>` +
      `<b:KeyValuePairOfstringanyType><a:key>region</a:key><a:value i:type="OptionSetValue"><Value>2</Value></a:value></b:KeyValuePairOfstringanyType>` +
      `</KeyAttributes><LogicalName>account</LogicalName><Name i:nil="true"/><RowVersion>99</RowVersion></a:value>`;

    // Act
    const ref = input('Target', value);

    // Assess
    expect(ref).toMatchObject({ id: '00000000-0000-0000-0000-000000000000', keyAttributes: { accountnumber: 'ACC-1', region: { kind: 'OptionSetValue', value: 2 } }, rowVersion: '99' });
  });

  it('reads Assign (Target and Assignee)', () => {
    // Prepare
    const xml = context(
      `<InputParameters xmlns:a="${GENERIC}">` +
        `<KeyValuePairOfstringanyType><a:key>Target</a:key><a:value i:type="EntityReference">${REF('opportunity', ACCOUNT_ID)}</a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>Assignee</a:key><a:value i:type="EntityReference">${REF('team', IDS.user)}</a:value></KeyValuePairOfstringanyType>` +
        `</InputParameters><MessageName>Assign</MessageName>`,
    );

    // Act
    const c = decode(xml);

    // Assess
    expect(c.inputParameters).toMatchObject({ Target: { logicalName: 'opportunity' }, Assignee: { kind: 'EntityReference', logicalName: 'team', id: IDS.user } });
  });

  it('reads SetState (EntityMoniker, State, Status)', () => {
    // Prepare
    const xml = context(
      `<InputParameters xmlns:a="${GENERIC}">` +
        `<KeyValuePairOfstringanyType><a:key>EntityMoniker</a:key><a:value i:type="EntityReference">${REF('incident', ACCOUNT_ID)}</a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>State</a:key><a:value i:type="OptionSetValue"><Value>1</Value></a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>Status</a:key><a:value i:type="OptionSetValue"><Value>5</Value></a:value></KeyValuePairOfstringanyType>` +
        `</InputParameters>`,
    );

    // Act
    const c = decode(xml);

    // Assess
    expect(c.inputParameters).toMatchObject({ EntityMoniker: { logicalName: 'incident' }, State: { kind: 'OptionSetValue', value: 1 }, Status: { kind: 'OptionSetValue', value: 5 } });
  });

  it('reads Associate (Relationship and EntityReferenceCollection)', () => {
    // Prepare
    const xml = context(
      `<InputParameters xmlns:a="${GENERIC}">` +
        `<KeyValuePairOfstringanyType><a:key>Relationship</a:key><a:value i:type="Relationship"><PrimaryEntityRole>Referenced</PrimaryEntityRole><SchemaName>account_primary_contact</SchemaName></a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>RelatedEntities</a:key><a:value i:type="EntityReferenceCollection"><EntityReference>${REF('contact', IDS.contact)}</EntityReference><EntityReference>${REF('contact', IDS.user)}</EntityReference></a:value></KeyValuePairOfstringanyType>` +
        `</InputParameters>`,
    );

    // Act
    const c = decode(xml);

    // Assess
    expect(c.inputParameters['Relationship']).toEqual({ kind: 'Relationship', schemaName: 'account_primary_contact', primaryEntityRole: 'Referenced' });
    expect(c.inputParameters['RelatedEntities']).toMatchObject({ kind: 'EntityReferenceCollection', references: [{ id: IDS.contact }, { id: IDS.user }] });
  });

  it('reads an ArrayOfEntityReference as an EntityReferenceCollection, as the JSON format gives it', () => {
    // Prepare: EntityReference[] in a parameter (DCS: i:type="ArrayOfEntityReference"; DCJS: an array of EntityReference)
    const refs = `<EntityReference>${REF('contact', IDS.contact)}</EntityReference><EntityReference>${REF('contact', IDS.user)}</EntityReference>`;
    const xml = context(
      `<InputParameters xmlns:a="${GENERIC}">` +
        `<KeyValuePairOfstringanyType><a:key>Contacts</a:key><a:value i:type="ArrayOfEntityReference">${refs}</a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>WithNull</a:key><a:value i:type="ArrayOfEntityReference"><EntityReference>${REF('contact', IDS.contact)}</EntityReference><EntityReference i:nil="true"/></a:value></KeyValuePairOfstringanyType>` +
        `</InputParameters>`,
    );

    // Act
    const c = decode(xml);

    // Assess
    expect(c.inputParameters['Contacts']).toMatchObject({ kind: 'EntityReferenceCollection', references: [{ id: IDS.contact }, { id: IDS.user }] });
    // An array with a null item is no EntityReferenceCollection in JSON either: it stays an array.
    expect(c.inputParameters['WithNull']).toMatchObject([{ kind: 'EntityReference', id: IDS.contact }, null]);
  });

  it('reads CreateMultiple Targets (EntityCollection) and an Entity with state, related entities and key attributes', () => {
    // Prepare
    const entity = (id: string): string =>
      `<Attributes><KeyValuePairOfstringanyType><a:key>lastname</a:key><a:value i:type="b:string" xmlns:b="${XSD}">Doe</a:value></KeyValuePairOfstringanyType></Attributes>` +
      `<EntityState>Created</EntityState><FormattedValues/><Id>${id}</Id><KeyAttributes xmlns:b="${XRM71}"/><LogicalName>contact</LogicalName>` +
      `<RelatedEntities><KeyValuePairOfRelationshipEntityCollectionX_PsK4FkN><a:key><PrimaryEntityRole i:nil="true"/><SchemaName>contact_tasks</SchemaName></a:key>` +
      `<a:value><Entities/><EntityName>task</EntityName><MinActiveRowVersion>-1</MinActiveRowVersion><MoreRecords>false</MoreRecords><PagingCookie i:nil="true"/>` +
      `<TotalRecordCount>-1</TotalRecordCount><TotalRecordCountLimitExceeded>false</TotalRecordCountLimitExceeded></a:value></KeyValuePairOfRelationshipEntityCollectionX_PsK4FkN></RelatedEntities>` +
      `<RowVersion i:nil="true"/>`;
    const value =
      `<a:value i:type="EntityCollection"><Entities><Entity>${entity(IDS.contact)}</Entity><Entity>${entity(IDS.user)}</Entity></Entities>` +
      `<EntityName>contact</EntityName><MinActiveRowVersion>-1</MinActiveRowVersion><MoreRecords>true</MoreRecords><PagingCookie>&lt;cookie page="1"/&gt;</PagingCookie>` +
      `<TotalRecordCount>2</TotalRecordCount><TotalRecordCountLimitExceeded>false</TotalRecordCountLimitExceeded></a:value>`;

    // Act
    const targets = input('Targets', value);

    // Assess
    expect(targets).toMatchObject({ kind: 'EntityCollection', entityName: 'contact', moreRecords: true, pagingCookie: '<cookie page="1"/>', totalRecordCount: 2, totalRecordCountLimitExceeded: false, minActiveRowVersion: '-1' });
    if (typeof targets !== 'object' || targets === null || Array.isArray(targets) || targets.kind !== 'EntityCollection') throw new Error('not a collection');
    expect(targets.entities).toHaveLength(2);
    expect(targets.entities[0]).toEqual({
      kind: 'Entity',
      logicalName: 'contact',
      id: IDS.contact,
      attributes: { lastname: 'Doe' },
      formattedValues: {},
      keyAttributes: {},
      relatedEntities: [
        {
          relationship: { kind: 'Relationship', schemaName: 'contact_tasks', primaryEntityRole: null },
          entities: { kind: 'EntityCollection', entityName: 'task', entities: [], moreRecords: false, pagingCookie: null, totalRecordCount: -1, totalRecordCountLimitExceeded: false, minActiveRowVersion: '-1' },
        },
      ],
      rowVersion: null,
      entityState: 'Created',
    });
  });

  it('reads a custom action: Money, OptionSetValueCollection, Entity[], AliasedValue, BooleanManagedProperty', () => {
    // Prepare
    const xml = context(
      `<InputParameters xmlns:a="${GENERIC}">` +
        `<KeyValuePairOfstringanyType><a:key>Amount</a:key><a:value i:type="Money"><Value>-12.3400</Value></a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>Regions</a:key><a:value i:type="c:OptionSetValueCollection" xmlns:c="${XRM90}"><c:OptionSetValue><Value>1</Value></c:OptionSetValue><c:OptionSetValue><Value>3</Value></c:OptionSetValue></a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>Parties</a:key><a:value i:type="ArrayOfEntity"><Entity><Attributes/><EntityState i:nil="true"/><FormattedValues/><Id>00000000-0000-0000-0000-000000000000</Id><KeyAttributes xmlns:b="${XRM71}"/><LogicalName>activityparty</LogicalName><RelatedEntities/><RowVersion i:nil="true"/></Entity></a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>Aliased</a:key><a:value i:type="AliasedValue"><AttributeLogicalName>name</AttributeLogicalName><EntityLogicalName>account</EntityLogicalName><NeedFormatting>true</NeedFormatting><ReturnType>123</ReturnType><Value i:type="b:string" xmlns:b="${XSD}">Contoso</Value></a:value></KeyValuePairOfstringanyType>` +
        `<KeyValuePairOfstringanyType><a:key>Managed</a:key><a:value i:type="BooleanManagedProperty"><CanBeChanged>true</CanBeChanged><ManagedPropertyLogicalName>iscustomizable</ManagedPropertyLogicalName><Value>false</Value></a:value></KeyValuePairOfstringanyType>` +
        `</InputParameters><MessageName>contoso_CalculateDiscount</MessageName>`,
    );

    // Act
    const c = decode(xml);

    // Assess
    expect(c.inputParameters).toEqual({
      Amount: { kind: 'Money', value: -12.34 },
      Regions: { kind: 'OptionSetValueCollection', values: [1, 3] },
      Parties: [
        { kind: 'Entity', logicalName: 'activityparty', id: '00000000-0000-0000-0000-000000000000', attributes: {}, formattedValues: {}, keyAttributes: {}, relatedEntities: [], rowVersion: null, entityState: null },
      ],
      Aliased: { kind: 'AliasedValue', entityLogicalName: 'account', attributeLogicalName: 'name', value: 'Contoso' },
      Managed: { kind: 'BooleanManagedProperty', value: false, canBeChanged: true, managedPropertyLogicalName: 'iscustomizable' },
    });
  });

  it('keeps an unknown type (QueryExpression) as Unknown with a generic rendering', () => {
    // Prepare
    const value =
      `<a:value i:type="QueryExpression"><ColumnSet><AllColumns>false</AllColumns><Columns xmlns:b="${ARRAYS}"><b:string>name</b:string><b:string>revenue</b:string></Columns></ColumnSet>` +
      `<Criteria><Conditions/><FilterOperator>And</FilterOperator></Criteria><Distinct>false</Distinct><EntityName>account</EntityName><PageInfo i:nil="true"/></a:value>`;

    // Act
    const query = input('Query', value);

    // Assess
    expect(query).toEqual({
      kind: 'Unknown',
      type: 'QueryExpression',
      namespace: XRM,
      value: {
        ColumnSet: { AllColumns: 'false', Columns: { string: ['name', 'revenue'] } },
        Criteria: { Conditions: '', FilterOperator: 'And' },
        Distinct: 'false',
        EntityName: 'account',
        PageInfo: null,
      },
    });
  });

  it('keeps an unknown namespace as Unknown, even for a known local name', () => {
    // Act
    const value = input('v', `<a:value i:type="b:Entity" xmlns:b="urn:not-xrm"><Id>x</Id></a:value>`);

    // Assess
    expect(value).toEqual({ kind: 'Unknown', type: 'Entity', namespace: 'urn:not-xrm', value: { Id: 'x' } });
  });

  it('refuses a bad GUID in an attribute with the dotted path', () => {
    // Prepare
    const value =
      `<a:value i:type="Entity"><Attributes><KeyValuePairOfstringanyType><a:key>accountid</a:key><a:value i:type="b:guid" xmlns:b="${SER}">nope</a:value></KeyValuePairOfstringanyType></Attributes>` +
      `<Id>${ACCOUNT_ID}</Id><LogicalName>account</LogicalName></a:value>`;

    // Act
    const error = errorOf(() => input('Target', value));

    // Assess
    expect(error).toMatchObject({ code: 'INVALID_VALUE', path: 'InputParameters.Target.Attributes.accountid' });
  });

  it('refuses a bad enum name', () => {
    // Act
    const error = errorOf(() => input('Target', '<a:value i:type="Entity"><EntityState>Deleted</EntityState></a:value>'));

    // Assess
    expect(error).toMatchObject({ code: 'INVALID_VALUE', path: 'InputParameters.Target.EntityState' });
  });

  it('refuses a collection item without a key with NOT_A_CONTEXT', () => {
    // Act
    const error = errorOf(() => decode(context(`<SharedVariables xmlns:a="${GENERIC}"><KeyValuePairOfstringanyType><a:value i:nil="true"/></KeyValuePairOfstringanyType></SharedVariables>`)));

    // Assess
    expect(error).toMatchObject({ code: 'NOT_A_CONTEXT', path: 'SharedVariables' });
  });

  it('enforces maxArrayLength on collections', () => {
    // Prepare
    const items = Array.from({ length: 3 }, (_, i) => `<KeyValuePairOfstringanyType><a:key>k${i}</a:key><a:value i:nil="true"/></KeyValuePairOfstringanyType>`).join('');

    // Act
    const error = errorOf(() => decode(context(`<SharedVariables xmlns:a="${GENERIC}">${items}</SharedVariables>`), { maxArrayLength: 2 }));

    // Assess
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', path: 'SharedVariables' });
  });

  it('keeps a key named __proto__ as an own key', () => {
    // Act
    const c = decode(context(`<SharedVariables xmlns:a="${GENERIC}"><KeyValuePairOfstringanyType><a:key>__proto__</a:key><a:value i:type="b:int" xmlns:b="${XSD}">1</a:value></KeyValuePairOfstringanyType></SharedVariables>`));

    // Assess
    expect(Object.getOwnPropertyDescriptor(c.sharedVariables, '__proto__')?.value).toBe(1);
    expect(Object.getPrototypeOf(c.sharedVariables)).toBe(Object.prototype);
  });
});

describe('contextFromXml: typed text from the binary reader', () => {
  /** A TypedText as the NBFX reader would make it. */
  function typedText(asString: string, extra: Partial<Omit<TypedText, 'asString'>> = {}): TypedText {
    return { asString: () => asString, asNumber: () => undefined, asBoolean: () => undefined, asIsoDate: () => undefined, ...extra };
  }
  function element(ns: string, local: string, text: XmlText, children: XmlNode[] = [], type: XmlNode['type'] = null): XmlNode {
    return { ns, local, type, nil: false, children, text };
  }
  function kv(key: string, value: XmlNode): XmlNode {
    return element(XRM, 'KeyValuePairOfstringanyType', '', [element(GENERIC, 'key', key), value]);
  }

  it('reads numbers, booleans and dates from typed records, and strings whatever the record kind', () => {
    // Prepare
    const root = element(XRM, 'RemoteExecutionContext', '', [
      element(XRM, 'Depth', typedText('1', { asNumber: () => 1 })),
      element(XRM, 'IsInTransaction', typedText('true', { asBoolean: () => true })),
      element(XRM, 'MessageName', typedText('1', { asNumber: () => 1 })),
      element(XRM, 'OperationCreatedOn', typedText('ignored', { asIsoDate: () => '2024-05-01T13:45:10.123Z' })),
      element(XRM, 'CorrelationId', '0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d'),
      element(XRM, 'OrganizationId', '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d'),
      element(XRM, 'PrimaryEntityName', 'account'),
      element(XRM, 'Stage', typedText('40', { asNumber: () => 40 })),
      element(XRM, 'SharedVariables', '', [
        kv('ratio', element(GENERIC, 'value', typedText('INF', { asNumber: () => Number.POSITIVE_INFINITY }), [], { ns: XSD, local: 'double' })),
        kv('whole', element(GENERIC, 'value', typedText('3', { asNumber: () => 3 }), [], { ns: XSD, local: 'double' })),
        kv('text', element(GENERIC, 'value', typedText('0', { asNumber: () => 0 }), [], { ns: XSD, local: 'string' })),
        kv('flag', element(GENERIC, 'value', typedText('1', { asNumber: () => 1 }), [], { ns: XSD, local: 'boolean' })),
        kv('when', element(GENERIC, 'value', typedText('2024-05-01T13:45:10Z'), [], { ns: XSD, local: 'dateTime' })),
      ]),
    ]);

    // Act
    const c = contextFromXml(root, DEFAULT_DECODE_LIMITS);

    // Assess
    expect(c).toMatchObject({ depth: 1, isInTransaction: true, messageName: '1', operationCreatedOn: '2024-05-01T13:45:10.123Z' });
    expect(c.sharedVariables).toEqual({ ratio: 'INF', whole: 3, text: '0', flag: true, when: '2024-05-01T13:45:10.000Z' });
  });

  it('refuses a non-integer typed number for an int', () => {
    // Prepare
    const root = element(XRM, 'RemoteExecutionContext', '', [element(XRM, 'Stage', typedText('1.5', { asNumber: () => 1.5 }))]);

    // Act
    const error = errorOf(() => contextFromXml(root, DEFAULT_DECODE_LIMITS));

    // Assess
    expect(error).toMatchObject({ code: 'INVALID_VALUE', path: 'Stage' });
  });
});

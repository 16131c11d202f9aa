/**
 * Test helper: realistic context descriptions for {@link contextXml} / {@link contextJson}.
 */
import type { ContextSpec, EntitySpec, ValueSpec } from './dcsBuilder';

export const IDS = {
  user: '6420f0cc-916b-ee11-9ae6-000d3a688809',
  businessUnit: '5a1a0e5e-916b-ee11-9ae6-000d3a688809',
  organization: '2b0f3e4a-8e6b-ee11-9ae6-000d3a688809',
  correlation: '9f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b',
  operation: '11111111-2222-3333-4444-555555555555',
  request: null,
  account: 'a1b2c3d4-e5f6-4789-9abc-def012345678',
  contact: 'c0ffee00-1234-4567-89ab-cdef01234567',
  step: 'deadbeef-0000-4000-8000-000000000001',
};

/** About thirty attributes of every common kind, as an account Update carries them. */
export function accountAttributes(seed: number): [string, ValueSpec][] {
  return [
    ['name', { t: 'string', v: `Contoso ${seed} & Sons <Ltd>` }],
    ['accountnumber', { t: 'string', v: `ACC-${1000 + seed}` }],
    ['description', { t: 'string', v: 'Line one\nLine two\twith tab and "quotes"' }],
    ['telephone1', { t: 'string', v: '+1 425 555 0100' }],
    ['emailaddress1', { t: 'string', v: 'someone@contoso.example' }],
    ['websiteurl', { t: 'string', v: 'https://contoso.example/?a=1&b=2' }],
    ['address1_city', { t: 'string', v: 'Zürich' }],
    ['address1_line1', { t: 'string', v: '1 Microsoft Way' }],
    ['address1_postalcode', { t: 'string', v: '98052' }],
    ['numberofemployees', { t: 'int', v: 250 + seed }],
    ['importsequencenumber', { t: 'int', v: -3 }],
    ['versionnumber', { t: 'long', v: 5000000000 + seed }],
    ['revenue', { t: 'money', v: '100.5000' }],
    ['revenue_base', { t: 'money', v: '100.5000' }],
    ['creditlimit', { t: 'money', v: '0.0000' }],
    ['exchangerate', { t: 'decimal', v: '1.0000000000' }],
    ['address1_latitude', { t: 'double', v: '47.5' }],
    ['address1_longitude', { t: 'double', v: '-122.13' }],
    ['industrycode', { t: 'option', v: 7 }],
    ['statecode', { t: 'option', v: 0 }],
    ['statuscode', { t: 'option', v: 1 }],
    ['new_regions', { t: 'options', v: [100000000, 100000002] }],
    ['donotemail', { t: 'bool', v: false }],
    ['creditonhold', { t: 'bool', v: true }],
    ['accountid', { t: 'guid', v: IDS.account }],
    ['modifiedon', { t: 'date', v: '2024-05-01T13:45:10Z', ms: Date.UTC(2024, 4, 1, 13, 45, 10) }],
    ['createdon', { t: 'date', v: '2023-10-15T19:34:05Z', ms: Date.UTC(2023, 9, 15, 19, 34, 5) }],
    ['ownerid', { t: 'ref', v: { logicalName: 'systemuser', id: IDS.user } }],
    ['modifiedby', { t: 'ref', v: { logicalName: 'systemuser', id: IDS.user } }],
    ['primarycontactid', { t: 'ref', v: { logicalName: 'contact', id: IDS.contact } }],
    ['fax', { t: 'null' }],
  ];
}

export function accountEntity(seed: number, attributes = accountAttributes(seed)): EntitySpec {
  return {
    logicalName: 'account',
    id: IDS.account,
    attributes,
    formatted: [
      ['revenue', '$100.50'],
      ['industrycode', 'Consulting'],
      ['statecode', 'Active'],
      ['statuscode', 'Active'],
      ['donotemail', 'Allow'],
      ['creditonhold', 'Yes'],
      ['modifiedon', '5/1/2024 3:45 PM'],
      ['numberofemployees', String(250 + seed)],
    ],
    rowVersion: '147059704',
  };
}

/** An asynchronous post-operation Update of an account, with pre and post images and a parent context. */
export function realisticUpdate(): ContextSpec {
  const parent: ContextSpec = {
    messageName: 'Update',
    primaryEntityName: 'account',
    primaryEntityId: IDS.account,
    stage: 30,
    mode: 0,
    depth: 1,
    ids: { ...IDS, request: IDS.operation },
    createdOn: { xml: '2024-05-01T13:45:10Z', json: `\\/Date(${Date.UTC(2024, 4, 1, 13, 45, 10)})\\/` },
    input: [
      ['Target', { t: 'entity', v: accountEntity(0, accountAttributes(0).slice(0, 8)) }],
      ['SuppressDuplicateDetection', { t: 'bool', v: false }],
      ['x-ms-app-name', { t: 'string', v: 'contoso_app' }],
    ],
    output: [],
    shared: [],
    pre: [],
    post: [],
    step: { logicalName: 'sdkmessageprocessingstep', id: IDS.step, name: 'ServiceBus: Update of account' },
    parent: null,
  };
  return {
    messageName: 'Update',
    primaryEntityName: 'account',
    primaryEntityId: IDS.account,
    stage: 40,
    mode: 1,
    depth: 1,
    ids: { ...IDS },
    createdOn: { xml: '2024-05-01T13:45:10.1234567Z', json: `\\/Date(${Date.UTC(2024, 4, 1, 13, 45, 10, 123)}+0000)\\/` },
    input: [
      ['Target', { t: 'entity', v: accountEntity(1) }],
      ['SuppressDuplicateDetection', { t: 'bool', v: false }],
      ['x-ms-app-name', { t: 'string', v: 'contoso_app' }],
      ['parentExecutionId', { t: 'guid', v: IDS.correlation }],
    ],
    output: [],
    shared: [
      ['IsAutoTransact', { t: 'bool', v: true }],
      ['DefaultsAddedFlag', { t: 'bool', v: true }],
      ['AcceptLang', { t: 'string', v: 'en-US' }],
    ],
    pre: [['PreImage', accountEntity(2)]],
    post: [['PostImage', accountEntity(3)]],
    step: { logicalName: 'sdkmessageprocessingstep', id: IDS.step, name: 'ServiceBus: Update of account' },
    parent,
  };
}

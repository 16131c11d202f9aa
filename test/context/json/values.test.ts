/**
 * Every value kind of the JSON format, written by hand in the exact DCJS shape, → the normalized model.
 */
import { describe, expect, it } from 'vitest';
import type { Entity, Unknown } from '../../../shared/context/model';
import { entitySchema, valueSchema } from '../../../shared/context/schema';
import { decode, decodeAttribute, decodeTarget, contextJson, entityJson, hint, IDS, kv, referenceJson, XRM } from './dcjs';

describe('JSON values: primitives', () => {
  it.each([
    ['a string, white space kept', '" Contoso \\u000a"', ' Contoso \n'],
    ['an empty string', '""', ''],
    ['an int', '321', 321],
    ['a long', '5000000000', 5000000000],
    ['a decimal with scale', '100.50', 100.5],
    ['a double', '0.1', 0.1],
    ['a negative number', '-42', -42],
    ['true', 'true', true],
    ['false', 'false', false],
    ['null (a cleared column)', 'null', null],
    ['a GUID (stays a string: JSON cannot tell)', `"${IDS.contact}"`, IDS.contact],
    ['an upper-case GUID (stays the string as sent)', '"6420F013-C3D1-EE11-9AE6-000D3A680013"', '6420F013-C3D1-EE11-9AE6-000D3A680013'],
    ['text that only starts like a date', '"\\/Date(soon)\\/"', '/Date(soon)/'],
    ['a slash-prefixed text', '"\\/api\\/data"', '/api/data'],
  ])('%s', (_name, json, expected) => {
    // Act
    const value = decodeAttribute(json);

    // Assess
    expect(value).toStrictEqual(expected);
  });
});

describe('JSON values: dates', () => {
  it.each([
    ['UTC, escaped slashes', '"\\/Date(1697398445000)\\/"', '2023-10-15T19:34:05.000Z'],
    ['UTC, plain slashes (un-escaped by a tool)', '"/Date(1697398445123)/"', '2023-10-15T19:34:05.123Z'],
    ['with a +hhmm offset (ms is the instant)', '"\\/Date(1697391246000+0200)\\/"', '2023-10-15T17:34:06.000Z'],
    ['with a -hhmm offset', '"\\/Date(1697391246000-0700)\\/"', '2023-10-15T17:34:06.000Z'],
    ['the epoch', '"\\/Date(0)\\/"', '1970-01-01T00:00:00.000Z'],
    ['before 1970', '"\\/Date(-1)\\/"', '1969-12-31T23:59:59.999Z'],
    ['DateTime.MinValue', '"\\/Date(-62135596800000)\\/"', '0001-01-01T00:00:00.000Z'],
    ['DateTime.MaxValue', '"\\/Date(253402300799999)\\/"', '9999-12-31T23:59:59.999Z'],
  ])('%s', (_name, json, expected) => {
    // Act
    const value = decodeAttribute(json);

    // Assess
    expect(value).toBe(expected);
  });

  it('keeps malformed date-like text as text', () => {
    // Prepare
    const texts = ['"\\/Date(12)"', '"\\/Date()\\/"', '"\\/Date(12+02)\\/"', '"\\/Date(12+0200x)\\/"', '"\\/Date(1 2)\\/"'];

    // Act
    const values = texts.map(decodeAttribute);

    // Assess
    expect(values).toStrictEqual(['/Date(12)', '/Date()/', '/Date(12+02)/', '/Date(12+0200x)/', '/Date(1 2)/']);
  });

  it('decodes a date array (DateTime[])', () => {
    // Act
    const value = decodeAttribute('["\\/Date(0)\\/","\\/Date(86400000)\\/"]');

    // Assess
    expect(value).toStrictEqual(['1970-01-01T00:00:00.000Z', '1970-01-02T00:00:00.000Z']);
  });
});

describe('JSON values: typed objects', () => {
  it('Money', () => {
    // Act
    const value = decodeAttribute(`{${hint('Money')},"Value":1250000.50}`);

    // Assess
    expect(value).toStrictEqual({ kind: 'Money', value: 1250000.5 });
  });

  it('OptionSetValue', () => {
    // Act
    const value = decodeAttribute(`{${hint('OptionSetValue')},"Value":100000001}`);

    // Assess
    expect(value).toStrictEqual({ kind: 'OptionSetValue', value: 100000001 });
  });

  it('EntityReference with a name, GUID lower-cased', () => {
    // Act
    const value = decodeAttribute(referenceJson('contact', '6420F013-C3D1-EE11-9AE6-000D3A680013', 'Nancy Davolio'));

    // Assess
    expect(value).toStrictEqual({
      kind: 'EntityReference',
      logicalName: 'contact',
      id: IDS.contact,
      name: 'Nancy Davolio',
      keyAttributes: {},
      rowVersion: null,
    });
  });

  it('EntityReference by alternate key', () => {
    // Prepare
    const json = `{${hint('EntityReference')},"Id":"00000000-0000-0000-0000-000000000000","KeyAttributes":${kv({
      accountnumber: '"AC-1"',
      region: `{${hint('OptionSetValue')},"Value":2}`,
    })},"LogicalName":"account","Name":null,"RowVersion":"1234"}`;

    // Act
    const value = decodeAttribute(json);

    // Assess
    expect(value).toStrictEqual({
      kind: 'EntityReference',
      logicalName: 'account',
      id: '00000000-0000-0000-0000-000000000000',
      name: null,
      keyAttributes: { accountnumber: 'AC-1', region: { kind: 'OptionSetValue', value: 2 } },
      rowVersion: '1234',
    });
  });

  it('EntityCollection (a party list)', () => {
    // Prepare
    const party = entityJson({ logicalName: 'activityparty', id: '00000000-0000-0000-0000-000000000000', typed: false, attributes: { partyid: referenceJson('contact', IDS.contact) } });
    const json = `{${hint('EntityCollection')},"Entities":[${party}],"EntityName":"activityparty","MinActiveRowVersion":"-1","MoreRecords":false,"PagingCookie":null,"TotalRecordCount":-1,"TotalRecordCountLimitExceeded":false}`;

    // Act
    const value = decodeAttribute(json);

    // Assess
    expect(value).toMatchObject({
      kind: 'EntityCollection',
      entityName: 'activityparty',
      moreRecords: false,
      pagingCookie: null,
      totalRecordCount: -1,
      totalRecordCountLimitExceeded: false,
      minActiveRowVersion: '-1',
      entities: [{ kind: 'Entity', logicalName: 'activityparty', attributes: { partyid: { kind: 'EntityReference', id: IDS.contact } } }],
    });
    expect(valueSchema.safeParse(value).success).toBe(true);
  });

  it('AliasedValue around a typed value', () => {
    // Act
    const value = decodeAttribute(
      `{${hint('AliasedValue')},"AttributeLogicalName":"revenue","EntityLogicalName":"account","NeedFormatting":true,"ReturnType":null,"Value":{${hint('Money')},"Value":10}}`,
    );

    // Assess
    expect(value).toStrictEqual({ kind: 'AliasedValue', entityLogicalName: 'account', attributeLogicalName: 'revenue', value: { kind: 'Money', value: 10 } });
  });

  it('Relationship', () => {
    // Act
    const value = decodeAttribute(`{${hint('Relationship')},"PrimaryEntityRole":1,"SchemaName":"account_parent_account"}`);

    // Assess
    expect(value).toStrictEqual({ kind: 'Relationship', schemaName: 'account_parent_account', primaryEntityRole: 'Referenced' });
  });

  it('BooleanManagedProperty', () => {
    // Act
    const value = decodeAttribute(`{${hint('BooleanManagedProperty')},"CanBeChanged":true,"ManagedPropertyLogicalName":"iscustomizable","Value":false}`);

    // Assess
    expect(value).toStrictEqual({ kind: 'BooleanManagedProperty', value: false, canBeChanged: true, managedPropertyLogicalName: 'iscustomizable' });
  });

  it('an Entity value (e.g. a custom action parameter) with every member', () => {
    // Prepare
    const json = entityJson({
      logicalName: 'contact',
      id: IDS.contact,
      attributes: { firstname: '"Nancy"' },
      formattedValues: { gendercode: '"Female"' },
      keyAttributes: { emailaddress1: '"nancy@example.com"' },
      entityState: '2',
      rowVersion: '"147059704"',
    });

    // Act
    const value = decodeAttribute(json);

    // Assess
    expect(value).toStrictEqual({
      kind: 'Entity',
      logicalName: 'contact',
      id: IDS.contact,
      attributes: { firstname: 'Nancy' },
      formattedValues: { gendercode: 'Female' },
      keyAttributes: { emailaddress1: 'nancy@example.com' },
      relatedEntities: [],
      rowVersion: '147059704',
      entityState: 'Changed',
    });
  });

  it.each([
    ['0', 'Unchanged'],
    ['1', 'Created'],
    ['2', 'Changed'],
    ['null', null],
  ])('EntityState %s → %s', (state, expected) => {
    // Act
    const value = decodeAttribute(entityJson({ entityState: state }));

    // Assess
    expect(value).toMatchObject({ kind: 'Entity', entityState: expected });
  });

  it('RelatedEntities keyed by Relationship', () => {
    // Prepare
    const collection = `{"Entities":[${entityJson({ logicalName: 'contact', id: IDS.contact, typed: false })}],"EntityName":"contact","MinActiveRowVersion":null,"MoreRecords":false,"PagingCookie":null,"TotalRecordCount":0,"TotalRecordCountLimitExceeded":false}`;
    const related = `[{"key":{"PrimaryEntityRole":0,"SchemaName":"contact_customer_accounts"},"value":${collection}}]`;

    // Act
    const value = decodeAttribute(entityJson({ relatedEntities: related }));

    // Assess
    expect(value).toMatchObject({
      relatedEntities: [
        {
          relationship: { kind: 'Relationship', schemaName: 'contact_customer_accounts', primaryEntityRole: 'Referencing' },
          entities: { kind: 'EntityCollection', entityName: 'contact', entities: [{ kind: 'Entity', logicalName: 'contact' }] },
        },
      ],
    });
  });

  it('any other __type → Unknown with a plain rendering, hints removed at every level', () => {
    // Prepare
    const json = `{${hint('QueryExpression')},"ColumnSet":{${hint('ColumnSet')},"AllColumns":false,"Columns":["name"]},"Criteria":null,"EntityName":"account","TopCount":5,"Modified":"\\/Date(0)\\/"}`;

    // Act
    const value = decodeAttribute(json);

    // Assess
    expect(value).toStrictEqual({
      kind: 'Unknown',
      type: 'QueryExpression',
      namespace: 'http://schemas.microsoft.com/xrm/2011/Contracts',
      value: { ColumnSet: { AllColumns: false, Columns: ['name'] }, Criteria: null, EntityName: 'account', TopCount: 5, Modified: '/Date(0)/' },
    });
  });

  it('expands the "#" namespace form of CLR contracts', () => {
    // Act
    const value = decodeAttribute('{"__type":"KeyValuePairOfstringstring:#System.Collections.Generic","key":"account","value":"Update"}');

    // Assess
    expect(value).toStrictEqual({
      kind: 'Unknown',
      type: 'KeyValuePairOfstringstring',
      namespace: 'http://schemas.datacontract.org/2004/07/System.Collections.Generic',
      value: { key: 'account', value: 'Update' },
    });
  });

  it('a known contract name in another namespace → Unknown, as the XML and binary mapping read it', () => {
    // Act
    const value = decodeAttribute('{"__type":"Money:urn:other","Value":5}');

    // Assess
    expect(value).toStrictEqual({ kind: 'Unknown', type: 'Money', namespace: 'urn:other', value: { Value: 5 } });
  });

  it('an object without __type in a value slot → Unknown "Object"', () => {
    // Act
    const value = decodeAttribute('{"a":1}');

    // Assess
    expect(value).toStrictEqual({ kind: 'Unknown', type: 'Object', namespace: null, value: { a: 1 } });
  });

  it('ignores unknown members of typed objects', () => {
    // Act
    const value = decodeAttribute(`{${hint('Money')},"Currency":"EUR","Value":5,"Extra":{"deep":[1]}}`);

    // Assess
    expect(value).toStrictEqual({ kind: 'Money', value: 5 });
  });

  it('reads missing members of typed objects as null', () => {
    // Act
    const value = decodeAttribute(`{${hint('EntityReference')},"Id":"${IDS.contact}","LogicalName":"contact"}`);

    // Assess
    expect(value).toStrictEqual({ kind: 'EntityReference', logicalName: 'contact', id: IDS.contact, name: null, keyAttributes: {}, rowVersion: null });
  });
});

describe('JSON values: arrays', () => {
  it('an array of OptionSetValue → OptionSetValueCollection (multi-select)', () => {
    // Act
    const value = decodeAttribute(`[{${hint('OptionSetValue')},"Value":1},{${hint('OptionSetValue')},"Value":3}]`);

    // Assess
    expect(value).toStrictEqual({ kind: 'OptionSetValueCollection', values: [1, 3] });
  });

  it('an array of EntityReference → EntityReferenceCollection', () => {
    // Act
    const value = decodeAttribute(`[${referenceJson('contact', IDS.contact)},${referenceJson('account', IDS.account)}]`);

    // Assess
    expect(value).toMatchObject({
      kind: 'EntityReferenceCollection',
      references: [
        { kind: 'EntityReference', logicalName: 'contact', id: IDS.contact },
        { kind: 'EntityReference', logicalName: 'account', id: IDS.account },
      ],
    });
  });

  it('an array of Entity stays an array of Entity', () => {
    // Act
    const value = decodeAttribute(`[${entityJson({ logicalName: 'activityparty' })}]`);

    // Assess
    expect(Array.isArray(value)).toBe(true);
    expect(value).toMatchObject([{ kind: 'Entity', logicalName: 'activityparty' }]);
  });

  it.each([
    ['Guid[]', `["${IDS.contact}","${IDS.account}"]`, [IDS.contact, IDS.account]],
    ['string[]', '["a","b"]', ['a', 'b']],
    ['int[]', '[1,2,3]', [1, 2, 3]],
    ['an empty array (an empty multi-select cannot be told apart)', '[]', []],
    ['a mixed array', `[1,{${hint('OptionSetValue')},"Value":1}]`, [1, { kind: 'OptionSetValue', value: 1 }]],
  ])('%s stays an array', (_name, json, expected) => {
    // Act
    const value = decodeAttribute(json);

    // Assess
    expect(value).toStrictEqual(expected);
  });
});

describe('JSON values: collections', () => {
  it('turns every {key, value} collection of an entity into an object', () => {
    // Act
    const target = decodeTarget({ name: '"Contoso"', revenue: `{${hint('Money')},"Value":1}`, fax: 'null' });

    // Assess
    expect(target.attributes).toStrictEqual({ name: 'Contoso', revenue: { kind: 'Money', value: 1 }, fax: null });
    expect(entitySchema.safeParse(target).success).toBe(true);
  });

  it('keeps a key named __proto__ as an own member, not as the prototype', () => {
    // Act
    const target = decodeTarget({ ['__proto__']: '{"__type":"X:#Y","polluted":true}' });

    // Assess
    expect(Object.getPrototypeOf(target.attributes)).toBe(Object.prototype);
    expect(Object.keys(target.attributes)).toStrictEqual(['__proto__']);
    expect((target.attributes as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('builds every keyed collection as a plain object (prototype Object.prototype, constructor Object)', () => {
    // Prepare
    const unknown = '{"__type":"ColumnSet:http:\\/\\/schemas.microsoft.com\\/xrm\\/2011\\/Contracts","AllColumns":true}';
    const target = entityJson({ attributes: { name: '"Contoso"', columns: unknown }, formattedValues: { name: '"Contoso"' } });
    const body = contextJson({ InputParameters: kv({ Target: target }), SharedVariables: kv({ a: '1' }), PreEntityImages: kv({ PreImage: target }) });

    // Act
    const context = decode(body);
    const entity = context.inputParameters['Target'] as Entity;
    const columns = entity.attributes['columns'] as Unknown;
    const records: object[] = [
      context.inputParameters,
      context.outputParameters,
      context.sharedVariables,
      context.preEntityImages,
      context.postEntityImages,
      entity.attributes,
      entity.formattedValues,
      entity.keyAttributes,
      columns.value as object,
    ];

    // Assess
    expect(records.map((record) => Object.getPrototypeOf(record) === Object.prototype && record.constructor === Object)).toStrictEqual(
      records.map(() => true),
    );
    expect(Object.keys(context.sharedVariables)).toStrictEqual(['a']);
  });

  it('a repeated key keeps the last value', () => {
    // Act
    const context = decode(contextJson({ SharedVariables: '[{"key":"a","value":1},{"key":"a","value":2}]' }));

    // Assess
    expect(context.sharedVariables).toStrictEqual({ a: 2 });
  });

  it('drops a null formatted value (the map holds strings only)', () => {
    // Act
    const value = decodeAttribute(entityJson({ formattedValues: { a: '"A"', b: 'null' } }));

    // Assess
    expect(value).toMatchObject({ formattedValues: { a: 'A' } });
  });

  it('reads a missing or null collection as empty', () => {
    // Act
    const value = decodeAttribute(`{${hint('Entity')},"Attributes":null,"Id":"${IDS.account}","LogicalName":"account"}`);

    // Assess
    expect(value).toStrictEqual({
      kind: 'Entity',
      logicalName: 'account',
      id: IDS.account,
      attributes: {},
      formattedValues: {},
      keyAttributes: {},
      relatedEntities: [],
      rowVersion: null,
      entityState: null,
    });
  });

  it('hint constant is the DCJS form', () => {
    // Assess: the helper writes what the serializer writes
    expect(hint('Money')).toBe(`"__type":"Money:${XRM}"`);
    expect(JSON.parse(`{${hint('Money')}}`)).toStrictEqual({ __type: 'Money:http://schemas.microsoft.com/xrm/2011/Contracts' });
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  getAttribute,
  getBoolean,
  getDate,
  getEntityReference,
  getMoney,
  getNumber,
  getOptionSetValue,
  getParameter,
  getString,
  getTarget,
  getTyped,
  isKind,
} from '../../shared/context/accessors';
import { AttributeTypeError } from '../../shared/context/errors';
import type { Entity, EntityReference, Money, RemoteExecutionContext, Value } from '../../shared/context/model';
import { entitySchema } from '../../shared/context/schema';

const account: Entity = {
  kind: 'Entity',
  logicalName: 'account',
  id: '6420f0cc-916b-ee11-9ae6-000d3a688809',
  attributes: {
    name: 'Contoso',
    revenue: { kind: 'Money', value: 100.5 },
    statuscode: { kind: 'OptionSetValue', value: 1 },
    primarycontactid: { kind: 'EntityReference', logicalName: 'contact', id: '00000000-0000-0000-0000-000000000001', name: null, keyAttributes: {}, rowVersion: null },
    numberofemployees: 42,
    donotemail: false,
    modifiedon: '2024-05-01T13:45:10.123Z',
    telephone1: null,
  },
  formattedValues: {},
  keyAttributes: {},
  relatedEntities: [],
  rowVersion: null,
  entityState: null,
};

describe('entity accessors', () => {
  it('reads each kind of attribute', () => {
    // Prepare
    const entity = structuredClone(account);

    // Act & Assess
    expect(getString(entity, 'name')).toBe('Contoso');
    expect(getMoney(entity, 'revenue')).toBe(100.5);
    expect(getOptionSetValue(entity, 'statuscode')).toBe(1);
    expect(getEntityReference(entity, 'primarycontactid')?.logicalName).toBe('contact');
    expect(getNumber(entity, 'numberofemployees')).toBe(42);
    expect(getBoolean(entity, 'donotemail')).toBe(false);
    expect(getDate(entity, 'modifiedon')?.getTime()).toBe(Date.UTC(2024, 4, 1, 13, 45, 10, 123));
  });

  it('tells a cleared attribute (null) from an absent one (undefined)', () => {
    // Act & Assess
    expect(getAttribute(account, 'telephone1')).toBeNull();
    expect(getAttribute(account, 'fax')).toBeUndefined();
    expect(getString(account, 'telephone1')).toBeUndefined();
    expect(getAttribute(account, 'toString')).toBeUndefined();
  });

  it('reads message parameters by kind, and refuses another kind', () => {
    // Prepare: a custom action's parameters.
    const inputs: Record<string, Value> = {
      Amount: { kind: 'Money', value: 250.5 },
      Customer: { kind: 'EntityReference', logicalName: 'account', id: '6420f001-c3d1-ee11-9ae6-000d3a680001', name: null, keyAttributes: {}, rowVersion: null },
      Note: 'rush',
      Quantity: 3,
      Express: true,
      Cleared: null,
      Ids: ['a', 'b'],
    };
    // Act
    const read = [
      getParameter(inputs, 'Amount', 'Money')?.value,
      getParameter(inputs, 'Customer', 'EntityReference')?.logicalName,
      getParameter(inputs, 'Note', 'string'),
      getParameter(inputs, 'Quantity', 'number'),
      getParameter(inputs, 'Express', 'boolean'),
      getParameter(inputs, 'Cleared', 'string'),
      getParameter(inputs, 'Missing', 'Money'),
      getParameter(inputs, 'Ids', 'array'),
    ];
    // Assess
    expect(read).toEqual([250.5, 'account', 'rush', 3, true, undefined, undefined, ['a', 'b']]);
    expectTypeOf(getParameter(inputs, 'Amount', 'Money')).toEqualTypeOf<Money | undefined>();
    expectTypeOf(getParameter(inputs, 'Quantity', 'number')).toEqualTypeOf<number | undefined>();
    expect(() => getParameter(inputs, 'Quantity', 'Money')).toThrow(new AttributeTypeError('Parameter Quantity is a number, not a Money'));
    expect(() => getParameter(inputs, 'Amount', 'EntityReference')).toThrow(/Parameter Amount is a Money, not an EntityReference/);
  });

  it('reads only ISO 8601 text as a date', () => {
    // Prepare: a text attribute that Date would read as March 2001.
    const row: Entity = { ...account, attributes: { ...account.attributes, code: '3', when: '2024-05-01T10:00:00.000Z' } };
    // Act / Assess
    expect(getDate(row, 'when')?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(() => getDate(row, 'code')).toThrow(new AttributeTypeError('Attribute account.code is not a date: "3"'));
  });

  it('reads an image the step did not register (null or undefined) as having no attributes', () => {
    // Prepare
    const noImage: Entity | null = null;
    // Act
    const values = [getMoney(noImage, 'creditlimit'), getOptionSetValue(undefined, 'statuscode'), getString(noImage, 'name'), getDate(noImage, 'modifiedon'), getAttribute(undefined, 'name')];
    // Assess
    expect(values).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('throws an AttributeTypeError (a TypeError) naming the attribute when the kind is not the one asked for', () => {
    // Act & Assess
    expect(() => getMoney(account, 'statuscode')).toThrow(new AttributeTypeError('Attribute account.statuscode is an OptionSetValue, not a Money'));
    expect(() => getMoney(account, 'statuscode')).toThrow(TypeError);
    expect(() => getString(account, 'numberofemployees')).toThrow(/account\.numberofemployees is a number, not a string/);
  });

  it('narrows types', () => {
    // Act
    const owner = getTyped(account, 'primarycontactid', 'EntityReference');

    // Assess
    expectTypeOf(owner).toEqualTypeOf<EntityReference | undefined>();
    expect(isKind(account, 'Entity')).toBe(true);
    expect(isKind([account], 'Entity')).toBe(false);
  });

  it('accepts its test entity as a valid model entity', () => {
    // Act & Assess
    expect(entitySchema.safeParse(account).success).toBe(true);
  });
});

describe('getTarget', () => {
  it('returns the Target entity or reference, or undefined', () => {
    // Prepare
    const context = { inputParameters: { Target: account } } as unknown as RemoteExecutionContext;
    const truncated = { inputParameters: {} } as unknown as RemoteExecutionContext;

    // Act & Assess
    expect(getTarget(context)).toBe(account);
    expect(getTarget(truncated)).toBeUndefined();
  });
});

/**
 * DCJS values → model values: primitives, dates, `__type`-tagged objects (Entity, EntityReference, Money, ...),
 * arrays, and the `[{key, value}]` collections they live in.
 *
 * One tight walk over the output of `JSON.parse`: no regex on the hot path, no intermediate copies.
 */
import type {
  AliasedValue,
  BooleanManagedProperty,
  Entity,
  EntityCollection,
  EntityReference,
  EntityReferenceCollection,
  EntityRole,
  EntityState,
  Money,
  OptionSetValue,
  OptionSetValueCollection,
  RelatedEntities,
  Relationship,
  Unknown,
  Value,
} from '../model';
import { dcjsDateMs } from './dcjsDate';
import { describeJson as describe, isJsonObject, type JsonObject, type JsonWalk } from './jsonWalk';
import { plainJson } from './plainJson';
import { setMember } from './setMember';
import { TYPE_HINT_MEMBER, typeNameOf, typeNamespaceOf } from './typeHint';

const ENTITY_STATES: readonly EntityState[] = ['Unchanged', 'Created', 'Changed'];
const ENTITY_ROLES: readonly EntityRole[] = ['Referencing', 'Referenced'];
const COLON = 0x3a;
const SLASH = 0x2f;

/** The contract name given to an object that arrives in a value slot without a `__type` hint. */
export const UNTYPED_OBJECT_TYPE = 'Object';

/**
 * A value from an `object`-typed slot (a parameter, an attribute, a shared variable, a key attribute, an aliased
 * value): strings that are exactly `/Date(ms)/` become dates, objects are read by their `__type`, arrays by their
 * items.
 *
 * @example
 * ```ts
 * readValue(walk, { __type: 'Money:http://schemas.microsoft.com/xrm/2011/Contracts', Value: 100.5 }); // { kind: 'Money', value: 100.5 }
 * readValue(walk, '/Date(1697398445000)/'); // '2023-10-15T19:34:05.000Z'
 * ```
 */
export function readValue(walk: JsonWalk, value: unknown): Value {
  // `typeof x === '…'` tests compile to type checks; a `switch (typeof x)` builds the type name first.
  if (typeof value === 'string') {
    if (value.length > walk.maxStringLength) return walk.string(value);
    // Only a string that starts with `/` may be a date; `dcjsDateMs` checks the rest.
    if (value.charCodeAt(0) === SLASH) {
      const ms = dcjsDateMs(value);
      if (ms !== undefined) return walk.isoDate(ms);
    }
    return value;
  }
  if (typeof value === 'object') {
    if (value === null) return null;
    return Array.isArray(value) ? readArray(walk, value) : readTypedObject(walk, value as JsonObject);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

/** `__type` namespace of the contracts the model knows (DCJS writes `Name:namespace`; `\/` is `/` once parsed). */
const XRM_2011_HINT_SUFFIX = ':http://schemas.microsoft.com/xrm/2011/Contracts';

/** Whether a `__type` hint is exactly `<name of nameLength chars>:http://schemas.microsoft.com/xrm/2011/Contracts`. */
function inXrm2011(hint: string, nameLength: number): boolean {
  return hint.length === nameLength + XRM_2011_HINT_SUFFIX.length && hint.endsWith(XRM_2011_HINT_SUFFIX);
}

/** An object in a value slot, by its `__type` contract name (a known name in another namespace is `Unknown`). */
function readTypedObject(walk: JsonWalk, object: JsonObject): Value {
  const hint = object[TYPE_HINT_MEMBER];
  if (typeof hint !== 'string') return readUnknown(walk, object, UNTYPED_OBJECT_TYPE, null);
  const known = inXrm2011(hint, hint.indexOf(':'));
  if (!known) return readUnknown(walk, object, typeNameOf(hint), typeNamespaceOf(hint));
  // A known name is followed by the first `:`: test that character, then compare in place (no substring is cut on
  // this hot path). Most frequent first.
  if (hint.charCodeAt(6) === COLON && hint.startsWith('Entity')) return readEntity(walk, object);
  if (hint.charCodeAt(15) === COLON && hint.startsWith('EntityReference')) return readEntityReference(walk, object);
  if (hint.charCodeAt(14) === COLON && hint.startsWith('OptionSetValue')) return readOptionSetValue(walk, object);
  if (hint.charCodeAt(5) === COLON && hint.startsWith('Money')) return readMoney(walk, object);
  if (hint.charCodeAt(16) === COLON && hint.startsWith('EntityCollection')) return readEntityCollection(walk, object);
  if (hint.charCodeAt(12) === COLON) {
    if (hint.startsWith('AliasedValue')) return readAliasedValue(walk, object);
    if (hint.startsWith('Relationship')) return readRelationship(walk, object);
  }
  if (hint.charCodeAt(22) === COLON && hint.startsWith('BooleanManagedProperty')) return readBooleanManagedProperty(walk, object);
  return readUnknown(walk, object, typeNameOf(hint), typeNamespaceOf(hint));
}

/**
 * An array in a value slot. DCJS writes collection types as bare arrays whose items carry their own `__type`, so
 * the items decide: all `OptionSetValue` → `OptionSetValueCollection` (a multi-select choice), all
 * `EntityReference` → `EntityReferenceCollection`; anything else (`Entity[]`, `Guid[]`, `string[]`, mixed, empty)
 * stays an array.
 */
function readArray(walk: JsonWalk, array: readonly unknown[]): Value {
  const length = array.length;
  walk.checkArray(length);
  walk.enter(1);
  const items: Value[] = new Array<Value>(length);
  let optionSets = length > 0;
  let references = length > 0;
  for (let i = 0; i < length; i++) {
    walk.push(i);
    const item = readValue(walk, array[i]);
    walk.pop();
    items[i] = item;
    if (optionSets || references) {
      const kind = typeof item === 'object' && item !== null && !Array.isArray(item) ? item.kind : undefined;
      if (kind !== 'OptionSetValue') optionSets = false;
      if (kind !== 'EntityReference') references = false;
    }
  }
  walk.leave(1);
  if (optionSets) {
    const values: number[] = new Array<number>(length);
    for (let i = 0; i < length; i++) values[i] = (items[i] as OptionSetValue).value;
    return { kind: 'OptionSetValueCollection', values } satisfies OptionSetValueCollection;
  }
  if (references) return { kind: 'EntityReferenceCollection', references: items as EntityReference[] } satisfies EntityReferenceCollection;
  return items;
}

/**
 * An `Entity` object (a Target, an image, an item of `EntityCollection.Entities`); its `__type`, if any, is ignored.
 *
 * @example
 * ```ts
 * readEntity(walk, { Attributes: [], EntityState: null, FormattedValues: [], Id: '…', KeyAttributes: [],
 *   LogicalName: 'account', RelatedEntities: [], RowVersion: null });
 * ```
 */
export function readEntity(walk: JsonWalk, object: JsonObject): Entity {
  walk.enter(1);
  const entity: Entity = {
    kind: 'Entity',
    logicalName: walk.string(object.LogicalName, 'LogicalName') as string,
    id: walk.guid(object.Id, 'Id') as string,
    attributes: readValueCollection(walk, object.Attributes, 'Attributes'),
    formattedValues: readStringCollection(walk, object.FormattedValues, 'FormattedValues'),
    keyAttributes: readValueCollection(walk, object.KeyAttributes, 'KeyAttributes'),
    relatedEntities: readRelatedEntities(walk, object.RelatedEntities),
    rowVersion: walk.string(object.RowVersion, 'RowVersion'),
    entityState: readEnum(walk, object.EntityState, ENTITY_STATES, 'EntityState'),
  };
  walk.leave(1);
  return entity;
}

/**
 * An `EntityReference` object (a lookup value, `OwningExtension`); its `__type`, if any, is ignored.
 *
 * @example
 * ```ts
 * readEntityReference(walk, { Id: '…', KeyAttributes: [], LogicalName: 'systemuser', Name: null, RowVersion: null });
 * ```
 */
export function readEntityReference(walk: JsonWalk, object: JsonObject): EntityReference {
  walk.enter(1);
  const reference: EntityReference = {
    kind: 'EntityReference',
    logicalName: walk.string(object.LogicalName, 'LogicalName') as string,
    id: walk.guid(object.Id, 'Id') as string,
    name: walk.string(object.Name, 'Name'),
    keyAttributes: readValueCollection(walk, object.KeyAttributes, 'KeyAttributes'),
    rowVersion: walk.string(object.RowVersion, 'RowVersion'),
  };
  walk.leave(1);
  return reference;
}

function readOptionSetValue(walk: JsonWalk, object: JsonObject): OptionSetValue {
  return { kind: 'OptionSetValue', value: walk.int(object.Value, 'Value') as number };
}

function readMoney(walk: JsonWalk, object: JsonObject): Money {
  return { kind: 'Money', value: walk.number(object.Value, 'Value') as number };
}

function readBooleanManagedProperty(walk: JsonWalk, object: JsonObject): BooleanManagedProperty {
  return {
    kind: 'BooleanManagedProperty',
    value: walk.boolean(object.Value, 'Value') as boolean,
    canBeChanged: walk.boolean(object.CanBeChanged, 'CanBeChanged') as boolean,
    managedPropertyLogicalName: walk.string(object.ManagedPropertyLogicalName, 'ManagedPropertyLogicalName') as string,
  };
}

function readAliasedValue(walk: JsonWalk, object: JsonObject): AliasedValue {
  walk.enter(1);
  walk.push('Value');
  const value = readValue(walk, object.Value);
  walk.pop();
  walk.leave(1);
  return {
    kind: 'AliasedValue',
    entityLogicalName: walk.string(object.EntityLogicalName, 'EntityLogicalName') as string,
    attributeLogicalName: walk.string(object.AttributeLogicalName, 'AttributeLogicalName') as string,
    value,
  };
}

/** A `Relationship` object (an Associate parameter, a `RelatedEntities` key). */
function readRelationship(walk: JsonWalk, object: JsonObject): Relationship {
  return {
    kind: 'Relationship',
    schemaName: walk.string(object.SchemaName, 'SchemaName') as string,
    primaryEntityRole: readEnum(walk, object.PrimaryEntityRole, ENTITY_ROLES, 'PrimaryEntityRole'),
  };
}

/**
 * An `EntityCollection` object (a RetrieveMultiple result, a party list such as `to` or `requiredattendees`).
 *
 * @example
 * ```ts
 * readEntityCollection(walk, { Entities: [], EntityName: 'activityparty', MinActiveRowVersion: '-1',
 *   MoreRecords: false, PagingCookie: null, TotalRecordCount: -1, TotalRecordCountLimitExceeded: false });
 * ```
 */
export function readEntityCollection(walk: JsonWalk, object: JsonObject): EntityCollection {
  walk.enter(1);
  const collection: EntityCollection = {
    kind: 'EntityCollection',
    entityName: walk.string(object.EntityName, 'EntityName'),
    entities: readEntities(walk, object.Entities),
    moreRecords: walk.boolean(object.MoreRecords, 'MoreRecords') as boolean,
    pagingCookie: walk.string(object.PagingCookie, 'PagingCookie'),
    totalRecordCount: walk.int(object.TotalRecordCount, 'TotalRecordCount') as number,
    totalRecordCountLimitExceeded: walk.boolean(object.TotalRecordCountLimitExceeded, 'TotalRecordCountLimitExceeded') as boolean,
    minActiveRowVersion: walk.string(object.MinActiveRowVersion, 'MinActiveRowVersion'),
  };
  walk.leave(1);
  return collection;
}

/** `EntityCollection.Entities`: a declared `Entity` array (items carry no `__type`). */
function readEntities(walk: JsonWalk, value: unknown): Entity[] {
  if (value === null || value === undefined) return [];
  const array = expectArray(walk, value, 'Entities');
  walk.push('Entities');
  walk.checkArray(array.length);
  walk.enter(1);
  const entities: Entity[] = new Array<Entity>(array.length);
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    if (!isJsonObject(item)) throw walk.error('NOT_A_CONTEXT', `Expected an Entity object, got ${describe(item)}`, i);
    walk.push(i);
    entities[i] = readEntity(walk, item);
    walk.pop();
  }
  walk.leave(1);
  walk.pop();
  return entities;
}

/** `Entity.RelatedEntities`: `[{key: Relationship, value: EntityCollection}]`. */
function readRelatedEntities(walk: JsonWalk, value: unknown): RelatedEntities[] {
  if (value === null || value === undefined) return [];
  const array = expectArray(walk, value, 'RelatedEntities');
  if (array.length === 0) return [];
  walk.push('RelatedEntities');
  walk.checkArray(array.length);
  walk.enter(2);
  const related: RelatedEntities[] = new Array<RelatedEntities>(array.length);
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    if (!isJsonObject(item)) throw walk.error('NOT_A_CONTEXT', `Expected a {key, value} object, got ${describe(item)}`, i);
    walk.push(i);
    if (!isJsonObject(item.key)) throw walk.error('NOT_A_CONTEXT', `Expected a Relationship object, got ${describe(item.key)}`, 'key');
    if (!isJsonObject(item.value)) throw walk.error('NOT_A_CONTEXT', `Expected an EntityCollection object, got ${describe(item.value)}`, 'value');
    walk.enter(1);
    walk.push('key');
    const relationship = readRelationship(walk, item.key);
    walk.pop();
    walk.leave(1);
    walk.push('value');
    const entities = readEntityCollection(walk, item.value);
    walk.pop();
    walk.pop();
    related[i] = { relationship, entities };
  }
  walk.leave(2);
  walk.pop();
  return related;
}

/**
 * A `[{key, value}]` collection of values (parameters, attributes, key attributes, shared variables) as an object
 * keyed by `key`. Missing or `null` → `{}`. A repeated key keeps the last value.
 *
 * @example
 * ```ts
 * readValueCollection(walk, [{ key: 'name', value: 'Contoso' }], 'Attributes'); // { name: 'Contoso' }
 * ```
 */
export function readValueCollection(walk: JsonWalk, value: unknown, member: string): Record<string, Value> {
  const out: Record<string, Value> = {};
  if (value === null || value === undefined) return out;
  const array = expectArray(walk, value, member);
  const length = array.length;
  if (length === 0) return out;
  walk.push(member);
  walk.checkArray(length);
  walk.enter(2);
  for (let i = 0; i < length; i++) {
    const item = expectPair(walk, array[i], i);
    const key = item.key as string;
    walk.push(key);
    setMember(out, key, readValue(walk, item.value));
    walk.pop();
  }
  walk.leave(2);
  walk.pop();
  return out;
}

/**
 * A `[{key, value}]` collection of declared `Entity` values (`PreEntityImages`, `PostEntityImages`).
 *
 * @example
 * ```ts
 * readEntityImages(walk, [{ key: 'PreImage', value: { LogicalName: 'account', … } }], 'PreEntityImages');
 * ```
 */
export function readEntityImages(walk: JsonWalk, value: unknown, member: string): Record<string, Entity> {
  const out: Record<string, Entity> = {};
  if (value === null || value === undefined) return out;
  const array = expectArray(walk, value, member);
  const length = array.length;
  if (length === 0) return out;
  walk.push(member);
  walk.checkArray(length);
  walk.enter(2);
  for (let i = 0; i < length; i++) {
    const item = expectPair(walk, array[i], i);
    const key = item.key as string;
    const image = item.value;
    if (!isJsonObject(image)) throw walk.error('NOT_A_CONTEXT', `Expected an Entity object, got ${describe(image)}`, key);
    walk.push(key);
    setMember(out, key, readEntity(walk, image));
    walk.pop();
  }
  walk.leave(2);
  walk.pop();
  return out;
}

/** `Entity.FormattedValues`: a `[{key, value}]` collection of strings. */
function readStringCollection(walk: JsonWalk, value: unknown, member: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || value === undefined) return out;
  const array = expectArray(walk, value, member);
  const length = array.length;
  if (length === 0) return out;
  walk.push(member);
  walk.checkArray(length);
  walk.enter(2);
  for (let i = 0; i < length; i++) {
    const item = expectPair(walk, array[i], i);
    const key = item.key as string;
    const text = item.value;
    // A null formatted value has no display text: leave the key out rather than break the string-only map.
    if (text === null || text === undefined) continue;
    setMember(out, key, walk.string(text, key) as string);
  }
  walk.leave(2);
  walk.pop();
  return out;
}

/** Any other typed object: kept as `Unknown` with its members as plain data. */
function readUnknown(walk: JsonWalk, object: JsonObject, type: string, namespace: string | null): Unknown {
  return { kind: 'Unknown', type, namespace, value: plainJson(walk, object) };
}

/** A numeric enum (`EntityState`, `EntityRole`) as its name. */
function readEnum<T extends string>(walk: JsonWalk, value: unknown, names: readonly T[], leaf: string): T | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    const name = names[value];
    if (name !== undefined) return name;
  }
  throw walk.error('INVALID_VALUE', `Expected ${leaf} ${names.map((n, i) => `${i} (${n})`).join(', ')} or null, got ${describe(value)}`, leaf);
}

function expectArray(walk: JsonWalk, value: unknown, member: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw walk.error('NOT_A_CONTEXT', `Expected an array, got ${describe(value)}`, member);
}

/** An item of a `[{key, value}]` collection; the key must be a string. */
function expectPair(walk: JsonWalk, item: unknown, index: number): JsonObject {
  if (!isJsonObject(item)) throw walk.error('NOT_A_CONTEXT', `Expected a {key, value} object, got ${describe(item)}`, index);
  if (typeof item.key !== 'string') throw walk.error('NOT_A_CONTEXT', `Expected a string key, got ${describe(item.key)}`, index);
  return item;
}

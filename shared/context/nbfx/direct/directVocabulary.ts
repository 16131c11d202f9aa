/**
 * What the direct decoder expects to see: the namespaces, member element starts (in DataContractSerializer order),
 * `i:type` names and whole attribute blocks of a `RemoteExecutionContext` as Dataverse writes it, as byte templates.
 */
import { byteTemplate, holdsBytes, type ByteTemplate } from './byteTemplate';

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

/** Namespace ids (0 = unbound / unknown). */
export const Ns = { Xrm: 1, Xsi: 2, Generic: 3, Serialization: 4, Xsd: 5, Arrays: 6, Xrm71: 7, Xrm90: 8 } as const;

const XRM_URI = 'http://schemas.microsoft.com/xrm/2011/Contracts';
const XSI_URI = 'http://www.w3.org/2001/XMLSchema-instance';
const XSD_URI = 'http://www.w3.org/2001/XMLSchema';
const SERIALIZATION_URI = 'http://schemas.microsoft.com/2003/10/Serialization/';

/** The namespace URIs a body may bind, with their ids. */
export const NAMESPACES: readonly { readonly id: number; readonly uri: ByteTemplate }[] = (
  [
    [Ns.Xrm, XRM_URI],
    [Ns.Xsi, XSI_URI],
    [Ns.Generic, 'http://schemas.datacontract.org/2004/07/System.Collections.Generic'],
    [Ns.Serialization, SERIALIZATION_URI],
    [Ns.Xsd, XSD_URI],
    [Ns.Arrays, 'http://schemas.microsoft.com/2003/10/Serialization/Arrays'],
    [Ns.Xrm71, 'http://schemas.microsoft.com/xrm/7.1/Contracts'],
    [Ns.Xrm90, 'http://schemas.microsoft.com/xrm/9.0/Contracts'],
  ] as const
).map(([id, uri]) => ({ id, uri: byteTemplate(latin1(uri)) }));

/** The namespaces by URI length (most lengths hold one), so that a declaration costs one compare. */
export const NAMESPACES_BY_LENGTH: (typeof NAMESPACES)[] = [];
for (const ns of NAMESPACES) NAMESPACES_BY_LENGTH[ns.uri.length] = [...(NAMESPACES_BY_LENGTH[ns.uri.length] ?? []), ns];

/** A ShortElement record (0x40) with this local name. */
const elementStart = (name: string): ByteTemplate => byteTemplate([0x40, name.length, ...latin1(name)]);
const members = (names: readonly string[]): ByteTemplate[] => names.map(elementStart);

/** Members of each contract in DataContractSerializer (alphabetical) order: the index is the member's number. */
export const CONTEXT_MEMBERS = members([
  'BusinessUnitId', 'CorrelationId', 'Depth', 'InitiatingUserAgent', 'InitiatingUserAzureActiveDirectoryObjectId',
  'InitiatingUserId', 'InputParameters', 'IsExecutingOffline', 'IsInTransaction', 'IsOfflinePlayback', 'IsolationMode',
  'MessageName', 'Mode', 'OperationCreatedOn', 'OperationId', 'OrganizationId', 'OrganizationName', 'OutputParameters',
  'OwningExtension', 'ParentContext', 'PostEntityImages', 'PreEntityImages', 'PrimaryEntityId', 'PrimaryEntityName',
  'RequestId', 'SecondaryEntityName', 'SharedVariables', 'Stage', 'UserAzureActiveDirectoryObjectId', 'UserId',
]);
export const ENTITY_MEMBERS = members(['Attributes', 'EntityState', 'FormattedValues', 'Id', 'KeyAttributes', 'LogicalName', 'RelatedEntities', 'RowVersion']);
export const REFERENCE_MEMBERS = members(['Id', 'KeyAttributes', 'LogicalName', 'Name', 'RowVersion']);
export const COLLECTION_MEMBERS = members(['Entities', 'EntityName', 'MinActiveRowVersion', 'MoreRecords', 'PagingCookie', 'TotalRecordCount', 'TotalRecordCountLimitExceeded']);
export const ALIASED_MEMBERS = members(['AttributeLogicalName', 'EntityLogicalName', 'Value']);
export const RELATIONSHIP_MEMBERS = members(['PrimaryEntityRole', 'SchemaName']);
export const MANAGED_PROPERTY_MEMBERS = members(['CanBeChanged', 'ManagedPropertyLogicalName', 'Value']);
export const VALUE_ONLY = members(['Value']);
export const ENTITY_ELEMENT = elementStart('Entity');

/** Collection item names (`KeyValuePairOf…`, in System.Collections.Generic). */
export const ITEM_NAMES = ['KeyValuePairOfstringanyType', 'KeyValuePairOfstringstring', 'KeyValuePairOfstringEntitygUGIFE1S', 'KeyValuePairOfRelationshipEntityCollectionX_PsK4FkN'].map(
  (name) => byteTemplate(latin1(name)),
);
export const KEY_NAME = latin1('key');
export const VALUE_NAME = latin1('value');

/** `<RemoteExecutionContext xmlns="xrm 2011" xmlns:i="XMLSchema-instance">`, as Dataverse writes it. */
export const ROOT_START = byteTemplate([0x40, 22, ...latin1('RemoteExecutionContext'), 0x08, XRM_URI.length, ...latin1(XRM_URI), 0x09, 1, 0x69, XSI_URI.length, ...latin1(XSI_URI)]);
/** `i:nil="true"` then EndElement. */
export const NIL_END = Uint8Array.from([0x2e, 3, 0x6e, 0x69, 0x6c, 0x86, 0x01]);

/** `i:type` local names the direct decoder maps (ids; 0 = not one of them). */
export const T = {
  string: 1, anyURI: 2, normalizedString: 3, token: 4, boolean: 5, dateTime: 6, int: 7, long: 8, short: 9, byte: 10,
  unsignedByte: 11, unsignedShort: 12, unsignedInt: 13, unsignedLong: 14, integer: 15, double: 16, float: 17, decimal: 18,
  guid: 19, Entity: 20, EntityReference: 21, OptionSetValue: 22, Money: 23, EntityCollection: 24, AliasedValue: 25,
  Relationship: 26, EntityReferenceCollection: 27, BooleanManagedProperty: 28, OptionSetValueCollection: 29,
  ArrayOfOptionSetValue: 30, ArrayOfEntity: 31, ArrayOfEntityReference: 32, ArrayOfstring: 33, ArrayOfguid: 34,
  ArrayOfint: 35, ArrayOflong: 36, ArrayOfdouble: 37, ArrayOfdecimal: 38, ArrayOfdateTime: 39, ArrayOfboolean: 40,
  // Contracts the model does not map: an Unknown with a generic rendering (see directGeneric.ts).
  QueryExpression: 41, QueryByAttribute: 42, FetchExpression: 43, ColumnSet: 44,
} as const;

/** The local name of each type id. */
export const TYPE_NAMES: readonly string[] = Object.entries(T).reduce<string[]>((names, [name, id]) => {
  names[id] = name;
  return names;
}, []);

/** Whether a type id (in the xrm 2011 namespace) is a contract the model keeps as an Unknown. */
export function isUnknownContract(t: number): boolean {
  return t >= T.QueryExpression && t <= T.ColumnSet;
}

/** The xrm 2011 namespace URI (the `namespace` of an Unknown). */
export const XRM_2011 = XRM_URI;

/** Type names by length, so that a lookup compares only names of the right length. */
const TYPES_BY_LENGTH: { id: number; name: Uint8Array }[][] = [];
for (const [name, id] of Object.entries(T)) (TYPES_BY_LENGTH[name.length] ??= []).push({ id, name: latin1(name) });

/**
 * The id of the type local name at `bytes[start, start + length)`, 0 when the direct decoder does not map it.
 *
 * @example
 * ```ts
 * typeId(Buffer.from('b:string'), 2, 6); // T.string
 * ```
 */
export function typeId(bytes: Uint8Array, start: number, length: number): number {
  const list = TYPES_BY_LENGTH[length];
  if (list !== undefined) for (const type of list) if (holdsBytes(bytes, start, type.name)) return type.id;
  return 0;
}

/** Whether a type id is one of the XSD integer types (all read as a JS integer). */
export function isIntegerType(t: number): boolean {
  return t >= T.int && t <= T.integer;
}

/** A whole `i:type` attribute (and the declaration of its prefix) as Dataverse writes it for a common value. */
export interface AttributeBlock {
  readonly template: ByteTemplate;
  readonly ns: number;
  readonly type: number;
  /** The prefix it declares (0 = a … 25 = z), -1 when none. */
  readonly declares: number;
}

/**
 * Blocks by (type text length, its last byte) — see {@link blockIndex} — for `i:type="b:string"` + `xmlns:b="XSD"`
 * (primitives, prefixes b or c), or `i:type="Entity"` alone (xrm 2011 contracts, the default namespace). An array,
 * not a Map: the lookup happens on almost every value element.
 */
export const ATTRIBUTE_BLOCKS: (AttributeBlock[] | undefined)[] = new Array<AttributeBlock[] | undefined>(64 * 256).fill(undefined);

/** The index in {@link ATTRIBUTE_BLOCKS} of a type text of `length` bytes ending in byte `last` (-1: none kept). */
export const blockIndex = (length: number, last: number): number => (length < 64 ? (length << 8) | last : -1);

function addBlock(typeText: string, nsUri: string | null, ns: number, type: number): void {
  const text = latin1(typeText);
  const parts = [0x2e, 4, 0x74, 0x79, 0x70, 0x65, 0x98, text.length, ...text];
  if (nsUri !== null) parts.push(0x09, 1, text[0]!, nsUri.length, ...latin1(nsUri));
  const index = blockIndex(text.length, text[text.length - 1]!);
  const list = (ATTRIBUTE_BLOCKS[index] ??= []);
  list.push({ template: byteTemplate(parts), ns, type, declares: nsUri === null ? -1 : text[0]! - 0x61 });
}
for (const prefix of ['b', 'c']) {
  for (const name of ['string', 'boolean', 'dateTime', 'int', 'long', 'double', 'decimal', 'float', 'short'] as const) addBlock(`${prefix}:${name}`, XSD_URI, Ns.Xsd, T[name]);
  addBlock(`${prefix}:guid`, SERIALIZATION_URI, Ns.Serialization, T.guid);
}
for (const name of ['Entity', 'EntityReference', 'OptionSetValue', 'Money', 'EntityCollection', 'AliasedValue', 'Relationship', 'EntityReferenceCollection', 'BooleanManagedProperty'] as const) {
  addBlock(name, null, Ns.Xrm, T[name]);
}

export const ENTITY_STATES = ['Unchanged', 'Created', 'Changed'] as const;
export const ENTITY_ROLES = ['Referencing', 'Referenced'] as const;

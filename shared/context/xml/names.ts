/**
 * The names a `RemoteExecutionContext` is made of (members, `KeyValuePairOf…` items, `i:type` names) and its namespace
 * URIs, each with a small integer id. The pull readers resolve an element's local name, an `i:type` and an xmlns URI
 * to its id straight from the bytes or characters (no string made), and the mapping switches on ids; a name outside
 * the table gets id {@link UNKNOWN_NAME} and its string on demand. .NET's `XmlDictionaryString` plays the same role.
 */
import {
  GENERIC_COLLECTIONS_NS,
  SERIALIZATION_ARRAYS_NS,
  SERIALIZATION_NS,
  XML_NS,
  XMLNS_NS,
  XRM_2011_NS,
  XRM_71_NS,
  XRM_90_NS,
  XSD_NS,
} from './namespaces';
import { XSI_NS } from './node';

const NAME_LIST = [
  '',
  // RemoteExecutionContext members
  'RemoteExecutionContext', 'BusinessUnitId', 'CorrelationId', 'Depth', 'InitiatingUserAgent',
  'InitiatingUserAzureActiveDirectoryObjectId', 'InitiatingUserId', 'InputParameters', 'IsExecutingOffline',
  'IsInTransaction', 'IsOfflinePlayback', 'IsolationMode', 'MessageName', 'Mode', 'OperationCreatedOn', 'OperationId',
  'OrganizationId', 'OrganizationName', 'OutputParameters', 'OwningExtension', 'ParentContext', 'PostEntityImages',
  'PreEntityImages', 'PrimaryEntityId', 'PrimaryEntityName', 'RequestId', 'SecondaryEntityName', 'SharedVariables',
  'Stage', 'UserAzureActiveDirectoryObjectId', 'UserId',
  // Entity, EntityReference, EntityCollection, AliasedValue, Relationship, BooleanManagedProperty members
  'Attributes', 'EntityState', 'FormattedValues', 'Id', 'KeyAttributes', 'LogicalName', 'RelatedEntities', 'RowVersion',
  'Name', 'Entities', 'EntityName', 'MinActiveRowVersion', 'MoreRecords', 'PagingCookie', 'TotalRecordCount',
  'TotalRecordCountLimitExceeded', 'AttributeLogicalName', 'EntityLogicalName', 'Value', 'SchemaName',
  'PrimaryEntityRole', 'CanBeChanged', 'ManagedPropertyLogicalName',
  // collection items
  'key', 'value', 'KeyValuePairOfstringanyType', 'KeyValuePairOfstringstring', 'KeyValuePairOfstringEntitygUGIFE1S',
  'KeyValuePairOfRelationshipEntityCollectionX_PsK4FkN',
  // xrm contracts (i:type)
  'Entity', 'EntityReference', 'OptionSetValue', 'Money', 'EntityCollection', 'EntityReferenceCollection',
  'AliasedValue', 'Relationship', 'BooleanManagedProperty', 'OptionSetValueCollection', 'ArrayOfOptionSetValue',
  'ArrayOfEntity', 'ArrayOfEntityReference',
  // XSD and Serialization primitives (i:type)
  'string', 'anyURI', 'normalizedString', 'token', 'int', 'long', 'short', 'byte', 'unsignedByte', 'unsignedShort',
  'unsignedInt', 'unsignedLong', 'integer', 'decimal', 'double', 'float', 'boolean', 'dateTime', 'base64Binary',
  'anyType', 'guid', 'char', 'duration',
  'ArrayOfstring', 'ArrayOfint', 'ArrayOfguid', 'ArrayOflong', 'ArrayOfanyType',
  // XMLSchema-instance attributes
  'type', 'nil',
] as const;

/** A name of the table. */
export type KnownName = (typeof NAME_LIST)[number];

/** The id of a name outside the table. */
export const UNKNOWN_NAME = 0;
/** The `typeName` of an element without `i:type`. */
export const NO_TYPE = -1;

/** Name → id (`N.Depth`, `N.KeyValuePairOfstringanyType`, `N.string`...). */
export const N: { readonly [K in KnownName]: number } = Object.freeze(Object.fromEntries(NAME_LIST.map((name, i) => [name, i]))) as {
  readonly [K in KnownName]: number;
};

/** Id → name. */
export const NAME_STRINGS: readonly string[] = NAME_LIST;

const URI_LIST = ['', XRM_2011_NS, XSI_NS, XSD_NS, SERIALIZATION_NS, SERIALIZATION_ARRAYS_NS, XRM_90_NS, XRM_71_NS, GENERIC_COLLECTIONS_NS, XML_NS, XMLNS_NS] as const;

/** Namespace ids. `NS.None` is the empty namespace; a URI outside the table has id {@link NS_OTHER}. */
export const NS = Object.freeze({
  None: 0,
  Xrm2011: 1,
  Xsi: 2,
  Xsd: 3,
  Serialization: 4,
  SerializationArrays: 5,
  Xrm90: 6,
  Xrm71: 7,
  GenericCollections: 8,
  Xml: 9,
  Xmlns: 10,
});
/** The id of a namespace URI outside the table. */
export const NS_OTHER = -2;

/** Id → URI. */
export const URI_STRINGS: readonly string[] = URI_LIST;

/**
 * An open-addressing table from ASCII strings to ids, looked up from UTF-8 bytes or from characters of a string
 * without making a string first.
 */
export class NameTable {
  private readonly size: number;
  /** Slot → id + 1 (0 = empty). */
  private readonly slots: Int32Array;
  private readonly strings: readonly string[];
  /** The bytes of every string, string i at `offsets[i]`. */
  private readonly bytes: Uint8Array;
  private readonly offsets: Int32Array;
  private readonly view: DataView;

  public constructor(strings: readonly string[], size: number) {
    this.size = size;
    this.strings = strings;
    this.slots = new Int32Array(size);
    this.offsets = new Int32Array(strings.length + 1);
    let total = 0;
    strings.forEach((s, i) => {
      this.offsets[i] = total;
      total += s.length;
    });
    this.offsets[strings.length] = total;
    this.bytes = new Uint8Array(total);
    this.view = new DataView(this.bytes.buffer);
    strings.forEach((s, i) => {
      for (let k = 0; k < s.length; k++) this.bytes[this.offsets[i]! + k] = s.charCodeAt(k);
      if (s.length === 0) return;
      let slot = NameTable.hash(s.length, s.charCodeAt(0), s.charCodeAt(s.length - 1), s.charCodeAt(s.length >> 1)) & (size - 1);
      while (this.slots[slot] !== 0) slot = (slot + 1) & (size - 1);
      this.slots[slot] = i + 1;
    });
  }

  private static hash(length: number, first: number, last: number, middle: number): number {
    return length * 7 + first * 31 + last * 17 + middle * 13;
  }

  /**
   * The id of the UTF-8 bytes `[start, end)` of `src` (`srcView` is a DataView on the same bytes), or 0 (also the id
   * of `''`) when they are not in the table. Bytes are compared four at a time.
   */
  public fromBytes(src: Uint8Array, srcView: DataView, start: number, end: number): number {
    const length = end - start;
    if (length === 0) return 0;
    const mask = this.size - 1;
    let slot = NameTable.hash(length, src[start]!, src[end - 1]!, src[start + (length >> 1)]!) & mask;
    const { slots, offsets, view } = this;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) return 0;
      const id = entry - 1;
      const at = offsets[id]!;
      if (offsets[id + 1]! - at === length) {
        let k = 0;
        while (k + 4 <= length && srcView.getUint32(start + k, true) === view.getUint32(at + k, true)) k += 4;
        if (k + 4 > length) {
          while (k < length && src[start + k] === this.bytes[at + k]) k++;
          if (k === length) return id;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The id of the characters `[start, end)` of `text`, or 0 when they are not in the table. */
  public fromChars(text: string, start: number, end: number): number {
    const length = end - start;
    if (length === 0) return 0;
    const mask = this.size - 1;
    let slot = NameTable.hash(length, text.charCodeAt(start), text.charCodeAt(end - 1), text.charCodeAt(start + (length >> 1))) & mask;
    const { slots, strings } = this;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) return 0;
      const candidate = strings[entry - 1]!;
      // startsWith is a builtin compare, cheaper than a charCodeAt loop.
      if (candidate.length === length && text.startsWith(candidate, start)) return entry - 1;
      slot = (slot + 1) & mask;
    }
  }

  /** The id of a string, or 0. */
  public fromString(text: string): number {
    const length = text.length;
    if (length === 0) return 0;
    const mask = this.size - 1;
    let slot = NameTable.hash(length, text.charCodeAt(0), text.charCodeAt(length - 1), text.charCodeAt(length >> 1)) & mask;
    const { slots, strings } = this;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) return 0;
      // String equality is a native compare (and a pointer compare once V8 has internalized the string).
      if (strings[entry - 1] === text) return entry - 1;
      slot = (slot + 1) & mask;
    }
  }

  /** The string of an id. */
  public string(id: number): string {
    return this.strings[id]!;
  }
}

/** The element and type names. */
export const NAMES = new NameTable(NAME_STRINGS, 512);
/** The namespace URIs (`''` maps to 0 = {@link NS}.None). */
export const URIS = new NameTable(URI_STRINGS, 64);

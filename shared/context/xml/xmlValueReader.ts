/**
 * The mapping from DataContractSerializer elements to model values: the primitives (typed by `i:type`), the
 * `Microsoft.Xrm.Sdk` types and the key/value collections. Shared by text XML and .NET Binary XML.
 */
import { DecodeError } from '../errors';
import { limitExceeded, type DecodeLimits } from '../limits';
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
import { genericValue, setOwn } from './genericValue';
import { SERIALIZATION_ARRAYS_NS, SERIALIZATION_NS, XRM_2011_NS, XRM_90_NS, XSD_NS } from './namespaces';
import type { XmlNode } from './node';
import { textBoolean, textBytes, textChar, textDate, textDecimal, textDouble, textGuid, textInteger, textString } from './xmlText';

/** `path` + `.` + `name`, or `name` at the top. */
export function joinPath(path: string, name: string): string {
  return path.length === 0 ? name : `${path}.${name}`;
}

/**
 * A member the wire format did not carry (missing or `i:nil`). The model contract maps both to `null`, even where
 * the TypeScript type of the member is not nullable (Dataverse always sends those members in practice).
 */
export function absent<T>(): T {
  return null as T;
}

const ENTITY_STATES: ReadonlySet<string> = new Set<EntityState>(['Unchanged', 'Created', 'Changed']);
const ENTITY_ROLES: ReadonlySet<string> = new Set<EntityRole>(['Referencing', 'Referenced']);

/**
 * Reads model values from the element tree. One instance per decode (it carries the limits).
 *
 * @example
 * ```ts
 * const values = new XmlValueReader(DEFAULT_DECODE_LIMITS);
 * const target = values.value(valueElement, 'InputParameters.Target');
 * ```
 */
export class XmlValueReader {
  public constructor(private readonly limits: DecodeLimits) {}

  /** A value in an `object`-typed slot (parameters, attributes, shared variables): typed by its `i:type`. */
  public value(node: XmlNode, path: string): Value {
    if (node.nil) return null;
    const type = node.type;
    if (type === null) {
      // No i:type in an object slot: DCS never writes this; keep text as text, structure as Unknown.
      return node.children.length === 0 ? textString(node.text) : this.unknown('anyType', XSD_NS, node);
    }
    return this.typed(node, type.ns, type.local, path);
  }

  private typed(node: XmlNode, ns: string, local: string, path: string): Value {
    switch (ns) {
      case XSD_NS:
      case SERIALIZATION_NS: {
        const primitive = this.primitive(node, ns, local, path);
        if (primitive !== undefined) return primitive;
        break;
      }
      case SERIALIZATION_ARRAYS_NS: {
        const array = this.primitiveArray(node, local, path);
        if (array !== undefined) return array;
        break;
      }
      case XRM_2011_NS: {
        const xrm = this.xrm(node, local, path);
        if (xrm !== undefined) return xrm;
        break;
      }
      case XRM_90_NS:
        if (local === 'OptionSetValueCollection') return this.optionSetValueCollection(node, path);
        break;
    }
    return this.unknown(local, ns, node);
  }

  /** An XSD or Serialization primitive, or `undefined` when `local` names none. */
  private primitive(node: XmlNode, ns: string, local: string, path: string): Value | undefined {
    const text = node.text;
    if (ns === SERIALIZATION_NS) {
      switch (local) {
        case 'guid':
          return textGuid(text, path);
        case 'char':
          return textChar(text, path);
        case 'duration':
          return textString(text).trim();
        default:
          return undefined;
      }
    }
    switch (local) {
      case 'string':
      case 'anyURI':
      case 'normalizedString':
      case 'token':
        return textString(text);
      case 'int':
      case 'long':
      case 'short':
      case 'byte':
      case 'unsignedByte':
      case 'unsignedShort':
      case 'unsignedInt':
      case 'unsignedLong':
      case 'integer':
        return textInteger(text, path);
      case 'decimal':
        return textDecimal(text, path);
      case 'double':
      case 'float':
        return textDouble(text, path);
      case 'boolean':
        return textBoolean(text, path);
      case 'dateTime':
        return textDate(text, path);
      case 'base64Binary':
        return textBytes(text, path);
      case 'anyType':
        return node.children.length === 0 ? textString(text) : undefined;
      default:
        return undefined;
    }
  }

  /** `ArrayOfint`, `ArrayOfstring`, `ArrayOfguid`, `ArrayOfanyType`, ...; `undefined` for other array contracts. */
  private primitiveArray(node: XmlNode, local: string, path: string): Value[] | undefined {
    if (!local.startsWith('ArrayOf')) return undefined;
    const item = local.slice(7);
    const ns = item === 'guid' || item === 'char' || item === 'duration' ? SERIALIZATION_NS : XSD_NS;
    const children = this.items(node, path);
    const out: Value[] = new Array(children.length);
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as XmlNode;
      const itemPath = joinPath(path, String(i));
      if (child.nil) out[i] = null;
      else if (child.type !== null || item === 'anyType') out[i] = this.value(child, itemPath);
      else {
        const value = this.primitive(child, ns, item, itemPath);
        if (value === undefined) return undefined;
        out[i] = value;
      }
    }
    return out;
  }

  /** An xrm 2011 contract, or `undefined` when `local` names none the model knows. */
  private xrm(node: XmlNode, local: string, path: string): Value | undefined {
    switch (local) {
      case 'Entity':
        return this.entity(node, path);
      case 'EntityReference':
        return this.entityReference(node, path);
      case 'OptionSetValue':
        return this.optionSetValue(node, path);
      case 'Money':
        return this.money(node, path);
      case 'EntityCollection':
        return this.entityCollection(node, path);
      case 'EntityReferenceCollection':
        return this.entityReferenceCollection(node, path);
      case 'AliasedValue':
        return this.aliasedValue(node, path);
      case 'Relationship':
        return this.relationship(node, path);
      case 'BooleanManagedProperty':
        return this.booleanManagedProperty(node, path);
      case 'OptionSetValueCollection':
        return this.optionSetValueCollection(node, path);
      case 'ArrayOfOptionSetValue':
        // The JSON format cannot tell OptionSetValue[] from OptionSetValueCollection, so neither does the model.
        return this.optionSetValueCollection(node, path);
    }
    if (!local.startsWith('ArrayOf')) return undefined;
    const item = local.slice(7);
    const children = this.items(node, path);
    const out: Value[] = new Array(children.length);
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as XmlNode;
      const itemPath = joinPath(path, String(i));
      if (child.nil) out[i] = null;
      else if (child.type !== null) out[i] = this.typed(child, child.type.ns, child.type.local, itemPath);
      else {
        const value = this.xrm(child, item, itemPath);
        if (value === undefined) return undefined;
        out[i] = value;
      }
    }
    return out;
  }

  private unknown(type: string, namespace: string, node: XmlNode): Unknown {
    return { kind: 'Unknown', type, namespace, value: genericValue(node) };
  }

  /** The child elements of a collection, within `maxArrayLength`. */
  private items(node: XmlNode, path: string): XmlNode[] {
    const { children } = node;
    if (children.length > this.limits.maxArrayLength) throw limitExceeded('maxArrayLength', this.limits.maxArrayLength, path);
    return children;
  }

  /**
   * A `DataCollection<string, T>` (`KeyValuePairOf…` items of `key`/`value`, whatever the item name): an object
   * keyed by the key. Missing or nil → `{}`.
   */
  public collection<T>(node: XmlNode, path: string, read: (value: XmlNode, path: string) => T): Record<string, T> {
    const out: Record<string, T> = {};
    if (node.nil) return out;
    for (const item of this.items(node, path)) {
      let key: XmlNode | undefined;
      let value: XmlNode | undefined;
      for (const part of item.children) {
        if (part.local === 'key') key = part;
        else if (part.local === 'value') value = part;
      }
      if (key === undefined || key.nil) throw new DecodeError('NOT_A_CONTEXT', `A <${item.local}> item has no key`, { path });
      const name = textString(key.text);
      const itemPath = joinPath(path, name);
      if (value === undefined) throw new DecodeError('NOT_A_CONTEXT', `Item "${name}" has no value`, { path: itemPath });
      setOwn(out, name, read(value, itemPath));
    }
    return out;
  }

  /** A parameter-like collection: values typed by `i:type`. */
  public valueCollection(node: XmlNode, path: string): Record<string, Value> {
    return this.collection(node, path, (value, itemPath) => this.value(value, itemPath));
  }

  private stringCollection(node: XmlNode, path: string): Record<string, string> {
    return this.collection(node, path, (value) => (value.nil ? absent<string>() : textString(value.text)));
  }

  /** An image collection: values are entities. */
  public entityCollectionByKey(node: XmlNode, path: string): Record<string, Entity> {
    return this.collection(node, path, (value, itemPath) => (value.nil ? absent<Entity>() : this.entity(value, itemPath)));
  }

  /** `Microsoft.Xrm.Sdk.Entity`. */
  public entity(node: XmlNode, path: string): Entity {
    let logicalName = absent<string>();
    let id = absent<string>();
    let attributes: Record<string, Value> = {};
    let formattedValues: Record<string, string> = {};
    let keyAttributes: Record<string, Value> = {};
    let relatedEntities: RelatedEntities[] = [];
    let rowVersion: string | null = null;
    let entityState: EntityState | null = null;
    for (const child of node.children) {
      switch (child.local) {
        case 'Attributes':
          attributes = this.valueCollection(child, joinPath(path, 'Attributes'));
          break;
        case 'EntityState':
          entityState = this.enumName(child, ENTITY_STATES, joinPath(path, 'EntityState')) as EntityState | null;
          break;
        case 'FormattedValues':
          formattedValues = this.stringCollection(child, joinPath(path, 'FormattedValues'));
          break;
        case 'Id':
          id = this.guid(child, joinPath(path, 'Id'));
          break;
        case 'KeyAttributes':
          keyAttributes = this.valueCollection(child, joinPath(path, 'KeyAttributes'));
          break;
        case 'LogicalName':
          logicalName = this.string(child);
          break;
        case 'RelatedEntities':
          relatedEntities = this.relatedEntities(child, joinPath(path, 'RelatedEntities'));
          break;
        case 'RowVersion':
          rowVersion = this.string(child);
          break;
      }
    }
    return { kind: 'Entity', logicalName, id, attributes, formattedValues, keyAttributes, relatedEntities, rowVersion, entityState };
  }

  /** `Microsoft.Xrm.Sdk.EntityReference` (also `OwningExtension`). */
  public entityReference(node: XmlNode, path: string): EntityReference {
    let logicalName = absent<string>();
    let id = absent<string>();
    let name: string | null = null;
    let keyAttributes: Record<string, Value> = {};
    let rowVersion: string | null = null;
    for (const child of node.children) {
      switch (child.local) {
        case 'Id':
          id = this.guid(child, joinPath(path, 'Id'));
          break;
        case 'KeyAttributes':
          keyAttributes = this.valueCollection(child, joinPath(path, 'KeyAttributes'));
          break;
        case 'LogicalName':
          logicalName = this.string(child);
          break;
        case 'Name':
          name = this.string(child);
          break;
        case 'RowVersion':
          rowVersion = this.string(child);
          break;
      }
    }
    return { kind: 'EntityReference', logicalName, id, name, keyAttributes, rowVersion };
  }

  private optionSetValue(node: XmlNode, path: string): OptionSetValue {
    return { kind: 'OptionSetValue', value: this.memberInteger(node, 'Value', path) };
  }

  private money(node: XmlNode, path: string): Money {
    const member = this.member(node, 'Value');
    const valuePath = joinPath(path, 'Value');
    return { kind: 'Money', value: member === undefined || member.nil ? absent<number>() : textDecimal(member.text, valuePath) };
  }

  private optionSetValueCollection(node: XmlNode, path: string): OptionSetValueCollection {
    const children = this.items(node, path);
    const values: number[] = new Array(children.length);
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as XmlNode;
      const itemPath = joinPath(path, String(i));
      if (child.nil) throw new DecodeError('INVALID_VALUE', 'An option set value collection holds a null item', { path: itemPath });
      values[i] = this.memberInteger(child, 'Value', itemPath);
    }
    return { kind: 'OptionSetValueCollection', values };
  }

  /** `Microsoft.Xrm.Sdk.EntityCollection` (also party lists). */
  public entityCollection(node: XmlNode, path: string): EntityCollection {
    let entityName: string | null = null;
    let entities: Entity[] = [];
    let moreRecords = absent<boolean>();
    let pagingCookie: string | null = null;
    let totalRecordCount = absent<number>();
    let totalRecordCountLimitExceeded = absent<boolean>();
    let minActiveRowVersion: string | null = null;
    for (const child of node.children) {
      switch (child.local) {
        case 'Entities': {
          const entitiesPath = joinPath(path, 'Entities');
          entities = child.nil ? [] : this.items(child, entitiesPath).map((item, i) => this.entity(item, joinPath(entitiesPath, String(i))));
          break;
        }
        case 'EntityName':
          entityName = this.string(child);
          break;
        case 'MinActiveRowVersion':
          minActiveRowVersion = this.string(child);
          break;
        case 'MoreRecords':
          moreRecords = this.boolean(child, joinPath(path, 'MoreRecords'));
          break;
        case 'PagingCookie':
          pagingCookie = this.string(child);
          break;
        case 'TotalRecordCount':
          totalRecordCount = this.integer(child, joinPath(path, 'TotalRecordCount'));
          break;
        case 'TotalRecordCountLimitExceeded':
          totalRecordCountLimitExceeded = this.boolean(child, joinPath(path, 'TotalRecordCountLimitExceeded'));
          break;
      }
    }
    return { kind: 'EntityCollection', entityName, entities, moreRecords, pagingCookie, totalRecordCount, totalRecordCountLimitExceeded, minActiveRowVersion };
  }

  private entityReferenceCollection(node: XmlNode, path: string): EntityReferenceCollection {
    const references = this.items(node, path).map((item, i) => this.entityReference(item, joinPath(path, String(i))));
    return { kind: 'EntityReferenceCollection', references };
  }

  private aliasedValue(node: XmlNode, path: string): AliasedValue {
    let entityLogicalName = absent<string>();
    let attributeLogicalName = absent<string>();
    let value: Value = null;
    for (const child of node.children) {
      switch (child.local) {
        case 'AttributeLogicalName':
          attributeLogicalName = this.string(child);
          break;
        case 'EntityLogicalName':
          entityLogicalName = this.string(child);
          break;
        case 'Value':
          value = this.value(child, joinPath(path, 'Value'));
          break;
      }
    }
    return { kind: 'AliasedValue', entityLogicalName, attributeLogicalName, value };
  }

  private relationship(node: XmlNode, path: string): Relationship {
    let schemaName = absent<string>();
    let primaryEntityRole: EntityRole | null = null;
    for (const child of node.children) {
      if (child.local === 'SchemaName') schemaName = this.string(child);
      else if (child.local === 'PrimaryEntityRole') primaryEntityRole = this.enumName(child, ENTITY_ROLES, joinPath(path, 'PrimaryEntityRole')) as EntityRole | null;
    }
    return { kind: 'Relationship', schemaName, primaryEntityRole };
  }

  private booleanManagedProperty(node: XmlNode, path: string): BooleanManagedProperty {
    let value = absent<boolean>();
    let canBeChanged = absent<boolean>();
    let managedPropertyLogicalName = absent<string>();
    for (const child of node.children) {
      switch (child.local) {
        case 'Value':
          value = this.boolean(child, joinPath(path, 'Value'));
          break;
        case 'CanBeChanged':
          canBeChanged = this.boolean(child, joinPath(path, 'CanBeChanged'));
          break;
        case 'ManagedPropertyLogicalName':
          managedPropertyLogicalName = this.string(child);
          break;
      }
    }
    return { kind: 'BooleanManagedProperty', value, canBeChanged, managedPropertyLogicalName };
  }

  /** `RelatedEntityCollection`: items keyed by a Relationship, valued by an EntityCollection. */
  private relatedEntities(node: XmlNode, path: string): RelatedEntities[] {
    if (node.nil) return [];
    return this.items(node, path).map((item, i) => {
      const itemPath = joinPath(path, String(i));
      const key = this.member(item, 'key');
      const value = this.member(item, 'value');
      if (key === undefined || key.nil || value === undefined) throw new DecodeError('NOT_A_CONTEXT', 'A related entities item needs a key and a value', { path: itemPath });
      const relationship = this.relationship(key, joinPath(itemPath, 'key'));
      const entities = value.nil ? absent<EntityCollection>() : this.entityCollection(value, joinPath(itemPath, 'value'));
      return { relationship, entities };
    });
  }

  /** The first child with this local name. */
  public member(node: XmlNode, local: string): XmlNode | undefined {
    for (const child of node.children) if (child.local === local) return child;
    return undefined;
  }

  private memberInteger(node: XmlNode, local: string, path: string): number {
    const member = this.member(node, local);
    return member === undefined ? absent<number>() : this.integer(member, joinPath(path, local));
  }

  /** A string member (`null` when nil). */
  public string(node: XmlNode): string {
    return node.nil ? absent<string>() : textString(node.text);
  }

  /** A GUID member (`null` when nil). */
  public guid(node: XmlNode, path: string): string {
    return node.nil ? absent<string>() : textGuid(node.text, path);
  }

  /** An int member (`null` when nil). */
  public integer(node: XmlNode, path: string): number {
    return node.nil ? absent<number>() : textInteger(node.text, path);
  }

  /** A boolean member (`null` when nil). */
  public boolean(node: XmlNode, path: string): boolean {
    return node.nil ? absent<boolean>() : textBoolean(node.text, path);
  }

  /** A dateTime member (`null` when nil). */
  public date(node: XmlNode, path: string): string {
    return node.nil ? absent<string>() : textDate(node.text, path);
  }

  /** An enum member, by name (`null` when nil). */
  private enumName(node: XmlNode, names: ReadonlySet<string>, path: string): string | null {
    if (node.nil) return null;
    const name = textString(node.text).trim();
    if (!names.has(name)) throw new DecodeError('INVALID_VALUE', `"${name}" is not one of ${[...names].join(', ')}`, { path });
    return name;
  }
}

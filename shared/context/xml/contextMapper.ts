/**
 * The one XML infoset → model mapping of a `RemoteExecutionContext`, shared by text XML (`application/xml`) and .NET
 * Binary XML (`application/msbin1`). It drives an {@link XmlPullReader} the way DataContractSerializer drives an
 * `XmlReader`: it knows each contract's members, switches on the reader's name ids, and asks for a typed value
 * where the contract declares one (so a binary reader hands over an Int32 or DateTime record's value directly).
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
  RemoteExecutionContext,
  Relationship,
  Unknown,
  Value,
} from '../model';
import { genericValue, setOwn } from './genericValue';
import { N, NAMES, NO_TYPE, NS, UNKNOWN_NAME } from './names';
import { XRM_2011_NS, XSD_NS } from './namespaces';
import type { XmlNode } from './node';
import type { Path, XmlPullReader } from './pullReader';
import { TreePullReader } from './treePullReader';
import { textBytes, textChar, textString } from './xmlText';
import { trimXml } from './xmlWhitespace';

/**
 * A member the wire format did not carry (missing or `i:nil`). The model contract maps both to `null`, even where
 * the TypeScript type of the member is not nullable (Dataverse always sends those members in practice).
 */
function absent<T>(): T {
  return null as T;
}

/** The members without which a body is not a context (the JSON decoder requires the same; see model.ts). */
const REQUIRED_MEMBERS = [
  ['MessageName', 'messageName'],
  ['PrimaryEntityName', 'primaryEntityName'],
  ['OrganizationId', 'organizationId'],
  ['Stage', 'stage'],
  ['CorrelationId', 'correlationId'],
] as const;

function requireMembers(c: RemoteExecutionContext, path: Path): void {
  for (const [wire, member] of REQUIRED_MEMBERS) {
    if (c[member] === null) throw new DecodeError('NOT_A_CONTEXT', `The context has no ${wire}`, { path: path.toString() });
  }
}

const ENTITY_STATES: readonly string[] = ['Unchanged', 'Created', 'Changed'] satisfies EntityState[];
const ENTITY_ROLES: readonly string[] = ['Referencing', 'Referenced'] satisfies EntityRole[];

/** What a key/value collection holds. */
const enum Items {
  Values,
  Strings,
  Entities,
}

/** Whether `name` is an XSD or Serialization primitive the mapping reads (in namespace `ns`). */
function isPrimitive(ns: number, name: number): boolean {
  if (ns === NS.Serialization) return name === N.guid || name === N.char || name === N.duration;
  switch (name) {
    case N.string:
    case N.anyURI:
    case N.normalizedString:
    case N.token:
    case N.int:
    case N.long:
    case N.short:
    case N.byte:
    case N.unsignedByte:
    case N.unsignedShort:
    case N.unsignedInt:
    case N.unsignedLong:
    case N.integer:
    case N.decimal:
    case N.double:
    case N.float:
    case N.boolean:
    case N.dateTime:
    case N.base64Binary:
      return true;
    default:
      return false;
  }
}

/** Whether `name` is an xrm 2011 contract the mapping reads. */
function isXrmContract(name: number): boolean {
  switch (name) {
    case N.Entity:
    case N.EntityReference:
    case N.OptionSetValue:
    case N.Money:
    case N.EntityCollection:
    case N.EntityReferenceCollection:
    case N.AliasedValue:
    case N.Relationship:
    case N.BooleanManagedProperty:
    case N.OptionSetValueCollection:
    case N.ArrayOfOptionSetValue:
      return true;
    default:
      return false;
  }
}

/**
 * Reads one context from a reader positioned on its root element. One instance per decode.
 *
 * @example
 * ```ts
 * const path = new Path();
 * const context = new ContextMapper(new TreePullReader(root, path), limits, path).readRoot();
 * ```
 */
export class ContextMapper {
  /** Swapped for a {@link TreePullReader} while an element buffered out of order is read. */
  private r: XmlPullReader;

  public constructor(
    reader: XmlPullReader,
    private readonly limits: DecodeLimits,
    private readonly path: Path,
  ) {
    this.r = reader;
  }

  /**
   * The current element's name id as a member of an xrm 2011 contract: a member is matched by namespace and local
   * name, as DataContractSerializer matches it; an element in another namespace reads as an unknown member.
   */
  private member(): number {
    const r = this.r;
    return r.ns === NS.Xrm2011 ? r.name : UNKNOWN_NAME;
  }

  /** The current element's name id as a `key`/`value` part of a collection item (System.Collections.Generic). */
  private part(): number {
    const r = this.r;
    return r.ns === NS.GenericCollections ? r.name : UNKNOWN_NAME;
  }

  /** The root `RemoteExecutionContext`. */
  public readRoot(): RemoteExecutionContext {
    const r = this.r;
    if (r.name !== N.RemoteExecutionContext || r.ns !== NS.Xrm2011) {
      throw new DecodeError('NOT_A_CONTEXT', `The root element is {${r.namespaceUri()}}${r.localName()}, not a {${XRM_2011_NS}}RemoteExecutionContext`);
    }
    if (r.nil) throw new DecodeError('NOT_A_CONTEXT', 'The root RemoteExecutionContext is nil');
    return this.context();
  }

  private context(): RemoteExecutionContext {
    // Every key of the model is present; a member the body lacks stays null (collections: empty).
    const c: RemoteExecutionContext = {
      messageName: absent(),
      primaryEntityName: absent(),
      primaryEntityId: absent(),
      secondaryEntityName: absent(),
      stage: absent(),
      mode: absent(),
      depth: absent(),
      isolationMode: absent(),
      isExecutingOffline: absent(),
      isOfflinePlayback: absent(),
      isInTransaction: absent(),
      userId: absent(),
      initiatingUserId: absent(),
      businessUnitId: absent(),
      organizationId: absent(),
      correlationId: absent(),
      operationId: absent(),
      requestId: null,
      userAzureActiveDirectoryObjectId: null,
      initiatingUserAzureActiveDirectoryObjectId: null,
      organizationName: absent(),
      operationCreatedOn: absent(),
      inputParameters: {},
      outputParameters: {},
      sharedVariables: {},
      preEntityImages: {},
      postEntityImages: {},
      owningExtension: null,
      parentContext: null,
    };
    const r = this.r;
    const path = this.path;
    while (r.nextChild()) {
      const name = this.member();
      switch (name) {
        case N.BusinessUnitId:
          c.businessUnitId = this.guid(name);
          break;
        case N.CorrelationId:
          c.correlationId = this.guid(name);
          break;
        case N.Depth:
          c.depth = this.integer(name);
          break;
        case N.InitiatingUserAgent:
          c.initiatingUserAgent = this.string();
          break;
        case N.InitiatingUserAzureActiveDirectoryObjectId:
          c.initiatingUserAzureActiveDirectoryObjectId = this.guid(name);
          break;
        case N.InitiatingUserId:
          c.initiatingUserId = this.guid(name);
          break;
        case N.InputParameters:
          c.inputParameters = this.collection(name, Items.Values) as Record<string, Value>;
          break;
        case N.IsExecutingOffline:
          c.isExecutingOffline = this.boolean(name);
          break;
        case N.IsInTransaction:
          c.isInTransaction = this.boolean(name);
          break;
        case N.IsOfflinePlayback:
          c.isOfflinePlayback = this.boolean(name);
          break;
        case N.IsolationMode:
          c.isolationMode = this.integer(name);
          break;
        case N.MessageName:
          c.messageName = this.string();
          break;
        case N.Mode:
          c.mode = this.integer(name);
          break;
        case N.OperationCreatedOn:
          c.operationCreatedOn = this.date(name);
          break;
        case N.OperationId:
          c.operationId = this.guid(name);
          break;
        case N.OrganizationId:
          c.organizationId = this.guid(name);
          break;
        case N.OrganizationName:
          c.organizationName = this.string();
          break;
        case N.OutputParameters:
          c.outputParameters = this.collection(name, Items.Values) as Record<string, Value>;
          break;
        case N.OwningExtension:
          if (r.nil) {
            r.skip();
            c.owningExtension = null;
          } else {
            path.push('OwningExtension');
            c.owningExtension = this.entityReference();
            path.pop();
          }
          break;
        case N.ParentContext:
          // Recursion is bounded: the reader refuses anything deeper than maxDepth.
          if (r.nil) {
            r.skip();
            c.parentContext = null;
          } else {
            path.push('ParentContext');
            c.parentContext = this.context();
            path.pop();
          }
          break;
        case N.PostEntityImages:
          c.postEntityImages = this.collection(name, Items.Entities) as Record<string, Entity>;
          break;
        case N.PreEntityImages:
          c.preEntityImages = this.collection(name, Items.Entities) as Record<string, Entity>;
          break;
        case N.PrimaryEntityId:
          c.primaryEntityId = this.guid(name);
          break;
        case N.PrimaryEntityName:
          c.primaryEntityName = this.string();
          break;
        case N.RequestId:
          c.requestId = this.guid(name);
          break;
        case N.SecondaryEntityName:
          c.secondaryEntityName = this.string();
          break;
        case N.SharedVariables:
          c.sharedVariables = this.collection(name, Items.Values) as Record<string, Value>;
          break;
        case N.Stage:
          c.stage = this.integer(name);
          break;
        case N.UserAzureActiveDirectoryObjectId:
          c.userAzureActiveDirectoryObjectId = this.guid(name);
          break;
        case N.UserId:
          c.userId = this.guid(name);
          break;
        default:
          // Members Dataverse may add later are ignored.
          r.skip();
      }
    }
    requireMembers(c, path);
    return c;
  }

  // ---- primitives of declared type (null when nil) ----

  private string(): string {
    const r = this.r;
    if (r.nil) {
      r.skip();
      return absent();
    }
    return r.readString();
  }

  // One small reader per declared type rather than one generic reader taking a callback: each call site then stays
  // monomorphic on the hot path (measured with `npm run bench`).
  private guid(name: number): string {
    const r = this.r;
    if (r.nil) {
      r.skip();
      return absent();
    }
    this.path.push(NAMES.string(name));
    const value = r.readGuid();
    this.path.pop();
    return value;
  }

  private integer(name: number): number {
    const r = this.r;
    if (r.nil) {
      r.skip();
      return absent();
    }
    this.path.push(NAMES.string(name));
    const value = r.readInteger();
    this.path.pop();
    return value;
  }

  private boolean(name: number): boolean {
    const r = this.r;
    if (r.nil) {
      r.skip();
      return absent();
    }
    this.path.push(NAMES.string(name));
    const value = r.readBoolean();
    this.path.pop();
    return value;
  }

  private date(name: number): string {
    const r = this.r;
    if (r.nil) {
      r.skip();
      return absent();
    }
    this.path.push(NAMES.string(name));
    const value = r.readDate();
    this.path.pop();
    return value;
  }

  /** An enum member, by name (`null` when nil). */
  private enumName(name: number, names: readonly string[]): string | null {
    const r = this.r;
    if (r.nil) {
      r.skip();
      return null;
    }
    const text = trimXml(r.readString());
    if (!names.includes(text)) {
      this.path.push(NAMES.string(name));
      const error = new DecodeError('INVALID_VALUE', `"${text}" is not one of ${names.join(', ')}`, { path: this.path.toString() });
      this.path.pop();
      throw error;
    }
    return text;
  }

  // ---- collections ----

  private tooManyItems(): DecodeError {
    return limitExceeded('maxArrayLength', this.limits.maxArrayLength, this.path.toString());
  }

  /**
   * A `DataCollection<string, T>` (`KeyValuePairOf…` items of `key`/`value`, whatever the item name): an object
   * keyed by the key. Missing or nil → `{}`.
   */
  private collection(name: number, items: Items): Record<string, unknown> {
    const r = this.r;
    const out: Record<string, unknown> = {};
    if (r.nil) {
      r.skip();
      return out;
    }
    const path = this.path;
    path.push(NAMES.string(name));
    const max = this.limits.maxArrayLength;
    let count = 0;
    while (r.nextChild()) {
      if (++count > max) throw this.tooManyItems();
      const itemName = r.name === UNKNOWN_NAME ? r.localName() : NAMES.string(r.name);
      let key: string | undefined;
      let keyNil = false;
      let hasValue = false;
      let value: unknown = null;
      let buffered: XmlNode | undefined;
      while (r.nextChild()) {
        const part = this.part();
        if (part === N.key) {
          keyNil = r.nil;
          if (keyNil) r.skip();
          else key = r.readKey();
        } else if (part === N.value) {
          if (key === undefined) {
            // The value came before its key (DCS never writes this): keep it until the key is known.
            buffered = r.readNode();
          } else {
            path.push(key);
            value = this.item(items);
            path.pop();
            buffered = undefined;
          }
          hasValue = true;
        } else {
          r.skip();
        }
      }
      if (key === undefined || keyNil) throw new DecodeError('NOT_A_CONTEXT', `A <${itemName}> item has no key`, { path: path.toString() });
      path.push(key);
      if (!hasValue) throw new DecodeError('NOT_A_CONTEXT', `Item "${key}" has no value`, { path: path.toString() });
      if (buffered !== undefined) value = this.fromTree(buffered, () => this.item(items));
      path.pop();
      setOwn(out, key, value);
    }
    path.pop();
    return out;
  }

  private item(items: Items): unknown {
    const r = this.r;
    switch (items) {
      case Items.Values:
        return this.value();
      case Items.Strings:
        return this.string();
      case Items.Entities:
        if (r.nil) {
          r.skip();
          return null;
        }
        return this.entity();
    }
  }

  /** Reads a buffered element through the same mapping. */
  private fromTree<T>(node: XmlNode, read: () => T): T {
    const saved = this.r;
    this.r = new TreePullReader(node, this.path);
    try {
      return read();
    } finally {
      this.r = saved;
    }
  }

  // ---- values typed by i:type ----

  /** A value in an `object`-typed slot (parameters, attributes, shared variables): typed by its `i:type`. */
  private value(): Value {
    const r = this.r;
    if (r.nil) {
      r.skip();
      return null;
    }
    if (r.typeName === NO_TYPE) {
      // No i:type in an object slot: DCS never writes this; keep text as text, structure as Unknown.
      const node = r.readNode();
      return node.children.length === 0 ? textString(node.text) : unknown('anyType', XSD_NS, node);
    }
    return this.typed();
  }

  /** The current element by its `i:type`. */
  private typed(): Value {
    const r = this.r;
    const ns = r.typeNs;
    const type = r.typeName;
    switch (ns) {
      case NS.Xsd:
      case NS.Serialization:
        if (isPrimitive(ns, type)) return this.primitive(ns, type);
        if (ns === NS.Xsd && type === N.anyType) {
          const node = r.readNode();
          return node.children.length === 0 ? textString(node.text) : unknown('anyType', XSD_NS, node);
        }
        break;
      case NS.SerializationArrays: {
        const local = r.typeLocalName();
        if (local.startsWith('ArrayOf')) return this.primitiveArray(local);
        break;
      }
      case NS.Xrm2011:
        if (isXrmContract(type)) return this.xrm(type);
        if (r.typeLocalName().startsWith('ArrayOf')) return this.xrmArray(r.typeLocalName());
        break;
      case NS.Xrm90:
        if (type === N.OptionSetValueCollection) return this.optionSetValueCollection();
        break;
    }
    return unknown(r.typeLocalName(), r.typeNamespaceUri(), r.readNode());
  }

  /** An XSD or Serialization primitive `type` (one {@link isPrimitive} accepts). */
  private primitive(ns: number, type: number): Value {
    const r = this.r;
    if (ns === NS.Serialization) {
      if (type === N.guid) return r.readGuid();
      if (type === N.char) return textChar(r.readString(), this.path);
      return trimXml(r.readString()); // duration
    }
    switch (type) {
      case N.int:
      case N.long:
      case N.short:
      case N.byte:
      case N.unsignedByte:
      case N.unsignedShort:
      case N.unsignedInt:
      case N.unsignedLong:
      case N.integer:
        return r.readInteger();
      case N.decimal:
        return r.readDecimal();
      case N.double:
      case N.float:
        return r.readDouble();
      case N.boolean:
        return r.readBoolean();
      case N.dateTime:
        return r.readDate();
      case N.base64Binary:
        return textBytes(r.readString(), this.path);
      default:
        return r.readString(); // string, anyURI, normalizedString, token
    }
  }

  /** `ArrayOfint`, `ArrayOfstring`, `ArrayOfguid`, `ArrayOfanyType`, ... */
  private primitiveArray(local: string): Value {
    const r = this.r;
    const itemLocal = local.slice(7);
    const item = NAMES.fromString(itemLocal);
    const itemNs = item === N.guid || item === N.char || item === N.duration ? NS.Serialization : NS.Xsd;
    if (isPrimitive(itemNs, item) || item === N.anyType) return this.items(itemNs, item, false) ?? [];
    // Another contract's array (items may still all be typed or nil): decide on the buffered element.
    const ns = r.typeNamespaceUri();
    const node = r.readNode();
    return this.fromTree(node, () => this.items(itemNs, item, true)) ?? unknown(local, ns, node);
  }

  /** `ArrayOfEntity`, `ArrayOfEntityReference`, ... */
  private xrmArray(local: string): Value {
    const r = this.r;
    const item = NAMES.fromString(local.slice(7));
    if (item === N.EntityReference) return referenceCollection(this.items(NS.Xrm2011, item, false) ?? []);
    if (isXrmContract(item)) return this.items(NS.Xrm2011, item, false) ?? [];
    const ns = r.typeNamespaceUri();
    const node = r.readNode();
    return this.fromTree(node, () => this.items(NS.Xrm2011, item, true)) ?? unknown(local, ns, node);
  }

  /**
   * The items of an array of `item` (in `itemNs`); `undefined` when an untyped item is not of a contract the mapping
   * reads (only asked when `bail`, on a buffered element).
   */
  private items(itemNs: number, item: number, bail: boolean): Value[] | undefined {
    const r = this.r;
    const path = this.path;
    const out: Value[] = [];
    const max = this.limits.maxArrayLength;
    while (r.nextChild()) {
      const i = out.length;
      if (i >= max) throw this.tooManyItems();
      path.push(i);
      if (r.nil) {
        r.skip();
        out.push(null);
      } else if (r.typeName !== NO_TYPE) {
        out.push(this.typed());
      } else if (itemNs === NS.Xrm2011) {
        if (!isXrmContract(item)) {
          if (bail) return undefined;
          r.skip();
          out.push(null);
        } else {
          out.push(this.xrm(item));
        }
      } else if (item === N.anyType) {
        out.push(this.value());
      } else if (isPrimitive(itemNs, item)) {
        out.push(this.primitive(itemNs, item));
      } else {
        if (bail) return undefined;
        r.skip();
        out.push(null);
      }
      path.pop();
    }
    return out;
  }

  /** An xrm 2011 contract (one {@link isXrmContract} accepts). */
  private xrm(type: number): Value {
    switch (type) {
      case N.Entity:
        return this.entity();
      case N.EntityReference:
        return this.entityReference();
      case N.OptionSetValue:
        return this.optionSetValue();
      case N.Money:
        return this.money();
      case N.EntityCollection:
        return this.entityCollection();
      case N.EntityReferenceCollection:
        return this.entityReferenceCollection();
      case N.AliasedValue:
        return this.aliasedValue();
      case N.Relationship:
        return this.relationship();
      case N.BooleanManagedProperty:
        return this.booleanManagedProperty();
      default:
        // OptionSetValueCollection; ArrayOfOptionSetValue too (JSON cannot tell them apart, so neither does the model).
        return this.optionSetValueCollection();
    }
  }

  /** `Microsoft.Xrm.Sdk.Entity`. */
  private entity(): Entity {
    const r = this.r;
    const path = this.path;
    let logicalName = absent<string>();
    let id = absent<string>();
    let attributes = {} as Record<string, Value>;
    let formattedValues = {} as Record<string, string>;
    let keyAttributes = {} as Record<string, Value>;
    let relatedEntities: RelatedEntities[] = [];
    let rowVersion: string | null = null;
    let entityState: EntityState | null = null;
    while (r.nextChild()) {
      const name = this.member();
      switch (name) {
        case N.Attributes:
          attributes = this.collection(name, Items.Values) as Record<string, Value>;
          break;
        case N.EntityState:
          entityState = this.enumName(name, ENTITY_STATES) as EntityState | null;
          break;
        case N.FormattedValues:
          formattedValues = this.collection(name, Items.Strings) as Record<string, string>;
          break;
        case N.Id:
          id = this.guid(name);
          break;
        case N.KeyAttributes:
          keyAttributes = this.collection(name, Items.Values) as Record<string, Value>;
          break;
        case N.LogicalName:
          logicalName = this.string();
          break;
        case N.RelatedEntities:
          path.push('RelatedEntities');
          relatedEntities = this.relatedEntities();
          path.pop();
          break;
        case N.RowVersion:
          rowVersion = this.string();
          break;
        default:
          r.skip();
      }
    }
    return { kind: 'Entity', logicalName, id, attributes, formattedValues, keyAttributes, relatedEntities, rowVersion, entityState };
  }

  /** `Microsoft.Xrm.Sdk.EntityReference` (also `OwningExtension`). */
  private entityReference(): EntityReference {
    const r = this.r;
    let logicalName = absent<string>();
    let id = absent<string>();
    let name: string | null = null;
    let keyAttributes = {} as Record<string, Value>;
    let rowVersion: string | null = null;
    while (r.nextChild()) {
      const member = this.member();
      switch (member) {
        case N.Id:
          id = this.guid(member);
          break;
        case N.KeyAttributes:
          keyAttributes = this.collection(member, Items.Values) as Record<string, Value>;
          break;
        case N.LogicalName:
          logicalName = this.string();
          break;
        case N.Name:
          name = this.string();
          break;
        case N.RowVersion:
          rowVersion = this.string();
          break;
        default:
          r.skip();
      }
    }
    return { kind: 'EntityReference', logicalName, id, name, keyAttributes, rowVersion };
  }

  /** The integer of the first `Value` member (`null` when missing or nil); the element is consumed. */
  private valueInteger(): number {
    const r = this.r;
    let value = absent<number>();
    let seen = false;
    while (r.nextChild()) {
      if (this.member() === N.Value && !seen) {
        seen = true;
        value = this.integer(N.Value);
      } else {
        r.skip();
      }
    }
    return value;
  }

  private optionSetValue(): OptionSetValue {
    return { kind: 'OptionSetValue', value: this.valueInteger() };
  }

  private money(): Money {
    const r = this.r;
    let value = absent<number>();
    let seen = false;
    while (r.nextChild()) {
      if (this.member() === N.Value && !seen) {
        seen = true;
        if (r.nil) r.skip();
        else {
          this.path.push('Value');
          value = r.readDecimal();
          this.path.pop();
        }
      } else {
        r.skip();
      }
    }
    return { kind: 'Money', value };
  }

  private optionSetValueCollection(): OptionSetValueCollection {
    const r = this.r;
    const path = this.path;
    const values: number[] = [];
    const max = this.limits.maxArrayLength;
    while (r.nextChild()) {
      const i = values.length;
      if (i >= max) throw this.tooManyItems();
      path.push(i);
      if (r.nil) throw new DecodeError('INVALID_VALUE', 'An option set value collection holds a null item', { path: path.toString() });
      values.push(this.valueInteger());
      path.pop();
    }
    return { kind: 'OptionSetValueCollection', values };
  }

  /** `Microsoft.Xrm.Sdk.EntityCollection` (also party lists). */
  private entityCollection(): EntityCollection {
    const r = this.r;
    const path = this.path;
    let entityName: string | null = null;
    let entities: Entity[] = [];
    let moreRecords = absent<boolean>();
    let pagingCookie: string | null = null;
    let totalRecordCount = absent<number>();
    let totalRecordCountLimitExceeded = absent<boolean>();
    let minActiveRowVersion: string | null = null;
    while (r.nextChild()) {
      const name = this.member();
      switch (name) {
        case N.Entities: {
          entities = [];
          if (r.nil) {
            r.skip();
            break;
          }
          path.push('Entities');
          const max = this.limits.maxArrayLength;
          while (r.nextChild()) {
            if (entities.length >= max) throw this.tooManyItems();
            path.push(entities.length);
            entities.push(this.entity());
            path.pop();
          }
          path.pop();
          break;
        }
        case N.EntityName:
          entityName = this.string();
          break;
        case N.MinActiveRowVersion:
          minActiveRowVersion = this.string();
          break;
        case N.MoreRecords:
          moreRecords = this.boolean(name);
          break;
        case N.PagingCookie:
          pagingCookie = this.string();
          break;
        case N.TotalRecordCount:
          totalRecordCount = this.integer(name);
          break;
        case N.TotalRecordCountLimitExceeded:
          totalRecordCountLimitExceeded = this.boolean(name);
          break;
        default:
          r.skip();
      }
    }
    return { kind: 'EntityCollection', entityName, entities, moreRecords, pagingCookie, totalRecordCount, totalRecordCountLimitExceeded, minActiveRowVersion };
  }

  private entityReferenceCollection(): EntityReferenceCollection {
    const r = this.r;
    const path = this.path;
    const references: EntityReference[] = [];
    const max = this.limits.maxArrayLength;
    while (r.nextChild()) {
      if (references.length >= max) throw this.tooManyItems();
      path.push(references.length);
      references.push(this.entityReference());
      path.pop();
    }
    return { kind: 'EntityReferenceCollection', references };
  }

  private aliasedValue(): AliasedValue {
    const r = this.r;
    let entityLogicalName = absent<string>();
    let attributeLogicalName = absent<string>();
    let value: Value = null;
    while (r.nextChild()) {
      switch (this.member()) {
        case N.AttributeLogicalName:
          attributeLogicalName = this.string();
          break;
        case N.EntityLogicalName:
          entityLogicalName = this.string();
          break;
        case N.Value:
          this.path.push('Value');
          value = this.value();
          this.path.pop();
          break;
        default:
          r.skip();
      }
    }
    return { kind: 'AliasedValue', entityLogicalName, attributeLogicalName, value };
  }

  private relationship(): Relationship {
    const r = this.r;
    let schemaName = absent<string>();
    let primaryEntityRole: EntityRole | null = null;
    while (r.nextChild()) {
      const member = this.member();
      if (member === N.SchemaName) schemaName = this.string();
      else if (member === N.PrimaryEntityRole) primaryEntityRole = this.enumName(N.PrimaryEntityRole, ENTITY_ROLES) as EntityRole | null;
      else r.skip();
    }
    return { kind: 'Relationship', schemaName, primaryEntityRole };
  }

  private booleanManagedProperty(): BooleanManagedProperty {
    const r = this.r;
    let value = absent<boolean>();
    let canBeChanged = absent<boolean>();
    let managedPropertyLogicalName = absent<string>();
    while (r.nextChild()) {
      const name = this.member();
      switch (name) {
        case N.Value:
          value = this.boolean(name);
          break;
        case N.CanBeChanged:
          canBeChanged = this.boolean(name);
          break;
        case N.ManagedPropertyLogicalName:
          managedPropertyLogicalName = this.string();
          break;
        default:
          r.skip();
      }
    }
    return { kind: 'BooleanManagedProperty', value, canBeChanged, managedPropertyLogicalName };
  }

  /** `RelatedEntityCollection`: items keyed by a Relationship, valued by an EntityCollection. */
  private relatedEntities(): RelatedEntities[] {
    const r = this.r;
    const path = this.path;
    const out: RelatedEntities[] = [];
    if (r.nil) {
      r.skip();
      return out;
    }
    const max = this.limits.maxArrayLength;
    while (r.nextChild()) {
      if (out.length >= max) throw this.tooManyItems();
      path.push(out.length);
      let relationship: Relationship | undefined;
      let keyNil = false;
      let entities: EntityCollection | undefined;
      let hasValue = false;
      let buffered: XmlNode | undefined;
      while (r.nextChild()) {
        const part = this.part();
        if (part === N.key && relationship === undefined && !keyNil) {
          if (r.nil) {
            keyNil = true;
            r.skip();
          } else {
            path.push('key');
            relationship = this.relationship();
            path.pop();
          }
        } else if (part === N.value && !hasValue) {
          hasValue = true;
          if (r.nil) r.skip();
          else if (relationship === undefined) buffered = r.readNode();
          else {
            path.push('value');
            entities = this.entityCollection();
            path.pop();
          }
        } else {
          r.skip();
        }
      }
      if (relationship === undefined || !hasValue) throw new DecodeError('NOT_A_CONTEXT', 'A related entities item needs a key and a value', { path: path.toString() });
      if (buffered !== undefined) {
        path.push('value');
        entities = this.fromTree(buffered, () => this.entityCollection());
        path.pop();
      }
      out.push({ relationship, entities: entities ?? absent<EntityCollection>() });
      path.pop();
    }
    return out;
  }
}

/**
 * An `EntityReference[]` as the JSON format gives it (JSON cannot tell the array from an EntityReferenceCollection):
 * the collection when every item is an EntityReference, else (a null item) the array.
 */
export function referenceCollection(items: Value[]): Value {
  for (const item of items) {
    if (item === null || typeof item !== 'object' || Array.isArray(item) || item.kind !== 'EntityReference') return items;
  }
  return { kind: 'EntityReferenceCollection', references: items as EntityReference[] };
}

function unknown(type: string, namespace: string, node: XmlNode): Unknown {
  return { kind: 'Unknown', type, namespace, value: genericValue(node) };
}

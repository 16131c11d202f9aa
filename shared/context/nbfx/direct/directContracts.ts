/**
 * The contracts of a `RemoteExecutionContext`, one method each, writing the model directly: members are matched
 * against their element-start templates (the expected next member first, as DataContractSerializer writes them in
 * order), values dispatched on `i:type`. Each method starts after its element start (attributes read) and consumes
 * its element end. The models built here must deep-equal those of ContextMapper (test/context/nbfx/direct*.test.ts).
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
  OptionSetValueCollection,
  RelatedEntities,
  Relationship,
  RemoteExecutionContext,
  Value,
} from '../../model';
import { setMember } from './setMember';
import { referenceCollection } from '../../xml/contextMapper';
import { doubleFromNumber } from '../../xml/xmlText';
import { holdsTemplate } from './byteTemplate';
import { isAttributeRecord } from './directCursor';
import { DirectGenericReader } from './directGeneric';
import {
  ALIASED_MEMBERS,
  COLLECTION_MEMBERS,
  CONTEXT_MEMBERS,
  ENTITY_ELEMENT,
  ENTITY_MEMBERS,
  ENTITY_ROLES,
  ENTITY_STATES,
  KEY_NAME,
  MANAGED_PROPERTY_MEMBERS,
  Ns,
  REFERENCE_MEMBERS,
  RELATIONSHIP_MEMBERS,
  T,
  VALUE_NAME,
  VALUE_ONLY,
  isIntegerType,
  isUnknownContract,
} from './directVocabulary';
import { giveUp } from './giveUp';
import { readPackedValues } from './packedItems';

/** A member the body did not carry: null, as ContextMapper's `absent()` (the model types say "always sent"). */
function absent<T>(): T {
  return null as T;
}

/** What a DataCollection<string, T> holds. */
const Items = { Values: 0, Strings: 1, Entities: 2 } as const;
type Items = (typeof Items)[keyof typeof Items];

/** Reads a whole context; see decodeDirect.ts for the entry point. */
export class DirectContextReader extends DirectGenericReader {
  /** The context whose root element start (with its attributes) has been read. */
  protected context(): RemoteExecutionContext {
    this.enter();
    const c: RemoteExecutionContext = {
      messageName: absent(), primaryEntityName: absent(), primaryEntityId: null, secondaryEntityName: null, stage: absent(), mode: null,
      depth: null, isolationMode: null, isExecutingOffline: null, isOfflinePlayback: null, isInTransaction: null, userId: null,
      initiatingUserId: null, businessUnitId: null, organizationId: absent(), correlationId: absent(), operationId: null, requestId: null,
      userAzureActiveDirectoryObjectId: null, initiatingUserAzureActiveDirectoryObjectId: null, organizationName: null,
      operationCreatedOn: null, inputParameters: {}, outputParameters: {}, sharedVariables: {}, preEntityImages: {},
      postEntityImages: {}, owningExtension: null, parentContext: null,
    };
    const b = this.b;
    let i = 0;
    while (b[this.p] !== 0x01) {
      const m = this.memberOrSkip(CONTEXT_MEMBERS, i);
      if (m < 0) continue;
      i = m + 1;
      switch (m) {
        case 0: c.businessUnitId = this.guidMember(); break;
        case 1: c.correlationId = absentOr(this.guidMember()); break;
        case 2: c.depth = this.integerMember(); break;
        case 3: c.initiatingUserAgent = this.stringMember(); break;
        case 4: c.initiatingUserAzureActiveDirectoryObjectId = this.guidMember(); break;
        case 5: c.initiatingUserId = this.guidMember(); break;
        case 6: c.inputParameters = this.collection(Items.Values); break;
        case 7: c.isExecutingOffline = this.booleanMember(); break;
        case 8: c.isInTransaction = this.booleanMember(); break;
        case 9: c.isOfflinePlayback = this.booleanMember(); break;
        case 10: c.isolationMode = this.integerMember(); break;
        case 11: c.messageName = absentOr(this.stringMember()); break;
        case 12: c.mode = this.integerMember(); break;
        case 13: c.operationCreatedOn = this.dateMember(); break;
        case 14: c.operationId = this.guidMember(); break;
        case 15: c.organizationId = absentOr(this.guidMember()); break;
        case 16: c.organizationName = this.stringMember(); break;
        case 17: c.outputParameters = this.collection(Items.Values); break;
        case 18: c.owningExtension = this.owningExtension(); break;
        case 19: c.parentContext = this.parentContext(); break;
        case 20: c.postEntityImages = this.collection(Items.Entities) as Record<string, Entity>; break;
        case 21: c.preEntityImages = this.collection(Items.Entities) as Record<string, Entity>; break;
        case 22: c.primaryEntityId = this.guidMember(); break;
        case 23: c.primaryEntityName = absentOr(this.stringMember()); break;
        case 24: c.requestId = this.guidMember(); break;
        case 25: c.secondaryEntityName = this.stringMember(); break;
        case 26: c.sharedVariables = this.collection(Items.Values); break;
        case 27: c.stage = absentOr(this.integerMember()); break;
        case 28: c.userAzureActiveDirectoryObjectId = this.guidMember(); break;
        case 29: c.userId = this.guidMember(); break;
      }
    }
    this.p++;
    this.depth--;
    // Without these the general path reports NOT_A_CONTEXT with the member's name.
    if (c.messageName === null || c.primaryEntityName === null || c.organizationId === null || c.stage === null || c.correlationId === null) giveUp('required member');
    return c;
  }

  private owningExtension(): EntityReference | null {
    const mark = this.top;
    this.attributes();
    let out: EntityReference | null = null;
    if (this.nil) this.endElement();
    else {
      this.enter();
      out = this.entityReference();
      this.depth--;
    }
    this.unbind(mark);
    return out;
  }

  private parentContext(): RemoteExecutionContext | null {
    const mark = this.top;
    this.attributes();
    let out: RemoteExecutionContext | null = null;
    if (this.nil) this.endElement();
    else out = this.context();
    this.unbind(mark);
    return out;
  }

  /** A DataCollection<string, T> (attributes not read yet): its KeyValuePairOf… items. */
  private collection(kind: Items): Record<string, Value> {
    const mark = this.top;
    this.attributes();
    const out: Record<string, Value> = {};
    if (this.nil) this.endElement();
    else {
      this.enter();
      this.enter(); // the item level below it
      const b = this.b;
      while (b[this.p] !== 0x01) {
        this.itemStart();
        this.genericPart(KEY_NAME);
        if (b[this.p] === 0x2e) giveUp('key attributes');
        const key = this.key();
        const valueLetter = this.genericPart(VALUE_NAME);
        const valueMark = this.top;
        this.attributes();
        this.checkPart(valueLetter);
        let value: Value;
        if (kind === Items.Values) value = this.value();
        else if (this.nil) {
          this.endElement();
          value = null;
        } else if (kind === Items.Strings) value = this.str();
        else {
          this.enter();
          value = this.entity();
          this.depth--;
        }
        this.unbind(valueMark);
        this.endElement(); // the item
        setMember(out, key, value);
      }
      this.p++;
      this.depth -= 2;
    }
    this.unbind(mark);
    return out;
  }

  /** An object-typed value element (attributes read): by its i:type. Consumes the element. */
  private value(): Value {
    if (this.nil) {
      this.endElement();
      return null;
    }
    if (this.typeId === 0) return giveUp('untyped value');
    return this.typed(this.typeNs, this.typeId);
  }

  private typed(ns: number, t: number): Value {
    switch (ns) {
      case Ns.Xsd: return this.xsdValue(t);
      case Ns.Serialization: return t === T.guid ? this.guid() : giveUp('serialization type');
      case Ns.Xrm: {
        this.enter();
        const out = this.xrmValue(t);
        this.depth--;
        return out;
      }
      case Ns.Arrays: {
        this.enter();
        const out = this.primitiveArray(t);
        this.depth--;
        return out;
      }
      case Ns.Xrm90: {
        if (t !== T.OptionSetValueCollection) return giveUp('xrm 9.0 type');
        this.enter();
        const out = this.optionSetValueCollection();
        this.depth--;
        return out;
      }
      default: return giveUp('type namespace');
    }
  }

  private xsdValue(t: number): Value {
    switch (t) {
      case T.string: case T.anyURI: case T.normalizedString: case T.token: return this.str();
      case T.boolean: return this.boolean();
      case T.dateTime: return this.date();
      case T.decimal: return this.decimal();
      case T.double: case T.float: return doubleFromNumber(this.num());
      default: return isIntegerType(t) ? this.integer() : giveUp('xsd type');
    }
  }

  private xrmValue(t: number): Value {
    switch (t) {
      case T.Entity: return this.entity();
      case T.EntityReference: return this.entityReference();
      case T.OptionSetValue: return { kind: 'OptionSetValue', value: absentOr(this.valueInteger()) };
      case T.Money: return this.money();
      case T.EntityCollection: return this.entityCollection();
      case T.EntityReferenceCollection: return this.entityReferenceCollection();
      case T.AliasedValue: return this.aliasedValue();
      case T.Relationship: return this.relationship();
      case T.BooleanManagedProperty: return this.booleanManagedProperty();
      case T.OptionSetValueCollection: case T.ArrayOfOptionSetValue: return this.optionSetValueCollection();
      case T.ArrayOfEntity: return this.items(Ns.Xrm, T.Entity);
      case T.ArrayOfEntityReference: return referenceCollection(this.items(Ns.Xrm, T.EntityReference));
      default: return isUnknownContract(t) ? this.unknownContract(t) : giveUp('xrm type');
    }
  }

  /** ArrayOfstring, ArrayOfint, … (Serialization/Arrays). */
  private primitiveArray(t: number): Value[] {
    switch (t) {
      case T.ArrayOfstring: return this.items(Ns.Xsd, T.string);
      case T.ArrayOfguid: return this.items(Ns.Serialization, T.guid);
      case T.ArrayOfint: return this.items(Ns.Xsd, T.int);
      case T.ArrayOflong: return this.items(Ns.Xsd, T.long);
      case T.ArrayOfdouble: return this.items(Ns.Xsd, T.double);
      case T.ArrayOfdecimal: return this.items(Ns.Xsd, T.decimal);
      case T.ArrayOfdateTime: return this.items(Ns.Xsd, T.dateTime);
      case T.ArrayOfboolean: return this.items(Ns.Xsd, T.boolean);
      default: return giveUp('array type');
    }
  }

  /** Array items (any element name, prefix bound): nil → null, i:type → typed, else the declared item type. */
  private items(itemNs: number, item: number): Value[] {
    const b = this.b;
    const out: Value[] = [];
    while (b[this.p] !== 0x01) {
      if (b[this.p] === 0x03) {
        this.packedItems(itemNs, item, out);
        continue;
      }
      this.anyStart();
      const mark = this.top;
      this.attributes();
      let v: Value;
      if (this.nil) {
        this.endElement();
        v = null;
      } else if (this.typeId !== 0) v = this.typed(this.typeNs, this.typeId);
      else if (itemNs === Ns.Xrm) {
        this.enter();
        v = item === T.Entity ? this.entity() : this.entityReference();
        this.depth--;
      } else v = this.typed(itemNs, item);
      this.unbind(mark);
      out.push(v);
    }
    this.p++;
    return out;
  }

  /** An Array record (MC-NBFX 2.2.3.x) at p: one element start, EndElement, the item record type, a count, items. */
  private packedItems(itemNs: number, item: number, out: Value[]): void {
    const b = this.b;
    this.p++;
    this.anyStart();
    if (b[this.p] !== 0x01 || this.p + 3 > this.end) giveUp('array record');
    const code = b[this.p + 1]!;
    const count = b[this.p + 2]!;
    // Dataverse writes small arrays; a multi-byte count (>= 0x80) or an empty record is left to the general path.
    if (count >= 0x80 || count === 0) giveUp('array count');
    this.p = readPackedValues(this.b, this.v, this.p + 3, this.end, code, count, itemNs, item, out);
  }

  private entity(): Entity {
    let logicalName: string = absent();
    let id: string = absent();
    let attributes: Record<string, Value> = {};
    let formattedValues: Record<string, string> = {};
    let keyAttributes: Record<string, Value> = {};
    let relatedEntities: RelatedEntities[] = [];
    let rowVersion: string | null = null;
    let entityState: EntityState | null = null;
    const b = this.b;
    let i = 0;
    while (b[this.p] !== 0x01) {
      const m = this.memberOrSkip(ENTITY_MEMBERS, i);
      if (m < 0) continue;
      i = m + 1;
      switch (m) {
        case 0: attributes = this.collection(Items.Values); break;
        case 1: entityState = this.enumMember(ENTITY_STATES); break;
        case 2: formattedValues = this.collection(Items.Strings) as Record<string, string>; break;
        case 3: id = absentOr(this.guidMember()); break;
        case 4: keyAttributes = this.collection(Items.Values); break;
        case 5: logicalName = absentOr(this.stringMember()); break;
        case 6: relatedEntities = this.relatedEntities(); break;
        case 7: rowVersion = this.stringMember(); break;
      }
    }
    this.p++;
    return { kind: 'Entity', logicalName, id, attributes, formattedValues, keyAttributes, relatedEntities, rowVersion, entityState };
  }

  private entityReference(): EntityReference {
    let logicalName: string = absent();
    let id: string = absent();
    let name: string | null = null;
    let keyAttributes: Record<string, Value> = {};
    let rowVersion: string | null = null;
    const b = this.b;
    let i = 0;
    while (b[this.p] !== 0x01) {
      const m = this.memberOrSkip(REFERENCE_MEMBERS, i);
      if (m < 0) continue;
      i = m + 1;
      switch (m) {
        case 0: id = absentOr(this.guidMember()); break;
        case 1: keyAttributes = this.collection(Items.Values); break;
        case 2: logicalName = absentOr(this.stringMember()); break;
        case 3: name = this.stringMember(); break;
        case 4: rowVersion = this.stringMember(); break;
      }
    }
    this.p++;
    return { kind: 'EntityReference', logicalName, id, name, keyAttributes, rowVersion };
  }

  /** The Value member of an OptionSetValue (one at most, else the general path decides); consumes the end. */
  private valueInteger(): number | null {
    let value: number | null = null;
    if (this.b[this.p] !== 0x01) {
      this.member(VALUE_ONLY, 0);
      value = this.integerMember();
    }
    this.endElement();
    return value;
  }

  private money(): Money {
    let value: number | null = null;
    if (this.b[this.p] !== 0x01) {
      this.member(VALUE_ONLY, 0);
      value = this.leafNil() ? null : this.decimal();
    }
    this.endElement();
    return { kind: 'Money', value: absentOr(value) };
  }

  private optionSetValueCollection(): OptionSetValueCollection {
    const values: number[] = [];
    const b = this.b;
    while (b[this.p] !== 0x01) {
      this.anyStart();
      if (isAttributeRecord(b[this.p])) giveUp('option set value attributes');
      this.enter();
      values.push(absentOr(this.valueInteger()));
      this.depth--;
    }
    this.p++;
    return { kind: 'OptionSetValueCollection', values };
  }

  private entityCollection(): EntityCollection {
    let entityName: string | null = null;
    let entities: Entity[] = [];
    let moreRecords: boolean = absent();
    let pagingCookie: string | null = null;
    let totalRecordCount: number = absent();
    let totalRecordCountLimitExceeded: boolean = absent();
    let minActiveRowVersion: string | null = null;
    const b = this.b;
    let i = 0;
    while (b[this.p] !== 0x01) {
      const m = this.memberOrSkip(COLLECTION_MEMBERS, i);
      if (m < 0) continue;
      i = m + 1;
      switch (m) {
        case 0: entities = this.entities(); break;
        case 1: entityName = this.stringMember(); break;
        case 2: minActiveRowVersion = this.stringMember(); break;
        case 3: moreRecords = absentOr(this.booleanMember()); break;
        case 4: pagingCookie = this.stringMember(); break;
        case 5: totalRecordCount = absentOr(this.integerMember()); break;
        case 6: totalRecordCountLimitExceeded = absentOr(this.booleanMember()); break;
      }
    }
    this.p++;
    return { kind: 'EntityCollection', entityName, entities, moreRecords, pagingCookie, totalRecordCount, totalRecordCountLimitExceeded, minActiveRowVersion };
  }

  /** The Entities member of an EntityCollection (attributes not read yet). */
  private entities(): Entity[] {
    const mark = this.top;
    this.attributes();
    const entities: Entity[] = [];
    if (this.nil) this.endElement();
    else {
      this.enter();
      const b = this.b;
      while (b[this.p] !== 0x01) {
        if (this.p + ENTITY_ELEMENT.length <= this.end && holdsTemplate(this.v, b, this.p, ENTITY_ELEMENT)) this.p += ENTITY_ELEMENT.length;
        else this.anyStart();
        const entityMark = this.top;
        this.attributes();
        if (this.nil || this.typeId !== 0) giveUp('entity item attributes');
        this.enter();
        entities.push(this.entity());
        this.depth--;
        this.unbind(entityMark);
      }
      this.p++;
      this.depth--;
    }
    this.unbind(mark);
    return entities;
  }

  private entityReferenceCollection(): EntityReferenceCollection {
    const references: EntityReference[] = [];
    const b = this.b;
    while (b[this.p] !== 0x01) {
      this.anyStart();
      const mark = this.top;
      this.attributes();
      if (this.nil || this.typeId !== 0) giveUp('reference item attributes');
      this.enter();
      references.push(this.entityReference());
      this.depth--;
      this.unbind(mark);
    }
    this.p++;
    return { kind: 'EntityReferenceCollection', references };
  }

  private aliasedValue(): AliasedValue {
    let entityLogicalName: string = absent();
    let attributeLogicalName: string = absent();
    let value: Value = null;
    const b = this.b;
    let i = 0;
    while (b[this.p] !== 0x01) {
      const m = this.memberOrSkip(ALIASED_MEMBERS, i);
      if (m < 0) continue;
      i = m + 1;
      if (m === 0) attributeLogicalName = absentOr(this.stringMember());
      else if (m === 1) entityLogicalName = absentOr(this.stringMember());
      else {
        const mark = this.top;
        this.attributes();
        value = this.value();
        this.unbind(mark);
      }
    }
    this.p++;
    return { kind: 'AliasedValue', entityLogicalName, attributeLogicalName, value };
  }

  private relationship(): Relationship {
    let schemaName: string = absent();
    let primaryEntityRole: EntityRole | null = null;
    const b = this.b;
    let i = 0;
    while (b[this.p] !== 0x01) {
      const m = this.memberOrSkip(RELATIONSHIP_MEMBERS, i);
      if (m < 0) continue;
      i = m + 1;
      if (m === 0) primaryEntityRole = this.enumMember(ENTITY_ROLES);
      else schemaName = absentOr(this.stringMember());
    }
    this.p++;
    return { kind: 'Relationship', schemaName, primaryEntityRole };
  }

  private booleanManagedProperty(): BooleanManagedProperty {
    let value: boolean = absent();
    let canBeChanged: boolean = absent();
    let managedPropertyLogicalName: string = absent();
    const b = this.b;
    let i = 0;
    while (b[this.p] !== 0x01) {
      const m = this.memberOrSkip(MANAGED_PROPERTY_MEMBERS, i);
      if (m < 0) continue;
      i = m + 1;
      if (m === 0) canBeChanged = absentOr(this.booleanMember());
      else if (m === 1) managedPropertyLogicalName = absentOr(this.stringMember());
      else value = absentOr(this.booleanMember());
    }
    this.p++;
    return { kind: 'BooleanManagedProperty', value, canBeChanged, managedPropertyLogicalName };
  }

  /** An entity's RelatedEntities (attributes not read yet): Relationship key → EntityCollection value. */
  private relatedEntities(): RelatedEntities[] {
    const mark = this.top;
    this.attributes();
    const out: RelatedEntities[] = [];
    if (this.nil) this.endElement();
    else {
      this.enter();
      this.enter(); // the item level below it
      const b = this.b;
      while (b[this.p] !== 0x01) {
        this.itemStart();
        const relationship = this.relationshipKey();
        const valueLetter = this.genericPart(VALUE_NAME);
        const valueMark = this.top;
        this.attributes();
        this.checkPart(valueLetter);
        let entities: EntityCollection = absent();
        if (this.nil) this.endElement();
        else {
          this.enter();
          entities = this.entityCollection();
          this.depth--;
        }
        this.unbind(valueMark);
        this.endElement();
        out.push({ relationship, entities });
      }
      this.p++;
      this.depth -= 2;
    }
    this.unbind(mark);
    return out;
  }

  /** The `key` part of a RelatedEntities item: a Relationship. */
  private relationshipKey(): Relationship {
    const keyLetter = this.genericPart(KEY_NAME);
    const keyMark = this.top;
    this.attributes();
    this.checkPart(keyLetter);
    if (this.nil || this.typeId !== 0) giveUp('relationship key attributes');
    this.enter();
    const relationship = this.relationship();
    this.depth--;
    this.unbind(keyMark);
    return relationship;
  }
}

/** A nullable member value stored where the model type says "always sent" (see {@link absent}). */
function absentOr<T>(value: T | null): T {
  return value as T;
}

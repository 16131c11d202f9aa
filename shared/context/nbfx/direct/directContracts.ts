/**
 * The contracts of a `RemoteExecutionContext`, one method each, writing the model directly: members are matched
 * against their element-start templates (the expected next member first, as DataContractSerializer writes them in
 * order); values typed by `i:type` are read by directValues.ts. Each method starts after its element start
 * (attributes read) and consumes its element end. The models built here must deep-equal those of ContextMapper (test/context/nbfx/direct*.test.ts).
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
  RelatedEntities,
  Relationship,
  RemoteExecutionContext,
  Value,
} from '../../model';
import { absent, absentOr } from './absent';
import { holdsTemplate } from './byteTemplate';
import { DirectValueReader, Items } from './directValues';
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
  REFERENCE_MEMBERS,
  RELATIONSHIP_MEMBERS,
  VALUE_NAME,
} from './directVocabulary';
import { giveUp } from './giveUp';

/** Reads a whole context; see decodeDirect.ts for the entry point. */
export class DirectContextReader extends DirectValueReader {
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
        case 11: c.messageName = absentOr(this.nameMember()); break;
        case 12: c.mode = this.integerMember(); break;
        case 13: c.operationCreatedOn = this.dateMember(); break;
        case 14: c.operationId = this.guidMember(); break;
        case 15: c.organizationId = absentOr(this.guidMember()); break;
        case 16: c.organizationName = this.nameMember(); break;
        case 17: c.outputParameters = this.collection(Items.Values); break;
        case 18: c.owningExtension = this.owningExtension(); break;
        case 19: c.parentContext = this.parentContext(); break;
        case 20: c.postEntityImages = this.collection(Items.Entities) as Record<string, Entity>; break;
        case 21: c.preEntityImages = this.collection(Items.Entities) as Record<string, Entity>; break;
        case 22: c.primaryEntityId = this.guidMember(); break;
        case 23: c.primaryEntityName = absentOr(this.nameMember()); break;
        case 24: c.requestId = this.guidMember(); break;
        case 25: c.secondaryEntityName = this.nameMember(); break;
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

  protected override entity(): Entity {
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
        case 5: logicalName = absentOr(this.nameMember()); break;
        case 6: relatedEntities = this.relatedEntities(); break;
        case 7: rowVersion = this.stringMember(); break;
      }
    }
    this.p++;
    return { kind: 'Entity', logicalName, id, attributes, formattedValues, keyAttributes, relatedEntities, rowVersion, entityState };
  }

  protected override entityReference(): EntityReference {
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
        case 2: logicalName = absentOr(this.nameMember()); break;
        case 3: name = this.stringMember(); break;
        case 4: rowVersion = this.stringMember(); break;
      }
    }
    this.p++;
    return { kind: 'EntityReference', logicalName, id, name, keyAttributes, rowVersion };
  }

  protected override entityCollection(): EntityCollection {
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
        case 1: entityName = this.nameMember(); break;
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

  protected override entityReferenceCollection(): EntityReferenceCollection {
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

  protected override aliasedValue(): AliasedValue {
    let entityLogicalName: string = absent();
    let attributeLogicalName: string = absent();
    let value: Value = null;
    const b = this.b;
    let i = 0;
    while (b[this.p] !== 0x01) {
      const m = this.memberOrSkip(ALIASED_MEMBERS, i);
      if (m < 0) continue;
      i = m + 1;
      if (m === 0) attributeLogicalName = absentOr(this.nameMember());
      else if (m === 1) entityLogicalName = absentOr(this.nameMember());
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

  protected override relationship(): Relationship {
    let schemaName: string = absent();
    let primaryEntityRole: EntityRole | null = null;
    const b = this.b;
    let i = 0;
    while (b[this.p] !== 0x01) {
      const m = this.memberOrSkip(RELATIONSHIP_MEMBERS, i);
      if (m < 0) continue;
      i = m + 1;
      if (m === 0) primaryEntityRole = this.enumMember(ENTITY_ROLES);
      else schemaName = absentOr(this.nameMember());
    }
    this.p++;
    return { kind: 'Relationship', schemaName, primaryEntityRole };
  }

  protected override booleanManagedProperty(): BooleanManagedProperty {
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
      else if (m === 1) managedPropertyLogicalName = absentOr(this.nameMember());
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

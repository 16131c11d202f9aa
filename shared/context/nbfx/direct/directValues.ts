/**
 * Values: the `object`-typed slots dispatched on `i:type` (primitives, contracts, arrays), DataCollection<string, T>
 * items, and the small contracts that hold one value (OptionSetValue, Money, OptionSetValueCollection). The entity
 * contracts they contain are read by the subclass (directContracts.ts), declared abstract here.
 */
import type {
  AliasedValue,
  BooleanManagedProperty,
  Entity,
  EntityCollection,
  EntityReference,
  EntityReferenceCollection,
  Money,
  OptionSetValueCollection,
  Relationship,
  Value,
} from '../../model';
import { referenceCollection } from '../../xml/contextMapper';
import { doubleFromNumber } from '../../xml/xmlText';
import { absentOr } from './absent';
import { isAttributeRecord } from './directCursor';
import { DirectGenericReader } from './directGeneric';
import { KEY_NAME, Ns, T, VALUE_NAME, VALUE_ONLY, isIntegerType, isUnknownContract } from './directVocabulary';
import { giveUp } from './giveUp';
import { readPackedValues } from './packedItems';
import { setMember } from './setMember';

/** What a DataCollection<string, T> holds. */
export const Items = { Values: 0, Strings: 1, Entities: 2 } as const;
export type Items = (typeof Items)[keyof typeof Items];

/** Values and collections; the entity contracts come from the subclass. */
export abstract class DirectValueReader extends DirectGenericReader {
  protected abstract entity(): Entity;
  protected abstract entityReference(): EntityReference;
  protected abstract entityCollection(): EntityCollection;
  protected abstract entityReferenceCollection(): EntityReferenceCollection;
  protected abstract aliasedValue(): AliasedValue;
  protected abstract relationship(): Relationship;
  protected abstract booleanManagedProperty(): BooleanManagedProperty;

  /** A DataCollection<string, T> (attributes not read yet): its KeyValuePairOf… items. */
  protected collection(kind: Items): Record<string, Value> {
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
  protected value(): Value {
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
}

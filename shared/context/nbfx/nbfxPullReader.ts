/**
 * .NET Binary XML ([MC-NBFX]) pull reader: the {@link XmlPullReader} the mapping drives for `application/msbin1`.
 *
 * One forward pass, no tree: names and xmlns URIs are resolved to ids by comparing their bytes with the known names
 * (no string made), and a typed text record (Int32, DateTime, Decimal, Chars...) is turned into the JS value the
 * mapping asks for straight from its bytes; .NET text is rendered only when a string is asked for. Nesting is
 * tracked with counters, not the call stack. Every length is checked against the body and the limits before use;
 * errors are `DecodeError`s with the byte offset of the record at fault.
 */
import type { DecodeError } from '../errors';
import { DEFAULT_DECODE_LIMITS, limitExceeded, type DecodeLimits } from '../limits';
import { N, NAMES, NO_TYPE, NS, NS_OTHER, UNKNOWN_NAME, URIS } from '../xml/names';
import { XSI_NS, type QName, type XmlNode, type XmlText } from '../xml/node';
import { Path, type XmlPullReader } from '../xml/pullReader';
import {
  decimalFromNumber,
  doubleFromNumber,
  integerFromNumber,
  textBoolean,
  textDate,
  textDecimal,
  textDouble,
  textGuid,
  textInteger,
  type NonFiniteDouble,
} from '../xml/xmlText';
import { UNIX_EPOCH_MS_FROM_YEAR_1 } from './formatTime';
import { ByteCursor } from './byteCursor';
import { asciiGuid, decodeName, decodeUtf16le, decodeUtf8 } from './decodeString';
import { isoDateFromUnixMs } from '../isoDate';
import { invalidBinary, truncated, unsupportedRecord } from './nbfxErrors';
import { readTextPayload, textToString } from './readText';
import { isDictionaryRecord, NbfxRecord, nbfxRecordName } from './recordType';
import { NAME_WORDS, URI_WORDS } from './wordNameTable';
import { trimXml } from '../xml/xmlWhitespace';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const WHITESPACE = /^[ \t\r\n]*$/;

/** Content tokens. */
const START = 1;
const END = 2;
const TEXT = 3;
/** From {@link NbfxPullReader.singleText}: a text that is not the element's only content (more text or a comment follows). */
const MORE_TEXT = 4;

/** `tCode` of a text whose value was read by {@link readTextPayload} into `tValue` (lists, bytes, UUIDs...). */
const T_OBJECT = 0x100;

/** Fixed payload sizes of text records (plain form), -1 for variable or not fast-pathed. */
const FIXED_SIZE = new Int8Array(256).fill(-1);
FIXED_SIZE[NbfxRecord.ZeroText] = 0;
FIXED_SIZE[NbfxRecord.OneText] = 0;
FIXED_SIZE[NbfxRecord.FalseText] = 0;
FIXED_SIZE[NbfxRecord.TrueText] = 0;
FIXED_SIZE[NbfxRecord.EmptyText] = 0;
FIXED_SIZE[NbfxRecord.Int8Text] = 1;
FIXED_SIZE[NbfxRecord.BoolText] = 1;
FIXED_SIZE[NbfxRecord.Int16Text] = 2;
FIXED_SIZE[NbfxRecord.Int32Text] = 4;
FIXED_SIZE[NbfxRecord.FloatText] = 4;
FIXED_SIZE[NbfxRecord.Int64Text] = 8;
FIXED_SIZE[NbfxRecord.DoubleText] = 8;
FIXED_SIZE[NbfxRecord.DateTimeText] = 8;
FIXED_SIZE[NbfxRecord.DecimalText] = 16;

/** Array record item types (the WithEndElement form) and their packed size in bytes (`XmlBinaryReader.IsValidArrayType`). */
const ARRAY_ITEM_SIZE: Readonly<Record<number, number>> = {
  0xb5: 1, // Bool
  0x8b: 2, // Int16
  0x8d: 4, // Int32
  0x8f: 8, // Int64
  0x91: 4, // Float
  0x93: 8, // Double
  0x95: 16, // Decimal
  0x97: 8, // DateTime
  0xaf: 8, // TimeSpan
  0xb1: 16, // Uuid
};

/** Largest valid .NET tick count (9999-12-31T23:59:59.9999999), as whole milliseconds. */
const MAX_MS = 315537897599999;
const POW10 = Array.from({ length: 29 }, (_, i) => 10 ** i);

/** Slots of {@link NbfxPullReader}'s prefix table: `a`–`z`, then `''`. */
const SLOTS = 27;
const DEFAULT_SLOT = 26;

/** The prefix table slot of `prefix`, -1 when it has none (longer prefixes are looked up by a scan). */
function prefixSlot(prefix: string): number {
  if (prefix.length === 0) return DEFAULT_SLOT;
  if (prefix.length !== 1) return -1;
  const c = prefix.charCodeAt(0) - 0x61;
  return c >= 0 && c < 26 ? c : -1;
}


/** Shared, frozen `i:type` names for trees: a context repeats a few dozen of them. */
const QNAMES = new Map<string, Map<string, QName>>();
const MAX_QNAMES_PER_NS = 256;

function qname(ns: string, local: string): QName {
  let byLocal = QNAMES.get(ns);
  if (byLocal === undefined) {
    if (QNAMES.size >= MAX_QNAMES_PER_NS) return { ns, local };
    QNAMES.set(ns, (byLocal = new Map()));
  }
  let name = byLocal.get(local);
  if (name === undefined) {
    if (byLocal.size >= MAX_QNAMES_PER_NS) return { ns, local };
    byLocal.set(local, (name = Object.freeze({ ns, local })));
  }
  return name;
}

/** The tree node while it is being built (the public type is read-only). */
interface Node {
  ns: string;
  local: string;
  type: QName | null;
  nil: boolean;
  children: XmlNode[];
  text: XmlText;
}

/** Leaves share one frozen empty child list; the first child replaces it with a real array. */
const NO_CHILDREN: XmlNode[] = Object.freeze([]) as unknown as XmlNode[];

function addChild(parent: Node, child: XmlNode): void {
  if (parent.children === NO_CHILDREN) parent.children = [child];
  else parent.children.push(child);
}

const EMPTY_BODY = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY_BODY.buffer);

/**
 * Reads one body at a time; reused across bodies (reading is synchronous and never re-entered).
 *
 * @example
 * ```ts
 * const reader = new NbfxPullReader();
 * reader.begin(body, DEFAULT_DECODE_LIMITS, new Path()); // on the root element
 * while (reader.nextChild()) console.log(reader.localName(), reader.readString());
 * reader.finish();
 * ```
 */
export class NbfxPullReader implements XmlPullReader {
  // ---- the current element ----
  public name = 0;
  public ns = 0;
  public nil = false;
  public typeName = NO_TYPE;
  public typeNs = 0;
  private localStr = '';
  private nsUri = '';
  private typeLocalStr = '';
  private typeNsUri = '';

  // ---- the body ----
  private bytes: Uint8Array = EMPTY_BODY;
  private view: DataView = EMPTY_VIEW;
  private pos = 0;
  private end = 0;
  private limits: DecodeLimits = DEFAULT_DECODE_LIMITS;
  private maxRecords = 0;
  private maxStringLength = 0;
  private records = 0;
  private path: Path = new Path();
  /** For the rare records rendered by {@link readTextPayload}. */
  private readonly cursor = new ByteCursor(EMPTY_BODY);
  private readonly countRecord = (offset: number): void => {
    if (++this.records > this.maxRecords) throw this.tooManyRecords(offset);
  };

  // ---- open elements and namespace bindings ----
  private depth = 0;
  private readonly scopeMarks: number[] = [];
  private readonly nsPrefixes: string[] = [];
  private readonly nsIds: number[] = [];
  private readonly nsUris: string[] = [];
  private nsCount = 0;
  /**
   * The innermost binding of each single-letter prefix `a`–`z` (slot 0–25) and of `''` (slot {@link DEFAULT_SLOT}),
   * -1 when none: DCS prefixes are single letters, so a lookup is one load instead of a scan of the bindings.
   * `shadowed[i]` is what binding i hid in its slot (restored when it goes out of scope); -2 for other prefixes.
   */
  private readonly slotBinding = new Int32Array(SLOTS).fill(-1);
  private readonly shadowed: number[] = [];

  // ---- attributes of the element start being read ----
  private readonly attrPrefixes: string[] = [];
  private readonly attrNames: number[] = [];
  private readonly attrOffsets: number[] = [];
  /** The value's text record code (plain) and payload range; `attrStrings` when rendered. */
  private readonly attrCodes: number[] = [];
  private readonly attrStarts: number[] = [];
  private readonly attrLengths: number[] = [];
  private readonly attrStrings: string[] = [];
  private attrCount = 0;

  // ---- the text token last read ----
  private tCode = 0;
  private tEnds = false;
  private tOffset = 0;
  private tStart = 0;
  private tLength = 0;
  private tValue: XmlText = '';

  // ---- an Array record being read: its items are sibling elements ----
  private arrayLeft = 0;
  private arrayItemCode = 0;
  private arrayItemSize = 0;
  private arrayOffset = 0;
  private arrayName = 0;
  private arrayNs = 0;
  private arrayNil = false;
  private arrayTypeName = NO_TYPE;
  private arrayTypeNs = 0;
  private arrayLocalStr = '';
  private arrayNsUri = '';
  private arrayTypeLocalStr = '';
  private arrayTypeNsUri = '';
  /** Whether the current element is an Array item whose packed value is still to be read. */
  private inArrayItem = false;
  /** Items of the body's Array records so far: an item is one byte or more, but an element to whoever reads it. */
  private arrayItems = 0;

  /** Starts reading `bytes` and moves to the root element. */
  public begin(bytes: Uint8Array, limits: DecodeLimits, path: Path): void {
    if (bytes.length > limits.maxBytes) throw limitExceeded('maxBytes', limits.maxBytes, undefined, 0);
    this.bytes = bytes;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = view;
    const cursor = this.cursor;
    cursor.bytes = bytes;
    cursor.view = view;
    cursor.end = bytes.length;
    cursor.pos = 0;
    this.pos = 0;
    this.end = bytes.length;
    this.limits = limits;
    this.maxRecords = limits.maxRecords;
    this.maxStringLength = limits.maxStringLength;
    this.records = 0;
    this.path = path;
    this.depth = 0;
    this.nsCount = 0;
    this.slotBinding.fill(-1);
    this.arrayLeft = 0;
    this.inArrayItem = false;
    this.arrayItems = 0;
    this.tValue = '';
    if (!this.readTopLevel()) throw invalidBinary('the body has no root element', 0);
  }

  /** Checks that nothing but comments and white space follows the root, and lets go of the body. */
  public finish(): void {
    if (this.readTopLevel()) throw invalidBinary(`a second root element <${this.localStr}>`, this.tOffset);
    this.release();
  }

  /** Reads the rest of the body (after the mapping gave up), so that malformed bytes are reported first. */
  public drain(): void {
    while (this.depth > 0) this.token();
    this.finish();
  }

  /** Drops the references to the body (also after an error). */
  public release(): void {
    this.bytes = EMPTY_BODY;
    this.view = EMPTY_VIEW;
    const cursor = this.cursor;
    cursor.bytes = EMPTY_BODY;
    cursor.view = EMPTY_VIEW;
    cursor.end = 0;
    cursor.pos = 0;
    this.tValue = '';
    this.attrStrings.length = 0;
  }

  private tooManyRecords(offset: number): DecodeError {
    return limitExceeded('maxRecords', this.maxRecords, undefined, offset);
  }

  /** Reads records outside the root element up to an element start (`true`) or the end of the body (`false`). */
  private readTopLevel(): boolean {
    const bytes = this.bytes;
    while (this.pos < this.end) {
      const offset = this.pos;
      const code = bytes[this.pos++]!;
      if (++this.records > this.maxRecords) throw this.tooManyRecords(offset);
      if (code >= 0x80) {
        this.readText(code, offset);
        // Outside the root element only white space is allowed, and nothing can end.
        if (this.tEnds || !WHITESPACE.test(this.textString())) throw invalidBinary(`${nbfxRecordName(code)} outside the root element`, offset);
      } else if (code >= NbfxRecord.ShortElement) {
        if (code > NbfxRecord.PrefixElementZ) throw invalidBinary(`byte 0x${code.toString(16)} is not a record`, offset);
        this.tOffset = offset;
        this.openElement(code, offset);
        return true;
      } else if (code === NbfxRecord.EndElement) throw invalidBinary('EndElement with no open element', offset);
      else if (code === NbfxRecord.Comment) this.skipComment();
      else if (code === NbfxRecord.Array) throw invalidBinary('an Array record outside the root element', offset);
      else this.refuseStructure(code, offset);
    }
    return false;
  }

  private refuseStructure(code: number, offset: number): never {
    if (code === 0) throw invalidBinary('byte 0x00 is not a record', offset);
    if (isDictionaryRecord(code)) throw unsupportedRecord(code, offset);
    throw invalidBinary(`${nbfxRecordName(code)} outside an element start`, offset);
  }

  // ---- content tokens ----

  /** Reads the next token inside the open element: a child's start (opened), a text, or the element's end. */
  private token(): number {
    if (this.inArrayItem) {
      // An Array item's content is its packed value; the item then ends.
      this.inArrayItem = false;
      const start = this.pos;
      this.tCode = this.arrayItemCode;
      this.tEnds = true;
      this.tOffset = start;
      this.tStart = start;
      this.tLength = this.arrayItemSize;
      this.pos = start + this.arrayItemSize;
      if (this.arrayItemCode > 0xff || FIXED_SIZE[this.arrayItemCode]! < 0) this.readObjectText(this.arrayItemCode, start, start);
      else this.checkFixed(this.arrayItemCode, start);
      this.closeElement();
      return TEXT;
    }
    if (this.arrayLeft > 0) {
      this.openArrayItem();
      return START;
    }
    const bytes = this.bytes;
    for (;;) {
      if (this.pos >= this.end) throw truncated(`an element (${this.depth} elements open)`, this.end);
      const offset = this.pos;
      const code = bytes[this.pos++]!;
      if (++this.records > this.maxRecords) throw this.tooManyRecords(offset);
      if (code >= 0x80) {
        this.readText(code, offset);
        if (this.tEnds) this.closeElement();
        return TEXT;
      }
      if (code >= NbfxRecord.ShortElement) {
        if (code > NbfxRecord.PrefixElementZ) throw invalidBinary(`byte 0x${code.toString(16)} is not a record`, offset);
        this.openElement(code, offset);
        return START;
      }
      if (code === NbfxRecord.EndElement) {
        this.closeElement();
        return END;
      }
      if (code === NbfxRecord.Comment) this.skipComment();
      else if (code === NbfxRecord.Array) {
        this.readArrayHeader(offset);
        this.openArrayItem();
        return START;
      } else this.refuseStructure(code, offset);
    }
  }

  private openElement(code: number, offset: number): void {
    if (this.depth >= this.limits.maxDepth) throw limitExceeded('maxDepth', this.limits.maxDepth, undefined, offset);
    const mark = this.nsCount;
    this.readElementStart(code, offset);
    this.scopeMarks[this.depth++] = mark;
  }

  private closeElement(): void {
    const mark = this.scopeMarks[--this.depth]!;
    if (this.nsCount !== mark) this.unbind(mark);
  }

  /** Drops the bindings from `mark` on, innermost first, restoring the slots they hid. */
  private unbind(mark: number): void {
    const slots = this.slotBinding;
    for (let i = this.nsCount - 1; i >= mark; i--) {
      const hidden = this.shadowed[i]!;
      if (hidden !== -2) slots[prefixSlot(this.nsPrefixes[i]!)] = hidden;
    }
    this.nsCount = mark;
  }

  /** Consumes an EndElement record if one comes next. */
  private endNext(): boolean {
    if (this.pos < this.end && this.bytes[this.pos] === NbfxRecord.EndElement) {
      const offset = this.pos++;
      if (++this.records > this.maxRecords) throw this.tooManyRecords(offset);
      this.closeElement();
      return true;
    }
    return false;
  }

  // ---- element starts ----

  private readLength(what: string): number {
    const bytes = this.bytes;
    const start = this.pos;
    const b = start < this.end ? bytes[start]! : -1;
    let length: number;
    if (b >= 0 && b < 0x80) {
      this.pos = start + 1;
      length = b;
    } else {
      this.cursor.pos = start;
      length = this.cursor.mb31(what);
      this.pos = this.cursor.pos;
    }
    if (length > this.end - this.pos) throw truncated(what, this.pos);
    if (length > this.maxStringLength) throw limitExceeded('maxStringLength', this.maxStringLength, undefined, this.pos);
    return length;
  }

  /** A name (or prefix) String as a string. */
  private readNameString(what: string): string {
    const length = this.readLength(what);
    const start = this.pos;
    this.pos = start + length;
    if (length === 1 && this.bytes[start]! < 0x80) return ASCII_CHARS[this.bytes[start]!]!;
    const name = decodeName(this.bytes, this.view, start, start + length);
    if (name === undefined) throw invalidBinary(`${what} is not valid UTF-8`, start);
    return name;
  }

  /** A name String as a name id; {@link lastName} holds its string. */
  private readNameId(what: string): number {
    const length = this.readLength(what);
    const start = this.pos;
    const end = start + length;
    this.pos = end;
    const id = NAME_WORDS.fromBytes(this.bytes, this.view, start, end);
    if (id !== UNKNOWN_NAME || length === 0) {
      this.lastName = NAMES.string(id);
      return id;
    }
    const name = decodeName(this.bytes, this.view, start, end);
    if (name === undefined) throw invalidBinary(`${what} is not valid UTF-8`, start);
    this.lastName = name;
    return UNKNOWN_NAME;
  }

  private lastName = '';

  private readElementStart(code: number, offset: number): void {
    const bytes = this.bytes;
    let prefix: string;
    if (code === NbfxRecord.ShortElement) prefix = '';
    else if (code === NbfxRecord.Element) prefix = this.readNameString('an Element prefix');
    else if (code >= NbfxRecord.PrefixElementA) prefix = LETTERS[code - NbfxRecord.PrefixElementA]!;
    else throw unsupportedRecord(code, offset);
    this.name = this.readNameId('an element name');
    this.localStr = this.lastName;

    this.elementMark = this.nsCount;
    const maxAttributes = this.limits.maxAttributes;
    let attrCount = 0;
    let records = 0;
    while (this.pos < this.end) {
      const attrCode = bytes[this.pos]!;
      if (attrCode < NbfxRecord.ShortAttribute || attrCode > NbfxRecord.PrefixAttributeZ) break;
      const attrOffset = this.pos++;
      if (++this.records > this.maxRecords) throw this.tooManyRecords(attrOffset);
      if (++records > maxAttributes) throw limitExceeded('maxAttributes', maxAttributes, undefined, attrOffset);
      if (attrCode === NbfxRecord.ShortXmlnsAttribute) {
        this.declare('', attrOffset);
        continue;
      }
      if (attrCode === NbfxRecord.XmlnsAttribute) {
        this.declare(this.readNameString('an xmlns prefix'), attrOffset);
        continue;
      }
      let attrPrefix: string;
      if (attrCode === NbfxRecord.ShortAttribute) attrPrefix = '';
      else if (attrCode === NbfxRecord.Attribute) attrPrefix = this.readNameString('an attribute prefix');
      else if (attrCode >= NbfxRecord.PrefixAttributeA) attrPrefix = LETTERS[attrCode - NbfxRecord.PrefixAttributeA]!;
      else throw unsupportedRecord(attrCode, attrOffset);
      const attrName = this.readNameId('an attribute name');
      this.readAttributeValue();
      if (attrName !== N.type && attrName !== N.nil && this.tCode !== T_OBJECT) this.textString(); // validates its text
      // Unprefixed attributes have no namespace, so they can be neither i:type nor i:nil.
      if (attrPrefix !== '') {
        const i = attrCount++;
        this.attrPrefixes[i] = attrPrefix;
        this.attrNames[i] = attrName;
        this.attrOffsets[i] = attrOffset;
        this.attrCodes[i] = this.tCode;
        this.attrStarts[i] = this.tStart;
        this.attrLengths[i] = this.tLength;
        this.attrStrings[i] = this.tCode === T_OBJECT ? textToString(this.tValue) : '';
      }
    }
    this.attrCount = attrCount;

    // Prefixes resolve only now: a declaration may follow the attribute that uses it.
    const binding = this.bindingOf(prefix, offset);
    this.ns = binding < 0 ? this.fixedNs(binding) : this.nsIds[binding]!;
    this.nsUri = binding < 0 ? this.fixedUri(binding) : this.nsUris[binding]!;
    this.typeName = NO_TYPE;
    this.typeNs = 0;
    this.typeLocalStr = '';
    this.typeNsUri = '';
    this.nil = false;
    let typed = false;
    let nilSeen = false;
    for (let i = 0; i < attrCount; i++) {
      const at = this.bindingOf(this.attrPrefixes[i]!, this.attrOffsets[i]!);
      if ((at < 0 ? this.fixedUri(at) : this.nsUris[at]!) !== XSI_NS) continue;
      // Attributes are compared by expanded name, whatever their prefixes (as .NET's reader does).
      if (this.attrNames[i] === N.type) {
        if (typed) throw invalidBinary('a duplicate i:type attribute', this.attrOffsets[i]!);
        typed = true;
        this.resolveType(i);
      } else if (this.attrNames[i] === N.nil) {
        if (nilSeen) throw invalidBinary('a duplicate i:nil attribute', this.attrOffsets[i]!);
        nilSeen = true;
        this.nil = this.attrNil(i);
      }
    }
  }

  /** Where the bindings of the element start being read begin. */
  private elementMark = 0;

  private readAttributeValue(): void {
    const offset = this.pos;
    if (offset >= this.end) throw truncated('an attribute value', offset);
    const code = this.bytes[this.pos++]!;
    if (++this.records > this.maxRecords) throw this.tooManyRecords(offset);
    if (code < 0x80 || code & 1) {
      if (isDictionaryRecord(code)) throw unsupportedRecord(code, offset);
      throw invalidBinary(`${nbfxRecordName(code)} cannot be an attribute value`, offset);
    }
    this.readText(code, offset);
  }

  /** `i:nil`: `true` or `1`, `false` or `0` (after trimming), whatever the record; anything else is malformed. */
  private attrNil(i: number): boolean {
    const code = this.attrCodes[i]!;
    if (code === NbfxRecord.TrueText || code === NbfxRecord.OneText) return true;
    if (code === NbfxRecord.FalseText || code === NbfxRecord.ZeroText) return false;
    const value = trimXml(this.attrText(i));
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw invalidBinary(`malformed i:nil "${value}"`, this.attrOffsets[i]!);
  }

  /** The text of attribute i's value. */
  private attrText(i: number): string {
    const code = this.attrCodes[i]!;
    if (code === T_OBJECT) return this.attrStrings[i]!;
    this.tCode = code;
    this.tStart = this.attrStarts[i]!;
    this.tLength = this.attrLengths[i]!;
    this.tOffset = this.attrOffsets[i]!;
    return this.textString();
  }

  /** Resolves an `i:type` value (`b:string`, `Entity`); an unprefixed name takes the default namespace. */
  private resolveType(i: number): void {
    const offset = this.attrOffsets[i]!;
    const code = this.attrCodes[i]!;
    if (code === NbfxRecord.Chars8Text) {
      // The usual case: ASCII `prefix:local` bytes, resolved without making strings.
      const bytes = this.bytes;
      const start = this.attrStarts[i]!;
      const end = start + this.attrLengths[i]!;
      let colon = -1;
      let plain = true;
      for (let k = start; k < end; k++) {
        const c = bytes[k]!;
        if (c === 0x3a) {
          if (colon >= 0) {
            plain = false;
            break;
          }
          colon = k;
        } else if (c >= 0x80 || c <= 0x20) {
          plain = false;
          break;
        }
      }
      if (plain && end > start && colon !== end - 1 && colon !== start) {
        let prefix = '';
        if (colon === start + 1) prefix = ASCII_CHARS[bytes[start]!]!;
        else if (colon > start) prefix = decodeUtf8(bytes, start, colon)!;
        const localStart = colon < 0 ? start : colon + 1;
        const binding = this.bindingOf(prefix, offset);
        this.typeNs = binding < 0 ? this.fixedNs(binding) : this.nsIds[binding]!;
        this.typeNsUri = binding < 0 ? this.fixedUri(binding) : this.nsUris[binding]!;
        const id = NAME_WORDS.fromBytes(bytes, this.view, localStart, end);
        this.typeName = id;
        this.typeLocalStr = id === UNKNOWN_NAME ? decodeUtf8(bytes, localStart, end)! : NAMES.string(id);
        return;
      }
    }
    // As the text XML reader reads it: trimmed, then `prefix:local` or `local`, each part non-empty.
    const text = trimXml(this.attrText(i));
    const colon = text.indexOf(':');
    const prefix = colon < 0 ? '' : text.slice(0, colon);
    const local = colon < 0 ? text : text.slice(colon + 1);
    if (local.length === 0 || colon === 0 || local.indexOf(':') >= 0) throw invalidBinary(`i:type "${text}" is not a qualified name`, offset);
    const binding = this.bindingOf(prefix, offset);
    this.typeNs = binding < 0 ? this.fixedNs(binding) : this.nsIds[binding]!;
    this.typeNsUri = binding < 0 ? this.fixedUri(binding) : this.nsUris[binding]!;
    this.typeName = NAMES.fromString(local);
    this.typeLocalStr = local;
  }

  /** Reads an xmlns record's URI and binds `prefix` to it for the element being read (the record at `offset`). */
  private declare(prefix: string, offset: number): void {
    if (this.nsCount >= this.limits.maxNamespaces) throw limitExceeded('maxNamespaces', this.limits.maxNamespaces, undefined, offset);
    const length = this.readLength('a namespace');
    const start = this.pos;
    const end = start + length;
    this.pos = end;
    let id = URI_WORDS.fromBytes(this.bytes, this.view, start, end);
    let uri: string;
    if (id !== 0 || length === 0) uri = URIS.string(id);
    else {
      const decoded = length <= 128 ? decodeName(this.bytes, this.view, start, end) : decodeUtf8(this.bytes, start, end);
      if (decoded === undefined) throw invalidBinary('a namespace is not valid UTF-8', start);
      uri = decoded;
      id = NS_OTHER;
    }
    // The namespace rules text XML enforces (Namespaces in XML 1.0 §3).
    if (prefix === 'xmlns') throw invalidBinary('the xmlns prefix cannot be declared', start);
    if ((prefix === 'xml') !== (uri === XML_NS)) throw invalidBinary('the xml prefix and its namespace cannot be rebound', start);
    if (prefix !== '' && length === 0) throw invalidBinary(`prefix "${prefix}" cannot be bound to an empty namespace`, start);
    const prefixes = this.nsPrefixes;
    for (let k = this.elementMark; k < this.nsCount; k++) if (prefixes[k] === prefix) throw invalidBinary(`prefix "${prefix}" is declared twice`, start);
    this.bind(prefix, id, uri);
  }

  private bind(prefix: string, id: number, uri: string): void {
    const i = this.nsCount++;
    this.nsPrefixes[i] = prefix;
    this.nsIds[i] = id;
    this.nsUris[i] = uri;
    const slot = prefixSlot(prefix);
    if (slot < 0) this.shadowed[i] = -2;
    else {
      this.shadowed[i] = this.slotBinding[slot]!;
      this.slotBinding[slot] = i;
    }
  }

  /** The binding index of `prefix`, or -1 (`''` undeclared), -2 (`xml`), -3 (`xmlns`). */
  private bindingOf(prefix: string, offset: number): number {
    const slot = prefixSlot(prefix);
    if (slot >= 0) {
      const binding = this.slotBinding[slot]!;
      if (binding >= 0 || slot === DEFAULT_SLOT) return binding;
      throw invalidBinary(`namespace prefix "${prefix}" is not declared`, offset);
    }
    const prefixes = this.nsPrefixes;
    for (let i = this.nsCount - 1; i >= 0; i--) if (prefixes[i] === prefix) return i;
    if (prefix === '') return -1;
    if (prefix === 'xml') return -2;
    if (prefix === 'xmlns') return -3;
    throw invalidBinary(`namespace prefix "${prefix}" is not declared`, offset);
  }

  private fixedNs(binding: number): number {
    return binding === -1 ? NS.None : binding === -2 ? NS.Xml : NS.Xmlns;
  }

  private fixedUri(binding: number): string {
    return binding === -1 ? '' : binding === -2 ? XML_NS : XMLNS_NS;
  }

  private skipComment(): void {
    const length = this.readLength('a Comment length');
    this.pos += length;
  }

  // ---- Array records ----

  /**
   * `Array`: an element record (with its attributes), `EndElement`, the item type, a MultiByteInt31 count and the
   * packed values — the same as `count` sibling elements each holding one value.
   */
  private readArrayHeader(offset: number): void {
    const elementOffset = this.pos;
    if (elementOffset >= this.end) throw truncated('an Array record', elementOffset);
    const elementCode = this.bytes[this.pos++]!;
    this.countRecord(elementOffset);
    if (elementCode < NbfxRecord.ShortElement || elementCode > NbfxRecord.PrefixElementZ) {
      throw invalidBinary(`an Array record must start with an element record, not ${nbfxRecordName(elementCode)}`, elementOffset);
    }
    const mark = this.nsCount;
    this.readElementStart(elementCode, elementOffset);
    if (this.nsCount !== mark) this.unbind(mark);
    const endOffset = this.pos;
    if (endOffset >= this.end) throw truncated('an Array record', endOffset);
    if (this.bytes[this.pos++] !== NbfxRecord.EndElement) throw invalidBinary('an Array element must be followed by EndElement', endOffset);
    this.countRecord(endOffset);
    const typeOffset = this.pos;
    if (typeOffset >= this.end) throw truncated('an Array record', typeOffset);
    const itemCode = this.bytes[this.pos++]!;
    const size = ARRAY_ITEM_SIZE[itemCode];
    if (size === undefined) throw invalidBinary(`${nbfxRecordName(itemCode)} cannot be an Array item type`, typeOffset);
    const countOffset = this.pos;
    this.cursor.pos = this.pos;
    const count = this.cursor.mb31('an Array count');
    this.pos = this.cursor.pos;
    if (count === 0) throw invalidBinary('an Array record with no items', countOffset);
    if (count * size > this.end - this.pos) throw truncated(`an Array of ${count} items`, this.pos);
    // One bound for one record and for all of them together: else small records would add up to a large tree.
    this.arrayItems += count;
    if (this.arrayItems > this.limits.maxArrayLength) throw limitExceeded('maxArrayLength', this.limits.maxArrayLength, undefined, countOffset);
    if (this.depth >= this.limits.maxDepth) throw limitExceeded('maxDepth', this.limits.maxDepth, undefined, elementOffset);
    if (this.records + count > this.maxRecords) throw limitExceeded('maxRecords', this.maxRecords, undefined, countOffset);
    this.records += count;
    const plain = itemCode & 0xfe;
    this.arrayLeft = count;
    this.arrayItemSize = size;
    // Fast-pathed kinds are read from their bytes; the others (TimeSpan, Uuid) through readTextPayload.
    this.arrayItemCode = FIXED_SIZE[plain]! >= 0 ? plain : T_OBJECT | plain;
    this.arrayOffset = offset;
    this.arrayName = this.name;
    this.arrayNs = this.ns;
    this.arrayNil = this.nil;
    this.arrayTypeName = this.typeName;
    this.arrayTypeNs = this.typeNs;
    this.arrayLocalStr = this.localStr;
    this.arrayNsUri = this.nsUri;
    this.arrayTypeLocalStr = this.typeLocalStr;
    this.arrayTypeNsUri = this.typeNsUri;
  }

  private openArrayItem(): void {
    this.arrayLeft--;
    this.name = this.arrayName;
    this.ns = this.arrayNs;
    this.nil = this.arrayNil;
    this.typeName = this.arrayTypeName;
    this.typeNs = this.arrayTypeNs;
    this.localStr = this.arrayLocalStr;
    this.nsUri = this.arrayNsUri;
    this.typeLocalStr = this.arrayTypeLocalStr;
    this.typeNsUri = this.arrayTypeNsUri;
    this.scopeMarks[this.depth++] = this.nsCount;
    this.inArrayItem = true;
  }

  // ---- text records ----

  /** Reads a text record's payload (the code byte already read) into the text token. */
  private readText(code: number, offset: number): void {
    const plain = code & 0xfe;
    this.tEnds = (code & 1) === 1;
    this.tOffset = offset;
    const size = FIXED_SIZE[plain]!;
    if (size >= 0) {
      const start = this.pos;
      if (size > this.end - start) throw truncated(`${nbfxRecordName(plain)} value`, start);
      this.tCode = plain;
      this.tStart = start;
      this.tLength = size;
      this.pos = start + size;
      if (size >= 8) this.checkFixed(plain, start);
      return;
    }
    switch (plain) {
      case NbfxRecord.Chars8Text:
      case NbfxRecord.UnicodeChars8Text:
        this.readChars(plain, this.pos < this.end ? this.bytes[this.pos++]! : this.fail(plain), offset);
        return;
      case NbfxRecord.Chars16Text:
      case NbfxRecord.UnicodeChars16Text:
        if (2 > this.end - this.pos) this.fail(plain);
        this.pos += 2;
        this.readChars(plain, this.view.getUint16(this.pos - 2, true), offset);
        return;
      case NbfxRecord.Chars32Text:
      case NbfxRecord.UnicodeChars32Text: {
        if (4 > this.end - this.pos) this.fail(plain);
        const length = this.view.getInt32(this.pos, true);
        if (length < 0) throw invalidBinary(`negative length ${length} in ${nbfxRecordName(plain)} length`, this.pos);
        this.pos += 4;
        this.readChars(plain, length, offset);
        return;
      }
      default:
        if (this.tEnds && (plain === NbfxRecord.StartListText || plain === NbfxRecord.EndListText)) {
          throw invalidBinary(`${nbfxRecordName(code)} is not a record`, offset);
        }
        this.readObjectText(plain, this.pos, offset);
    }
  }

  private fail(plain: number): never {
    throw truncated(`${nbfxRecordName(plain)} length`, this.pos);
  }

  private readChars(plain: number, length: number, offset: number): void {
    const start = this.pos;
    if (length > this.end - start) throw truncated(nbfxRecordName(plain), start);
    if (length > this.maxStringLength) throw limitExceeded('maxStringLength', this.maxStringLength, undefined, start);
    if (plain >= NbfxRecord.UnicodeChars8Text && length & 1) throw invalidBinary(`${nbfxRecordName(plain)} has an odd byte length ${length}`, start);
    this.tCode = plain;
    this.tOffset = offset;
    this.tStart = start;
    this.tLength = length;
    this.pos = start + length;
  }

  /** The other records, read by {@link readTextPayload} into `tValue`. */
  private readObjectText(plain: number, at: number, offset: number): void {
    const cursor = this.cursor;
    cursor.pos = at;
    this.tValue = readTextPayload(cursor, plain & 0xff, offset, this.limits, this.countRecord);
    this.pos = cursor.pos;
    this.tCode = T_OBJECT;
  }

  /** Validates a Decimal or DateTime payload (what .NET's reader refuses). */
  private checkFixed(plain: number, start: number): void {
    if (plain === NbfxRecord.DecimalText) {
      const bytes = this.bytes;
      const scale = bytes[start + 2]!;
      const sign = bytes[start + 3]!;
      if (bytes[start]! !== 0 || bytes[start + 1]! !== 0 || (sign !== 0 && sign !== 0x80) || scale > 28) {
        throw invalidBinary(`DecimalText is not a valid decimal (scale ${scale}, sign byte 0x${sign.toString(16)})`, start);
      }
    } else if (plain === NbfxRecord.DateTimeText) {
      const hi = this.view.getUint32(start + 4, true);
      const kind = hi >>> 30;
      if (kind >= 2 && (hi & 0x3fffffff) > 0x3fffff00) {
        // A wrapped Local instant: readTextPayload validates and renders it exactly.
        this.readObjectText(plain, start, this.tOffset);
        return;
      }
      if (this.dateTimeMs(start) > MAX_MS) throw invalidBinary('DateTimeText is outside the .NET DateTime range', start);
    }
  }

  /** Whole milliseconds since 0001-01-01 of a DateTime payload (not the wrapped Local case). */
  private dateTimeMs(start: number): number {
    const lo = this.view.getUint32(start, true);
    const high = this.view.getUint32(start + 4, true) & 0x3fffffff;
    // ticks = high·2^32 + lo, split exactly into milliseconds (2^32 = 429496·10^4 + 7296).
    return high * 429496 + Math.floor((high * 7296 + lo) / 10000);
  }

  /** The text token as a string, rendered as .NET's reader renders it. */
  private textString(): string {
    const start = this.tStart;
    switch (this.tCode) {
      case NbfxRecord.Chars8Text:
      case NbfxRecord.Chars16Text:
      case NbfxRecord.Chars32Text: {
        const length = this.tLength;
        const text = length <= 16 ? decodeName(this.bytes, this.view, start, start + length) : decodeUtf8(this.bytes, start, start + length);
        if (text === undefined) throw invalidBinary(`${nbfxRecordName(this.tCode)} is not valid UTF-8`, start);
        return text;
      }
      case NbfxRecord.UnicodeChars8Text:
      case NbfxRecord.UnicodeChars16Text:
      case NbfxRecord.UnicodeChars32Text: {
        const text = decodeUtf16le(this.bytes, start, start + this.tLength);
        if (text === undefined) throw invalidBinary(`${nbfxRecordName(this.tCode)} is not valid UTF-16`, start);
        return text;
      }
      case NbfxRecord.EmptyText:
        return '';
      case NbfxRecord.ZeroText:
        return '0';
      case NbfxRecord.OneText:
        return '1';
      case NbfxRecord.FalseText:
        return 'false';
      case NbfxRecord.TrueText:
        return 'true';
      case NbfxRecord.Int8Text:
      case NbfxRecord.Int16Text:
      case NbfxRecord.Int32Text:
        return String(this.textNumber());
      default:
        return textToString(this.textValue());
    }
  }

  /** The text token as a tree text: a string for characters, a typed value otherwise. */
  private textValue(): XmlText {
    const code = this.tCode;
    if (code === T_OBJECT) return this.tValue;
    if (code >= NbfxRecord.Chars8Text && code <= NbfxRecord.Chars32Text) return this.textString();
    if (code >= NbfxRecord.UnicodeChars8Text) return this.textString();
    if (code === NbfxRecord.EmptyText) return '';
    const cursor = this.cursor;
    cursor.pos = this.tStart;
    return readTextPayload(cursor, code, this.tOffset, this.limits, this.countRecord);
  }

  /** The text token as a number when it is a numeric record, else `undefined`. */
  private textNumber(): number | undefined {
    const start = this.tStart;
    const view = this.view;
    switch (this.tCode) {
      case NbfxRecord.ZeroText:
        return 0;
      case NbfxRecord.OneText:
        return 1;
      case NbfxRecord.Int8Text:
        return view.getInt8(start);
      case NbfxRecord.Int16Text:
        return view.getInt16(start, true);
      case NbfxRecord.Int32Text:
        return view.getInt32(start, true);
      case NbfxRecord.Int64Text:
        return view.getInt32(start + 4, true) * 4294967296 + view.getUint32(start, true);
      case NbfxRecord.FloatText:
        return view.getFloat32(start, true);
      case NbfxRecord.DoubleText:
        return view.getFloat64(start, true);
      case NbfxRecord.DecimalText: {
        const hi = view.getUint32(start + 4, true);
        const lo = view.getUint32(start + 8, true);
        const mid = view.getUint32(start + 12, true);
        const scale = this.bytes[start + 2]!;
        if (hi === 0 && mid < 0x200000 && scale <= 22) {
          // The magnitude and 10^scale are exact doubles, so one division rounds correctly, like Number(text).
          const magnitude = mid * 4294967296 + lo;
          const value = scale === 0 ? magnitude : magnitude / POW10[scale]!;
          // A negative zero is 0, as .NET renders it ("0") and as the formatted (slow) branch gives.
          return this.bytes[start + 3] === 0x80 && value !== 0 ? -value : value;
        }
        return (this.textValue() as { asNumber(): number | undefined }).asNumber();
      }
      case T_OBJECT: {
        const value = this.tValue;
        return typeof value === 'string' ? undefined : value.asNumber();
      }
      default:
        return undefined;
    }
  }

  // ---- XmlPullReader ----

  public localName(): string {
    return this.localStr;
  }

  public namespaceUri(): string {
    return this.nsUri;
  }

  public typeLocalName(): string {
    return this.typeLocalStr;
  }

  public typeNamespaceUri(): string {
    return this.typeNsUri;
  }

  public nextChild(): boolean {
    if (!this.inArrayItem && this.arrayLeft === 0 && this.pos < this.end) {
      // The common records first: an EndElement, or an element start the fast path reads.
      if (this.bytes[this.pos] === NbfxRecord.EndElement) {
        if (this.records < this.maxRecords) {
          this.pos++;
          this.records++;
          this.closeElement();
          return false;
        }
      } else if (this.fastElementStart()) return true;
    }
    for (;;) {
      const token = this.token();
      if (token === START) return true;
      if (token === END || this.tEnds) return false;
      // Text between child elements is not part of a contract.
      if (this.tCode !== T_OBJECT) this.textString();
    }
  }

  /**
   * The common element start, read without the general machinery: `ShortElement` or `PrefixElementA–Z` with a known
   * short name, then nothing but the attributes DataContractSerializer writes (see {@link fastAttributes}). `false`
   * (nothing consumed, no state changed) for anything else: the general path then reads it and reports any error.
   * Not for Array items (the caller checks).
   */
  private fastElementStart(): boolean {
    const bytes = this.bytes;
    const offset = this.pos;
    // Reads stay within the body: a load past its end costs a deoptimization.
    if (offset + 2 >= this.end) return false;
    const code = bytes[offset]!;
    let slot: number;
    if (code === NbfxRecord.ShortElement) slot = DEFAULT_SLOT;
    else if (code >= NbfxRecord.PrefixElementA && code <= NbfxRecord.PrefixElementZ) slot = code - NbfxRecord.PrefixElementA;
    else return false;
    const length = bytes[offset + 1]!;
    const start = offset + 2;
    const end = start + length;
    // Needs a record after the name (else the slow path reports the truncation).
    if (length >= 0x80 || length === 0 || end >= this.end || length > this.maxStringLength) return false;
    const id = NAME_WORDS.fromBytes(bytes, this.view, start, end);
    if (id === UNKNOWN_NAME) return false;
    if (this.depth >= this.limits.maxDepth || this.records >= this.maxRecords) return false;
    const next = bytes[end]!;
    const mark = this.nsCount;
    let after = end;
    let records = 1;
    let nil = false;
    this.typeName = NO_TYPE;
    this.typeNs = 0;
    this.typeLocalStr = '';
    this.typeNsUri = '';
    if (next >= NbfxRecord.ShortAttribute && next <= NbfxRecord.PrefixAttributeZ) {
      after = this.fastAttributes(end);
      if (after < 0) return false;
      records += this.fastRecords;
      nil = this.fastNil;
      // Prefixes resolve after the element's own declarations, as on the general path.
      if (this.fastTypeEnd > 0 && !this.fastType()) {
        this.unbind(mark);
        return false;
      }
    }
    const binding = this.slotBinding[slot]!;
    if (binding < 0 && slot !== DEFAULT_SLOT) {
      this.unbind(mark);
      return false;
    }
    this.records += records;
    this.pos = after;
    this.name = id;
    this.localStr = NAMES.string(id);
    this.ns = binding < 0 ? NS.None : this.nsIds[binding]!;
    this.nsUri = binding < 0 ? '' : this.nsUris[binding]!;
    this.nil = nil;
    this.scopeMarks[this.depth++] = mark;
    return true;
  }

  /** Set by {@link fastAttributes}: the attribute records read, the i:nil value, the i:type value's range (end 0: none). */
  private fastRecords = 0;
  private fastNil = false;
  private fastTypeStart = 0;
  private fastTypeEnd = 0;

  /**
   * The attributes of an element start as DataContractSerializer writes them: at most one `i:type` (Chars8Text) or
   * `i:nil="true"` (TrueText), then `xmlns:x` declarations of single-letter prefixes to known URIs. Binds the
   * declarations and returns the position after them; -1 (nothing bound) for any other form, a limit reached, or a
   * declaration the general path refuses.
   */
  private fastAttributes(at: number): number {
    const bytes = this.bytes;
    const limit = this.end;
    let pos = at;
    let records = 0;
    let attributes = 0;
    this.fastNil = false;
    this.fastTypeEnd = 0;
    if (bytes[pos] === NbfxRecord.PrefixAttributeA + 8 && pos + 7 < limit) {
      // i:type="…" (2e 04 'type' 98 len …) or i:nil="true" (2e 03 'nil' 86).
      if (bytes[pos + 1] === 4 && bytes[pos + 2] === 0x74 && bytes[pos + 3] === 0x79 && bytes[pos + 4] === 0x70 && bytes[pos + 5] === 0x65 && bytes[pos + 6] === NbfxRecord.Chars8Text) {
        const length = bytes[pos + 7]!;
        const start = pos + 8;
        if (length === 0 || length >= 0x80 || length > this.maxStringLength || start + length >= limit) return -1;
        this.fastTypeStart = start;
        this.fastTypeEnd = start + length;
        pos = start + length;
      } else if (bytes[pos + 1] === 3 && bytes[pos + 2] === 0x6e && bytes[pos + 3] === 0x69 && bytes[pos + 4] === 0x6c && bytes[pos + 5] === NbfxRecord.TrueText) {
        this.fastNil = true;
        pos += 6;
      } else return -1;
      records = 2;
      attributes = 1;
    }
    const mark = this.nsCount;
    while (pos + 3 < limit && bytes[pos] === NbfxRecord.XmlnsAttribute) {
      // xmlns:x="known URI" (09 01 x len …).
      const letter = bytes[pos + 2]! - 0x61;
      const length = bytes[pos + 3]!;
      const start = pos + 4;
      const end = start + length;
      if (bytes[pos + 1] !== 1 || letter < 0 || letter >= 26 || length === 0 || length >= 0x80 || length > this.maxStringLength || end >= limit) break;
      const id = URI_WORDS.fromBytes(bytes, this.view, start, end);
      // Unknown URIs are decoded on the general path; the xml namespace on a letter is refused there.
      if (id === 0 || id === NS.Xml || this.nsCount >= this.limits.maxNamespaces) break;
      let twice = false;
      for (let k = mark; k < this.nsCount; k++) if (this.nsPrefixes[k] === ASCII_CHARS[letter + 0x61]) twice = true;
      if (twice) break;
      this.bind(ASCII_CHARS[letter + 0x61]!, id, URIS.string(id));
      records++;
      attributes++;
      pos = end;
    }
    const next = pos < limit ? bytes[pos]! : -1;
    if (next < 0 || (next >= NbfxRecord.ShortAttribute && next <= NbfxRecord.PrefixAttributeZ) || attributes > this.limits.maxAttributes || this.records + 1 + records > this.maxRecords) {
      this.unbind(mark);
      return -1;
    }
    // The i prefix must name XMLSchema-instance for the attribute to be i:type/i:nil.
    if (attributes > this.nsCount - mark) {
      const i = this.slotBinding[8]!;
      if (i < 0 || this.nsIds[i] !== NS.Xsi) {
        this.unbind(mark);
        return -1;
      }
    }
    this.fastRecords = records;
    return pos;
  }

  /** Resolves the `i:type` read by {@link fastAttributes}: `x:Known` or `Known`; `false` for any other form. */
  private fastType(): boolean {
    const bytes = this.bytes;
    let start = this.fastTypeStart;
    const end = this.fastTypeEnd;
    let slot = DEFAULT_SLOT;
    if (end - start > 2 && bytes[start + 1] === 0x3a) {
      slot = bytes[start]! - 0x61;
      if (slot < 0 || slot >= 26) return false;
      start += 2;
    }
    // A known name has no colon or space, so the value is a plain QName.
    const id = NAME_WORDS.fromBytes(bytes, this.view, start, end);
    if (id === UNKNOWN_NAME) return false;
    const binding = this.slotBinding[slot]!;
    if (binding < 0 && slot !== DEFAULT_SLOT) return false;
    this.typeName = id;
    this.typeLocalStr = NAMES.string(id);
    this.typeNs = binding < 0 ? NS.None : this.nsIds[binding]!;
    this.typeNsUri = binding < 0 ? '' : this.nsUris[binding]!;
    return true;
  }

  /**
   * Whether the current element's whole content is one text record of `code` (a WithEndElement form) with `size`
   * payload bytes, within the limits; the caller then consumes it with {@link takeFast}.
   */
  private fastText(code: number, size: number): boolean {
    return !this.inArrayItem && this.bytes[this.pos] === code && this.pos + 1 + size <= this.end && this.records < this.maxRecords;
  }

  /** Consumes a record checked by {@link fastText}: `size` payload bytes after the code, the element ends. */
  private takeFast(size: number): void {
    this.records++;
    this.pos += 1 + size;
    this.closeElement();
  }

  /** A Chars8TextWithEndElement holding the whole content, as a string; `undefined` (nothing consumed) otherwise. */
  private fastChars(): string | undefined {
    const pos = this.pos;
    if (this.inArrayItem || this.bytes[pos] !== NbfxRecord.Chars8Text + 1 || pos + 2 > this.end || this.records >= this.maxRecords) return undefined;
    const length = this.bytes[pos + 1]!;
    const start = pos + 2;
    if (start + length > this.end || length > this.maxStringLength) return undefined;
    const text = length <= 16 ? decodeName(this.bytes, this.view, start, start + length) : decodeUtf8(this.bytes, start, start + length);
    if (text === undefined) return undefined;
    this.records++;
    this.pos = start + length;
    this.closeElement();
    return text;
  }

  public skip(): void {
    const target = this.depth - 1;
    while (this.depth > target) this.token();
  }

  /**
   * Reads the first token of the current element: `TEXT` when it is a text that is the element's only content (the
   * element then is closed). Otherwise (`MORE_TEXT`: a text that more content follows, `START`, `END`) the caller
   * reads the whole text with {@link restOfText}.
   */
  private singleText(): number {
    const token = this.token();
    if (token !== TEXT) return token;
    return this.tEnds || this.endNext() ? TEXT : MORE_TEXT;
  }

  /** The whole text of the current element from `token` (the first token, not a single text) on, as a string. */
  private restOfText(token: number): string {
    let text = '';
    for (;;) {
      if (token === END) return text;
      if (token === START) this.skip();
      else {
        text += this.textString();
        // Each record is within maxStringLength; their concatenation must be too.
        if (text.length > this.maxStringLength) throw limitExceeded('maxStringLength', this.maxStringLength, undefined, this.tOffset);
        if (this.tEnds) return text;
      }
      token = this.token();
    }
  }

  public readKey(): string {
    // Keys (attribute logical names) repeat across messages: answered from the name cache up to its longest entry.
    const pos = this.pos;
    if (!this.inArrayItem && this.bytes[pos] === NbfxRecord.Chars8Text + 1 && pos + 2 <= this.end && this.records < this.maxRecords) {
      const length = this.bytes[pos + 1]!;
      const start = pos + 2;
      if (start + length <= this.end && length <= this.maxStringLength) {
        const text = decodeName(this.bytes, this.view, start, start + length);
        if (text !== undefined) {
          this.records++;
          this.pos = start + length;
          this.closeElement();
          return text;
        }
      }
    }
    return this.readString();
  }

  public readString(): string {
    const fast = this.fastChars();
    if (fast !== undefined) return fast;
    const token = this.singleText();
    return token === TEXT ? this.textString() : this.restOfText(token);
  }

  public readInteger(): number {
    const bytes = this.bytes;
    switch (this.inArrayItem ? 0 : bytes[this.pos]) {
      case NbfxRecord.ZeroText + 1:
        if (!this.fastText(NbfxRecord.ZeroText + 1, 0)) break;
        this.takeFast(0);
        return 0;
      case NbfxRecord.OneText + 1:
        if (!this.fastText(NbfxRecord.OneText + 1, 0)) break;
        this.takeFast(0);
        return 1;
      case NbfxRecord.Int8Text + 1: {
        if (!this.fastText(NbfxRecord.Int8Text + 1, 1)) break;
        const value = this.view.getInt8(this.pos + 1);
        this.takeFast(1);
        return value;
      }
      case NbfxRecord.Int16Text + 1: {
        if (!this.fastText(NbfxRecord.Int16Text + 1, 2)) break;
        const value = this.view.getInt16(this.pos + 1, true);
        this.takeFast(2);
        return value;
      }
      case NbfxRecord.Int32Text + 1: {
        if (!this.fastText(NbfxRecord.Int32Text + 1, 4)) break;
        const value = this.view.getInt32(this.pos + 1, true);
        this.takeFast(4);
        return value;
      }
    }
    const token = this.singleText();
    if (token === TEXT) {
      const n = this.textNumber();
      if (n !== undefined) return integerFromNumber(n, this.path);
      return textInteger(this.textString(), this.path);
    }
    return textInteger(this.restOfText(token), this.path);
  }

  public readDecimal(): number {
    const token = this.singleText();
    if (token === TEXT) {
      const n = this.textNumber();
      if (n !== undefined) return decimalFromNumber(n, this.path);
      return textDecimal(this.textString(), this.path);
    }
    return textDecimal(this.restOfText(token), this.path);
  }

  public readDouble(): number | NonFiniteDouble {
    const token = this.singleText();
    if (token === TEXT) {
      const n = this.textNumber();
      if (n !== undefined) return doubleFromNumber(n);
      return textDouble(this.textString(), this.path);
    }
    return textDouble(this.restOfText(token), this.path);
  }

  public readBoolean(): boolean {
    if (this.fastText(NbfxRecord.TrueText + 1, 0)) {
      this.takeFast(0);
      return true;
    }
    if (this.fastText(NbfxRecord.FalseText + 1, 0)) {
      this.takeFast(0);
      return false;
    }
    const token = this.singleText();
    if (token === TEXT) {
      switch (this.tCode) {
        case NbfxRecord.TrueText:
        case NbfxRecord.OneText:
          return true;
        case NbfxRecord.FalseText:
        case NbfxRecord.ZeroText:
          return false;
        case NbfxRecord.BoolText:
          // .NET reads any non-zero byte as true.
          return this.bytes[this.tStart] !== 0;
        default:
          return textBoolean(this.textString(), this.path);
      }
    }
    return textBoolean(this.restOfText(token), this.path);
  }

  public readDate(): string {
    if (this.fastText(NbfxRecord.DateTimeText + 1, 8)) {
      const start = this.pos + 1;
      const hi = this.view.getUint32(start + 4, true);
      // Not a wrapped Local instant, and within the .NET range (else the general path reports or renders it).
      if (!(hi >>> 30 >= 2 && (hi & 0x3fffffff) > 0x3fffff00)) {
        const ms = this.dateTimeMs(start);
        if (ms <= MAX_MS) {
          this.takeFast(8);
          return isoDateFromUnixMs(ms - UNIX_EPOCH_MS_FROM_YEAR_1);
        }
      }
    }
    const token = this.singleText();
    if (token === TEXT) {
      if (this.tCode === NbfxRecord.DateTimeText) return isoDateFromUnixMs(this.dateTimeMs(this.tStart) - UNIX_EPOCH_MS_FROM_YEAR_1);
      const value = this.tCode === T_OBJECT ? this.tValue : undefined;
      if (value !== undefined && typeof value !== 'string') {
        const iso = value.asIsoDate();
        if (iso !== undefined) return iso;
      }
      return textDate(this.textString(), this.path);
    }
    return textDate(this.restOfText(token), this.path);
  }

  public readGuid(): string {
    if (this.fastText(NbfxRecord.Chars8Text + 1, 37) && this.bytes[this.pos + 1] === 36 && this.maxStringLength >= 36) {
      const guid = asciiGuid(this.bytes, this.view, this.pos + 2);
      if (guid !== undefined) {
        this.takeFast(37);
        return guid;
      }
    }
    const token = this.singleText();
    if (token === TEXT) {
      if (this.tCode === NbfxRecord.Chars8Text && this.tLength === 36) {
        const guid = asciiGuid(this.bytes, this.view, this.tStart);
        if (guid !== undefined) return guid;
      }
      return textGuid(this.textString(), this.path);
    }
    return textGuid(this.restOfText(token), this.path);
  }

  public readNode(): XmlNode {
    const root = this.newNode();
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const token = this.token();
      const top = stack[stack.length - 1]!;
      if (token === START) {
        const node = this.newNode();
        addChild(top, node);
        stack.push(node);
      } else if (token === END) {
        stack.pop();
      } else {
        const value = this.textValue();
        const current = top.text;
        if (current === '') top.text = value;
        else if (value !== '') {
          const text = textToString(current) + textToString(value);
          if (text.length > this.maxStringLength) throw limitExceeded('maxStringLength', this.maxStringLength, undefined, this.tOffset);
          top.text = text;
        }
        if (this.tEnds) stack.pop();
      }
    }
    return root;
  }

  private newNode(): Node {
    const type = this.typeName === NO_TYPE ? null : qname(this.typeNsUri, this.typeLocalStr);
    return { ns: this.nsUri, local: this.localStr, type, nil: this.nil, children: NO_CHILDREN, text: '' };
  }
}

/** One-character strings for the ASCII bytes (single-letter prefixes), shared so that `===` compares pointers. */
const ASCII_CHARS: readonly string[] = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

const reader = new NbfxPullReader();
const treePath = new Path();

/**
 * Reads a .NET Binary XML body into the element tree (tests and tools; decoding uses {@link NbfxPullReader}).
 *
 * @throws {DecodeError} `INVALID_BINARY` for malformed bytes, `UNSUPPORTED_RECORD` for dictionary records,
 * `LIMIT_EXCEEDED` when a limit is exceeded; each with the byte `offset`.
 * @example
 * ```ts
 * const root = readNbfxTree(body, DEFAULT_DECODE_LIMITS);
 * root.local; // 'RemoteExecutionContext'
 * ```
 */
export function readNbfxTree(bytes: Uint8Array, limits: DecodeLimits): XmlNode {
  try {
    reader.begin(bytes, limits, treePath);
    const root = reader.readNode();
    reader.finish();
    return root;
  } finally {
    reader.release();
  }
}

/** The reader the decoder uses (one, reused: decoding is synchronous). */
export function sharedNbfxReader(): NbfxPullReader {
  return reader;
}

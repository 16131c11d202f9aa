/**
 * .NET Binary XML ([MC-NBFX]) reader: turns an `application/msbin1` body into the same element tree the text XML
 * parser produces, so that one mapping (`contextFromXml`) serves both formats.
 *
 * One forward pass over the bytes with an explicit element stack (no recursion, so nesting depth costs no call
 * stack). Names and namespaces are inline strings (Dataverse writes without a dictionary; dictionary records fail
 * with `UNSUPPORTED_RECORD`). Typed text records stay typed ({@link BinaryText}); prefixes, `i:type` and `i:nil` are
 * resolved once all of an element's attribute and xmlns records are read, because a declaration may follow the
 * attribute that uses it.
 */
import type { DecodeError } from '../errors';
import { DEFAULT_DECODE_LIMITS, limitExceeded, type DecodeLimits } from '../limits';
import { XSI_NS, type QName, type XmlNode, type XmlText } from '../xml/node';
import { ByteCursor } from './byteCursor';
import { decodeName } from './decodeString';
import { invalidBinary, truncated, unsupportedRecord } from './nbfxErrors';
import { readTextPayload, textToString } from './readText';
import { isDictionaryRecord, NbfxRecord, nbfxRecordName } from './recordType';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const WHITESPACE = /^[ \t\r\n]*$/;

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

/** The tree node while it is being built (the public type is read-only). */
interface Node {
  ns: string;
  local: string;
  type: QName | null;
  nil: boolean;
  children: XmlNode[];
  text: XmlText;
}

/**
 * Leaves (most elements) share one frozen empty child list instead of allocating their own; the first child
 * replaces it with a real array.
 */
const NO_CHILDREN: XmlNode[] = Object.freeze([]) as unknown as XmlNode[];

function newNode(ns: string, local: string, type: QName | null, nil: boolean, text: XmlText): Node {
  return { ns, local, type, nil, children: NO_CHILDREN, text };
}

function addChild(parent: Node, child: XmlNode): void {
  if (parent.children === NO_CHILDREN) parent.children = [child];
  else parent.children.push(child);
}

const isXmlSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

function trimXml(text: string): string {
  if (text.length === 0 || (!isXmlSpace(text.charCodeAt(0)) && !isXmlSpace(text.charCodeAt(text.length - 1)))) return text;
  return text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

/** Shared, frozen `i:type` names: a context repeats a few dozen of them (`string`, `int`, `Entity`...). */
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

class NbfxTreeReader {
  private readonly cursor = new ByteCursor(new Uint8Array(0));
  private limits: DecodeLimits = DEFAULT_DECODE_LIMITS;
  private maxRecords = 0;
  private maxDepth = 0;
  private records = 0;
  private root: Node | null = null;
  /** Open elements, innermost last, and the namespace-binding count when each was opened. */
  private readonly stack: Node[] = [];
  private readonly scopeMarks: number[] = [];
  /** In-scope namespace declarations, innermost last. */
  private readonly nsPrefixes: string[] = [];
  private readonly nsUris: string[] = [];
  private nsCount = 0;
  /** The prefixed attributes of the element start being read. */
  private readonly attrPrefixes: string[] = [];
  private readonly attrLocals: string[] = [];
  private readonly attrValues: XmlText[] = [];
  private readonly attrOffsets: number[] = [];
  private attrCount = 0;
  private readonly countRecord = (offset: number): void => {
    if (++this.records > this.maxRecords) throw this.tooManyRecords(offset);
  };

  /** Reads one body. The reader keeps no state between calls (every field is reset here; nothing is shared). */
  public read(bytes: Uint8Array, limits: DecodeLimits): XmlNode {
    this.cursor.reset(bytes);
    this.limits = limits;
    this.maxRecords = limits.maxRecords;
    this.maxDepth = limits.maxDepth;
    this.records = 0;
    this.root = null;
    this.stack.length = 0;
    this.scopeMarks.length = 0;
    this.nsCount = 0;
    this.attrCount = 0;
    try {
      return this.readBody();
    } finally {
      // Drop references to the body and the tree, so that neither outlives the call.
      this.cursor.reset(EMPTY_BODY);
      this.root = null;
      this.stack.length = 0;
      this.attrValues.length = 0;
    }
  }

  private tooManyRecords(offset: number): DecodeError {
    return limitExceeded('maxRecords', this.maxRecords, undefined, offset);
  }

  private readBody(): XmlNode {
    const cursor = this.cursor;
    const bytes = cursor.bytes;
    while (cursor.pos < cursor.end) {
      const offset = cursor.pos;
      const code = bytes[cursor.pos++]!;
      if (++this.records > this.maxRecords) throw this.tooManyRecords(offset);
      if (code >= 0x80) this.readContentText(code, offset);
      else if (code >= NbfxRecord.ShortElement) {
        if (code > NbfxRecord.PrefixElementZ) throw invalidBinary(`byte 0x${code.toString(16)} is not a record`, offset);
        this.openElement(code, offset);
      } else if (code === NbfxRecord.EndElement) this.closeElement(offset);
      else if (code === NbfxRecord.Comment) this.skipComment();
      else if (code === NbfxRecord.Array) this.readArray(offset);
      else if (code === 0) throw invalidBinary('byte 0x00 is not a record', offset);
      else if (isDictionaryRecord(code)) throw unsupportedRecord(code, offset);
      else throw invalidBinary(`${nbfxRecordName(code)} outside an element start`, offset);
    }
    if (this.stack.length > 0) throw truncated(`element <${this.stack[this.stack.length - 1]!.local}> (${this.stack.length} elements open)`, cursor.end);
    if (this.root === null) throw invalidBinary('the body has no root element', 0);
    return this.root;
  }

  private openElement(code: number, offset: number): void {
    if (this.stack.length >= this.maxDepth) throw limitExceeded('maxDepth', this.maxDepth, undefined, offset);
    const mark = this.nsCount;
    const node = this.readElementStart(code, offset);
    this.attach(node, offset);
    this.stack.push(node);
    this.scopeMarks.push(mark);
  }

  private attach(node: Node, offset: number): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent !== undefined) addChild(parent, node);
    else if (this.root === null) this.root = node;
    else throw invalidBinary(`a second root element <${node.local}>`, offset);
  }

  private closeElement(offset: number): void {
    if (this.stack.pop() === undefined) throw invalidBinary('EndElement with no open element', offset);
    this.nsCount = this.scopeMarks.pop()!;
  }

  /** Reads an element record and its attribute/xmlns records; declarations are left in scope for the caller to pop. */
  private readElementStart(code: number, offset: number): Node {
    const cursor = this.cursor;
    const bytes = cursor.bytes;
    let prefix: string;
    if (code === NbfxRecord.ShortElement) prefix = '';
    else if (code === NbfxRecord.Element) prefix = this.readName('an Element prefix');
    else if (code >= NbfxRecord.PrefixElementA) prefix = LETTERS[code - NbfxRecord.PrefixElementA]!;
    else throw unsupportedRecord(code, offset);
    const local = this.readName('an element name');

    this.attrCount = 0;
    while (cursor.pos < cursor.end) {
      const attrCode = bytes[cursor.pos]!;
      if (attrCode < NbfxRecord.ShortAttribute || attrCode > NbfxRecord.PrefixAttributeZ) break;
      const attrOffset = cursor.pos++;
      if (++this.records > this.maxRecords) throw this.tooManyRecords(attrOffset);
      if (attrCode === NbfxRecord.ShortXmlnsAttribute) {
        this.declare('', this.readName('a namespace'));
        continue;
      }
      if (attrCode === NbfxRecord.XmlnsAttribute) {
        const declared = this.readName('an xmlns prefix');
        this.declare(declared, this.readName('a namespace'));
        continue;
      }
      let attrPrefix: string;
      if (attrCode === NbfxRecord.ShortAttribute) attrPrefix = '';
      else if (attrCode === NbfxRecord.Attribute) attrPrefix = this.readName('an attribute prefix');
      else if (attrCode >= NbfxRecord.PrefixAttributeA) attrPrefix = LETTERS[attrCode - NbfxRecord.PrefixAttributeA]!;
      else throw unsupportedRecord(attrCode, attrOffset);
      const attrLocal = this.readName('an attribute name');
      const value = this.readAttributeValue();
      // Unprefixed attributes have no namespace, so they can be neither i:type nor i:nil.
      if (attrPrefix !== '') {
        const i = this.attrCount++;
        this.attrPrefixes[i] = attrPrefix;
        this.attrLocals[i] = attrLocal;
        this.attrValues[i] = value;
        this.attrOffsets[i] = attrOffset;
      }
    }

    const ns = this.resolvePrefix(prefix, offset);
    let type: QName | null = null;
    let nil = false;
    for (let i = 0; i < this.attrCount; i++) {
      if (this.resolvePrefix(this.attrPrefixes[i]!, this.attrOffsets[i]!) !== XSI_NS) continue;
      const attrLocal = this.attrLocals[i]!;
      if (attrLocal === 'type') type = this.resolveQName(textToString(this.attrValues[i]!), this.attrOffsets[i]!);
      else if (attrLocal === 'nil') {
        const value = trimXml(textToString(this.attrValues[i]!));
        nil = value === 'true' || value === '1';
      }
    }
    return newNode(ns, local, type, nil, '');
  }

  private readAttributeValue(): XmlText {
    const cursor = this.cursor;
    const offset = cursor.pos;
    const code = cursor.u8('an attribute value');
    this.countRecord(offset);
    if (code < 0x80 || code & 1) {
      if (isDictionaryRecord(code)) throw unsupportedRecord(code, offset);
      throw invalidBinary(`${nbfxRecordName(code)} cannot be an attribute value`, offset);
    }
    return readTextPayload(cursor, code, offset, this.limits, this.countRecord);
  }

  private readName(what: string): string {
    const cursor = this.cursor;
    const length = cursor.mb31(what);
    const start = cursor.pos;
    if (length > cursor.end - start) throw truncated(what, start);
    if (length > this.limits.maxStringLength) throw limitExceeded('maxStringLength', this.limits.maxStringLength, undefined, start);
    const name = decodeName(cursor.bytes, cursor.view, start, start + length);
    if (name === undefined) throw invalidBinary(`${what} is not valid UTF-8`, start);
    cursor.pos = start + length;
    return name;
  }

  private declare(prefix: string, uri: string): void {
    const i = this.nsCount++;
    this.nsPrefixes[i] = prefix;
    this.nsUris[i] = uri;
  }

  private lookup(prefix: string): string | undefined {
    for (let i = this.nsCount - 1; i >= 0; i--) if (this.nsPrefixes[i] === prefix) return this.nsUris[i];
    if (prefix === '') return '';
    if (prefix === 'xml') return XML_NS;
    if (prefix === 'xmlns') return XMLNS_NS;
    return undefined;
  }

  private resolvePrefix(prefix: string, offset: number): string {
    const uri = this.lookup(prefix);
    if (uri === undefined) throw invalidBinary(`namespace prefix "${prefix}" is not declared`, offset);
    return uri;
  }

  /** An `i:type` value (`b:string`, `Entity`) as an expanded name; unprefixed names take the default namespace. */
  private resolveQName(text: string, offset: number): QName {
    const colon = text.indexOf(':');
    if (colon < 0) return qname(this.resolvePrefix('', offset), trimXml(text));
    if (colon === text.length - 1) throw invalidBinary(`i:type "${text}" is not a qualified name`, offset);
    return qname(this.resolvePrefix(trimXml(text.slice(0, colon)), offset), trimXml(text.slice(colon + 1)));
  }

  private readContentText(code: number, offset: number): void {
    const withEnd = (code & 1) === 1;
    const plain = code & 0xfe;
    if (withEnd && (plain === NbfxRecord.StartListText || plain === NbfxRecord.EndListText)) {
      throw invalidBinary(`${nbfxRecordName(code)} is not a record`, offset);
    }
    const value = readTextPayload(this.cursor, plain, offset, this.limits, this.countRecord);
    const node = this.stack[this.stack.length - 1];
    if (node === undefined) {
      // Outside the root element only white space is allowed, and nothing can end.
      if (withEnd || !WHITESPACE.test(textToString(value))) throw invalidBinary(`${nbfxRecordName(code)} outside the root element`, offset);
      return;
    }
    const current = node.text;
    if (current === '') node.text = value;
    else if (value !== '') node.text = textToString(current) + textToString(value);
    if (withEnd) {
      this.stack.pop();
      this.nsCount = this.scopeMarks.pop()!;
    }
  }

  private skipComment(): void {
    const cursor = this.cursor;
    const length = cursor.mb31('a Comment length');
    if (length > cursor.end - cursor.pos) throw truncated('a Comment', cursor.pos);
    if (length > this.limits.maxStringLength) throw limitExceeded('maxStringLength', this.limits.maxStringLength, undefined, cursor.pos);
    cursor.pos += length;
  }

  /**
   * `Array`: an element record (with its attributes), `EndElement`, the item type, a MultiByteInt31 count and the
   * packed values — the same as `count` sibling elements each holding one value.
   */
  private readArray(offset: number): void {
    const cursor = this.cursor;
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) throw invalidBinary('an Array record outside the root element', offset);
    const elementOffset = cursor.pos;
    const elementCode = cursor.u8('an Array record');
    this.countRecord(elementOffset);
    if (elementCode < NbfxRecord.ShortElement || elementCode > NbfxRecord.PrefixElementZ) {
      throw invalidBinary(`an Array record must start with an element record, not ${nbfxRecordName(elementCode)}`, elementOffset);
    }
    const mark = this.nsCount;
    const item = this.readElementStart(elementCode, elementOffset);
    this.nsCount = mark;
    const endOffset = cursor.pos;
    if (cursor.u8('an Array record') !== NbfxRecord.EndElement) throw invalidBinary('an Array element must be followed by EndElement', endOffset);
    this.countRecord(endOffset);
    const typeOffset = cursor.pos;
    const itemCode = cursor.u8('an Array record');
    const size = ARRAY_ITEM_SIZE[itemCode];
    if (size === undefined) throw invalidBinary(`${nbfxRecordName(itemCode)} cannot be an Array item type`, typeOffset);
    const countOffset = cursor.pos;
    const count = cursor.mb31('an Array count');
    if (count === 0) throw invalidBinary('an Array record with no items', countOffset);
    if (count * size > cursor.end - cursor.pos) throw truncated(`an Array of ${count} items`, cursor.pos);
    if (count > this.limits.maxArrayLength) throw limitExceeded('maxArrayLength', this.limits.maxArrayLength, undefined, countOffset);
    if (this.stack.length >= this.limits.maxDepth) throw limitExceeded('maxDepth', this.limits.maxDepth, undefined, elementOffset);
    if (this.records + count > this.limits.maxRecords) throw limitExceeded('maxRecords', this.limits.maxRecords, undefined, countOffset);
    this.records += count;
    const plain = itemCode & 0xfe;
    const noCount = (): void => {};
    for (let i = 0; i < count; i++) {
      const value = readTextPayload(cursor, plain, cursor.pos, this.limits, noCount);
      addChild(parent, newNode(item.ns, item.local, item.type, item.nil, value));
    }
  }
}

/**
 * Reads a .NET Binary XML body into the element tree.
 *
 * @throws {DecodeError} `INVALID_BINARY` for malformed bytes, `UNSUPPORTED_RECORD` for dictionary records,
 * `LIMIT_EXCEEDED` when a limit is exceeded; each with the byte `offset`.
 * @example
 * ```ts
 * const root = readNbfx(body, DEFAULT_DECODE_LIMITS);
 * root.local; // 'RemoteExecutionContext'
 * ```
 */
export function readNbfx(bytes: Uint8Array, limits: DecodeLimits): XmlNode {
  if (bytes.length > limits.maxBytes) throw limitExceeded('maxBytes', limits.maxBytes, undefined, 0);
  // Reading is synchronous and never re-entered, so one reader (and its scratch arrays) serves every call.
  return reader.read(bytes, limits);
}

const EMPTY_BODY = new Uint8Array(0);
const reader = new NbfxTreeReader();

/**
 * The text XML reader (`application/xml`): a small, namespace-aware, non-validating XML 1.0 parser that builds the
 * {@link XmlNode} tree the mapping reads.
 *
 * Hand-written rather than a library because decoding speed is a requirement (measured with
 * `test/context/xml/speed.scratch.ts`: `sax` alone, building no tree, ran at 0.03× `JSON.parse` of the same context;
 * this reader at about 0.3×) and because the tree it needs is tiny: elements with their expanded names, `i:type`
 * resolved by namespace URI, `i:nil`, and text. It is iterative (no recursion, whatever the nesting) and refuses every
 * DTD and entity declaration, so neither external entities nor entity expansion ("billion laughs") can happen.
 */
import { DecodeError } from '../errors';
import { limitExceeded, type DecodeLimits } from '../limits';
import { KNOWN_URIS, XML_NS } from './namespaces';
import { XSI_NS, type QName, type XmlNode } from './node';

/** The tree as it is built; handed out as the read-only {@link XmlNode}. */
interface BuildingNode {
  ns: string;
  local: string;
  type: QName | null;
  nil: boolean;
  children: BuildingNode[];
  text: string;
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const COLON = 0x3a;
const QUOT = 0x22;
const APOS = 0x27;

const NAME_START = 1;
const NAME_CHAR = 2;
/** ASCII name classes; other characters are judged by {@link nonAsciiNameClass}. */
const ASCII_NAME_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === COLON;
  const other = (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
  ASCII_NAME_CLASS[c] = letter ? NAME_START | NAME_CHAR : other ? NAME_CHAR : 0;
}

/** The XML 1.0 (5th edition) name classes of a non-ASCII UTF-16 code unit (surrogates pass as halves of a pair). */
function nonAsciiNameClass(c: number): number {
  if (c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040) return NAME_CHAR;
  if (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  ) {
    return NAME_START | NAME_CHAR;
  }
  return 0;
}

function nameClass(c: number): number {
  return c < 128 ? (ASCII_NAME_CLASS[c] as number) : nonAsciiNameClass(c);
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Characters XML 1.0 forbids anywhere in a document (lone surrogates cannot survive the fatal UTF-8 decoder). */
const FORBIDDEN_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const LINE_BREAK = /\r\n?/g;
/** The rare strings the reader tracks (see `XmlReader.next`). */
const AMP = 0;
const CR = 1;
const LF = 2;
const TAB = 3;
const CDATA_END = 4;
const ATTRIBUTE_WHITESPACE = /\r\n?|[\n\t]/g;
const XML_DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*\?>$/;
const DECIMAL_DIGITS = /^[0-9]{1,7}$/;
const HEX_DIGITS = /^[0-9a-fA-F]{1,6}$/;

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function invalid(message: string, offset: number): DecodeError {
  return new DecodeError('INVALID_XML', message, { offset });
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Replaces the five predefined entity references and character references; anything else is refused. */
function decodeReferences(raw: string, offset: number): string {
  let out = '';
  let last = 0;
  let amp = raw.indexOf('&');
  while (amp >= 0) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 10) throw invalid('Unterminated entity or character reference', offset + amp);
    const name = raw.slice(amp + 1, semi);
    let replacement = PREDEFINED_ENTITIES[name];
    if (replacement === undefined) {
      if (name.charCodeAt(0) !== 0x23) throw invalid(`Undeclared entity &${name}; (only the predefined entities are allowed)`, offset + amp);
      const hex = name.charCodeAt(1) === 0x78;
      const digits = hex ? name.slice(2) : name.slice(1);
      const code = (hex ? HEX_DIGITS : DECIMAL_DIGITS).test(digits) ? Number.parseInt(digits, hex ? 16 : 10) : -1;
      if (!isXmlChar(code)) throw invalid(`Invalid character reference &${name};`, offset + amp);
      replacement = String.fromCodePoint(code);
    }
    out += raw.slice(last, amp) + replacement;
    last = semi + 1;
    amp = raw.indexOf('&', last);
  }
  return out + raw.slice(last);
}

/**
 * Known namespace URIs, so that the tree carries the very constant strings (cheap `===` in the mapping). A linear
 * search: comparing a few strings (length first) is cheaper than hashing a fresh one for a map.
 */
const KNOWN_NAMESPACES: readonly string[] = [XSI_NS, ...KNOWN_URIS];

function knownNamespace(uri: string): string {
  for (const known of KNOWN_NAMESPACES) if (known === uri) return known;
  return uri;
}

/** Leaf elements share this (frozen) array; an element gets its own array with its first child. */
const NO_CHILDREN: BuildingNode[] = Object.freeze([]) as unknown as BuildingNode[];

/** One pass over a document. */
class XmlReader {
  private pos = 0;
  private elementCount = 0;
  /**
   * In-scope namespace bindings as a stack of (prefix, URI), searched from the top: a handful are in scope at any
   * time, so a linear search of (mostly one-character, internalized) prefixes beats a map. Closing an element
   * truncates the stack back to its mark.
   */
  private readonly prefixes: string[] = ['xml'];
  private readonly uris: string[] = [XML_NS];
  private bindingCount = 1;
  /** The in-scope default namespace. */
  private defaultNs = '';
  /** Attributes of the start tag being read (reused buffers: qualified name, colon index, value, offset). */
  private readonly attrNames: string[] = [];
  private readonly attrColons: number[] = [];
  private readonly attrValues: string[] = [];
  private readonly attrOffsets: number[] = [];
  /** Next positions of rare strings (see {@link next}); -1 until first searched. */
  private nextAmp = -1;
  private nextCr = -1;
  private nextLf = -1;
  private nextTab = -1;
  private nextCdataEnd = -1;
  /** Set by {@link scanQualifiedName}: the index of the colon in the name just scanned, or -1. */
  private colon = -1;

  public constructor(
    private readonly text: string,
    private readonly limits: DecodeLimits,
  ) {}

  public readDocument(): XmlNode {
    const { text } = this;
    const bad = FORBIDDEN_CHAR.exec(text);
    if (bad) throw invalid(`Character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} is not allowed in XML`, bad.index);
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (text.startsWith('<?xml', this.pos) && isWhitespace(text.charCodeAt(this.pos + 5))) this.readDeclaration();
    this.readMisc();
    if (this.pos >= text.length) throw invalid('The document has no root element', this.pos);
    if (text.charCodeAt(this.pos) !== LT) throw invalid('Text is not allowed before the root element', this.pos);
    const root = this.readElementTree();
    this.readMisc();
    if (this.pos < text.length) throw invalid('Content after the root element', this.pos);
    return root;
  }

  private readDeclaration(): void {
    const end = this.text.indexOf('?>', this.pos);
    if (end < 0) throw invalid('Unterminated XML declaration', this.pos);
    if (!XML_DECLARATION.test(this.text.slice(this.pos, end + 2))) throw invalid('Malformed XML declaration', this.pos);
    this.pos = end + 2;
  }

  /** Skips white space, comments and processing instructions outside the root element; refuses a DTD. */
  private readMisc(): void {
    const { text } = this;
    for (;;) {
      while (isWhitespace(text.charCodeAt(this.pos))) this.pos++;
      if (text.startsWith('<!--', this.pos)) this.readComment();
      else if (text.startsWith('<?', this.pos)) this.readProcessingInstruction();
      else if (text.startsWith('<!', this.pos)) throw invalid('A DTD or markup declaration is not allowed', this.pos);
      else return;
    }
  }

  private readComment(): void {
    const start = this.pos;
    const end = this.text.indexOf('-->', start + 4);
    if (end < 0) throw invalid('Unterminated comment', start);
    const dashes = this.text.indexOf('--', start + 4);
    if (dashes < end) throw invalid("'--' is not allowed inside a comment", dashes);
    this.pos = end + 3;
  }

  private readProcessingInstruction(): void {
    const start = this.pos;
    this.pos += 2;
    const end = this.scanQualifiedName('processing instruction target');
    if (this.text.slice(start + 2, end).toLowerCase() === 'xml') throw invalid('An XML declaration is only allowed at the very start', start);
    const close = this.text.indexOf('?>', end);
    if (close < 0) throw invalid('Unterminated processing instruction', start);
    this.pos = close + 2;
  }

  /**
   * Scans a qualified name (at most one colon, neither first nor last) at the cursor; returns its end and sets
   * {@link colon}. The cursor is left at the name's start.
   */
  private scanQualifiedName(what: string): number {
    const { text } = this;
    const start = this.pos;
    let c = text.charCodeAt(start);
    if ((c < 128 ? (ASCII_NAME_CLASS[c] as number) : nonAsciiNameClass(c)) & NAME_START) {
      let p = start + 1;
      let colon = c === COLON ? start : -1;
      // charCodeAt past the end is NaN, which is no name character: the loop needs no bounds check.
      for (;;) {
        c = text.charCodeAt(p);
        if (((c < 128 ? (ASCII_NAME_CLASS[c] as number) : nonAsciiNameClass(c)) & NAME_CHAR) === 0) break;
        if (c === COLON) {
          if (colon >= 0) throw invalid(`Malformed qualified name "${text.slice(start, p + 1)}"`, start);
          colon = p;
        }
        p++;
      }
      if (colon === start || colon === p - 1) throw invalid(`Malformed qualified name "${text.slice(start, p)}"`, start);
      this.colon = colon;
      return p;
    }
    throw this.unexpected(`Expected a ${what}`);
  }

  private unexpected(message: string): DecodeError {
    return this.pos >= this.text.length ? invalid(`${message}, but the document ends (truncated?)`, this.pos) : invalid(message, this.pos);
  }

  /** Reads the root element and everything inside it, without recursion. */
  private readElementTree(): XmlNode {
    const { text } = this;
    const nodes: BuildingNode[] = [];
    const names: string[] = [];
    const marks: number[] = [];
    const root = this.readStartTag(null, nodes, names, marks);
    while (nodes.length > 0) {
      const top = nodes[nodes.length - 1] as BuildingNode;
      const lt = text.indexOf('<', this.pos);
      if (lt < 0) throw invalid(`Element <${names[names.length - 1] as string}> is not closed (truncated?)`, text.length);
      if (lt > this.pos) this.appendText(top, this.pos, lt);
      this.pos = lt;
      const next = text.charCodeAt(lt + 1);
      if (next === SLASH) {
        this.readEndTag(names.pop() as string);
        nodes.pop();
        this.unbind(marks.pop() as number);
      } else if (next === BANG) {
        if (text.startsWith('<!--', lt)) this.readComment();
        else if (text.startsWith('<![CDATA[', lt)) this.readCData(top);
        else throw invalid('A DTD or markup declaration is not allowed', lt);
      } else if (next === QUESTION) {
        this.readProcessingInstruction();
      } else {
        this.readStartTag(top, nodes, names, marks);
      }
    }
    return root;
  }

  /** The URI bound to a prefix, or `undefined`. */
  private lookup(prefix: string): string | undefined {
    const { prefixes } = this;
    for (let k = this.bindingCount - 1; k >= 0; k--) if (prefixes[k] === prefix) return this.uris[k];
    return prefix === '' ? '' : undefined;
  }

  private readStartTag(parent: BuildingNode | null, nodes: BuildingNode[], names: string[], marks: number[]): BuildingNode {
    const { text, limits } = this;
    const start = this.pos;
    this.pos++;
    const nameEnd = this.scanQualifiedName('element name');
    const name = text.slice(this.pos, nameEnd);
    const nameColon = this.colon < 0 ? -1 : this.colon - this.pos;
    this.pos = nameEnd;
    const mark = this.bindingCount;
    let attrCount = 0;
    let selfClosing = false;
    let c = text.charCodeAt(this.pos);
    if (c === GT) {
      this.pos++;
    } else {
      for (;;) {
        const before = this.pos;
        while (isWhitespace(c)) c = text.charCodeAt(++this.pos);
        if (c === GT) {
          this.pos++;
          break;
        }
        if (c === SLASH) {
          if (text.charCodeAt(this.pos + 1) !== GT) {
            this.pos++;
            throw this.unexpected("Expected '>' after '/'");
          }
          this.pos += 2;
          selfClosing = true;
          break;
        }
        if (this.pos === before) throw this.unexpected(`Expected white space, '>' or '/>' in <${name}>`);
        const attrOffset = this.pos;
        const attrEnd = this.scanQualifiedName('attribute name');
        const attrName = text.slice(attrOffset, attrEnd);
        const attrColon = this.colon < 0 ? -1 : this.colon - attrOffset;
        this.pos = attrEnd;
        while (isWhitespace(text.charCodeAt(this.pos))) this.pos++;
        if (text.charCodeAt(this.pos) !== EQUALS) throw this.unexpected(`Expected '=' after attribute ${attrName}`);
        this.pos++;
        while (isWhitespace(text.charCodeAt(this.pos))) this.pos++;
        const quote = text.charCodeAt(this.pos);
        if (quote !== QUOT && quote !== APOS) throw this.unexpected(`Expected a quoted value for attribute ${attrName}`);
        const valueStart = this.pos + 1;
        const valueEnd = text.indexOf(quote === QUOT ? '"' : "'", valueStart);
        if (valueEnd < 0) throw invalid(`Unterminated value of attribute ${attrName} (truncated?)`, valueStart);
        const value = this.attributeValue(valueStart, valueEnd);
        this.pos = valueEnd + 1;
        c = text.charCodeAt(this.pos);
        for (let j = 0; j < attrCount; j++) {
          if (this.attrNames[j] === attrName) throw invalid(`Duplicate attribute ${attrName}`, attrOffset);
        }
        this.attrNames[attrCount] = attrName;
        this.attrColons[attrCount] = attrColon;
        this.attrValues[attrCount] = value;
        this.attrOffsets[attrCount] = attrOffset;
        attrCount++;
        // xmlns / xmlns:p
        if ((attrColon === 5 || attrName.length === 5) && attrName.charCodeAt(0) === 0x78 && attrName.startsWith('xmlns')) {
          this.declare(attrColon === 5 ? attrName.slice(6) : '', value, attrOffset);
        }
      }
    }

    // Prefixes resolve only now: a declaration may follow the attribute that uses it.
    let type: QName | null = null;
    let nil = false;
    for (let j = 0; j < attrCount; j++) {
      const attrColon = this.attrColons[j] as number;
      if (attrColon < 0) continue;
      const attrName = this.attrNames[j] as string;
      const prefix = attrName.slice(0, attrColon);
      if (prefix === 'xmlns') continue;
      const ns = this.lookup(prefix);
      const offset = this.attrOffsets[j] as number;
      if (ns === undefined) throw invalid(`Undeclared namespace prefix "${prefix}"`, offset);
      if (ns !== XSI_NS) continue;
      const local = attrName.slice(attrColon + 1);
      if (local === 'type') {
        if (type !== null) throw invalid('Duplicate i:type attribute', offset);
        type = this.resolveTypeName(this.attrValues[j] as string, offset);
      } else if (local === 'nil') {
        nil = this.readNil(this.attrValues[j] as string, offset);
      }
    }
    let ns: string;
    let local: string;
    if (nameColon < 0) {
      ns = this.defaultNs;
      local = name;
    } else {
      const prefix = name.slice(0, nameColon);
      const bound = this.lookup(prefix);
      if (bound === undefined) throw invalid(`Undeclared namespace prefix "${prefix}"`, start);
      ns = bound;
      local = name.slice(nameColon + 1);
    }

    if (++this.elementCount > limits.maxRecords) throw limitExceeded('maxRecords', limits.maxRecords, undefined, start);
    if (nodes.length >= limits.maxDepth) throw limitExceeded('maxDepth', limits.maxDepth, undefined, start);
    const node: BuildingNode = { ns, local, type, nil, children: NO_CHILDREN, text: '' };
    if (parent !== null) {
      if (parent.children === NO_CHILDREN) parent.children = [node];
      else parent.children.push(node);
    }
    if (selfClosing) {
      this.unbind(mark);
    } else {
      nodes.push(node);
      names.push(name);
      marks.push(mark);
    }
    return node;
  }

  private readEndTag(name: string): void {
    const { text } = this;
    const start = this.pos;
    const nameStart = start + 2;
    const after = nameStart + name.length;
    let c = text.charCodeAt(after);
    // The name must match exactly and not continue (`</ab` is not `</a`).
    if (text.slice(nameStart, after) !== name || ((c < 128 ? (ASCII_NAME_CLASS[c] as number) : nonAsciiNameClass(c)) & NAME_CHAR) !== 0) {
      if (after > text.length && name.startsWith(text.slice(nameStart))) throw invalid(`Element <${name}> is not closed (truncated?)`, start);
      throw invalid(`Mismatched end tag: expected </${name}>`, start);
    }
    this.pos = after;
    while (isWhitespace(c)) c = text.charCodeAt(++this.pos);
    if (c !== GT) throw this.unexpected(`Expected '>' to close </${name}`);
    this.pos++;
  }

  private readCData(node: BuildingNode): void {
    const start = this.pos + 9;
    const end = this.text.indexOf(']]>', start);
    if (end < 0) throw invalid('Unterminated CDATA section', this.pos);
    let chunk = this.text.slice(start, end);
    if (chunk.indexOf('\r') >= 0) chunk = chunk.replace(LINE_BREAK, '\n');
    this.addText(node, chunk, start);
    this.pos = end + 3;
  }

  private appendText(node: BuildingNode, from: number, to: number): void {
    let chunk = this.text.slice(from, to);
    if (this.nextCdataEnd < to && this.next(CDATA_END, from) < to) throw invalid("']]>' is not allowed in text", this.nextCdataEnd);
    if (this.nextCr < to && this.next(CR, from) < to) chunk = chunk.replace(LINE_BREAK, '\n');
    if (this.nextAmp < to && this.next(AMP, from) < to) chunk = decodeReferences(chunk, from);
    this.addText(node, chunk, from);
  }

  /**
   * The index of the next occurrence of a rare string at or after `from` (the text length when none). The reader
   * only moves forward, so each kind is searched for once per occurrence: whether a text or attribute value holds a
   * reference, a carriage return, ... costs no scan of its own.
   */
  private next(kind: number, from: number): number {
    let at: number;
    switch (kind) {
      case AMP:
        at = this.nextAmp;
        if (at < from) at = this.nextAmp = this.find('&', from);
        return at;
      case CR:
        at = this.nextCr;
        if (at < from) at = this.nextCr = this.find('\r', from);
        return at;
      case LF:
        at = this.nextLf;
        if (at < from) at = this.nextLf = this.find('\n', from);
        return at;
      case TAB:
        at = this.nextTab;
        if (at < from) at = this.nextTab = this.find('\t', from);
        return at;
      default:
        at = this.nextCdataEnd;
        if (at < from) at = this.nextCdataEnd = this.find(']]>', from);
        return at;
    }
  }

  private find(what: string, from: number): number {
    const at = this.text.indexOf(what, from);
    return at < 0 ? this.text.length : at;
  }

  private addText(node: BuildingNode, chunk: string, offset: number): void {
    node.text = node.text.length === 0 ? chunk : node.text + chunk;
    if (node.text.length > this.limits.maxStringLength) throw limitExceeded('maxStringLength', this.limits.maxStringLength, undefined, offset);
  }

  private attributeValue(from: number, to: number): string {
    let value = this.text.slice(from, to);
    if (to - from > this.limits.maxStringLength) throw limitExceeded('maxStringLength', this.limits.maxStringLength, undefined, from);
    const lt = value.indexOf('<');
    if (lt >= 0) throw invalid("'<' is not allowed in an attribute value", from + lt);
    if ((this.nextCr < to && this.next(CR, from) < to) || (this.nextLf < to && this.next(LF, from) < to) || (this.nextTab < to && this.next(TAB, from) < to)) {
      value = value.replace(ATTRIBUTE_WHITESPACE, ' ');
    }
    if (this.nextAmp < to && this.next(AMP, from) < to) value = decodeReferences(value, from);
    return value;
  }

  /** Binds a prefix (`''` for the default namespace) for the element being read. */
  private declare(prefix: string, uri: string, offset: number): void {
    if (prefix === 'xmlns') throw invalid('The xmlns prefix cannot be declared', offset);
    if ((prefix === 'xml') !== (uri === XML_NS)) throw invalid('The xml prefix and its namespace cannot be rebound', offset);
    if (prefix !== '' && uri === '') throw invalid(`Prefix "${prefix}" cannot be bound to an empty namespace`, offset);
    const known = knownNamespace(uri);
    const k = this.bindingCount++;
    this.prefixes[k] = prefix;
    this.uris[k] = known;
    if (prefix === '') this.defaultNs = known;
  }

  /** Drops the bindings an element declared. */
  private unbind(mark: number): void {
    if (mark === this.bindingCount) return;
    this.bindingCount = mark;
    this.defaultNs = this.lookup('') ?? '';
  }

  /** Resolves the QName of an `i:type` value; an unprefixed name is in the default namespace (as .NET reads it). */
  private resolveTypeName(value: string, offset: number): QName {
    const name = value.trim();
    const colon = name.indexOf(':');
    const local = colon < 0 ? name : name.slice(colon + 1);
    if (local.length === 0 || colon === 0 || local.indexOf(':') >= 0) throw invalid(`Malformed i:type "${value}"`, offset);
    if (colon < 0) return { ns: this.defaultNs, local };
    const prefix = name.slice(0, colon);
    const ns = this.lookup(prefix);
    if (ns === undefined) throw invalid(`Undeclared namespace prefix "${prefix}" in i:type`, offset);
    return { ns, local };
  }

  private readNil(value: string, offset: number): boolean {
    switch (value.trim()) {
      case 'true':
      case '1':
        return true;
      case 'false':
      case '0':
        return false;
      default:
        throw invalid(`Malformed i:nil "${value}"`, offset);
    }
  }
}

/**
 * Parses a text XML document into an {@link XmlNode} tree.
 *
 * Namespace-aware (names and `i:type` are resolved by URI), iterative, and strict: a DTD, an entity declaration, an
 * undeclared entity, a mismatched or missing end tag, an undeclared prefix, a forbidden character or anything after
 * the root element is refused.
 *
 * @throws {DecodeError} `INVALID_XML` with the character offset for malformed or refused input; `LIMIT_EXCEEDED`
 *   when `maxDepth` (element nesting), `maxRecords` (element count) or `maxStringLength` (text or attribute value)
 *   is exceeded.
 * @example
 * ```ts
 * import { DEFAULT_DECODE_LIMITS } from '../limits';
 *
 * const root = parseXml('<a xmlns="urn:x" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><b i:nil="true"/></a>', DEFAULT_DECODE_LIMITS);
 * root.children[0]?.nil; // true
 * ```
 */
export function parseXml(text: string, limits: DecodeLimits): XmlNode {
  return new XmlReader(text, limits).readDocument();
}

/**
 * The text XML pull reader (`application/xml`): the {@link XmlPullReader} the mapping drives, a small
 * namespace-aware, non-validating XML 1.0 reader.
 *
 * Hand-written rather than a library because decoding speed is a requirement (`sax` alone, building nothing, ran at
 * 0.03× `JSON.parse` of the same context). It is iterative (nesting costs no call stack) and refuses every DTD and
 * entity declaration, so neither external entities nor entity expansion ("billion laughs") can happen.
 *
 * Speed: a body is UTF-8 bytes, and V8 turns non-ASCII UTF-8 into a string slowly (a 166 KB body with CJK text took
 * longer than `JSON.parse` of the whole corpus). So the reader parses a latin1 view of the bytes (one character per
 * byte: the markup is ASCII, offsets are byte offsets) and decodes only the values that hold non-ASCII bytes, from
 * the bytes. Anything unusual in that mode (a non-ASCII name, an error) makes the caller read the body again as
 * decoded text, where every check and offset is exact.
 */
import { isAscii } from 'node:buffer';
import { DecodeError } from '../errors';
import { limitExceeded, type DecodeLimits, DEFAULT_DECODE_LIMITS } from '../limits';
import { NAMES, NO_TYPE, NS, NS_OTHER, URIS } from './names';
import { XML_NS } from './namespaces';
import { XSI_NS, type QName, type XmlNode } from './node';
import { Path, type XmlPullReader } from './pullReader';
import { ElementNameMemo, NAME_CONTINUES } from './elementNameMemo';
import { cachedKey, MAX_KEY_LENGTH } from './keyCache';
import { knownNameId, knownNameLength } from './knownElementNames';
import { firstForbiddenControl } from './forbiddenBytes';
import { sameBytes } from './sameBytes';
import { latin1Text, utf8Text } from './utf8Text';
import { textBoolean, textDate, textDecimal, textDouble, textGuid, textInteger, type NonFiniteDouble } from './xmlText';
import { trimXml } from './xmlWhitespace';

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
/** Digits of a character reference; leading zeros are allowed, as .NET's reader allows them. */
const DECIMAL_DIGITS = /^0*[0-9]{1,7}$/;
const HEX_DIGITS = /^0*[0-9a-fA-F]{1,6}$/;

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function invalid(message: string, offset: number): DecodeError {
  return new DecodeError('INVALID_XML', message, { offset });
}

function forbiddenChar(code: number, offset: number): DecodeError {
  return invalid(`Character U+${code.toString(16).padStart(4, '0').toUpperCase()} is not allowed in XML`, offset);
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
    // An entity name is at most `quot`; a character reference may have any number of leading zeros.
    if (semi < 0 || (semi - amp > 10 && raw.charCodeAt(amp + 1) !== 0x23)) throw invalid('Unterminated entity or character reference', offset + amp);
    const name = raw.slice(amp + 1, semi);
    let replacement = PREDEFINED_ENTITIES[name];
    if (replacement === undefined) {
      if (name.charCodeAt(0) !== 0x23) throw invalid(`Undeclared entity &${name}; (only the predefined entities are allowed)`, offset + amp);
      const hex = name.charCodeAt(1) === 0x78;
      const digits = hex ? name.slice(2) : name.slice(1);
      const code = (hex ? HEX_DIGITS : DECIMAL_DIGITS).test(digits) ? Number.parseInt(digits, hex ? 16 : 10) : -1;
      if (!isXmlChar(code)) throw invalid(`Invalid character reference &${name.length > 12 ? `${name.slice(0, 12)}…` : name};`, offset + amp);
      replacement = String.fromCodePoint(code);
    }
    out += raw.slice(last, amp) + replacement;
    last = semi + 1;
    amp = raw.indexOf('&', last);
  }
  return out + raw.slice(last);
}



/** Lower-case hex digits (the form of a model GUID), by byte. */
const LOWER_HEX = new Uint8Array(256);
for (const c of '0123456789abcdef') LOWER_HEX[c.charCodeAt(0)] = 1;

/** Whether the 36 bytes at `at` are a GUID in model form (lower-case, dashed). */
function isCanonicalGuidAt(bytes: Uint8Array, at: number): boolean {
  if (bytes[at + 8] !== 0x2d || bytes[at + 13] !== 0x2d || bytes[at + 18] !== 0x2d || bytes[at + 23] !== 0x2d) return false;
  for (let i = at; i < at + 36; i++) if (LOWER_HEX[bytes[i]!] === 0 && i !== at + 8 && i !== at + 13 && i !== at + 18 && i !== at + 23) return false;
  return true;
}

/** Bytes that can end a name (cannot continue it): white space, `=`, `>`, `/`... (see elementNameMemo.ts). */
function endsName(c: number | undefined): boolean {
  return c !== undefined && NAME_CONTINUES[c] === 0;
}

/**
 * The length of `p:type` or `p:nil` (one-letter ASCII prefix `p`) or `xmlns:p` standing whole at `at`, or -1 (then
 * the name is scanned). Their colon is at offset 1, or 5 for `xmlns:p` (the only one of length 7).
 */
function knownAttributeName(raw: Uint8Array, at: number): number {
  const first = raw[at]!;
  if (raw[at + 1] === COLON) {
    if (first >= 128 || first === COLON || (ASCII_NAME_CLASS[first]! & NAME_START) === 0) return -1;
    if (raw[at + 2] === 0x74 && raw[at + 3] === 0x79 && raw[at + 4] === 0x70 && raw[at + 5] === 0x65) return endsName(raw[at + 6]) ? 6 : -1;
    if (raw[at + 2] === 0x6e && raw[at + 3] === 0x69 && raw[at + 4] === 0x6c) return endsName(raw[at + 5]) ? 5 : -1;
    return -1;
  }
  if (first === 0x78 && raw[at + 1] === 0x6d && raw[at + 2] === 0x6c && raw[at + 3] === 0x6e && raw[at + 4] === 0x73 && raw[at + 5] === COLON) {
    const p = raw[at + 6]!;
    if (p >= 128 || p === COLON || (ASCII_NAME_CLASS[p]! & NAME_START) === 0) return -1;
    return endsName(raw[at + 7]) ? 7 : -1;
  }
  return -1;
}

/** `attrColons` of an xmlns attribute (`xmlns` or `xmlns:p`): resolved in the first pass, skipped in the second. */
const XMLNS_ATTRIBUTE = -2;

// Short fixed names compared character by character: cheaper than String#startsWith, a call into the runtime.
function isXmlnsAt(text: string, at: number): boolean {
  return (
    text.charCodeAt(at) === 0x78 &&
    text.charCodeAt(at + 1) === 0x6d &&
    text.charCodeAt(at + 2) === 0x6c &&
    text.charCodeAt(at + 3) === 0x6e &&
    text.charCodeAt(at + 4) === 0x73
  );
}

function isTypeAt(text: string, at: number): boolean {
  return text.charCodeAt(at) === 0x74 && text.charCodeAt(at + 1) === 0x79 && text.charCodeAt(at + 2) === 0x70 && text.charCodeAt(at + 3) === 0x65;
}

function isNilAt(text: string, at: number): boolean {
  return text.charCodeAt(at) === 0x6e && text.charCodeAt(at + 1) === 0x69 && text.charCodeAt(at + 2) === 0x6c;
}

/** Up to this many attributes, a start tag's names are compared pairwise; beyond, through a set. */
const DUPLICATE_SCAN = 16;

/** Content tokens. */
const START = 1;
const END = 2;
const TEXT = 3;

/** From this length on, a range is checked for non-ASCII natively. */
const LONG_RANGE = 64;
/** One-character strings for ASCII (single-letter prefixes), shared so that `===` compares pointers. */
const ASCII_CHARS: readonly string[] = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i));

const EMPTY_VIEW = new DataView(new ArrayBuffer(0));
/** The first two bytes of U+FFC0–U+FFFF in UTF-8 (U+FFFE and U+FFFF among them). */
const EF_BF = Buffer.from([0xef, 0xbf]);
/** A window of a long body: as long as possible below V8's large-object size (128 KB). */
const WINDOW = 120_000;
/** `Buffer#indexOf` / `Buffer#lastIndexOf` on any Uint8Array. */
const indexOfByte = Buffer.prototype.indexOf as (this: Uint8Array, value: number, byteOffset: number) => number;
const lastIndexOfByte = Buffer.prototype.lastIndexOf as (this: Uint8Array, value: number, byteOffset: number) => number;

/**
 * Checks UTF-8 bytes for the characters XML forbids: the control characters (each a byte of its own) and, when the
 * bytes hold non-ASCII, U+FFFE and U+FFFF.
 */
function checkForbiddenBytes(bytes: Uint8Array, nonAscii: boolean): void {
  // One character per byte: the bytes are checked, word by word.
  const bad = firstForbiddenControl(bytes);
  if (bad >= 0) throw forbiddenChar(bytes[bad]!, bad);
  if (!nonAscii) return;
  for (let at = Buffer.prototype.indexOf.call(bytes, EF_BF, 0); at >= 0; at = Buffer.prototype.indexOf.call(bytes, EF_BF, at + 1)) {
    const third = bytes[at + 2];
    if (third === 0xbe || third === 0xbf) throw invalid(`Character U+${third === 0xbe ? 'FFFE' : 'FFFF'} is not allowed in XML`, at);
  }
}

/** The tree as it is built; handed out as the read-only {@link XmlNode}. */
interface BuildingNode {
  ns: string;
  local: string;
  type: QName | null;
  nil: boolean;
  children: BuildingNode[];
  text: string;
}

/** Leaf elements share this (frozen) array; an element gets its own array with its first child. */
const NO_CHILDREN: BuildingNode[] = Object.freeze([]) as unknown as BuildingNode[];

/**
 * Reads one document at a time; reused (reading is synchronous and never re-entered).
 *
 * @example
 * ```ts
 * const reader = new XmlTextPullReader();
 * reader.begin('<r xmlns="urn:x"><a>1</a></r>', null, DEFAULT_DECODE_LIMITS, new Path());
 * while (reader.nextChild()) console.log(reader.localName(), reader.readString());
 * reader.finish();
 * ```
 */
export class XmlTextPullReader implements XmlPullReader {
  // ---- the current element ----
  public name = 0;
  public ns = 0;
  public nil = false;
  public typeName = NO_TYPE;
  public typeNs = 0;
  /** The current element's local name `[localStart, nameEnd)` in the text. */
  private localStart = 0;
  private nameEnd = 0;
  private nsUri = '';
  private typeLocalStr = '';
  private typeNsUri = '';

  // ---- the document ----
  private text = '';
  /** The UTF-8 bytes `text` is a latin1 view of, or `null` when `text` is decoded text or the bytes are ASCII. */
  private bytes: Uint8Array | null = null;
  /** The bytes `text` is a latin1 view of (ASCII or not), or `null` when `text` is decoded text: names and URIs are resolved from them. */
  private raw: Uint8Array | null = null;
  private rawView: DataView = EMPTY_VIEW;
  private pos = 0;
  private limits: DecodeLimits = DEFAULT_DECODE_LIMITS;
  private path: Path = new Path();
  private elementCount = 0;

  // ---- open elements ----
  /** Each open element's qualified name `[openStarts[i], openEnds[i])` in the text (strings made only for errors). */
  private readonly openStarts: number[] = [];
  private readonly openEnds: number[] = [];
  private readonly openMarks: number[] = [];
  private depth = 0;
  /** The current element was self-closing: its end is the next token. */
  private emptyPending = false;

  // ---- namespace bindings, searched from the top ----
  private readonly prefixes: string[] = ['xml'];
  private readonly uris: string[] = [XML_NS];
  private readonly ids: number[] = [NS.Xml];
  private bindingCount = 1;

  // ---- attributes of the start tag being read ----
  private readonly attrStarts: number[] = [];
  private readonly attrEnds: number[] = [];
  private readonly attrColons: number[] = [];
  private readonly attrValueStarts: number[] = [];
  private readonly attrValueEnds: number[] = [];

  /** This document's element names by their bytes. */
  private readonly elementNames = new ElementNameMemo();

  /** Attribute names of a start tag with many attributes, for the duplicate check (see {@link DUPLICATE_SCAN}). */
  private readonly attrNameSet = new Set<string>();

  // ---- next positions of rare strings (see next()); -1 until first searched ----
  /** The next '<' (for attribute values: searched once per tag, not once per value). */
  private nextLt = -1;
  private nextAmp = -1;
  private nextCr = -1;
  private nextLf = -1;
  private nextTab = -1;
  private nextCdataEnd = -1;
  // ---- windows of a long body (see beginWindowed) ----
  /** The whole body when it is read in windows, else `null`; `text` is then the window from byte `base` on. */
  private body: Uint8Array | null = null;
  private bodyAscii = false;
  private base = 0;
  /** The qualified names of open elements whose start tags were in an earlier window (`openStarts[i]` is -1). */
  private readonly openNames: string[] = [];

  /** Set by scanQualifiedName: the index of the colon in the name just scanned, or -1. */
  private colon = -1;
  /** The last text token. */
  private tText = '';

  /**
   * Starts reading a document and moves to its root element. `bytes`: the UTF-8 body `text` is a latin1 view of
   * (already checked to be valid UTF-8), or `null` when `text` is the decoded document. `latin1Of`: the bytes `text`
   * is a latin1 view of, also when they are ASCII (`bytes` is then `null`).
   */
  public begin(text: string, bytes: Uint8Array | null, limits: DecodeLimits, path: Path, latin1Of: Uint8Array | null = bytes): void {
    this.text = text;
    this.bytes = bytes;
    this.raw = latin1Of;
    this.rawView = latin1Of === null ? EMPTY_VIEW : new DataView(latin1Of.buffer, latin1Of.byteOffset, latin1Of.byteLength);
    this.startDocument(limits, path);
    this.forgetScans();
    this.body = null;
    this.base = 0;
    if (latin1Of === null) {
      const bad = FORBIDDEN_CHAR.exec(text);
      if (bad) throw forbiddenChar(bad[0].charCodeAt(0), bad.index);
    } else {
      checkForbiddenBytes(latin1Of, bytes !== null);
    }
    this.readProlog();
  }

  /**
   * Starts reading a long UTF-8 body (already checked to be valid UTF-8; `ascii`: whether it is all ASCII) through
   * latin1 views of windows of it, each under V8's large-object size: a one-byte string of more than 128 KB costs
   * ~130 µs more to make than one just under. Windows end before a `<`, so that every token lies within one. Offsets
   * in errors are then relative to a window: the caller reads the body again the ordinary way to report an error.
   */
  public beginWindowed(body: Uint8Array, ascii: boolean, limits: DecodeLimits, path: Path): void {
    checkForbiddenBytes(body, !ascii);
    this.body = body;
    this.bodyAscii = ascii;
    this.startDocument(limits, path);
    this.showWindow(0, false);
    this.readProlog();
  }

  /** Makes `text` the latin1 view of the body's window from byte `from` on (to its end when `toEnd`). */
  private showWindow(from: number, toEnd: boolean): void {
    const body = this.body!;
    let end = body.length;
    if (!toEnd && from + WINDOW < end) {
      // At least the token at `from`, the '<' after it and the token there (a text needs the '<' that ends it), then
      // as many more as fit; a token longer than a window gets a window of its own, however long.
      const first = indexOfByte.call(body, LT, from + 1);
      const least = first < 0 ? -1 : indexOfByte.call(body, LT, first + 1);
      end = least < 0 ? body.length : Math.max(least, lastIndexOfByte.call(body, LT, from + WINDOW));
    }
    const window = body.subarray(from, end);
    this.base = from;
    this.text = latin1Text(window, 0, window.length);
    this.raw = window;
    this.rawView = new DataView(window.buffer, window.byteOffset, window.byteLength);
    this.bytes = this.bodyAscii ? null : window;
    this.forgetScans();
  }

  /** The reading state of a new document (not its text: see {@link begin} and {@link beginWindowed}). */
  private startDocument(limits: DecodeLimits, path: Path): void {
    this.limits = limits;
    this.path = path;
    this.pos = 0;
    this.elementCount = 0;
    this.depth = 0;
    this.emptyPending = false;
    this.bindingCount = 1;
  }

  /** Forgets what was found in the current text (next-character positions, the element name memo): the text changed. */
  private forgetScans(): void {
    this.nextLt = this.nextAmp = this.nextCr = this.nextLf = this.nextTab = this.nextCdataEnd = -1;
    this.elementNames.reset();
  }

  /** Whether the body continues beyond the current window. */
  private moreWindows(): boolean {
    return this.body !== null && this.base + this.text.length < this.body.length;
  }

  /** Moves the window to start at the cursor; the open elements' names are kept as strings (their bytes go). */
  private nextWindow(toEnd: boolean): void {
    for (let i = 0; i < this.depth; i++) {
      if (this.openStarts[i]! >= 0) {
        this.openNames[i] = this.openName(i);
        this.openStarts[i] = -1;
      }
    }
    this.showWindow(this.base + this.pos, toEnd);
    this.pos = 0;
  }

  /** Reads the byte order mark, XML declaration and misc before the root, and the root's start tag. */
  private readProlog(): void {
    const { text } = this;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (text.startsWith('<?xml', this.pos) && isWhitespace(text.charCodeAt(this.pos + 5))) this.readDeclaration();
    this.readMisc();
    if (this.pos >= text.length) throw invalid('The document has no root element', this.pos);
    if (text.charCodeAt(this.pos) !== LT) throw invalid('Text is not allowed before the root element', this.pos);
    this.readStartTag();
  }

  /** Checks that only comments, processing instructions and white space follow the root. */
  public finish(): void {
    if (this.moreWindows()) this.nextWindow(true);
    this.readMisc();
    if (this.pos < this.text.length) throw invalid('Content after the root element', this.pos);
    this.release();
  }

  /** Reads the rest of the document (after the mapping gave up), so that malformed markup is reported first. */
  public drain(): void {
    while (this.depth > 0) this.token();
    this.finish();
  }

  /** Drops the references to the document (also after an error). */
  public release(): void {
    this.text = '';
    this.bytes = null;
    this.raw = null;
    this.rawView = EMPTY_VIEW;
    this.tText = '';
    this.body = null;
    // Clearing a Set allocates a new table even when it is empty (only tags with 16+ attributes fill it).
    if (this.attrNameSet.size > 0) this.attrNameSet.clear();
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
    const raw = this.raw;
    if (raw !== null) {
      // Over the bytes: a typed-array load is cheaper than charCodeAt. A non-ASCII byte goes to the character scan.
      const start = this.pos;
      const end = raw.length;
      let c = start < end ? raw[start]! : 0;
      if (c < 128 && (ASCII_NAME_CLASS[c]! & NAME_START) !== 0) {
        let p = start + 1;
        let colon = c === COLON ? start : -1;
        for (; p < end; p++) {
          c = raw[p]!;
          if (c >= 128) return this.scanQualifiedNameChars(what);
          if ((ASCII_NAME_CLASS[c]! & NAME_CHAR) === 0) break;
          if (c === COLON) {
            if (colon >= 0) throw invalid(`Malformed qualified name "${this.text.slice(start, p + 1)}"`, start);
            colon = p;
          }
        }
        if (colon === start || colon === p - 1) throw invalid(`Malformed qualified name "${this.text.slice(start, p)}"`, start);
        this.colon = colon;
        return p;
      }
    }
    return this.scanQualifiedNameChars(what);
  }

  private scanQualifiedNameChars(what: string): number {
    const { text } = this;
    const start = this.pos;
    let c = text.charCodeAt(start);
    if ((c < 128 ? (ASCII_NAME_CLASS[c] as number) : this.nonAsciiClass(c)) & NAME_START) {
      let p = start + 1;
      let colon = c === COLON ? start : -1;
      // charCodeAt past the end is NaN, which is no name character: the loop needs no bounds check.
      for (;;) {
        c = text.charCodeAt(p);
        if (((c < 128 ? (ASCII_NAME_CLASS[c] as number) : this.nonAsciiClass(c)) & NAME_CHAR) === 0) break;
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

  private nonAsciiClass(c: number): number {
    // In the latin1 view a non-ASCII character is a byte of a UTF-8 sequence: let the decoded-text reading judge it.
    if (this.bytes !== null) throw invalid('A non-ASCII name (read again as decoded text)', this.pos);
    return nonAsciiNameClass(c);
  }

  private unexpected(message: string): DecodeError {
    return this.pos >= this.text.length ? invalid(`${message}, but the document ends (truncated?)`, this.pos) : invalid(message, this.pos);
  }

  /** The binding index of a prefix, or -1 for the undeclared default namespace, -2 when undeclared. */
  private binding(prefix: string): number {
    const { prefixes } = this;
    for (let k = this.bindingCount - 1; k >= 0; k--) if (prefixes[k] === prefix) return k;
    return prefix === '' ? -1 : -2;
  }

  // ---- tokens ----

  /** Reads the next token inside the open element: a child's start (opened), a text, or the element's end. */
  private token(): number {
    if (this.emptyPending) {
      this.emptyPending = false;
      this.closeElement();
      return END;
    }
    const { text } = this;
    for (;;) {
      // Markup mostly follows markup: look at the next character before searching.
      const lt = text.charCodeAt(this.pos) === LT ? this.pos : text.indexOf('<', this.pos);
      if (lt < 0) return this.tokenInNextWindow();
      if (lt > this.pos) {
        this.tText = this.textChunk(this.pos, lt);
        this.pos = lt;
        return TEXT;
      }
      const next = text.charCodeAt(lt + 1);
      if (next === SLASH) {
        this.readEndTag(this.depth - 1);
        this.closeElement();
        return END;
      }
      if (next === BANG) {
        if (text.startsWith('<!--', lt)) this.readComment();
        else if (text.startsWith('<![CDATA[', lt)) {
          this.tText = this.readCData();
          return TEXT;
        } else throw invalid('A DTD or markup declaration is not allowed', lt);
      } else if (next === QUESTION) {
        this.readProcessingInstruction();
      } else {
        this.readStartTag();
        return START;
      }
    }
  }

  /** The next token when the window holds no more '<': read from the next window, or the end of the document. */
  private tokenInNextWindow(): number {
    if (!this.moreWindows()) throw invalid(`Element <${this.openName(this.depth - 1)}> is not closed (truncated?)`, this.text.length);
    this.nextWindow(false);
    return this.token();
  }

  /**
   * The length of the qualified name at `at` when its local name is in the name table and it has no prefix or a
   * one-letter one (sets {@link colon} to the colon's offset in the name, or -1), else -1.
   */
  private knownName(raw: Uint8Array, at: number): number {
    const first = raw[at]!;
    if (raw[at + 1] === COLON && first < 128 && first !== COLON && (ASCII_NAME_CLASS[first]! & NAME_START) !== 0) {
      const length = knownNameLength(raw, this.rawView, at + 2);
      this.colon = 1;
      return length < 0 ? -1 : length + 2;
    }
    this.colon = -1;
    return knownNameLength(raw, this.rawView, at);
  }

  private closeElement(): void {
    this.depth--;
    this.unbind(this.openMarks[this.depth]!);
  }

  private readStartTag(): void {
    const { text, limits } = this;
    const start = this.pos;
    this.pos++;
    const raw = this.raw;
    // A name of the contract (maybe after a one-letter prefix) is matched from the name table; another name the
    // document used before, whole against its earlier bytes; a new one is scanned and looked up, then remembered.
    let known = raw === null ? -1 : this.knownName(raw, this.pos);
    let nameEnd: number;
    let nameColon: number;
    let nameId = 0;
    if (known >= 0) {
      nameEnd = this.pos + known;
      nameColon = this.colon;
      nameId = knownNameId;
    } else if (raw !== null && (known = this.elementNames.find(raw, this.rawView, this.pos)) >= 0) {
      nameEnd = this.pos + known;
      nameColon = this.elementNames.colon;
      nameId = this.elementNames.id;
    } else {
      nameEnd = this.scanQualifiedName('element name');
      nameColon = this.colon < 0 ? -1 : this.colon - this.pos;
    }
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
        if (this.pos === before) throw this.unexpected(`Expected white space, '>' or '/>' in <${text.slice(start + 1, nameEnd)}>`);
        const attrOffset = this.pos;
        if (attrCount >= limits.maxAttributes) throw limitExceeded('maxAttributes', limits.maxAttributes, undefined, attrOffset);
        // i:type, i:nil and xmlns:p (as the serializers write them) are known at sight; other names are scanned.
        const knownAttr = raw === null ? -1 : knownAttributeName(raw, attrOffset);
        const attrEnd = knownAttr >= 0 ? attrOffset + knownAttr : this.scanQualifiedName('attribute name');
        const attrColon = knownAttr >= 0 ? attrOffset + (knownAttr === 7 ? 5 : 1) : this.colon;
        this.pos = attrEnd;
        while (isWhitespace(text.charCodeAt(this.pos))) this.pos++;
        if (text.charCodeAt(this.pos) !== EQUALS) throw this.unexpected(`Expected '=' after attribute ${text.slice(attrOffset, attrEnd)}`);
        this.pos++;
        while (isWhitespace(text.charCodeAt(this.pos))) this.pos++;
        const quote = text.charCodeAt(this.pos);
        if (quote !== QUOT && quote !== APOS) throw this.unexpected(`Expected a quoted value for attribute ${text.slice(attrOffset, attrEnd)}`);
        const valueStart = this.pos + 1;
        const valueEnd = text.indexOf(quote === QUOT ? '"' : "'", valueStart);
        if (valueEnd < 0) throw invalid(`Unterminated value of attribute ${text.slice(attrOffset, attrEnd)} (truncated?)`, valueStart);
        if (valueEnd - valueStart > this.limits.maxStringLength) throw limitExceeded('maxStringLength', this.limits.maxStringLength, undefined, valueStart);
        // Forward only: the '<' found after a tag serves all of its values.
        if (this.nextLt < valueStart) this.nextLt = this.find('<', valueStart);
        if (this.nextLt < valueEnd) throw invalid("'<' is not allowed in an attribute value", this.nextLt);
        this.pos = valueEnd + 1;
        c = text.charCodeAt(this.pos);
        const nameLength = attrEnd - attrOffset;
        if (attrCount < DUPLICATE_SCAN) {
          for (let j = 0; j < attrCount; j++) {
            const other = this.attrStarts[j]!;
            if (this.attrEnds[j]! - other === nameLength && sameChars(text, other, attrOffset, nameLength)) {
              throw invalid(`Duplicate attribute ${text.slice(attrOffset, attrEnd)}`, attrOffset);
            }
          }
        } else {
          const names = this.attrNameSet;
          if (attrCount === DUPLICATE_SCAN) {
            names.clear();
            for (let j = 0; j < attrCount; j++) names.add(text.slice(this.attrStarts[j]!, this.attrEnds[j]!));
          }
          const attrName = text.slice(attrOffset, attrEnd);
          if (names.has(attrName)) throw invalid(`Duplicate attribute ${attrName}`, attrOffset);
          names.add(attrName);
        }
        this.attrStarts[attrCount] = attrOffset;
        this.attrEnds[attrCount] = attrEnd;
        this.attrColons[attrCount] = attrColon;
        this.attrValueStarts[attrCount] = valueStart;
        this.attrValueEnds[attrCount] = valueEnd;
        attrCount++;
        // xmlns / xmlns:p
        if ((attrColon === attrOffset + 5 || nameLength === 5) && isXmlnsAt(text, attrOffset)) {
          // Marked, so that the second pass needs no prefix string to skip it.
          this.attrColons[attrCount - 1] = XMLNS_ATTRIBUTE;
          const prefix = attrColon < 0 ? '' : this.prefixOf(attrColon + 1, attrEnd);
          this.declareRange(prefix, valueStart, valueEnd, attrOffset);
        }
      }
    }

    // Prefixes resolve only now: a declaration may follow the attribute that uses it.
    // i:type and i:nil are compared by expanded name: i:nil and j:nil bound to the same namespace are duplicates.
    let typed = false;
    let nil = false;
    let nilSeen = false;
    for (let j = 0; j < attrCount; j++) {
      const attrColon = this.attrColons[j]!;
      if (attrColon < 0) continue;
      const attrStart = this.attrStarts[j]!;
      const prefix = this.prefixOf(attrStart, attrColon);
      const k = this.binding(prefix);
      if (k < 0) throw invalid(`Undeclared namespace prefix "${prefix}"`, attrStart);
      if (this.uris[k] !== XSI_NS) continue;
      const localLength = this.attrEnds[j]! - attrColon - 1;
      if (localLength === 4 && isTypeAt(text, attrColon + 1)) {
        if (typed) throw invalid('Duplicate i:type attribute', attrStart);
        typed = true;
        this.resolveType(this.attrValueStarts[j]!, this.attrValueEnds[j]!, attrStart);
      } else if (localLength === 3 && isNilAt(text, attrColon + 1)) {
        if (nilSeen) throw invalid('Duplicate i:nil attribute', attrStart);
        nilSeen = true;
        nil = this.readNil(this.attributeValueAt(this.attrValueStarts[j]!, this.attrValueEnds[j]!), attrStart);
      }
    }
    if (!typed) {
      this.typeName = NO_TYPE;
      this.typeNs = 0;
      this.typeLocalStr = '';
      this.typeNsUri = '';
    }
    this.nil = nil;
    if (nameColon < 0) {
      const k = this.binding('');
      this.ns = k < 0 ? NS.None : this.ids[k]!;
      this.nsUri = k < 0 ? '' : this.uris[k]!;
    } else {
      const prefix = this.prefixOf(start + 1, start + 1 + nameColon);
      const k = this.binding(prefix);
      if (k < 0) throw invalid(`Undeclared namespace prefix "${prefix}"`, start);
      this.ns = this.ids[k]!;
      this.nsUri = this.uris[k]!;
    }
    const localStart = nameColon < 0 ? start + 1 : start + 2 + nameColon;
    this.localStart = localStart;
    this.nameEnd = nameEnd;
    if (raw === null) {
      this.name = NAMES.fromChars(text, localStart, nameEnd);
    } else if (known >= 0) {
      this.name = nameId;
    } else {
      this.name = NAMES.fromBytes(raw, this.rawView, localStart, nameEnd);
      this.elementNames.remember(this.rawView, start + 1, nameEnd - start - 1, nameColon, this.name);
    }

    if (++this.elementCount > limits.maxRecords) throw limitExceeded('maxRecords', limits.maxRecords, undefined, start);
    if (this.depth >= limits.maxDepth) throw limitExceeded('maxDepth', limits.maxDepth, undefined, start);
    this.openStarts[this.depth] = start + 1;
    this.openEnds[this.depth] = nameEnd;
    this.openMarks[this.depth] = mark;
    this.depth++;
    this.emptyPending = selfClosing;
  }

  /** The qualified name of open element `i`. */
  private openName(i: number): string {
    const from = this.openStarts[i]!;
    return from < 0 ? this.openNames[i]! : this.text.slice(from, this.openEnds[i]!);
  }

  /** Reads the end tag of open element `i`. */
  private readEndTag(i: number): void {
    const { text } = this;
    const start = this.pos;
    const nameStart = start + 2;
    const from = this.openStarts[i]!;
    if (from < 0) {
      this.readEndTagOfEarlierWindow(i);
      return;
    }
    const length = this.openEnds[i]! - from;
    const after = nameStart + length;
    let c = text.charCodeAt(after);
    // The name must match exactly and not continue (`</ab` is not `</a`).
    const raw = this.raw;
    const same = after <= text.length && (raw === null ? sameChars(text, from, nameStart, length) : sameBytes(raw, this.rawView, from, nameStart, length));
    if (!same || ((c < 128 ? (ASCII_NAME_CLASS[c] as number) : this.nonAsciiClass(c)) & NAME_CHAR) !== 0) {
      const name = this.openName(i);
      if (after > text.length && name.startsWith(text.slice(nameStart))) throw invalid(`Element <${name}> is not closed (truncated?)`, start);
      throw invalid(`Mismatched end tag: expected </${name}>`, start);
    }
    this.pos = after;
    while (isWhitespace(c)) c = text.charCodeAt(++this.pos);
    if (c !== GT) throw this.unexpected(`Expected '>' to close </${this.openName(i)}`);
    this.pos++;
  }

  /** Reads the end tag of open element `i`, whose start tag was in an earlier window. */
  private readEndTagOfEarlierWindow(i: number): void {
    const { text } = this;
    const name = this.openNames[i]!;
    const after = this.pos + 2 + name.length;
    let c = text.charCodeAt(after);
    if (!text.startsWith(name, this.pos + 2) || ((c < 128 ? (ASCII_NAME_CLASS[c] as number) : this.nonAsciiClass(c)) & NAME_CHAR) !== 0) {
      throw invalid(`Mismatched end tag: expected </${name}>`, this.pos);
    }
    this.pos = after;
    while (isWhitespace(c)) c = text.charCodeAt(++this.pos);
    if (c !== GT) throw this.unexpected(`Expected '>' to close </${name}`);
    this.pos++;
  }

  private readCData(): string {
    const start = this.pos + 9;
    const end = this.text.indexOf(']]>', start);
    if (end < 0) throw invalid('Unterminated CDATA section', this.pos);
    let chunk = this.slice(start, end);
    if (chunk.indexOf('\r') >= 0) chunk = chunk.replace(LINE_BREAK, '\n');
    if (chunk.length > this.limits.maxStringLength) throw limitExceeded('maxStringLength', this.limits.maxStringLength, undefined, start);
    this.pos = end + 3;
    return chunk;
  }

  /** The characters `[from, to)`: a slice of the text, or decoded from the bytes when they hold non-ASCII. */
  private slice(from: number, to: number): string {
    const bytes = this.bytes;
    if (bytes === null) return this.text.slice(from, to);
    return this.isAsciiRange(bytes, from, to) ? this.text.slice(from, to) : utf8Text(bytes, from, to);
  }

  /** Whether the bytes `[from, to)` are ASCII. */
  private isAsciiRange(bytes: Uint8Array, from: number, to: number): boolean {
    if (to - from >= LONG_RANGE) return isAscii(bytes.subarray(from, to));
    for (let i = from; i < to; i++) if (bytes[i]! >= 0x80) return false;
    return true;
  }

  private textChunk(from: number, to: number): string {
    let chunk = this.slice(from, to);
    if (this.nextCdataEnd < to && this.next(CDATA_END, from) < to) throw invalid("']]>' is not allowed in text", this.nextCdataEnd);
    if (this.nextCr < to && this.next(CR, from) < to) chunk = chunk.replace(LINE_BREAK, '\n');
    if (this.nextAmp < to && this.next(AMP, from) < to) chunk = decodeReferences(chunk, from);
    if (chunk.length > this.limits.maxStringLength) throw limitExceeded('maxStringLength', this.limits.maxStringLength, undefined, from);
    return chunk;
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

  /**
   * Whether the attribute value `[from, to)` reads as its characters, scanning the value itself. For the second pass
   * over a start tag: the {@link next} positions only move forward, and the first pass already moved them past the
   * tag's earlier values.
   */
  private plainRange(from: number, to: number): boolean {
    const { text } = this;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x26 || c === 0x0d || c === 0x0a || c === 0x09) return false;
    }
    return this.bytes === null || this.isAsciiRange(this.bytes, from, to);
  }

  /** The normalized attribute value `[from, to)`, scanning the value itself (see {@link plainRange}). */
  private attributeValueAt(from: number, to: number): string {
    let value = this.slice(from, to);
    if (this.plainRange(from, to)) return value;
    value = value.replace(ATTRIBUTE_WHITESPACE, ' ');
    if (value.indexOf('&') >= 0) value = decodeReferences(value, from);
    return value;
  }

  /** A prefix `[from, to)` as a string (one-letter prefixes shared). */
  private prefixOf(from: number, to: number): string {
    return to - from === 1 ? (ASCII_CHARS[this.text.charCodeAt(from)] ?? this.text.slice(from, to)) : this.text.slice(from, to);
  }

  /** An xmlns declaration whose URI is the attribute value `[from, to)`. */
  private declareRange(prefix: string, from: number, to: number, offset: number): void {
    // A value that is a known URI character for character is plain (no reference, white space or non-ASCII in it).
    const raw = this.raw;
    const id = raw === null ? URIS.fromChars(this.text, from, to) : URIS.fromBytes(raw, this.rawView, from, to);
    if (id !== 0) {
      this.declare(prefix, URIS.string(id), offset, id);
      return;
    }
    this.declare(prefix, this.attributeValue(from, to), offset);
  }

  /** An `i:type` value `[from, to)`, resolved without making strings when it is plain `prefix:local`. */
  private resolveType(from: number, to: number, offset: number): void {
    const { text } = this;
    // Plain: ASCII without white space, references or a second colon; it then reads as resolveTypeName reads it.
    let colon = -1;
    let plain = to > from;
    for (let i = from; plain && i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === COLON) {
        if (colon >= 0) plain = false;
        colon = i;
      } else if (c <= 0x20 || c === 0x26 || c >= 0x80) {
        plain = false;
      }
    }
    if (plain && colon !== from && colon !== to - 1) {
      const localStart = colon < 0 ? from : colon + 1;
      const prefix = colon < 0 ? '' : this.prefixOf(from, colon);
      const k = this.binding(prefix);
      if (k === -2) throw invalid(`Undeclared namespace prefix "${prefix}" in i:type`, offset);
      this.typeNs = k < 0 ? NS.None : this.ids[k]!;
      this.typeNsUri = k < 0 ? '' : this.uris[k]!;
      const raw = this.raw;
      const id = raw === null ? NAMES.fromChars(text, localStart, to) : NAMES.fromBytes(raw, this.rawView, localStart, to);
      this.typeName = id;
      this.typeLocalStr = id === 0 ? text.slice(localStart, to) : NAMES.string(id);
      return;
    }
    this.resolveTypeName(this.attributeValueAt(from, to), offset);
  }

  private attributeValue(from: number, to: number): string {
    let value = this.slice(from, to);
    if ((this.nextCr < to && this.next(CR, from) < to) || (this.nextLf < to && this.next(LF, from) < to) || (this.nextTab < to && this.next(TAB, from) < to)) {
      value = value.replace(ATTRIBUTE_WHITESPACE, ' ');
    }
    if (this.nextAmp < to && this.next(AMP, from) < to) value = decodeReferences(value, from);
    return value;
  }

  /** Binds a prefix (`''` for the default namespace) for the element being read. */
  private declare(prefix: string, uri: string, offset: number, known = -1): void {
    if (prefix === 'xmlns') throw invalid('The xmlns prefix cannot be declared', offset);
    if ((prefix === 'xml') !== (uri === XML_NS)) throw invalid('The xml prefix and its namespace cannot be rebound', offset);
    if (prefix !== '' && uri === '') throw invalid(`Prefix "${prefix}" cannot be bound to an empty namespace`, offset);
    // The `xml` binding at index 0 is not declared by the document.
    if (this.bindingCount > this.limits.maxNamespaces) throw limitExceeded('maxNamespaces', this.limits.maxNamespaces, undefined, offset);
    const id = known >= 0 ? known : URIS.fromString(uri);
    const k = this.bindingCount++;
    this.prefixes[k] = prefix.length === 1 ? (ASCII_CHARS[prefix.charCodeAt(0)] ?? prefix) : prefix;
    this.uris[k] = id === 0 ? uri : URIS.string(id);
    this.ids[k] = id === 0 && uri !== '' ? NS_OTHER : id;
  }

  /** Drops the bindings an element declared. */
  private unbind(mark: number): void {
    this.bindingCount = mark;
  }

  /** Resolves the QName of an `i:type` value; an unprefixed name is in the default namespace (as .NET reads it). */
  private resolveTypeName(value: string, offset: number): void {
    const name = trimXml(value);
    const colon = name.indexOf(':');
    const local = colon < 0 ? name : name.slice(colon + 1);
    if (local.length === 0 || colon === 0 || local.indexOf(':') >= 0) throw invalid(`Malformed i:type "${value}"`, offset);
    const prefix = colon < 0 ? '' : colon === 1 ? (ASCII_CHARS[name.charCodeAt(0)] ?? name.slice(0, 1)) : name.slice(0, colon);
    const k = this.binding(prefix);
    if (k === -2) throw invalid(`Undeclared namespace prefix "${prefix}" in i:type`, offset);
    this.typeNs = k < 0 ? NS.None : this.ids[k]!;
    this.typeNsUri = k < 0 ? '' : this.uris[k]!;
    this.typeName = NAMES.fromString(local);
    this.typeLocalStr = local;
  }

  private readNil(value: string, offset: number): boolean {
    switch (trimXml(value)) {
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

  // ---- XmlPullReader ----

  public localName(): string {
    return this.name !== 0 ? NAMES.string(this.name) : this.text.slice(this.localStart, this.nameEnd);
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
    for (;;) {
      const token = this.token();
      if (token === START) return true;
      if (token === END) return false;
      // Text between child elements is not part of a contract.
    }
  }

  public skip(): void {
    const target = this.depth - 1;
    while (this.depth > target) this.token();
  }

  public readString(): string {
    // The common shape, text straight before the end tag: read without dispatching two tokens.
    if (!this.emptyPending) {
      const { text } = this;
      const from = this.pos;
      const lt = text.indexOf('<', from);
      if (lt >= from && text.charCodeAt(lt + 1) === SLASH) {
        const value = lt > from ? this.textChunk(from, lt) : '';
        this.pos = lt;
        this.readEndTag(this.depth - 1);
        this.closeElement();
        return value;
      }
    }
    const token = this.token();
    if (token === END) return '';
    if (token === TEXT) {
      const first = this.tText;
      const next = this.token();
      if (next === END) return first;
      return this.restOfText(first, next);
    }
    return this.restOfText('', token);
  }

  public readKey(): string {
    // A plain ASCII key straight before its end tag comes from the key cache (the same string for the same bytes).
    const raw = this.raw;
    if (raw !== null && !this.emptyPending) {
      const { text } = this;
      const from = this.pos;
      const lt = text.indexOf('<', from);
      if (lt > from && lt - from <= MAX_KEY_LENGTH && text.charCodeAt(lt + 1) === SLASH && lt - from <= this.limits.maxStringLength) {
        const key = cachedKey(raw, this.rawView, text, from, lt);
        if (key !== undefined) {
          this.pos = lt;
          // The end tag: END, or the error the general way would give.
          this.token();
          return key;
        }
      }
    }
    return this.readString();
  }

  /** The rest of the current element's text (child elements skipped) after `text` and `token`. */
  private restOfText(text: string, token: number): string {
    for (;;) {
      if (token === END) return text;
      if (token === START) this.skip();
      else {
        text += this.tText;
        if (text.length > this.limits.maxStringLength) throw limitExceeded('maxStringLength', this.limits.maxStringLength, undefined, this.pos);
      }
      token = this.token();
    }
  }

  public readInteger(): number {
    return textInteger(this.readString(), this.path);
  }

  public readDecimal(): number {
    return textDecimal(this.readString(), this.path);
  }

  public readDouble(): number | NonFiniteDouble {
    return textDouble(this.readString(), this.path);
  }

  public readBoolean(): boolean {
    return textBoolean(this.readString(), this.path);
  }

  public readDate(): string {
    return textDate(this.readString(), this.path);
  }

  public readGuid(): string {
    // The form the serializers write, straight before the end tag, is checked on the bytes (cheaper than on the
    // string, a slice of the body); its text then is the model GUID as it stands (36 ASCII characters with nothing
    // to decode: only maxStringLength could still refuse it).
    const raw = this.raw;
    const at = this.pos;
    if (raw !== null && !this.emptyPending && raw[at + 36] === LT && raw[at + 37] === SLASH && isCanonicalGuidAt(raw, at) && this.limits.maxStringLength >= 36) {
      const guid = this.text.slice(at, at + 36);
      this.pos = at + 36;
      this.readEndTag(this.depth - 1);
      this.closeElement();
      return guid;
    }
    return textGuid(this.readString(), this.path);
  }

  public readNode(): XmlNode {
    const root = this.newNode();
    const stack: BuildingNode[] = [root];
    while (stack.length > 0) {
      const token = this.token();
      const top = stack[stack.length - 1]!;
      if (token === START) {
        const node = this.newNode();
        if (top.children === NO_CHILDREN) top.children = [node];
        else top.children.push(node);
        stack.push(node);
      } else if (token === END) {
        stack.pop();
      } else {
        top.text = top.text.length === 0 ? this.tText : top.text + this.tText;
        if (top.text.length > this.limits.maxStringLength) throw limitExceeded('maxStringLength', this.limits.maxStringLength, undefined, this.pos);
      }
    }
    return root;
  }

  private newNode(): BuildingNode {
    const type = this.typeName === NO_TYPE ? null : { ns: this.typeNsUri, local: this.typeLocalStr };
    return { ns: this.nsUri, local: this.localName(), type, nil: this.nil, children: NO_CHILDREN, text: '' };
  }
}


/** Whether `text` holds the same `length` characters at `a` and at `b`. */
function sameChars(text: string, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

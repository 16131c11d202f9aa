/**
 * Leaf values read straight from the text record(s) that end an element: strings, keys, GUIDs, numbers, booleans,
 * dates. Each accepts exactly what the general reader + mapping turn into the same value, and gives up on anything
 * else (the general path then produces the value or the error).
 */
import { asciiGuid, decodeName, decodeUtf16le, decodeUtf8 } from '../decodeString';
import { isoDateFromUnixMs } from '../../isoDate';
import { formatDecimal } from '../formatNumber';
import { UNIX_EPOCH_MS_FROM_YEAR_1 } from '../formatTime';
import { trimXml } from '../../xml/xmlWhitespace';
import type { ByteTemplate } from './byteTemplate';
import { DirectCursor } from './directCursor';
import { giveUp } from './giveUp';

/** The last millisecond of year 9999 counted from 0001-01-01 (DateTime.MaxValue). */
const MAX_MS = 315537897599999;
/** Exact powers of ten (up to 10^22 a double holds them exactly, so m / 10^s rounds as Number("m.s") does). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * The instant of the 8-byte DateTime value at `s` (ticks and kind) in the model's form, as the general reader
 * renders it; gives up where .NET's conversion wraps or the value is out of range.
 *
 * @example
 * ```ts
 * const iso = dateTimeAt(view, p + 1); // '2024-05-01T10:00:00.000Z'
 * ```
 */
export function dateTimeAt(view: DataView, s: number): string {
  const hi = view.getUint32(s + 4, true);
  // A Local value near DateTime.MaxValue wraps on conversion in .NET: the general path knows how.
  if (hi >>> 30 >= 2 && (hi & 0x3fffffff) > 0x3fffff00) giveUp('wrapped local date');
  const lo = view.getUint32(s, true);
  const high = hi & 0x3fffffff;
  // ticks / 10^4 = (high * 2^32 + lo) / 10^4, split so that no intermediate exceeds 2^53.
  const ms = high * 429496 + Math.floor((high * 7296 + lo) / 10000);
  if (ms > MAX_MS) giveUp('date range');
  return isoDateFromUnixMs(ms - UNIX_EPOCH_MS_FROM_YEAR_1);
}

/**
 * The DecimalText payload at `s` (flags: 2 reserved bytes, scale, sign; then hi32, lo32, mid32) as the number the
 * general reader gives (`Number` of its decimal text); gives up on flags the general reader rejects.
 *
 * @example
 * ```ts
 * decimalAt(bytes, view, p + 1); // 100.5 for 10050 with scale 2
 * ```
 */
export function decimalAt(b: Uint8Array, v: DataView, s: number): number {
  const scale = b[s + 2]!;
  const sign = b[s + 3]!;
  if (b[s] !== 0 || b[s + 1] !== 0 || (sign !== 0 && sign !== 0x80) || scale > 28) giveUp('decimal flags');
  const hi = v.getUint32(s + 4, true);
  const lo = v.getUint32(s + 8, true);
  const mid = v.getUint32(s + 12, true);
  if (hi !== 0 || mid >= 0x200000 || scale > 22) {
    // Beyond 2^53 or 10^22 the quotient may round differently: take the general path's way, through the text.
    return Number(formatDecimal(lo, mid, hi, scale, sign === 0x80));
  }
  const m = mid * 4294967296 + lo;
  const n = scale === 0 ? m : m / POW10[scale]!;
  // formatDecimal writes no sign on zero, so a "negative zero" decimal is 0, not -0.
  return sign === 0x80 && m !== 0 ? -n : n;
}

/** The rendering .NET gives a number/boolean text record in a string slot (ZeroText … Int32Text). */
function smallNumberText(kind: number, view: DataView, at: number): string {
  switch (kind) {
    case 0x80: return '0';
    case 0x82: return '1';
    case 0x84: return 'false';
    case 0x86: return 'true';
    case 0x88: return String(view.getInt8(at));
    case 0x8a: return String(view.getInt16(at, true));
    default: return String(view.getInt32(at, true));
  }
}

/** Payload size of the number/boolean text records handled by {@link smallNumberText}. */
const smallNumberSize = (kind: number): number => (kind === 0x88 ? 1 : kind === 0x8a ? 2 : kind === 0x8c ? 4 : 0);

/** Leaf readers (p after an element start's name and attributes; each consumes the element end). */
export class DirectLeafReader extends DirectCursor {
  /** A string element's content. */
  protected str(): string {
    const b = this.b;
    const p = this.p;
    const c = b[p];
    if (c === 0x99) {
      // The common case: one Chars8TextWithEndElement.
      if (p + 2 > this.end) giveUp('string bounds');
      const s = p + 2;
      const length = b[p + 1]!;
      const e = s + length;
      if (e > this.end || length > this.maxStr) giveUp('string bounds');
      const text = length <= 16 ? decodeName(b, this.v, s, e) : decodeUtf8(b, s, e);
      if (text === undefined) giveUp('utf8');
      this.p = e;
      return text;
    }
    if (c === 0x01) {
      this.p = p + 1;
      return '';
    }
    return this.textRecords();
  }

  /**
   * A name's content (a logical name, a message name, a relationship's schema name): one Chars8TextWithEndElement
   * is read through the name table whatever its length, as names recur from message to message while other strings
   * longer than 16 bytes rarely do; anything else as {@link str}.
   */
  protected name(): string {
    const b = this.b;
    const p = this.p;
    if (b[p] === 0x99 && p + 2 <= this.end) {
      const s = p + 2;
      const e = s + b[p + 1]!;
      if (e <= this.end && e - s <= this.maxStr) {
        const text = decodeName(b, this.v, s, e);
        if (text === undefined) giveUp('utf8');
        this.p = e;
        return text;
      }
    }
    return this.str();
  }

  /** Text records up to the element end, concatenated (each decoded on its own, as the general reader does). */
  private textRecords(): string {
    const b = this.b;
    const v = this.v;
    const end = this.end;
    let p = this.p;
    let text = '';
    for (;;) {
      const c = b[p];
      if (c === undefined) return giveUp('text bounds');
      if (c === 0x01) {
        p++;
        break;
      }
      let s: number;
      let length: number;
      let utf16 = false;
      const kind = c & 0xfe;
      switch (kind) {
        case 0x98: if (p + 2 > end) giveUp('text bounds'); length = b[p + 1]!; s = p + 2; break;
        case 0x9a: if (p + 3 > end) giveUp('text bounds'); length = v.getUint16(p + 1, true); s = p + 3; break;
        case 0x9c: if (p + 5 > end) giveUp('text bounds'); length = v.getInt32(p + 1, true); s = p + 5; break;
        case 0xb6: if (p + 2 > end) giveUp('text bounds'); length = b[p + 1]!; s = p + 2; utf16 = true; break;
        case 0xb8: if (p + 3 > end) giveUp('text bounds'); length = v.getUint16(p + 1, true); s = p + 3; utf16 = true; break;
        case 0xba: if (p + 5 > end) giveUp('text bounds'); length = v.getInt32(p + 1, true); s = p + 5; utf16 = true; break;
        case 0xa8: length = 0; s = p + 1; break;
        case 0x80: case 0x82: case 0x84: case 0x86: case 0x88: case 0x8a: case 0x8c: {
          // Numbers and booleans in a string slot render as .NET renders them.
          const size = smallNumberSize(kind);
          if (p + 1 + size > end) giveUp('text bounds');
          text += smallNumberText(kind, v, p + 1);
          if (text.length > this.maxStr) giveUp('string length');
          p += 1 + size;
          if ((c & 1) === 1) {
            this.p = p;
            return text;
          }
          continue;
        }
        default: return giveUp('string record');
      }
      if (length < 0 || length > this.maxStr) giveUp('string length');
      const e = s + length;
      if (e > end) giveUp('string bounds');
      const part = length === 0 ? '' : utf16 ? ((length & 1) === 0 ? decodeUtf16le(b, s, e) : undefined) : length <= 16 ? decodeName(b, v, s, e) : decodeUtf8(b, s, e);
      if (part === undefined) giveUp('text encoding');
      text = text === '' ? part : text + part;
      if (text.length > this.maxStr) giveUp('string length');
      p = e;
      if ((c & 1) === 1) break;
    }
    this.p = p;
    return text;
  }

  /** A collection key: one Chars8TextWithEndElement. */
  protected key(): string {
    const b = this.b;
    const p = this.p;
    if (b[p] !== 0x99 || p + 2 > this.end) giveUp('key record');
    const s = p + 2;
    const e = s + b[p + 1]!;
    if (e > this.end || e - s > this.maxStr) giveUp('key bounds');
    const text = decodeName(b, this.v, s, e);
    if (text === undefined) giveUp('utf8');
    this.p = e;
    return text;
  }

  /** A GUID written as its 36 ASCII characters (how DataContractSerializer writes a Guid member). */
  protected guid(): string {
    const b = this.b;
    const p = this.p;
    if (b[p] !== 0x99 || b[p + 1] !== 36 || p + 38 > this.end || this.maxStr < 36) giveUp('guid record');
    const g = asciiGuid(b, this.v, p + 2);
    if (g === undefined) giveUp('guid text');
    this.p = p + 38;
    return g;
  }

  /** A numeric text record (ending the element) as a number, as BinaryText.asNumber gives it. */
  protected num(): number {
    const b = this.b;
    const v = this.v;
    const p = this.p;
    let n: number;
    let size: number;
    switch (b[p]) {
      case 0x81: n = 0; size = 0; break;
      case 0x83: n = 1; size = 0; break;
      case 0x89: size = 1; if (p + 2 > this.end) giveUp('number bounds'); n = v.getInt8(p + 1); break;
      case 0x8b: size = 2; if (p + 3 > this.end) giveUp('number bounds'); n = v.getInt16(p + 1, true); break;
      case 0x8d: size = 4; if (p + 5 > this.end) giveUp('number bounds'); n = v.getInt32(p + 1, true); break;
      case 0x8f: size = 8; if (p + 9 > this.end) giveUp('number bounds'); n = v.getInt32(p + 5, true) * 4294967296 + v.getUint32(p + 1, true); break;
      case 0x91: size = 4; if (p + 5 > this.end) giveUp('number bounds'); n = v.getFloat32(p + 1, true); break;
      case 0x93: size = 8; if (p + 9 > this.end) giveUp('number bounds'); n = v.getFloat64(p + 1, true); break;
      case 0x95: size = 16; if (p + 17 > this.end) giveUp('number bounds'); n = decimalAt(b, v, p + 1); break;
      default: return giveUp('number record');
    }
    this.p = p + 1 + size;
    return n;
  }

  protected integer(): number {
    const n = this.num();
    if (!Number.isInteger(n)) giveUp('not an integer');
    return n;
  }

  protected decimal(): number {
    const n = this.num();
    if (!Number.isFinite(n)) giveUp('not finite');
    return n;
  }

  protected boolean(): boolean {
    const c = this.b[this.p];
    this.p++;
    if (c === 0x87 || c === 0x83) return true;
    if (c === 0x85 || c === 0x81) return false;
    return giveUp('boolean record');
  }

  /** A DateTimeText in the model's form (UTC ISO, milliseconds). */
  protected date(): string {
    const b = this.b;
    const p = this.p;
    if (b[p] !== 0x97 || p + 9 > this.end) giveUp('date record');
    const iso = dateTimeAt(this.v, p + 1);
    this.p = p + 9;
    return iso;
  }

  /**
   * Index of the member at p as {@link member}, or -1 after skipping an unknown one: the general mapper ignores
   * members it does not know (Dataverse adds some, e.g. AliasedValue.NeedFormatting). Only a leaf is skipped here.
   */
  protected memberOrSkip(templates: readonly ByteTemplate[], from: number): number {
    const m = this.findMember(templates, from);
    if (m >= 0) return m;
    if (this.b[this.p] !== 0x40) giveUp('member');
    this.anyStart();
    const mark = this.top;
    this.attributes();
    if (this.nil) this.endElement();
    else this.skipText();
    this.unbind(mark);
    return -1;
  }

  /** The text content of a skipped leaf: one value record, or string records, then the element end. */
  private skipText(): void {
    switch (this.b[this.p]) {
      case 0x81: case 0x83: case 0x85: case 0x87: this.p++; return; // Zero, One, False, True (with the end)
      case 0x89: case 0x8b: case 0x8d: case 0x8f: case 0x91: case 0x93: case 0x95: this.num(); return;
      case 0x97: this.date(); return;
      default: this.str();
    }
  }

  // Declared-type members: nil → null.
  protected guidMember(): string | null {
    return this.leafNil() ? null : this.guid();
  }
  protected stringMember(): string | null {
    return this.leafNil() ? null : this.str();
  }
  protected nameMember(): string | null {
    return this.leafNil() ? null : this.name();
  }
  protected integerMember(): number | null {
    return this.leafNil() ? null : this.integer();
  }
  protected booleanMember(): boolean | null {
    return this.leafNil() ? null : this.boolean();
  }
  protected dateMember(): string | null {
    return this.leafNil() ? null : this.date();
  }
  /** An enum member: one of `names` after XML white space trimming. */
  protected enumMember<E extends string>(names: readonly E[]): E | null {
    if (this.leafNil()) return null;
    const text = trimXml(this.str());
    for (let k = 0; k < names.length; k++) if (names[k] === text) return names[k]!;
    return giveUp('enum');
  }
}

/**
 * Text records ([MC-NBFX] §2.2.3): reads the payload of one text record into a string (character records) or a
 * {@link BinaryText} (typed records). Lengths are checked against the body before anything is allocated.
 */
import { limitExceeded } from '../limits';
import type { XmlText } from '../xml/node';
import { BinaryText, BinaryTextKind } from './binaryText';
import type { ByteCursor } from './byteCursor';
import { decodeName, decodeUtf16le, decodeUtf8 } from './decodeString';
import { DateTimeKind } from './formatTime';
import { invalidBinary, truncated, unsupportedRecord } from './nbfxErrors';
import { NbfxRecord, nbfxRecordName } from './recordType';

/** The reader's limits a text value is checked against. */
export interface TextLimits {
  /** Longest string or byte value, in bytes. */
  readonly maxStringLength: number;
}

/** Values up to this many bytes go through the name cache (`b:string`, `none`, `Create`...). */
const SHORT_VALUE = 16;

/** Largest valid .NET tick count (9999-12-31T23:59:59.9999999), as whole milliseconds. */
const MAX_MS = 315537897599999;
const TICKS_PER_DAY = 864_000_000_000n;
const TICKS_CEILING = 1n << 62n;
const MAX_TICKS = 3155378975999999999n;

/** Reads a string of `length` bytes (UTF-8, or UTF-16LE when `unicode`) at the cursor. */
export function readCharsValue(cursor: ByteCursor, length: number, unicode: boolean, code: number, limits: TextLimits): string {
  const start = cursor.pos;
  if (length > cursor.end - start) throw truncated(nbfxRecordName(code), start);
  if (length > limits.maxStringLength) throw limitExceeded('maxStringLength', limits.maxStringLength, undefined, start);
  const end = start + length;
  let text: string | undefined;
  if (unicode) {
    if (length & 1) throw invalidBinary(`${nbfxRecordName(code)} has an odd byte length ${length}`, start);
    text = decodeUtf16le(cursor.bytes, start, end);
  } else {
    text = length <= SHORT_VALUE ? decodeName(cursor.bytes, cursor.view, start, end) : decodeUtf8(cursor.bytes, start, end);
  }
  if (text === undefined) throw invalidBinary(`${nbfxRecordName(code)} is not valid ${unicode ? 'UTF-16' : 'UTF-8'}`, start);
  cursor.pos = end;
  return text;
}

function readBytesValue(cursor: ByteCursor, length: number, code: number, limits: TextLimits): BinaryText {
  const start = cursor.pos;
  if (length > cursor.end - start) throw truncated(nbfxRecordName(code), start);
  if (length > limits.maxStringLength) throw limitExceeded('maxStringLength', limits.maxStringLength, undefined, start);
  cursor.pos = start + length;
  return BinaryText.bytes(BinaryTextKind.Bytes, cursor.bytes, start, length);
}

function readDecimal(cursor: ByteCursor): BinaryText {
  const start = cursor.pos;
  cursor.need(16, 'DecimalText value');
  const { bytes, view } = cursor;
  const scale = bytes[start + 2]!;
  const sign = bytes[start + 3]!;
  // The in-memory layout of System.Decimal: flags (2 reserved bytes, scale, sign), hi32, lo32, mid32.
  if (bytes[start]! !== 0 || bytes[start + 1]! !== 0 || (sign !== 0 && sign !== 0x80) || scale > 28) {
    throw invalidBinary(`DecimalText is not a valid decimal (scale ${scale}, sign byte 0x${sign.toString(16)})`, start);
  }
  const hi = view.getUint32(start + 4, true);
  const lo = view.getUint32(start + 8, true);
  const mid = view.getUint32(start + 12, true);
  cursor.pos = start + 16;
  return BinaryText.decimal(lo, mid, hi, scale, sign === 0x80);
}

/**
 * A `DateTimeText` value: the int64 of `DateTime.ToBinary()`, kind in the top two bits, ticks below.
 *
 * For Local kind, `ToBinary()` stores the ticks of the *UTC* instant (the writer subtracts its zone offset; UTC
 * instants before year 1 wrap to just below 2^62), and `FromBinary()` adds the reader's offset back. We read as
 * a reader in UTC does: the stored ticks are the instant, rendered with `+00:00`. Kind 3 (local, ambiguous DST) is
 * Local as well. Ticks beyond 9999-12-31 fail like `DateTime.FromBinary` does.
 */
function readDateTime(cursor: ByteCursor): BinaryText {
  const start = cursor.pos;
  cursor.need(8, 'DateTimeText value');
  const lo = cursor.view.getUint32(start, true);
  const hi = cursor.view.getUint32(start + 4, true);
  cursor.pos = start + 8;
  const kind = hi >>> 30;
  const high = hi & 0x3fffffff;
  if (kind >= DateTimeKind.Local && high > 0x3fffff00) {
    // Near 2^62: a wrapped negative UTC instant (rare), done exactly in BigInt like DateTime.FromBinary.
    let ticks = (BigInt(high) << 32n) | BigInt(lo);
    if (ticks > TICKS_CEILING - TICKS_PER_DAY) ticks -= TICKS_CEILING;
    if (ticks < 0n) ticks += TICKS_PER_DAY; // FromBinary "wraps small times" into the first day
    if (ticks < 0n || ticks > MAX_TICKS) throw invalidBinary('DateTimeText is outside the .NET DateTime range', start);
    return BinaryText.dateTime(Number(ticks / 10000n), Number(ticks % 10000n), DateTimeKind.Local);
  }
  // ticks = high·2^32 + lo, split exactly into milliseconds and remaining ticks (2^32 = 429496·10^4 + 7296).
  const rest = high * 7296 + lo;
  const ms = high * 429496 + Math.floor(rest / 10000);
  if (ms > MAX_MS) throw invalidBinary('DateTimeText is outside the .NET DateTime range', start);
  return BinaryText.dateTime(ms, rest % 10000, kind >= DateTimeKind.Local ? DateTimeKind.Local : (kind as DateTimeKind));
}

function readList(cursor: ByteCursor, limits: TextLimits, countRecord: (offset: number) => void): string {
  let text = '';
  let first = true;
  for (;;) {
    const offset = cursor.pos;
    const code = cursor.u8('a StartListText list');
    countRecord(offset);
    if (code === NbfxRecord.EndListText) return text;
    if (code === NbfxRecord.StartListText) throw invalidBinary('lists cannot be nested', offset);
    if (code < 0x80 || code & 1) throw invalidBinary(`${nbfxRecordName(code)} cannot be a list item`, offset);
    const item = readTextPayload(cursor, code, offset, limits, countRecord);
    text += first ? textToString(item) : ` ${textToString(item)}`;
    first = false;
    if (text.length > limits.maxStringLength) throw limitExceeded('maxStringLength', limits.maxStringLength, undefined, offset);
  }
}

/** The text of an {@link XmlText}. */
export function textToString(text: XmlText): string {
  return typeof text === 'string' ? text : text.asString();
}

/**
 * Reads the payload of text record `code` (its plain, even form) that started at `offset`.
 *
 * @param countRecord - called for each nested record (list items), so that lists count toward `maxRecords`.
 * @example
 * ```ts
 * const cursor = new ByteCursor(Uint8Array.from([0x2a, 0, 0, 0]));
 * readTextPayload(cursor, 0x8c, 0, DEFAULT_DECODE_LIMITS, () => {}); // BinaryText 42
 * ```
 */
export function readTextPayload(cursor: ByteCursor, code: number, offset: number, limits: TextLimits, countRecord: (offset: number) => void): XmlText {
  const { view } = cursor;
  let value: number;
  switch (code) {
    case NbfxRecord.ZeroText:
      return BinaryText.int32(0);
    case NbfxRecord.OneText:
      return BinaryText.int32(1);
    case NbfxRecord.FalseText:
      return BinaryText.FALSE;
    case NbfxRecord.TrueText:
      return BinaryText.TRUE;
    case NbfxRecord.Int8Text:
      cursor.need(1, 'Int8Text value');
      value = view.getInt8(cursor.pos);
      cursor.pos += 1;
      return BinaryText.int32(value);
    case NbfxRecord.Int16Text:
      cursor.need(2, 'Int16Text value');
      value = view.getInt16(cursor.pos, true);
      cursor.pos += 2;
      return BinaryText.int32(value);
    case NbfxRecord.Int32Text:
      cursor.need(4, 'Int32Text value');
      value = view.getInt32(cursor.pos, true);
      cursor.pos += 4;
      return BinaryText.int32(value);
    case NbfxRecord.Int64Text:
    case NbfxRecord.UInt64Text:
    case NbfxRecord.TimeSpanText: {
      cursor.need(8, 'a 64-bit value');
      const lo = view.getUint32(cursor.pos, true);
      const hi = code === NbfxRecord.UInt64Text ? view.getUint32(cursor.pos + 4, true) : view.getInt32(cursor.pos + 4, true);
      cursor.pos += 8;
      const kind = code === NbfxRecord.Int64Text ? BinaryTextKind.Int64 : code === NbfxRecord.UInt64Text ? BinaryTextKind.UInt64 : BinaryTextKind.TimeSpan;
      return BinaryText.int64(kind, lo, hi);
    }
    case NbfxRecord.FloatText:
      cursor.need(4, 'FloatText value');
      value = view.getFloat32(cursor.pos, true);
      cursor.pos += 4;
      return BinaryText.floating(BinaryTextKind.Float, value);
    case NbfxRecord.DoubleText:
      cursor.need(8, 'DoubleText value');
      value = view.getFloat64(cursor.pos, true);
      cursor.pos += 8;
      return BinaryText.floating(BinaryTextKind.Double, value);
    case NbfxRecord.DecimalText:
      return readDecimal(cursor);
    case NbfxRecord.DateTimeText:
      return readDateTime(cursor);
    case NbfxRecord.Chars8Text:
      return readCharsValue(cursor, cursor.u8('Chars8Text length'), false, code, limits);
    case NbfxRecord.Chars16Text:
      return readCharsValue(cursor, cursor.u16('Chars16Text length'), false, code, limits);
    case NbfxRecord.Chars32Text:
      return readCharsValue(cursor, cursor.u31('Chars32Text length'), false, code, limits);
    case NbfxRecord.UnicodeChars8Text:
      return readCharsValue(cursor, cursor.u8('UnicodeChars8Text length'), true, code, limits);
    case NbfxRecord.UnicodeChars16Text:
      return readCharsValue(cursor, cursor.u16('UnicodeChars16Text length'), true, code, limits);
    case NbfxRecord.UnicodeChars32Text:
      return readCharsValue(cursor, cursor.u31('UnicodeChars32Text length'), true, code, limits);
    case NbfxRecord.Bytes8Text:
      return readBytesValue(cursor, cursor.u8('Bytes8Text length'), code, limits);
    case NbfxRecord.Bytes16Text:
      return readBytesValue(cursor, cursor.u16('Bytes16Text length'), code, limits);
    case NbfxRecord.Bytes32Text:
      return readBytesValue(cursor, cursor.u31('Bytes32Text length'), code, limits);
    case NbfxRecord.EmptyText:
      return '';
    case NbfxRecord.StartListText:
      return readList(cursor, limits, countRecord);
    case NbfxRecord.UniqueIdText:
    case NbfxRecord.UuidText: {
      cursor.need(16, 'a UniqueIdText or UuidText value');
      const start = cursor.pos;
      cursor.pos += 16;
      return BinaryText.bytes(code === NbfxRecord.UuidText ? BinaryTextKind.Uuid : BinaryTextKind.UniqueId, cursor.bytes, start, 16);
    }
    case NbfxRecord.BoolText:
      // .NET reads any non-zero byte as true.
      return cursor.u8('BoolText value') !== 0 ? BinaryText.TRUE : BinaryText.FALSE;
    case NbfxRecord.DictionaryText:
    case NbfxRecord.QNameDictionaryText:
      throw unsupportedRecord(code, offset);
    default:
      throw invalidBinary(`${nbfxRecordName(code)} is not allowed here`, offset);
  }
}

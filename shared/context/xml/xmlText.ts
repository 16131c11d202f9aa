/**
 * Reading an element's text as a declared type. The text is a string (text XML) or a {@link TypedText} (binary XML);
 * the type always comes from the schema or `i:type`, never from how the binary writer happened to compact the value
 * (a string `"1"` may arrive as a One record, a double `3.0` as an Int8 record).
 */
import { DecodeError } from '../errors';
import type { Guid, IsoDate } from '../model';
import { normalizeGuid, truncateForMessage, type PathRef } from '../values';
import type { XmlText } from './node';
import { isoFromXsdDateTime } from './xsdDateTime';
import { trimXml } from './xmlWhitespace';

const INTEGER = /^[+-]?[0-9]+$/;
const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const DOUBLE = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The lexical forms of the IEEE special values, as XML and `DataContractJsonSerializer` write them. */
export type NonFiniteDouble = 'INF' | '-INF' | 'NaN';

function invalidValue(text: string, what: string, path: PathRef): DecodeError {
  return new DecodeError('INVALID_VALUE', `"${truncateForMessage(text)}" is not ${what}`, { path: String(path) });
}

/**
 * A number read from a typed binary record as an integer.
 *
 * @throws {DecodeError} `INVALID_VALUE` when it is not an integer.
 * @example
 * ```ts
 * integerFromNumber(40, 'Stage'); // 40
 * ```
 */
export function integerFromNumber(n: number, path: PathRef): number {
  if (!Number.isInteger(n)) throw invalidValue(String(n), 'an integer', path);
  return n;
}

/**
 * A number read from a typed binary record as a `decimal`.
 *
 * @throws {DecodeError} `INVALID_VALUE` when it is not finite.
 * @example
 * ```ts
 * decimalFromNumber(100.5, 'InputParameters.Target.Attributes.revenue'); // 100.5
 * ```
 */
export function decimalFromNumber(n: number, path: PathRef): number {
  if (!Number.isFinite(n)) throw invalidValue(String(n), 'a decimal', path);
  return n;
}

/**
 * A number read from a typed binary record as a `double` (IEEE specials as their lexical forms).
 *
 * @example
 * ```ts
 * doubleFromNumber(Number.NEGATIVE_INFINITY); // '-INF'
 * ```
 */
export function doubleFromNumber(n: number): number | NonFiniteDouble {
  return Number.isFinite(n) ? n : nonFinite(n);
}

/**
 * The text as a string, every character kept.
 *
 * @example
 * ```ts
 * textString(' Contoso '); // ' Contoso '
 * ```
 */
export function textString(text: XmlText): string {
  return typeof text === 'string' ? text : text.asString();
}

/**
 * The text as an integer (`int`, `long`, `short`, `byte`, unsigned kinds).
 *
 * @throws {DecodeError} `INVALID_VALUE` when it is not an integer.
 * @example
 * ```ts
 * textInteger('40', 'Stage'); // 40
 * ```
 */
export function textInteger(text: XmlText, path: PathRef): number {
  if (typeof text !== 'string') {
    const n = text.asNumber();
    if (n !== undefined) return integerFromNumber(n, path);
  }
  const s = trimXml(textString(text));
  if (!INTEGER.test(s)) throw invalidValue(s, 'an integer', path);
  return Number(s);
}

/**
 * The text as a `decimal` (a JS number: the model carries no decimal type, as the JSON format cannot).
 *
 * @throws {DecodeError} `INVALID_VALUE` when it is not a decimal.
 * @example
 * ```ts
 * textDecimal('100.50', 'InputParameters.Target.Attributes.revenue'); // 100.5
 * ```
 */
export function textDecimal(text: XmlText, path: PathRef): number {
  if (typeof text !== 'string') {
    const n = text.asNumber();
    if (n !== undefined) return decimalFromNumber(n, path);
  }
  const s = trimXml(textString(text));
  if (!DECIMAL.test(s)) throw invalidValue(s, 'a decimal', path);
  return Number(s);
}

function nonFinite(n: number): NonFiniteDouble {
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'INF' : '-INF';
}

/**
 * The text as a `double` or `float`. The IEEE special values cannot be JSON numbers, so they stay their lexical
 * forms `"INF"`, `"-INF"` and `"NaN"` (the tokens `DataContractJsonSerializer` writes too).
 *
 * @throws {DecodeError} `INVALID_VALUE` when it is not a double.
 * @example
 * ```ts
 * textDouble('47.5', 'SharedVariables.ratio'); // 47.5
 * textDouble('-INF', 'SharedVariables.ratio'); // '-INF'
 * ```
 */
export function textDouble(text: XmlText, path: PathRef): number | NonFiniteDouble {
  if (typeof text !== 'string') {
    const n = text.asNumber();
    if (n !== undefined) return doubleFromNumber(n);
  }
  const s = trimXml(textString(text));
  if (s === 'INF' || s === '-INF' || s === 'NaN') return s;
  if (!DOUBLE.test(s)) throw invalidValue(s, 'a double', path);
  const n = Number(s);
  return Number.isFinite(n) ? n : nonFinite(n);
}

/**
 * The text as an `xs:boolean` (`true`, `false`, `1`, `0`).
 *
 * @throws {DecodeError} `INVALID_VALUE` otherwise.
 * @example
 * ```ts
 * textBoolean('true', 'IsInTransaction'); // true
 * ```
 */
export function textBoolean(text: XmlText, path: PathRef): boolean {
  if (typeof text !== 'string') {
    const b = text.asBoolean();
    if (b !== undefined) return b;
  }
  const s = trimXml(textString(text));
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  throw invalidValue(s, 'a boolean', path);
}

/**
 * The text as a model date (see {@link isoFromXsdDateTime}).
 *
 * @throws {DecodeError} `INVALID_VALUE` when it is not an `xs:dateTime` in the .NET range.
 * @example
 * ```ts
 * textDate('2023-10-15T19:34:05Z', 'OperationCreatedOn'); // '2023-10-15T19:34:05.000Z'
 * ```
 */
export function textDate(text: XmlText, path: PathRef): IsoDate {
  if (typeof text !== 'string') {
    const iso = text.asIsoDate();
    if (iso !== undefined) return iso;
  }
  return isoFromXsdDateTime(textString(text), path);
}

/**
 * The text as a model GUID (lower-case, dashed).
 *
 * @throws {DecodeError} `INVALID_VALUE` when it is not a GUID.
 * @example
 * ```ts
 * textGuid('6420F0CC-916B-EE11-9AE6-000D3A688809', 'UserId'); // '6420f0cc-916b-ee11-9ae6-000d3a688809'
 * ```
 */
export function textGuid(text: XmlText, path: PathRef): Guid {
  const s = textString(text);
  return isCanonicalGuid(s) ? s : normalizeGuid(s, path);
}

/** Hex digit classes: 1 = lower-case hex digit. */
const LOWER_HEX = new Uint8Array(128);
for (const c of '0123456789abcdef') LOWER_HEX[c.charCodeAt(0)] = 1;

/** Whether the text already is a model GUID (the form the serializers write); the slow path handles the rest. */
function isCanonicalGuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
    } else if (c >= 128 || LOWER_HEX[c] === 0) {
      return false;
    }
  }
  return true;
}

/**
 * The text of a `char` (DataContractSerializer writes its UTF-16 code as an integer) as a one-character string, as
 * the JSON format carries it.
 *
 * @throws {DecodeError} `INVALID_VALUE` when it is not a UTF-16 code unit.
 * @example
 * ```ts
 * textChar('65', 'SharedVariables.grade'); // 'A'
 * ```
 */
export function textChar(text: XmlText, path: PathRef): string {
  const code = textInteger(text, path);
  if (code < 0 || code > 0xffff) throw invalidValue(String(code), 'a char', path);
  return String.fromCharCode(code);
}

/**
 * The text of an `xs:base64Binary` (`byte[]`) as an array of byte values, the form the JSON format uses.
 *
 * @throws {DecodeError} `INVALID_VALUE` when it is not base64.
 * @example
 * ```ts
 * textBytes('AQID', 'SharedVariables.blob'); // [1, 2, 3]
 * ```
 */
export function textBytes(text: XmlText, path: PathRef): number[] {
  const s = textString(text).replace(/[ \t\r\n]/g, '');
  if (s.length % 4 !== 0 || !BASE64.test(s)) throw invalidValue(s, 'base64', path);
  return Array.from(Buffer.from(s, 'base64'));
}

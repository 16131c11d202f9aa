/**
 * `xs:dateTime` text → model date, the way `DataContractSerializer` writes `DateTime` values.
 */
import { DecodeError } from '../errors';
import { isoDateFromUnixMs } from '../isoDate';
import type { IsoDate } from '../model';
import { isoFromUnixMs, MAX_DATE_MS, MIN_DATE_MS, truncateForMessage, type PathRef } from '../values';
import { trimXml } from './xmlWhitespace';

// Years 0001–9999 (the .NET range), any number of fraction digits, `Z`, an offset, or no zone at all.
const XSD_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;
const MS_PER_DAY = 86_400_000;

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`; works for years 1–9999). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function pad3(n: number): string {
  return n >= 100 ? String(n) : n >= 10 ? `0${n}` : `00${n}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Reads an `xs:dateTime` as written by .NET: UTC (`Z`), with an offset (converted to UTC), or without a zone
 * (`Unspecified`, read as UTC). Fractions beyond milliseconds are dropped (floor).
 *
 * @throws {DecodeError} `INVALID_VALUE` for anything else, or a date outside 0001–9999.
 * @example
 * ```ts
 * isoFromXsdDateTime('2024-05-01T15:45:10.1234567+02:00', 'OperationCreatedOn'); // '2024-05-01T13:45:10.123Z'
 * ```
 */
export function isoFromXsdDateTime(text: string, path: PathRef): IsoDate {
  const utc = utcIsoFromXsdDateTime(text);
  if (utc !== undefined) return utc;
  const trimmed = trimXml(text);
  const m = XSD_DATE_TIME.exec(trimmed);
  const fail = (): DecodeError => new DecodeError('INVALID_VALUE', `"${truncateForMessage(text)}" is not an xs:dateTime`, { path: String(path) });
  if (m === null) throw fail();
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) throw fail();
  const fraction = m[7];
  const millis = fraction === undefined ? 0 : Number(fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, '0'));
  const zone = m[8];
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const hours = Number(zone.slice(1, 3));
    const minutes = Number(zone.slice(4, 6));
    if (hours > 14 || minutes > 59) throw fail();
    offsetMinutes = (zone.charCodeAt(0) === 0x2d ? -1 : 1) * (hours * 60 + minutes);
  }
  if (offsetMinutes === 0) {
    // Already UTC: assemble the text directly (Date#toISOString is comparatively slow).
    return `${m[1] as string}-${m[2] as string}-${m[3] as string}T${m[4] as string}:${m[5] as string}:${m[6] as string}.${pad3(millis)}Z`;
  }
  const ms = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
  return isoFromUnixMs(ms, path);
}

/** Digit classes: 1 for `0`–`9`. */
const DIGIT = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) DIGIT[c] = 1;

/** The value of the two digits at `at` (the caller checked they are digits). */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 0x30) * 10 + text.charCodeAt(at + 1) - 0x30;
}

/**
 * The forms DataContractSerializer writes (`2024-06-03T08:15:00.25Z`, no zone, or an offset `+02:00`; no white
 * space) read without a RegExp or a `Date`; `undefined` for anything else, which {@link isoFromXsdDateTime} then reads
 * (or refuses) the general way. Accepts only what the general way accepts, with the same result.
 */
function utcIsoFromXsdDateTime(text: string): IsoDate | undefined {
  const length = text.length;
  if (length < 19) return undefined;
  for (let i = 0; i < 19; i++) {
    const c = text.charCodeAt(i);
    const expected = i === 4 || i === 7 ? 0x2d : i === 10 ? 0x54 : i === 13 || i === 16 ? 0x3a : -1;
    if (expected < 0 ? c >= 128 || DIGIT[c] === 0 : c !== expected) return undefined;
  }
  let i = 19;
  let millis = 0;
  if (i < length && text.charCodeAt(i) === 0x2e) {
    i++;
    const digitsStart = i;
    for (; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128 || DIGIT[c] === 0) break;
      // Fractions beyond milliseconds are dropped (floor).
      if (i - digitsStart < 3) millis = millis * 10 + c - 0x30;
    }
    if (i === digitsStart) return undefined;
    for (let k = i - digitsStart; k < 3; k++) millis *= 10;
  }
  // `Z` or no zone at all (both read as UTC), or an offset `+hh:mm` / `-hh:mm`.
  let offsetMinutes = 0;
  if (i === length - 6) {
    const sign = text.charCodeAt(i);
    if ((sign !== 0x2b && sign !== 0x2d) || !isDigitPair(text, i + 1) || text.charCodeAt(i + 3) !== 0x3a || !isDigitPair(text, i + 4)) return undefined;
    const hours = twoDigits(text, i + 1);
    const minutes = twoDigits(text, i + 4);
    if (hours > 14 || minutes > 59) return undefined;
    offsetMinutes = (sign === 0x2d ? -1 : 1) * (hours * 60 + minutes);
  } else if (!(i === length || (i === length - 1 && text.charCodeAt(i) === 0x5a))) {
    return undefined;
  }
  const year = (text.charCodeAt(0) - 0x30) * 1000 + (text.charCodeAt(1) - 0x30) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  if (offsetMinutes === 0) return `${text.slice(0, 19)}.${pad3(millis)}Z`;
  const ms = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
  // Outside the .NET range: the general way reports it.
  if (ms < MIN_DATE_MS || ms > MAX_DATE_MS) return undefined;
  return isoDateFromUnixMs(ms);
}

function isDigitPair(text: string, at: number): boolean {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  return a < 128 && DIGIT[a] === 1 && b < 128 && DIGIT[b] === 1;
}



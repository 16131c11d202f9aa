/**
 * `xs:dateTime` text → model date, the way `DataContractSerializer` writes `DateTime` values.
 */
import { DecodeError } from '../errors';
import type { IsoDate } from '../model';
import { isoFromUnixMs, truncateForMessage, type PathRef } from '../values';

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
  const trimmed = text.trim();
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

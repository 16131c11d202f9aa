/**
 * The model's date text (`YYYY-MM-DDTHH:mm:ss.sssZ`, UTC) from Unix milliseconds, for every decoder: exactly what
 * `new Date(ms).toISOString()` gives in the .NET DateTime range (years 0001–9999), without a `Date` object and as
 * one flat string (a template literal would make a tree of 13 pieces, ~2.5× slower once the string is read).
 */
import type { IsoDate } from './model';

const MS_PER_DAY = 86_400_000;
const ZERO = 0x30;

/**
 * The ISO text of whole Unix milliseconds in the .NET DateTime range (the caller checks the range).
 *
 * @example
 * ```ts
 * isoDateFromUnixMs(0); // '1970-01-01T00:00:00.000Z'
 * isoDateFromUnixMs(1714571110123); // '2024-05-01T13:45:10.123Z'
 * ```
 */
export function isoDateFromUnixMs(ms: number): IsoDate {
  const days = Math.floor(ms / MS_PER_DAY);
  // From here on every quantity is a non-negative int32 (days >= -719162 in .NET's range), so `| 0` is floor and
  // the divisions are integer divisions (Math.floor of doubles costs several times more).
  let rest = (ms - days * MS_PER_DAY) | 0;
  // H. Hinnant's civil_from_days (proleptic Gregorian), in 400-year eras from 0000-03-01.
  const z = (days + 719_468) | 0;
  const era = (z / 146_097) | 0;
  const dayOfEra = z - era * 146_097;
  const yearOfEra = ((dayOfEra - ((dayOfEra / 1460) | 0) + ((dayOfEra / 36_524) | 0) - ((dayOfEra / 146_096) | 0)) / 365) | 0;
  const dayOfYear = dayOfEra - (365 * yearOfEra + (yearOfEra >> 2) - ((yearOfEra / 100) | 0));
  const monthFromMarch = ((5 * dayOfYear + 2) / 153) | 0;
  const day = dayOfYear - (((153 * monthFromMarch + 2) / 5) | 0) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = (rest / 3_600_000) | 0;
  rest -= hours * 3_600_000;
  const minutes = (rest / 60_000) | 0;
  rest -= minutes * 60_000;
  const seconds = (rest / 1000) | 0;
  const millis = rest - seconds * 1000;
  return String.fromCharCode(
    ZERO + ((year / 1000) | 0),
    ZERO + (((year / 100) | 0) % 10),
    ZERO + (((year / 10) | 0) % 10),
    ZERO + (year % 10),
    0x2d,
    ZERO + ((month / 10) | 0),
    ZERO + (month % 10),
    0x2d,
    ZERO + ((day / 10) | 0),
    ZERO + (day % 10),
    0x54,
    ZERO + ((hours / 10) | 0),
    ZERO + (hours % 10),
    0x3a,
    ZERO + ((minutes / 10) | 0),
    ZERO + (minutes % 10),
    0x3a,
    ZERO + ((seconds / 10) | 0),
    ZERO + (seconds % 10),
    0x2e,
    ZERO + ((millis / 100) | 0),
    ZERO + (((millis / 10) | 0) % 10),
    ZERO + (millis % 10),
    0x5a,
  );
}

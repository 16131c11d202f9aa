/**
 * Unix milliseconds → the model's ISO 8601 text, without a `Date` object: `toISOString` costs about half a
 * microsecond and a context holds dozens of dates, many of them equal (`modifiedon` in the Target, the images and
 * the parent context), so equal instants also share one cached string. Gives exactly what
 * `new Date(ms).toISOString()` gives for the .NET DateTime range (years 0001–9999).
 */
import type { IsoDate } from '../model';

const MS_PER_DAY = 86_400_000;
const ZERO = 0x30;
const CACHE_SLOTS = 64;
const cachedMs = new Float64Array(CACHE_SLOTS).fill(Number.NaN);
const cachedIso: string[] = new Array<string>(CACHE_SLOTS).fill('');

/**
 * The ISO text of whole Unix milliseconds in the years 0001–9999 (the caller checks the range).
 *
 * @example
 * ```ts
 * fastIsoFromUnixMs(1714571110123); // '2024-05-01T13:45:10.123Z'
 * ```
 */
export function fastIsoFromUnixMs(ms: number): IsoDate {
  const slot = ms & (CACHE_SLOTS - 1);
  if (cachedMs[slot] === ms) return cachedIso[slot] as string;
  const iso = format(ms);
  cachedMs[slot] = ms;
  cachedIso[slot] = iso;
  return iso;
}

function format(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  let rest = ms - days * MS_PER_DAY;
  // Civil date from days since 1970-01-01 (H. Hinnant's civil_from_days), in 400-year eras from 0000-03-01.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  // One allocation for the 24 characters `YYYY-MM-DDTHH:mm:ss.sssZ`.
  return String.fromCharCode(
    ZERO + Math.floor(year / 1000),
    ZERO + (Math.floor(year / 100) % 10),
    ZERO + (Math.floor(year / 10) % 10),
    ZERO + (year % 10),
    0x2d,
    ZERO + Math.floor(month / 10),
    ZERO + (month % 10),
    0x2d,
    ZERO + Math.floor(day / 10),
    ZERO + (day % 10),
    0x54,
    ZERO + Math.floor(hours / 10),
    ZERO + (hours % 10),
    0x3a,
    ZERO + Math.floor(minutes / 10),
    ZERO + (minutes % 10),
    0x3a,
    ZERO + Math.floor(seconds / 10),
    ZERO + (seconds % 10),
    0x2e,
    ZERO + Math.floor(millis / 100),
    ZERO + (Math.floor(millis / 10) % 10),
    ZERO + (millis % 10),
    0x5a,
  );
}

/**
 * Unix milliseconds → the model's ISO 8601 text (../isoDate.ts) for the JSON decoder: a context holds dozens of
 * dates, many of them equal (`modifiedon` in the Target, the images and the parent context), so equal instants
 * share one cached string.
 */
import { isoDateFromUnixMs } from '../isoDate';
import type { IsoDate } from '../model';

const CACHE_BITS = 8;
const CACHE_SLOTS = 1 << CACHE_BITS;
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
  // Whole seconds and milliseconds mixed by a multiplicative hash: Dataverse dates are mostly whole seconds or
  // minutes, whose low bits (as ms) hardly vary.
  const slot = Math.imul(((ms / 1000) | 0) ^ (ms % 1000), 0x9e3779b1) >>> (32 - CACHE_BITS);
  if (cachedMs[slot] === ms) return cachedIso[slot] as string;
  const iso = isoDateFromUnixMs(ms);
  cachedMs[slot] = ms;
  cachedIso[slot] = iso;
  return iso;
}

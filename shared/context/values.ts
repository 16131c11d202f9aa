/**
 * Conversions every decoder shares, so that the three formats normalize primitives the same way.
 */
import { DecodeError } from './errors';
import { isoDateFromUnixMs } from './isoDate';
import type { Guid, IsoDate } from './model';

/** A path into the context, or something that renders as one when an error needs it (see `xml/pullReader.ts`). */
export type PathRef = string | { toString(): string };

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * A GUID in the model's form (lower-case, dashed). Accepts the dashed form with or without braces.
 *
 * @throws {DecodeError} `INVALID_VALUE` when the text is not a GUID.
 * @example
 * ```ts
 * normalizeGuid('{6420F0CC-916B-EE11-9AE6-000D3A688809}', 'UserId'); // '6420f0cc-916b-ee11-9ae6-000d3a688809'
 * ```
 */
export function normalizeGuid(text: string, path: PathRef): Guid {
  let t = text;
  if (t.length === 38 && t.charCodeAt(0) === 0x7b && t.charCodeAt(37) === 0x7d) t = t.slice(1, 37);
  else if (t.length !== 36) t = t.trim();
  if (!GUID_RE.test(t)) throw new DecodeError('INVALID_VALUE', `"${truncateForMessage(text)}" is not a GUID`, { path: String(path) });
  return t.toLowerCase();
}

/** Unix milliseconds of 0001-01-01T00:00:00Z and of 9999-12-31T23:59:59.999Z, the .NET DateTime range. */
export const MIN_DATE_MS = -62135596800000;
export const MAX_DATE_MS = 253402300799999;

/**
 * A model date (ISO 8601 UTC with milliseconds) from Unix milliseconds; fractions of a millisecond are dropped
 * (floor: .NET ticks count from year 1, so truncating ticks toward zero is flooring in time).
 *
 * @throws {DecodeError} `INVALID_VALUE` outside the .NET DateTime range.
 * @example
 * ```ts
 * isoFromUnixMs(1697398445000, 'OperationCreatedOn'); // '2023-10-15T19:34:05.000Z'
 * ```
 */
export function isoFromUnixMs(ms: number, path: PathRef): IsoDate {
  const whole = Math.floor(ms);
  if (!Number.isFinite(whole) || whole < MIN_DATE_MS || whole > MAX_DATE_MS) {
    throw new DecodeError('INVALID_VALUE', `Date ${String(ms)} ms is outside the .NET DateTime range`, { path: String(path) });
  }
  return isoDateFromUnixMs(whole);
}

/** Shortens a value for an error message. */
export function truncateForMessage(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

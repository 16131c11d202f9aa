/**
 * .NET `DateTime` and `TimeSpan` values from their binary form, rendered as .NET's `XmlConverter` renders them.
 */

/** Milliseconds from 0001-01-01T00:00:00 to 1970-01-01T00:00:00. */
export const UNIX_EPOCH_MS_FROM_YEAR_1 = 62135596800000;

/** `DateTimeKind` as stored in the top two bits of `DateTime.ToBinary()`. */
export const DateTimeKind = { Unspecified: 0, Utc: 1, Local: 2 } as const;
/** One of the {@link DateTimeKind} values. */
export type DateTimeKind = (typeof DateTimeKind)[keyof typeof DateTimeKind];

const pad7 = (n: number): string => String(n).padStart(7, '0');

/**
 * A `DateTime` as `XmlConverter.ToString(DateTime)`: `yyyy-MM-ddTHH:mm:ss`, then `.fffffff` without trailing zeros
 * when there are sub-second ticks, then `Z` (UTC), an offset (Local) or nothing (Unspecified).
 *
 * A Local value is rendered as a reader in UTC renders it (`+00:00`, the instant unchanged): .NET renders Local
 * values in the *reader's* zone, and the function host runs in UTC. The instant is what counts.
 *
 * @param ms - whole milliseconds since 0001-01-01T00:00:00 (the wall-clock time for Unspecified).
 * @param subMs - the remaining ticks (0–9999).
 * @example
 * ```ts
 * formatDateTime(63834995645000, 0, DateTimeKind.Utc); // '2023-10-15T19:34:05Z'
 * formatDateTime(63834995645123, 4567, DateTimeKind.Unspecified); // '2023-10-15T19:34:05.1234567'
 * ```
 */
export function formatDateTime(ms: number, subMs: number, kind: DateTimeKind): string {
  const unixMs = ms - UNIX_EPOCH_MS_FROM_YEAR_1;
  // toISOString() renders years 0001–9999 with four digits; the seconds part ignores the milliseconds.
  let text = new Date(unixMs).toISOString().slice(0, 19);
  const fraction = (ms % 1000) * 10000 + subMs;
  if (fraction !== 0) text += `.${pad7(fraction).replace(/0+$/, '')}`;
  if (kind === DateTimeKind.Utc) return `${text}Z`;
  if (kind === DateTimeKind.Local) return `${text}+00:00`;
  return text;
}

const TICKS_PER_SECOND = 10_000_000n;

/**
 * A `TimeSpan` (signed 64-bit ticks as 32-bit halves) as `XmlConvert.ToString(TimeSpan)`, an `xs:duration`: days,
 * hours, minutes and seconds with up to 7 fractional digits (`P1DT2H3M4.5S`, `-PT0.0000001S`, `PT0S`). Days are not
 * folded into months or years.
 *
 * @example
 * ```ts
 * formatTimeSpan(0, 0);                  // 'PT0S'
 * formatTimeSpan(0xedf29000, 0xd9); // 'P1DT2H' (936,000,000,000 ticks)
 * ```
 */
export function formatTimeSpan(lo: number, hi: number): string {
  const ticks = BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
  const negative = ticks < 0n;
  const magnitude = negative ? -ticks : ticks; // BigInt: -MinValue does not overflow
  const fractionTicks = Number(magnitude % TICKS_PER_SECOND);
  const totalSeconds = magnitude / TICKS_PER_SECOND;
  const seconds = Number(totalSeconds % 60n);
  const minutes = Number((totalSeconds / 60n) % 60n);
  const hours = Number((totalSeconds / 3600n) % 24n);
  const days = totalSeconds / 86400n;
  let text = negative ? '-P' : 'P';
  if (days !== 0n) text += `${days}D`;
  if (hours !== 0 || minutes !== 0 || seconds !== 0 || fractionTicks !== 0) {
    text += 'T';
    if (hours !== 0) text += `${hours}H`;
    if (minutes !== 0) text += `${minutes}M`;
    if (seconds !== 0 || fractionTicks !== 0) {
      text += String(seconds);
      if (fractionTicks !== 0) text += `.${pad7(fractionTicks).replace(/0+$/, '')}`;
      text += 'S';
    }
  }
  return text.endsWith('P') ? `${text}T0S` : text;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A GUID from its 16 bytes in .NET `Guid.ToByteArray()` order (the first three groups little-endian), as
 * `Guid.ToString()` renders it: lower-case, dashed.
 *
 * @example
 * ```ts
 * formatGuid(Uint8Array.from([0x33,0x22,0x11,0x00, 0x55,0x44, 0x77,0x66, 0x88,0x99, 0xaa,0xbb,0xcc,0xdd,0xee,0xff]), 0);
 * // '00112233-4455-6677-8899-aabbccddeeff'
 * ```
 */
export function formatGuid(bytes: Uint8Array, offset: number): string {
  const h = (i: number): string => HEX[bytes[offset + i]!]!;
  return (
    `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-` +
    `${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`
  );
}

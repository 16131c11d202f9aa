/**
 * Numbers rendered as text exactly as .NET's `XmlConverter` / `XmlConvert` renders them, so that a binary value and
 * the same value in text XML read the same.
 */

/**
 * Lays out significant digits the way .NET's general ("G"/"R") format does (`Number.Formatting.cs`,
 * `FormatGeneral`): plain notation unless the decimal point falls more than `maxDigits` places right of the first
 * digit or more than 3 places left of it; otherwise `d.dddE+XX` with a signed exponent of at least two digits.
 */
function formatGeneral(negative: boolean, digits: string, scale: number, maxDigits: number): string {
  let out = negative ? '-' : '';
  if (scale > maxDigits || scale < -3) {
    out += digits[0]!;
    if (digits.length > 1) out += `.${digits.slice(1)}`;
    const exponent = scale - 1;
    const magnitude = Math.abs(exponent);
    return `${out}E${exponent < 0 ? '-' : '+'}${magnitude < 10 ? '0' : ''}${magnitude}`;
  }
  if (scale <= 0) return `${out}0.${'0'.repeat(-scale)}${digits}`;
  if (scale >= digits.length) return out + digits + '0'.repeat(scale - digits.length);
  return `${out}${digits.slice(0, scale)}.${digits.slice(scale)}`;
}

/** Significant digits (no trailing zeros) and decimal scale of `magnitude` rounded to `precision` digits. */
function roundedDigits(magnitude: number, precision: number): { digits: string; scale: number } {
  // toExponential(p − 1) rounds the exact binary value correctly to p significant digits.
  const text = magnitude.toExponential(precision - 1);
  const e = text.indexOf('e');
  const digits = text.slice(0, e).replace('.', '').replace(/0+$/, '');
  return { digits: digits === '' ? '0' : digits, scale: Number(text.slice(e + 1)) + 1 };
}

/**
 * .NET Framework's `ToString("R")` (the runtime Dataverse serializes with, and Mono's): the value rounded to
 * `short` significant digits (15 for double, 7 for float) when that reads back as the same value, else to `long`
 * digits (17, 9); then the general format with that many digits as the limit for plain notation.
 * (.NET Core 3.0+ prints the shortest round-trip digits instead, with 17/9 as the limit: `1E+15` there is
 * `1000000000000000`.)
 */
function formatRoundTrip(value: number, short: number, long: number, same: (text: string) => boolean): string {
  const magnitude = Math.abs(value);
  let { digits, scale } = roundedDigits(magnitude, short);
  let maxDigits = short;
  if (!same(`${digits[0]!}.${digits.slice(1)}e${scale - 1}`)) {
    ({ digits, scale } = roundedDigits(magnitude, long));
    maxDigits = long;
  }
  return formatGeneral(value < 0, digits, scale, maxDigits);
}

/**
 * A double as `XmlConvert.ToString(double)`: `INF`, `-INF`, `NaN`, `-0`, otherwise `ToString("R")` as .NET
 * Framework renders it (15 significant digits when they round-trip, else 17; `1E+15` style beyond that).
 *
 * @example
 * ```ts
 * formatDouble(0.1);       // '0.1'
 * formatDouble(Math.PI);   // '3.1415926535897931'
 * formatDouble(1e-5);      // '1E-05'
 * formatDouble(1e15);      // '1E+15'
 * formatDouble(-Infinity); // '-INF'
 * ```
 */
export function formatDouble(value: number): string {
  if (value !== value) return 'NaN';
  if (value === Infinity) return 'INF';
  if (value === -Infinity) return '-INF';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const magnitude = Math.abs(value);
  return formatRoundTrip(value, 15, 17, (text) => Number(text) === magnitude);
}

/**
 * A float (single precision, given as its exact double value) as `XmlConvert.ToString(float)`: 7 significant digits
 * when they read back as the same float, else 9 (.NET Framework `ToString("R")`).
 *
 * @example
 * ```ts
 * formatFloat(Math.fround(47.5)); // '47.5'
 * formatFloat(Math.fround(0.1));  // '0.1'
 * formatFloat(1e7);               // '1E+07'
 * formatFloat(3.4028234663852886e38); // '3.40282347E+38'
 * ```
 */
export function formatFloat(value: number): string {
  if (value !== value) return 'NaN';
  if (value === Infinity) return 'INF';
  if (value === -Infinity) return '-INF';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const magnitude = Math.abs(value);
  return formatRoundTrip(value, 7, 9, (text) => Math.fround(Number(text)) === magnitude);
}

const TWO_32 = 4294967296;

/**
 * A two's-complement 64-bit integer given as its 32-bit halves, in decimal.
 *
 * @example
 * ```ts
 * formatInt64(0xffffffff, -1); // '-1'
 * formatInt64(0, 0x80000000 | 0); // '-9223372036854775808'
 * ```
 */
export function formatInt64(lo: number, hi: number): string {
  const value = hi * TWO_32 + lo;
  if (Number.isSafeInteger(value)) return String(value);
  return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString();
}

/**
 * An unsigned 64-bit integer given as its 32-bit halves, in decimal.
 *
 * @example
 * ```ts
 * formatUInt64(0xffffffff, 0xffffffff); // '18446744073709551615'
 * ```
 */
export function formatUInt64(lo: number, hi: number): string {
  const value = (hi >>> 0) * TWO_32 + (lo >>> 0);
  if (Number.isSafeInteger(value)) return String(value);
  return ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString();
}

/**
 * A .NET `decimal` (96-bit magnitude, scale 0–28, sign) as `decimal.ToString(InvariantCulture)`: every digit of the
 * scale is kept (`100.50`, `0.00`), there is never an exponent, and zero has no sign.
 *
 * @example
 * ```ts
 * formatDecimal(10050, 0, 0, 2, false); // '100.50'
 * formatDecimal(1, 0, 0, 10, true);     // '-0.0000000001'
 * ```
 */
export function formatDecimal(lo: number, mid: number, hi: number, scale: number, negative: boolean): string {
  const small = hi === 0 && mid >>> 0 < 0x200000;
  let digits = small
    ? String((mid >>> 0) * TWO_32 + (lo >>> 0))
    : ((BigInt(hi >>> 0) << 64n) | (BigInt(mid >>> 0) << 32n) | BigInt(lo >>> 0)).toString();
  const isZero = digits === '0';
  if (scale > 0) {
    if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  }
  return negative && !isZero ? `-${digits}` : digits;
}

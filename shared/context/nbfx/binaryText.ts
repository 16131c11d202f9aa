/**
 * The typed text values of .NET Binary XML: what an `Int32Text`, `DecimalText`, `DateTimeText`... record holds,
 * kept as the value itself and rendered to text only when asked.
 */
import type { TypedText } from '../xml/node';
import { formatDecimal, formatDouble, formatFloat, formatInt64, formatUInt64 } from './formatNumber';
import { DateTimeKind, UNIX_EPOCH_MS_FROM_YEAR_1, formatDateTime, formatGuid, formatTimeSpan } from './formatTime';

/** What a {@link BinaryText} holds. */
export const BinaryTextKind = {
  /** `TrueText`/`FalseText`/`BoolText`. */
  Boolean: 1,
  /** `ZeroText`, `OneText`, `Int8Text`, `Int16Text`, `Int32Text`. */
  Int32: 2,
  Int64: 3,
  UInt64: 4,
  Float: 5,
  Double: 6,
  Decimal: 7,
  DateTime: 8,
  TimeSpan: 9,
  Uuid: 10,
  UniqueId: 11,
  Bytes: 12,
} as const;
/** One of the {@link BinaryTextKind} values. */
export type BinaryTextKind = (typeof BinaryTextKind)[keyof typeof BinaryTextKind];

const EMPTY = new Uint8Array(0);

/**
 * One typed binary text value. The fields' meaning depends on `kind` (one class, so property access stays
 * monomorphic on the hot path):
 * - Boolean, Int32, Float, Double: `a` is the value (booleans as 0/1);
 * - Int64, UInt64, TimeSpan: `a`/`b` are the low/high 32 bits;
 * - Decimal: `a`/`b`/`c` are the low/middle/high 32 bits of the magnitude, `d` holds the scale (low byte) and the
 *   sign (`0x100` when negative);
 * - DateTime: `a` is whole milliseconds since 0001-01-01, `b` the remaining ticks, `c` the `DateTimeKind`;
 * - Uuid, UniqueId, Bytes: `a`/`b` are the offset/length in `src`, the body the value was read from (not copied).
 *
 * @example
 * ```ts
 * const price = BinaryText.decimal(10050, 0, 0, 2, false);
 * price.asString(); // '100.50'
 * price.asNumber(); // 100.5
 * ```
 */
export class BinaryText implements TypedText {
  private rendered: string | undefined;

  private constructor(
    /** What the value is. */
    public readonly kind: BinaryTextKind,
    private readonly a: number,
    private readonly b: number,
    private readonly c: number,
    private readonly d: number,
    private readonly src: Uint8Array,
    rendered?: string,
  ) {
    this.rendered = rendered;
  }

  /** `TrueText`/`FalseText`/`BoolText`: shared instances. */
  public static readonly TRUE = new BinaryText(BinaryTextKind.Boolean, 1, 0, 0, 0, EMPTY, 'true');
  public static readonly FALSE = new BinaryText(BinaryTextKind.Boolean, 0, 0, 0, 0, EMPTY, 'false');

  private static readonly SMALL_INTS = Array.from({ length: 256 }, (_, i) => new BinaryText(BinaryTextKind.Int32, i - 128, 0, 0, 0, EMPTY, String(i - 128)));

  /** An Int8/16/32 value (Zero and One included); values from −128 to 127 are shared instances. */
  public static int32(value: number): BinaryText {
    if (value >= -128 && value <= 127) return BinaryText.SMALL_INTS[value + 128]!;
    return new BinaryText(BinaryTextKind.Int32, value, 0, 0, 0, EMPTY);
  }

  /** A signed (`Int64Text`, `TimeSpanText`) or unsigned (`UInt64Text`) 64-bit value as its 32-bit halves. */
  public static int64(kind: typeof BinaryTextKind.Int64 | typeof BinaryTextKind.UInt64 | typeof BinaryTextKind.TimeSpan, lo: number, hi: number): BinaryText {
    return new BinaryText(kind, lo, hi, 0, 0, EMPTY);
  }

  /** A `FloatText` (its exact value) or `DoubleText` value. */
  public static floating(kind: typeof BinaryTextKind.Float | typeof BinaryTextKind.Double, value: number): BinaryText {
    return new BinaryText(kind, value, 0, 0, 0, EMPTY);
  }

  /** A `DecimalText` value: the 96-bit magnitude as 32-bit words, the scale (0–28) and the sign. */
  public static decimal(lo: number, mid: number, hi: number, scale: number, negative: boolean): BinaryText {
    return new BinaryText(BinaryTextKind.Decimal, lo, mid, hi, scale | (negative ? 0x100 : 0), EMPTY);
  }

  /** A `DateTimeText` value: milliseconds since 0001-01-01, the remaining ticks, the kind. */
  public static dateTime(ms: number, subMs: number, kind: DateTimeKind): BinaryText {
    return new BinaryText(BinaryTextKind.DateTime, ms, subMs, kind, 0, EMPTY);
  }

  /** A `UuidText`, `UniqueIdText` or `BytesNText` value: a view on `length` bytes of `src` at `offset`. */
  public static bytes(kind: typeof BinaryTextKind.Uuid | typeof BinaryTextKind.UniqueId | typeof BinaryTextKind.Bytes, src: Uint8Array, offset: number, length: number): BinaryText {
    return new BinaryText(kind, offset, length, 0, 0, src);
  }

  /** The value as .NET's `XmlDictionaryReader` renders it as text. */
  public asString(): string {
    if (this.rendered === undefined) this.rendered = this.render();
    return this.rendered;
  }

  /** The value as a number for numeric records (for 64-bit integers and decimals: the nearest double). */
  public asNumber(): number | undefined {
    switch (this.kind) {
      case BinaryTextKind.Int32:
      case BinaryTextKind.Float:
      case BinaryTextKind.Double:
        return this.a;
      case BinaryTextKind.Int64:
        return this.b * 4294967296 + (this.a >>> 0);
      case BinaryTextKind.UInt64:
        return (this.b >>> 0) * 4294967296 + (this.a >>> 0);
      case BinaryTextKind.Decimal:
        return Number(this.asString());
      default:
        return undefined;
    }
  }

  /** The value as a boolean for `TrueText`/`FalseText`/`BoolText`. */
  public asBoolean(): boolean | undefined {
    return this.kind === BinaryTextKind.Boolean ? this.a === 1 : undefined;
  }

  /** The instant of a `DateTimeText` in the model's form (UTC, milliseconds, sub-millisecond ticks dropped). */
  public asIsoDate(): string | undefined {
    if (this.kind !== BinaryTextKind.DateTime) return undefined;
    return new Date(this.a - UNIX_EPOCH_MS_FROM_YEAR_1).toISOString();
  }

  /** The bytes of a `BytesNText`, `UuidText` or `UniqueIdText` value (a view, not a copy). */
  public asBytes(): Uint8Array | undefined {
    if (this.kind !== BinaryTextKind.Bytes && this.kind !== BinaryTextKind.Uuid && this.kind !== BinaryTextKind.UniqueId) return undefined;
    return this.src.subarray(this.a, this.a + this.b);
  }

  /** Same as {@link asString}, so that string concatenation and `String(text)` render the value. */
  public toString(): string {
    return this.asString();
  }

  /** Renders as its text in `JSON.stringify`. */
  public toJSON(): string {
    return this.asString();
  }

  private render(): string {
    switch (this.kind) {
      case BinaryTextKind.Boolean:
        return this.a === 1 ? 'true' : 'false';
      case BinaryTextKind.Int32:
        return String(this.a);
      case BinaryTextKind.Int64:
        return formatInt64(this.a, this.b);
      case BinaryTextKind.UInt64:
        return formatUInt64(this.a, this.b);
      case BinaryTextKind.Float:
        return formatFloat(this.a);
      case BinaryTextKind.Double:
        return formatDouble(this.a);
      case BinaryTextKind.Decimal:
        return formatDecimal(this.a, this.b, this.c, this.d & 0xff, (this.d & 0x100) !== 0);
      case BinaryTextKind.DateTime:
        return formatDateTime(this.a, this.b, this.c as DateTimeKind);
      case BinaryTextKind.TimeSpan:
        return formatTimeSpan(this.a, this.b);
      case BinaryTextKind.Uuid:
        return formatGuid(this.src, this.a);
      case BinaryTextKind.UniqueId:
        return `urn:uuid:${formatGuid(this.src, this.a)}`;
      case BinaryTextKind.Bytes:
        return Buffer.from(this.src.buffer, this.src.byteOffset + this.a, this.b).toString('base64');
    }
  }
}

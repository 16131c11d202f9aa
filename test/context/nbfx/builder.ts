/**
 * A tiny test-only writer of .NET Binary XML records, so that tests can build exact byte sequences by name.
 * It writes what it is told (including malformed input); it knows nothing about DataContract rules.
 */
const utf8 = new TextEncoder();

/** MultiByteInt31 bytes of `value` (any non-negative integer up to 2^35; larger values are the caller's test). */
export function mb31(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** A length-prefixed UTF-8 string (MultiByteInt31 length). */
export function str(text: string): number[] {
  const bytes = [...utf8.encode(text)];
  return [...mb31(bytes.length), ...bytes];
}

function le(size: number, write: (view: DataView) => void): number[] {
  const view = new DataView(new ArrayBuffer(size));
  write(view);
  return [...new Uint8Array(view.buffer)];
}

export const u16 = (v: number): number[] => le(2, (d) => d.setUint16(0, v, true));
export const i32 = (v: number): number[] => le(4, (d) => d.setInt32(0, v, true));
export const i64 = (v: bigint): number[] => le(8, (d) => d.setBigInt64(0, v, true));
export const u64 = (v: bigint): number[] => le(8, (d) => d.setBigUint64(0, v, true));
export const f32 = (v: number): number[] => le(4, (d) => d.setFloat32(0, v, true));
export const f64 = (v: number): number[] => le(8, (d) => d.setFloat64(0, v, true));

/** DecimalText payload: 96-bit magnitude, scale, sign. */
export function decimal(magnitude: bigint, scale: number, negative = false): number[] {
  const lo = Number(magnitude & 0xffffffffn);
  const mid = Number((magnitude >> 32n) & 0xffffffffn);
  const hi = Number((magnitude >> 64n) & 0xffffffffn);
  return [0, 0, scale, negative ? 0x80 : 0, ...le(4, (d) => d.setUint32(0, hi, true)), ...le(4, (d) => d.setUint32(0, lo, true)), ...le(4, (d) => d.setUint32(0, mid, true))];
}

/** DateTimeText payload: ticks since 0001-01-01 and kind (0 Unspecified, 1 UTC, 2 Local). */
export function dateTime(ticks: bigint, kind: 0 | 1 | 2 | 3): number[] {
  return u64(ticks | (BigInt(kind) << 62n));
}

/** Ticks of a UTC ISO date (milliseconds precision) plus extra ticks. */
export function ticksOf(iso: string, extraTicks = 0n): bigint {
  return (BigInt(Date.parse(iso)) + 62135596800000n) * 10000n + extraTicks;
}

/** The 16 bytes of a GUID in .NET `Guid.ToByteArray()` order. */
export function guidBytes(guid: string): number[] {
  const hex = guid.replace(/-/g, '');
  const b = Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  return [b[3]!, b[2]!, b[1]!, b[0]!, b[5]!, b[4]!, b[7]!, b[6]!, ...b.slice(8)];
}

const letter = (prefix: string): number => {
  const i = prefix.charCodeAt(0) - 0x61;
  if (prefix.length !== 1 || i < 0 || i > 25) throw new Error(`not a single-letter prefix: ${prefix}`);
  return i;
};

/** Fluent builder of a record sequence. */
export class NbfxBuilder {
  private readonly out: number[] = [];

  /** Raw bytes. */
  public raw(...bytes: (number | number[])[]): this {
    for (const b of bytes) {
      if (Array.isArray(b)) this.out.push(...b);
      else this.out.push(b);
    }
    return this;
  }

  /** `ShortElement` (0x40), `Element` (0x41) or `PrefixElementA–Z` (0x5E+) depending on the prefix. */
  public element(name: string, prefix = ''): this {
    if (prefix === '') return this.raw(0x40, str(name));
    if (prefix.length === 1 && prefix >= 'a' && prefix <= 'z') return this.raw(0x5e + letter(prefix), str(name));
    return this.raw(0x41, str(prefix), str(name));
  }

  /** `Element` (0x41) with an explicit prefix string. */
  public longElement(prefix: string, name: string): this {
    return this.raw(0x41, str(prefix), str(name));
  }

  /** `ShortXmlnsAttribute` (0x08) or `XmlnsAttribute` (0x09). */
  public xmlns(uri: string, prefix = ''): this {
    return prefix === '' ? this.raw(0x08, str(uri)) : this.raw(0x09, str(prefix), str(uri));
  }

  /** `ShortAttribute` (0x04), `PrefixAttributeA–Z` (0x26+) or `Attribute` (0x05); follow with a text record. */
  public attribute(name: string, prefix = ''): this {
    if (prefix === '') return this.raw(0x04, str(name));
    if (prefix.length === 1 && prefix >= 'a' && prefix <= 'z') return this.raw(0x26 + letter(prefix), str(name));
    return this.raw(0x05, str(prefix), str(name));
  }

  /** `Attribute` (0x05) with an explicit prefix string. */
  public longAttribute(prefix: string, name: string): this {
    return this.raw(0x05, str(prefix), str(name));
  }

  /** `EndElement`. */
  public end(): this {
    return this.raw(0x01);
  }

  /** A Chars8/16/32 text record, chosen by byte length unless `code` is given. */
  public chars(text: string, withEnd = false, code?: number): this {
    const bytes = [...utf8.encode(text)];
    const base = code ?? (bytes.length <= 0xff ? 0x98 : bytes.length <= 0xffff ? 0x9a : 0x9c);
    const length = base === 0x98 ? [bytes.length] : base === 0x9a ? u16(bytes.length) : i32(bytes.length);
    return this.raw(base + (withEnd ? 1 : 0), length, bytes);
  }

  /** A UnicodeChars8/16/32 text record (UTF-16LE). */
  public unicode(text: string, withEnd = false, code = 0xb6): this {
    const bytes: number[] = [];
    for (let i = 0; i < text.length; i++) bytes.push(text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8);
    const length = code === 0xb6 ? [bytes.length] : code === 0xb8 ? u16(bytes.length) : i32(bytes.length);
    return this.raw(code + (withEnd ? 1 : 0), length, bytes);
  }

  /** A Bytes8/16/32 text record. */
  public bytesText(bytes: number[], withEnd = false, code = 0x9e): this {
    const length = code === 0x9e ? [bytes.length] : code === 0xa0 ? u16(bytes.length) : i32(bytes.length);
    return this.raw(code + (withEnd ? 1 : 0), length, bytes);
  }

  /** Any text record: its code (plain form), the payload, and whether it ends the element. */
  public text(code: number, payload: number[] = [], withEnd = false): this {
    return this.raw(code + (withEnd ? 1 : 0), payload);
  }

  /** `<name>text</name>` as `element` + Chars...WithEndElement. */
  public leaf(name: string, text: string, prefix = ''): this {
    return this.element(name, prefix).chars(text, true);
  }

  /** A comment record. */
  public comment(text: string): this {
    return this.raw(0x02, str(text));
  }

  /** The bytes. */
  public build(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** A new builder. */
export const nbfx = (): NbfxBuilder => new NbfxBuilder();

export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const XRM = 'http://schemas.microsoft.com/xrm/2011/Contracts';

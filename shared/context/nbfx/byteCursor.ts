/**
 * A bounds-checked read position in a .NET Binary XML body: little-endian fixed-size numbers, MultiByteInt31 and
 * length-prefixed values. Every read checks the remaining bytes first, so a hostile length never allocates.
 */
import { invalidBinary, truncated } from './nbfxErrors';

/**
 * Reads primitives from `bytes`, advancing `pos`.
 *
 * @example
 * ```ts
 * const cursor = new ByteCursor(Uint8Array.from([0x96, 0x01]));
 * cursor.mb31('a length'); // 150
 * ```
 */
export class ByteCursor {
  /** The body. */
  public bytes: Uint8Array;
  /** The same bytes, for multi-byte reads. */
  public view: DataView;
  /** One past the last byte. */
  public end: number;
  /** The next byte to read. */
  public pos = 0;

  public constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.end = bytes.length;
  }

  /** Starts over on another body (a cursor is reused across bodies to save allocations). */
  public reset(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.end = bytes.length;
    this.pos = 0;
  }

  /** Bytes left. */
  public remaining(): number {
    return this.end - this.pos;
  }

  /** Fails unless `count` more bytes exist (`what` names the value for the message). */
  public need(count: number, what: string): void {
    if (count > this.end - this.pos) throw truncated(what, this.pos);
  }

  public u8(what: string): number {
    if (this.pos >= this.end) throw truncated(what, this.pos);
    return this.bytes[this.pos++]!;
  }

  public u16(what: string): number {
    this.need(2, what);
    const value = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return value;
  }

  /** A 32-bit length that must not be negative (`UInt31` in [MC-NBFX]). */
  public u31(what: string): number {
    this.need(4, what);
    const value = this.view.getInt32(this.pos, true);
    if (value < 0) throw invalidBinary(`negative length ${value} in ${what}`, this.pos);
    this.pos += 4;
    return value;
  }

  /**
   * A MultiByteInt31: 7 bits per byte, least significant first, at most 5 bytes, at most 2^31 − 1.
   */
  public mb31(what: string): number {
    const start = this.pos;
    let value = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (this.pos >= this.end) throw truncated(what, start);
      const b = this.bytes[this.pos++]!;
      value |= (b & 0x7f) << shift;
      if (b < 0x80) return value;
    }
    if (this.pos >= this.end) throw truncated(what, start);
    const last = this.bytes[this.pos++]!;
    // The fifth byte carries bits 28–30 only: anything more is a sixth byte or a value above 2^31 − 1.
    if (last & 0xf8) throw invalidBinary(`MultiByteInt31 in ${what} is longer than 5 bytes or larger than 2^31 - 1`, start);
    return value + last * 0x10000000;
  }
}

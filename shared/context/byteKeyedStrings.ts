/**
 * A bounded, process-wide table of short strings found by their bytes: collection keys (attribute logical names,
 * parameter names), element names and other short ASCII texts recur in every message, and finding one here costs a
 * hash and a few word compares instead of a new string. Strings are kept internalized (the form V8 uses for property
 * keys), so the object store that usually follows needs no string-table lookup.
 *
 * Two ways per set: two strings whose hashes meet both stay. The caller decides what may be stored (the text
 * readers keep only strings that read as their bytes); a match is byte for byte.
 */

/**
 * Strings by their bytes.
 *
 * @example
 * ```ts
 * const names = new ByteKeyedStrings(1024, 64);
 * const bytes = Buffer.from('accountid');
 * const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
 * names.find(bytes, view, 0, 9); // undefined (not seen yet)
 * names.add(bytes, view, 0, 9, 'accountid');
 * names.find(bytes, view, 0, 9); // 'accountid', the same (internalized) string every time
 * ```
 */
export class ByteKeyedStrings {
  /** Longer strings are never kept. */
  public readonly maxLength: number;
  /** 16 − log2(sets): the hash's top log2(sets) bits choose the set (two shifts, so that one set works too). */
  private readonly shift: number;
  private readonly texts: string[];
  private readonly lengths: Int32Array;
  /** The bytes of each kept string, slot i at i·maxLength. */
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  /** Per set, the way the next new string takes. */
  private readonly victims: Uint8Array;

  /** @param sets - a power of two (1 to 65536); the table holds 2 × sets strings of at most `maxLength` bytes. */
  public constructor(sets: number, maxLength: number) {
    const bits = Math.log2(sets);
    if (!Number.isInteger(bits) || bits > 16) throw new RangeError(`sets must be a power of two up to 65536, got ${sets}`);
    this.maxLength = maxLength;
    this.shift = 16 - bits;
    this.texts = new Array<string>(sets * 2).fill('');
    this.lengths = new Int32Array(sets * 2).fill(-1);
    this.bytes = new Uint8Array(sets * 2 * maxLength);
    this.view = new DataView(this.bytes.buffer);
    this.victims = new Uint8Array(sets);
  }

  /**
   * The string kept for bytes `[start, end)` (`view`: a DataView on the same bytes), or `undefined`. Any length is
   * accepted (a length the table never keeps simply is not found).
   */
  public find(bytes: Uint8Array, view: DataView, start: number, end: number): string | undefined {
    const length = end - start;
    if (length > this.maxLength || length <= 0) return undefined;
    const first = this.firstSlot(bytes, view, start, length);
    if (this.holds(bytes, view, start, length, first)) return this.texts[first];
    if (this.holds(bytes, view, start, length, first + 1)) return this.texts[first + 1];
    return undefined;
  }

  /**
   * Keeps `text` for bytes `[start, end)` (ignored when longer than maxLength); returns the kept (internalized)
   * string. The caller guarantees that `text` is what those bytes mean.
   */
  public add(bytes: Uint8Array, view: DataView, start: number, end: number, text: string): string {
    const length = end - start;
    if (length > this.maxLength || length <= 0) return text;
    const first = this.firstSlot(bytes, view, start, length);
    // A new string takes the set's other way than the last one taken.
    const set = first >> 1;
    const slot = first + this.victims[set]!;
    this.victims[set] = 1 - this.victims[set]!;
    const kept = internalized(text);
    this.texts[slot] = kept;
    this.lengths[slot] = length;
    const base = slot * this.maxLength;
    for (let i = 0; i < length; i++) this.bytes[base + i] = bytes[start + i]!;
    return kept;
  }

  /** The first slot of the set of these bytes: a mix of their first, middle and last four bytes (all when fewer). */
  private firstSlot(bytes: Uint8Array, view: DataView, start: number, length: number): number {
    let sample: number;
    if (length < 4) sample = bytes[start]! | (bytes[start + length - 1]! << 8) | (bytes[start + (length >> 1)]! << 16);
    else {
      const a = view.getUint32(start, true);
      const b = view.getUint32(start + length - 4, true);
      const c = view.getUint32(start + ((length - 4) >> 1), true);
      sample = a ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35);
    }
    return (Math.imul(sample ^ Math.imul(length, 0x27d4eb2d), 0x9e3779b1) >>> 16 >>> this.shift) << 1;
  }

  /** Whether `slot` holds the `length` bytes at `start`, compared four bytes at a time. */
  private holds(bytes: Uint8Array, view: DataView, start: number, length: number, slot: number): boolean {
    if (this.lengths[slot] !== length) return false;
    const kept = this.view;
    const base = slot * this.maxLength;
    let i = 0;
    while (i + 4 <= length && view.getUint32(start + i, true) === kept.getUint32(base + i, true)) i += 4;
    if (i + 4 <= length) return false;
    const keptBytes = this.bytes;
    while (i < length && bytes[start + i] === keptBytes[base + i]) i++;
    return i === length;
  }
}

/** The internalized form of a string (what V8 uses as a property key), through a property of a scratch object. */
function internalized(text: string): string {
  const scratch: Record<string, number> = {};
  scratch[text] = 0;
  return Object.keys(scratch)[0] ?? text;
}

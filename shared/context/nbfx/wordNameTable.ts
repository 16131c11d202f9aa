/**
 * The known names and namespace URIs (`xml/names.ts`, same ids) looked up from the bytes of a binary body, compared a
 * word (four bytes) at a time against word-aligned copies: the lookup the binary reader makes for every element name,
 * `i:type` and xmlns URI, so its per-call cost matters more than anything else in it.
 */
import { NAME_STRINGS, URI_STRINGS } from '../xml/names';

/**
 * An open-addressing table from ASCII strings to their index in the list it was built from, hashed on the length and
 * the first word (read anyway for the comparison).
 *
 * @example
 * ```ts
 * const table = new WordNameTable(['', 'key', 'value'], 16);
 * const bytes = new TextEncoder().encode('value');
 * table.fromBytes(bytes, new DataView(bytes.buffer), 0, 5); // 2
 * ```
 */
export class WordNameTable {
  private readonly shift: number;
  private readonly mask: number;
  /** Slot → id + 1 (0 = empty). */
  private readonly slots: Int32Array;
  private readonly lengths: Int32Array;
  /** The first four bytes of each string (fewer for shorter strings, the rest 0), as one word. */
  private readonly firstWord: Int32Array;
  /** Where each string's words start in {@link words} (each string starts on a word). */
  private readonly wordAt: Int32Array;
  private readonly words: Int32Array;
  /** The last four bytes of each string of four bytes or more, as one word (compared overlapping the others). */
  private readonly lastWord: Int32Array;

  /** @param size - slots, a power of two well above `strings.length`. */
  public constructor(strings: readonly string[], size: number) {
    this.shift = 32 - Math.log2(size);
    this.mask = size - 1;
    this.slots = new Int32Array(size);
    this.lengths = new Int32Array(strings.length);
    this.firstWord = new Int32Array(strings.length);
    this.wordAt = new Int32Array(strings.length);
    this.lastWord = new Int32Array(strings.length);
    let total = 0;
    strings.forEach((s, i) => {
      this.wordAt[i] = total;
      total += (s.length + 3) >> 2;
    });
    this.words = new Int32Array(total + 1);
    const bytes = new Uint8Array(this.words.buffer);
    const view = new DataView(this.words.buffer);
    strings.forEach((s, i) => {
      const at = this.wordAt[i]! * 4;
      this.lengths[i] = s.length;
      for (let k = 0; k < s.length; k++) bytes[at + k] = s.charCodeAt(k);
      this.firstWord[i] = view.getInt32(at, true);
      if (s.length >= 4) this.lastWord[i] = view.getInt32(at + s.length - 4, true);
      if (s.length === 0) return;
      let slot = this.slotOf(this.firstWord[i]!, s.length);
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = i + 1;
    });
  }

  private slotOf(first: number, length: number): number {
    return Math.imul(first ^ length, 0x9e3779b1) >>> this.shift;
  }

  /**
   * The id of the bytes `[start, end)` of `src` (`srcView` is a DataView on the same bytes), or 0 (also the id of
   * `''`) when they are not in the table.
   */
  public fromBytes(src: Uint8Array, srcView: DataView, start: number, end: number): number {
    const length = end - start;
    if (length === 0) return 0;
    // Shorter than a word: its bytes, the rest 0 (no read past the name, which may end the body).
    const first = length >= 4 ? srcView.getInt32(start, true) : src[start]! | (length > 1 ? src[start + 1]! << 8 : 0) | (length > 2 ? src[start + 2]! << 16 : 0);
    const { slots, lengths, firstWord, mask } = this;
    let slot = this.slotOf(first, length);
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) return 0;
      const id = entry - 1;
      if (lengths[id] === length && firstWord[id] === first && (length <= 4 || this.restEquals(srcView, start, end, id))) return id;
      slot = (slot + 1) & mask;
    }
  }

  /** Whether bytes 4.. of `[start, end)` are those of string `id` (of the same length, five bytes or more). */
  private restEquals(srcView: DataView, start: number, end: number, id: number): boolean {
    // Whole words after the first, then the last four bytes (overlapping the last whole word): no byte loop.
    const words = this.words;
    let w = this.wordAt[id]! + 1;
    const stop = end - 4;
    let k = start + 4;
    while (k < stop && srcView.getInt32(k, true) === words[w]) {
      k += 4;
      w++;
    }
    return k >= stop && srcView.getInt32(stop, true) === this.lastWord[id];
  }
}

/** The element and type names of `xml/names.ts` (ids are its `N` ids). */
export const NAME_WORDS = new WordNameTable(NAME_STRINGS, 512);
/** The namespace URIs of `xml/names.ts` (ids are its `NS` ids). */
export const URI_WORDS = new WordNameTable(URI_STRINGS, 64);

/**
 * The element names of one document, by their bytes: a start tag's name is mostly one the document used before
 * (`KeyValuePairOfstringanyType`, `a:value`), and comparing it with that earlier occurrence four bytes at a time is
 * cheaper than scanning it byte by byte and looking it up in the name table. Entries point into the current body and
 * are valid for one document only.
 */
import { sameBytes } from './sameBytes';

/** Sets of {@link WAYS} entries, chosen by a name's first four bytes (names of one family share them: `KeyV…`). */
const SETS = 64;
const WAYS = 4;

/** ASCII bytes that may continue an XML name (letters, digits, `_`, `:`, `.`, `-`); non-ASCII bytes count as may. */
export const NAME_CONTINUES = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a;
  NAME_CONTINUES[c] = letter || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e ? 1 : 0;
}
// A non-ASCII byte may continue a name too: the general scan must judge it.
for (let c = 128; c < 256; c++) NAME_CONTINUES[c] = 1;

/**
 * Qualified element names seen in the current document.
 *
 * @example
 * ```ts
 * const memo = new ElementNameMemo();
 * memo.reset(); // a new document
 * const length = memo.find(bytes, view, at); // -1 the first time
 * memo.remember(bytes, view, at, 5, 1, N.key); // 'a:key' read the general way: colon at 1, local name id
 * ```
 */
export class ElementNameMemo {
  /** Set by a successful {@link find}: the colon's offset in the name (-1 when none) and the local name's id. */
  public colon = -1;
  public id = 0;
  private generation = 1;
  private readonly generations = new Int32Array(SETS * WAYS);
  private readonly starts = new Int32Array(SETS * WAYS);
  private readonly lengths = new Int32Array(SETS * WAYS);
  private readonly colons = new Int32Array(SETS * WAYS);
  private readonly ids = new Int32Array(SETS * WAYS);
  /** The next way of each set to replace when the set is full. */
  private readonly victims = new Uint8Array(SETS);

  /** Forgets every name (a new document begins). */
  public reset(): void {
    this.generation++;
  }

  /**
   * The length of the name at `start` of `bytes` when it is the whole of an earlier name (the byte after it cannot
   * continue a name), or -1. `view` is a DataView on the same bytes.
   */
  public find(bytes: Uint8Array, view: DataView, start: number): number {
    if (start + 4 > bytes.length) return -1;
    const base = setOf(view.getUint32(start, true)) * WAYS;
    const { generations, lengths, starts } = this;
    for (let s = base; s < base + WAYS; s++) {
      if (generations[s] !== this.generation) return -1;
      const length = lengths[s]!;
      const end = start + length;
      if (end < bytes.length && NAME_CONTINUES[bytes[end]!] === 0 && sameBytes(bytes, view, starts[s]!, start, length)) {
        this.colon = this.colons[s]!;
        this.id = this.ids[s]!;
        return length;
      }
    }
    return -1;
  }

  /** Remembers the name `[start, start + length)` read the general way (`colon`: its colon's offset, or -1). */
  public remember(view: DataView, start: number, length: number, colon: number, id: number): void {
    if (length < 4) return;
    const set = setOf(view.getUint32(start, true));
    const base = set * WAYS;
    let s = base;
    while (s < base + WAYS && this.generations[s] === this.generation) s++;
    if (s === base + WAYS) {
      s = base + this.victims[set]!;
      this.victims[set] = (this.victims[set]! + 1) % WAYS;
    }
    this.generations[s] = this.generation;
    this.starts[s] = start;
    this.lengths[s] = length;
    this.colons[s] = colon;
    this.ids[s] = id;
  }
}

function setOf(firstFour: number): number {
  return Math.imul(firstFour, 0x9e3779b1) >>> 26;
}

/**
 * The one check of a whole body for the control characters XML 1.0 forbids (U+0000–U+001F but tab, line feed and
 * carriage return), run on its UTF-8 bytes: a control character is a single byte below 0x20 in UTF-8, never part of a
 * longer sequence. Four bytes are tested at a time (a word with no byte below 0x20 is passed with one test), which
 * is faster than a RegExp over the text (1.5 µs against 2.8 µs on a 9 KB body; 38 µs against 72 µs on 166 KB).
 */

/** Whether byte `c` is a forbidden control character. */
function isForbiddenControl(c: number): boolean {
  return c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d;
}

/** Non-zero when some byte of `w` is below 0x20 (the classic "has less than" test; exact as a yes/no answer). */
function lowBytes(w: number): number {
  return (w - 0x20202020) & ~w & 0x80808080;
}

/** The first forbidden control character in words `[from, to)` (word k at byte `offset + 4k`), or -1. */
function firstInWords(bytes: Uint8Array, words: Int32Array, offset: number, from: number, to: number): number {
  for (let k = from; k < to; k++) {
    if (lowBytes(words[k]!) !== 0) {
      const at = offset + k * 4;
      for (let j = at; j < at + 4; j++) if (isForbiddenControl(bytes[j]!)) return j;
    }
  }
  return -1;
}

/**
 * The offset of the first forbidden control character in `bytes`, or -1 when there is none.
 *
 * @example
 * ```ts
 * firstForbiddenControl(Buffer.from('<a>\u0001</a>')); // 3
 * firstForbiddenControl(Buffer.from('<a>\t</a>')); // -1
 * ```
 */
export function firstForbiddenControl(bytes: Uint8Array): number {
  const length = bytes.length;
  let i = 0;
  // Up to the first offset Int32Array can start at.
  for (; i < length && ((bytes.byteOffset + i) & 3) !== 0; i++) if (isForbiddenControl(bytes[i]!)) return i;
  if (i === length) return -1;
  const count = (length - i) >> 2;
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + i, count);
  let k = 0;
  // Four words a test; a hit (often a tab or a line break) is looked at word by word.
  for (; k + 4 <= count; k += 4) {
    const a = words[k]!;
    const b = words[k + 1]!;
    const c = words[k + 2]!;
    const d = words[k + 3]!;
    if ((lowBytes(a) | lowBytes(b) | lowBytes(c) | lowBytes(d)) !== 0) {
      const bad = firstInWords(bytes, words, i, k, k + 4);
      if (bad >= 0) return bad;
    }
  }
  const bad = firstInWords(bytes, words, i, k, count);
  if (bad >= 0) return bad;
  for (let j = i + count * 4; j < length; j++) if (isForbiddenControl(bytes[j]!)) return j;
  return -1;
}

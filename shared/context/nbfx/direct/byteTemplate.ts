/**
 * Byte templates: a fixed byte sequence (an element start, an attribute block, a namespace URI) prepared for
 * comparison 4 bytes at a time, which is what makes matching a member name cheaper than decoding it.
 */

/** A byte sequence and the same bytes as little-endian 32-bit words (the tail word padded with 0). */
export interface ByteTemplate {
  /** Length in bytes. */
  readonly length: number;
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
  /** The second byte (the length byte of an element start): a one-byte pre-check before the full compare. */
  readonly second: number;
}

/**
 * Prepares a template.
 *
 * @example
 * ```ts
 * const stage = byteTemplate([0x40, 5, ...Buffer.from('Stage')]);
 * ```
 */
export function byteTemplate(bytes: ArrayLike<number>): ByteTemplate {
  const copy = Uint8Array.from(bytes);
  const padded = new Uint8Array((copy.length + 3) & ~3);
  padded.set(copy);
  return { length: copy.length, bytes: copy, words: new Int32Array(padded.buffer), second: copy[1] ?? -1 };
}

/**
 * Whether `bytes` (seen through `view`) hold template `t` at `at`. The caller checks `at + t.length <= end`.
 *
 * @example
 * ```ts
 * if (at + stage.length <= end && holdsTemplate(view, bytes, at, stage)) at += stage.length;
 * ```
 */
export function holdsTemplate(view: DataView, bytes: Uint8Array, at: number, t: ByteTemplate): boolean {
  const words = t.words;
  const n = t.length;
  let k = 0;
  let i = 0;
  for (; k + 4 <= n; k += 4, i++) if (view.getInt32(at + k, true) !== words[i]) return false;
  const tb = t.bytes;
  for (; k < n; k++) if (bytes[at + k] !== tb[k]) return false;
  return true;
}

/**
 * Whether `bytes` hold `expected` at `at` (bytes past the end read as `undefined` and never match).
 *
 * @example
 * ```ts
 * sameBytes(body, 10, Buffer.from('key')); // true when body[10..13) is "key"
 * ```
 */
export function sameBytes(bytes: Uint8Array, at: number, expected: Uint8Array): boolean {
  const n = expected.length;
  for (let k = 0; k < n; k++) if (bytes[at + k] !== expected[k]) return false;
  return true;
}

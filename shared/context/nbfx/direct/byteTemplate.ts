/**
 * Byte templates: a fixed byte sequence (an element start, an attribute block, a namespace URI) prepared for
 * comparison 8 bytes at a time, which is what makes matching a member name cheaper than decoding it.
 */

/** A byte sequence, and the same bytes as little-endian 64-bit floats and 32-bit words (tails padded with 0). */
export interface ByteTemplate {
  /** Length in bytes. */
  readonly length: number;
  readonly bytes: Uint8Array;
  /** Whole 8-byte chunks as doubles (see {@link byteTemplate} for why a double compare is exact here). */
  readonly doubles: Float64Array;
  /** How many leading 8-byte chunks are compared as doubles. */
  readonly doubleChunks: number;
  readonly words: Int32Array;
  /** The second byte (the length byte of an element start): a one-byte pre-check before the full compare. */
  readonly second: number;
}

/**
 * Prepares a template.
 *
 * Comparing two 8-byte chunks as doubles is a bit-exact compare unless one is NaN (never equal: a mismatch) or
 * both are zeros (+0 === -0). So a template chunk is compared as a double only when it is neither NaN nor zero;
 * a body chunk that is NaN then simply does not match. Text templates (ASCII) always qualify.
 *
 * @example
 * ```ts
 * const stage = byteTemplate([0x40, 5, ...Buffer.from('Stage')]);
 * ```
 */
export function byteTemplate(bytes: ArrayLike<number>): ByteTemplate {
  const copy = Uint8Array.from(bytes);
  const padded = new Uint8Array((copy.length + 7) & ~7);
  padded.set(copy);
  const doubles = new Float64Array(padded.buffer);
  let doubleChunks = 0;
  while (doubleChunks < copy.length >> 3 && doubles[doubleChunks] !== 0 && !Number.isNaN(doubles[doubleChunks])) doubleChunks++;
  return { length: copy.length, bytes: copy, doubles, doubleChunks, words: new Int32Array(padded.buffer), second: copy[1] ?? -1 };
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
  const doubles = t.doubles;
  const chunks = t.doubleChunks;
  let i = 0;
  for (; i < chunks; i++) if (view.getFloat64(at + 8 * i, true) !== doubles[i]) return false;
  const n = t.length;
  const words = t.words;
  let k = 8 * i;
  for (; k + 4 <= n; k += 4) if (view.getInt32(at + k, true) !== words[k >> 2]) return false;
  const tb = t.bytes;
  for (; k < n; k++) if (bytes[at + k] !== tb[k]) return false;
  return true;
}

/**
 * Whether `bytes` hold `expected` at `at` (bytes past the end read as `undefined` and never match).
 *
 * @example
 * ```ts
 * holdsBytes(body, 10, Buffer.from('key')); // true when body[10..13) is "key"
 * ```
 */
export function holdsBytes(bytes: Uint8Array, at: number, expected: Uint8Array): boolean {
  const n = expected.length;
  for (let k = 0; k < n; k++) if (bytes[at + k] !== expected[k]) return false;
  return true;
}

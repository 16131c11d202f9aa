/**
 * Whether `bytes` hold the same `length` bytes at `a` and at `b`, compared four at a time (`view`: a DataView on the
 * same bytes; both ranges lie within them).
 *
 * @example
 * ```ts
 * const bytes = Buffer.from('<a:key>x</a:key>');
 * sameBytes(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.length), 1, 10, 5); // true
 * ```
 */
export function sameBytes(bytes: Uint8Array, view: DataView, a: number, b: number, length: number): boolean {
  let i = 0;
  for (; i + 4 <= length; i += 4) if (view.getUint32(a + i, true) !== view.getUint32(b + i, true)) return false;
  for (; i < length; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

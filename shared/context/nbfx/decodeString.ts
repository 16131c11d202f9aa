/**
 * UTF-8 and UTF-16LE text from a byte range, strict like .NET's reader (invalid bytes are an error, never U+FFFD),
 * with a fast path for the short ASCII names and values that make up most of a DataContract body.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;
// Buffer's native latin1 slice works on any Uint8Array and is the fastest way to turn ASCII bytes into a string.
const nativeLatin1 = (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice;
const latin1Slice: Latin1Slice =
  typeof nativeLatin1 === 'function'
    ? nativeLatin1
    : function (this: Uint8Array, start: number, end: number): string {
        return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString('latin1', start, end);
      };

/**
 * Decodes UTF-8 bytes `[start, end)`; `undefined` when they are not valid UTF-8.
 *
 * @example
 * ```ts
 * decodeUtf8(new TextEncoder().encode('Zoë'), 0, 4); // 'Zoë'
 * ```
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  for (let i = start; i < end; i++) {
    if (bytes[i]! >= 0x80) {
      try {
        return utf8.decode(bytes.subarray(start, end));
      } catch {
        return undefined;
      }
    }
  }
  return latin1Slice.call(bytes, start, end);
}

/**
 * Decodes UTF-16LE bytes `[start, end)` (an even count); `undefined` when they hold an unpaired surrogate.
 *
 * @example
 * ```ts
 * decodeUtf16le(Uint8Array.from([0x2d, 0x4e, 0x87, 0x65]), 0, 4); // '中文'
 * ```
 */
export function decodeUtf16le(bytes: Uint8Array, start: number, end: number): string | undefined {
  try {
    return utf16le.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

const CACHE_SIZE = 1024;
const MAX_CACHED_LENGTH = 128;
const cachedText: string[] = new Array<string>(CACHE_SIZE).fill('');
const cachedLength = new Int32Array(CACHE_SIZE).fill(-1);
/** The bytes of each cached string, slot i at i·128, compared four bytes at a time. */
const cachedBytes = new Uint8Array(CACHE_SIZE * MAX_CACHED_LENGTH);
const cachedView = new DataView(cachedBytes.buffer);

/**
 * Like {@link decodeUtf8}, for names and other short strings that repeat (`KeyValuePairOfstringanyType`, namespace
 * URIs, `b:string`): a small process-wide table returns the same string for the same ASCII bytes without
 * allocating. The table is bounded (1024 slots of at most 128 bytes) and only holds ASCII strings, matched byte for
 * byte.
 *
 * @param view - a DataView on the same bytes as `bytes`.
 * @example
 * ```ts
 * const bytes = new TextEncoder().encode('value');
 * decodeName(bytes, new DataView(bytes.buffer), 0, 5); // 'value'
 * ```
 */
export function decodeName(bytes: Uint8Array, view: DataView, start: number, end: number): string | undefined {
  const length = end - start;
  if (length === 0) return '';
  if (length > MAX_CACHED_LENGTH) return decodeUtf8(bytes, start, end);
  const slot = (length * 7 + bytes[start]! * 31 + bytes[end - 1]! * 17 + bytes[start + (length >> 1)]! * 13) & (CACHE_SIZE - 1);
  if (cachedLength[slot] === length) {
    const base = slot * MAX_CACHED_LENGTH;
    let i = 0;
    for (; i + 4 <= length; i += 4) if (view.getUint32(start + i, true) !== cachedView.getUint32(base + i, true)) break;
    if (i + 4 > length) {
      while (i < length && bytes[start + i] === cachedBytes[base + i]) i++;
      if (i === length) return cachedText[slot];
    }
  }
  const text = decodeUtf8(bytes, start, end);
  if (text !== undefined && text.length === length) {
    // ASCII only (one byte per character), so that a byte match means the same string.
    cachedText[slot] = text;
    cachedLength[slot] = length;
    const base = slot * MAX_CACHED_LENGTH;
    for (let i = 0; i < length; i++) cachedBytes[base + i] = bytes[start + i]!;
  }
  return text;
}

/**
 * Collection keys (attribute logical names, parameter names) by their bytes: the same keys recur in every message, and
 * a key that comes back as the same internalized string makes the object store that follows cheaper (V8 need not
 * hash and look up a fresh string). Process-wide and bounded (2048 keys of at most 64 bytes); only ASCII keys that
 * read as their bytes are kept. The binary reader keeps its names in a table of the same kind (decodeString.ts).
 */
import { ByteKeyedStrings } from '../byteKeyedStrings';

/** Longer keys are not cached (logical names are at most 50 characters). */
export const MAX_KEY_LENGTH = 64;

const keys = new ByteKeyedStrings(1024, MAX_KEY_LENGTH);

/** Bytes a key may hold to read as its bytes: printable ASCII but `&` (a reference) and `]` (maybe `]]>`). */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x7f; c++) PLAIN[c] = c === 0x26 || c === 0x5d ? 0 : 1;

/**
 * The key whose text is the bytes `[start, end)` of `bytes` (`view`: a DataView on them; `text`: a latin1 view of
 * them, or any string holding the same characters at the same offsets), or `undefined` when the bytes are not a plain
 * ASCII key (empty, too long, a reference, a control or non-ASCII byte): the caller reads those the general way.
 *
 * @example
 * ```ts
 * const bytes = Buffer.from('<a:key>name</a:key>');
 * cachedKey(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.length), bytes.toString('latin1'), 7, 11); // 'name'
 * ```
 */
export function cachedKey(bytes: Uint8Array, view: DataView, text: string, start: number, end: number): string | undefined {
  const length = end - start;
  if (length <= 0 || length > MAX_KEY_LENGTH) return undefined;
  const known = keys.find(bytes, view, start, end);
  if (known !== undefined) return known;
  for (let i = start; i < end; i++) if (PLAIN[bytes[i]!] === 0) return undefined;
  return keys.add(bytes, view, start, end, text.slice(start, end));
}

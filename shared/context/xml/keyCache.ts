/**
 * Collection keys (attribute logical names, parameter names) by their bytes: the same keys recur in every message, and
 * a key that comes back as the same internalized string makes the object store that follows cheaper (V8 need not
 * hash and look up a fresh string). Process-wide and bounded (2048 slots of at most 64 bytes); only ASCII keys that
 * read as their bytes are kept, matched byte for byte. The binary reader keeps a table of the same kind.
 */

/** Two ways per set (keys whose hashes meet keep both), 1024 sets (chosen by the top 10 bits of a hash). */
const SETS = 1024;
const SLOTS = SETS * 2;
/** Longer keys are not cached (logical names are at most 50 characters). */
export const MAX_KEY_LENGTH = 64;

const cachedKeys: string[] = new Array<string>(SLOTS).fill('');
const cachedLengths = new Int32Array(SLOTS).fill(-1);
/** The bytes of each cached key, slot i at i·64. */
const cachedBytes = new Uint8Array(SLOTS * MAX_KEY_LENGTH);
const cachedView = new DataView(cachedBytes.buffer);
/** Per set, the way the next new key takes. */
const victims = new Uint8Array(SETS);

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
  // A few bytes choose the set; a match is byte for byte (and cached keys are plain, so a match is too).
  const first = (Math.imul(sample(bytes, view, start, length) ^ Math.imul(length, 0x27d4eb2d), 0x9e3779b1) >>> 22) * 2;
  if (sameKey(bytes, view, start, length, first)) return cachedKeys[first];
  if (sameKey(bytes, view, start, length, first + 1)) return cachedKeys[first + 1];
  for (let i = start; i < end; i++) if (PLAIN[bytes[i]!] === 0) return undefined;
  // A new key takes the set's other way than the last one taken.
  const slot = first + victims[first >> 1]!;
  victims[first >> 1] = 1 - victims[first >> 1]!;
  const base = slot * MAX_KEY_LENGTH;
  const key = internalized(text.slice(start, end));
  cachedKeys[slot] = key;
  cachedLengths[slot] = length;
  for (let i = 0; i < length; i++) cachedBytes[base + i] = bytes[start + i]!;
  return key;
}

/** A mix of the key's first, middle and last four bytes (of all its bytes when shorter). */
function sample(bytes: Uint8Array, view: DataView, start: number, length: number): number {
  if (length < 4) return bytes[start]! | (bytes[start + length - 1]! << 8) | (bytes[start + (length >> 1)]! << 16);
  const a = view.getUint32(start, true);
  const b = view.getUint32(start + length - 4, true);
  const c = view.getUint32(start + ((length - 4) >> 1), true);
  return a ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35);
}

/** Whether cache slot `slot` holds the `length` bytes at `start`. */
function sameKey(bytes: Uint8Array, view: DataView, start: number, length: number, slot: number): boolean {
  if (cachedLengths[slot] !== length) return false;
  const base = slot * MAX_KEY_LENGTH;
  let i = 0;
  while (i + 4 <= length && view.getUint32(start + i, true) === cachedView.getUint32(base + i, true)) i += 4;
  if (i + 4 <= length) return false;
  while (i < length && bytes[start + i] === cachedBytes[base + i]) i++;
  return i === length;
}

/** The internalized form of a string (what V8 uses as a property key), through a property of a scratch object. */
function internalized(key: string): string {
  const scratch: Record<string, number> = {};
  scratch[key] = 0;
  return Object.keys(scratch)[0] ?? key;
}

/**
 * The names of the contract (`names.ts`) matched at a position of the body without scanning the name first: a
 * context's member names mostly occur once per document, so the per-document memo (`elementNameMemo.ts`) cannot
 * help them, but they are all in the name table. The table is keyed by a name's first four bytes; names shorter than
 * four bytes are left to the scan.
 */
import { NAME_CONTINUES } from './elementNameMemo';
import { NAME_STRINGS } from './names';

const SLOTS = 512;
/** Slot → the first four bytes of its name (little-endian), and its id (0: empty). */
const slotKeys = new Int32Array(SLOTS);
const slotIds = new Int32Array(SLOTS);
/** The bytes of every name, name i at `offsets[i]`. */
const offsets = new Int32Array(NAME_STRINGS.length + 1);
const nameBytes = new Uint8Array(NAME_STRINGS.reduce((total, name) => total + name.length, 0));
const nameView = new DataView(nameBytes.buffer);

function slotOf(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> 23;
}

{
  let at = 0;
  NAME_STRINGS.forEach((name, id) => {
    offsets[id] = at;
    for (let k = 0; k < name.length; k++) nameBytes[at + k] = name.charCodeAt(k);
    at += name.length;
  });
  offsets[NAME_STRINGS.length] = at;
  NAME_STRINGS.forEach((name, id) => {
    if (id === 0 || name.length < 4) return;
    const key = nameView.getInt32(offsets[id]!, true);
    let slot = slotOf(key);
    while (slotIds[slot] !== 0) slot = (slot + 1) & (SLOTS - 1);
    slotKeys[slot] = key;
    slotIds[slot] = id;
  });
}

/** The id of the name the last successful {@link knownNameLength} matched. */
export let knownNameId = 0;

/**
 * The length of the table name that stands whole at `start` of `bytes` (the byte after it cannot continue a name),
 * or -1; sets {@link knownNameId}. `view` is a DataView on the same bytes.
 *
 * @example
 * ```ts
 * const bytes = Buffer.from('<Depth>1</Depth>');
 * knownNameLength(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.length), 1); // 5 (knownNameId: N.Depth)
 * ```
 */
export function knownNameLength(bytes: Uint8Array, view: DataView, start: number): number {
  if (start + 4 > bytes.length) return -1;
  const key = view.getInt32(start, true);
  for (let slot = slotOf(key); slotIds[slot] !== 0; slot = (slot + 1) & (SLOTS - 1)) {
    if (slotKeys[slot] !== key) continue;
    const id = slotIds[slot]!;
    const at = offsets[id]!;
    const length = offsets[id + 1]! - at;
    const end = start + length;
    if (end < bytes.length && NAME_CONTINUES[bytes[end]!] === 0 && sameAs(bytes, view, start, at, length)) {
      knownNameId = id;
      return length;
    }
  }
  return -1;
}

/** Whether the `length` bytes at `start` are the name bytes at `at` (the first four are known to be). */
function sameAs(bytes: Uint8Array, view: DataView, start: number, at: number, length: number): boolean {
  let i = 4;
  for (; i + 4 <= length; i += 4) if (view.getUint32(start + i, true) !== nameView.getUint32(at + i, true)) return false;
  for (; i < length; i++) if (bytes[start + i] !== nameBytes[at + i]) return false;
  return true;
}

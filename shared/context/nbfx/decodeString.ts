/**
 * UTF-8 and UTF-16LE text from a byte range, strict like .NET's reader (invalid bytes are an error, never U+FFFD),
 * with a fast path for the short ASCII names and values that make up most of a DataContract body.
 */

import { isAscii, isUtf8 } from 'node:buffer';
import { ByteKeyedStrings } from '../byteKeyedStrings';

const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

type Slice = (this: Uint8Array, start: number, end: number) => string;
/** Buffer's native slices (`latin1Slice`, ...) work on any Uint8Array and are the fastest way to make a string. */
function nativeSlice(name: 'latin1Slice' | 'utf8Slice' | 'ucs2Slice', encoding: BufferEncoding): Slice {
  const native = (Buffer.prototype as unknown as Record<string, Slice | undefined>)[name];
  return typeof native === 'function'
    ? native
    : function (this: Uint8Array, start: number, end: number): string {
        return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString(encoding, start, end);
      };
}
const latin1Slice = nativeSlice('latin1Slice', 'latin1');
const utf8Slice = nativeSlice('utf8Slice', 'utf8');
const ucs2Slice = nativeSlice('ucs2Slice', 'utf16le');
/** `String.prototype.isWellFormed` (Node 20+): no unpaired surrogate. */
const isWellFormed = (String.prototype as unknown as { isWellFormed?: (this: string) => boolean }).isWellFormed;
/** From this length on, strings are checked natively. */
const LONG = 48;

/**
 * Decodes UTF-8 bytes `[start, end)`; `undefined` when they are not valid UTF-8.
 *
 * @example
 * ```ts
 * decodeUtf8(new TextEncoder().encode('Zoë'), 0, 4); // 'Zoë'
 * ```
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (end - start >= LONG) {
    // Long strings: the native (SIMD) checks beat a JS loop by far.
    const range = bytes.subarray(start, end);
    if (isAscii(range)) return latin1Slice.call(bytes, start, end);
    return isUtf8(range) ? utf8Slice.call(bytes, start, end) : undefined;
  }
  for (let i = start; i < end; i++) {
    // Short non-ASCII text (accented names, currency symbols): checked here and made by V8's native UTF-8 slice,
    // which for valid bytes gives exactly what a fatal TextDecoder gives, at about half its cost.
    if (bytes[i]! >= 0x80) return isWellFormedUtf8(bytes, i, end) ? utf8Slice.call(bytes, start, end) : undefined;
  }
  return latin1Slice.call(bytes, start, end);
}

/**
 * Whether bytes `[start, end)` are well-formed UTF-8 as the WHATWG decoder (and .NET's strict UTF8Encoding) reads
 * it: no stray continuation byte, no overlong form, no surrogate (U+D800–U+DFFF), nothing above U+10FFFF, no
 * sequence cut by `end`.
 *
 * @example
 * ```ts
 * isWellFormedUtf8(Uint8Array.from([0x5a, 0x6f, 0xc3, 0xab]), 0, 4); // true ('Zoë')
 * isWellFormedUtf8(Uint8Array.from([0xc0, 0xaf]), 0, 2); // false (an overlong '/')
 * ```
 */
export function isWellFormedUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    // Lead bytes C2–DF take one continuation byte, E0–EF two, F0–F4 three; C0, C1 and F5–FF never lead.
    if (c < 0xc2 || c > 0xf4) return false;
    if (c < 0xe0) {
      if (i + 1 >= end || (bytes[i + 1]! & 0xc0) !== 0x80) return false;
      i += 2;
      continue;
    }
    const c1 = bytes[i + 1]!;
    if (c < 0xf0) {
      // E0 needs A0–BF next (else overlong); ED needs 80–9F (else a surrogate).
      if (i + 2 >= end || (c1 & 0xc0) !== 0x80 || (c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (bytes[i + 2]! & 0xc0) !== 0x80) return false;
      i += 3;
      continue;
    }
    // F0 needs 90–BF next (else overlong); F4 needs 80–8F (else above U+10FFFF).
    if (i + 3 >= end || (c1 & 0xc0) !== 0x80 || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f) || (bytes[i + 2]! & 0xc0) !== 0x80 || (bytes[i + 3]! & 0xc0) !== 0x80) return false;
    i += 4;
  }
  return true;
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
  const text = ucs2Slice.call(bytes, start, end);
  return isWellFormed === undefined ? strictUtf16le(bytes, start, end) : isWellFormed.call(text) ? text : undefined;
}

function strictUtf16le(bytes: Uint8Array, start: number, end: number): string | undefined {
  try {
    return utf16le.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** Names and short ASCII texts; 128 bytes hold every namespace URI and contract name Dataverse writes. */
const names = new ByteKeyedStrings(1024, 128);

/**
 * Like {@link decodeUtf8}, for names and other short strings that repeat (`KeyValuePairOfstringanyType`, namespace
 * URIs, `b:string`, attribute logical names): a process-wide table (byteKeyedStrings.ts, 2048 strings of at most
 * 128 bytes) returns the same internalized string for the same ASCII bytes without allocating.
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
  const known = names.find(bytes, view, start, end);
  if (known !== undefined) return known;
  const text = decodeUtf8(bytes, start, end);
  // ASCII only (one byte per character), so that a byte match means the same string.
  return text !== undefined && text.length === length ? names.add(bytes, view, start, end, text) : text;
}

/** Lower-case hex digits and `-` as themselves, upper-case hex digits as their lower-case form, anything else 0. */
const GUID_CHAR = new Uint8Array(256);
for (const c of '0123456789abcdef') GUID_CHAR[c.charCodeAt(0)] = c.charCodeAt(0);
for (const c of 'ABCDEF') GUID_CHAR[c.charCodeAt(0)] = c.toLowerCase().charCodeAt(0);

/**
 * The model GUID (lower-case, dashed) of 36 ASCII bytes at `start` in the dashed form, or `undefined` when they are
 * not one (the caller then judges the text on the slow path).
 *
 * @example
 * ```ts
 * const bytes = new TextEncoder().encode('6420F0CC-916B-EE11-9AE6-000D3A688809');
 * asciiGuid(bytes, new DataView(bytes.buffer), 0); // '6420f0cc-916b-ee11-9ae6-000d3a688809'
 * ```
 */
export function asciiGuid(bytes: Uint8Array, view: DataView, start: number): string | undefined {
  // GUIDs repeat (the user, the organization, the business unit in every message): a small table of recent ones
  // answers most of them with nine word compares instead of a validation and a new string.
  const w0 = view.getUint32(start, true);
  const w7 = view.getUint32(start + 28, true);
  const w8 = view.getUint32(start + 32, true);
  // Words 0, 1, 7 and 8: GUIDs made in sequence differ in their first or their last groups.
  const w1 = view.getUint32(start + 4, true);
  const slot = Math.imul(w0 ^ Math.imul(w1, 0x27d4eb2d) ^ Math.imul(w7, 0x9e3779b1) ^ w8, 0x85ebca6b) >>> (32 - GUID_SLOT_BITS);
  const base = slot * 36;
  if (guidKnown[slot] === 1 && guidView.getUint32(base, true) === w0 && guidView.getUint32(base + 4, true) === w1 && guidView.getUint32(base + 28, true) === w7 && guidView.getUint32(base + 32, true) === w8) {
    let i = 8;
    while (i < 28 && view.getUint32(start + i, true) === guidView.getUint32(base + i, true)) i += 4;
    if (i === 28) return guidText[slot];
  }
  let upper = false;
  for (let i = 0; i < 36; i++) {
    const c = bytes[start + i]!;
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return undefined;
    } else {
      const lower = GUID_CHAR[c]!;
      if (lower === 0) return undefined;
      if (lower !== c) upper = true;
    }
  }
  const text = latin1Slice.call(bytes, start, start + 36);
  if (upper) return text.toLowerCase();
  for (let i = 0; i < 36; i++) guidBytes[base + i] = bytes[start + i]!;
  guidText[slot] = text;
  guidKnown[slot] = 1;
  return text;
}

const GUID_SLOT_BITS = 10;
const GUID_SLOTS = 1 << GUID_SLOT_BITS;
const guidBytes = new Uint8Array(GUID_SLOTS * 36);
const guidView = new DataView(guidBytes.buffer);
const guidText: string[] = new Array<string>(GUID_SLOTS).fill('');
const guidKnown = new Uint8Array(GUID_SLOTS);

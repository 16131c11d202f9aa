/**
 * GUID normalization for the hot path: a char-code scan instead of a regex, and no new string when the GUID is
 * already lower-case (DCJS writes lower-case GUIDs, so that is nearly always).
 */
import type { Guid } from '../model';

/** 1: a lower-case hex digit, 2: an upper-case one, 0: anything else (char codes below 128). */
const HEX = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) HEX[c] = 1;
for (let c = 0x61; c <= 0x66; c++) HEX[c] = 1;
for (let c = 0x41; c <= 0x46; c++) HEX[c] = 2;
const DASH = 0x2d;

/**
 * The model form of a plain dashed 36-character GUID, or `undefined` when the text is not exactly that (callers
 * fall back to `normalizeGuid` for the rarer forms, such as braces, and for the error).
 *
 * @example
 * ```ts
 * fastGuid('6420F0CC-916B-EE11-9AE6-000D3A688809'); // '6420f0cc-916b-ee11-9ae6-000d3a688809'
 * fastGuid('{6420f0cc-916b-ee11-9ae6-000d3a688809}'); // undefined
 * ```
 */
export function fastGuid(text: string): Guid | undefined {
  if (text.length !== 36) return undefined;
  let kinds = 0;
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== DASH) return undefined;
      continue;
    }
    const kind = c < 128 ? (HEX[c] as number) : 0;
    if (kind === 0) return undefined;
    kinds |= kind;
  }
  return kinds & 2 ? text.toLowerCase() : text;
}

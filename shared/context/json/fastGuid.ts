/**
 * GUID normalization for the hot path. A context repeats the same few GUIDs (user, organization, the row itself)
 * many times, so a small cache of GUIDs already seen in the model's form answers most calls with one string
 * comparison; the rest take one regex test, and only GUIDs that are not lower-case get a new string.
 */
import type { Guid } from '../model';

const LOWER_GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UPPER_GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/**
 * Direct-mapped: a slot holds the last lower-case GUID that hashed to it. The hash reads the characters that differ
 * most between Dataverse's sequential GUIDs (the end of the first group) and the end of the last group.
 */
const CACHE_SLOTS = 1024;
const cache: string[] = new Array<string>(CACHE_SLOTS).fill('');

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
  const slot =
    Math.imul(
      (text.charCodeAt(7) + (text.charCodeAt(6) << 4) + (text.charCodeAt(5) << 8) + (text.charCodeAt(4) << 12)) ^
        ((text.charCodeAt(35) + (text.charCodeAt(34) << 4) + (text.charCodeAt(33) << 8) + (text.charCodeAt(32) << 12)) * 31),
      0x9e3779b1,
    ) >>> 22;
  if (cache[slot] === text) return text;
  if (LOWER_GUID_RE.test(text)) {
    cache[slot] = text;
    return text;
  }
  return UPPER_GUID_RE.test(text) ? text.toLowerCase() : undefined;
}

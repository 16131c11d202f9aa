/**
 * Sets a member read from the body on a plain object: the one place where collection keys become property names.
 *
 * Two things matter here. A key is data: `__proto__` must become an own member, not the object's prototype. And it
 * is the decoder's hottest store: V8 must look a fresh key string up in its string table before it can use it as a
 * property name, which costs more than the store itself. The same keys (column logical names) come back in every
 * Target, image and message, so a small cache hands back the string V8 already knows, found by a cheap hash and one
 * string comparison. (`JSON.parse` already does this for string values of 10 characters or fewer.)
 */

const CACHE_SLOTS = 1024;
const SHORT_KEY = 10;
const keys: string[] = new Array<string>(CACHE_SLOTS).fill('');

/** The cached equal string, or `key` itself (then cached for next time). */
function knownKey(key: string): string {
  const length = key.length;
  if (length <= SHORT_KEY) return key;
  const slot = (length * 31 + key.charCodeAt(0) + key.charCodeAt(length - 1) * 7 + key.charCodeAt(length - 2) * 131) & (CACHE_SLOTS - 1);
  const known = keys[slot] as string;
  if (known === key) return known;
  keys[slot] = key;
  return key;
}

/**
 * Sets `target[key] = value`, safely and fast.
 *
 * @example
 * ```ts
 * const attributes: Record<string, Value> = {};
 * setMember(attributes, 'name', 'Contoso');
 * ```
 */
export function setMember<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[knownKey(key)] = value;
}

/**
 * Sets a member read from the body on a plain object. A key is data: `__proto__` must become an own member, not
 * the object's prototype.
 *
 * @example
 * ```ts
 * const attributes: Record<string, Value> = {};
 * setMember(attributes, 'name', 'Contoso');
 * ```
 */
export function setMember<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A plain rendering of an element whose contract the model does not know (the `value` of an `Unknown`).
 */
import type { GenericValue } from '../model';
import type { XmlNode } from './node';
import { textString } from './xmlText';

/**
 * Renders an element generically: child elements become an object keyed by local name (a repeated name becomes an
 * array), a leaf becomes its text, a nil element becomes `null`. Recursion is bounded by the reader's depth limit.
 *
 * @example
 * ```ts
 * // <Query><EntityName>account</EntityName><ColumnSet><AllColumns>true</AllColumns></ColumnSet></Query>
 * genericValue(query); // { EntityName: 'account', ColumnSet: { AllColumns: 'true' } }
 * ```
 */
export function genericValue(node: XmlNode): GenericValue {
  if (node.nil) return null;
  const { children } = node;
  if (children.length === 0) return textString(node.text);
  const out: { [key: string]: GenericValue } = {};
  let repeated: Set<string> | undefined;
  for (const child of children) {
    const key = child.local;
    const value = genericValue(child);
    if (!Object.hasOwn(out, key)) {
      setOwn(out, key, value);
    } else if (repeated?.has(key)) {
      (out[key] as GenericValue[]).push(value);
    } else {
      (repeated ??= new Set()).add(key);
      setOwn(out, key, [out[key] as GenericValue, value]);
    }
  }
  return out;
}

/** Sets a key as an own property, even `__proto__`. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Members the wire format did not carry. The model contract maps them to `null`, even where the TypeScript type
 * says "always sent" (as ContextMapper's `absent()`).
 */

/**
 * `null` typed as `T`: the initial value of a member the model types as always present.
 *
 * @example
 * ```ts
 * let logicalName: string = absent();
 * ```
 */
export function absent<T>(): T {
  return null as T;
}

/**
 * A nullable member value stored where the model types it as always present.
 *
 * @example
 * ```ts
 * c.stage = absentOr(this.integerMember()); // null when nil
 * ```
 */
export function absentOr<T>(value: T | null): T {
  return value as T;
}

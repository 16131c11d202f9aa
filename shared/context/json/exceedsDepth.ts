/**
 * A depth check for parsed JSON that the mapping does not walk (a body that is not a context), without recursion:
 * a 100 000-deep `[[[…]]]` must fail as a limit, not overflow the stack.
 */

/**
 * Whether a parsed JSON value nests containers deeper than `maxDepth` (the root container is depth 1).
 * Iterative, and stops at the first container past the limit.
 *
 * @example
 * ```ts
 * exceedsDepth(JSON.parse('[[[1]]]'), 2); // true
 * exceedsDepth({ a: { b: 1 } }, 2); // false
 * ```
 */
export function exceedsDepth(root: unknown, maxDepth: number): boolean {
  const values: unknown[] = [root];
  const depths: number[] = [typeof root === 'object' && root !== null ? 1 : 0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() as number;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > maxDepth) return true;
    const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

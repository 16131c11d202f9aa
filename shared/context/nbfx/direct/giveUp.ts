/**
 * The direct decoder's one way out: "these bytes are not the shape I expect, let the general reader decide".
 * It is an exception only so that the recursive descent can unwind in one step; {@link decodeDirect} catches this
 * signal and nothing else, so a real bug in the direct path still surfaces (in tests, as an `INTERNAL_ERROR`).
 */

/** The signal thrown by {@link giveUp} (one shared instance: giving up must cost no allocation). */
export class GiveUp {
  /** Why, for tests and debugging: a short fixed text. */
  public reason = '';
}

/** The shared signal. */
export const GIVE_UP = new GiveUp();

/**
 * Abandons the direct path.
 *
 * @example
 * ```ts
 * if (bytes[p] !== 0x01) giveUp('element end');
 * ```
 */
export function giveUp(reason: string): never {
  GIVE_UP.reason = reason;
  throw GIVE_UP;
}

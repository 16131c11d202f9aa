/**
 * The `DecodeError` a decoder call throws; any other outcome (no throw, another exception) fails the test.
 */
import { DecodeError, isDecodeError } from '../../shared/context/errors';

/**
 * Runs `run` and returns the `DecodeError` it throws. Throwing anything else, or nothing, fails the test.
 *
 * @example
 * ```ts
 * expect(decodeError(() => decodeContext(bytes, 'application/json')).code).toBe('INVALID_JSON');
 * ```
 */
export function decodeError(run: () => unknown): DecodeError {
  try {
    run();
  } catch (error) {
    if (isDecodeError(error)) return error;
    throw error;
  }
  throw new Error('expected a DecodeError, but nothing was thrown');
}

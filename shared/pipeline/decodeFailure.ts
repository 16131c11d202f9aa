/**
 * What a decode failure means for the message: always poison. Bad input (`INVALID_*`, `NOT_A_CONTEXT`, ...) cannot
 * decode on a retry, and neither can a body that hits a decoder bug (`INTERNAL_ERROR`): the failure is
 * deterministic, so retrying only burns the delivery count. Parked with its body, it can be replayed once the
 * decoder is fixed.
 */
import { isDecodeError } from '../context/errors';
import type { MessageResult } from './settlement';

/** The verdict on a body that did not decode. */
export interface DecodeFailureVerdict {
  result: Extract<MessageResult, 'poison'>;
  /** The `DecodeError` code, or `INTERNAL_ERROR` for anything else a decoder threw. */
  reason: string;
  error: unknown;
  message: string;
}

/**
 * The verdict on a decode failure.
 *
 * @example
 * ```ts
 * decodeFailureVerdict(new TypeError('x is undefined')); // { result: 'poison', reason: 'INTERNAL_ERROR', ... }
 * ```
 */
export function decodeFailureVerdict(error: unknown): DecodeFailureVerdict {
  if (isDecodeError(error)) return { result: 'poison', reason: error.code, error, message: error.message };
  // decodeContext wraps every unexpected exception as INTERNAL_ERROR; this keeps the same meaning if one escapes.
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { result: 'poison', reason: 'INTERNAL_ERROR', error, message: `Decoder failure: ${text}` };
}

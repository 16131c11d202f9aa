/**
 * `JSON.parse` with its failure turned into the typed error.
 */
import { DecodeError } from '../errors';

const POSITION_RE = /at position (\d+)/;

/**
 * Parses JSON text (no reviver: the walk that follows converts values in one pass, faster than a reviver).
 *
 * @throws {DecodeError} `INVALID_JSON`, with the character offset when the engine reports one.
 * @example
 * ```ts
 * parseJson('{"MessageName":"Update"}'); // { MessageName: 'Update' }
 * parseJson('{"MessageName":'); // throws DecodeError INVALID_JSON (offset 15)
 * ```
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new DecodeError('INVALID_JSON', `The body is not valid JSON: ${message}`, { offset: offsetOf(message, text), cause });
  }
}

/** The offset V8 names in its message (`… at position 12`, or the end for `Unexpected end of JSON input`). */
function offsetOf(message: string, text: string): number | undefined {
  const match = POSITION_RE.exec(message);
  if (match?.[1] !== undefined) return Number(match[1]);
  if (message.includes('end of JSON input')) return text.length;
  return undefined;
}

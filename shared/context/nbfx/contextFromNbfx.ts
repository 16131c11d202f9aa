/**
 * `application/msbin1` → model: the mapping shared with text XML ({@link ContextMapper}) driving the binary pull
 * reader, with no tree in between.
 */
import { isDecodeError } from '../errors';
import type { DecodeLimits } from '../limits';
import type { RemoteExecutionContext } from '../model';
import { ContextMapper } from '../xml/contextMapper';
import { Path } from '../xml/pullReader';
import { decodeDirect } from './direct/decodeDirect';
import { sharedNbfxReader } from './nbfxPullReader';

/**
 * Decodes a .NET Binary XML `RemoteExecutionContext`.
 *
 * @throws {DecodeError} `INVALID_BINARY`, `UNSUPPORTED_RECORD`, `LIMIT_EXCEEDED` (with the byte offset) for bad
 *   bytes; `NOT_A_CONTEXT` and `INVALID_VALUE` (with the path) from the mapping.
 * @example
 * ```ts
 * const context = contextFromNbfx(body, DEFAULT_DECODE_LIMITS);
 * ```
 */
export function contextFromNbfx(bytes: Uint8Array, limits: DecodeLimits): RemoteExecutionContext {
  // The direct path reads bodies shaped as Dataverse writes them ~1.4x faster; on anything else it hands off
  // (undefined) and the general reader below produces the model or the error.
  return decodeDirect(bytes, limits) ?? contextFromGeneralReader(bytes, limits);
}

/**
 * The general decoder alone: the pull reader driving {@link ContextMapper}. The reference the direct path is
 * tested against, and the source of every error.
 *
 * @example
 * ```ts
 * const context = contextFromGeneralReader(body, DEFAULT_DECODE_LIMITS);
 * ```
 */
export function contextFromGeneralReader(bytes: Uint8Array, limits: DecodeLimits): RemoteExecutionContext {
  // Reading is synchronous and never re-entered, so one reader (and its scratch arrays) serves every call.
  const reader = sharedNbfxReader();
  const path = new Path();
  try {
    reader.begin(bytes, limits, path);
    let context: RemoteExecutionContext;
    try {
      context = new ContextMapper(reader, limits, path).readRoot();
    } catch (error) {
      // Malformed bytes come first, as when the whole body was read before mapping: a truncated body says so,
      // rather than that the part read so far is not a context.
      if (isDecodeError(error) && (error.code === 'NOT_A_CONTEXT' || error.code === 'INVALID_VALUE')) reader.drain();
      throw error;
    }
    reader.finish();
    return context;
  } finally {
    reader.release();
  }
}

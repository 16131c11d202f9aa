/**
 * .NET Binary XML ([MC-NBFX]) → element tree, for tests and tools. Decoding does not build a tree: it drives the
 * same pull reader ({@link NbfxPullReader}) straight from the mapping (see `contextFromNbfx.ts`).
 */
import type { DecodeLimits } from '../limits';
import type { XmlNode } from '../xml/node';
import { readNbfxTree } from './nbfxPullReader';

/**
 * Reads a .NET Binary XML body into the element tree. Typed text records stay typed (`BinaryText`); prefixes,
 * `i:type` and `i:nil` are resolved by namespace URI.
 *
 * @throws {DecodeError} `INVALID_BINARY` for malformed bytes, `UNSUPPORTED_RECORD` for dictionary records,
 * `LIMIT_EXCEEDED` when a limit is exceeded; each with the byte `offset`.
 * @example
 * ```ts
 * const root = readNbfx(body, DEFAULT_DECODE_LIMITS);
 * root.local; // 'RemoteExecutionContext'
 * ```
 */
export function readNbfx(bytes: Uint8Array, limits: DecodeLimits): XmlNode {
  return readNbfxTree(bytes, limits);
}

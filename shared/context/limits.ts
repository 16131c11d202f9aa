/**
 * Limits every decoder enforces on untrusted bodies. Each one, when exceeded, fails with a `LIMIT_EXCEEDED`
 * {@link DecodeError} that names it.
 */
import { DecodeError } from './errors';

/** Decoder limits. */
export interface DecodeLimits {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Deepest element / object nesting accepted. */
  maxDepth: number;
  /** Longest string or byte value accepted, in bytes (binary) or characters (text). */
  maxStringLength: number;
  /**
   * Most items accepted in one array (JSON array, XML collection, binary Array record); in a binary body also the
   * items of all its Array records together (a packed item takes one byte or more, but becomes an element).
   */
  maxArrayLength: number;
  /** Most records (binary) or nodes (XML elements) accepted in one body. */
  maxRecords: number;
  /**
   * Most attributes on one element, namespace declarations included (XML and binary; Dataverse writes at most a
   * handful). Bounds the work of reading one element start.
   */
  maxAttributes: number;
  /**
   * Most namespace declarations in scope at once, over all open elements (XML and binary; Dataverse has fewer than
   * 20). Bounds the work of resolving a prefix.
   */
  maxNamespaces: number;
}

/**
 * Safe defaults. Dataverse never posts more than 192 KB (it truncates above that), so these leave a wide margin for
 * Premium Service Bus messages while bounding memory and time on hostile input.
 *
 * @example
 * ```ts
 * decodeContext(body, contentType, { limits: { ...DEFAULT_DECODE_LIMITS, maxBytes: 256 * 1024 } });
 * ```
 */
export const DEFAULT_DECODE_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 256,
  maxStringLength: 8 * 1024 * 1024,
  maxArrayLength: 1_000_000,
  maxRecords: 4_000_000,
  maxAttributes: 256,
  maxNamespaces: 256,
});

/**
 * Completes partial limits with the defaults and validates them.
 *
 * @example
 * ```ts
 * const limits = resolveLimits({ maxDepth: 64 });
 * limits.maxBytes; // 16 MiB (default)
 * ```
 */
export function resolveLimits(partial: Partial<DecodeLimits> = {}): DecodeLimits {
  const limits = { ...DEFAULT_DECODE_LIMITS, ...partial };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0) throw new RangeError(`Decode limit ${name} must be a positive integer, got ${String(value)}`);
  }
  return limits;
}

/**
 * Builds the `LIMIT_EXCEEDED` error for a limit.
 *
 * @example
 * ```ts
 * throw limitExceeded('maxDepth', 256, 'InputParameters.Target');
 * ```
 */
export function limitExceeded(limit: keyof DecodeLimits, value: number, path?: string, offset?: number): DecodeError {
  return new DecodeError('LIMIT_EXCEEDED', `Limit ${limit} (${value}) exceeded`, { path, offset });
}

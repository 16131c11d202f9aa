/**
 * The one error type the decoders throw on bad input.
 *
 * Every decoder (JSON, XML, .NET Binary XML) reports bad bytes with a {@link DecodeError}: a `code` that a program
 * can switch on, a message that says what is wrong, a `path` into the context that says where, and the underlying
 * `cause` when there is one. Decoders never throw anything else for bad input.
 */

/**
 * The reasons a body cannot be decoded into a `RemoteExecutionContext`.
 *
 * @example
 * ```ts
 * if (isDecodeError(error) && error.code === DecodeErrorCode.LIMIT_EXCEEDED) console.warn(error.message);
 * ```
 */
export const DecodeErrorCode = {
  /** The body is not well-formed JSON. */
  INVALID_JSON: 'INVALID_JSON',
  /** The body is not well-formed XML, or uses a construct the reader refuses (DTD, entity declaration). */
  INVALID_XML: 'INVALID_XML',
  /** The body is not well-formed .NET Binary XML (MC-NBFX): a bad record, a truncated value, a bad length. */
  INVALID_BINARY: 'INVALID_BINARY',
  /** The body parsed, but it is not a `RemoteExecutionContext` (wrong root, wrong member types). */
  NOT_A_CONTEXT: 'NOT_A_CONTEXT',
  /** A member holds a value that cannot be read as its declared type (a bad GUID, date or number). */
  INVALID_VALUE: 'INVALID_VALUE',
  /** The content type is not one Dataverse sends, or the bytes match no known format. */
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_FORMAT',
  /** A binary record this decoder does not support (dictionary records: Dataverse writes without a dictionary). */
  UNSUPPORTED_RECORD: 'UNSUPPORTED_RECORD',
  /** A configured limit (size, depth, string length, array length, record count) was exceeded. */
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  /**
   * A decoder bug: it failed on this body with an unexpected exception (kept as `cause`). Tests and fuzzing assert
   * it never happens; the pipeline parks such a message with its body so it can be replayed once the bug is fixed.
   */
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;

/** One of the {@link DecodeErrorCode} values. */
export type DecodeErrorCode = (typeof DecodeErrorCode)[keyof typeof DecodeErrorCode];

/** Options for {@link DecodeError}. */
export interface DecodeErrorOptions {
  /** Where in the context the problem is, e.g. `InputParameters.Target.Attributes.revenue`. */
  path?: string;
  /** Byte (binary) or character (text) offset in the body, when known. */
  offset?: number;
  /** The error that caused this one. */
  cause?: unknown;
}

/**
 * Thrown by every decoder when a body cannot be decoded.
 *
 * @example
 * ```ts
 * import { decodeContext, isDecodeError } from './shared/context';
 *
 * try {
 *   decodeContext(new TextEncoder().encode('{"oops"'), 'application/json');
 * } catch (error) {
 *   if (isDecodeError(error)) console.log(error.code, error.path); // INVALID_JSON ''
 * }
 * ```
 */
export class DecodeError extends Error {
  /** Machine-readable reason. */
  public readonly code: DecodeErrorCode;
  /** Where in the context the problem is (dotted member path); `''` when it is the body as a whole. */
  public readonly path: string;
  /** Byte or character offset in the body, when known. */
  public readonly offset: number | undefined;

  public constructor(code: DecodeErrorCode, message: string, options: DecodeErrorOptions = {}) {
    const where = options.path ? ` (at ${options.path})` : options.offset !== undefined ? ` (at offset ${options.offset})` : '';
    super(`${message}${where}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DecodeError';
    this.code = code;
    this.path = options.path ?? '';
    this.offset = options.offset;
  }
}

/**
 * Type guard for {@link DecodeError}.
 *
 * @example
 * ```ts
 * import { isDecodeError } from './shared/context';
 * const reason = (e: unknown) => (isDecodeError(e) ? e.code : 'UNKNOWN');
 * ```
 */
export function isDecodeError(error: unknown): error is DecodeError {
  return error instanceof DecodeError;
}

/**
 * A typed getter (`getMoney`, `getOptionSetValue`, ...) found a value of another kind than the handler asked for. It
 * is a `TypeError`, and the pipeline treats it as a **permanent** failure: delivering the same message again cannot
 * change the value, so the message is parked (or dead-lettered) at once instead of being retried.
 *
 * @example
 * ```ts
 * try {
 *   getMoney(target, 'industrycode');
 * } catch (error) {
 *   if (isAttributeTypeError(error)) console.log(error.message); // Attribute account.industrycode is an OptionSetValue, not a Money
 * }
 * ```
 */
export class AttributeTypeError extends TypeError {
  public readonly code = 'ATTRIBUTE_TYPE';
  public constructor(message: string) {
    super(message);
    this.name = 'AttributeTypeError';
  }
}

/**
 * Type guard for {@link AttributeTypeError}; also by name and code, for an error from another copy of this module (a
 * handler bundled on its own, a test that reloads modules), which `instanceof` would miss.
 *
 * @example `if (isAttributeTypeError(e)) park(e.message);`
 */
export function isAttributeTypeError(error: unknown): error is AttributeTypeError {
  return error instanceof AttributeTypeError || (error instanceof Error && error.name === 'AttributeTypeError' && (error as { code?: unknown }).code === 'ATTRIBUTE_TYPE');
}

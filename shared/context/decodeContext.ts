/**
 * One entry point from a Service Bus body to the model, whatever format Dataverse posted it in.
 */
import { DecodeError, isDecodeError } from './errors';
import { detectFormat } from './detectFormat';
import { DEFAULT_DECODE_LIMITS, resolveLimits, limitExceeded, type DecodeLimits } from './limits';
import type { RemoteExecutionContext, WireFormat } from './model';
import { contextFromJsonBytes } from './json/contextFromJson';
import { contextFromXmlBytes } from './xml/contextFromXmlBytes';
import { contextFromNbfx } from './nbfx/contextFromNbfx';

/** Options for {@link decodeContext}. */
export interface DecodeOptions {
  /** Overrides of the decoder limits (see `DEFAULT_DECODE_LIMITS`). */
  limits?: Partial<DecodeLimits>;
}

/** A decoded context with the format it was read from. */
export interface DecodedContext {
  format: WireFormat;
  context: RemoteExecutionContext;
}

/**
 * Decodes a body in a known format.
 *
 * @example
 * ```ts
 * const { context } = decodeContextAs(new TextEncoder().encode(json), 'json');
 * ```
 */
export function decodeContextAs(bytes: Uint8Array, format: WireFormat, options: DecodeOptions = {}): DecodedContext {
  const limits = options.limits === undefined ? DEFAULT_DECODE_LIMITS : resolveLimits(options.limits);
  if (bytes.length > limits.maxBytes) throw limitExceeded('maxBytes', limits.maxBytes);
  try {
    switch (format) {
      case 'json':
        return { format, context: contextFromJsonBytes(bytes, limits) };
      case 'xml':
        return { format, context: contextFromXmlBytes(bytes, limits) };
      case 'binary':
        return { format, context: contextFromNbfx(bytes, limits) };
    }
  } catch (error) {
    if (isDecodeError(error)) throw error;
    // A decoder bug still surfaces as the typed error (callers handle one type), but under its own code so that
    // tests and fuzzing can tell it from bad input, with the original kept as the cause.
    throw new DecodeError('INTERNAL_ERROR', `Decoder failure on this ${format} body: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/**
 * Decodes a posted `RemoteExecutionContext` and tells which format it was in.
 * The content type decides the format (`application/msbin1`, `application/json`, `application/xml`; parameters such
 * as `; charset=utf-8` are ignored); without one, the bytes are sniffed.
 *
 * @throws {DecodeError} for anything that is not a decodable context.
 * @example
 * ```ts
 * const { format, context } = decodeContextWithFormat(body, message.contentType);
 * console.log(format, context.messageName, context.primaryEntityName);
 * ```
 */
export function decodeContextWithFormat(bytes: Uint8Array, contentType?: string | null, options: DecodeOptions = {}): DecodedContext {
  return decodeContextAs(bytes, detectFormat(bytes, contentType), options);
}

/**
 * Decodes a posted `RemoteExecutionContext` into the normalized model.
 *
 * @throws {DecodeError} for anything that is not a decodable context.
 * @example
 * ```ts
 * import { decodeContext } from './shared/context';
 *
 * const context = decodeContext(body, 'application/json');
 * if (context.messageName === 'Update') console.log(context.inputParameters['Target']);
 * ```
 */
export function decodeContext(bytes: Uint8Array, contentType?: string | null, options: DecodeOptions = {}): RemoteExecutionContext {
  return decodeContextWithFormat(bytes, contentType, options).context;
}

/** The result of {@link safeDecodeContext}. */
export type SafeDecodeResult = { success: true; data: DecodedContext } | { success: false; error: DecodeError };

/**
 * Like {@link decodeContextWithFormat}, but returns the error instead of throwing it.
 *
 * @example
 * ```ts
 * const result = safeDecodeContext(body, contentType);
 * if (!result.success) console.warn(result.error.code, result.error.message);
 * ```
 */
export function safeDecodeContext(bytes: Uint8Array, contentType?: string | null, options: DecodeOptions = {}): SafeDecodeResult {
  try {
    return { success: true, data: decodeContextWithFormat(bytes, contentType, options) };
  } catch (error) {
    if (isDecodeError(error)) return { success: false, error };
    throw error;
  }
}

/**
 * Bytes → model: decode a Dataverse `RemoteExecutionContext` posted as .NET Binary XML, JSON or XML.
 *
 * This layer knows nothing of Service Bus, Azure Functions or Table Storage.
 */
export { decodeContext, decodeContextAs, decodeContextWithFormat, safeDecodeContext } from './decodeContext';
export type { DecodeOptions, DecodedContext, SafeDecodeResult } from './decodeContext';
export { detectFormat, formatFromContentType, sniffFormat, CONTENT_TYPES } from './detectFormat';
export { AttributeTypeError, DecodeError, DecodeErrorCode, isAttributeTypeError, isDecodeError } from './errors';
export type { DecodeErrorOptions } from './errors';
export { DEFAULT_DECODE_LIMITS, resolveLimits } from './limits';
export type { DecodeLimits } from './limits';
export {
  getAttribute,
  getBoolean,
  getDate,
  getEntityReference,
  getMoney,
  getNumber,
  getOptionSetValue,
  getParameter,
  getString,
  getTarget,
  getTyped,
  isKind,
} from './accessors';
export type { ParameterKind, ParameterOfKind, ValueOfKind } from './accessors';
export {
  entityCollectionSchema,
  entityReferenceSchema,
  entitySchema,
  guidSchema,
  isoDateSchema,
  remoteExecutionContextSchema,
  typedValueSchema,
  valueSchema,
} from './schema';
export type * from './model';

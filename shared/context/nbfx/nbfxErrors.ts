/**
 * The errors the .NET Binary XML reader raises, each with the byte offset of the record at fault.
 */
import { DecodeError } from '../errors';
import { nbfxRecordName } from './recordType';

/**
 * `INVALID_BINARY`: the bytes are not well-formed [MC-NBFX].
 *
 * @example
 * ```ts
 * throw invalidBinary('EndElement with no open element', 42);
 * ```
 */
export function invalidBinary(message: string, offset: number): DecodeError {
  return new DecodeError('INVALID_BINARY', `Invalid .NET Binary XML: ${message}`, { offset });
}

/**
 * `INVALID_BINARY` for a value that runs past the end of the body.
 *
 * @example
 * ```ts
 * throw truncated('Chars8Text value', 17);
 * ```
 */
export function truncated(what: string, offset: number): DecodeError {
  return invalidBinary(`the body ends inside ${what}`, offset);
}

/**
 * `UNSUPPORTED_RECORD` for a record this reader refuses (dictionary records: Dataverse writes without a dictionary).
 *
 * @example
 * ```ts
 * throw unsupportedRecord(0x42, 0); // ShortDictionaryElement (0x42)
 * ```
 */
export function unsupportedRecord(code: number, offset: number): DecodeError {
  return new DecodeError(
    'UNSUPPORTED_RECORD',
    `Unsupported .NET Binary XML record ${nbfxRecordName(code)}: dictionary strings are not supported (Dataverse writes without a dictionary)`,
    { offset },
  );
}

/**
 * Which wire format a body is in: from the Service Bus `ContentType` when there is one, else from the bytes.
 */
import { DecodeError } from './errors';
import type { WireFormat } from './model';

/**
 * The content types Dataverse sets, per wire format.
 *
 * @example
 * ```ts
 * CONTENT_TYPES.binary; // 'application/msbin1'
 * ```
 */
export const CONTENT_TYPES: Readonly<Record<WireFormat, string>> = Object.freeze({
  binary: 'application/msbin1',
  json: 'application/json',
  xml: 'application/xml',
});

const BY_MEDIA_TYPE: ReadonlyMap<string, WireFormat> = new Map<string, WireFormat>([
  ['application/msbin1', 'binary'],
  ['application/json', 'json'],
  ['application/xml', 'xml'],
  ['text/xml', 'xml'],
]);

/**
 * The wire format named by a content type, ignoring parameters (`; charset=utf-8`) and case.
 * Returns `undefined` for a missing or blank content type; throws `UNSUPPORTED_FORMAT` for any other.
 *
 * @example
 * ```ts
 * formatFromContentType('application/json; charset=utf-8'); // 'json'
 * formatFromContentType(undefined); // undefined
 * ```
 */
export function formatFromContentType(contentType: string | null | undefined): WireFormat | undefined {
  if (contentType === undefined || contentType === null) return undefined;
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType === '') return undefined;
  const format = BY_MEDIA_TYPE.get(mediaType);
  if (format === undefined) {
    throw new DecodeError('UNSUPPORTED_FORMAT', `Content type "${contentType}" is not one Dataverse sends (application/msbin1, application/json, application/xml)`);
  }
  return format;
}

/** Length of the MB31-prefixed string at `at` plus its prefix, or -1 when it does not fit in the bytes. */
function stringRecordEnd(bytes: Uint8Array, at: number): number {
  let length = 0;
  for (let shift = 0, i = at; i < at + 5 && i < bytes.length; i++, shift += 7) {
    const b = bytes[i]!;
    length |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return length > 0 && i + 1 + length <= bytes.length ? i + 1 + length : -1;
  }
  return -1;
}

/** Whether the bytes start with a plausible NBFX element or comment record (names must fit in the body). */
function looksLikeNbfx(bytes: Uint8Array): boolean {
  const first = bytes[0]!;
  if (first === 0x02 || first === 0x40 || (first >= 0x5e && first <= 0x77)) return stringRecordEnd(bytes, 1) > 0;
  if (first === 0x41) {
    const prefixEnd = stringRecordEnd(bytes, 1);
    return prefixEnd > 0 && stringRecordEnd(bytes, prefixEnd) > 0;
  }
  return false;
}

/**
 * Guesses the wire format from the first significant bytes: `{` is JSON, `<` is XML, a plausible NBFX element or
 * comment record (0x02, 0x40, 0x41, 0x5E–0x77 with a name that fits) is .NET Binary XML. A UTF-8 byte order mark and
 * leading white space are skipped for the text formats. Returns `undefined` when no format matches.
 *
 * @example
 * ```ts
 * sniffFormat(new TextEncoder().encode('  {"Depth":1}')); // 'json'
 * sniffFormat(Uint8Array.of(0x40, 0x16)); // 'binary'
 * ```
 */
export function sniffFormat(bytes: Uint8Array): WireFormat | undefined {
  const first = bytes[0];
  if (first === undefined) return undefined;
  if (looksLikeNbfx(bytes)) return 'binary';
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  const c = bytes[i];
  if (c === 0x7b /* { */) return 'json';
  if (c === 0x3c /* < */) return 'xml';
  return undefined;
}

/**
 * The wire format of a body: the content type decides when present, the bytes otherwise.
 *
 * @example
 * ```ts
 * detectFormat(new TextEncoder().encode('<RemoteExecutionContext/>')); // 'xml'
 * detectFormat(new Uint8Array(), 'application/msbin1'); // 'binary'
 * ```
 */
export function detectFormat(bytes: Uint8Array, contentType?: string | null): WireFormat {
  const declared = formatFromContentType(contentType);
  if (declared !== undefined) return declared;
  const sniffed = sniffFormat(bytes);
  if (sniffed === undefined) {
    throw new DecodeError('UNSUPPORTED_FORMAT', bytes.length === 0 ? 'The body is empty' : 'No content type, and the body is not JSON, XML or .NET Binary XML', { offset: 0 });
  }
  return sniffed;
}

/**
 * `application/xml` → model: the mapping shared with .NET Binary XML ({@link ContextMapper}) driving the text XML
 * pull reader, with no tree in between.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { DecodeError, isDecodeError } from '../errors';
import type { DecodeLimits } from '../limits';
import type { RemoteExecutionContext } from '../model';
import { ContextMapper } from './contextMapper';
import { Path } from './pullReader';
import { latin1Text } from './utf8Text';
import { XmlTextPullReader } from './xmlPullReader';

const reader = new XmlTextPullReader();
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** From this many bytes on, a body is read in windows (see `XmlTextPullReader.beginWindowed`). */
const WINDOWED = 128 * 1024;

/** Maps the document `begin` starts reading. */
function read(begin: (path: Path) => void, limits: DecodeLimits): RemoteExecutionContext {
  const path = new Path();
  try {
    begin(path);
    const context = new ContextMapper(reader, limits, path).readRoot();
    reader.finish();
    return context;
  } catch (error) {
    // Malformed markup comes first, as when the whole document was parsed before mapping.
    if (isDecodeError(error) && (error.code === 'NOT_A_CONTEXT' || error.code === 'INVALID_VALUE')) {
      reader.drain();
    }
    throw error;
  } finally {
    reader.release();
  }
}

/**
 * Decodes a UTF-8 text XML `RemoteExecutionContext`.
 *
 * The body is parsed through a latin1 view of its bytes (markup is ASCII), decoding only the values that hold
 * non-ASCII bytes; a body with non-ASCII bytes that fails that way is read again as decoded text, so that errors and
 * their offsets are exactly those of a reader of the decoded document. A body of 128 KB or more is viewed in windows
 * (one string of that size costs V8 more than the whole decoding of a typical context); one that fails that way is
 * read again whole.
 *
 * @throws {DecodeError} `INVALID_XML` (not UTF-8, malformed, DTD...), `LIMIT_EXCEEDED`, `NOT_A_CONTEXT`,
 *   `INVALID_VALUE`.
 * @example
 * ```ts
 * const context = contextFromXmlBytes(body, DEFAULT_DECODE_LIMITS);
 * ```
 */
export function contextFromXmlBytes(bytes: Uint8Array, limits: DecodeLimits): RemoteExecutionContext {
  // ASCII is valid UTF-8: the second (slower) check only for the other bodies.
  const ascii = isAscii(bytes);
  if (!ascii && !isUtf8(bytes)) {
    throw new DecodeError('INVALID_XML', 'The body is not valid UTF-8', { cause: new TypeError('The encoded data was not valid for encoding utf-8') });
  }
  // A BOM is not part of the document (as TextDecoder drops it).
  const start = !ascii && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = start === 0 ? bytes : bytes.subarray(start);
  if (body.length >= WINDOWED) {
    try {
      return read((path) => reader.beginWindowed(body, ascii, limits, path), limits);
    } catch (error) {
      // Offsets are relative to a window: the body is read again the ordinary way, which reports the error exactly.
      if (!isDecodeError(error)) throw error;
    }
  }
  if (ascii) return read((path) => reader.begin(latin1Text(bytes, 0, bytes.length), null, limits, path, bytes), limits);
  try {
    return read((path) => reader.begin(latin1Text(body, 0, body.length), body, limits, path), limits);
  } catch (error) {
    if (!isDecodeError(error)) throw error;
    const text = utf8.decode(bytes);
    // The decoder dropped the byte order mark; another U+FEFF is content before the root (the reader would skip it).
    if (text.charCodeAt(0) === 0xfeff) throw new DecodeError('INVALID_XML', 'Text is not allowed before the root element (a second byte order mark)', { offset: 0 });
    return read((path) => reader.begin(text, null, limits, path), limits);
  }
}

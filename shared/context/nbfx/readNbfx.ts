/**
 * .NET Binary XML (MC-NBFX) reader. Interim: binary decoding is tracked in its own issue; until it lands,
 * `application/msbin1` bodies fail with a clear `UNSUPPORTED_FORMAT` error.
 */
import { DecodeError } from '../errors';
import type { DecodeLimits } from '../limits';
import type { XmlNode } from '../xml/node';

/** Reads an NBFX document into the element tree. */
export function readNbfx(_bytes: Uint8Array, _limits: DecodeLimits): XmlNode {
  throw new DecodeError('UNSUPPORTED_FORMAT', '.NET Binary XML (application/msbin1) decoding is not available yet');
}

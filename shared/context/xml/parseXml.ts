// Interim placeholder: replaced by the XML reader.
import { DecodeError } from '../errors';
import type { DecodeLimits } from '../limits';
import type { XmlNode } from './node';

export function parseXml(_text: string, _limits: DecodeLimits): XmlNode {
  throw new DecodeError('UNSUPPORTED_FORMAT', 'XML decoding is not available yet');
}

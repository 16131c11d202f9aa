// Interim placeholder: replaced by the XML-to-model mapping.
import { DecodeError } from '../errors';
import type { DecodeLimits } from '../limits';
import type { RemoteExecutionContext } from '../model';
import type { XmlNode } from './node';

export function contextFromXml(_root: XmlNode, _limits: DecodeLimits): RemoteExecutionContext {
  throw new DecodeError('UNSUPPORTED_FORMAT', 'XML decoding is not available yet');
}

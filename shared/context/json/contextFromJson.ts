// Interim placeholder: replaced by the JSON decoder.
import { DecodeError } from '../errors';
import type { DecodeLimits } from '../limits';
import type { RemoteExecutionContext } from '../model';

export function contextFromJsonText(_text: string, _limits: DecodeLimits): RemoteExecutionContext {
  throw new DecodeError('UNSUPPORTED_FORMAT', 'JSON decoding is not available yet');
}

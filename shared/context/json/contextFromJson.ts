/**
 * The JSON decoder: a `RemoteExecutionContext` as Dataverse's `DataContractJsonSerializer` writes it (Service Bus
 * `application/json`, and webhook bodies) → the normalized model.
 *
 * `JSON.parse` does the parsing; one walk over its output builds the model (see `readContext`, `readValue`).
 */
import { DecodeError } from '../errors';
import { limitExceeded, type DecodeLimits } from '../limits';
import type { RemoteExecutionContext } from '../model';
import { exceedsDepth } from './exceedsDepth';
import { describeJson, isJsonObject, JsonWalk } from './jsonWalk';
import { parseJson } from './parseJson';
import { readContext, REQUIRED_CONTEXT_MEMBERS } from './readContext';

/**
 * Decodes the JSON text of a `RemoteExecutionContext`.
 *
 * @throws {DecodeError} `INVALID_JSON` (not JSON), `NOT_A_CONTEXT` (JSON, but not a context: not an object, a
 * required member missing, a collection that is not an array), `INVALID_VALUE` (a member of the wrong type, a bad
 * GUID or date), `LIMIT_EXCEEDED` (nesting deeper than `maxDepth`, an array longer than `maxArrayLength`, a string
 * longer than `maxStringLength`). Each names the member `path`, e.g. `InputParameters.Target.Attributes.revenue`.
 * @example
 * ```ts
 * import { DEFAULT_DECODE_LIMITS } from '../limits';
 *
 * const context = contextFromJsonText(body, DEFAULT_DECODE_LIMITS);
 * console.log(context.messageName, context.primaryEntityName, context.inputParameters['Target']);
 * ```
 */
export function contextFromJsonText(text: string, limits: DecodeLimits): RemoteExecutionContext {
  const root = parseJson(text);
  // Garbage nested past the limit is reported as such (the walk would not look at it): the limit is what matters.
  if (!isJsonObject(root)) {
    if (exceedsDepth(root, limits.maxDepth)) throw limitExceeded('maxDepth', limits.maxDepth);
    throw new DecodeError('NOT_A_CONTEXT', `Not a RemoteExecutionContext: the JSON root is ${describeJson(root)}, not an object`);
  }
  if (!hasRequiredMembers(root) && exceedsDepth(root, limits.maxDepth)) throw limitExceeded('maxDepth', limits.maxDepth);
  return readContext(new JsonWalk(limits), root);
}

function hasRequiredMembers(root: { readonly [member: string]: unknown }): boolean {
  for (const member of REQUIRED_CONTEXT_MEMBERS) {
    if (root[member] === undefined || root[member] === null) return false;
  }
  return true;
}

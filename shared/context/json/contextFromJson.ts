/**
 * The JSON decoder: a `RemoteExecutionContext` as Dataverse's `DataContractJsonSerializer` writes it (Service Bus
 * `application/json`, and webhook bodies) → the normalized model.
 *
 * `JSON.parse` does the parsing; one walk over its output builds the model (see `readContext`, `readValue`).
 */
import { DecodeError, isDecodeError } from '../errors';
import { limitExceeded, type DecodeLimits } from '../limits';
import type { RemoteExecutionContext } from '../model';
import { exceedsDepth } from './exceedsDepth';
import { jsonText } from './jsonText';
import { describeJson, isJsonObject, JsonWalk } from './jsonWalk';
import { restoreLongStrings, splitLongStrings } from './longStrings';
import { parseJson } from './parseJson';
import { readContext } from './readContext';

/**
 * Decodes the UTF-8 bytes of a `RemoteExecutionContext` JSON body (what Service Bus delivers).
 *
 * A large body made large by long strings is parsed in pieces (see `splitLongStrings`); the result and the errors
 * are those of {@link contextFromJsonText} on the body's text, to which every other body goes.
 *
 * @throws {DecodeError} as {@link contextFromJsonText}, and `INVALID_JSON` when the bytes are not UTF-8.
 * @example
 * ```ts
 * const context = contextFromJsonBytes(message.body, DEFAULT_DECODE_LIMITS);
 * ```
 */
export function contextFromJsonBytes(bytes: Uint8Array, limits: DecodeLimits): RemoteExecutionContext {
  const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cut = splitLongStrings(body);
  if (cut !== undefined) {
    let root: unknown;
    try {
      root = JSON.parse(cut.skeleton) as unknown;
    } catch {
      // The plain path names the error (and its offset in the whole text).
      return contextFromJsonText(jsonText(body), limits);
    }
    return contextFromJsonValue(restoreLongStrings(root, cut.values), limits);
  }
  return contextFromJsonText(jsonText(body), limits);
}

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
  return contextFromJsonValue(parseJson(text), limits);
}

/** The walk over a parsed body. */
function contextFromJsonValue(root: unknown, limits: DecodeLimits): RemoteExecutionContext {
  if (!isJsonObject(root)) {
    if (exceedsDepth(root, limits.maxDepth)) throw limitExceeded('maxDepth', limits.maxDepth);
    throw new DecodeError('NOT_A_CONTEXT', `Not a RemoteExecutionContext: the JSON root is ${describeJson(root)}, not an object`);
  }
  try {
    return readContext(new JsonWalk(limits), root);
  } catch (error) {
    // Garbage nested past the limit is reported as such, though the walk did not look at all of it: the limit is
    // what a sender must learn about. Checked only on this failure path, so a good body is walked once.
    if (isDecodeError(error) && error.code === 'NOT_A_CONTEXT' && exceedsDepth(root, limits.maxDepth)) {
      throw limitExceeded('maxDepth', limits.maxDepth);
    }
    throw error;
  }
}

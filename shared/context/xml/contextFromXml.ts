/**
 * The XML infoset → model mapping of a `RemoteExecutionContext` over an element tree (tests, tools): the same
 * mapping ({@link ContextMapper}) the decoders drive with their pull readers, reading the tree through a
 * {@link TreePullReader}.
 */
import type { DecodeLimits } from '../limits';
import type { RemoteExecutionContext } from '../model';
import { ContextMapper } from './contextMapper';
import type { XmlNode } from './node';
import { Path } from './pullReader';
import { TreePullReader } from './treePullReader';

/**
 * Maps the element tree of a DataContractSerializer `RemoteExecutionContext` (text or binary XML) to the model.
 *
 * Members are found by local name in any order; a missing or nil member becomes `null` (a missing or nil collection
 * becomes `{}`), unknown members are ignored. Values in parameter and attribute collections are typed by their
 * `i:type`, resolved by namespace URI; a type the model does not know becomes an `Unknown` value.
 *
 * @throws {DecodeError} `NOT_A_CONTEXT` when the root is not a `RemoteExecutionContext` in the xrm 2011 namespace or
 *   a collection item is malformed; `INVALID_VALUE` with a dotted path (`InputParameters.Target.Attributes.revenue`)
 *   when a value cannot be read as its type; `LIMIT_EXCEEDED` when a collection exceeds `maxArrayLength`.
 * @example
 * ```ts
 * import { DEFAULT_DECODE_LIMITS } from '../limits';
 * import { parseXml } from './parseXml';
 *
 * const context = contextFromXml(parseXml(body, DEFAULT_DECODE_LIMITS), DEFAULT_DECODE_LIMITS);
 * console.log(context.messageName, context.inputParameters['Target']);
 * ```
 */
export function contextFromXml(root: XmlNode, limits: DecodeLimits): RemoteExecutionContext {
  const path = new Path();
  return new ContextMapper(new TreePullReader(root, path), limits, path).readRoot();
}

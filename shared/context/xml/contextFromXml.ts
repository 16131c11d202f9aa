/**
 * The XML infoset → model mapping of a `RemoteExecutionContext`, shared by text XML (`application/xml`) and .NET
 * Binary XML (`application/msbin1`): both readers produce the same {@link XmlNode} tree.
 */
import { DecodeError } from '../errors';
import type { DecodeLimits } from '../limits';
import type { RemoteExecutionContext } from '../model';
import { XRM_2011_NS } from './namespaces';
import type { XmlNode } from './node';
import { absent, joinPath, XmlValueReader } from './xmlValueReader';

type MemberReader = (context: RemoteExecutionContext, member: XmlNode, path: string, values: XmlValueReader) => void;

/**
 * The members by local name. A map rather than a `switch`: one hash of the element's name instead of up to thirty
 * string comparisons.
 */
const MEMBERS: ReadonlyMap<string, MemberReader> = new Map<string, MemberReader>([
  ['BusinessUnitId', (c, m, p, v) => void (c.businessUnitId = v.guid(m, p))],
  ['CorrelationId', (c, m, p, v) => void (c.correlationId = v.guid(m, p))],
  ['Depth', (c, m, p, v) => void (c.depth = v.integer(m, p))],
  ['InitiatingUserAgent', (c, m, _p, v) => void (c.initiatingUserAgent = m.nil ? null : v.string(m))],
  ['InitiatingUserAzureActiveDirectoryObjectId', (c, m, p, v) => void (c.initiatingUserAzureActiveDirectoryObjectId = m.nil ? null : v.guid(m, p))],
  ['InitiatingUserId', (c, m, p, v) => void (c.initiatingUserId = v.guid(m, p))],
  ['InputParameters', (c, m, p, v) => void (c.inputParameters = v.valueCollection(m, p))],
  ['IsExecutingOffline', (c, m, p, v) => void (c.isExecutingOffline = v.boolean(m, p))],
  ['IsInTransaction', (c, m, p, v) => void (c.isInTransaction = v.boolean(m, p))],
  ['IsOfflinePlayback', (c, m, p, v) => void (c.isOfflinePlayback = v.boolean(m, p))],
  ['IsolationMode', (c, m, p, v) => void (c.isolationMode = v.integer(m, p))],
  ['MessageName', (c, m, _p, v) => void (c.messageName = v.string(m))],
  ['Mode', (c, m, p, v) => void (c.mode = v.integer(m, p))],
  ['OperationCreatedOn', (c, m, p, v) => void (c.operationCreatedOn = v.date(m, p))],
  ['OperationId', (c, m, p, v) => void (c.operationId = v.guid(m, p))],
  ['OrganizationId', (c, m, p, v) => void (c.organizationId = v.guid(m, p))],
  ['OrganizationName', (c, m, _p, v) => void (c.organizationName = v.string(m))],
  ['OutputParameters', (c, m, p, v) => void (c.outputParameters = v.valueCollection(m, p))],
  ['OwningExtension', (c, m, p, v) => void (c.owningExtension = m.nil ? null : v.entityReference(m, p))],
  // Recursion is bounded: the reader already refused anything deeper than maxDepth.
  ['ParentContext', (c, m, p, v) => void (c.parentContext = m.nil ? null : readContext(m, p, v))],
  ['PostEntityImages', (c, m, p, v) => void (c.postEntityImages = v.entityCollectionByKey(m, p))],
  ['PreEntityImages', (c, m, p, v) => void (c.preEntityImages = v.entityCollectionByKey(m, p))],
  ['PrimaryEntityId', (c, m, p, v) => void (c.primaryEntityId = v.guid(m, p))],
  ['PrimaryEntityName', (c, m, _p, v) => void (c.primaryEntityName = v.string(m))],
  ['RequestId', (c, m, p, v) => void (c.requestId = m.nil ? null : v.guid(m, p))],
  ['SecondaryEntityName', (c, m, _p, v) => void (c.secondaryEntityName = v.string(m))],
  ['SharedVariables', (c, m, p, v) => void (c.sharedVariables = v.valueCollection(m, p))],
  ['Stage', (c, m, p, v) => void (c.stage = v.integer(m, p))],
  ['UserAzureActiveDirectoryObjectId', (c, m, p, v) => void (c.userAzureActiveDirectoryObjectId = m.nil ? null : v.guid(m, p))],
  ['UserId', (c, m, p, v) => void (c.userId = v.guid(m, p))],
]);

function readContext(node: XmlNode, path: string, values: XmlValueReader): RemoteExecutionContext {
  // Every key of the model is present; a member the body lacks stays null (collections: empty).
  const context: RemoteExecutionContext = {
    messageName: absent(),
    primaryEntityName: absent(),
    primaryEntityId: absent(),
    secondaryEntityName: absent(),
    stage: absent(),
    mode: absent(),
    depth: absent(),
    isolationMode: absent(),
    isExecutingOffline: absent(),
    isOfflinePlayback: absent(),
    isInTransaction: absent(),
    userId: absent(),
    initiatingUserId: absent(),
    businessUnitId: absent(),
    organizationId: absent(),
    correlationId: absent(),
    operationId: absent(),
    requestId: null,
    userAzureActiveDirectoryObjectId: null,
    initiatingUserAzureActiveDirectoryObjectId: null,
    organizationName: absent(),
    operationCreatedOn: absent(),
    inputParameters: {},
    outputParameters: {},
    sharedVariables: {},
    preEntityImages: {},
    postEntityImages: {},
    owningExtension: null,
    parentContext: null,
  };
  for (const child of node.children) {
    // Members Dataverse may add later are ignored.
    MEMBERS.get(child.local)?.(context, child, joinPath(path, child.local), values);
  }
  return context;
}

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
  if (root.local !== 'RemoteExecutionContext' || root.ns !== XRM_2011_NS) {
    throw new DecodeError('NOT_A_CONTEXT', `The root element is {${root.ns}}${root.local}, not a {${XRM_2011_NS}}RemoteExecutionContext`);
  }
  if (root.nil) throw new DecodeError('NOT_A_CONTEXT', 'The root RemoteExecutionContext is nil');
  return readContext(root, '', new XmlValueReader(limits));
}

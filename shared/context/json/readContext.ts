/**
 * A DCJS `RemoteExecutionContext` object → the model's context.
 */
import type { RemoteExecutionContext } from '../model';
import { describeJson, isJsonObject, type JsonObject, type JsonWalk } from './jsonWalk';
import { readEntityImages, readEntityReference, readValueCollection } from './readValue';

/**
 * The members without which a JSON object is not taken for a context (missing or `null` → `NOT_A_CONTEXT`).
 * Every other member is optional: missing or `null` reads as `null` (collections as `{}`), as the model's rules say.
 */
export const REQUIRED_CONTEXT_MEMBERS = ['MessageName', 'PrimaryEntityName', 'OrganizationId', 'Stage', 'CorrelationId'] as const;

/**
 * Reads a context object (the body's root, or a `ParentContext`).
 *
 * @throws {DecodeError} `NOT_A_CONTEXT` when a required member is missing or a member has the wrong shape,
 * `INVALID_VALUE` when a member has the wrong type or a bad GUID or date, `LIMIT_EXCEEDED` past a limit.
 * @example
 * ```ts
 * const context = readContext(new JsonWalk(DEFAULT_DECODE_LIMITS), JSON.parse(body));
 * ```
 */
export function readContext(walk: JsonWalk, object: JsonObject): RemoteExecutionContext {
  // Named reads (not a loop over the list): a loop's `object[member]` is a keyed load that sees five names.
  if (object.MessageName == null || object.PrimaryEntityName == null || object.OrganizationId == null || object.Stage == null || object.CorrelationId == null) {
    throw missingMember(walk, object);
  }
  walk.enter(1);
  // Nullable reads cast to the model's types: a member Dataverse always writes but this body lacks reads as null.
  const context: RemoteExecutionContext = {
    messageName: walk.string(object.MessageName, 'MessageName') as string,
    primaryEntityName: walk.string(object.PrimaryEntityName, 'PrimaryEntityName') as string,
    primaryEntityId: walk.guid(object.PrimaryEntityId, 'PrimaryEntityId') as string,
    secondaryEntityName: walk.string(object.SecondaryEntityName, 'SecondaryEntityName') as string,
    stage: walk.int(object.Stage, 'Stage') as number,
    mode: walk.int(object.Mode, 'Mode') as number,
    depth: walk.int(object.Depth, 'Depth') as number,
    isolationMode: walk.int(object.IsolationMode, 'IsolationMode') as number,
    isExecutingOffline: walk.boolean(object.IsExecutingOffline, 'IsExecutingOffline') as boolean,
    isOfflinePlayback: walk.boolean(object.IsOfflinePlayback, 'IsOfflinePlayback') as boolean,
    isInTransaction: walk.boolean(object.IsInTransaction, 'IsInTransaction') as boolean,
    userId: walk.guid(object.UserId, 'UserId') as string,
    initiatingUserId: walk.guid(object.InitiatingUserId, 'InitiatingUserId') as string,
    businessUnitId: walk.guid(object.BusinessUnitId, 'BusinessUnitId') as string,
    organizationId: walk.guid(object.OrganizationId, 'OrganizationId') as string,
    correlationId: walk.guid(object.CorrelationId, 'CorrelationId') as string,
    operationId: walk.guid(object.OperationId, 'OperationId') as string,
    requestId: walk.guid(object.RequestId, 'RequestId'),
    userAzureActiveDirectoryObjectId: walk.guid(object.UserAzureActiveDirectoryObjectId, 'UserAzureActiveDirectoryObjectId'),
    initiatingUserAzureActiveDirectoryObjectId: walk.guid(
      object.InitiatingUserAzureActiveDirectoryObjectId,
      'InitiatingUserAzureActiveDirectoryObjectId',
    ),
    organizationName: walk.string(object.OrganizationName, 'OrganizationName') as string,
    operationCreatedOn: walk.date(object.OperationCreatedOn, 'OperationCreatedOn') as string,
    inputParameters: readValueCollection(walk, object.InputParameters, 'InputParameters'),
    outputParameters: readValueCollection(walk, object.OutputParameters, 'OutputParameters'),
    sharedVariables: readValueCollection(walk, object.SharedVariables, 'SharedVariables'),
    preEntityImages: readEntityImages(walk, object.PreEntityImages, 'PreEntityImages'),
    postEntityImages: readEntityImages(walk, object.PostEntityImages, 'PostEntityImages'),
    owningExtension: readOwningExtension(walk, object.OwningExtension),
    parentContext: readParentContext(walk, object.ParentContext),
  };
  // Only when sent: older Dataverse versions do not write it, and the model keeps that difference visible.
  if (object.InitiatingUserAgent !== undefined) {
    context.initiatingUserAgent = walk.string(object.InitiatingUserAgent, 'InitiatingUserAgent');
  }
  walk.leave(1);
  return context;
}

/** The error for the first required member that is missing or `null`. */
function missingMember(walk: JsonWalk, object: JsonObject): Error {
  const member = REQUIRED_CONTEXT_MEMBERS.find((name) => object[name] === undefined || object[name] === null) as string;
  return walk.error('NOT_A_CONTEXT', `Not a RemoteExecutionContext: member ${member} is missing`, member);
}

function readOwningExtension(walk: JsonWalk, value: unknown): RemoteExecutionContext['owningExtension'] {
  if (value === null || value === undefined) return null;
  if (!isJsonObject(value)) throw walk.error('NOT_A_CONTEXT', `Expected an EntityReference object, got ${describeJson(value)}`, 'OwningExtension');
  walk.push('OwningExtension');
  const reference = readEntityReference(walk, value);
  walk.pop();
  return reference;
}

function readParentContext(walk: JsonWalk, value: unknown): RemoteExecutionContext | null {
  if (value === null || value === undefined) return null;
  if (!isJsonObject(value)) throw walk.error('NOT_A_CONTEXT', `Expected a context object, got ${describeJson(value)}`, 'ParentContext');
  walk.push('ParentContext');
  const parent = readContext(walk, value);
  walk.pop();
  return parent;
}

/**
 * The sidecar Dataverse would have sent with a context, for bodies that come without one.
 */
import { CONTENT_TYPES } from '../../shared/context/detectFormat';
import type { RemoteExecutionContext, WireFormat } from '../../shared/context/model';
import { DATAVERSE_PROPERTY } from './claims';
import type { Sidecar } from './sidecar';

/**
 * Builds the properties Dataverse sets for a context posted in `format`, with the step's user claim set to "UserId"
 * (braced user ids). The organization claim uses the context's `OrganizationName`; a real message carries the
 * organization's host name (`contoso.crm.dynamics.com`) there, so prefer a captured sidecar when you have one.
 *
 * @example
 * ```ts
 * const { format, context } = decodeContextWithFormat(body);
 * const sidecar = sidecarFromContext(context, format);
 * ```
 */
export function sidecarFromContext(context: RemoteExecutionContext, format: WireFormat): Sidecar {
  return {
    contentType: CONTENT_TYPES[format],
    correlationId: `{${context.correlationId}}`,
    messageId: undefined,
    deliveryCount: undefined,
    enqueuedTimeUtc: undefined,
    applicationProperties: {
      [DATAVERSE_PROPERTY.organization]: context.organizationName?.toLowerCase() ?? null,
      [DATAVERSE_PROPERTY.user]: context.userId === null ? null : `{${context.userId}}`,
      [DATAVERSE_PROPERTY.initiatingUser]: context.initiatingUserId === null ? null : `{${context.initiatingUserId}}`,
      [DATAVERSE_PROPERTY.entityLogicalName]: context.primaryEntityName,
      [DATAVERSE_PROPERTY.requestName]: context.messageName,
    },
  };
}

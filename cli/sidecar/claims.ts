/**
 * The Service Bus application-property keys Dataverse sets on every message it posts
 * (`Microsoft.Xrm.Sdk.ClaimTypes`; AMQP keys are case-sensitive, and the prefix is `http://`, not `https://`).
 */

const PREFIX = 'http://schemas.microsoft.com/xrm/2011/Claims/';

/** Application-property keys, by what they carry. */
export const DATAVERSE_PROPERTY = {
  /** The organization, lower-case, e.g. `contoso.crm.dynamics.com`. */
  organization: `${PREFIX}Organization`,
  /** The calling user: braced GUID, a user name, or `null`, depending on the step's user claim setting. */
  user: `${PREFIX}User`,
  /** The initiating user, with the same rules as {@link DATAVERSE_PROPERTY.user}. */
  initiatingUser: `${PREFIX}InitiatingUser`,
  /** `PrimaryEntityName` of the context, e.g. `account`. */
  entityLogicalName: `${PREFIX}EntityLogicalName`,
  /** `MessageName` of the context, e.g. `Update`. */
  requestName: `${PREFIX}RequestName`,
  /** The initiating client's user agent (newer online builds). */
  initiatingUserAgent: `${PREFIX}InitiatingUserAgent`,
  /** `true` when Dataverse dropped parameters and images because the message exceeded 192 KB. */
  messageMaxSizeExceeded: 'MessageMaxSizeExceeded',
} as const;

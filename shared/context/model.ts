/**
 * The normalized `RemoteExecutionContext` model every decoder produces.
 *
 * It is plain data: the same context posted as .NET Binary XML, JSON or XML decodes to deep-equal objects, and
 * `JSON.stringify` of a context is exactly the `decode` command's output (docs/model.md). GUIDs are lower-case dashed
 * strings, dates are ISO 8601 UTC strings with milliseconds, EntityState and EntityRole are names, key/value
 * collections are plain objects.
 */

/** A lower-case, dashed, 36-character GUID string, e.g. `"6420f0cc-916b-ee11-9ae6-000d3a688809"`. */
export type Guid = string;

/** An ISO 8601 UTC date string with milliseconds, e.g. `"2024-05-01T13:45:10.123Z"`. */
export type IsoDate = string;

/** `Microsoft.Xrm.Sdk.EntityState`, by name. */
export type EntityState = 'Unchanged' | 'Created' | 'Changed';

/** `Microsoft.Xrm.Sdk.EntityRole`, by name. */
export type EntityRole = 'Referencing' | 'Referenced';

/** A row: `Microsoft.Xrm.Sdk.Entity`. Used for Target, images, and entities in collections. */
export interface Entity {
  readonly kind: 'Entity';
  /** The table's logical name, e.g. `account`. */
  logicalName: string;
  /** The row id (all zeros for new child rows such as activity parties). */
  id: Guid;
  /** Column values by logical name. */
  attributes: Record<string, Value>;
  /** Formatted (display) values by logical name, as Dataverse rendered them for the user. */
  formattedValues: Record<string, string>;
  /** Alternate key values by key column name. */
  keyAttributes: Record<string, Value>;
  /** Related rows, by relationship. */
  relatedEntities: RelatedEntities[];
  rowVersion: string | null;
  entityState: EntityState | null;
}

/** One entry of {@link Entity.relatedEntities}. */
export interface RelatedEntities {
  relationship: Relationship;
  entities: EntityCollection;
}

/** A lookup: `Microsoft.Xrm.Sdk.EntityReference`. */
export interface EntityReference {
  readonly kind: 'EntityReference';
  logicalName: string;
  id: Guid;
  name: string | null;
  keyAttributes: Record<string, Value>;
  rowVersion: string | null;
}

/** A choice value: `Microsoft.Xrm.Sdk.OptionSetValue`. */
export interface OptionSetValue {
  readonly kind: 'OptionSetValue';
  value: number;
}

/** A multi-select choice value: `Microsoft.Xrm.Sdk.OptionSetValueCollection`. */
export interface OptionSetValueCollection {
  readonly kind: 'OptionSetValueCollection';
  values: number[];
}

/** A currency value: `Microsoft.Xrm.Sdk.Money`. */
export interface Money {
  readonly kind: 'Money';
  value: number;
}

/** `Microsoft.Xrm.Sdk.EntityCollection` (also party lists such as `to`, `from`, `requiredattendees`). */
export interface EntityCollection {
  readonly kind: 'EntityCollection';
  entityName: string | null;
  entities: Entity[];
  moreRecords: boolean;
  pagingCookie: string | null;
  totalRecordCount: number;
  totalRecordCountLimitExceeded: boolean;
  minActiveRowVersion: string | null;
}

/** `Microsoft.Xrm.Sdk.EntityReferenceCollection` (e.g. `RelatedEntities` of Associate). */
export interface EntityReferenceCollection {
  readonly kind: 'EntityReferenceCollection';
  references: EntityReference[];
}

/** A value from a linked entity in a query result: `Microsoft.Xrm.Sdk.AliasedValue`. */
export interface AliasedValue {
  readonly kind: 'AliasedValue';
  entityLogicalName: string;
  attributeLogicalName: string;
  value: Value;
}

/** `Microsoft.Xrm.Sdk.Relationship` (e.g. the `Relationship` parameter of Associate). */
export interface Relationship {
  readonly kind: 'Relationship';
  schemaName: string;
  primaryEntityRole: EntityRole | null;
}

/** `Microsoft.Xrm.Sdk.BooleanManagedProperty`. */
export interface BooleanManagedProperty {
  readonly kind: 'BooleanManagedProperty';
  value: boolean;
  canBeChanged: boolean;
  managedPropertyLogicalName: string;
}

/** A plain JSON rendering of a value whose type the model does not know (see {@link Unknown}). */
export type GenericValue = null | string | number | boolean | GenericValue[] | { [key: string]: GenericValue };

/** Any other typed value (for example a `QueryExpression` in a parent context), kept without failing. */
export interface Unknown {
  readonly kind: 'Unknown';
  /** The contract name, e.g. `QueryExpression`. */
  type: string;
  /** The contract namespace, when the format carries one. */
  namespace: string | null;
  value: GenericValue;
}

/** The tagged values, discriminated by `kind`. */
export type TypedValue =
  | Entity
  | EntityReference
  | OptionSetValue
  | OptionSetValueCollection
  | Money
  | EntityCollection
  | EntityReferenceCollection
  | AliasedValue
  | Relationship
  | BooleanManagedProperty
  | Unknown;

/** The `kind` of every {@link TypedValue}. */
export type ValueKind = TypedValue['kind'];

/**
 * A value in a parameter collection, an attribute collection or a shared variable.
 *
 * Strings, GUIDs and dates are all strings (the JSON wire format cannot tell them apart); `int`, `long`, `double`
 * and `decimal` are numbers.
 */
export type Value = null | string | number | boolean | Value[] | TypedValue;


export interface RemoteExecutionContext {
  /** The message (request) name: `Create`, `Update`, `Delete`, `Assign`, a custom action's name, ... */
  messageName: string;
  /** The primary table's logical name. */
  primaryEntityName: string;
  primaryEntityId: Guid | null;
  /** Usually `"none"`. */
  secondaryEntityName: string | null;
  /** 10 PreValidation, 20 PreOperation, 30 MainOperation, 40 PostOperation. */
  stage: number;
  /** 0 synchronous, 1 asynchronous. */
  mode: number | null;
  /** 1 for a top-level operation; higher when triggered by another plug-in. */
  depth: number | null;
  /** 1 None, 2 Sandbox. */
  isolationMode: number | null;
  isExecutingOffline: boolean | null;
  isOfflinePlayback: boolean | null;
  isInTransaction: boolean | null;
  userId: Guid | null;
  initiatingUserId: Guid | null;
  businessUnitId: Guid | null;
  organizationId: Guid;
  correlationId: Guid;
  /** The system job id for asynchronous steps: the key Dataverse keeps when it re-posts an operation. */
  operationId: Guid | null;
  requestId: Guid | null;
  userAzureActiveDirectoryObjectId: Guid | null;
  initiatingUserAzureActiveDirectoryObjectId: Guid | null;
  organizationName: string | null;
  operationCreatedOn: IsoDate | null;
  /** Request parameters: `Target`, `Assignee`, `EntityMoniker`, custom action inputs, ... */
  inputParameters: Record<string, Value>;
  /** Response parameters, e.g. `id` for Create in PostOperation. */
  outputParameters: Record<string, Value>;
  sharedVariables: Record<string, Value>;
  /** Pre images by the alias registered on the step. */
  preEntityImages: Record<string, Entity>;
  /** Post images by the alias registered on the step. */
  postEntityImages: Record<string, Entity>;
  /** The step (`sdkmessageprocessingstep`) that posted this context. */
  owningExtension: EntityReference | null;
  parentContext: RemoteExecutionContext | null;
  /** The initiating client's user agent; newer Dataverse versions send it, older ones do not (then absent). */
  initiatingUserAgent?: string | null;
}

/** The three wire formats Dataverse can post. */
export type WireFormat = 'binary' | 'json' | 'xml';

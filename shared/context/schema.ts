/**
 * zod schemas of the normalized model. The decoders build the model directly (validating as they go, for speed);
 * these schemas let tests, tools and users validate a model they got elsewhere (a stored audit body, a hand-written
 * test context) and document the contract in code.
 */
import { z } from 'zod';
import type {
  Entity,
  EntityCollection,
  EntityReference,
  GenericValue,
  RemoteExecutionContext,
  TypedValue,
  Value,
} from './model';

/**
 * A lower-case dashed GUID. (Every schema here is used the same way: `schema.parse(x)` throws, `schema.safeParse(x)`
 * returns `{ success, data | error }`.)
 *
 * @example
 * ```ts
 * guidSchema.safeParse('6420f0cc-916b-ee11-9ae6-000d3a688809').success; // true
 * entitySchema.parse(context.inputParameters['Target']); // throws unless Target is an Entity
 * ```
 */
export const guidSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a lower-case dashed GUID');

/** An ISO 8601 UTC date with milliseconds. */
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'an ISO 8601 UTC date with milliseconds');

const genericValueSchema: z.ZodType<GenericValue> = z.lazy(() =>
  z.union([z.null(), z.string(), z.number(), z.boolean(), z.array(genericValueSchema), z.record(z.string(), genericValueSchema)]),
);

const entityStateSchema = z.enum(['Unchanged', 'Created', 'Changed']).nullable();
const entityRoleSchema = z.enum(['Referencing', 'Referenced']).nullable();

/** Any {@link Value}. */
export const valueSchema: z.ZodType<Value> = z.lazy(() =>
  z.union([z.null(), z.string(), z.number(), z.boolean(), z.array(valueSchema), typedValueSchema]),
);

/** {@link EntityReference}. */
export const entityReferenceSchema: z.ZodType<EntityReference> = z.lazy(() =>
  z.strictObject({
    kind: z.literal('EntityReference'),
    logicalName: z.string(),
    id: guidSchema,
    name: z.string().nullable(),
    keyAttributes: z.record(z.string(), valueSchema),
    rowVersion: z.string().nullable(),
  }),
);

const relationshipSchema = z.strictObject({ kind: z.literal('Relationship'), schemaName: z.string(), primaryEntityRole: entityRoleSchema });

/** {@link Entity}. */
export const entitySchema: z.ZodType<Entity> = z.lazy(() =>
  z.strictObject({
    kind: z.literal('Entity'),
    logicalName: z.string(),
    id: guidSchema,
    attributes: z.record(z.string(), valueSchema),
    formattedValues: z.record(z.string(), z.string()),
    keyAttributes: z.record(z.string(), valueSchema),
    relatedEntities: z.array(z.strictObject({ relationship: relationshipSchema, entities: entityCollectionSchema })),
    rowVersion: z.string().nullable(),
    entityState: entityStateSchema,
  }),
);

/** {@link EntityCollection}. */
export const entityCollectionSchema: z.ZodType<EntityCollection> = z.lazy(() =>
  z.strictObject({
    kind: z.literal('EntityCollection'),
    entityName: z.string().nullable(),
    entities: z.array(entitySchema),
    moreRecords: z.boolean(),
    pagingCookie: z.string().nullable(),
    totalRecordCount: z.number(),
    totalRecordCountLimitExceeded: z.boolean(),
    minActiveRowVersion: z.string().nullable(),
  }),
);

/** Any {@link TypedValue}, discriminated by `kind`. */
export const typedValueSchema: z.ZodType<TypedValue> = z.lazy(() =>
  z.union([
    entitySchema,
    entityReferenceSchema,
    z.strictObject({ kind: z.literal('OptionSetValue'), value: z.number() }),
    z.strictObject({ kind: z.literal('OptionSetValueCollection'), values: z.array(z.number()) }),
    z.strictObject({ kind: z.literal('Money'), value: z.number() }),
    entityCollectionSchema,
    z.strictObject({ kind: z.literal('EntityReferenceCollection'), references: z.array(entityReferenceSchema) }),
    z.strictObject({ kind: z.literal('AliasedValue'), entityLogicalName: z.string(), attributeLogicalName: z.string(), value: valueSchema }),
    relationshipSchema,
    z.strictObject({ kind: z.literal('BooleanManagedProperty'), value: z.boolean(), canBeChanged: z.boolean(), managedPropertyLogicalName: z.string() }),
    z.strictObject({ kind: z.literal('Unknown'), type: z.string(), namespace: z.string().nullable(), value: genericValueSchema }),
  ]),
);

/**
 * {@link RemoteExecutionContext}: every member of the contract must be present.
 *
 * @example
 * ```ts
 * import { remoteExecutionContextSchema } from './shared/context';
 *
 * const result = remoteExecutionContextSchema.safeParse(JSON.parse(storedBody));
 * if (!result.success) console.error(result.error.issues);
 * ```
 */
export const remoteExecutionContextSchema: z.ZodType<RemoteExecutionContext> = z.lazy(() =>
  z.object({
    messageName: z.string(),
    primaryEntityName: z.string(),
    primaryEntityId: guidSchema.nullable(),
    secondaryEntityName: z.string().nullable(),
    stage: z.number().int(),
    mode: z.number().int().nullable(),
    depth: z.number().int().nullable(),
    isolationMode: z.number().int().nullable(),
    isExecutingOffline: z.boolean().nullable(),
    isOfflinePlayback: z.boolean().nullable(),
    isInTransaction: z.boolean().nullable(),
    userId: guidSchema.nullable(),
    initiatingUserId: guidSchema.nullable(),
    businessUnitId: guidSchema.nullable(),
    organizationId: guidSchema,
    correlationId: guidSchema,
    operationId: guidSchema.nullable(),
    requestId: guidSchema.nullable(),
    userAzureActiveDirectoryObjectId: guidSchema.nullable(),
    initiatingUserAzureActiveDirectoryObjectId: guidSchema.nullable(),
    organizationName: z.string().nullable(),
    operationCreatedOn: isoDateSchema.nullable(),
    inputParameters: z.record(z.string(), valueSchema),
    outputParameters: z.record(z.string(), valueSchema),
    sharedVariables: z.record(z.string(), valueSchema),
    preEntityImages: z.record(z.string(), entitySchema),
    postEntityImages: z.record(z.string(), entitySchema),
    owningExtension: entityReferenceSchema.nullable(),
    parentContext: remoteExecutionContextSchema.nullable(),
    initiatingUserAgent: z.string().nullable().optional(),
  }),
);

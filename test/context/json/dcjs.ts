/**
 * Test helper: hand-written JSON bodies in the exact `DataContractJsonSerializer` shape (members in ordinal order,
 * `\/` escapes, `{"key":…,"value":…}` collections, `__type` first). Members are raw JSON text, so a test can put
 * anything, well-formed or not, in any member.
 */
import { contextFromJsonText } from '../../../shared/context/json/contextFromJson';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import type { Entity, RemoteExecutionContext, Value } from '../../../shared/context/model';

/** `__type` hints as DCJS writes them (with the escaped `\/`). */
export const XRM = 'http:\\/\\/schemas.microsoft.com\\/xrm\\/2011\\/Contracts';
export const hint = (name: string): string => `"__type":"${name}:${XRM}"`;

export const IDS = {
  businessUnit: '1d2e3f40-6f4d-ee11-be6f-000d3a5c1f20',
  correlation: 'c0aa0012-1f2e-4d3c-8b4a-59687a6b7c8d',
  user: '2a7c4e10-7a4d-ee11-be6f-000d3a5c1f20',
  organization: '0b6b9c1e-6f4d-ee11-be6f-000d3a5c1f20',
  operation: '7e0a0012-9c8b-4a7d-a6e5-f40312233445',
  account: '6420f012-c3d1-ee11-9ae6-000d3a680012',
  contact: '6420f013-c3d1-ee11-9ae6-000d3a680013',
  step: '5c0ffe12-aa11-ee11-8f6e-6045bd0e0012',
  aad: '9f1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
} as const;

/** Marks a member to leave out of {@link contextJson}. */
export const OMIT = Symbol('omit');

/** The members of a minimal real-looking Update context, as raw JSON text, in DCJS (ordinal) order. */
export function baseMembers(): Record<string, string> {
  return {
    BusinessUnitId: `"${IDS.businessUnit}"`,
    CorrelationId: `"${IDS.correlation}"`,
    Depth: '1',
    InitiatingUserAgent: '""',
    InitiatingUserAzureActiveDirectoryObjectId: `"${IDS.aad}"`,
    InitiatingUserId: `"${IDS.user}"`,
    InputParameters: '[]',
    IsExecutingOffline: 'false',
    IsInTransaction: 'false',
    IsOfflinePlayback: 'false',
    IsolationMode: '1',
    MessageName: '"Update"',
    Mode: '1',
    OperationCreatedOn: '"\\/Date(1718100000000+0000)\\/"',
    OperationId: `"${IDS.operation}"`,
    OrganizationId: `"${IDS.organization}"`,
    OrganizationName: '"unq0b6b9c1e6f4dee11be6f000d3a5c"',
    OutputParameters: '[]',
    OwningExtension: `{"Id":"${IDS.step}","KeyAttributes":[],"LogicalName":"sdkmessageprocessingstep","Name":"Contoso: Update of account","RowVersion":null}`,
    ParentContext: 'null',
    PostEntityImages: '[]',
    PreEntityImages: '[]',
    PrimaryEntityId: `"${IDS.account}"`,
    PrimaryEntityName: '"account"',
    RequestId: 'null',
    SecondaryEntityName: '"none"',
    SharedVariables: '[{"key":"IsAutoTransact","value":true}]',
    Stage: '40',
    UserAzureActiveDirectoryObjectId: `"${IDS.aad}"`,
    UserId: `"${IDS.user}"`,
  };
}

/**
 * A context body: {@link baseMembers} with some members replaced (raw JSON text) or left out ({@link OMIT}).
 *
 * @example
 * ```ts
 * contextJson({ Stage: '"40"' }); // a context whose Stage is a string
 * ```
 */
export function contextJson(overrides: Record<string, string | typeof OMIT> = {}): string {
  const members: Record<string, string | typeof OMIT> = { ...baseMembers(), ...overrides };
  const parts: string[] = [];
  for (const [name, value] of Object.entries(members)) if (value !== OMIT) parts.push(`"${name}":${value}`);
  return `{${parts.join(',')}}`;
}

/** `[{"key":…,"value":…}, …]` from raw JSON values. */
export function kv(pairs: Record<string, string>): string {
  return `[${Object.entries(pairs)
    .map(([key, value]) => `{"key":${JSON.stringify(key)},"value":${value}}`)
    .join(',')}]`;
}

/** An Entity object in DCJS shape (`typed`: with the `__type` hint, as in a parameter). */
export function entityJson(options: {
  logicalName?: string;
  id?: string;
  attributes?: Record<string, string>;
  formattedValues?: Record<string, string>;
  keyAttributes?: Record<string, string>;
  relatedEntities?: string;
  entityState?: string;
  rowVersion?: string;
  typed?: boolean;
}): string {
  const typeMember = options.typed === false ? '' : `${hint('Entity')},`;
  return (
    `{${typeMember}"Attributes":${kv(options.attributes ?? {})},"EntityState":${options.entityState ?? 'null'},` +
    `"FormattedValues":${kv(options.formattedValues ?? {})},"Id":"${options.id ?? IDS.account}",` +
    `"KeyAttributes":${kv(options.keyAttributes ?? {})},"LogicalName":"${options.logicalName ?? 'account'}",` +
    `"RelatedEntities":${options.relatedEntities ?? '[]'},"RowVersion":${options.rowVersion ?? 'null'}}`
  );
}

/** An EntityReference in DCJS shape, with its `__type` hint. */
export function referenceJson(logicalName: string, id: string, name: string | null = null): string {
  return `{${hint('EntityReference')},"Id":"${id}","KeyAttributes":[],"LogicalName":"${logicalName}","Name":${JSON.stringify(name)},"RowVersion":null}`;
}

/** Decodes with the default limits (or the given ones). */
export function decode(text: string, limits: Partial<DecodeLimits> = {}): RemoteExecutionContext {
  return contextFromJsonText(text, { ...DEFAULT_DECODE_LIMITS, ...limits });
}

/** Decodes a context whose Target is an Entity with these attributes (raw JSON), and returns the Target. */
export function decodeTarget(attributes: Record<string, string>): Entity {
  const context = decode(contextJson({ InputParameters: kv({ Target: entityJson({ attributes }) }) }));
  return context.inputParameters['Target'] as Entity;
}

/** Decodes one attribute value (raw JSON) of a Target. */
export function decodeAttribute(valueJson: string): Value | undefined {
  return decodeTarget({ value: valueJson }).attributes['value'];
}

/** The error a function throws (or `undefined`). */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * Test helper: writes a context description in the exact shapes `DataContractSerializer` (text XML) and
 * `DataContractJsonSerializer` (JSON) give it, so that tests and the benchmark can build realistic bodies without a
 * .NET runtime. Prefixes follow the serializer: `a` for System.Collections.Generic on each collection, `b` re-declared
 * on each typed value, `i` for XMLSchema-instance on the root.
 */

export const XRM = 'http://schemas.microsoft.com/xrm/2011/Contracts';
export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const GENERIC = 'http://schemas.datacontract.org/2004/07/System.Collections.Generic';
export const XSD = 'http://www.w3.org/2001/XMLSchema';
export const SER = 'http://schemas.microsoft.com/2003/10/Serialization/';
export const ARRAYS = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';
export const XRM71 = 'http://schemas.microsoft.com/xrm/7.1/Contracts';
export const XRM90 = 'http://schemas.microsoft.com/xrm/9.0/Contracts';

export type ValueSpec =
  | { t: 'null' }
  | { t: 'string'; v: string }
  | { t: 'int'; v: number }
  | { t: 'long'; v: number }
  | { t: 'decimal'; v: string }
  | { t: 'double'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'guid'; v: string }
  | { t: 'date'; v: string; ms: number }
  | { t: 'money'; v: string }
  | { t: 'option'; v: number }
  | { t: 'options'; v: number[] }
  | { t: 'ref'; v: RefSpec }
  | { t: 'entity'; v: EntitySpec }
  | { t: 'collection'; v: EntitySpec[]; entityName: string };

export interface RefSpec {
  logicalName: string;
  id: string;
  name?: string | null;
}

export interface EntitySpec {
  logicalName: string;
  id: string;
  attributes: [string, ValueSpec][];
  formatted?: [string, string][];
  rowVersion?: string | null;
}

export interface ContextSpec {
  messageName: string;
  primaryEntityName: string;
  primaryEntityId: string;
  stage: number;
  mode: number;
  depth: number;
  ids: { user: string; businessUnit: string; organization: string; correlation: string; operation: string; request: string | null };
  createdOn: { xml: string; json: string };
  input: [string, ValueSpec][];
  output: [string, ValueSpec][];
  shared: [string, ValueSpec][];
  pre: [string, EntitySpec][];
  post: [string, EntitySpec][];
  step: RefSpec;
  parent: ContextSpec | null;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

// ---------------------------------------------------------------- XML (DataContractSerializer)

function nil(name: string): string {
  return `<${name} i:nil="true"/>`;
}

function text(name: string, value: string | null): string {
  return value === null ? nil(name) : value === '' ? `<${name}/>` : `<${name}>${escapeXml(value)}</${name}>`;
}

function entityBody(e: EntitySpec): string {
  const formatted = (e.formatted ?? [])
    .map(([k, v]) => `<KeyValuePairOfstringstring><a:key>${escapeXml(k)}</a:key><a:value>${escapeXml(v)}</a:value></KeyValuePairOfstringstring>`)
    .join('');
  return (
    `<Attributes>${e.attributes.map(([k, v]) => kvXml(k, v)).join('')}</Attributes>` +
    `<EntityState i:nil="true"/>` +
    (formatted === '' ? '<FormattedValues/>' : `<FormattedValues>${formatted}</FormattedValues>`) +
    `<Id>${e.id}</Id><KeyAttributes xmlns:b="${XRM71}"/><LogicalName>${e.logicalName}</LogicalName><RelatedEntities/>` +
    text('RowVersion', e.rowVersion ?? null)
  );
}

function refBody(r: RefSpec, keyPrefix = 'b'): string {
  return `<Id>${r.id}</Id><KeyAttributes xmlns:${keyPrefix}="${XRM71}"/><LogicalName>${r.logicalName}</LogicalName>${text('Name', r.name ?? null)}<RowVersion i:nil="true"/>`;
}

function typed(prefixed: string, ns: string, body: string): string {
  return `<a:value i:type="b:${prefixed}" xmlns:b="${ns}">${body}</a:value>`;
}

export function valueXml(v: ValueSpec): string {
  switch (v.t) {
    case 'null':
      return '<a:value i:nil="true"/>';
    case 'string':
      return v.v === '' ? `<a:value i:type="b:string" xmlns:b="${XSD}"/>` : typed('string', XSD, escapeXml(v.v));
    case 'int':
      return typed('int', XSD, String(v.v));
    case 'long':
      return typed('long', XSD, String(v.v));
    case 'decimal':
      return typed('decimal', XSD, v.v);
    case 'double':
      return typed('double', XSD, v.v);
    case 'bool':
      return typed('boolean', XSD, String(v.v));
    case 'guid':
      return typed('guid', SER, v.v);
    case 'date':
      return typed('dateTime', XSD, v.v);
    case 'money':
      return `<a:value i:type="Money"><Value>${v.v}</Value></a:value>`;
    case 'option':
      return `<a:value i:type="OptionSetValue"><Value>${v.v}</Value></a:value>`;
    case 'options':
      return typed('OptionSetValueCollection', XRM90, v.v.map((n) => `<b:OptionSetValue><Value>${n}</Value></b:OptionSetValue>`).join(''));
    case 'ref':
      return `<a:value i:type="EntityReference">${refBody(v.v)}</a:value>`;
    case 'entity':
      return `<a:value i:type="Entity">${entityBody(v.v)}</a:value>`;
    case 'collection':
      return (
        `<a:value i:type="EntityCollection"><Entities>${v.v.map((e) => `<Entity>${entityBody(e)}</Entity>`).join('')}</Entities>` +
        `<EntityName>${v.entityName}</EntityName><MinActiveRowVersion>-1</MinActiveRowVersion><MoreRecords>false</MoreRecords>` +
        `<PagingCookie i:nil="true"/><TotalRecordCount>-1</TotalRecordCount><TotalRecordCountLimitExceeded>false</TotalRecordCountLimitExceeded></a:value>`
      );
  }
}

function kvXml(key: string, v: ValueSpec): string {
  return `<KeyValuePairOfstringanyType><a:key>${escapeXml(key)}</a:key>${valueXml(v)}</KeyValuePairOfstringanyType>`;
}

function parameters(name: string, items: [string, ValueSpec][]): string {
  return items.length === 0 ? `<${name} xmlns:a="${GENERIC}"/>` : `<${name} xmlns:a="${GENERIC}">${items.map(([k, v]) => kvXml(k, v)).join('')}</${name}>`;
}

function images(name: string, items: [string, EntitySpec][]): string {
  if (items.length === 0) return `<${name} xmlns:a="${GENERIC}"/>`;
  const body = items.map(([k, e]) => `<KeyValuePairOfstringEntitygUGIFE1S><a:key>${k}</a:key><a:value>${entityBody(e)}</a:value></KeyValuePairOfstringEntitygUGIFE1S>`).join('');
  return `<${name} xmlns:a="${GENERIC}">${body}</${name}>`;
}

function contextMembers(c: ContextSpec): string {
  return (
    `<BusinessUnitId>${c.ids.businessUnit}</BusinessUnitId><CorrelationId>${c.ids.correlation}</CorrelationId><Depth>${c.depth}</Depth>` +
    `<InitiatingUserAgent/><InitiatingUserAzureActiveDirectoryObjectId>00000000-0000-0000-0000-000000000000</InitiatingUserAzureActiveDirectoryObjectId>` +
    `<InitiatingUserId>${c.ids.user}</InitiatingUserId>${parameters('InputParameters', c.input)}` +
    `<IsExecutingOffline>false</IsExecutingOffline><IsInTransaction>${c.mode === 0}</IsInTransaction><IsOfflinePlayback>false</IsOfflinePlayback>` +
    `<IsolationMode>1</IsolationMode><MessageName>${c.messageName}</MessageName><Mode>${c.mode}</Mode>` +
    `<OperationCreatedOn>${c.createdOn.xml}</OperationCreatedOn><OperationId>${c.ids.operation}</OperationId>` +
    `<OrganizationId>${c.ids.organization}</OrganizationId><OrganizationName>unqcontoso</OrganizationName>` +
    `${parameters('OutputParameters', c.output)}<OwningExtension>${refBody(c.step, 'a')}</OwningExtension>` +
    (c.parent === null ? nil('ParentContext') : `<ParentContext>${contextMembers(c.parent)}</ParentContext>`) +
    `${images('PostEntityImages', c.post)}${images('PreEntityImages', c.pre)}` +
    `<PrimaryEntityId>${c.primaryEntityId}</PrimaryEntityId><PrimaryEntityName>${c.primaryEntityName}</PrimaryEntityName>` +
    `${text('RequestId', c.ids.request)}<SecondaryEntityName>none</SecondaryEntityName>${parameters('SharedVariables', c.shared)}` +
    `<Stage>${c.stage}</Stage><UserAzureActiveDirectoryObjectId>00000000-0000-0000-0000-000000000000</UserAzureActiveDirectoryObjectId>` +
    `<UserId>${c.ids.user}</UserId>`
  );
}

/** The context as DataContractSerializer text XML (no declaration, no white space, as Dataverse sends it). */
export function contextXml(c: ContextSpec): string {
  return `<RemoteExecutionContext xmlns="${XRM}" xmlns:i="${XSI}">${contextMembers(c)}</RemoteExecutionContext>`;
}

// ---------------------------------------------------------------- JSON (DataContractJsonSerializer)

const TYPE = (name: string, ns = XRM): string => `${name}:${ns.replace(/\//g, '\\/')}`;

function entityJson(e: EntitySpec, withType: boolean): string {
  return (
    `{${withType ? `"__type":"${TYPE('Entity')}",` : ''}"Attributes":[${e.attributes.map(([k, v]) => `{"key":${JSON.stringify(k)},"value":${valueJson(v)}}`).join(',')}],` +
    `"EntityState":null,"FormattedValues":[${(e.formatted ?? []).map(([k, v]) => `{"key":${JSON.stringify(k)},"value":${JSON.stringify(v)}}`).join(',')}],` +
    `"Id":"${e.id}","KeyAttributes":[],"LogicalName":"${e.logicalName}","RelatedEntities":[],"RowVersion":${JSON.stringify(e.rowVersion ?? null)}}`
  );
}

function refJson(r: RefSpec, withType: boolean): string {
  return `{${withType ? `"__type":"${TYPE('EntityReference')}",` : ''}"Id":"${r.id}","KeyAttributes":[],"LogicalName":"${r.logicalName}","Name":${JSON.stringify(r.name ?? null)},"RowVersion":null}`;
}

export function valueJson(v: ValueSpec): string {
  switch (v.t) {
    case 'null':
      return 'null';
    case 'string':
    case 'guid':
      return JSON.stringify(v.v);
    case 'int':
    case 'long':
      return String(v.v);
    case 'decimal':
    case 'double':
      return v.v;
    case 'bool':
      return String(v.v);
    case 'date':
      return `"\\/Date(${v.ms})\\/"`;
    case 'money':
      return `{"__type":"${TYPE('Money')}","Value":${v.v}}`;
    case 'option':
      return `{"__type":"${TYPE('OptionSetValue')}","Value":${v.v}}`;
    case 'options':
      return `[${v.v.map((n) => `{"__type":"${TYPE('OptionSetValue')}","Value":${n}}`).join(',')}]`;
    case 'ref':
      return refJson(v.v, true);
    case 'entity':
      return entityJson(v.v, true);
    case 'collection':
      return `{"__type":"${TYPE('EntityCollection')}","Entities":[${v.v.map((e) => entityJson(e, false)).join(',')}],"EntityName":"${v.entityName}","MinActiveRowVersion":"-1","MoreRecords":false,"PagingCookie":null,"TotalRecordCount":-1,"TotalRecordCountLimitExceeded":false}`;
  }
}

function kvJson(items: [string, ValueSpec][]): string {
  return `[${items.map(([k, v]) => `{"key":${JSON.stringify(k)},"value":${valueJson(v)}}`).join(',')}]`;
}

/** The context as DataContractJsonSerializer JSON. */
export function contextJson(c: ContextSpec): string {
  const imagesJson = (items: [string, EntitySpec][]): string => `[${items.map(([k, e]) => `{"key":"${k}","value":${entityJson(e, false)}}`).join(',')}]`;
  return (
    `{"BusinessUnitId":"${c.ids.businessUnit}","CorrelationId":"${c.ids.correlation}","Depth":${c.depth},"InitiatingUserAgent":"",` +
    `"InitiatingUserAzureActiveDirectoryObjectId":"00000000-0000-0000-0000-000000000000","InitiatingUserId":"${c.ids.user}",` +
    `"InputParameters":${kvJson(c.input)},"IsExecutingOffline":false,"IsInTransaction":${c.mode === 0},"IsOfflinePlayback":false,` +
    `"IsolationMode":1,"MessageName":"${c.messageName}","Mode":${c.mode},"OperationCreatedOn":"${c.createdOn.json}",` +
    `"OperationId":"${c.ids.operation}","OrganizationId":"${c.ids.organization}","OrganizationName":"unqcontoso",` +
    `"OutputParameters":${kvJson(c.output)},"OwningExtension":${refJson(c.step, false)},` +
    `"ParentContext":${c.parent === null ? 'null' : contextJson(c.parent)},"PostEntityImages":${imagesJson(c.post)},` +
    `"PreEntityImages":${imagesJson(c.pre)},"PrimaryEntityId":"${c.primaryEntityId}","PrimaryEntityName":"${c.primaryEntityName}",` +
    `"RequestId":${JSON.stringify(c.ids.request)},"SecondaryEntityName":"none","SharedVariables":${kvJson(c.shared)},"Stage":${c.stage},` +
    `"UserAzureActiveDirectoryObjectId":"00000000-0000-0000-0000-000000000000","UserId":"${c.ids.user}"}`
  );
}

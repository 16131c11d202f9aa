/**
 * The app settings, validated with zod at start-up.
 *
 * Settings come from an env-like object (`process.env` in the host, a plain object in tests and the dev runner).
 * Every error names the setting it is about, so a misconfigured app fails fast with a message an operator can act on.
 */
import { z } from 'zod';

/** An env-like object: `process.env`, or a plain record in tests. */
export type SettingsSource = Readonly<Record<string, string | undefined>>;

/** The names of every app setting this app reads (see `docs/settings.md`). */
export const SETTING = {
  queue: 'DATAVERSE_QUEUE',
  topic: 'DATAVERSE_TOPIC',
  subscription: 'DATAVERSE_SUBSCRIPTION',
  serviceBusConnection: 'DATAVERSE_SERVICEBUS',
  cardinality: 'DATAVERSE_CARDINALITY',
  allowedOrganizations: 'DATAVERSE_ALLOWED_ORGANIZATIONS',
  maxDepth: 'DATAVERSE_MAX_DEPTH',
  truncatedPolicy: 'DATAVERSE_TRUNCATED_POLICY',
  unmatchedPolicy: 'DATAVERSE_UNMATCHED_POLICY',
  poisonMode: 'DATAVERSE_POISON_MODE',
  claimLeaseSeconds: 'DATAVERSE_CLAIM_LEASE_SECONDS',
  claimWaitMs: 'DATAVERSE_CLAIM_WAIT_MS',
  maxDeliveryCount: 'DATAVERSE_MAX_DELIVERY_COUNT',
  auditConnection: 'AUDIT_STORAGE',
  hostStorage: 'AzureWebJobsStorage',
  auditTable: 'AUDIT_TABLE_NAME',
  auditMaxRetries: 'AUDIT_RETRY_MAX',
  auditRetryDelayMs: 'AUDIT_RETRY_DELAY_MS',
  auditMaxRetryDelayMs: 'AUDIT_RETRY_MAX_DELAY_MS',
} as const;

/** How the audit table is reached. */
export type AuditConnection =
  /** A storage connection string (`UseDevelopmentStorage=true` for Azurite). */
  | { kind: 'connectionString'; connectionString: string; source: string }
  /** An identity-based endpoint (`AUDIT_STORAGE__tableServiceUri`), with an optional user-assigned identity. */
  | { kind: 'identity'; tableServiceUri: string; clientId: string | undefined; source: string };

/** What the pipeline does with a message Dataverse truncated (`MessageMaxSizeExceeded`). */
export type TruncatedPolicy = 'process' | 'skip' | 'poison';
/** What the pipeline does with a message no route matches. */
export type UnmatchedPolicy = 'skip' | 'poison';
/** How a poison message leaves the queue: parked in the audit table and completed, or dead-lettered by Service Bus. */
export type PoisonMode = 'park' | 'deadletter';

/** The validated settings. */
export interface Settings {
  /** Queue name, when the queue trigger is on. */
  queue: string | undefined;
  /** Topic and subscription names, when the topic trigger is on. */
  topic: { topic: string; subscription: string } | undefined;
  /** The connection setting name given to the trigger (`connection`). */
  serviceBusConnectionName: string;
  /** Which form of the Service Bus connection is configured, or `undefined` when none is. */
  serviceBusConnectionForm: 'connectionString' | 'identity' | undefined;
  cardinality: 'one' | 'many';
  /** Allowed organizations: ids (lower-case GUIDs) and names/claim values (lower-case). Empty = any organization. */
  allowedOrganizations: readonly string[];
  maxDepth: number;
  truncatedPolicy: TruncatedPolicy;
  unmatchedPolicy: UnmatchedPolicy;
  poisonMode: PoisonMode;
  /** How long a claim (`processing`) blocks another delivery of the same operation. */
  claimLeaseSeconds: number;
  /** How long a delivery that finds the operation claimed waits for that claim to end before it gives up (retry). */
  claimWaitMs: number;
  /** The queue's / subscription's MaxDeliveryCount: on that delivery a transient failure is treated as poison. */
  maxDeliveryCount: number;
  audit: {
    connection: AuditConnection;
    tableName: string;
    retry: { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number };
  };
}

/**
 * Thrown by {@link loadSettings}; `issues` name each setting that is wrong.
 *
 * @example
 * ```ts
 * try {
 *   loadSettings({ DATAVERSE_QUEUE: 'q', DATAVERSE_MAX_DEPTH: 'deep' });
 * } catch (error) {
 *   if (error instanceof SettingsError) for (const issue of error.issues) console.error(issue.setting, issue.message);
 * }
 * ```
 */
export class SettingsError extends Error {
  public readonly code = 'INVALID_SETTINGS' as const;
  public readonly issues: readonly { setting: string; message: string }[];
  public constructor(issues: readonly { setting: string; message: string }[]) {
    super(`Invalid app settings:\n${issues.map((i) => `  ${i.setting}: ${i.message}`).join('\n')}`);
    this.name = 'SettingsError';
    this.issues = issues;
  }
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const optionalText = z.preprocess(blankToUndefined, z.string().optional());
const entityName = z.preprocess(
  blankToUndefined,
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/$-]{0,259}$/, 'must be a Service Bus entity name (letters, digits, . _ - / $)').optional(),
);
const intSetting = (dflt: number, min: number, max: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int(`must be a whole number`).min(min).max(max).default(dflt));
const oneOf = <T extends string>(values: readonly [T, ...T[]], dflt: T) =>
  z.preprocess((v) => (typeof blankToUndefined(v) === 'string' ? (blankToUndefined(v) as string).toLowerCase() : undefined), z.enum(values).default(dflt));

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

const schema = z.object({
  [SETTING.queue]: entityName,
  [SETTING.topic]: entityName,
  [SETTING.subscription]: entityName,
  [SETTING.cardinality]: oneOf(['one', 'many'], 'one'),
  [SETTING.allowedOrganizations]: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/[,;\s]+/).map((s) => s.trim()).filter((s) => s !== '') : []),
    z.array(z.string().regex(/^[^\s]+$/)),
  ),
  [SETTING.maxDepth]: intSetting(8, 1, 1000),
  [SETTING.truncatedPolicy]: oneOf(['process', 'skip', 'poison'], 'process'),
  [SETTING.unmatchedPolicy]: oneOf(['skip', 'poison'], 'skip'),
  [SETTING.poisonMode]: oneOf(['park', 'deadletter'], 'park'),
  [SETTING.claimLeaseSeconds]: intSetting(300, 1, 86_400),
  [SETTING.claimWaitMs]: intSetting(60_000, 0, 600_000),
  [SETTING.maxDeliveryCount]: intSetting(10, 1, 2_000),
  [SETTING.auditTable]: z.preprocess(
    blankToUndefined,
    z.string().regex(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'must be 3-63 letters or digits, starting with a letter').refine((s) => s.toLowerCase() !== 'tables', 'is reserved').default('DataverseAudit'),
  ),
  [SETTING.auditMaxRetries]: intSetting(3, 0, 20),
  [SETTING.auditRetryDelayMs]: intSetting(1000, 0, 60_000),
  [SETTING.auditMaxRetryDelayMs]: intSetting(30_000, 0, 600_000),
});

/** Audit writes one delivery makes after its claim, counted for the lease check (claim, handlers, indexes, final). */
export const AUDIT_WRITES_PER_MESSAGE = 6;
/** Seconds the lease check leaves for the handlers themselves. */
export const MIN_HANDLER_SECONDS = 60;

/**
 * The longest time one Table Storage call can spend waiting between its retries (exponential back-off, each delay
 * capped), in milliseconds.
 *
 * @example
 * ```ts
 * auditRetryBudgetMs({ maxRetries: 3, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000 }); // 7000 (1 + 2 + 4 s)
 * ```
 */
export function auditRetryBudgetMs(retry: { maxRetries: number; retryDelayInMs: number; maxRetryDelayInMs: number }): number {
  let total = 0;
  for (let i = 0; i < retry.maxRetries; i++) total += Math.min(retry.retryDelayInMs * 2 ** i, retry.maxRetryDelayInMs);
  return total;
}

function auditConnectionFrom(env: SettingsSource, issues: { setting: string; message: string }[]): AuditConnection | undefined {
  const name = SETTING.auditConnection;
  const direct = blankToUndefined(env[name]) as string | undefined;
  const uri = (blankToUndefined(env[`${name}__tableServiceUri`]) ?? blankToUndefined(env[`${name}__serviceUri`])) as string | undefined;
  const accountName = blankToUndefined(env[`${name}__accountName`]) as string | undefined;
  const clientId = blankToUndefined(env[`${name}__clientId`]) as string | undefined;
  if (direct !== undefined) {
    if (!/(^UseDevelopmentStorage=true$)|AccountName=|TableEndpoint=|SharedAccessSignature=/i.test(direct)) {
      issues.push({ setting: name, message: 'must be a storage connection string (e.g. UseDevelopmentStorage=true or DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...)' });
      return undefined;
    }
    return { kind: 'connectionString', connectionString: direct, source: name };
  }
  if (uri !== undefined || accountName !== undefined) {
    const serviceUri = uri ?? `https://${accountName}.table.core.windows.net`;
    if (!/^https?:\/\/[^\s/]+/.test(serviceUri)) {
      issues.push({ setting: `${name}__tableServiceUri`, message: 'must be an https URL such as https://<account>.table.core.windows.net' });
      return undefined;
    }
    return { kind: 'identity', tableServiceUri: serviceUri.replace(/\/+$/, ''), clientId, source: uri !== undefined ? `${name}__tableServiceUri` : `${name}__accountName` };
  }
  const host = blankToUndefined(env[SETTING.hostStorage]) as string | undefined;
  if (host !== undefined) return { kind: 'connectionString', connectionString: host, source: SETTING.hostStorage };
  issues.push({
    setting: name,
    message: `is required: set ${name} to a connection string (UseDevelopmentStorage=true locally), or ${name}__tableServiceUri for an identity-based connection (or set ${SETTING.hostStorage})`,
  });
  return undefined;
}

/**
 * Reads and validates the app settings. Throws a {@link SettingsError} that names every wrong setting.
 *
 * @example
 * ```ts
 * const settings = loadSettings({ DATAVERSE_QUEUE: 'dataverse', DATAVERSE_SERVICEBUS: 'Endpoint=sb://...', AUDIT_STORAGE: 'UseDevelopmentStorage=true' });
 * settings.queue; // 'dataverse'
 * settings.poisonMode; // 'park'
 * ```
 */
export function loadSettings(env: SettingsSource = process.env): Settings {
  const issues: { setting: string; message: string }[] = [];
  // Each setting on its own, so one wrong value does not hide the cross-setting checks below.
  const values: Record<string, unknown> = {};
  let valid = true;
  for (const [name, field] of Object.entries(schema.shape)) {
    const one = (field as z.ZodType).safeParse(env[name]);
    if (one.success) values[name] = one.data;
    else {
      valid = false;
      for (const issue of one.error.issues) issues.push({ setting: name, message: `${issue.message} (got ${JSON.stringify(env[name] ?? null)})` });
    }
  }
  const data = values as Partial<z.infer<typeof schema>>;
  const audit = auditConnectionFrom(env, issues);

  const sb = SETTING.serviceBusConnection;
  const sbForm = blankToUndefined(env[sb]) !== undefined ? 'connectionString' : blankToUndefined(env[`${sb}__fullyQualifiedNamespace`]) !== undefined ? 'identity' : undefined;
  const fqns = blankToUndefined(env[`${sb}__fullyQualifiedNamespace`]);
  if (sbForm === 'identity' && typeof fqns === 'string' && !/^[A-Za-z0-9.-]+(:\d+)?$/.test(fqns)) {
    issues.push({ setting: `${sb}__fullyQualifiedNamespace`, message: 'must be a host name such as <namespace>.servicebus.windows.net (no scheme, no path)' });
  }
  if (sbForm === 'connectionString' && !/Endpoint=sb:\/\//i.test(String(blankToUndefined(env[sb])))) {
    issues.push({ setting: sb, message: 'must be a Service Bus connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...)' });
  }

  const queue = data[SETTING.queue];
  const topic = data[SETTING.topic];
  const subscription = data[SETTING.subscription];
  if ((topic === undefined) !== (subscription === undefined)) {
    issues.push({ setting: topic === undefined ? SETTING.topic : SETTING.subscription, message: `${SETTING.topic} and ${SETTING.subscription} must be set together` });
  }
  if ((queue !== undefined || topic !== undefined) && sbForm === undefined) {
    issues.push({ setting: sb, message: `is required when a trigger is on: set ${sb} (connection string) or ${sb}__fullyQualifiedNamespace (identity)` });
  }
  const delay = data[SETTING.auditRetryDelayMs];
  const maxDelay = data[SETTING.auditMaxRetryDelayMs];
  const retries = data[SETTING.auditMaxRetries];
  if (delay !== undefined && maxDelay !== undefined && delay > maxDelay) {
    issues.push({ setting: SETTING.auditMaxRetryDelayMs, message: `must be at least ${SETTING.auditRetryDelayMs}` });
  }
  const lease = data[SETTING.claimLeaseSeconds];
  const wait = data[SETTING.claimWaitMs];
  if (lease !== undefined && wait !== undefined && retries !== undefined && delay !== undefined && maxDelay !== undefined) {
    // A delivery must finish (claim wait + its audit writes with all their retries + its handlers) before its claim
    // ends; otherwise a redelivery takes the operation over while it still runs, and handlers run twice.
    const needed = Math.ceil((wait + AUDIT_WRITES_PER_MESSAGE * auditRetryBudgetMs({ maxRetries: retries, retryDelayInMs: delay, maxRetryDelayInMs: maxDelay })) / 1000) + MIN_HANDLER_SECONDS;
    if (lease < needed) {
      issues.push({
        setting: SETTING.claimLeaseSeconds,
        message: `must be at least ${needed} s: ${SETTING.claimWaitMs} + ${AUDIT_WRITES_PER_MESSAGE} audit writes with their retries (${SETTING.auditMaxRetries}, ${SETTING.auditRetryDelayMs}, ${SETTING.auditMaxRetryDelayMs}) + ${MIN_HANDLER_SECONDS} s for the handlers; keep it at least the host.json functionTimeout`,
      });
    }
  }
  const orgs = data[SETTING.allowedOrganizations] ?? [];
  if (issues.length > 0 || !valid || audit === undefined) throw new SettingsError(issues);
  const d = data as z.infer<typeof schema>;

  return {
    queue,
    topic: topic !== undefined && subscription !== undefined ? { topic, subscription } : undefined,
    serviceBusConnectionName: sb,
    serviceBusConnectionForm: sbForm,
    cardinality: d[SETTING.cardinality],
    allowedOrganizations: orgs.map((o) => (GUID.test(o) ? o.replace(/[{}]/g, '').toLowerCase() : o.toLowerCase())),
    maxDepth: d[SETTING.maxDepth],
    truncatedPolicy: d[SETTING.truncatedPolicy],
    unmatchedPolicy: d[SETTING.unmatchedPolicy],
    poisonMode: d[SETTING.poisonMode],
    claimLeaseSeconds: d[SETTING.claimLeaseSeconds],
    claimWaitMs: d[SETTING.claimWaitMs],
    maxDeliveryCount: d[SETTING.maxDeliveryCount],
    audit: {
      connection: audit,
      tableName: d[SETTING.auditTable],
      retry: { maxRetries: d[SETTING.auditMaxRetries], retryDelayInMs: d[SETTING.auditRetryDelayMs], maxRetryDelayInMs: d[SETTING.auditMaxRetryDelayMs] },
    },
  };
}

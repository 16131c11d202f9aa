/**
 * The audit row: one per Dataverse operation (or per undecodable message), and what each column means.
 * Column names are the Table Storage property names (`docs/audit.md` documents each one).
 */

/** Where an operation ended (or stands, while `processing`). */
export type AuditOutcome =
  /** Claimed by a delivery that is running its handlers now. */
  | 'processing'
  /** Every handler that fired succeeded; the message was completed. */
  | 'succeeded'
  /** Nothing to do (unmatched, no filter fired, depth or truncation guard); the message was completed. */
  | 'skipped'
  /** A transient failure; the message was not completed and comes back. */
  | 'failed'
  /** Poison, kept in this row with its raw body for replay; the message was completed. */
  | 'parked'
  /** Poison, left to Service Bus to dead-letter after MaxDeliveryCount (every delivery throws). */
  | 'deadlettered';

/** The outcomes an operator lists (see {@link AuditOutcome}). */
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['processing', 'succeeded', 'skipped', 'failed', 'parked', 'deadlettered'];

/** The Service Bus settlement the pipeline chose for a delivery. */
export type Settlement = 'complete' | 'retry' | 'deadletter';

/** One handler's record on an operation row (`Handlers` column, JSON). */
export interface HandlerRun {
  outcome: 'succeeded' | 'failed';
  /** `transient` failures are retried on redelivery; `permanent` ones park the message. */
  failure?: 'transient' | 'permanent';
  durationMs: number;
  attempts: number;
  errorCode?: string;
  errorMessage?: string;
  /** ISO time of the last run. */
  at: string;
}

/** The audit row's columns. Every optional column may be absent (for example context columns of an undecodable body). */
export interface AuditRow {
  PartitionKey: string;
  RowKey: string;
  /** `operation` (a decoded context) or `message` (an undecodable body, keyed by MessageId). */
  Kind: 'operation' | 'message';
  Outcome: AuditOutcome;
  /** The last settlement chosen for this row's deliveries. */
  Settlement?: Settlement;
  /** Machine-readable reason for skipped / failed / parked / deadlettered (e.g. `UNMATCHED`, `INVALID_JSON`). */
  Reason?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
  // The Dataverse operation
  MessageName?: string;
  Entity?: string;
  RecordId?: string;
  Stage?: number;
  Mode?: number;
  Depth?: number;
  UserId?: string;
  InitiatingUserId?: string;
  OrganizationId?: string;
  OrganizationName?: string;
  CorrelationId?: string;
  OperationId?: string;
  RequestId?: string;
  OperationCreatedOn?: string;
  StepId?: string;
  StepName?: string;
  // The Service Bus delivery (the latest one)
  MessageId?: string;
  DeliveryCount?: number;
  EnqueuedTimeUtc?: string;
  SbCorrelationId?: string;
  ContentType?: string;
  /** The wire format the body decoded as (`binary`, `json`, `xml`). */
  Format?: string;
  /** How the body reached the function: `bytes` (lossless), `string` or `object` (see docs/audit.md). */
  BodyForm?: string;
  BodyBytes?: number;
  /** The application properties (the Dataverse claims, `MessageMaxSizeExceeded`), JSON. */
  ApplicationProperties?: string;
  /** The Organization claim (the org's host name, e.g. `contoso.crm.dynamics.com`). */
  ClaimOrganization?: string;
  /** Dataverse dropped parameters and images (`MessageMaxSizeExceeded`). */
  Truncated?: boolean;
  /** The handlers run, JSON `{ [handlerName]: HandlerRun }`. */
  Handlers?: string;
  /** Deliveries that claimed this row (first + takeovers + replays). */
  Attempts?: number;
  /** Deliveries that found the operation already settled and ran nothing. */
  Duplicates?: number;
  /** ISO times. */
  FirstSeenAt?: string;
  UpdatedAt?: string;
  FinishedAt?: string;
  ClaimedUntil?: string;
  FunctionName?: string;
  InvocationId?: string;
  // The raw body (parked / dead-lettered rows only): gzip, split over binary columns of at most 64 KiB.
  RawBodyEncoding?: string;
  RawBodyChunks?: number;
  /** Set when the body was too large to keep: the message is then dead-lettered, never completed (docs/audit.md). */
  RawBodyOmitted?: string;
  // The latest delivery that found the operation settled (the delivery columns above stay those of the one that worked).
  LastDuplicateMessageId?: string;
  LastDuplicateDeliveryCount?: number;
  LastDuplicateInvocationId?: string;
  LastDuplicateAt?: string;
  [rawBodyChunk: `RawBody${number}`]: Uint8Array | undefined;
}

/** One entry of an index partition (entity timeline or outcome log), pointing at an operation row. */
export interface AuditIndexRow {
  PartitionKey: string;
  RowKey: string;
  Kind: 'entity-index' | 'outcome-index';
  TargetPartitionKey: string;
  TargetRowKey: string;
  Outcome: AuditOutcome;
  MessageName?: string;
  Entity?: string;
  RecordId?: string;
  Reason?: string;
  At: string;
}

/** Table Storage limits the store keeps rows within. */
export const AUDIT_LIMITS = {
  /** Characters kept of `ErrorMessage` and `RawBodyOmitted` (the service allows 32K UTF-16 characters). */
  maxTextChars: 8_000,
  /** Characters kept of every other text column (names, ids, codes, claims): real values are far shorter. */
  maxShortTextChars: 1_024,
  /** Characters kept of the `Handlers` and `ApplicationProperties` JSON columns. */
  maxJsonChars: 30_000,
  /** Bytes per binary column (the service allows 64 KiB). */
  rawChunkBytes: 64 * 1024,
  /**
   * Binary columns for the raw body: 10 × 64 KiB = 640 KiB compressed. With every text column at its cap the row
   * stays under the 1 MiB entity limit (Azurite refused a 12-column, 786 KB body as EntityTooLarge).
   */
  maxRawChunks: 10,
} as const;

/** Truncates text to `max` characters, marking the cut. @example `clip('abcdef', 4); // 'a…[+5]'` */
export function clip(text: string, max: number = AUDIT_LIMITS.maxTextChars): string {
  if (text.length <= max) return text;
  const marker = `…[+${text.length - max + 8}]`;
  return `${text.slice(0, Math.max(0, max - marker.length))}${marker}`;
}

/**
 * The dev runner's loop: each message file through the function handler the host calls (body bytes plus the
 * trigger metadata the host would build from the message's properties), then its audit row read back.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { odata, type TableEntityResult } from '@azure/data-tables';
import { InvocationContext, type LogLevel } from '@azure/functions';
import type { AuditRow, HandlerRun } from '../shared/audit/schema';
import type { AuditTableStore } from '../shared/audit/tableStore';
import { safeDecodeContext } from '../shared/context/decodeContext';
import { formatFromContentType } from '../shared/context/detectFormat';
import { messagePropertiesFor, readMessageFile, toTriggerMetadata } from './sidecar';

/** The handler signature the host calls. */
export type FunctionHandler = (message: unknown, context: InvocationContext) => Promise<void>;

/** One log line the handler wrote through `context`. */
export interface DevLogLine {
  level: LogLevel;
  text: string;
}

/** What happened to one message file. */
export interface DevMessageResult {
  file: string;
  /** Wire format the pipeline decoded (from the audit row), or what the bytes look like. */
  format: string;
  messageName: string;
  entity: string;
  /** Handlers that ran in this delivery, with their outcome. */
  handlers: { name: string; outcome: HandlerRun['outcome'] }[];
  /** The audit outcome after this delivery, or `duplicate` when the operation was already settled. */
  outcome: string;
  /** What the host would do with the message: `complete` (returned), `retry` or `deadletter` (thrown). */
  settlement: 'complete' | 'retry' | 'deadletter';
  reason: string;
  durationMs: number;
  /** The audit row as it stands after this delivery. */
  row: AuditRow | undefined;
  /** The error the handler threw, or why the file could not be sent through at all. */
  error: string | undefined;
  logs: DevLogLine[];
}

/** Options of {@link runDevMessages}. */
export interface DevRunOptions {
  functionName: string;
  /** Called before each file (for a progress display). */
  onProgress?: (index: number, total: number, file: string) => void;
  /** Checked before each file; `true` stops the run (Ctrl+C). */
  shouldStop?: () => boolean;
}

function rowOf(entity: TableEntityResult<Record<string, unknown>>): AuditRow {
  const { etag: _etag, timestamp: _ts, ['odata.metadata']: _m, partitionKey, rowKey, ...rest } = entity as Record<string, unknown>;
  return { PartitionKey: partitionKey, RowKey: rowKey, ...rest } as AuditRow;
}

/**
 * The operation or message row this delivery wrote: the delivery that did the work stamps `MessageId`, one that found
 * the operation settled (a duplicate) stamps `LastDuplicateMessageId`; both stamp `UpdatedAt`, which tells this
 * delivery's row from an earlier one with the same MessageId (captures copied with their sidecar).
 */
async function rowOfDelivery(store: AuditTableStore, messageId: string, since: string): Promise<AuditRow | undefined> {
  const filter = odata`(MessageId eq ${messageId} or LastDuplicateMessageId eq ${messageId}) and (Kind eq ${'operation'} or Kind eq ${'message'}) and UpdatedAt ge ${since}`;
  for await (const entity of store.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) return rowOf(entity);
  return undefined;
}

function handlerRunsSince(row: AuditRow | undefined, since: string): DevMessageResult['handlers'] {
  if (row?.Handlers === undefined) return [];
  try {
    const runs = JSON.parse(row.Handlers) as Record<string, HandlerRun>;
    return Object.entries(runs).filter(([, run]) => run.at >= since).map(([name, run]) => ({ name, outcome: run.outcome }));
  } catch {
    return [];
  }
}

function formatOf(contentType: string): string {
  try {
    return formatFromContentType(contentType) ?? '?';
  } catch {
    return contentType;
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
const errorCode = (error: unknown) => (typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined);

/**
 * Sends each file through `handler` as the host would, one at a time, and reads back what the audit table says.
 *
 * @example
 * ```ts
 * const results = await runDevMessages(['samples/create-account.json'], dataverseQueueHandler, store, { functionName: 'dataverseQueue' });
 * ```
 */
export async function runDevMessages(files: readonly string[], handler: FunctionHandler, store: AuditTableStore, options: DevRunOptions): Promise<DevMessageResult[]> {
  const results: DevMessageResult[] = [];
  for (const [index, file] of files.entries()) {
    if (options.shouldStop?.() === true) break;
    options.onProgress?.(index, files.length, file);
    const logs: DevLogLine[] = [];
    const startedAt = new Date().toISOString();
    const started = performance.now();
    let error: unknown;
    let fileProblem: string | undefined;
    let messageId: string | undefined;
    let sniffed = { format: '?', messageName: '', entity: '' };
    try {
      const message = await readMessageFile(file);
      const properties = messagePropertiesFor(message);
      messageId = properties.messageId;
      const decoded = safeDecodeContext(message.body, message.contentType);
      sniffed.format = formatOf(message.contentType);
      if (decoded.success) sniffed = { format: decoded.data.format, messageName: decoded.data.context.messageName, entity: decoded.data.context.primaryEntityName };
      const enqueued = message.sidecar?.enqueuedTimeUtc === undefined ? new Date() : new Date(message.sidecar.enqueuedTimeUtc);
      const context = new InvocationContext({
        invocationId: randomUUID(),
        functionName: options.functionName,
        triggerMetadata: toTriggerMetadata(properties, { deliveryCount: message.sidecar?.deliveryCount ?? 1, enqueuedTimeUtc: enqueued, sequenceNumber: index + 1 }),
        logHandler: (level, ...args) => logs.push({ level, text: args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ') }),
      });
      try {
        await handler(message.body, context);
      } catch (thrown) {
        error = thrown;
      }
    } catch (problem) {
      fileProblem = errorText(problem);
    }
    const durationMs = performance.now() - started;
    const row = messageId === undefined ? undefined : await rowOfDelivery(store, messageId, startedAt);
    // A duplicate with its own MessageId is found by LastDuplicateMessageId; one redelivered under the same MessageId
    // leaves the row's FinishedAt (stamped by the delivery that finished it) before this delivery started.
    const duplicate = row !== undefined && (row.MessageId !== messageId || (row.Outcome !== 'processing' && (row.FinishedAt ?? '') < startedAt));
    const code = errorCode(error);
    results.push({
      file,
      // This file's own format and operation (a duplicate's row describes the delivery that settled it).
      format: sniffed.format !== '?' ? sniffed.format : (row?.Format ?? '?'),
      messageName: sniffed.messageName !== '' ? sniffed.messageName : (row?.MessageName ?? ''),
      entity: sniffed.entity !== '' ? sniffed.entity : (row?.Entity ?? ''),
      handlers: duplicate ? [] : handlerRunsSince(row, startedAt),
      outcome: fileProblem !== undefined ? 'not sent' : duplicate ? 'duplicate' : (row?.Outcome ?? 'unaudited'),
      settlement: code === 'DEAD_LETTER' ? 'deadletter' : error !== undefined || fileProblem !== undefined ? 'retry' : 'complete',
      reason: fileProblem !== undefined ? 'BAD_FILE' : duplicate ? 'DUPLICATE' : (row?.Reason ?? code ?? ''),
      durationMs,
      row,
      error: fileProblem ?? (error === undefined ? undefined : errorText(error)),
      logs,
    });
  }
  return results;
}

/**
 * Whether a result needs attention (the dev run exits non-zero): parked, failed, dead-lettered, unaudited, or a
 * file that could not be sent through.
 *
 * @example
 * ```ts
 * process.exitCode = results.some(needsAttention) ? 1 : 0;
 * ```
 */
export function needsAttention(result: DevMessageResult): boolean {
  return result.settlement !== 'complete' || ['parked', 'failed', 'deadlettered', 'unaudited', 'not sent'].includes(result.outcome);
}

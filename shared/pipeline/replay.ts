/**
 * Re-runs a parked (or dead-lettered) audit row through the pipeline, from the raw body and delivery facts it kept.
 */
import { AuditError } from '../audit/errors';
import type { AuditKey } from '../audit/keys';
import { rawBodyFromRow } from '../audit/rawBody';
import type { HandlerLogger } from '../routing/event';
import { deliveryFacts, readBody } from './delivery';
import { processMessage, type PipelineDeps, type ProcessResult } from './processMessage';

/**
 * Replays one parked row: its handlers that did not succeed run again (those that did are not re-run).
 *
 * @throws {AuditError} `NOT_FOUND` when the row does not exist or kept no body.
 * @example
 * ```ts
 * const result = await replayParked({ partitionKey: 'op|6420f0cc-...', rowKey: 'nostep' }, deps, console);
 * console.log(result.outcome, result.settlement);
 * ```
 */
export async function replayParked(key: AuditKey, deps: PipelineDeps, log: HandlerLogger): Promise<ProcessResult> {
  const row = await deps.store.getRow(key);
  if (row === undefined) throw new AuditError('NOT_FOUND', `No audit row ${key.partitionKey}/${key.rowKey}`);
  const body = rawBodyFromRow(row);
  if (body === undefined) throw new AuditError('NOT_FOUND', `Audit row ${key.partitionKey}/${key.rowKey} kept no body${row.RawBodyOmitted ? ` (${row.RawBodyOmitted})` : ''}`);
  let props: Record<string, unknown> = {};
  try {
    props = JSON.parse(row.ApplicationProperties ?? '{}') as Record<string, unknown>;
  } catch {
    props = {}; // rows written before the column was kept valid JSON
  }
  // The Truncated column is the flag's own record: keep it even if the properties column lost it.
  if (row.Truncated === true && props['MessageMaxSizeExceeded'] === undefined) props['MessageMaxSizeExceeded'] = true;
  const facts = deliveryFacts({
    messageId: row.MessageId,
    deliveryCount: row.DeliveryCount,
    enqueuedTimeUtc: row.EnqueuedTimeUtc,
    correlationId: row.SbCorrelationId,
    contentType: row.ContentType,
    applicationProperties: props,
  });
  const result = await processMessage({ body: readBody(body, facts.contentType), facts }, deps, { functionName: 'replay', invocationId: `replay-${Date.now()}`, log }, { replay: true });
  if (row.Kind === 'message' && result.key !== undefined && (result.key.partitionKey !== key.partitionKey || result.key.rowKey !== key.rowKey)) {
    // The body decodes now (a fixed decoder): the operation has its own row; point the message row at it.
    await deps.store.upsert({ PartitionKey: key.partitionKey, RowKey: key.rowKey, Reason: `REPLAYED_AS ${result.key.partitionKey}/${result.key.rowKey}`, UpdatedAt: new Date().toISOString() });
  }
  return result;
}

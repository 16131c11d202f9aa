/**
 * One message through the pipeline: bytes + facts → decode → claim → guard → dispatch → settle → audit.
 * It never throws: every path ends in a {@link ProcessResult} whose `settlement` the Service Bus handler applies.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeContextWithFormat, type DecodedContext } from '../context/decodeContext';
import { isAttributeTypeError } from '../context/errors';
import type { RemoteExecutionContext } from '../context/model';
import { applicationPropertiesJson, handlersJson } from '../audit/columns';
import { isAuditError } from '../audit/errors';
import { messageKey, operationKey, type AuditKey } from '../audit/keys';
import { rawBodyColumns } from '../audit/rawBody';
import { clip, type AuditOutcome, type AuditRow, type HandlerRun, type Settlement } from '../audit/schema';
import type { AuditTableStore, ClaimResult } from '../audit/tableStore';
import { buildEvent, type HandlerLogger } from '../routing/event';
import { isRoutingError } from '../routing/errors';
import type { RouteRegistry } from '../routing/registry';
import type { Settings } from '../settings';
import type { IncomingMessage } from './delivery';
import { decodeFailureVerdict } from './decodeFailure';
import { runGuards } from './guards';
import { decideSettlement, type MessageResult } from './settlement';

/** What the pipeline needs: validated settings, the audit store, and the routes. */
export interface PipelineDeps {
  settings: Settings;
  store: AuditTableStore;
  registry: RouteRegistry;
}

/** The invocation a message is processed in. */
export interface InvocationInfo {
  functionName: string;
  invocationId: string;
  log: HandlerLogger;
}

/** The end of one message's processing. */
export interface ProcessResult {
  /** The audit row's key (`undefined` only when the audit store could not be reached before a key was known). */
  key: AuditKey | undefined;
  /** The row's outcome after this delivery; `duplicate`/`busy` when this delivery found the operation taken. */
  outcome: AuditOutcome | 'duplicate' | 'busy' | 'unaudited';
  settlement: Settlement;
  reason: string | undefined;
  /** Handler results of this operation (all deliveries). */
  handlers: Readonly<Record<string, HandlerRun>>;
  /** The failure behind a `retry` or a poison outcome. */
  error: unknown;
}

/** Options of {@link processMessage}. */
export interface ProcessOptions {
  /**
   * Take over parked / dead-lettered rows (a replay from the audit table). No redelivery follows a replay, so a
   * transient failure parks (or dead-letters) the row again, as on the last delivery.
   */
  replay?: boolean;
}

/** How an error reads in the audit row and the log; a handler's own permanentFailure/transientFailure says so. */
const errorText = (e: unknown) => {
  if (isRoutingError(e) && (e.code === 'HANDLER_PERMANENT' || e.code === 'HANDLER_TRANSIENT')) return `${e.code === 'HANDLER_PERMANENT' ? 'permanent' : 'transient'} failure: ${e.message}`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
};
const errorCode = (e: unknown) => (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : e instanceof Error ? e.name : 'UNKNOWN');

function deliveryColumns(message: IncomingMessage, invocation: InvocationInfo): Partial<AuditRow> {
  const f = message.facts;
  return {
    MessageId: f.messageId,
    DeliveryCount: f.deliveryCount,
    EnqueuedTimeUtc: f.enqueuedTimeUtc ?? undefined,
    SbCorrelationId: f.correlationId ?? undefined,
    ContentType: f.contentType ?? undefined,
    BodyForm: message.body.form,
    BodyBytes: message.body.bytes.length,
    ApplicationProperties: applicationPropertiesJson(f.applicationProperties),
    ClaimOrganization: f.claims.organization ?? undefined,
    Truncated: f.truncated,
    FunctionName: invocation.functionName,
    InvocationId: invocation.invocationId,
  };
}

function contextColumns(decoded: DecodedContext): Partial<AuditRow> {
  const c = decoded.context;
  return {
    Format: decoded.format,
    MessageName: c.messageName,
    Entity: c.primaryEntityName,
    RecordId: c.primaryEntityId ?? undefined,
    Stage: c.stage,
    Mode: c.mode ?? undefined,
    Depth: c.depth ?? undefined,
    UserId: c.userId ?? undefined,
    InitiatingUserId: c.initiatingUserId ?? undefined,
    OrganizationId: c.organizationId,
    OrganizationName: c.organizationName ?? undefined,
    CorrelationId: c.correlationId,
    OperationId: c.operationId ?? undefined,
    RequestId: c.requestId ?? undefined,
    OperationCreatedOn: c.operationCreatedOn ?? undefined,
    StepId: c.owningExtension?.id,
    StepName: c.owningExtension?.name ?? undefined,
  };
}

/** The message row's id: the MessageId, or a hash of the body when the message has none (each gets its own row). */
function messageRowId(message: IncomingMessage): string {
  return message.facts.messageId === '(none)' ? `sha256:${createHash('sha256').update(message.body.bytes).digest('hex')}` : message.facts.messageId;
}

function keyOf(context: RemoteExecutionContext): AuditKey {
  return operationKey({ operationId: context.operationId ?? '', stepId: context.owningExtension?.id ?? null, correlationId: context.correlationId, requestId: context.requestId, stage: context.stage });
}

function parseHandlers(json: string | undefined): Record<string, HandlerRun> {
  if (json === undefined || json === '') return {};
  try {
    return JSON.parse(json) as Record<string, HandlerRun>;
  } catch {
    return {};
  }
}

function handlerLogger(log: HandlerLogger, prefix: string): HandlerLogger {
  return {
    debug: (m, ...a) => log.debug(`${prefix} ${m}`, ...a),
    info: (m, ...a) => log.info(`${prefix} ${m}`, ...a),
    warn: (m, ...a) => log.warn(`${prefix} ${m}`, ...a),
    error: (m, ...a) => log.error(`${prefix} ${m}`, ...a),
  };
}

/** A verdict reached before any handler runs. */
interface Verdict {
  result: MessageResult;
  reason: string;
  error?: unknown;
  message?: string;
}

/**
 * Claims the operation; when another delivery holds a live claim, re-checks until it ends (the row is then settled,
 * failed or released) or `claimWaitMs` has passed. Waiting here, inside the message lock, is what keeps immediate
 * Service Bus redeliveries from burning the delivery count on a claim that is about to end.
 */
async function claimWithWait(store: AuditTableStore, row: AuditRow, settings: Settings, replay: boolean, log: HandlerLogger): Promise<ClaimResult> {
  const deadline = Date.now() + settings.claimWaitMs;
  const poll = Math.min(1_000, Math.max(25, Math.floor(settings.claimWaitMs / 20)));
  let logged = false;
  for (;;) {
    const claim = await store.claim(row, { leaseSeconds: settings.claimLeaseSeconds, replay });
    const left = deadline - Date.now();
    if (claim.kind !== 'busy' || left <= 0) return claim;
    if (!logged) log.info(`Operation ${row.PartitionKey}/${row.RowKey} is claimed by another delivery until ${claim.row.ClaimedUntil}; waiting up to ${settings.claimWaitMs} ms`);
    logged = true;
    await sleep(Math.min(poll, left));
  }
}

/**
 * Processes one message. Returns the settlement to apply; never throws.
 *
 * @example
 * ```ts
 * const result = await processMessage(incoming, deps, { functionName: 'dataverseQueue', invocationId: context.invocationId, log: context });
 * if (result.settlement === 'retry') throw result.error;
 * ```
 */
export async function processMessage(message: IncomingMessage, deps: PipelineDeps, invocation: InvocationInfo, options: ProcessOptions = {}): Promise<ProcessResult> {
  const { settings, store, registry } = deps;
  const log = invocation.log;
  const replay = options.replay === true;
  let key: AuditKey | undefined;
  /** Set once this delivery holds the claim: from then on a failure releases it. */
  let held = false;
  try {
    // 1. Decode (or decide the message is poison and key it by MessageId).
    let decoded: DecodedContext | undefined;
    let early: Verdict | undefined;
    if (!message.body.ok) {
      early = { result: 'poison', reason: message.body.code, message: message.body.reason };
    } else {
      if (message.body.warning !== undefined) log.warn(message.body.warning);
      try {
        decoded = decodeContextWithFormat(message.body.bytes, message.facts.contentType);
      } catch (error) {
        early = decodeFailureVerdict(error);
      }
    }
    key = decoded === undefined ? messageKey(messageRowId(message)) : keyOf(decoded.context);
    const base: AuditRow = {
      PartitionKey: key.partitionKey,
      RowKey: key.rowKey,
      Kind: decoded === undefined ? 'message' : 'operation',
      Outcome: 'processing',
      Entity: message.facts.claims.entityLogicalName ?? undefined,
      MessageName: message.facts.claims.requestName ?? undefined,
      ...deliveryColumns(message, invocation),
      ...(decoded === undefined ? {} : contextColumns(decoded)),
    };

    // 2. Claim the operation (conditional insert), waiting a bounded time for a concurrent delivery's claim to end.
    let claim: ClaimResult;
    try {
      claim = await claimWithWait(store, base, settings, replay, log);
    } catch (error) {
      // Table Storage refuses this row (a value outside its limits that clipping missed): retrying cannot help.
      if (isAuditError(error) && error.code === 'ROW_REJECTED') return await rejectedRow(base, message, deps, error, log);
      throw error;
    }
    if (claim.kind === 'busy') {
      const last = message.facts.deliveryCount >= settings.maxDeliveryCount;
      (last ? log.error : log.warn)(
        `Operation ${key.partitionKey}/${key.rowKey} is still being processed by another delivery (claimed until ${claim.row.ClaimedUntil}) after waiting ${settings.claimWaitMs} ms; the message will come back${last ? ' — this is its last delivery, so Service Bus dead-letters it' : ''}`,
      );
      return { key, outcome: 'busy', settlement: 'retry', reason: 'CLAIM_BUSY', handlers: parseHandlers(claim.row.Handlers), error: new Error(`CLAIM_BUSY: ${key.partitionKey}/${key.rowKey} is claimed until ${claim.row.ClaimedUntil}`) };
    }
    if (claim.kind === 'settled') {
      await store.recordDuplicate(claim.row, claim.etag, base);
      // Idempotent: repairs the index rows if the delivery that settled the row failed to write them.
      await store.writeIndexes(claim.row);
      // A dead-lettered row throws again: in dead-letter mode, and always when its body could not be kept.
      const deadletterAgain = claim.row.Outcome === 'deadlettered' && (settings.poisonMode === 'deadletter' || claim.row.RawBodyOmitted !== undefined);
      log.info(`Operation ${key.partitionKey}/${key.rowKey} already ${claim.row.Outcome}; no handler runs for this ${message.facts.messageId === claim.row.MessageId ? 'redelivery' : 'duplicate'}`);
      return {
        key,
        outcome: 'duplicate',
        settlement: deadletterAgain ? 'deadletter' : 'complete',
        reason: deadletterAgain ? claim.row.Reason : 'DUPLICATE',
        handlers: parseHandlers(claim.row.Handlers),
        error: deadletterAgain ? new Error(claim.row.ErrorMessage ?? claim.row.Reason ?? 'poison') : undefined,
      };
    }
    held = true;
    let etag = claim.etag;
    const claimedRow = claim.row;
    const runs = parseHandlers(claimedRow.Handlers);
    const ownedKey = key;

    const finish = async (found: Verdict): Promise<ProcessResult> => {
      // No redelivery follows the last delivery (Service Bus dead-letters it, unaudited) or a replay: say so instead.
      const exhausted = found.result === 'transient' && (replay || message.facts.deliveryCount >= settings.maxDeliveryCount);
      const verdict: Verdict = exhausted
        ? {
            result: 'poison',
            reason: 'RETRIES_EXHAUSTED',
            error: found.error,
            message: `${replay ? 'Replay' : `Delivery ${message.facts.deliveryCount} of ${settings.maxDeliveryCount}`} failed transiently (${found.reason}): ${found.message ?? ''}`,
          }
        : found;
      const body = verdict.result === 'poison' ? rawBodyColumns(message.body.bytes) : undefined;
      const { outcome, settlement } = decideSettlement(verdict.result, settings.poisonMode, { bodyKept: body?.RawBodyOmitted === undefined });
      const at = new Date().toISOString();
      const patch: Partial<AuditRow> = {
        Outcome: outcome,
        Settlement: settlement,
        Reason: verdict.reason,
        ErrorCode: verdict.error === undefined ? '' : errorCode(verdict.error),
        ErrorMessage: clip(verdict.message ?? (verdict.error === undefined ? '' : errorText(verdict.error))),
        Handlers: handlersJson(runs),
        UpdatedAt: at,
        FinishedAt: at,
        ClaimedUntil: '',
        ...body,
      };
      // Index rows first (idempotent upserts): if they fail, the row is not final yet and the redelivery writes them.
      await store.writeIndexes({ ...base, ...claimedRow, ...patch } as AuditRow, message.facts.deliveryCount);
      etag = await store.update(ownedKey, etag, patch);
      held = false;
      const line = `${verdict.reason}: ${outcome} → ${settlement} (${ownedKey.partitionKey}/${ownedKey.rowKey}, message ${message.facts.messageId}, delivery ${message.facts.deliveryCount})`;
      if (outcome === 'succeeded' || outcome === 'skipped') log.info(line);
      else log.warn(`${line}${verdict.message === undefined ? '' : `: ${verdict.message}`}${body?.RawBodyOmitted === undefined ? '' : ` (dead-lettered: ${body.RawBodyOmitted})`}`);
      return { key: ownedKey, outcome, settlement, reason: verdict.reason, handlers: runs, error: verdict.error ?? (settlement === 'complete' ? undefined : new Error(verdict.message ?? verdict.reason)) };
    };

    if (early !== undefined || decoded === undefined) return await finish(early ?? decodeFailureVerdict(new Error('no context')));
    const context = decoded.context;

    // 3. Guards.
    const verdict = runGuards(context, message.facts, settings);
    if (!verdict.pass) return await finish({ result: verdict.result, reason: verdict.reason, message: verdict.message });

    // 4. Routes.
    const resolution = registry.resolve(context);
    if (resolution.matched.length === 0) {
      const text = `No route for ${context.messageName} of ${context.primaryEntityName}`;
      return await finish({ result: settings.unmatchedPolicy === 'poison' ? 'poison' : 'skipped', reason: 'UNMATCHED', message: text });
    }
    if (resolution.fired.length === 0) {
      return await finish({ result: 'skipped', reason: 'FILTERED', message: resolution.filtered.map((f) => `${f.route.name}: ${f.reason}`).join('; ') });
    }

    // 5. Dispatch: each handler that has not succeeded for this operation yet, in precedence order. One handler's
    // failure does not stop the others; its result is recorded at once so a redelivery re-runs only what failed.
    for (const route of resolution.fired) {
      const previous = runs[route.name];
      if (previous?.outcome === 'succeeded') {
        log.info(`Handler ${route.name} already succeeded for this operation; not run again`);
        continue;
      }
      const started = performance.now();
      const event = buildEvent({ handlerName: route.name, context, format: decoded.format, delivery: message.facts, log: handlerLogger(log, `[${route.name}]`) });
      let run: HandlerRun;
      try {
        await route.handle(event);
        run = { outcome: 'succeeded', durationMs: Math.round(performance.now() - started), attempts: (previous?.attempts ?? 0) + 1, at: new Date().toISOString() };
      } catch (error) {
        // A handler's permanentFailure, or a typed getter's type mismatch: the same message cannot do better next time.
        const permanent = (isRoutingError(error) && error.code === 'HANDLER_PERMANENT') || isAttributeTypeError(error);
        run = {
          outcome: 'failed',
          failure: permanent ? 'permanent' : 'transient',
          durationMs: Math.round(performance.now() - started),
          attempts: (previous?.attempts ?? 0) + 1,
          errorCode: clip(errorCode(error), 200),
          errorMessage: clip(errorText(error), 2_000),
          at: new Date().toISOString(),
        };
        log.warn(`Handler ${route.name} failed (${run.failure}): ${clip(errorText(error), 2_000)}`);
      }
      runs[route.name] = run;
      etag = await store.update(ownedKey, etag, { Handlers: handlersJson(runs), UpdatedAt: new Date().toISOString() });
    }

    const permanent = resolution.fired.find((r) => runs[r.name]?.failure === 'permanent');
    const transient = resolution.fired.find((r) => runs[r.name]?.failure === 'transient');
    if (permanent !== undefined) {
      const run = runs[permanent.name]!;
      return await finish({ result: 'poison', reason: 'HANDLER_PERMANENT', error: { name: 'RoutingError', code: run.errorCode }, message: `${permanent.name}: ${run.errorMessage ?? ''}` });
    }
    if (transient !== undefined) {
      const run = runs[transient.name]!;
      return await finish({ result: 'transient', reason: 'HANDLER_TRANSIENT', error: { name: 'Error', code: run.errorCode }, message: `${transient.name}: ${run.errorMessage ?? ''}` });
    }
    return await finish({ result: 'succeeded', reason: 'HANDLED' });
  } catch (error) {
    // The audit store failed (or the claim was lost): the message must stay on the queue.
    const code = isAuditError(error) ? error.code : 'UNEXPECTED';
    let released = false;
    if (held && key !== undefined) {
      // Without this the row would stay `processing` until the lease ends, and every immediate redelivery would find
      // it busy until Service Bus dead-letters the message. Best effort; a row another delivery took over is left alone.
      const at = new Date().toISOString();
      released = await store.release(key, invocation.invocationId, { Outcome: 'failed', Settlement: 'retry', Reason: code, ErrorCode: code, ErrorMessage: clip(errorText(error)), UpdatedAt: at });
    }
    log.error(
      `Audit/claim failure (${code}) for ${key === undefined ? 'an unkeyed message' : `${key.partitionKey}/${key.rowKey}`}, message ${message.facts.messageId}: ${errorText(error)}; ${held ? (released ? 'claim released; ' : 'claim not released; ') : ''}the message is not completed and will come back`,
    );
    return { key, outcome: 'unaudited', settlement: 'retry', reason: code, handlers: {}, error };
  }
}

/**
 * The claim was refused by Table Storage (ROW_REJECTED): park (or dead-letter) the message in a minimal row —
 * key, delivery facts, reason, raw body — that stays within every limit. No handler has run for this delivery.
 */
async function rejectedRow(base: AuditRow, message: IncomingMessage, deps: PipelineDeps, error: Error, log: HandlerLogger): Promise<ProcessResult> {
  const body = rawBodyColumns(message.body.bytes);
  const { outcome, settlement } = decideSettlement('poison', deps.settings.poisonMode, { bodyKept: body.RawBodyOmitted === undefined });
  const at = new Date().toISOString();
  const row: AuditRow = {
    PartitionKey: base.PartitionKey,
    RowKey: base.RowKey,
    Kind: base.Kind,
    Outcome: outcome,
    Settlement: settlement,
    Reason: 'ROW_REJECTED',
    ErrorCode: 'ROW_REJECTED',
    Entity: base.Entity,
    MessageName: base.MessageName,
    ErrorMessage: clip(error.message),
    MessageId: clip(message.facts.messageId, 200),
    DeliveryCount: message.facts.deliveryCount,
    ContentType: message.facts.contentType === null ? undefined : clip(message.facts.contentType, 200),
    FunctionName: base.FunctionName,
    InvocationId: base.InvocationId,
    UpdatedAt: at,
    FinishedAt: at,
    ClaimedUntil: '',
    ...body,
  };
  // Merge: a row that exists keeps what it knows (handler results); only the outcome and the body change.
  await deps.store.upsert(row);
  await deps.store.writeIndexes(row, message.facts.deliveryCount);
  const key = { partitionKey: row.PartitionKey, rowKey: row.RowKey };
  log.warn(`ROW_REJECTED: ${outcome} → ${settlement} (${key.partitionKey}/${key.rowKey}, message ${message.facts.messageId}): ${error.message}`);
  return { key, outcome, settlement, reason: 'ROW_REJECTED', handlers: parseHandlers(undefined), error };
}

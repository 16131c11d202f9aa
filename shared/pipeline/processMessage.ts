/**
 * One message through the pipeline: bytes + facts → decode → claim → guard → dispatch → settle → audit.
 * It never throws: every path ends in a {@link ProcessResult} whose `settlement` the Service Bus handler applies.
 */
import { performance } from 'node:perf_hooks';
import { decodeContextWithFormat, type DecodedContext } from '../context/decodeContext';
import { isDecodeError } from '../context/errors';
import type { RemoteExecutionContext } from '../context/model';
import { isAuditError } from '../audit/errors';
import { messageKey, operationKey, type AuditKey } from '../audit/keys';
import { rawBodyColumns } from '../audit/rawBody';
import { AUDIT_LIMITS, clip, type AuditOutcome, type AuditRow, type HandlerRun, type Settlement } from '../audit/schema';
import type { AuditTableStore } from '../audit/tableStore';
import { buildEvent, type HandlerLogger } from '../routing/event';
import { isRoutingError } from '../routing/errors';
import type { RouteRegistry } from '../routing/registry';
import type { Settings } from '../settings';
import type { IncomingMessage } from './delivery';
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
  /** Take over parked / dead-lettered rows (a replay from the audit table). */
  replay?: boolean;
}

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
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
    ApplicationProperties: clip(JSON.stringify(f.applicationProperties), AUDIT_LIMITS.maxJsonChars),
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
    RecordId: c.primaryEntityId,
    Stage: c.stage,
    Mode: c.mode,
    Depth: c.depth,
    UserId: c.userId,
    InitiatingUserId: c.initiatingUserId,
    OrganizationId: c.organizationId,
    OrganizationName: c.organizationName,
    CorrelationId: c.correlationId,
    OperationId: c.operationId,
    RequestId: c.requestId ?? undefined,
    OperationCreatedOn: c.operationCreatedOn,
    StepId: c.owningExtension?.id,
    StepName: c.owningExtension?.name ?? undefined,
  };
}

function keyOf(context: RemoteExecutionContext): AuditKey {
  return operationKey({ operationId: context.operationId, stepId: context.owningExtension?.id ?? null, correlationId: context.correlationId, requestId: context.requestId, stage: context.stage });
}

function parseHandlers(json: string | undefined): Record<string, HandlerRun> {
  if (json === undefined || json === '') return {};
  try {
    return JSON.parse(json) as Record<string, HandlerRun>;
  } catch {
    return {};
  }
}

function handlersJson(runs: Record<string, HandlerRun>): string {
  const json = JSON.stringify(runs);
  if (json.length <= AUDIT_LIMITS.maxJsonChars) return json;
  // Keep every handler's outcome; drop error texts first (they are what makes the column large).
  const slim = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, { ...v, errorMessage: v.errorMessage === undefined ? undefined : clip(v.errorMessage, 200) }]));
  return JSON.stringify(slim);
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
  let key: AuditKey | undefined;
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
        early = isDecodeError(error)
          ? { result: 'poison', reason: error.code, error, message: error.message }
          : { result: 'transient', reason: 'DECODER_FAILURE', error, message: errorText(error) };
      }
    }
    key = decoded === undefined ? messageKey(message.facts.messageId) : keyOf(decoded.context);
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

    // 2. Claim the operation (conditional insert). Storage failures throw AuditError → retry below.
    const claim = await store.claim(base, { leaseSeconds: settings.claimLeaseSeconds, replay: options.replay === true });
    if (claim.kind === 'busy') {
      log.warn(`Operation ${key.partitionKey}/${key.rowKey} is being processed by another delivery (claimed until ${claim.row.ClaimedUntil}); it will come back`);
      return { key, outcome: 'busy', settlement: 'retry', reason: 'CLAIM_BUSY', handlers: parseHandlers(claim.row.Handlers), error: new Error('CLAIM_BUSY') };
    }
    if (claim.kind === 'settled') {
      await store.recordDuplicate(claim.row, claim.etag, base);
      const deadletterAgain = claim.row.Outcome === 'deadlettered' && settings.poisonMode === 'deadletter';
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
    let etag = claim.etag;
    const runs = parseHandlers(claim.row.Handlers);
    const ownedKey = key;

    const finish = async (verdict: Verdict): Promise<ProcessResult> => {
      const { outcome, settlement } = decideSettlement(verdict.result, settings.poisonMode);
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
        ...(outcome === 'parked' || outcome === 'deadlettered' ? rawBodyColumns(message.body.bytes) : {}),
      };
      etag = await store.update(ownedKey, etag, patch);
      await store.writeIndexes({ ...base, ...claim.row, ...patch } as AuditRow, message.facts.deliveryCount);
      const line = `${verdict.reason}: ${outcome} → ${settlement} (${ownedKey.partitionKey}/${ownedKey.rowKey}, message ${message.facts.messageId}, delivery ${message.facts.deliveryCount})`;
      if (outcome === 'succeeded' || outcome === 'skipped') log.info(line);
      else log.warn(`${line}${verdict.message === undefined ? '' : `: ${verdict.message}`}`);
      return { key: ownedKey, outcome, settlement, reason: verdict.reason, handlers: runs, error: verdict.error ?? (settlement === 'complete' ? undefined : new Error(verdict.message ?? verdict.reason)) };
    };

    if (early !== undefined || decoded === undefined) return await finish(early ?? { result: 'transient', reason: 'DECODER_FAILURE' });
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
        const permanent = isRoutingError(error) && error.code === 'HANDLER_PERMANENT';
        run = {
          outcome: 'failed',
          failure: permanent ? 'permanent' : 'transient',
          durationMs: Math.round(performance.now() - started),
          attempts: (previous?.attempts ?? 0) + 1,
          errorCode: errorCode(error),
          errorMessage: clip(errorText(error), 2_000),
          at: new Date().toISOString(),
        };
        log.warn(`Handler ${route.name} failed (${run.failure}): ${errorText(error)}`);
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
    log.error(`Audit/claim failure (${code}) for ${key === undefined ? 'an unkeyed message' : `${key.partitionKey}/${key.rowKey}`}, message ${message.facts.messageId}: ${errorText(error)}; the message is not completed and will come back`);
    return { key, outcome: 'unaudited', settlement: 'retry', reason: code, handlers: {}, error };
  }
}

/**
 * The function handler the host calls: `(message, context) => Promise<void>`. It splits a batch, runs each message
 * through the pipeline in isolation, and applies the settlement: return (complete) or throw (abandon).
 */
import type { InvocationContext } from '@azure/functions';
import type { HandlerLogger } from '../routing/event';
import { incomingMessages } from './delivery';
import { PipelineError } from './errors';
import { processMessage, type PipelineDeps, type ProcessResult } from './processMessage';

/** The signature the host calls (and tests and the dev runner call directly). */
export type ServiceBusFunctionHandler = (message: unknown, context: InvocationContext) => Promise<void>;

/** Where the handler gets its dependencies: given, or built on first use (so importing never reads settings). */
export type DepsSource = PipelineDeps | (() => PipelineDeps);

function loggerOf(context: InvocationContext): HandlerLogger {
  return {
    debug: (m, ...a) => context.debug(m, ...a),
    info: (m, ...a) => context.info(m, ...a),
    warn: (m, ...a) => context.warn(m, ...a),
    error: (m, ...a) => context.error(m, ...a),
  };
}

/** How many messages of one batch are processed at the same time. */
export const BATCH_PARALLELISM = 8;

/** Runs `work` over `items` with at most `limit` in flight, keeping the results in order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Creates the handler of a Service Bus trigger. With `cardinality: 'many'` each message is processed on its own
 * (one's failure does not stop the others), {@link BATCH_PARALLELISM} at a time so the batch ends well within its
 * locks; if any must come back, the handler throws and the host abandons the whole batch — the messages already
 * settled in the audit table are then duplicates and run nothing again. `'one'` is recommended (docs/settings.md).
 *
 * @example
 * ```ts
 * export const dataverseQueueHandler = createServiceBusHandler(() => createListener(loadSettings(), handlerGroups));
 * ```
 */
export function createServiceBusHandler(source: DepsSource): ServiceBusFunctionHandler {
  let deps: PipelineDeps | undefined = typeof source === 'function' ? undefined : source;
  return async (message: unknown, context: InvocationContext): Promise<void> => {
    deps ??= (source as () => PipelineDeps)();
    const log = loggerOf(context);
    const messages = incomingMessages(message, context.triggerMetadata);
    const ready = deps;
    const results: ProcessResult[] = await mapBounded(messages, BATCH_PARALLELISM, (incoming) =>
      processMessage(incoming, ready, { functionName: context.functionName, invocationId: context.invocationId, log }),
    );
    const retry = results.filter((r) => r.settlement === 'retry');
    const deadletter = results.filter((r) => r.settlement === 'deadletter');
    if (retry.length > 0) {
      const first = retry[0]!;
      throw new PipelineError('RETRY', `${retry.length} of ${results.length} message(s) failed transiently (${first.reason ?? 'unknown'}); not completed, Service Bus will redeliver`, { cause: first.error });
    }
    if (deadletter.length > 0) {
      const first = deadletter[0]!;
      throw new PipelineError(
        'DEAD_LETTER',
        `${deadletter.length} of ${results.length} message(s) are poison (${first.reason ?? 'unknown'}) in dead-letter mode; abandoned so Service Bus dead-letters after MaxDeliveryCount`,
        { cause: first.error },
      );
    }
  };
}

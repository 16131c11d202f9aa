/**
 * The single settlement decision: how a message's result becomes an audit outcome and a Service Bus settlement.
 *
 * | result     | audit outcome                   | Service Bus                                             |
 * |------------|---------------------------------|---------------------------------------------------------|
 * | succeeded  | succeeded                       | complete (the function returns)                         |
 * | skipped    | skipped                         | complete                                                |
 * | duplicate  | (unchanged; Duplicates + 1)     | complete — or dead-letter again if the row is dead-lettered |
 * | transient  | failed                          | retry (throw → abandon → redelivery)                    |
 * | poison     | parked / deadlettered           | complete (park mode) / dead-letter (throw every delivery) |
 * | poison, body too large to keep | deadlettered    | dead-letter in either mode: completing would lose the body |
 *
 * A transient failure on the last delivery (`DATAVERSE_MAX_DELIVERY_COUNT`) or in a replay becomes poison with reason
 * `RETRIES_EXHAUSTED` before this decision (processMessage), so the audit row says how the message left the queue.
 */
import type { AuditOutcome, Settlement } from '../audit/schema';
import type { PoisonMode } from '../settings';

/** What processing concluded, before the settlement policy. */
export type MessageResult = 'succeeded' | 'skipped' | 'transient' | 'poison';

/**
 * The audit outcome and the settlement of a result.
 *
 * @example
 * ```ts
 * decideSettlement('poison', 'park'); // { outcome: 'parked', settlement: 'complete' }
 * decideSettlement('poison', 'park', { bodyKept: false }); // { outcome: 'deadlettered', settlement: 'deadletter' }
 * ```
 */
export function decideSettlement(result: MessageResult, poisonMode: PoisonMode, options: { bodyKept?: boolean } = {}): { outcome: AuditOutcome; settlement: Settlement } {
  switch (result) {
    case 'succeeded':
      return { outcome: 'succeeded', settlement: 'complete' };
    case 'skipped':
      return { outcome: 'skipped', settlement: 'complete' };
    case 'transient':
      return { outcome: 'failed', settlement: 'retry' };
    case 'poison':
      // Parking completes the message: only when the row keeps its body; otherwise Service Bus keeps it (DLQ).
      return poisonMode === 'park' && options.bodyKept !== false ? { outcome: 'parked', settlement: 'complete' } : { outcome: 'deadlettered', settlement: 'deadletter' };
  }
}

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
 * ```
 */
export function decideSettlement(result: MessageResult, poisonMode: PoisonMode): { outcome: AuditOutcome; settlement: Settlement } {
  switch (result) {
    case 'succeeded':
      return { outcome: 'succeeded', settlement: 'complete' };
    case 'skipped':
      return { outcome: 'skipped', settlement: 'complete' };
    case 'transient':
      return { outcome: 'failed', settlement: 'retry' };
    case 'poison':
      return poisonMode === 'park' ? { outcome: 'parked', settlement: 'complete' } : { outcome: 'deadlettered', settlement: 'deadletter' };
  }
}

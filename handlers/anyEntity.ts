/**
 * Handlers for every entity (`'*'`): they run after the entity-specific ones (see the precedence in docs/handlers.md).
 */
import { defineHandlers } from '../shared/routing/registry';

export const anyEntityHandlers = defineHandlers('*', [
  {
    // Every Delete, whatever the table: Target is an EntityReference here.
    name: 'any.logDeleted',
    message: 'Delete',
    handle: (event) => {
      const ref = event.target;
      event.log.info(`Deleted ${ref?.logicalName ?? event.entityName} ${ref?.id ?? event.recordId} (depth ${event.depth}, message ${event.delivery.messageId})`);
    },
  },
]);

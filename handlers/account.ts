/**
 * Handlers for `account`: one file per entity, listed in `handlers/index.ts`.
 */
import { defineHandlers } from '../shared/routing/registry';
import { permanentFailure } from '../shared/routing/errors';

export const accountHandlers = defineHandlers('account', [
  {
    // Fires for every account Create posted at PostOperation (stage 40).
    name: 'account.logCreated',
    message: 'Create',
    when: { stage: 'PostOperation' },
    handle: (event) => {
      const target = event.target;
      if (target?.kind !== 'Entity') throw permanentFailure('Create without an Entity Target');
      event.log.info(`Account ${event.recordId} created: ${String(target.attributes['name'] ?? '(no name)')} by ${event.delivery.claims.user ?? 'unknown user'}`);
    },
  },
  {
    // Fires only when `name` or `accountnumber` is in the Update's Target, and only for user-started operations.
    name: 'account.logRenamed',
    message: 'Update',
    when: { changedAttributes: ['name', 'accountnumber'], depth: { max: 1 } },
    handle: (event) => {
      for (const attribute of ['name', 'accountnumber']) {
        const change = event.changedAttributes[attribute];
        if (change !== undefined) event.log.info(`${attribute}: ${JSON.stringify(change.before ?? null)} → ${JSON.stringify(change.after)}`);
      }
    },
  },
  {
    // A truncated Update has no Target: a real handler would re-read the row through the Web API.
    name: 'account.onTruncatedUpdate',
    message: 'Update',
    handle: (event) => {
      if (event.delivery.truncated) event.log.warn(`Update of account ${event.recordId} arrived truncated (MessageMaxSizeExceeded); re-read the row`);
    },
  },
]);

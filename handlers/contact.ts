/**
 * Handlers for `contact`.
 */
import { defineHandlers } from '../shared/routing/registry';

export const contactHandlers = defineHandlers('contact', [
  {
    // An asynchronous PostOperation step that cares about e-mail changes, with the pre image's old value.
    name: 'contact.emailChanged',
    message: 'Update',
    when: { changedAttributes: ['emailaddress1'], stage: 'PostOperation' },
    handle: (event) => {
      const change = event.changedAttributes['emailaddress1'];
      event.log.info(`Contact ${event.recordId} e-mail ${JSON.stringify(change?.before ?? null)} → ${JSON.stringify(change?.after ?? null)} (image: ${event.preImage === null ? 'none' : 'PreImage'})`);
    },
  },
]);

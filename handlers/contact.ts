/**
 * Handlers for `contact`.
 */
import { defineHandlers } from '../shared/routing/registry';

const WATCHED = ['jobtitle', 'telephone1', 'emailaddress1'];

export const contactHandlers = defineHandlers('contact', [
  {
    // A PostOperation Update step with filtering attributes: fires only when the job title, phone or e-mail is in
    // Target, and shows each change with the PreImage's old value (register the step with a PreImage to get it).
    name: 'contact.contactDetailsChanged',
    message: 'Update',
    when: { changedAttributes: WATCHED, stage: 'PostOperation' },
    handle: (event) => {
      for (const attribute of WATCHED) {
        const change = event.changedAttributes[attribute];
        if (change === undefined) continue;
        const after = JSON.stringify(change.after);
        // Dataverse puts in Target every attribute the caller set, also to the value it already had; and it leaves
        // null columns out of images, so an attribute missing from the PreImage was null (or not in its columns).
        const before = change.before === undefined ? 'null (not in PreImage)' : JSON.stringify(change.before);
        const what = change.before !== undefined && before === after ? `set again to ${after}` : `${before} → ${after}`;
        event.log.info(`Contact ${event.recordId} ${attribute}: ${what} (PreImage: ${event.preImage === null ? 'none' : 'yes'})`);
      }
    },
  },
]);
